//! Reading vCards as address books write them: 2.1 (Outlook, Android: quoted-printable with
//! soft line breaks, bare type parameters, charsets), 3.0 (iPhone, macOS, Gmail, Lotus
//! Notes: `item1.` groups, `type=pref`) and 4.0 (ours). Lines may end in CRLF, LF or CR.
//!
//! Structure is strict: a card needs BEGIN, VERSION (2.1, 3.0 or 4.0) and END; a line must be
//! `[group.]NAME[;params]:value`. Content is lenient where address books differ: unknown
//! properties and parameters are ignored, FN may be missing when N is there, and an e-mail
//! or phone that is not one (Outlook's sample has `TEL:BusinessPhone`) is not used while
//! another is. Control characters are refused with their line wherever they appear in a
//! value that is kept.

use super::address;
use super::directory::{ContactChannel, StakeholderCategory, StakeholderInput};
use crate::{Error, Result};

fn bad(file: &str, line: u64, message: impl Into<String>) -> Error {
    Error::ImportRow {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// Physical lines with their numbers; CRLF, LF and a lone CR all end a line.
fn physical(text: &str) -> Vec<(u64, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' || bytes[i] == b'\n' {
            out.push((out.len() as u64 + 1, &text[start..i]));
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push((out.len() as u64 + 1, &text[start..]));
    }
    out
}

/// Where the value starts: the first `:` outside a quoted parameter value.
fn colon(l: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in l.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

fn is_qp(l: &str) -> bool {
    colon(l).is_some_and(|c| l[..c].to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

/// Logical lines: folded lines (starting with a space or tab) joined to the one before, and
/// quoted-printable soft line breaks (`=` at the end) joined to the next line.
fn logical(file: &str, text: &str) -> Result<Vec<(u64, String)>> {
    let mut out: Vec<(u64, String)> = Vec::new();
    let mut soft = false;
    for (n, raw) in physical(text) {
        if soft {
            if let Some((_, last)) = out.last_mut() {
                last.pop();
                last.push_str(raw);
                soft = is_qp(last) && last.ends_with('=');
                continue;
            }
        }
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            (Some(_), None) => {
                return Err(bad(
                    file,
                    n,
                    "a continuation line (starting with a space) before any property",
                ))
            }
            (None, _) if raw.trim().is_empty() => continue,
            (None, _) => out.push((n, raw.to_owned())),
        }
        soft = out
            .last()
            .is_some_and(|(_, l)| is_qp(l) && l.ends_with('='));
    }
    Ok(out)
}

/// One content line, its parameters read as address books write them.
struct Prop {
    name: String,
    group: bool,
    qp: bool,
    charset: Option<String>,
    /// `TYPE` values and bare 2.1 parameters, lower case (`work`, `cell`, `pref`, …).
    types: Vec<String>,
    value: String,
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn prop(file: &str, line: u64, l: &str) -> Result<Prop> {
    let Some(at) = colon(l) else {
        return Err(bad(
            file,
            line,
            format!("{l:?} is not a vCard property (NAME:value)"),
        ));
    };
    let (head, value) = (&l[..at], &l[at + 1..]);
    let mut parts = head.split(';');
    let full = parts.next().unwrap_or_default();
    let (group, name) = match full.rsplit_once('.') {
        Some((g, n)) => (Some(g), n),
        None => (None, full),
    };
    if !is_name(name) || group.is_some_and(|g| !is_name(g)) {
        return Err(bad(
            file,
            line,
            format!("{full:?} is not a vCard property name"),
        ));
    }
    let mut p = Prop {
        name: name.to_ascii_uppercase(),
        group: group.is_some(),
        qp: false,
        charset: None,
        types: Vec::new(),
        value: value.to_owned(),
    };
    for param in parts {
        let (key, val) = match param.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"')),
            None => ("TYPE".to_owned(), param.trim()),
        };
        match key.as_str() {
            "ENCODING" => p.qp = val.eq_ignore_ascii_case("quoted-printable"),
            "CHARSET" => p.charset = Some(val.to_ascii_lowercase()),
            "TYPE" => p
                .types
                .extend(val.split(',').map(|t| t.trim().to_ascii_lowercase())),
            "PREF" => p.types.push("pref".into()),
            _ => {}
        }
    }
    if p.types.iter().any(|t| t == "quoted-printable") {
        p.qp = true;
    }
    Ok(p)
}

/// Decodes a quoted-printable value in its charset (UTF-8 unless said otherwise).
fn decode_qp(file: &str, line: u64, v: &str, charset: Option<&str>) -> Result<String> {
    let mut bytes = Vec::with_capacity(v.len());
    let mut it = v.bytes();
    while let Some(b) = it.next() {
        if b != b'=' {
            bytes.push(b);
            continue;
        }
        let hex = [it.next(), it.next()];
        let digit = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
        match (digit(hex[0]), digit(hex[1])) {
            (Some(h), Some(l)) => bytes.push((h * 16 + l) as u8),
            _ => {
                return Err(bad(
                    file,
                    line,
                    "broken quoted-printable value (\"=\" not followed by two hex digits)",
                ))
            }
        }
    }
    match charset.unwrap_or("utf-8") {
        // Android cuts long values mid-character (its sample ORG ends in a lone `=80`):
        // a broken byte shows as U+FFFD rather than sinking the whole address book.
        "utf-8" | "utf8" | "us-ascii" => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        // Latin-1 maps byte for byte onto the first 256 code points; Windows-1252 differs
        // only in 0x80–0x9F, which names do not use.
        "iso-8859-1" | "latin1" | "windows-1252" | "cp1252" => {
            Ok(bytes.into_iter().map(char::from).collect())
        }
        other => Err(bad(
            file,
            line,
            format!("charset {other:?} is not supported; save the address book as UTF-8"),
        )),
    }
}

/// Splits a structured value on unescaped `;` and unescapes each part.
fn components(v: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.last_mut().map_or((), |s| s.push('\n')),
                Some(o) => out.last_mut().map_or((), |s| s.push(o)),
                None => {}
            },
            ';' => out.push(String::new()),
            c => out.last_mut().map_or((), |s| s.push(c)),
        }
    }
    out
}

