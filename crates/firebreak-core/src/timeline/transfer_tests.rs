//! Exports and imports: round trips to the microsecond, Timesketch's acceptance rules,
//! and malformed files refused with their line number and nothing stored.

use std::path::{Path, PathBuf};

use super::*;
use crate::catalog::IncidentType;
use crate::testing::Fx;

fn fx() -> Result<Fx> {
    crate::testing::with_incident(IncidentType::Ransomware, "Encrypted file shares")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|source| Error::Io {
        context: "writing fixture".into(),
        source,
    })?;
    Ok(path)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        context: "reading export".into(),
        source,
    })
}

fn new_incident(store: &Store, title: &str) -> Result<Uuid> {
    crate::testing::declare_in(store, title)
}

fn import_file(f: &Fx, incident: Uuid, path: &Path) -> Result<ImportSummary> {
    let format = preview(path)?.format;
    import(&f.store, incident, path, format, None, "dana", &mut |_| {})
}

fn export_file(f: &Fx, incident: Uuid, format: ExportFormat, name: &str) -> Result<PathBuf> {
    let path = f.dir.path().join(name);
    let options = ExportOptions {
        time_zone: Some("Europe/Berlin".into()),
        include_history: false,
    };
    export(&f.store, incident, format, &path, &options, &mut |_| {})?;
    Ok(path)
}

/// The observed events of an incident, as comparable values.
fn events(f: &Fx, incident: Uuid) -> Result<Vec<String>> {
    let filter = TimelineFilter {
        kind: Some(EntryKind::Event),
        ..TimelineFilter::default()
    };
    Ok(list(&f.store, incident, &filter)?
        .into_iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {} | {} | {:?} | {:?} | {:?} | {:?} | {:?} | {}",
                e.occurred_at.to_rfc3339(),
                e.message,
                e.source,
                e.host,
                e.account,
                e.tactics,
                e.techniques,
                e.confidence,
                e.tags,
                e.step_links,
                e.note
            )
        })
        .collect())
}

const ANALYST_CSV: &str = "\
message,datetime,timestamp_desc,hostname,username,tag,tactic,technique,confidence,ticket
\"Phishing mail opened, \"\"Invoice\"\" attached\",2026-11-20T08:15:00.123456+01:00,Email Opened,WS-042,alice,\"[\"\"phish\"\",\"\"initial\"\"]\",TA0001,T1566.001,90,INC-7
\"Beacon to C2
second line\",2026-11-20 09:00:00Z,Connection,WS-042,alice,,Command and Control,T1071,,
Ünïcödé 漢字 — 🔥,2026-11-20T10:00:00.5+05:30,File Created,srv01,bob,lateral,Defense Evasion,,40,INC-8
";

#[test]
fn round_trip_through_timesketch_csv_and_jsonl_keeps_every_entry_to_the_microsecond() -> Result<()>
{
    let f = fx()?;
    let source = write(f.dir.path(), "analyst.csv", ANALYST_CSV.as_bytes())?;
    let first = import_file(&f, f.incident, &source)?;
    assert_eq!((first.rows, first.imported, first.duplicates), (3, 3, 0));
    let original = events(&f, f.incident)?;
    assert_eq!(original.len(), 3);
    assert!(
        original
            .iter()
            .any(|e| e.starts_with("2026-11-20T08:15:00.123456+01:00 | Phishing")),
        "the original offset and microseconds are kept: {original:?}"
    );

    for (format, name) in [
        (ExportFormat::TimesketchCsv, "out.csv"),
        (ExportFormat::TimesketchJsonl, "out.jsonl"),
    ] {
        let exported = export_file(&f, f.incident, format, name)?;
        let fresh = new_incident(&f.store, name)?;
        let summary = import_file(&f, fresh, &exported)?;
        // The declaration of the first incident is its own responder action, not an event.
        assert_eq!(
            (summary.imported, summary.skipped_actions),
            (3, 1),
            "{name}"
        );
        assert_eq!(events(&f, fresh)?, original, "{name}");
        // Importing the incident's own export adds nothing: the rows are its own entries.
        let again = export_file(&f, fresh, format, &format!("again-{name}"))?;
        let summary = import_file(&f, fresh, &again)?;
        assert_eq!((summary.imported, summary.duplicates), (0, 3), "{name}");
    }

    let summary = import_file(&f, f.incident, &source)?;
    assert_eq!((summary.imported, summary.duplicates), (0, 3));
    assert!(matches!(
        verify(&f.store, f.incident)?,
        ChainStatus::Intact { .. }
    ));
    Ok(())
}

