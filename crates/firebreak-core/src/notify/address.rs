//! What may be in a contact's name and address, and how they are written into mail headers.
//!
//! Contact files come from outside (an address book, a colleague's spreadsheet), and their
//! text ends up in `.eml` headers and vCards. A name such as `Counsel <x@evil.example>, Ops`
//! or a value with an encoded line break must not add a recipient or a header: such text
//! is refused when it is entered or imported, and whatever is stored is still encoded when
//! written (older records were not checked).

use email_address::{EmailAddress, Options};

use crate::{Error, Result};

/// Characters that would make a name read as an address in a header.
const ADDRESS_SYNTAX: [char; 3] = ['<', '>', '@'];

/// Control characters, and the Unicode line and paragraph separators some readers treat
/// as line breaks.
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

fn describe(c: char) -> String {
    match c {
        '\n' => "a line break".into(),
        '\r' => "a carriage return".into(),
        '\t' => "a tab".into(),
        c => format!("the control character U+{:04X}", c as u32),
    }
}

/// One-line text (an organisation, a role): no control characters.
pub fn one_line(field: &str, label: &str, v: &str) -> Result<()> {
    match v.chars().find(|c| is_control(*c)) {
        Some(c) => Err(Error::validation(
            field,
            format!("the {label} contains {}; remove it", describe(c)),
        )),
        None => Ok(()),
    }
}

/// Free text (notes): line breaks and tabs are fine, other control characters are not.
pub fn multi_line(field: &str, label: &str, v: &str) -> Result<()> {
    match v
        .chars()
        .find(|c| is_control(*c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        Some(c) => Err(Error::validation(
            field,
            format!("the {label} contains {}; remove it", describe(c)),
        )),
        None => Ok(()),
    }
}

/// A person's or organisation's name: one line, and nothing that reads as an address.
pub fn name(field: &str, v: &str) -> Result<()> {
    one_line(field, "name", v)?;
    if let Some(c) = v.chars().find(|c| ADDRESS_SYNTAX.contains(c)) {
        return Err(Error::validation(
            field,
            format!(
                "the name {v:?} contains {c:?}, which reads as an e-mail address; give the name alone and the address in its own field"
            ),
        ));
    }
    Ok(())
}

/// An e-mail address as RFC 5322's `addr-spec` (no display name, no comments, no domain
/// literal, at least one dot in the domain). Returns it trimmed.
pub fn mailbox(field: &str, v: &str) -> Result<String> {
    let v = v.trim();
    one_line(field, "e-mail address", v)?;
    let options = Options::default()
        .with_minimum_sub_domains(2)
        .without_domain_literal()
        .without_display_text();
    match EmailAddress::parse_with_options(v, options) {
        Ok(a) => Ok(a.as_str().to_owned()),
        Err(e) => Err(Error::validation(
            field,
            format!("{v:?} is not an e-mail address ({e})"),
        )),
    }
}

/// Whether `v` is an address [`mailbox`] accepts.
pub fn is_mailbox(v: &str) -> bool {
    mailbox("", v).is_ok()
}

/// A phone number: digits with the usual separators, or a `tel:` URI's text.
pub fn phone(field: &str, v: &str) -> Result<()> {
    one_line(field, "number", v)?;
    let allowed = |c: char| c.is_ascii_digit() || " +()-./#*,;xXpPwWextEXT".contains(c);
    if let Some(c) = v.chars().find(|c| !allowed(*c)) {
        return Err(Error::validation(
            field,
            format!("{v:?} is not a phone number ({c:?} is not a digit or separator)"),
        ));
    }
    if !v.chars().any(|c| c.is_ascii_digit()) {
        return Err(Error::validation(
            field,
            format!("{v:?} is not a phone number (no digits)"),
        ));
    }
    Ok(())
}

/// A display name for an address header: a quoted string when it is printable ASCII,
/// otherwise RFC 2047 encoded-words. Never bare, so commas, angle brackets and `@` inside
/// a name stay part of the name.
pub fn display_name(name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| if is_control(c) { ' ' } else { c })
        .collect();
    if name.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) && !name.contains("=?") {
        let mut out = String::with_capacity(name.len() + 2);
        out.push('"');
        for c in name.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        return out;
    }
    encoded_words(&name)
}

/// RFC 2047 `Q` encoded-words (UTF-8), each at most 75 characters, separated by folding
/// white space. Only characters allowed in a `phrase` are left unencoded (§5 rule 3).
pub fn encoded_words(v: &str) -> String {
    const MAX_PAYLOAD: usize = 75 - "=?UTF-8?Q??=".len();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut buf = [0u8; 4];
    for c in v.chars() {
        let piece: String = c
            .encode_utf8(&mut buf)
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'!' | b'*' | b'+' | b'-' | b'/' => {
                    (b as char).to_string()
                }
                b' ' => "_".into(),
                other => format!("={other:02X}"),
            })
            .collect();
        // A character's bytes stay in one word: split UTF-8 would not decode.
        if word.len() + piece.len() > MAX_PAYLOAD {
            words.push(std::mem::take(&mut word));
        }
        word.push_str(&piece);
    }
    words.push(word);
    words
        .iter()
        .map(|w| format!("=?UTF-8?Q?{w}?="))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// `"Name" <address>`, or the bare address when there is no name.
pub fn header_mailbox(name: &str, address: &str) -> String {
    if name.trim().is_empty() {
        address.to_owned()
    } else {
        format!("{} <{address}>", display_name(name.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_address_syntax_or_control_characters_are_refused() {
        assert!(name("name", "Counsel <x@evil.example>, Ops").is_err());
        assert!(name("name", "Ops\r\nBcc: x@evil.example").is_err());
        assert!(name("name", "Smith, Jane (Legal)").is_ok());
        assert!(name("name", "Zoë O'Brien").is_ok());
        let e = name("name", "a\u{7}b").err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("U+0007")));
    }

    #[test]
    fn mailboxes_are_plain_addr_specs() {
        assert_eq!(
            mailbox("a", " dpo@corp.example ").ok().as_deref(),
            Some("dpo@corp.example")
        );
        for bad in [
            "x@evil.example>, y@corp.example",
            "Ops <ops@corp.example>",
            "ops@corp.example\r\nBcc: x@evil.example",
            "ops@localhost",
            "ops@[10.0.0.1]",
            "no-at-sign.example",
            "a b@corp.example",
        ] {
            assert!(mailbox("a", bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn display_names_are_quoted_or_encoded() {
        assert_eq!(display_name("Counsel, Ops"), "\"Counsel, Ops\"");
        assert_eq!(display_name("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
        assert_eq!(display_name("Zoë"), "=?UTF-8?Q?Zo=C3=AB?=");
        let long = display_name(&"é".repeat(40));
        assert!(long.split("\r\n ").all(|w| w.len() <= 75), "{long}");
        assert!(long.split("\r\n ").count() > 1);
    }

    #[test]
    fn phone_numbers_are_digits_and_separators() {
        assert!(phone("p", "+44 (0)20 7946 0958").is_ok());
        assert!(phone("p", "+1-555-0100 ext. 12").is_ok());
        assert!(phone("p", "+1 555\r\nBcc: x@evil.example").is_err());
        assert!(phone("p", "call me").is_err());
    }
}
