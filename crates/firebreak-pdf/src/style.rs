//! Page geometry, type sizes and colours, in one place so the look can be tuned without
//! touching layout logic. Lengths are PDF points; y grows downwards from the page top.

use crate::doc::Tone;

pub(crate) const PAGE_W: f64 = 595.28;
pub(crate) const PAGE_H: f64 = 841.89;
pub(crate) const MARGIN_X: f64 = 50.0;
pub(crate) const CONTENT_TOP: f64 = 56.0;
pub(crate) const CONTENT_BOTTOM: f64 = PAGE_H - 56.0;
pub(crate) const CONTENT_W: f64 = PAGE_W - 2.0 * MARGIN_X;

pub(crate) const LINE_FACTOR: f64 = 1.35;
pub(crate) const BODY_SIZE: f64 = 9.5;
pub(crate) const MONO_SIZE: f64 = 8.5;
pub(crate) const TABLE_SIZE: f64 = 8.5;
pub(crate) const TABLE_MONO_SIZE: f64 = 7.8;
pub(crate) const SMALL_SIZE: f64 = 7.5;
pub(crate) const TITLE_SIZE: f64 = 22.0;
pub(crate) const SUBTITLE_SIZE: f64 = 12.0;

pub(crate) const HEADER_BASELINE: f64 = 34.0;
pub(crate) const HEADER_RULE_Y: f64 = 40.0;
pub(crate) const FOOTER_RULE_Y: f64 = PAGE_H - 46.0;
pub(crate) const FOOTER_BASELINE: f64 = PAGE_H - 34.0;

pub(crate) const HAIRLINE: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const TEXT: Rgb = Rgb(0x1F, 0x29, 0x33);
pub(crate) const MUTED: Rgb = Rgb(0x61, 0x6E, 0x7C);
pub(crate) const RULE: Rgb = Rgb(0xCB, 0xD2, 0xD9);
pub(crate) const HEADING_RULE: Rgb = Rgb(0x9A, 0xA5, 0xB1);
pub(crate) const BAND: Rgb = Rgb(0xEC, 0xEF, 0xF2);

pub(crate) const CALLOUT_BAR_W: f64 = 3.0;
pub(crate) const CALLOUT_PAD: f64 = 8.0;

/// (bar and title colour, background tint) per callout tone; muted tints keep a board
/// document sober while the bar still carries the signal.
pub(crate) fn tone_colors(tone: Tone) -> (Rgb, Rgb) {
    match tone {
        Tone::Info => (Rgb(0x1D, 0x4E, 0xD8), Rgb(0xEF, 0xF4, 0xFE)),
        Tone::Success => (Rgb(0x15, 0x80, 0x3D), Rgb(0xEE, 0xF8, 0xF1)),
        Tone::Warning => (Rgb(0xB4, 0x53, 0x09), Rgb(0xFE, 0xF6, 0xE7)),
        Tone::Danger => (Rgb(0xB9, 0x1C, 0x1C), Rgb(0xFD, 0xF0, 0xF0)),
    }
}

pub(crate) fn line_height(size: f64) -> f64 {
    size * LINE_FACTOR
}