#[test]
fn timesketch_accepts_every_exported_row() -> Result<()> {
    let f = fx()?;
    let source = write(f.dir.path(), "analyst.csv", ANALYST_CSV.as_bytes())?;
    import_file(&f, f.incident, &source)?;
    let head = match verify(&f.store, f.incident)? {
        ChainStatus::Intact { head_hash, .. } => head_hash,
        other => panic!("chain not intact: {other:?}"),
    };

    let csv_path = export_file(&f, f.incident, ExportFormat::TimesketchCsv, "ts.csv")?;
    let mut reader =
        csv::Reader::from_path(&csv_path).map_err(|e| Error::Corrupt(e.to_string()))?;
    let headers = reader
        .headers()
        .map_err(|e| Error::Corrupt(e.to_string()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    for required in ["message", "datetime", "timestamp_desc", "timestamp", "tag"] {
        assert!(col(required).is_some(), "missing {required}");
    }
    let mut descs = Vec::new();
    let mut rows = 0;
    for record in reader.records() {
        let r = record.map_err(|e| Error::Corrupt(e.to_string()))?;
        rows += 1;
        let get = |name: &str| col(name).and_then(|i| r.get(i)).unwrap_or("");
        assert_timesketch_row(
            get("message"),
            get("datetime"),
            get("timestamp"),
            get("tag"),
        )?;
        // The chain head once per file, on the first row.
        assert_eq!(
            get("chain_head"),
            if rows == 1 { head.as_str() } else { "" }
        );
        descs.push(get("timestamp_desc").to_owned());
    }
    assert_eq!(rows, 4);
    assert!(
        descs.contains(&"Event Occurred".to_owned()) && descs.contains(&"Action Taken".to_owned())
    );

    let jsonl_path = export_file(&f, f.incident, ExportFormat::TimesketchJsonl, "ts.jsonl")?;
    let text = read(&jsonl_path)?;
    assert!(
        text.ends_with("}\n") && !text.ends_with("\n\n"),
        "one object per line, no blank line"
    );
    for (i, line) in text.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| Error::Corrupt(e.to_string()))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
        assert!(!s("timestamp_desc").is_empty());
        let tag = v.get("tag").map(|t| t.to_string()).unwrap_or_default();
        let ts = v
            .get("timestamp")
            .map(|t| t.to_string())
            .unwrap_or_default();
        assert_timesketch_row(&s("message"), &s("datetime"), &ts, &tag)?;
        assert_eq!(s("chain_head"), if i == 0 { head.as_str() } else { "" });
    }
    Ok(())
}

/// Timesketch's rules: a message, an ISO 8601 datetime with an offset, an integer timestamp
/// in microseconds for the same instant, and a tag that parses as a JSON list of strings.
fn assert_timesketch_row(message: &str, datetime: &str, timestamp: &str, tag: &str) -> Result<()> {
    assert!(!message.trim().is_empty());
    let parsed = chrono::DateTime::parse_from_rfc3339(datetime)
        .map_err(|e| Error::Corrupt(format!("{datetime}: {e}")))?;
    assert_eq!(
        parsed.offset().local_minus_utc(),
        0,
        "datetime in UTC: {datetime}"
    );
    assert_eq!(
        datetime.len(),
        "2026-11-20T08:15:00.123456+00:00".len(),
        "microseconds: {datetime}"
    );
    assert_eq!(
        timestamp.parse::<i64>().ok(),
        Some(parsed.timestamp_micros())
    );
    let tags: Vec<String> =
        serde_json::from_str(tag).map_err(|e| Error::Corrupt(format!("tag {tag}: {e}")))?;
    assert!(tags.iter().all(|t| !t.is_empty()));
    Ok(())
}

