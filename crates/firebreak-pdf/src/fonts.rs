//! The three embedded DejaVu faces: glyph lookup and metrics for layout and embedding.

use ttf_parser::{Face, GlyphId};

use crate::PdfError;

const SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FontId {
    Regular,
    Bold,
    Mono,
}

impl FontId {
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            FontId::Regular => "F1",
            FontId::Bold => "F2",
            FontId::Mono => "F3",
        }
    }
}

pub(crate) struct Font {
    pub(crate) base_name: &'static str,
    pub(crate) data: &'static [u8],
    pub(crate) bold: bool,
    pub(crate) monospace: bool,
    face: Face<'static>,
    upem: f64,
    /// Glyph and the character it stands for, used for characters the face lacks so that
    /// unsupported scripts degrade to a visible, extractable "�" instead of failing.
    replacement: (u16, char),
}

impl Font {
    fn load(
        base_name: &'static str,
        data: &'static [u8],
        bold: bool,
        monospace: bool,
    ) -> Result<Self, PdfError> {
        let face = Face::parse(data, 0).map_err(|e| PdfError::Font(format!("{base_name}: {e}")))?;
        let upem = f64::from(face.units_per_em().max(1));
        let replacement = ['\u{FFFD}', '?']
            .iter()
            .find_map(|&c| face.glyph_index(c).map(|g| (g.0, c)))
            .unwrap_or((0, '\u{FFFD}'));
        Ok(Self {
            base_name,
            data,
            bold,
            monospace,
            face,
            upem,
            replacement,
        })
    }

    /// The glyph drawn for `ch`, and the character that glyph should extract as.
    pub(crate) fn glyph(&self, ch: char) -> (u16, char) {
        match self.face.glyph_index(ch) {
            Some(g) => (g.0, ch),
            None => self.replacement,
        }
    }

    /// Advance width in font units.
    pub(crate) fn advance(&self, gid: u16) -> f64 {
        f64::from(self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0))
    }

    /// Font units → thousandths of an em, the unit of PDF glyph space.
    pub(crate) fn to_milli(&self, units: f64) -> f64 {
        units * 1000.0 / self.upem
    }

    pub(crate) fn char_width(&self, ch: char, size: f64) -> f64 {
        self.advance(self.glyph(ch).0) * size / self.upem
    }

    pub(crate) fn text_width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// Offset from a line box's vertical centre to the baseline, per point of font size,
    /// chosen so the ascender-descender box sits centred in the line.
    pub(crate) fn center_to_baseline(&self) -> f64 {
        (f64::from(self.face.ascender()) + f64::from(self.face.descender())) / 2.0 / self.upem
    }

    pub(crate) fn ascender(&self) -> f64 {
        self.to_milli(f64::from(self.face.ascender()))
    }

    pub(crate) fn descender(&self) -> f64 {
        self.to_milli(f64::from(self.face.descender()))
    }

    pub(crate) fn cap_height(&self) -> f64 {
        match self.face.capital_height() {
            Some(h) => self.to_milli(f64::from(h)),
            None => self.ascender() * 0.7,
        }
    }

    /// [x_min, y_min, x_max, y_max] in thousandths of an em.
    pub(crate) fn bbox(&self) -> [f64; 4] {
        let r = self.face.global_bounding_box();
        [r.x_min, r.y_min, r.x_max, r.y_max].map(|v| self.to_milli(f64::from(v)))
    }
}

pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
    mono: Font,
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Font::load("DejaVuSans", SANS, false, false)?,
            bold: Font::load("DejaVuSans-Bold", SANS_BOLD, true, false)?,
            mono: Font::load("DejaVuSansMono", MONO, false, true)?,
        })
    }

    pub(crate) fn get(&self, id: FontId) -> &Font {
        match id {
            FontId::Regular => &self.regular,
            FontId::Bold => &self.bold,
            FontId::Mono => &self.mono,
        }
    }
}
