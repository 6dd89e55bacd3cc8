//! Deterministic PDF rendering of Firebreak reports, headless and offline.
//!
//! A [`Document`] is laid out on A4 pages with embedded, subset DejaVu fonts and written by a
//! small built-in PDF 1.7 writer. The same document always yields the same bytes (no clock,
//! randomness or hash-map order reaches the output), so rendered reports can be snapshot-tested.
//! Text is drawn with real Unicode mappings, so `pdftotext` and copy-paste return it intact.

mod blocks;
mod date;
pub mod doc;
mod embed;
mod fonts;
mod layout;
#[cfg(test)]
mod layout_tests;
mod pdf;
mod style;
mod table;
mod text;
mod writer;

pub use doc::*;

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A bundled font failed to parse or subset (a packaging defect, not bad input).
    #[error("font error: {0}")]
    Font(String),
    /// `Document::created` is not an RFC 3339 timestamp.
    #[error("invalid creation date {0:?}: expected RFC 3339 like 2026-11-22T07:13:00Z")]
    InvalidDate(String),
}

/// Lays documents out without writing them, to learn how many A4 pages each takes — so a
/// document that must fit a page (the executive brief) can be shortened until it does.
pub struct Measure {
    fonts: fonts::Fonts,
}

impl Measure {
    pub fn new() -> Result<Self, PdfError> {
        Ok(Self {
            fonts: fonts::Fonts::load()?,
        })
    }

    /// The number of pages [`render`] would write for `doc`.
    pub fn pages(&self, doc: &Document) -> usize {
        blocks::layout_document(doc, &self.fonts).len()
    }
}

/// Renders `doc` to the bytes of a PDF file.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::Fonts::load()?;
    let pages = blocks::layout_document(doc, &fonts);
    writer::write(doc, &fonts, &pages)
}