#[test]
fn reports_are_self_contained_and_state_zone_and_head() -> Result<()> {
    let f = fx()?;
    let source = write(f.dir.path(), "analyst.csv", ANALYST_CSV.as_bytes())?;
    import_file(&f, f.incident, &source)?;
    let ChainStatus::Intact { head_hash, .. } = verify(&f.store, f.incident)? else {
        panic!("chain broken");
    };
    let html = read(&export_file(&f, f.incident, ExportFormat::Html, "t.html")?)?;
    for banned in ["http://", "https://", "<script", "src=", "<link", "@import"] {
        assert!(
            !html.contains(banned),
            "external resource {banned:?} in the HTML"
        );
    }
    assert!(html.contains(&head_hash) && html.contains("Europe/Berlin"));
    assert!(html.contains("Ünïcödé 漢字 — 🔥"));
    assert!(html.contains("&quot;Invoice&quot;"), "text is escaped");
    let md = read(&export_file(
        &f,
        f.incident,
        ExportFormat::Markdown,
        "t.md",
    )?)?;
    assert!(md.contains(&head_hash) && md.contains("Europe/Berlin"));
    assert!(
        md.contains("Beacon to C2<br>second line"),
        "one table row per entry"
    );
    assert!(
        md.contains("2026-11-20 08:15:00.123456 CET"),
        "local time in the chosen zone"
    );
    Ok(())
}

#[test]
fn a_tampered_chain_is_declared_in_the_report() -> Result<()> {
    let f = fx()?;
    let source = write(f.dir.path(), "analyst.csv", ANALYST_CSV.as_bytes())?;
    import_file(&f, f.incident, &source)?;
    let c = rusqlite::Connection::open(f.store.path())?;
    c.execute_batch(
        "DROP TRIGGER timeline_entries_no_update;
         UPDATE timeline_entries SET host = 'WS-999' WHERE host = 'srv01';",
    )?;
    drop(c);
    let md = read(&export_file(
        &f,
        f.incident,
        ExportFormat::Markdown,
        "t.md",
    )?)?;
    assert!(md.contains("BROKEN: entry 4"), "{md}");
    Ok(())
}

#[test]
fn an_export_that_fails_leaves_no_file() -> Result<()> {
    let f = fx()?;
    let target = f.dir.path().join("missing-dir").join("t.csv");
    let options = ExportOptions::default();
    let err = export(
        &f.store,
        f.incident,
        ExportFormat::TimesketchCsv,
        &target,
        &options,
        &mut |_| {},
    );
    assert!(matches!(err, Err(Error::Io { .. })));
    let bad_zone = ExportOptions {
        time_zone: Some("Mars/Olympus".into()),
        include_history: false,
    };
    let path = f.dir.path().join("t.html");
    let err = export(
        &f.store,
        f.incident,
        ExportFormat::Html,
        &path,
        &bad_zone,
        &mut |_| {},
    );
    assert!(matches!(err, Err(Error::Validation { ref field, .. }) if field == "time_zone"));
    assert!(!path.exists());
    Ok(())
}

/// The chain head and entry count, to show an import left the database untouched.
fn state(f: &Fx) -> Result<ChainStatus> {
    verify(&f.store, f.incident)
}

fn refused(f: &Fx, name: &str, bytes: &[u8], line: u64, needle: &str) -> Result<()> {
    let before = state(f)?;
    let path = write(f.dir.path(), name, bytes)?;
    let format = if name.ends_with(".jsonl") {
        ImportFormat::TimesketchJsonl
    } else {
        ImportFormat::TimesketchCsv
    };
    match import(
        &f.store,
        f.incident,
        &path,
        format,
        None,
        "dana",
        &mut |_| {},
    ) {
        Err(Error::ImportRow {
            line: got,
            message,
            file,
        }) => {
            assert_eq!(got, line, "{name}: {message}");
            assert!(
                message.contains(needle),
                "{name}: {message:?} lacks {needle:?}"
            );
            assert!(file.ends_with(name));
        }
        other => panic!("{name}: expected a line error, got {other:?}"),
    }
    assert_eq!(state(f)?, before, "{name}: the database changed");
    Ok(())
}

const HEADER: &str = "message,datetime,timestamp_desc,hostname\n";
const GOOD: &str = "Good row,2026-11-20T08:00:00Z,Seen,ws1\n";

