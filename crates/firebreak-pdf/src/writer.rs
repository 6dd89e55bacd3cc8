//! Assembles laid-out pages into a PDF file: catalog, page tree, info, fonts, content.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::doc::Document;
use crate::embed::{embed, Embedded, Usage};
use crate::fonts::{FontId, Fonts};
use crate::layout::{Op, Page};
use crate::pdf::{num, text_string, PdfWriter};
use crate::style::{Rgb, PAGE_H, PAGE_W};
use crate::PdfError;

pub(crate) fn write(doc: &Document, fonts: &Fonts, pages: &[Page]) -> Result<Vec<u8>, PdfError> {
    let mut w = PdfWriter::new();
    let catalog = w.alloc();
    let page_tree = w.alloc();
    let info = w.alloc();
    let page_ids: Vec<(u32, u32)> = pages.iter().map(|_| (w.alloc(), w.alloc())).collect();

    w.obj(
        catalog,
        &format!(
            "<< /Type /Catalog /Pages {page_tree} 0 R /Lang (en) \
             /ViewerPreferences << /DisplayDocTitle true >> >>"
        ),
    );
    let kids: Vec<String> = page_ids.iter().map(|(p, _)| format!("{p} 0 R")).collect();
    w.obj(
        page_tree,
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {} /MediaBox [0 0 {} {}] >>",
            kids.join(" "),
            kids.len(),
            num(PAGE_W),
            num(PAGE_H)
        ),
    );
    w.obj(info, &info_dict(doc)?);

    let mut embedded = BTreeMap::new();
    for (id, usage) in glyph_usage(fonts, pages) {
        embedded.insert(id, embed(&mut w, fonts.get(id), &usage)?);
    }
    let font_refs: Vec<String> = embedded
        .iter()
        .map(|(id, e)| format!("/{} {} 0 R", id.resource_name(), e.id))
        .collect();
    let resources = format!("<< /Font << {} >> >>", font_refs.join(" "));

    for (page, &(page_id, content_id)) in pages.iter().zip(&page_ids) {
        w.obj(
            page_id,
            &format!("<< /Type /Page /Parent {page_tree} 0 R /Resources {resources} /Contents {content_id} 0 R >>"),
        );
        w.stream(content_id, "", content(page, fonts, &embedded).as_bytes());
    }
    Ok(w.finish(catalog, info))
}

fn info_dict(doc: &Document) -> Result<String, PdfError> {
    let mut d = String::from("<<");
    for (key, value) in [
        ("Title", &doc.title),
        ("Author", &doc.author),
        ("Subject", &doc.subject),
    ] {
        if !value.is_empty() {
            let _ = write!(d, " /{key} {}", text_string(value));
        }
    }
    d.push_str(" /Producer (Firebreak)");
    if let Some(created) = &doc.created {
        let _ = write!(d, " /CreationDate ({})", crate::date::pdf_date(created)?);
    }
    d.push_str(" >>");
    Ok(d)
}

/// Which glyphs each font must carry. Where several characters share a glyph (space and
/// no-break space), the lowest code point is what copy-paste yields.
fn glyph_usage(fonts: &Fonts, pages: &[Page]) -> BTreeMap<FontId, Usage> {
    let mut usage: BTreeMap<FontId, Usage> = BTreeMap::new();
    for op in pages.iter().flat_map(|p| &p.ops) {
        if let Op::Text { font, text, .. } = op {
            let f = fonts.get(*font);
            let u = usage.entry(*font).or_default();
            for c in text.chars() {
                let (gid, ch) = f.glyph(c);
                let slot = u.entry(gid).or_insert(ch);
                *slot = (*slot).min(ch);
            }
        }
    }
    usage
}

fn content(page: &Page, fonts: &Fonts, embedded: &BTreeMap<FontId, Embedded>) -> String {
    let mut s = String::new();
    for op in &page.ops {
        match op {
            Op::Text {
                font,
                size,
                x,
                y,
                color,
                text,
            } => {
                let Some(e) = embedded.get(font) else {
                    continue;
                };
                let glyphs = e.encode(fonts.get(*font), text);
                let _ = writeln!(
                    s,
                    "BT /{} {} Tf {} rg {} {} Td <{glyphs}> Tj ET",
                    font.resource_name(),
                    num(*size),
                    rgb(*color),
                    num(*x),
                    num(PAGE_H - y)
                );
            }
            Op::Rect { x, y, w, h, color } => {
                let _ = writeln!(
                    s,
                    "{} rg {} {} {} {} re f",
                    rgb(*color),
                    num(*x),
                    num(PAGE_H - y - h),
                    num(*w),
                    num(*h)
                );
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let _ = writeln!(
                    s,
                    "{} RG {} w {} {} m {} {} l S",
                    rgb(*color),
                    num(*width),
                    num(*x1),
                    num(PAGE_H - y1),
                    num(*x2),
                    num(PAGE_H - y2)
                );
            }
        }
    }
    s
}

fn rgb(c: Rgb) -> String {
    let f = |v: u8| {
        let s = format!("{:.3}", f64::from(v) / 255.0);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s.is_empty() {
            "0".to_owned()
        } else {
            s.to_owned()
        }
    };
    format!("{} {} {}", f(c.0), f(c.1), f(c.2))
}
