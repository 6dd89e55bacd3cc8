//! Pulls indicators out of pasted text (an alert, a vendor report, an email), refanged,
//! normalised and deduplicated, in the order they first appear.

use std::collections::HashSet;

use super::parse::{guess, refang, IocType, Parsed};

/// Characters that end a token: whitespace, quotes, brackets, and list punctuation.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '|' | '`'
        )
}

/// Sentence punctuation that clings to the end of a token ("see evil.com.").
const TRAILING: &[char] = &['.', ',', ';', '!', '?'];

/// Every indicator in `text`. URLs and email addresses are kept whole (their host is not
/// listed again); user agents are never extracted because any sentence could be one.
pub fn extract(text: &str) -> Vec<Parsed> {
    let text = refang(text);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for token in text.split(is_separator) {
        let token = token.trim_start_matches(':');
        if token.len() < 3 {
            continue;
        }
        // Without sentence punctuation first ("invoice.pdf." is the file, not a domain);
        // an IPv6 address may itself end in "::", so a colon is only dropped if needed.
        let bare = token.trim_end_matches(TRAILING);
        let candidates = [bare.trim_end_matches(':'), bare, token];
        if let Some(p) = candidates.iter().find_map(|c| guess(c)) {
            if p.ioc_type == IocType::FileName && !plausible_file(&p.value) {
                continue;
            }
            if seen.insert((p.ioc_type, p.value.clone())) {
                out.push(p);
            }
        }
    }
    out
}

/// Prose is full of "e.g." and "i.e."; a file name worth extracting has a stem of more
/// than one character or digits in it.
fn plausible_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, _)| stem.chars().count() > 1)
}
