//! Host suggestions and the host-fragment filter: what they find, what they count, that
//! they go through the host index, and how long they take on a large timeline.

use std::fmt::Write as _;
use std::time::Instant;

use super::*;
use crate::catalog::IncidentType;
use crate::testing::Fx;

fn fx() -> Result<Fx> {
    crate::testing::with_incident(IncidentType::Ransomware, "Encrypted file shares")
}

fn on(f: &Fx, host: &str, at: &str, message: &str) -> Result<TimelineEntry> {
    let e = NewEvent {
        occurred_at: at.into(),
        message: message.into(),
        host: Some(host.into()),
        ..NewEvent::default()
    };
    add_event(&f.store, f.incident, e, "bob")
}

fn counts(v: &[HostCount]) -> Vec<(&str, u32)> {
    v.iter().map(|h| (h.host.as_str(), h.entries)).collect()
}

#[test]
fn a_fragment_anywhere_in_the_name_suggests_hosts_with_counts_most_first() -> Result<()> {
    let f = fx()?;
    for i in 0..3 {
        on(
            &f,
            "fs01.offsec.lan",
            &format!("2026-11-20T10:0{i}:00Z"),
            "smb",
        )?;
    }
    on(
        &f,
        "FS01.OFFSEC.LAN",
        "2026-11-20T10:05:00Z",
        "same host, other spelling",
    )?;
    on(&f, "backup-fs01", "2026-11-20T10:06:00Z", "copy")?;
    on(&f, "dc01.offsec.lan", "2026-11-20T10:07:00Z", "logon")?;

    let got = hosts(&f.store, f.incident, "FS01", 10)?;
    assert_eq!(
        counts(&got),
        vec![("fs01.offsec.lan", 4), ("backup-fs01", 1)]
    );
    let all = hosts(&f.store, f.incident, "  ", 10)?;
    assert_eq!(all.len(), 3, "an empty fragment lists every host: {all:?}");
    assert_eq!(
        hosts(&f.store, f.incident, "offsec", 1)?.len(),
        1,
        "the limit holds"
    );
    assert!(hosts(&f.store, f.incident, "nas", 10)?.is_empty());
    Ok(())
}

#[test]
fn corrected_and_retracted_entries_are_not_counted() -> Result<()> {
    let f = fx()?;
    let a = on(&f, "ws-042", "2026-11-20T10:00:00Z", "first")?;
    on(&f, "ws-042", "2026-11-20T10:01:00Z", "second")?;
    let b = on(&f, "ws-042", "2026-11-20T10:02:00Z", "moved")?;
    // The correction names another host: ws-042 keeps two entries, ws-043 gains one.
    let moved = NewEvent {
        occurred_at: "2026-11-20T10:02:00Z".into(),
        message: "moved".into(),
        host: Some("ws-043".into()),
        ..NewEvent::default()
    };
    edit_event(&f.store, f.incident, b.id, moved, "bob")?;
    retract(&f.store, f.incident, a.id, "duplicate", "bob")?;
    assert_eq!(
        counts(&hosts(&f.store, f.incident, "ws-04", 10)?),
        vec![("ws-042", 1), ("ws-043", 1)]
    );
    Ok(())
}

#[test]
fn the_host_fragment_filter_lists_the_matching_hosts_entries_newest_first() -> Result<()> {
    let f = fx()?;
    on(&f, "fs01.offsec.lan", "2026-11-20T10:00:00Z", "a")?;
    on(&f, "dc01.offsec.lan", "2026-11-20T10:01:00Z", "b")?;
    on(&f, "Backup-FS01", "2026-11-20T10:02:00Z", "c")?;
    on(&f, "fs01.offsec.lan", "2026-11-20T10:03:00Z", "d")?;
    let filter = TimelineFilter {
        host_contains: Some(" fs01 ".into()),
        order: Some(TimelineOrder::OccurredDesc),
        ..Default::default()
    };
    let got: Vec<String> = list(&f.store, f.incident, &filter)?
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert_eq!(got, vec!["d", "c", "a"]);
    let p = page(&f.store, f.incident, &filter)?;
    assert_eq!(p.total, 3);
    let none = TimelineFilter {
        host_contains: Some("nas".into()),
        ..Default::default()
    };
    assert_eq!(page(&f.store, f.incident, &none)?.total, 0);
    // The exact filter stays exact.
    let exact = TimelineFilter {
        host: Some("fs01".into()),
        ..Default::default()
    };
    assert_eq!(page(&f.store, f.incident, &exact)?.total, 0);
    Ok(())
}

#[test]
fn newest_first_reverses_both_orders() -> Result<()> {
    let f = fx()?;
    on(&f, "h", "2026-11-20T10:05:00Z", "late")?;
    on(&f, "h", "2026-11-20T10:00:00Z", "early")?;
    let order = |o| -> Result<Vec<String>> {
        let filter = TimelineFilter {
            kind: Some(EntryKind::Event),
            order: Some(o),
            ..Default::default()
        };
        Ok(list(&f.store, f.incident, &filter)?
            .into_iter()
            .map(|e| e.message)
            .collect())
    };
    assert_eq!(order(TimelineOrder::Occurred)?, vec!["early", "late"]);
    assert_eq!(order(TimelineOrder::OccurredDesc)?, vec!["late", "early"]);
    assert_eq!(order(TimelineOrder::Recorded)?, vec!["late", "early"]);
    assert_eq!(order(TimelineOrder::RecordedDesc)?, vec!["early", "late"]);
    Ok(())
}

