//! Hostile files: a timeline message from an imported file cannot become a spreadsheet
//! formula, raw HTML or a link in an export for people, and a header with a huge number of
//! columns is answered quickly.

use super::*;
use crate::catalog::IncidentType;

const HOSTILE_CSV: &str = "\
message,datetime,timestamp_desc
\"=HYPERLINK(\"\"https://evil.example\"\",\"\"Open\"\")\",2026-11-20T08:00:00Z,Email Opened
\"<img src=x onerror=alert(1)> [click](https://evil.example) ![p](https://evil.example/p.png) see www.evil.example or ops@evil.example\",2026-11-20T09:00:00Z,Email Opened
-2+3,2026-11-20T10:00:00Z,Note
";

fn exported(format: ExportFormat) -> Result<String> {
    let f = crate::testing::with_incident(IncidentType::DataBreach, "Hostile messages")?;
    let io = |source| Error::Io {
        context: "test file".into(),
        source,
    };
    let source = f.dir.path().join("hostile.csv");
    std::fs::write(&source, HOSTILE_CSV).map_err(io)?;
    let kind = preview(&source)?.format;
    import(
        &f.store,
        f.incident,
        &source,
        kind,
        None,
        "dana",
        &mut |_| {},
    )?;
    let path = f.dir.path().join("out");
    let options = ExportOptions::default();
    export(&f.store, f.incident, format, &path, &options, &mut |_| {})?;
    std::fs::read_to_string(&path).map_err(io)
}

#[test]
fn the_spreadsheet_csv_neutralises_formulas_and_the_timesketch_csv_does_not() -> Result<()> {
    let cells = |text: &str| -> Vec<String> {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        r.records()
            .filter_map(|r| r.ok())
            .map(|r| r[0].to_owned())
            .collect()
    };
    let sheet = cells(&exported(ExportFormat::SpreadsheetCsv)?);
    assert!(
        sheet.contains(&"'=HYPERLINK(\"https://evil.example\",\"Open\")".to_owned()),
        "{sheet:?}"
    );
    assert!(sheet.contains(&"'-2+3".to_owned()), "{sheet:?}");
    assert!(sheet.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])));
    let tools = cells(&exported(ExportFormat::TimesketchCsv)?);
    assert!(tools.contains(&"=HYPERLINK(\"https://evil.example\",\"Open\")".to_owned()));
    assert!(tools.contains(&"-2+3".to_owned()));
    Ok(())
}

#[test]
fn the_markdown_report_escapes_html_and_link_syntax() -> Result<()> {
    let md = exported(ExportFormat::Markdown)?;
    for raw in [
        "<img",
        "[click](",
        "![p](",
        "https://evil",
        "www.evil",
        "ops@evil",
    ] {
        assert!(
            !md.contains(raw),
            "{raw:?} left as Markdown syntax in:\n{md}"
        );
    }
    assert!(
        md.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"),
        "{md}"
    );
    assert!(
        md.contains("\\[click\\]\\(https\\://evil.example\\)"),
        "{md}"
    );
    assert!(
        md.contains("www\\.evil.example or ops\\@evil.example"),
        "{md}"
    );
    Ok(())
}

#[test]
fn a_header_of_150000_columns_is_checked_in_linear_time() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|source| Error::Io {
        context: "temp dir".into(),
        source,
    })?;
    // Short base-36 names keep the header under the 1 MiB record limit.
    let name = |mut i: u32| {
        let mut s = String::from("c");
        loop {
            s.push(char::from_digit(i % 36, 36).unwrap_or('0'));
            i /= 36;
            if i == 0 {
                return s;
            }
        }
    };
    let mut header: Vec<String> = (0..150_000).map(name).collect();
    let path = dir.path().join("wide.csv");
    let write = |header: &[String]| {
        std::fs::write(&path, format!("{}\n", header.join(","))).map_err(|source| Error::Io {
            context: "test file".into(),
            source,
        })
    };
    write(&header)?;
    let started = std::time::Instant::now();
    let shown = preview(&path)?;
    assert_eq!(shown.headers.len(), 150_000);
    // The quadratic check took minutes here; a linear one takes well under a second even
    // in a debug build on a busy machine.
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());

    header[149_999] = header[0].clone();
    write(&header)?;
    let started = std::time::Instant::now();
    let err = preview(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("\"c0\" appears twice"), "{err}");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    Ok(())
}
