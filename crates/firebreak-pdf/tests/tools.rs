//! Checks against poppler (`pdftotext`, `pdftoppm`): real text extraction and rasterisation.
//! Locally they are skipped with a note when poppler is missing; in CI (CI set) they fail,
//! so a missing `apt-get install poppler-utils` cannot silently turn them into no-ops.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use firebreak_pdf::{render, Block, Column, Document, TextStyle};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Whether `tool` can run; panics in CI when it cannot.
fn have(tool: &str) -> bool {
    if Command::new(tool).arg("-v").output().is_ok() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    if ci {
        panic!("{tool} is required in CI: apt-get install poppler-utils");
    }
    eprintln!("note: {tool} not found; skipping (install poppler-utils to run this test)");
    false
}

fn write_pdf(dir: &Path, doc: &Document) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let path = dir.join("doc.pdf");
    std::fs::write(&path, render(doc)?)?;
    Ok(path)
}

fn pdftotext(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()?;
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

#[test]
fn pdftotext_extracts_unicode_text() -> TestResult {
    if !have("pdftotext") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let text = pdftotext(&write_pdf(dir.path(), &common::report())?)?;
    for expected in [
        common::UNICODE_LINE,
        common::HASH,
        "Post-incident report",
        "TLP:AMBER · Confidential",
        "Rotated all privileged credentials",
        "Step 19: analyst action",
        "EV-0019",
        "Regulatory clock running",
        "Page 1 of 2",
        "Page 2 of 2",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    Ok(())
}

#[test]
fn pdftotext_sees_page_numbers_of_long_tables() -> TestResult {
    if !have("pdftotext") {
        return Ok(());
    }
    let doc = Document {
        blocks: vec![Block::Table {
            columns: vec![Column::new("Row", 1.0), Column::new("Note", 4.0)],
            rows: (0..200)
                .map(|i| vec![format!("r{i}"), format!("note {i}")])
                .collect(),
        }],
        ..Document::default()
    };
    let dir = tempfile::tempdir()?;
    let text = pdftotext(&write_pdf(dir.path(), &doc)?)?;
    let pages = text.matches("Page ").count();
    assert!(pages > 1, "{text}");
    assert!(text.contains(&format!("Page 1 of {pages}")), "{text}");
    // The header row is repeated on every page.
    assert_eq!(text.matches("Note").count(), pages, "{text}");
    assert!(text.contains("note 199"));
    Ok(())
}

/// Share of inked pixels in a binary PGM (P5, 8-bit). At 40 dpi small text is antialiased
/// to light greys, so "inked" means visibly darker than white rather than black.
fn inked_share(pgm: &[u8]) -> f64 {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 && i < pgm.len() {
        while pgm.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let start = i;
        while pgm.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    assert_eq!(
        fields.first().map(String::as_str),
        Some("P5"),
        "not a binary PGM"
    );
    let dim = |k: usize| {
        fields
            .get(k)
            .and_then(|f| f.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let (w, h) = (dim(1), dim(2));
    let pixels = &pgm[i + 1..];
    assert_eq!(pixels.len(), w * h, "truncated PGM");
    pixels.iter().filter(|&&p| p < 192).count() as f64 / pixels.len() as f64
}

#[test]
fn pdftoppm_renders_a_non_blank_page() -> TestResult {
    if !have("pdftoppm") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let pdf = write_pdf(dir.path(), &common::report())?;
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-gray", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&prefix)
        .status()?;
    assert!(status.success());
    // pdftoppm zero-pads the page number to the width of the page count.
    let image = std::fs::read_dir(dir.path())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pgm"))
        .ok_or("pdftoppm wrote no .pgm file")?;
    let share = inked_share(&std::fs::read(image)?);
    assert!(share > 0.02 && share < 0.5, "inked pixel share {share}");

    let blank = write_pdf(dir.path(), &Document::default())?;
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-gray", "-singlefile"])
        .arg(&blank)
        .arg(dir.path().join("blank"))
        .status()?;
    assert!(status.success());
    let share = inked_share(&std::fs::read(dir.path().join("blank.pgm"))?);
    assert!(
        share < 0.01,
        "an empty document should be nearly blank, got {share}"
    );
    Ok(())
}

#[test]
fn mono_hashes_break_without_losing_characters() -> TestResult {
    if !have("pdftotext") {
        return Ok(());
    }
    let doc = Document {
        blocks: vec![Block::Paragraph {
            text: format!("{}\n{}", common::HASH, common::HASH.repeat(2)),
            style: TextStyle::Mono,
        }],
        ..Document::default()
    };
    let dir = tempfile::tempdir()?;
    let text = pdftotext(&write_pdf(dir.path(), &doc)?)?;
    // A 128-character run is too wide and must break inside the word, losing nothing.
    assert!(
        text.lines().any(|l| l.trim() == common::HASH),
        "a 64-character hash fits on one line:\n{text}"
    );
    let joined: String = text
        .split_whitespace()
        .filter(|w| w.len() >= 16 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .collect();
    assert_eq!(joined, common::HASH.repeat(3), "{text}");
    Ok(())
}