/// An unescaped text value (`\n` a line break, `\,` a comma, …).
fn text(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(o) => out.push(o),
            None => {}
        }
    }
    out
}

/// A way to reach the person, with where it was in the file.
struct Candidate {
    channel: ContactChannel,
    value: String,
    pref: bool,
    line: u64,
}

impl Candidate {
    fn usable(&self) -> Result<()> {
        match self.channel {
            ContactChannel::Email => address::mailbox("EMAIL", &self.value).map(|_| ()),
            ContactChannel::Phone | ContactChannel::Sms => address::phone("TEL", &self.value),
            _ if self.value.contains(char::is_whitespace) => Err(Error::validation(
                "URL",
                format!("{:?} is not a web address", self.value),
            )),
            _ => Ok(()),
        }
    }

    fn rank(&self) -> (u8, bool) {
        let kind = match self.channel {
            ContactChannel::Email => 0,
            ContactChannel::Phone | ContactChannel::Sms => 1,
            _ => 2,
        };
        (kind, !self.pref)
    }
}

#[derive(Default)]
struct Card {
    start: u64,
    version: Option<String>,
    input: StakeholderInput,
    fn_seen: bool,
    n_name: Option<String>,
    titled: bool,
    candidates: Vec<Candidate>,
    primary: Option<ContactChannel>,
    oob: Option<ContactChannel>,
}

