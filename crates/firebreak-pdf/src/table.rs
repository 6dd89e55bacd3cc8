//! Tables and key/value lists: multi-cell rows with wrapping cells.

use crate::doc::Column;
use crate::fonts::FontId;
use crate::layout::{Cell, Decor, Layout, Row};
use crate::style::*;

const CELL_PAD_X: f64 = 4.0;
const LABEL_SHARE: f64 = 0.3;
const LABEL_GAP: f64 = 10.0;

pub(crate) fn key_values(l: &mut Layout, pairs: &[(String, String)]) {
    let label_w = CONTENT_W * LABEL_SHARE;
    let value_x = MARGIN_X + label_w + LABEL_GAP;
    let value_w = CONTENT_W - label_w - LABEL_GAP;
    for (label, value) in pairs {
        let cells = vec![
            Cell {
                x: MARGIN_X,
                lines: l.lines(label, FontId::Bold, BODY_SIZE, TEXT, label_w),
            },
            Cell {
                x: value_x,
                lines: l.lines(value, FontId::Regular, BODY_SIZE, TEXT, value_w),
            },
        ];
        l.place(
            Row {
                cells,
                pad_top: 1.5,
                pad_bottom: 1.5,
                keep: true,
                decor: Decor::None,
            },
            None,
        );
    }
    l.gap(6.0);
}

/// Column x positions and widths from relative weights; bad weights count as 1 so a
/// caller mistake degrades the look rather than the whole document.
fn geometry(weights: &[f32]) -> Vec<(f64, f64)> {
    let weights: Vec<f64> = weights
        .iter()
        .map(|&w| {
            if w.is_finite() && w > 0.0 {
                f64::from(w)
            } else {
                1.0
            }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut x = MARGIN_X;
    weights
        .iter()
        .map(|w| {
            let width = CONTENT_W * w / total;
            let col = (x, width);
            x += width;
            col
        })
        .collect()
}

pub(crate) fn table(l: &mut Layout, columns: &[Column], rows: &[Vec<String>]) {
    // Without declared columns, fall back to as many equal columns as the widest row.
    let synthesized;
    let columns = if columns.is_empty() {
        let n = rows.iter().map(Vec::len).max().unwrap_or(0);
        synthesized = vec![Column::new("", 1.0); n];
        &synthesized
    } else {
        columns
    };
    if columns.is_empty() {
        return;
    }
    let geo = geometry(&columns.iter().map(|c| c.weight).collect::<Vec<_>>());

    let header = columns
        .iter()
        .any(|c| !c.header.trim().is_empty())
        .then(|| {
            let cells = columns
                .iter()
                .zip(&geo)
                .map(|(c, &(x, w))| cell(l, &c.header, FontId::Bold, TABLE_SIZE, x, w))
                .collect();
            Row {
                cells,
                pad_top: 4.0,
                pad_bottom: 4.0,
                keep: true,
                decor: Decor::Band(BAND),
            }
        });

    let body: Vec<Row> = rows
        .iter()
        .map(|row| {
            let cells = columns
                .iter()
                .zip(&geo)
                .enumerate()
                .map(|(i, (c, &(x, w)))| {
                    let text = row.get(i).map_or("", String::as_str);
                    let (font, size) = if c.mono {
                        (FontId::Mono, TABLE_MONO_SIZE)
                    } else {
                        (FontId::Regular, TABLE_SIZE)
                    };
                    cell(l, text, font, size, x, w)
                })
                .collect();
            Row {
                cells,
                pad_top: 3.5,
                pad_bottom: 3.5,
                keep: true,
                decor: Decor::Underline {
                    width: HAIRLINE,
                    color: RULE,
                },
            }
        })
        .collect();

    // Keep the header with (the start of) the first row.
    let need = header.as_ref().map_or(0.0, Row::height)
        + body.first().map_or(0.0, |r| {
            r.height()
                .min(r.pad_top + r.pad_bottom + 2.0 * line_height(TABLE_SIZE))
        });
    if !l.at_top() && need > l.remaining() {
        l.new_page();
    }
    if let Some(h) = &header {
        l.place(h.clone(), None);
    }
    for row in body {
        l.place(row, header.as_ref());
    }
    l.gap(10.0);
}

fn cell(l: &Layout, text: &str, font: FontId, size: f64, x: f64, w: f64) -> Cell {
    let inner = (w - 2.0 * CELL_PAD_X).max(1.0);
    let mut lines = l.lines(text, font, size, TEXT, inner);
    // One line pitch for every cell keeps baselines aligned across a row even where a
    // column is set smaller in the monospaced font.
    for line in &mut lines {
        line.height = line_height(TABLE_SIZE);
    }
    Cell {
        x: x + CELL_PAD_X,
        lines,
    }
}
