//! Minimal PDF 1.7 serialisation: numbered objects, streams, xref table and trailer.
//! Nothing here depends on time, addresses or hash-map order, so output is reproducible.

use std::fmt::Write as _;

/// Fixed so compressed bytes never depend on a library default.
const DEFLATE_LEVEL: u8 = 6;

pub(crate) struct PdfWriter {
    buf: Vec<u8>,
    /// Byte offset of each object, indexed by object number − 1.
    offsets: Vec<Option<usize>>,
}

impl PdfWriter {
    pub(crate) fn new() -> Self {
        let mut buf = b"%PDF-1.7\n".to_vec();
        // Binary marker comment: tells transfer tools the file is not plain text.
        buf.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
        Self {
            buf,
            offsets: Vec::new(),
        }
    }

    /// Reserves the next object number.
    pub(crate) fn alloc(&mut self) -> u32 {
        self.offsets.push(None);
        u32::try_from(self.offsets.len()).unwrap_or(u32::MAX)
    }

    fn begin(&mut self, id: u32) {
        let offset = self.buf.len();
        if let Some(slot) = (id as usize)
            .checked_sub(1)
            .and_then(|i| self.offsets.get_mut(i))
        {
            *slot = Some(offset);
        }
        self.buf
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    pub(crate) fn obj(&mut self, id: u32, body: &str) {
        self.begin(id);
        self.buf.extend_from_slice(body.as_bytes());
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    /// Writes a Flate-compressed stream; `extra` holds additional dictionary entries.
    pub(crate) fn stream(&mut self, id: u32, extra: &str, data: &[u8]) {
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(data, DEFLATE_LEVEL);
        self.begin(id);
        let sep = if extra.is_empty() { "" } else { " " };
        let dict = format!(
            "<< /Length {} /Filter /FlateDecode{sep}{extra} >>\nstream\n",
            packed.len()
        );
        self.buf.extend_from_slice(dict.as_bytes());
        self.buf.extend_from_slice(&packed);
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
    }

    pub(crate) fn finish(mut self, root: u32, info: u32) -> Vec<u8> {
        let id = hex(&fnv1a_128(&self.buf).to_be_bytes());
        let xref_at = self.buf.len();
        let mut x = String::new();
        let _ = write!(
            x,
            "xref\n0 {}\n0000000000 65535 f \n",
            self.offsets.len() + 1
        );
        for offset in &self.offsets {
            match offset {
                Some(o) => {
                    let _ = writeln!(x, "{o:010} 00000 n ");
                }
                // Unwritten objects cannot occur by construction; a free entry keeps the table valid.
                None => x.push_str("0000000000 65535 f \n"),
            }
        }
        let _ = write!(
            x,
            "trailer\n<< /Size {} /Root {root} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref_at}\n%%EOF\n",
            self.offsets.len() + 1
        );
        self.buf.extend_from_slice(x.as_bytes());
        self.buf
    }
}

/// FNV-1a, 128-bit: enough to make file IDs and subset tags content-derived without a
/// cryptographic dependency (nothing here needs collision resistance against attackers).
pub(crate) fn fnv1a_128(data: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    data.iter()
        .fold(OFFSET, |h, &b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02X}");
    }
    s
}

/// A number with at most two decimals and no trailing zeros ("12.5", "0", "-3").
pub(crate) fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 || !r.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

/// A PDF text string: a literal for printable ASCII, otherwise UTF-16BE with a BOM.
pub(crate) fn text_string(s: &str) -> String {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        let mut out = String::from("(");
        for c in s.chars() {
            if matches!(c, '(' | ')' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push(')');
        out
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        format!("<{}>", hex(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(595.28), "595.28");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-2.456), "-2.46");
    }

    #[test]
    fn strings_escape_or_go_utf16() {
        assert_eq!(text_string("a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(text_string("Ł"), "<FEFF0141>");
        assert_eq!(text_string("x\ny"), "<FEFF0078000A0079>");
    }

    #[test]
    fn fnv_matches_reference_vector() {
        // Published FNV-1a 128 test vector for "a".
        assert_eq!(fnv1a_128(b"a"), 0xd228cb69_6f1a8caf_78912b70_4e4a8964);
    }
}
