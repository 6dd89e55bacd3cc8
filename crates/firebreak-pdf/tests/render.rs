//! Output-level checks that need no external tools.

mod common;

use firebreak_pdf::{render, Block, Column, Document, PdfError, TextStyle};

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &str) -> bool {
    find(hay, needle.as_bytes()).is_some()
}

/// Reads the trailer's startxref and the xref table, returning the in-use object offsets.
fn xref_offsets(pdf: &[u8]) -> Vec<(usize, usize)> {
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(64)..]).into_owned();
    let start: usize = tail
        .rsplit("startxref")
        .next()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    assert!(start < pdf.len(), "startxref out of range");
    let table = String::from_utf8_lossy(&pdf[start..]).into_owned();
    let mut lines = table.split('\n');
    assert_eq!(lines.next(), Some("xref"));
    let header: Vec<usize> = lines
        .next()
        .unwrap_or_default()
        .split(' ')
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(header.first(), Some(&0), "xref must start at object 0");
    let count = header.get(1).copied().unwrap_or(0);
    assert!(count > 1);
    // Entries are fixed 20-byte records: offset, generation, type, two-byte EOL.
    let body_start = start + "xref\n".len() + format!("0 {count}\n").len();
    let mut offsets = Vec::new();
    for i in 0..count {
        let rec = &pdf[body_start + 20 * i..body_start + 20 * (i + 1)];
        let rec = std::str::from_utf8(rec).unwrap_or_default();
        assert_eq!(rec.len(), 20);
        if rec.as_bytes()[17] == b'n' {
            offsets.push((i, rec[..10].parse().unwrap_or(usize::MAX)));
        } else {
            assert_eq!(rec.as_bytes()[17], b'f');
        }
    }
    let trailer = String::from_utf8_lossy(&pdf[body_start + 20 * count..]).into_owned();
    assert!(trailer.starts_with("trailer\n"), "{trailer}");
    assert!(trailer.contains(&format!("/Size {count} ")), "{trailer}");
    offsets
}

