//! Turns document blocks into rows for the layout engine, then adds page furniture
//! (header, footer, page numbers) once the page count is known.

use crate::doc::{Block, Document, TextStyle, Tone};
use crate::fonts::FontId;
use crate::fonts::Fonts;
use crate::layout::{Cell, Decor, Layout, Op, Page, Row};
use crate::style::*;
use crate::table;

pub(crate) fn layout_document(doc: &Document, fonts: &Fonts) -> Vec<Page> {
    let mut l = Layout::new(fonts);
    for (i, block) in doc.blocks.iter().enumerate() {
        let rest = doc.blocks.get(i + 1..).unwrap_or_default();
        match block {
            Block::Title { text, subtitle } => title(&mut l, text, subtitle, rest),
            Block::Heading { level, text } => heading(&mut l, *level, text, rest),
            Block::Paragraph { text, style } => paragraph(&mut l, text, *style),
            Block::KeyValues(pairs) => table::key_values(&mut l, pairs),
            Block::Table { columns, rows } => table::table(&mut l, columns, rows),
            Block::Bullets(items) => bullets(&mut l, items),
            Block::Callout { tone, title, text } => callout(&mut l, *tone, title, text),
            Block::Spacer => l.gap(line_height(BODY_SIZE)),
            Block::Rule => l.rule(),
            Block::PageBreak => {
                if !l.page_is_empty() {
                    l.new_page();
                }
            }
        }
    }
    let mut pages = l.pages;
    furniture(doc, fonts, &mut pages);
    pages
}

pub(crate) fn para_style(style: TextStyle) -> (FontId, f64, Rgb) {
    match style {
        TextStyle::Normal => (FontId::Regular, BODY_SIZE, TEXT),
        TextStyle::Muted => (FontId::Regular, BODY_SIZE, MUTED),
        TextStyle::Bold => (FontId::Bold, BODY_SIZE, TEXT),
        TextStyle::Mono => (FontId::Mono, MONO_SIZE, TEXT),
    }
}

/// Height that must fit below a heading so it is not stranded at the foot of a page:
/// roughly the first two lines (or first row) of what follows.
fn lead(rest: &[Block]) -> f64 {
    let body = 2.0 * line_height(BODY_SIZE);
    match rest.first() {
        Some(Block::Heading { level, .. }) => {
            let (size, before, after) = heading_metrics(*level);
            before + size * 1.25 + after + lead(rest.get(1..).unwrap_or_default())
        }
        Some(Block::Paragraph { style, .. }) => 2.0 * line_height(para_style(*style).1),
        Some(Block::Table { .. }) => 2.0 * (line_height(TABLE_SIZE) + 8.0),
        Some(Block::Callout { .. }) => body + 2.0 * 7.0 + 2.0,
        Some(Block::KeyValues(_) | Block::Bullets(_)) => body,
        Some(Block::Title { .. } | Block::Spacer | Block::Rule | Block::PageBreak) | None => 0.0,
    }
}

/// (font size, space before, space after) for a heading level.
fn heading_metrics(level: u8) -> (f64, f64, f64) {
    match level {
        1 => (14.0, 16.0, 6.0),
        2 => (11.5, 11.0, 3.0),
        _ => (10.0, 8.0, 2.0),
    }
}

fn keep_with_next(l: &mut Layout, own: f64, rest: &[Block]) {
    if !l.at_top() && own + lead(rest) > l.remaining() {
        l.new_page();
    }
}

fn title(l: &mut Layout, text: &str, subtitle: &str, rest: &[Block]) {
    let mut lines = Vec::new();
    for t in crate::text::wrap(l.fonts.get(FontId::Bold), TITLE_SIZE, text, CONTENT_W) {
        lines.push(l.tline(t, FontId::Bold, TITLE_SIZE, TEXT, TITLE_SIZE * 1.2));
    }
    if !subtitle.trim().is_empty() {
        lines.push(l.tline(String::new(), FontId::Regular, 2.0, TEXT, 2.0));
        lines.extend(l.lines(subtitle, FontId::Regular, SUBTITLE_SIZE, MUTED, CONTENT_W));
    }
    let row = Row {
        cells: vec![Cell { x: MARGIN_X, lines }],
        pad_top: 0.0,
        pad_bottom: 4.0,
        keep: true,
        decor: Decor::None,
    };
    keep_with_next(l, row.height(), rest);
    l.place(row, None);
    l.y += 14.0;
}

