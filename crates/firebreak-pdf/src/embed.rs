//! Embedding a subset of a TrueType face as a Type0 / CIDFontType2 font with Identity-H
//! encoding, so any Unicode text can be drawn, and a ToUnicode map so it can be extracted.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use subsetter::GlyphRemapper;

use crate::fonts::Font;
use crate::pdf::{fnv1a_128, hex, num, PdfWriter};
use crate::PdfError;

/// Glyphs a document uses from one font: original glyph id → the character it extracts as.
pub(crate) type Usage = BTreeMap<u16, char>;

pub(crate) struct Embedded {
    /// PDF object number of the Type0 font dictionary.
    pub(crate) id: u32,
    /// Original glyph id → glyph id in the subset (also the CID, via Identity mapping).
    remap: BTreeMap<u16, u16>,
}

impl Embedded {
    /// Hex string of 2-byte CIDs for a text run, ready for `Tj`.
    pub(crate) fn encode(&self, font: &Font, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 4);
        for c in text.chars() {
            let cid = self.remap.get(&font.glyph(c).0).copied().unwrap_or(0);
            let _ = write!(out, "{cid:04X}");
        }
        out
    }
}

/// Writes the five objects of an embedded font and returns how to address its glyphs.
pub(crate) fn embed(w: &mut PdfWriter, font: &Font, usage: &Usage) -> Result<Embedded, PdfError> {
    let gids: Vec<u16> = usage.keys().copied().collect();
    // Sorted remapping makes subset glyph ids independent of the order text was drawn in.
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
    let subset = subsetter::subset(font.data, 0, &remapper)
        .map_err(|e| PdfError::Font(format!("{}: subsetting failed: {e}", font.base_name)))?;
    let mut remap = BTreeMap::new();
    for &g in gids.iter().chain(std::iter::once(&0)) {
        if let Some(new) = remapper.get(g) {
            remap.insert(g, new);
        }
    }
    let name = format!("{}+{}", subset_tag(font.base_name, &gids), font.base_name);

    let type0 = w.alloc();
    let cid_font = w.alloc();
    let descriptor = w.alloc();
    let file = w.alloc();
    let to_unicode = w.alloc();

    w.obj(
        type0,
        &format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        ),
    );
    w.obj(
        cid_font,
        &format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /DW 0 /W {} >>",
            widths(font, &remap)
        ),
    );
    let [x0, y0, x1, y1] = font.bbox().map(num);
    // Flags: 4 = symbolic (glyphs outside the standard Latin set), 1 = fixed pitch.
    let flags = if font.monospace { 5 } else { 4 };
    let stem_v = if font.bold { 120 } else { 80 };
    w.obj(
        descriptor,
        &format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{x0} {y0} {x1} {y1}] \
             /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV {stem_v} /FontFile2 {file} 0 R >>",
            num(font.ascender()),
            num(font.descender()),
            num(font.cap_height()),
        ),
    );
    w.stream(file, &format!("/Length1 {}", subset.len()), &subset);
    w.stream(to_unicode, "", to_unicode_cmap(usage, &remap).as_bytes());
    Ok(Embedded { id: type0, remap })
}

/// `[0 [w0 w1 …]]`: subset ids of used glyphs are 0..n without gaps, so one run suffices.
fn widths(font: &Font, remap: &BTreeMap<u16, u16>) -> String {
    let mut by_new: Vec<(u16, u16)> = remap.iter().map(|(&old, &new)| (new, old)).collect();
    by_new.sort_unstable();
    let mut out = String::from("[");
    let mut next: Option<u16> = None;
    for (new, old) in by_new {
        if next == Some(new) {
            out.push(' ');
        } else {
            // Ids are contiguous by construction; a gap just starts another run.
            if next.is_some() {
                out.push(']');
            }
            let _ = write!(out, " {new} [");
        }
        out.push_str(&num(font.to_milli(font.advance(old))));
        next = new.checked_add(1);
    }
    if next.is_some() {
        out.push(']');
    }
    out.push_str(" ]");
    out
}

fn to_unicode_cmap(usage: &Usage, remap: &BTreeMap<u16, u16>) -> String {
    let mut entries: Vec<(u16, char)> = usage
        .iter()
        .filter_map(|(old, &c)| remap.get(old).map(|&new| (new, c)))
        .collect();
    entries.sort_unstable();
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // The CMap format limits each bfchar section to 100 entries.
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for &(cid, c) in chunk {
            let mut units = [0u16; 2];
            let utf16: Vec<u8> = c
                .encode_utf16(&mut units)
                .iter()
                .flat_map(|u| u.to_be_bytes())
                .collect();
            let _ = writeln!(out, "<{cid:04X}> <{}>", hex(&utf16));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// Six uppercase letters derived from the font and its glyph set, as PDF requires for
/// subset names, without randomness.
fn subset_tag(base_name: &str, gids: &[u16]) -> String {
    let mut bytes = base_name.as_bytes().to_vec();
    for g in gids {
        bytes.extend_from_slice(&g.to_be_bytes());
    }
    let mut h = fnv1a_128(&bytes);
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            letter
        })
        .collect()
}