fn page_count(pdf: &[u8]) -> usize {
    let at = find(pdf, b"/Type /Pages").unwrap_or(0);
    let rest = String::from_utf8_lossy(&pdf[at..]).into_owned();
    rest.split("/Count ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn rendering_is_deterministic_and_well_framed() -> Result<(), PdfError> {
    let doc = common::report();
    let a = render(&doc)?;
    let b = render(&doc.clone())?;
    assert!(a == b, "two renders of the same document differ");
    assert!(a.starts_with(b"%PDF-1.7"));
    assert!(a.ends_with(b"%%EOF\n"));
    let mut other = doc;
    other.footer.push('!');
    assert!(render(&other)? != a, "output ignores the footer");
    Ok(())
}

#[test]
fn xref_offsets_point_at_their_objects() -> Result<(), PdfError> {
    for doc in [common::report(), Document::default()] {
        let pdf = render(&doc)?;
        let offsets = xref_offsets(&pdf);
        assert!(offsets.len() >= 5);
        for (num, offset) in offsets {
            let expected = format!("{num} 0 obj\n");
            assert!(
                pdf[offset..].starts_with(expected.as_bytes()),
                "object {num} not at offset {offset}"
            );
        }
    }
    Ok(())
}

#[test]
fn fonts_are_subset_and_unicode_mapped() -> Result<(), PdfError> {
    let doc = Document {
        blocks: vec![Block::Paragraph {
            text: "Hello, board.".to_owned(),
            style: TextStyle::Normal,
        }],
        ..Document::default()
    };
    let pdf = render(&doc)?;
    assert!(
        pdf.len() < 60_000,
        "one-line document is {} bytes; fonts not subset?",
        pdf.len()
    );
    assert!(contains(&pdf, "+DejaVuSans /Encoding /Identity-H"));
    assert!(contains(&pdf, "/FontFile2"));
    assert!(contains(&pdf, "/ToUnicode"));
    assert!(
        !contains(&pdf, "DejaVuSansMono"),
        "unused fonts must not be embedded"
    );

    let typical = render(&common::report())?;
    assert_eq!(page_count(&typical), 2);
    assert!(
        typical.len() < 120_000,
        "two-page report is {} bytes",
        typical.len()
    );
    Ok(())
}

#[test]
fn long_table_spans_pages() -> Result<(), PdfError> {
    let doc = Document {
        blocks: vec![Block::Table {
            columns: vec![
                Column::new("#", 1.0),
                Column::new("Event", 5.0),
                Column::mono("Hash", 3.0),
            ],
            rows: (0..200)
                .map(|i| {
                    vec![
                        i.to_string(),
                        format!("Event number {i}"),
                        format!("{i:064x}"),
                    ]
                })
                .collect(),
        }],
        ..Document::default()
    };
    let pdf = render(&doc)?;
    assert!(
        page_count(&pdf) > 3,
        "200 rows on {} pages",
        page_count(&pdf)
    );
    Ok(())
}

#[test]
fn empty_document_is_one_valid_page() -> Result<(), PdfError> {
    let pdf = render(&Document::default())?;
    assert_eq!(page_count(&pdf), 1);
    assert!(
        !contains(&pdf, "/CreationDate"),
        "no date unless the caller gives one"
    );
    assert!(contains(&pdf, "/Producer (Firebreak)"));
    Ok(())
}

#[test]
fn hostile_content_never_panics() -> Result<(), PdfError> {
    let doc = Document {
        title: "漢字 🔥".to_owned(),
        header: "x".repeat(5000),
        footer: "y ".repeat(5000),
        blocks: vec![
            Block::Heading {
                level: 0,
                text: String::new(),
            },
            Block::Heading {
                level: 9,
                text: "漢字 🔥 \u{0007}\t\r\n".to_owned(),
            },
            Block::Paragraph {
                text: "a".repeat(20_000),
                style: TextStyle::Mono,
            },
            Block::Table {
                columns: vec![],
                rows: vec![vec!["a".to_owned(); 3], vec![]],
            },
            Block::Table {
                columns: vec![],
                rows: vec![],
            },
            Block::Table {
                columns: (0..40).map(|_| Column::new("w", f32::NAN)).collect(),
                rows: vec![vec!["wide".repeat(50)], vec!["z".to_owned(); 80]],
            },
            Block::Table {
                columns: vec![Column::new("neg", -3.0), Column::mono("", 0.0)],
                rows: vec![vec![]],
            },
            Block::KeyValues(vec![(String::new(), "\n".repeat(300))]),
            Block::Bullets(vec![String::new(), "b\n".repeat(200)]),
            Block::Callout {
                tone: firebreak_pdf::Tone::Info,
                title: String::new(),
                text: String::new(),
            },
            Block::PageBreak,
            Block::PageBreak,
            Block::Rule,
            Block::Spacer,
        ],
        ..Document::default()
    };
    let pdf = render(&doc)?;
    assert!(page_count(&pdf) > 3);
    for (num, offset) in xref_offsets(&pdf) {
        assert!(pdf[offset..].starts_with(format!("{num} 0 obj").as_bytes()));
    }
    Ok(())
}

#[test]
fn metadata_is_written() -> Result<(), PdfError> {
    let pdf = render(&common::report())?;
    assert!(contains(&pdf, "/CreationDate (D:20261122071300Z)"));
    // "Łukasz" as UTF-16BE with BOM.
    assert!(contains(&pdf, "/Author <FEFF0141"));
    assert!(contains(&pdf, "/Lang (en)"));

    let bad = Document {
        created: Some("last Tuesday".to_owned()),
        ..Document::default()
    };
    assert!(matches!(render(&bad), Err(PdfError::InvalidDate(_))));
    Ok(())
}