fn heading(l: &mut Layout, level: u8, text: &str, rest: &[Block]) {
    let (size, before, after) = heading_metrics(level);
    l.gap(before);
    let height = size * 1.25;
    let mut lines = Vec::new();
    for t in crate::text::wrap(l.fonts.get(FontId::Bold), size, text, CONTENT_W) {
        lines.push(l.tline(t, FontId::Bold, size, TEXT, height));
    }
    let decor = if level == 1 {
        Decor::Underline {
            width: 0.75,
            color: HEADING_RULE,
        }
    } else {
        Decor::None
    };
    let pad_bottom = if level == 1 { 3.0 } else { 0.0 };
    let row = Row {
        cells: vec![Cell { x: MARGIN_X, lines }],
        pad_top: 0.0,
        pad_bottom,
        keep: true,
        decor,
    };
    keep_with_next(l, row.height() + after, rest);
    l.place(row, None);
    l.y += after;
}

fn paragraph(l: &mut Layout, text: &str, style: TextStyle) {
    let (font, size, color) = para_style(style);
    let lines = l.lines(text, font, size, color, CONTENT_W);
    let row = Row {
        cells: vec![Cell { x: MARGIN_X, lines }],
        pad_top: 0.0,
        pad_bottom: 0.0,
        keep: false,
        decor: Decor::None,
    };
    l.place(row, None);
    l.gap(6.0);
}

fn bullets(l: &mut Layout, items: &[String]) {
    const INDENT: f64 = 16.0;
    let height = line_height(BODY_SIZE);
    for item in items {
        let bullet = l.tline("•".to_owned(), FontId::Regular, BODY_SIZE, MUTED, height);
        let lines = l.lines(item, FontId::Regular, BODY_SIZE, TEXT, CONTENT_W - INDENT);
        let cells = vec![
            Cell {
                x: MARGIN_X + 4.0,
                lines: vec![bullet],
            },
            Cell {
                x: MARGIN_X + INDENT,
                lines,
            },
        ];
        l.place(
            Row {
                cells,
                pad_top: 0.0,
                pad_bottom: 2.0,
                keep: true,
                decor: Decor::None,
            },
            None,
        );
    }
    l.gap(4.0);
}

fn callout(l: &mut Layout, tone: Tone, title: &str, text: &str) {
    const PAD_Y: f64 = 7.0;
    let (bar, bg) = tone_colors(tone);
    let x = MARGIN_X + CALLOUT_BAR_W + CALLOUT_PAD;
    let w = CONTENT_W - CALLOUT_BAR_W - 2.0 * CALLOUT_PAD;
    let mut lines = Vec::new();
    if !title.trim().is_empty() {
        lines.extend(l.lines(title, FontId::Bold, BODY_SIZE, bar, w));
    }
    if !text.trim().is_empty() {
        if !lines.is_empty() {
            lines.push(l.tline(String::new(), FontId::Regular, 2.0, TEXT, 2.0));
        }
        lines.extend(l.lines(text, FontId::Regular, BODY_SIZE, TEXT, w));
    }
    if lines.is_empty() {
        lines = l.lines("", FontId::Regular, BODY_SIZE, TEXT, w);
    }
    l.gap(2.0);
    let row = Row {
        cells: vec![Cell { x, lines }],
        pad_top: PAD_Y,
        pad_bottom: PAD_Y,
        keep: true,
        decor: Decor::Callout { bar, bg },
    };
    l.place(row, None);
    l.gap(10.0);
}

fn furniture(doc: &Document, fonts: &Fonts, pages: &mut [Page]) {
    let font = fonts.get(FontId::Regular);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut head = Vec::new();
        if !doc.header.trim().is_empty() {
            let text = crate::text::ellipsize(font, SMALL_SIZE, &doc.header, CONTENT_W);
            head.push(small_text(MARGIN_X, HEADER_BASELINE, text));
            head.push(rule_op(HEADER_RULE_Y));
        }
        page.ops.splice(0..0, head);

        let label = format!("Page {} of {}", i + 1, total);
        let label_w = font.text_width(&label, SMALL_SIZE);
        page.ops.push(rule_op(FOOTER_RULE_Y));
        if !doc.footer.trim().is_empty() {
            let text =
                crate::text::ellipsize(font, SMALL_SIZE, &doc.footer, CONTENT_W - label_w - 16.0);
            page.ops.push(small_text(MARGIN_X, FOOTER_BASELINE, text));
        }
        page.ops.push(small_text(
            MARGIN_X + CONTENT_W - label_w,
            FOOTER_BASELINE,
            label,
        ));
    }
}

fn small_text(x: f64, y: f64, text: String) -> Op {
    Op::Text {
        font: FontId::Regular,
        size: SMALL_SIZE,
        x,
        y,
        color: MUTED,
        text,
    }
}

fn rule_op(y: f64) -> Op {
    Op::Line {
        x1: MARGIN_X,
        y1: y,
        x2: MARGIN_X + CONTENT_W,
        y2: y,
        width: HAIRLINE,
        color: RULE,
    }
}
