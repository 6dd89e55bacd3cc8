//! STIX 2.1 patterns read for the values they compare (STIX 2.1 §9). Firebreak stores single
//! values, so a pattern is taken apart into its comparisons; whatever cannot be a value of
//! one of its types (another operator, an object path it has no type for, a qualifier) is
//! reported by the caller, never guessed.

use super::IocType;

/// One `path op value` comparison, as written and as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Lower case, quotes removed: `file:hashes.sha-256`.
    pub path: String,
    /// `=`, `!=`, `MATCHES`, `IN`, … (`NOT` in front when negated).
    pub op: String,
    /// String literals compared with; several for `IN (…)`.
    pub values: Vec<String>,
    /// The comparison as written, for reports.
    pub text: String,
}

/// The comparisons of a pattern and the parts that are not comparisons (qualifiers,
/// `FOLLOWEDBY`), which a single stored value cannot express.
#[derive(Debug, Default, PartialEq)]
pub struct Scanned {
    pub comparisons: Vec<Comparison>,
    pub other_parts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Punct(char),
    Op(String),
    Str(String),
    /// A typed literal (`t'…'`, `b'…'`, `h'…'`), a number or a boolean.
    Literal(String),
    Path(String),
    Word(String),
}

/// Reads a pattern; `Err` says why it is not one.
pub fn scan(pattern: &str) -> Result<Scanned, String> {
    let toks = tokens(pattern)?;
    let mut out = Scanned::default();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Path(path) => {
                let (cmp, next) = comparison(pattern, &toks, i, path)?;
                out.comparisons.push(cmp);
                i = next;
            }
            Tok::Word(w) if is_qualifier(w) => {
                let start = toks[i].1;
                let mut j = i + 1;
                while j < toks.len() && !matches!(&toks[j].0, Tok::Punct('[' | ']' | '(' | ')')) {
                    if matches!(&toks[j].0, Tok::Word(w) if is_connective(w) || is_qualifier(w)) {
                        break;
                    }
                    j += 1;
                }
                let end = toks.get(j).map_or(pattern.len(), |t| t.1);
                out.other_parts.push(pattern[start..end].trim().to_owned());
                i = j;
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("FOLLOWEDBY") => {
                out.other_parts.push("FOLLOWEDBY (events in order)".into());
                i += 1;
            }
            Tok::Word(w) if is_connective(w) => i += 1,
            Tok::Punct('[' | ']' | '(' | ')') => i += 1,
            other => return Err(format!("unexpected {other:?} in the pattern")),
        }
    }
    if out.comparisons.is_empty() {
        return Err("the pattern compares nothing".into());
    }
    Ok(out)
}

fn is_connective(w: &str) -> bool {
    w.eq_ignore_ascii_case("AND") || w.eq_ignore_ascii_case("OR")
}

fn is_qualifier(w: &str) -> bool {
    ["WITHIN", "REPEATS", "START"]
        .iter()
        .any(|q| w.eq_ignore_ascii_case(q))
}

type Spanned = (Tok, usize);

fn comparison(
    pattern: &str,
    toks: &[Spanned],
    at: usize,
    path: &str,
) -> Result<(Comparison, usize), String> {
    let start = toks[at].1;
    let mut i = at + 1;
    let mut op = String::new();
    if matches!(toks.get(i), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("NOT")) {
        op.push_str("NOT ");
        i += 1;
    }
    match toks.get(i) {
        Some((Tok::Op(o), _)) => op.push_str(o),
        Some((Tok::Word(w), _)) => op.push_str(&w.to_ascii_uppercase()),
        _ => return Err(format!("no operator after {path}")),
    }
    i += 1;
    let mut values = Vec::new();
    match toks.get(i) {
        Some((Tok::Str(s), _)) => {
            values.push(s.clone());
            i += 1;
        }
        Some((Tok::Literal(_), _)) => i += 1,
        Some((Tok::Punct('('), _)) => {
            i += 1;
            while let Some((t, _)) = toks.get(i) {
                i += 1;
                match t {
                    Tok::Str(s) => values.push(s.clone()),
                    Tok::Punct(',') | Tok::Literal(_) => {}
                    Tok::Punct(')') => break,
                    other => return Err(format!("unexpected {other:?} in a set")),
                }
            }
        }
        _ => return Err(format!("no value after {path} {op}")),
    }
    let end = toks.get(i).map_or(pattern.len(), |t| t.1);
    let text = pattern[start..end]
        .trim()
        .trim_end_matches([']', ')'])
        .trim()
        .to_owned();
    let cmp = Comparison {
        path: path.to_owned(),
        op,
        values,
        text,
    };
    Ok((cmp, i))
}

