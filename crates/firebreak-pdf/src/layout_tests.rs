//! Page-breaking behaviour, checked on laid-out pages before any PDF is written.

use crate::blocks::layout_document;
use crate::doc::{Block, Column, Document, TextStyle, Tone};
use crate::fonts::Fonts;
use crate::layout::{Op, Page};
use crate::style::{CONTENT_BOTTOM, CONTENT_TOP};
use crate::PdfError;

fn texts(page: &Page) -> Vec<(&str, f64)> {
    page.ops
        .iter()
        .filter_map(|op| match op {
            Op::Text { text, y, .. } => Some((text.as_str(), *y)),
            _ => None,
        })
        .collect()
}

/// Text inside the body area, excluding header and footer furniture.
fn body_texts(page: &Page) -> Vec<&str> {
    texts(page)
        .into_iter()
        .filter(|(_, y)| *y > CONTENT_TOP && *y < CONTENT_BOTTOM)
        .map(|(t, _)| t)
        .collect()
}

fn lines(n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| format!("{tag} {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn para(text: String) -> Block {
    Block::Paragraph {
        text,
        style: TextStyle::Normal,
    }
}

#[test]
fn long_table_repeats_header_and_numbers_pages() -> Result<(), PdfError> {
    let fonts = Fonts::load()?;
    let doc = Document {
        footer: "Report".to_owned(),
        blocks: vec![Block::Table {
            columns: vec![
                Column::new("When", 1.0),
                Column::new("What", 3.0),
                Column::mono("Ref", 1.0),
            ],
            rows: (0..200)
                .map(|i| vec![format!("t{i}"), format!("event {i}"), format!("{i:08x}")])
                .collect(),
        }],
        ..Document::default()
    };
    let pages = layout_document(&doc, &fonts);
    let n = pages.len();
    assert!(n > 3, "200 rows fit on {n} pages");
    for (i, page) in pages.iter().enumerate() {
        let t = texts(page);
        assert!(
            t.iter()
                .any(|(s, _)| *s == format!("Page {} of {n}", i + 1)),
            "page {i} number"
        );
        assert!(
            t.iter().any(|(s, _)| *s == "What"),
            "header row missing on page {i}"
        );
    }
    let all: Vec<&str> = pages.iter().flat_map(body_texts).collect();
    for i in 0..200 {
        let want = format!("event {i}");
        assert_eq!(all.iter().filter(|s| **s == want).count(), 1, "{want}");
    }
    Ok(())
}

#[test]
fn headings_are_never_stranded_at_a_page_foot() -> Result<(), PdfError> {
    let fonts = Fonts::load()?;
    let followers = [
        para(lines(6, "after")),
        Block::Table {
            columns: vec![Column::new("Col", 1.0)],
            rows: vec![vec!["after 0".to_owned()]],
        },
        Block::Bullets(vec!["after 0".to_owned()]),
        Block::Callout {
            tone: Tone::Info,
            title: "after 0".to_owned(),
            text: "x".to_owned(),
        },
    ];
    for follower in &followers {
        for level in 1..=3 {
            for filler in 40..70 {
                let doc = Document {
                    blocks: vec![
                        para(lines(filler, "filler")),
                        Block::Heading {
                            level,
                            text: "HEADING".to_owned(),
                        },
                        follower.clone(),
                    ],
                    ..Document::default()
                };
                let pages = layout_document(&doc, &fonts);
                let page = pages
                    .iter()
                    .map(body_texts)
                    .find(|t| t.contains(&"HEADING"));
                let page = page.unwrap_or_default();
                let at = page
                    .iter()
                    .position(|t| *t == "HEADING")
                    .unwrap_or(usize::MAX);
                assert!(
                    page.get(at + 1)
                        .is_some_and(|t| t.starts_with("after") || *t == "Col" || *t == "•"),
                    "level {level} heading stranded after {filler} lines before {follower:?}"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn content_stays_inside_the_body_area() -> Result<(), PdfError> {
    let fonts = Fonts::load()?;
    let doc = Document {
        header: "H".to_owned(),
        footer: "F".to_owned(),
        blocks: (0..30)
            .flat_map(|i| {
                [
                    Block::Heading {
                        level: 1 + (i % 3) as u8,
                        text: format!("Section {i}"),
                    },
                    para(lines(i % 9 + 1, "body")),
                    Block::KeyValues(vec![("k".to_owned(), lines(i % 4 + 1, "v"))]),
                    Block::Callout {
                        tone: Tone::Danger,
                        title: "t".to_owned(),
                        text: lines(i % 5, "c"),
                    },
                    Block::Bullets(vec![lines(2, "b")]),
                    Block::Rule,
                    Block::Spacer,
                ]
            })
            .collect(),
        ..Document::default()
    };
    let pages = layout_document(&doc, &fonts);
    assert!(pages.len() > 3);
    for (i, page) in pages.iter().enumerate() {
        for op in &page.ops {
            let (top, bottom) = match op {
                Op::Text { y, size, .. } => (y - size, *y),
                Op::Rect { y, h, .. } => (*y, y + h),
                Op::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
            };
            let furniture = bottom < CONTENT_TOP - 10.0 || top > CONTENT_BOTTOM + 5.0;
            assert!(
                furniture || (top >= CONTENT_TOP - 0.5 && bottom <= CONTENT_BOTTOM + 0.5),
                "page {i}: {op:?} leaves the body area"
            );
        }
    }
    Ok(())
}

#[test]
fn page_breaks_do_not_create_blank_pages() -> Result<(), PdfError> {
    let fonts = Fonts::load()?;
    let doc = Document {
        blocks: vec![
            Block::PageBreak,
            para("one".to_owned()),
            Block::PageBreak,
            Block::PageBreak,
            para("two".to_owned()),
        ],
        ..Document::default()
    };
    let pages = layout_document(&doc, &fonts);
    assert_eq!(pages.len(), 2);
    assert_eq!(body_texts(&pages[0]), vec!["one"]);
    assert_eq!(layout_document(&Document::default(), &fonts).len(), 1);
    Ok(())
}

#[test]
fn measure_counts_the_pages_render_writes() -> Result<(), PdfError> {
    let measure = crate::Measure::new()?;
    for n in [1, 60, 200] {
        let doc = Document {
            blocks: vec![para(lines(n, "line"))],
            ..Document::default()
        };
        let pdf = crate::render(&doc)?;
        let marker = b"<< /Type /Page /";
        let written = pdf.windows(marker.len()).filter(|w| w == marker).count();
        assert_eq!(measure.pages(&doc), written, "{n} lines");
        assert_eq!(written > 1, n > 1, "{n} lines");
    }
    Ok(())
}
