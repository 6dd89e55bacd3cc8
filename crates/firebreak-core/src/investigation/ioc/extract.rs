//! Pulls indicators out of pasted text (an alert, a vendor report, an email), refanged,
//! normalised and deduplicated, in the order they first appear.

use std::collections::HashSet;

use super::parse::{guess, parse_as, refang, IocType, Parsed};

/// Characters that end a word: whitespace, quotes, and brackets that never belong to an
/// indicator. Square brackets and commas are split later, because a URL may hold them
/// (`http://[2001:db8::1]:80/`, a defanged `http://example,com/`).
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '(' | ')' | '{' | '}' | ';' | '|' | '`'
        )
}

/// Splits a word that is not a URL into its pieces.
fn is_inner_separator(c: char) -> bool {
    matches!(c, '[' | ']' | ',')
}

/// Sentence punctuation that clings to the end of a token ("see evil.com.").
const TRAILING: &[char] = &['.', ',', ';', '!', '?'];

/// Every indicator in `text`. URLs and email addresses are kept whole (their host is not
/// listed again); user agents are never extracted because any sentence could be one.
pub fn extract(text: &str) -> Vec<Parsed> {
    let text = refang(text);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut keep = |p: Parsed| {
        if seen.insert((p.ioc_type, p.value.clone())) {
            out.push(p);
        }
    };
    for word in text.split(is_separator) {
        if let Some((before, url)) = url_in(word) {
            pieces(before).for_each(&mut keep);
            keep(url);
        } else {
            pieces(word).for_each(&mut keep);
        }
    }
    out
}

/// The indicators in a word without a URL, split at brackets and commas.
fn pieces(word: &str) -> impl Iterator<Item = Parsed> + '_ {
    word.split(is_inner_separator).filter_map(token)
}

fn token(token: &str) -> Option<Parsed> {
    let token = token.trim_start_matches(':');
    if token.len() < 3 {
        return None;
    }
    // Without sentence punctuation first ("invoice.pdf." is the file, not a domain);
    // an IPv6 address may itself end in "::", so a colon is only dropped if needed.
    let bare = token.trim_end_matches(TRAILING);
    let candidates = [bare.trim_end_matches(':'), bare, token];
    let p = candidates
        .iter()
        .find_map(|c| guess(c))
        .or_else(|| host_of(bare))?;
    let fragment = match p.ioc_type {
        IocType::FileName => !plausible_file(&p.value),
        IocType::Url => !multi_label_host(&p.value),
        _ => false,
    };
    (!fragment).then_some(p)
}

/// A host written with a port or path but no scheme (`192.168.0.1:80/path`,
/// `example.com/`) is not a URL, but its host is still an indicator.
fn host_of(token: &str) -> Option<Parsed> {
    let host = token.split('/').next().unwrap_or(token);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.parse::<u16>().is_ok() => h,
        _ => host,
    };
    if host.len() == token.len() {
        return None;
    }
    [IocType::Ipv4, IocType::Domain]
        .iter()
        .find_map(|&t| parse_as(t, host).ok())
}

/// The URL in a word, if it has one, and the text before its scheme. The URL runs to the
/// end of the word, less trailing punctuation and a closing bracket it does not open.
fn url_in(word: &str) -> Option<(&str, Parsed)> {
    let sep = word.find("://")?;
    if word[sep + 3..].contains("://") {
        return None;
    }
    // Past the whole character, which may be more than one byte.
    let start = word[..sep]
        .char_indices()
        .rfind(|(_, c)| !c.is_ascii_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut url = word[start..].trim_end_matches(TRAILING);
    if url.ends_with([']', ')']) && !url.contains('[') {
        url = url.trim_end_matches([']', ')']).trim_end_matches(TRAILING);
    }
    let parsed = parse_as(IocType::Url, url)
        .ok()
        .or_else(|| comma_dotted(url))?;
    multi_label_host(&parsed.value).then_some((&word[..start], parsed))
}

/// `http://example,com/` is a defanged `http://example.com/`: a comma stands for a dot in
/// an authority that has no dot at all (an authority with dots and commas is a list).
fn comma_dotted(url: &str) -> Option<Parsed> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if !authority.contains(',') || authority.contains('.') {
        return None;
    }
    let fixed = format!("{scheme}://{}{}", authority.replace(',', "."), &rest[end..]);
    parse_as(IocType::Url, &fixed).ok()
}

/// In running text a single-label host (`http://example` from `http://example[.com`,
/// `http://192` from `http://192,168,0,1`) is a fragment, not an indicator; an intranet
/// URL can still be added on its own.
fn multi_label_host(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.starts_with('[') || host.contains('.')
}

/// Prose is full of "e.g." and "i.e."; a file name worth extracting has a stem of more
/// than one character or digits in it.
fn plausible_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, _)| stem.chars().count() > 1)
}