fn tokens(p: &str) -> Result<Vec<Spanned>, String> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            b'[' | b']' | b'(' | b')' | b',' => {
                i += 1;
                Tok::Punct(char::from(c))
            }
            b'\'' => {
                let (s, next) = string(p, i)?;
                i = next;
                Tok::Str(s)
            }
            b'=' | b'!' | b'<' | b'>' => {
                let two = b.get(i + 1) == Some(&b'=');
                let len = if two { 2 } else { 1 };
                let op = &p[i..i + len];
                if op == "!" {
                    return Err("a lone '!' is not an operator".into());
                }
                i += len;
                Tok::Op(op.to_owned())
            }
            b't' | b'b' | b'h' if b.get(i + 1) == Some(&b'\'') => {
                let (_, next) = string(p, i + 1)?;
                i = next;
                Tok::Literal(p[start..i].to_owned())
            }
            _ => {
                let (word, next) = word(p, i);
                if next == i {
                    // The whole character, which may be more than one byte.
                    let c = p[i..].chars().next().unwrap_or_default();
                    return Err(format!("unexpected character {c:?}"));
                }
                i = next;
                if word.contains(':') {
                    Tok::Path(word.replace('\'', "").to_ascii_lowercase())
                } else if word
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-')
                    || word == "true"
                    || word == "false"
                {
                    Tok::Literal(word)
                } else {
                    Tok::Word(word)
                }
            }
        };
        out.push((tok, start));
    }
    Ok(out)
}

/// A single-quoted literal starting at `at`; `\'` and `\\` are escapes.
fn string(p: &str, at: usize) -> Result<(String, usize), String> {
    let mut s = String::new();
    let mut chars = p[at + 1..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e)) => s.push(e),
                None => break,
            },
            '\'' => return Ok((s, at + 1 + k + 1)),
            c => s.push(c),
        }
    }
    Err("an unterminated string".into())
}

/// A keyword or an object path: `file:hashes.'SHA-256'`, `email-message:body_multipart[*].name`.
fn word(p: &str, at: usize) -> (String, usize) {
    let b = p.as_bytes();
    let mut i = at;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':' | b'.' | b'+') {
            i += 1;
        } else if c == b'\'' && i > at && b[i - 1] == b'.' {
            match p[i + 1..].find('\'') {
                Some(k) => i += k + 2,
                None => break,
            }
        } else if c == b'[' && i > at {
            match p[i..].find(']') {
                Some(k)
                    if p[i + 1..i + k]
                        .bytes()
                        .all(|d| d == b'*' || d.is_ascii_digit()) =>
                {
                    i += k + 1;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    (p[at..i].to_owned(), i)
}

/// The Firebreak type an object path compares, for a value (an address with a prefix is a
/// network). `None`: Firebreak has no type for it.
pub fn ioc_type(path: &str, value: &str) -> Option<IocType> {
    use IocType::*;
    let network = value.contains('/');
    Some(match path {
        "ipv4-addr:value" if network => Cidr,
        "ipv4-addr:value" => Ipv4,
        "ipv6-addr:value" if network => Cidr,
        "ipv6-addr:value" => Ipv6,
        "domain-name:value" => Domain,
        "url:value" => Url,
        "email-addr:value" | "email-message:from_ref.value" | "email-message:sender_ref.value" => {
            Email
        }
        "file:name" => FileName,
        "file:hashes.md5" => Md5,
        "file:hashes.sha-1" | "file:hashes.sha1" => Sha1,
        "file:hashes.sha-256" | "file:hashes.sha256" => Sha256,
        "file:hashes.sha-512" | "file:hashes.sha512" => Sha512,
        "windows-registry-key:key" => RegistryKey,
        "network-traffic:extensions.http-request-ext.request_header.user-agent" => UserAgent,
        _ => return None,
    })
}