#[test]
fn malformed_imports_name_the_line_and_store_nothing() -> Result<()> {
    let f = fx()?;
    let csv = |rows: &str| format!("{HEADER}{GOOD}{GOOD}{rows}").into_bytes();
    refused(
        &f,
        "bad-time.csv",
        &csv("Bad,yesterday at noon,Seen,ws1\n"),
        4,
        "not an ISO 8601 time",
    )?;
    refused(
        &f,
        "naive.csv",
        &csv("Bad,2026-11-20 08:00:00,Seen,ws1\n"),
        4,
        "no UTC offset",
    )?;
    refused(
        &f,
        "missing.csv",
        b"message,timestamp_desc\nx,y\n",
        1,
        "\"datetime\"",
    )?;
    refused(
        &f,
        "ragged.csv",
        &csv("Too,2026-11-20T08:00:00Z,Seen,ws1,extra\n"),
        4,
        "has 5 fields but the header has 4",
    )?;
    let mut utf8 = csv("");
    utf8.extend_from_slice(b"Caf\xe9 latte,2026-11-20T08:00:00Z,Seen,ws1\n");
    refused(&f, "latin1.csv", &utf8, 4, "not valid UTF-8")?;
    // Long forensic text imports (below); past the cap, the field, line and limit are named.
    let long = "x".repeat(IMPORT_TEXT_MAX + 1);
    refused(
        &f,
        "long-message.csv",
        &csv(&format!("{long},2026-11-20T08:00:00Z,Seen,ws1\n")),
        4,
        "message: the message is longer than 1048576 characters (1048577)",
    )?;
    // An unterminated quote would otherwise swallow the rest of the file into one field.
    let open_quote = format!(
        "\"Never closed,2026-11-20T08:00:00Z,Seen,ws1\n{}",
        GOOD.repeat(240_000)
    );
    refused(
        &f,
        "open-quote.csv",
        &csv(&open_quote),
        4,
        "longer than 8 MiB",
    )?;
    refused(&f, "empty.csv", b"", 1, "empty")?;
    refused(
        &f,
        "bad-confidence.csv",
        format!("{HEADER}x,2026-11-20T08:00:00Z,Seen,ws1\n")
            .replace("hostname", "confidence")
            .replace("ws1", "101")
            .as_bytes(),
        2,
        "confidence",
    )?;

    let jsonl = |extra: &str| {
        format!(
            "{{\"message\":\"a\",\"datetime\":\"2026-11-20T08:00:00Z\",\"timestamp_desc\":\"Seen\"}}\n{extra}"
        )
        .into_bytes()
    };
    refused(
        &f,
        "broken.jsonl",
        &jsonl("{\"message\": \"b\",\n"),
        2,
        "not valid JSON",
    )?;
    refused(
        &f,
        "no-desc.jsonl",
        &jsonl("{\"message\":\"b\",\"datetime\":\"2026-11-20T08:00:00Z\"}\n"),
        2,
        "timestamp_desc",
    )?;
    refused(&f, "bad-tag.jsonl", &jsonl("{\"message\":\"b\",\"datetime\":\"2026-11-20T08:00:00Z\",\"timestamp_desc\":\"x\",\"tag\":[1]}\n"), 2, "list of strings")?;
    refused(&f, "bad-tactic.jsonl", &jsonl("{\"message\":\"b\",\"datetime\":\"2026-11-20T08:00:00Z\",\"timestamp_desc\":\"x\",\"tactic\":\"Teleportation\"}\n"), 2, "tactics")?;
    let mut bad = jsonl("");
    bad.extend_from_slice(b"{\"message\":\"\xff\"}\n");
    refused(&f, "latin1.jsonl", &bad, 2, "not valid UTF-8")?;
    Ok(())
}