impl Card {
    fn read(&mut self, file: &str, line: u64, p: &Prop) -> Result<()> {
        let kept = matches!(
            p.name.as_str(),
            "FN" | "N" | "ORG" | "TITLE" | "ROLE" | "NOTE" | "EMAIL" | "TEL" | "URL"
        ) || p.name.starts_with("X-FIREBREAK-")
            || p.name == "CATEGORIES";
        if !kept {
            return Ok(());
        }
        let raw = if p.qp {
            decode_qp(file, line, &p.value, p.charset.as_deref())?
        } else {
            p.value.clone()
        };
        let v = text(&raw);
        let v = v.trim();
        let at = |e: Error| bad(file, line, e.to_string());
        match p.name.as_str() {
            "FN" => {
                address::name("FN", v).map_err(at)?;
                self.input.name = v.to_owned();
                self.fn_seen = true;
            }
            "N" => {
                // Family; given; additional; prefixes; suffixes. "Given Additional Family".
                let c = components(&raw);
                let part = |i: usize| c.get(i).map_or("", |s| s.trim());
                let name = [part(1), part(2), part(0)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                address::name("N", &name).map_err(at)?;
                self.n_name = Some(name).filter(|n| !n.is_empty());
            }
            "ORG" => {
                let org = components(&raw).into_iter().next().unwrap_or_default();
                address::one_line("ORG", "organisation", org.trim()).map_err(at)?;
                self.input.organisation = org.trim().to_owned();
            }
            "TITLE" | "ROLE" => {
                address::one_line(&p.name, "role", v).map_err(at)?;
                // A job title says more than a role ("Money Counter", not "Counting Money").
                if p.name == "TITLE" || !self.titled {
                    self.input.role = v.to_owned();
                }
                self.titled |= p.name == "TITLE";
            }
            "NOTE" => {
                address::multi_line("NOTE", "note", v).map_err(at)?;
                if !self.input.notes.is_empty() {
                    self.input.notes.push_str("\n\n");
                }
                self.input.notes.push_str(v);
            }
            "EMAIL" | "TEL" | "URL" => self.channel(p, v).map_err(at)?,
            "CATEGORIES" if self.input.category.is_none() => {
                self.input.category = v.split(',').find_map(|c| c.trim().parse().ok());
            }
            "X-FIREBREAK-CATEGORY" => {
                self.input.category = Some(v.parse::<StakeholderCategory>().map_err(at)?)
            }
            "X-FIREBREAK-PRIMARY" => self.primary = Some(v.parse().map_err(at)?),
            "X-FIREBREAK-OOB" => self.oob = Some(v.parse().map_err(at)?),
            _ => {}
        }
        Ok(())
    }

    fn channel(&mut self, p: &Prop, v: &str) -> Result<()> {
        address::one_line(&p.name, "value", v)?;
        let has = |t: &str| p.types.iter().any(|x| x == t);
        let channel = match p.name.as_str() {
            "EMAIL" => ContactChannel::Email,
            // A fax or a pager cannot take a call about an incident.
            "TEL" if has("fax") || has("pager") => return Ok(()),
            "TEL" if has("text") || has("cell") => ContactChannel::Sms,
            "TEL" => ContactChannel::Phone,
            _ => ContactChannel::Portal,
        };
        let value = match channel {
            ContactChannel::Phone | ContactChannel::Sms => v.trim_start_matches("tel:"),
            ContactChannel::Email => v.trim_start_matches("mailto:"),
            _ => v,
        };
        if !value.is_empty() {
            self.candidates.push(Candidate {
                channel,
                value: value.to_owned(),
                pref: has("pref") || has("1"),
                line: 0,
            });
        }
        Ok(())
    }

    /// The finished card: its name and the two ways to reach the person.
    fn finish(mut self, file: &str) -> Result<(u64, StakeholderInput)> {
        if self.version.is_none() {
            return Err(bad(file, self.start, "card has no VERSION line"));
        }
        let mut usable = Vec::new();
        let mut first_problem = None;
        for c in self.candidates.drain(..) {
            match c.usable() {
                Ok(()) => usable.push(c),
                Err(e) => {
                    first_problem.get_or_insert((c.line, e));
                }
            }
        }
        if usable.is_empty() {
            if let Some((line, e)) = first_problem {
                return Err(bad(file, line, e.to_string()));
            }
        }
        usable.sort_by_key(Candidate::rank);
        // Phone, SMS and Signal are all numbers in a TEL line.
        let phone = |c: ContactChannel| {
            matches!(
                c,
                ContactChannel::Phone | ContactChannel::Sms | ContactChannel::Signal
            )
        };
        let same = |a: ContactChannel, b: ContactChannel| a == b || (phone(a) && phone(b));
        let pick = |want: Option<ContactChannel>, not: Option<&str>| {
            usable
                .iter()
                .find(|c| {
                    want.is_none_or(|w| same(c.channel, w))
                        && not.is_none_or(|n| n != c.value.as_str())
                })
                .map(|c| (c.channel, c.value.clone()))
        };
        let primary = match self.primary {
            Some(c) => Some((c, pick(Some(c), None).map(|x| x.1).unwrap_or_default())),
            None => pick(None, None),
        };
        if let Some((channel, value)) = &primary {
            self.input.primary_channel = Some(*channel);
            self.input.primary_address = value.clone();
        }
        let primary_value = primary.as_ref().map(|p| p.1.as_str());
        let oob = match self.oob {
            Some(c) => Some((
                c,
                pick(Some(c), primary_value)
                    .map(|x| x.1)
                    .unwrap_or_default(),
            )),
            None => usable
                .iter()
                .find(|c| {
                    primary
                        .as_ref()
                        .is_none_or(|p| p.0 != c.channel && p.1 != c.value)
                })
                .map(|c| (c.channel, c.value.clone())),
        };
        if let Some((channel, value)) = oob {
            self.input.oob_channel = Some(channel);
            self.input.oob_address = value;
        }
        if !self.fn_seen {
            // vCard 2.1 does not require FN, and Android writes cards with only an e-mail.
            let from_address = || {
                let a = &self.input.primary_address;
                a.split_once('@')
                    .map_or(a.clone(), |(local, _)| local.to_owned())
            };
            self.input.name = match self.n_name.take() {
                Some(n) => n,
                None if !self.input.primary_address.is_empty() => from_address(),
                None => return Err(bad(file, self.start, "card has no name (FN or N)")),
            };
        }
        Ok((self.start, self.input))
    }
}

/// Every card in `text`, each with the line it starts on; the first problem names its line.
pub(super) fn parse(file: &str, text: &str) -> Result<Vec<(u64, StakeholderInput)>> {
    let mut out = Vec::new();
    let mut current: Option<Card> = None;
    for (line, l) in logical(file, text)? {
        let p = prop(file, line, &l)?;
        let value = p.value.trim();
        match (p.name.as_str(), current.as_mut()) {
            ("BEGIN" | "END", _) if p.group => {
                return Err(bad(
                    file,
                    line,
                    format!("{l:?}: BEGIN and END take no group"),
                ))
            }
            ("BEGIN", None) if value.eq_ignore_ascii_case("VCARD") => {
                current = Some(Card {
                    start: line,
                    ..Card::default()
                });
            }
            ("BEGIN", None) => {
                return Err(bad(file, line, format!("{l:?} does not begin a vCard")))
            }
            ("BEGIN", Some(_)) => return Err(bad(file, line, "BEGIN:VCARD inside another card")),
            ("END", Some(_)) if value.eq_ignore_ascii_case("VCARD") => {
                if let Some(card) = current.take() {
                    out.push(card.finish(file)?);
                }
            }
            (_, None) => {
                return Err(bad(
                    file,
                    line,
                    format!("{} outside BEGIN:VCARD … END:VCARD", p.name),
                ))
            }
            ("VERSION", Some(card)) => {
                if !matches!(value, "2.1" | "3.0" | "4.0") {
                    return Err(bad(
                        file,
                        line,
                        format!("vCard version {value:?} is not 2.1, 3.0 or 4.0"),
                    ));
                }
                card.version = Some(value.to_owned());
            }
            (_, Some(card)) => {
                let before = card.candidates.len();
                card.read(file, line, &p)?;
                for c in card.candidates.iter_mut().skip(before) {
                    c.line = line;
                }
            }
        }
    }
    if let Some(card) = current {
        return Err(bad(file, card.start, "card has no END:VCARD"));
    }
    Ok(out)
}