fn plan(f: &Fx, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<String> {
    f.store.read(|c| {
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params, |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join(" | "))
    })
}

/// Each step of the distinct-host walk is one seek in the host index, reading the index
/// alone; counting a host is a range of that index; the fragment filter looks each
/// matching host up in it. None of them reads the table or scans the timeline.
#[test]
fn host_queries_seek_the_host_index() -> Result<()> {
    let f = fx()?;
    on(&f, "fs01.offsec.lan", "2026-11-20T10:00:00Z", "a")?;
    let id = f.incident.to_string();
    let step = plan(
        &f,
        &format!(
            "SELECT t.host FROM timeline_entries t INDEXED BY timeline_by_host
             WHERE t.incident = {} AND t.host COLLATE NOCASE > ?2
             ORDER BY t.host COLLATE NOCASE LIMIT 1",
            chain::INCIDENT
        ),
        &[&id, &""],
    )?;
    assert!(
        step.contains("SEARCH t USING COVERING INDEX timeline_by_host (incident=? AND host>?)"),
        "{step}"
    );
    assert!(!step.contains("TEMP B-TREE"), "{step}");
    let count = plan(
        &f,
        &format!(
            "SELECT count(*) FROM timeline_entries t INDEXED BY timeline_by_host
             WHERE t.incident = {} AND t.host = ?2 COLLATE NOCASE",
            chain::INCIDENT
        ),
        &[&id, &"x"],
    )?;
    assert!(
        count.contains("SEARCH t USING COVERING INDEX timeline_by_host (incident=? AND host=?)"),
        "{count}"
    );
    let filtered = plan(
        &f,
        &format!(
            "SELECT t.id FROM timeline_entries t INDEXED BY timeline_by_host
             WHERE t.incident = {} AND t.host COLLATE NOCASE IN (SELECT value FROM json_each(?2))
             ORDER BY t.occurred_at DESC, t.seq DESC",
            chain::INCIDENT
        ),
        &[&id, &"[\"a\",\"b\"]"],
    )?;
    assert!(
        filtered.contains("SEARCH t USING INDEX timeline_by_host (incident=? AND host=?)"),
        "{filtered}"
    );
    Ok(())
}

/// Timings on a 100,000-entry timeline over 400 hosts (run with `--ignored`; it imports a
/// generated file, a few seconds in a debug build).
#[test]
#[ignore = "builds a 100,000-entry timeline; run with --ignored for timings"]
fn host_suggestions_at_100k_entries() -> Result<()> {
    const N: usize = 100_000;
    let f = fx()?;
    let mut csv = String::from("message,datetime,timestamp_desc,hostname\n");
    for i in 0..N {
        // Skewed like real logs: a few busy servers, a long tail of workstations.
        let host = match i % 10 {
            0..=3 => format!("fs{:02}.offsec.lan", i % 4),
            _ => format!("ws-{:03}.offsec.lan", (i * 7919) % 396),
        };
        let at = 1_795_000_000 + i as i64;
        let stamp = chrono::DateTime::from_timestamp(at, 0).map(|d| d.to_rfc3339());
        let _ = writeln!(csv, "Event {i},{},Log,{host}", stamp.unwrap_or_default());
    }
    let path = f.dir.path().join("big.csv");
    std::fs::write(&path, csv).map_err(|source| Error::Io {
        context: "writing fixture".into(),
        source,
    })?;
    let t = Instant::now();
    import(
        &f.store,
        f.incident,
        &path,
        ImportFormat::TimesketchCsv,
        None,
        "dana",
        &mut |_| {},
    )?;
    println!("import {N}: {:?}", t.elapsed());

    let time = |label: &str, run: &dyn Fn() -> Result<usize>| -> Result<()> {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..7 {
            let t = Instant::now();
            n = run()?;
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "{label:<44} median {:>9.2?}  max {:>9.2?}  ({n})",
            times[3], times[6]
        );
        Ok(())
    };
    time("distinct hosts (skip scan)", &|| {
        f.store.read(|c| Ok(hosts::distinct(c, f.incident)?.len()))
    })?;
    time("suggest \"fs01\" (10k entries)", &|| {
        Ok(hosts(&f.store, f.incident, "fs01", 10)?.len())
    })?;
    time("suggest \"ws-1\" (~110 hosts)", &|| {
        Ok(hosts(&f.store, f.incident, "ws-1", 10)?.len())
    })?;
    time("suggest \"\" (every host, all entries)", &|| {
        Ok(hosts(&f.store, f.incident, "", 10)?.len())
    })?;
    time("page: host contains \"ws-00\", newest first", &|| {
        let filter = TimelineFilter {
            host_contains: Some("ws-00".into()),
            order: Some(TimelineOrder::OccurredDesc),
            limit: Some(200),
            ..Default::default()
        };
        Ok(page(&f.store, f.incident, &filter)?.total as usize)
    })?;
    time("page: unfiltered, newest first", &|| {
        let filter = TimelineFilter {
            order: Some(TimelineOrder::OccurredDesc),
            limit: Some(200),
            ..Default::default()
        };
        Ok(page(&f.store, f.incident, &filter)?.total as usize)
    })?;
    time("page: unfiltered, oldest first", &|| {
        let filter = TimelineFilter {
            order: Some(TimelineOrder::Occurred),
            limit: Some(200),
            ..Default::default()
        };
        Ok(page(&f.store, f.incident, &filter)?.total as usize)
    })?;
    let all = hosts(&f.store, f.incident, "", SUGGESTIONS_MAX)?;
    assert_eq!(all[0].entries, 10_000, "{:?}", &all[..4]);
    Ok(())
}