#[test]
fn a_generic_csv_imports_with_a_mapping_and_a_stated_offset() -> Result<()> {
    let f = fx()?;
    let path = write(
        f.dir.path(),
        "edr.csv",
        b"Time,Computer,Event,User,Severity\n2026-11-20 08:00:00,WS-1,Process injected,alice,high\n",
    )?;
    let p = preview(&path)?;
    assert_eq!(p.format, ImportFormat::GenericCsv);
    assert_eq!(
        (
            p.suggested.occurred_at.as_str(),
            p.suggested.message.as_str()
        ),
        ("Time", "Event")
    );
    assert_eq!(p.suggested.host.as_deref(), Some("Computer"));
    assert_eq!(p.sample.len(), 1);
    let mut mapping = p.suggested.clone();
    let err = import(
        &f.store,
        f.incident,
        &path,
        ImportFormat::GenericCsv,
        Some(&mapping),
        "dana",
        &mut |_| {},
    );
    assert!(
        matches!(err, Err(Error::ImportRow { line: 2, .. })),
        "no offset given: refused"
    );
    mapping.naive_offset = Some("+01:00".into());
    let s = import(
        &f.store,
        f.incident,
        &path,
        ImportFormat::GenericCsv,
        Some(&mapping),
        "dana",
        &mut |_| {},
    )?;
    assert_eq!(s.imported, 1);
    let e = &list(
        &f.store,
        f.incident,
        &TimelineFilter {
            kind: Some(EntryKind::Event),
            ..Default::default()
        },
    )?[0];
    assert_eq!(e.occurred_at.to_rfc3339(), "2026-11-20T08:00:00+01:00");
    assert_eq!((e.host.as_str(), e.account.as_str()), ("WS-1", "alice"));
    assert_eq!(
        e.note, "Severity: high",
        "unmapped columns are kept, not dropped"
    );
    Ok(())
}

#[test]
fn pages_count_every_match() -> Result<()> {
    let f = fx()?;
    let source = write(f.dir.path(), "analyst.csv", ANALYST_CSV.as_bytes())?;
    import_file(&f, f.incident, &source)?;
    let filter = TimelineFilter {
        host: Some("ws-042".into()),
        limit: Some(1),
        offset: Some(1),
        ..TimelineFilter::default()
    };
    let p = page(&f.store, f.incident, &filter)?;
    assert_eq!((p.total, p.offset, p.entries.len()), (2, 1, 1));
    assert!(p.entries[0].message.starts_with("Beacon"));
    Ok(())
}

/// Stops the job at its first progress report, as the Stop button does.
#[derive(Default)]
struct StopAtFirstReport {
    reports: u32,
}

impl Watch for StopAtFirstReport {
    fn progress(&mut self, _: Progress) {
        self.reports += 1;
    }

    fn cancelled(&self) -> bool {
        self.reports > 0
    }
}

fn many_rows(n: usize) -> String {
    let mut csv = String::from(HEADER);
    for i in 0..n {
        csv.push_str(&format!(
            "Beacon {i},2026-11-20T08:{:02}:{:02}.{i:06}Z,Seen,ws{}\n",
            i / 60 % 60,
            i % 60,
            i % 7
        ));
    }
    csv
}

#[test]
fn a_stopped_import_or_export_leaves_nothing_behind() -> Result<()> {
    let f = fx()?;
    let before = state(&f)?;
    let big = write(f.dir.path(), "big.csv", many_rows(30_000).as_bytes())?;
    let mut stop = StopAtFirstReport::default();
    let format = ImportFormat::TimesketchCsv;
    let err = import(&f.store, f.incident, &big, format, None, "dana", &mut stop);
    assert!(matches!(err, Err(Error::Cancelled(_))), "{err:?}");
    assert_eq!(stop.reports, 1);
    assert_eq!(state(&f)?, before, "a stopped import stored something");

    let some = write(f.dir.path(), "some.csv", many_rows(12_000).as_bytes())?;
    assert_eq!(import_file(&f, f.incident, &some)?.imported, 12_000);
    for format in [ExportFormat::TimesketchCsv, ExportFormat::Html] {
        let out = f.dir.path().join("exports");
        std::fs::create_dir_all(&out).map_err(|source| Error::Io {
            context: "creating the export folder".into(),
            source,
        })?;
        let target = out.join("stopped");
        let mut stop = StopAtFirstReport::default();
        let options = ExportOptions::default();
        let err = export(&f.store, f.incident, format, &target, &options, &mut stop);
        assert!(
            matches!(err, Err(Error::Cancelled(_))),
            "{format:?}: {err:?}"
        );
        let left: Vec<_> = std::fs::read_dir(&out)
            .map_err(|source| Error::Io {
                context: "listing the export folder".into(),
                source,
            })?
            .collect();
        assert!(left.is_empty(), "{format:?} left {left:?}");
    }
    Ok(())
}

