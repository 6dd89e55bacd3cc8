//! The document model: plain data describing what a report says, not how it is drawn.
//!
//! Callers build a [`Document`] and hand it to [`crate::render`]; all layout decisions
//! (fonts, spacing, page breaks) belong to the renderer so reports stay visually consistent.

use serde::Serialize;

/// A whole report. The same value always renders to the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Default, specta::Type)]
pub struct Document {
    /// PDF /Title metadata.
    pub title: String,
    /// PDF /Author metadata.
    pub author: String,
    /// PDF /Subject metadata.
    pub subject: String,
    /// RFC 3339 instant such as "2026-11-22T07:13:00Z" (fraction and offset allowed), written
    /// as /CreationDate. `None` writes no date, which keeps output independent of the clock.
    pub created: Option<String>,
    /// Small text printed at the top of every page (e.g. "TLP:AMBER · Confidential"); empty → none.
    pub header: String,
    /// Left footer on every page; the right footer is always "Page N of M".
    pub footer: String,
    /// The content, top to bottom.
    pub blocks: Vec<Block>,
}

/// One unit of content in the flow.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub enum Block {
    /// Big document title with an optional subtitle line under it (empty → none).
    Title { text: String, subtitle: String },
    /// level 1 = section heading (14pt bold, thin rule under it), 2 = sub-heading (11.5pt bold),
    /// 3 (or anything else) = small bold label (10pt bold).
    Heading { level: u8, text: String },
    /// Wrapped text; '\n' forces a line break.
    Paragraph { text: String, style: TextStyle },
    /// Two-column label/value list (labels bold, ~30% width); values wrap.
    KeyValues(Vec<(String, String)>),
    /// Header row bold on a grey band (repeated on each page the table spans); every cell wraps.
    /// Rows shorter than `columns` are padded with empty cells, extra cells are ignored.
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// A bulleted list; items wrap with a hanging indent.
    Bullets(Vec<String>),
    /// A boxed note with a coloured left bar: bold title, then text.
    Callout {
        tone: Tone,
        title: String,
        text: String,
    },
    /// Vertical gap of about one line.
    Spacer,
    /// Thin horizontal line across the text width.
    Rule,
    /// Continue on a new page (ignored when the current page is still empty).
    PageBreak,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, specta::Type)]
pub enum TextStyle {
    #[default]
    Normal,
    /// Grey secondary text.
    Muted,
    Bold,
    /// DejaVu Sans Mono, slightly smaller; for hashes and identifiers.
    Mono,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Column {
    pub header: String,
    /// Relative width; non-positive or non-finite weights count as 1.
    pub weight: f32,
    /// Set the column's cells (not its header) in the monospaced font.
    pub mono: bool,
}

impl Column {
    /// A proportional-font column.
    pub fn new(header: impl Into<String>, weight: f32) -> Self {
        Self {
            header: header.into(),
            weight,
            mono: false,
        }
    }

    /// A monospaced column, for hashes and identifiers.
    pub fn mono(header: impl Into<String>, weight: f32) -> Self {
        Self {
            header: header.into(),
            weight,
            mono: true,
        }
    }
}

/// The colour family of a callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub enum Tone {
    /// Blue.
    Info,
    /// Green.
    Success,
    /// Amber.
    Warning,
    /// Red.
    Danger,
}
