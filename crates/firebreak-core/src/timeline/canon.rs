//! The canonical serialisation hashed into the chain, written straight into a reusable
//! buffer. Byte-for-byte what `serde_json` produces for the same JSON array (the chain was
//! first defined that way and stored hashes depend on it), without building a `Value` per
//! entry: verification and bulk import hash a million entries, so this is the hot path.

use uuid::Uuid;

use super::stamp;

#[derive(Default)]
pub(crate) struct Canon {
    buf: Vec<u8>,
    first: bool,
}

impl Canon {
    pub fn start(&mut self) {
        self.buf.clear();
        self.buf.push(b'[');
        self.first = true;
    }

    pub fn finish(&mut self) -> &[u8] {
        self.buf.push(b']');
        &self.buf
    }

    fn sep(&mut self) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
    }

    pub fn text(&mut self, s: &str) {
        self.text_bytes(s.as_bytes());
    }

    /// Text as SQLite hands it over. Not checked for UTF-8: bytes Firebreak never wrote
    /// fail verification anyway, as any change to what was hashed does.
    pub fn text_bytes(&mut self, s: &[u8]) {
        self.sep();
        escape_bytes_into(&mut self.buf, s);
    }

    pub fn int(&mut self, v: i64) {
        self.sep();
        let mut digits = [0u8; 20];
        if v < 0 {
            self.buf.push(b'-');
        }
        self.buf
            .extend_from_slice(decimal(v.unsigned_abs(), &mut digits));
    }

    /// Leaves a value out, for a caller to splice in later; returns where it goes.
    pub fn gap(&mut self) -> usize {
        self.sep();
        self.buf.len()
    }

    pub fn opt_int(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    pub fn null(&mut self) {
        self.sep();
        self.buf.extend_from_slice(b"null");
    }

    /// A UUID as its lowercase hyphenated text.
    pub fn uuid(&mut self, u: &Uuid) {
        self.sep();
        self.buf.push(b'"');
        let mut text = [0u8; 36];
        self.buf
            .extend_from_slice(u.hyphenated().encode_lower(&mut text).as_bytes());
        self.buf.push(b'"');
    }

    /// Microseconds since 1970 as fixed-width UTC text.
    pub fn utc(&mut self, us: i64) {
        self.sep();
        self.buf.push(b'"');
        stamp::utc_z(&mut self.buf, us);
        self.buf.push(b'"');
    }

    /// Bytes as lowercase hex text.
    pub fn hex(&mut self, bytes: &[u8]) {
        self.sep();
        self.buf.push(b'"');
        super::chain::push_hex(&mut self.buf, bytes);
        self.buf.push(b'"');
    }
}

/// `n`'s decimal digits, written into the end of `digits`.
pub(crate) fn decimal(mut n: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &digits[at..]
}

/// JSON string escaping exactly as serde_json does it: `"` and `\` escaped, the control
/// characters U+0000–U+001F as short escapes where JSON has one and `\u00xx` otherwise,
/// everything else (DEL and all non-ASCII included) written as is.
pub(crate) fn escape_into(out: &mut Vec<u8>, s: &str) {
    escape_bytes_into(out, s.as_bytes());
}

/// [`escape_into`] for bytes (written as they are where they are not ASCII).
fn escape_bytes_into(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping, as almost all text goes.
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        } else {
            // The last few bytes, padded with a letter: most short texts end here at once.
            let mut word = [b'a'; 8];
            word[..bytes.len() - i].copy_from_slice(&bytes[i..]);
            if !needs_escape(u64::from_le_bytes(word)) {
                break;
            }
        }
        let b = bytes[i];
        i += 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            0x00..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i - 1]);
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            out.extend_from_slice(b"00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any of the eight bytes in `w` is below 0x20, a quote or a backslash (the usual
/// "has a byte less than n / equal to zero" bit tricks; exact as a yes or no).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH != 0;
    below(w, 0x20) || below(w ^ (ONES * 0x22), 1) || below(w ^ (ONES * 0x5c), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_serde_json() -> Result<(), serde_json::Error> {
        let mut all_low: String = (0u8..0x80).map(char::from).collect();
        all_low.push_str("é中🔥\u{2028}\u{fffd}");
        let samples = [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "line\nbreak\r\ttab",
            all_low.as_str(),
        ];
        for s in samples {
            let mut ours = Vec::new();
            escape_into(&mut ours, s);
            assert_eq!(String::from_utf8_lossy(&ours), serde_json::to_string(s)?);
        }
        Ok(())
    }

    /// Every position of every character that needs escaping, in text long enough for the
    /// eight-byte fast path, around multi-byte characters.
    #[test]
    fn escapes_like_serde_json_wherever_the_character_falls() -> Result<(), serde_json::Error> {
        let specials = [
            '"', '\\', '\n', '\u{1}', '\u{1f}', ' ', '~', '\u{7f}', 'é', '🔥',
        ];
        for len in 0..20 {
            for at in 0..len {
                for c in specials {
                    let s: String = (0..len)
                        .map(|i| if i == at { c } else { (b'a' + i as u8) as char })
                        .collect();
                    let mut ours = Vec::new();
                    escape_into(&mut ours, &s);
                    assert_eq!(String::from_utf8_lossy(&ours), serde_json::to_string(&s)?);
                }
            }
        }
        Ok(())
    }

    #[test]
    fn arrays_match_serde_json() -> Result<(), serde_json::Error> {
        let mut c = Canon::default();
        c.start();
        c.text("a\"b");
        c.int(-3);
        c.opt_int(None);
        c.text("x");
        c.int(i64::MAX);
        c.int(i64::MIN);
        c.int(0);
        let expected =
            serde_json::json!(["a\"b", -3, null, "x", i64::MAX, i64::MIN, 0]).to_string();
        assert_eq!(String::from_utf8_lossy(c.finish()), expected);
        Ok(())
    }
}