#[test]
fn exports_leave_out_superseded_versions_and_retractions_unless_history_is_asked() -> Result<()> {
    let f = fx()?;
    let new = |at: &str, message: &str| NewEvent {
        occurred_at: at.into(),
        message: message.into(),
        ..Default::default()
    };
    let first = add_event(
        &f.store,
        f.incident,
        new("2026-11-20T10:00:00Z", "Phish opened by J. Doe"),
        "bob",
    )?;
    edit_event(
        &f.store,
        f.incident,
        first.id,
        new("2026-11-20T09:58:00Z", "Phish opened by J. Roe"),
        "bob",
    )?;
    let dup = add_event(
        &f.store,
        f.incident,
        new("2026-11-20T11:00:00Z", "Duplicate alert"),
        "bob",
    )?;
    retract(
        &f.store,
        f.incident,
        dup.id,
        "same alert as the phish",
        "bob",
    )?;

    type Listed = Vec<(String, String, String)>;
    let rows = |include_history: bool| -> Result<(Listed, Progress, u32)> {
        let path = f.dir.path().join(format!("h{include_history}.csv"));
        let options = ExportOptions {
            time_zone: None,
            include_history,
        };
        let mut last = Progress { done: 0, total: 0 };
        let summary = export(
            &f.store,
            f.incident,
            ExportFormat::TimesketchCsv,
            &path,
            &options,
            &mut |p| last = p,
        )?;
        let mut reader =
            csv::Reader::from_path(&path).map_err(|e| Error::Corrupt(e.to_string()))?;
        let mut out = Vec::new();
        for r in reader.records() {
            let r = r.map_err(|e| Error::Corrupt(e.to_string()))?;
            let get = |i: usize| r.get(i).unwrap_or_default().to_owned();
            // message, timestamp_desc, superseded
            out.push((get(0), get(2), get(23)));
        }
        Ok((out, last, summary.entries))
    };
    let has = |rows: &[(String, String, String)], message: &str, desc: &str, superseded: &str| {
        rows.iter()
            .any(|(m, d, s)| m.contains(message) && d == desc && s == superseded)
    };

    let (current, progress, entries) = rows(false)?;
    assert!(has(&current, "J. Roe", "Event Occurred", "false"));
    assert!(!current
        .iter()
        .any(|(m, _, _)| m.contains("J. Doe") || m.contains("Duplicate")));
    assert!(!current.iter().any(|(_, d, _)| d == "Entry Retracted"));
    assert_eq!(entries as usize, current.len());
    assert_eq!(
        (progress.done, progress.total),
        (current.len() as u64, current.len() as u64)
    );

    let (all, progress, entries) = rows(true)?;
    assert!(has(
        &all,
        "J. Doe",
        "Event Occurred (superseded version)",
        "true"
    ));
    assert!(has(
        &all,
        "Duplicate alert",
        "Event Occurred (superseded version)",
        "true"
    ));
    assert!(all.iter().any(|(_, d, _)| d == "Entry Retracted"));
    assert_eq!(all.len(), current.len() + 3);
    assert_eq!(entries as usize, all.len());
    assert_eq!(progress.total, all.len() as u64);

    let md = |include_history: bool| -> Result<String> {
        let path = f.dir.path().join(format!("h{include_history}.md"));
        let options = ExportOptions {
            time_zone: None,
            include_history,
        };
        export(
            &f.store,
            f.incident,
            ExportFormat::Markdown,
            &path,
            &options,
            &mut |_| {},
        )?;
        read(&path)
    };
    let (current, all) = (md(false)?, md(true)?);
    assert!(
        current.contains("J. Roe")
            && !current.contains("J. Doe")
            && !current.contains("Duplicate alert")
    );
    assert!(
        all.contains("J. Doe")
            && all.contains("Duplicate alert")
            && all.contains("same alert as the phish")
    );
    Ok(())
}
