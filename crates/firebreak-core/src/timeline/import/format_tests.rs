//! Real outputs of the DFIR tools (`../shared/thirdparty/`, never copied here) import as
//! they are: counts and a few fields checked exactly.

use std::path::Path;

use crate::catalog::IncidentType;
use crate::testing::{thirdparty, Fx};
use crate::timeline::{
    self, EntryKind, ImportFormat, ImportPreview, ImportRequest, ImportSummary, TimelineEntry,
    TimelineFilter,
};
use crate::{Error, Result};

fn fx() -> Result<Fx> {
    crate::testing::with_incident(IncidentType::Ransomware, "Imported tool timelines")
}

fn import(f: &Fx, path: &Path, skip_undated: bool) -> Result<ImportSummary> {
    let format = timeline::preview(path)?.format;
    let request = ImportRequest {
        format,
        mapping: None,
        skip_undated,
    };
    timeline::import_with(&f.store, f.incident, path, &request, "dana", &mut |_| {})
}

/// Events in time order (then chain order).
fn events(f: &Fx) -> Result<Vec<TimelineEntry>> {
    let filter = TimelineFilter {
        kind: Some(EntryKind::Event),
        order: Some(crate::timeline::TimelineOrder::Occurred),
        ..TimelineFilter::default()
    };
    timeline::list(&f.store, f.incident, &filter)
}

/// Imports the sample (skipping undated rows when asked) into a fresh incident.
fn sample(rel: &str, skip_undated: bool) -> Result<Option<(Fx, ImportPreview, ImportSummary)>> {
    let Some(path) = thirdparty(rel) else {
        return Ok(None);
    };
    let f = fx()?;
    let p = timeline::preview(&path)?;
    let s = import(&f, &path, skip_undated)?;
    assert!(matches!(
        timeline::verify(&f.store, f.incident)?,
        timeline::ChainStatus::Intact { .. }
    ));
    Ok(Some((f, p, s)))
}

/// The first event (in time, then chain order) whose message starts with `start`.
fn find<'e>(events: &'e [TimelineEntry], start: &str) -> &'e TimelineEntry {
    events
        .iter()
        .find(|e| e.message.starts_with(start))
        .unwrap_or_else(|| panic!("no event starting {start:?}"))
}

fn counts(s: &ImportSummary) -> (u32, u32, u32, u32) {
    (s.rows, s.imported, s.duplicates, s.skipped_undated)
}

#[test]
fn plaso_dynamic_csv_counts_not_a_time_rows_and_imports_the_rest_when_told_to_skip() -> Result<()> {
    let rel = "plaso/generated/out.dynamic.utc.csv";
    let Some(path) = thirdparty(rel) else {
        return Ok(());
    };
    let p = timeline::preview(&path)?;
    assert_eq!(
        (p.format, p.rows, p.undated),
        (ImportFormat::PlasoDynamic, 503, 4)
    );
    assert_eq!(p.format_label, "Plaso dynamic CSV");
    let reason = p.undated_reason.clone().unwrap_or_default();
    assert!(
        reason.starts_with("first at line 2: datetime is \"0000-00-00T00:00:00.000000+00:00\""),
        "{reason}"
    );
    let column = |c: &str| {
        p.columns
            .iter()
            .find(|u| u.column == c)
            .map(|u| u.field.as_str())
    };
    assert_eq!(column("datetime"), Some("time"));
    assert_eq!(column("parser"), Some("source"));
    assert_eq!(column("display_name"), Some("detail"));

    // Not told to skip: refused at the first undated row, nothing stored.
    let f = fx()?;
    let before = timeline::verify(&f.store, f.incident)?;
    match import(&f, &path, false) {
        Err(Error::ImportRow { line, message, .. }) => {
            assert_eq!(line, 2);
            assert!(
                message.contains("Not a time") && message.contains("--skip-undated"),
                "{message}"
            );
        }
        other => panic!("expected the undated row refused, got {other:?}"),
    }
    assert_eq!(timeline::verify(&f.store, f.incident)?, before);

    let s = import(&f, &path, true)?;
    assert_eq!(counts(&s), (503, 499, 0, 4));
    let all = events(&f)?;
    assert_eq!(all.len(), 499);
    let dpkg = find(&all, "conffile /etc/X11/Xsession keep");
    assert_eq!(dpkg.occurred_at.to_rfc3339(), "2009-02-25T11:45:23+00:00");
    assert_eq!(dpkg.source, "Plaso: text/dpkg");
    assert!(
        dpkg.note.contains("timestamp_desc: Added Time"),
        "{}",
        dpkg.note
    );
    assert!(
        dpkg.note
            .contains("display_name: OS:/tmp/evidence/dpkg.log"),
        "{}",
        dpkg.note
    );
    let longest = all.iter().map(|e| e.message.chars().count()).max();
    assert_eq!(longest, Some(18_896));
    assert!(all.iter().any(|e| e
        .message
        .starts_with("/leyndardómarnir/ekki skoða/þínar skrár")));

    // The choice is on the record: an action naming the file and the count.
    let actions = timeline::list(
        &f.store,
        f.incident,
        &TimelineFilter {
            kind: Some(EntryKind::Action),
            ..TimelineFilter::default()
        },
    )?;
    let imported = actions
        .iter()
        .find(|a| a.action == Some(crate::incident::AuditAction::TimelineImported))
        .unwrap_or_else(|| panic!("no import action in {actions:?}"));
    assert_eq!(
        imported.subject,
        "out.dynamic.utc.csv (4 undated rows skipped)"
    );
    assert!(
        imported.note.contains("499 of 503 rows imported")
            && imported.note.contains("4 rows skipped"),
        "{}",
        imported.note
    );
    assert_eq!(
        s.head_hash,
        f.store
            .read(|c| crate::timeline::chain::head_hex(c, f.incident))?
    );

    // Again: every dated row is already there.
    let again = import(&f, &path, true)?;
    assert_eq!(counts(&again), (503, 0, 499, 4));
    Ok(())
}

#[test]
fn plaso_l2tcsv_reads_date_time_and_the_rows_zone() -> Result<()> {
    if let Some((f, p, s)) = sample("plaso/generated/out.l2tcsv.utc.csv", true)? {
        assert_eq!(
            (p.format, p.rows, p.undated),
            (ImportFormat::PlasoL2tcsv, 282, 4)
        );
        assert!(p.undated_reason.unwrap_or_default().contains("00/00/0000"));
        assert_eq!(counts(&s), (282, 278, 0, 4));
        let dpkg = find(&events(&f)?, "conffile /etc/X11/Xsession keep").clone();
        assert_eq!(dpkg.occurred_at.to_rfc3339(), "2009-02-25T11:45:23+00:00");
        assert_eq!(dpkg.source, "Plaso: text/dpkg");
    }
    // CET in winter, CEST in July: kept in the offset the row was given in, stored as UTC.
    if let Some((f, p, s)) = sample("plaso/psort-end-to-end/l2tcsv_time_zone.log", false)? {
        assert_eq!((p.format, p.undated), (ImportFormat::PlasoL2tcsv, 0));
        assert_eq!(counts(&s), (19, 19, 0, 0));
        let all = events(&f)?;
        let winter = find(
            &all,
            "[client  pid: 30840] INFO No new content in ímynd.dd.",
        );
        assert_eq!(winter.occurred_at.to_rfc3339(), "2012-01-22T08:52:33+01:00");
        assert_eq!(winter.host, "myhostname.myhost.com");
        assert_eq!(winter.account, "");
        let summer = all.iter().filter(|e| {
            e.occurred_at
                .to_rfc3339()
                .starts_with("2026-07-02T19:47:57")
        });
        let summer: Vec<_> = summer.collect();
        assert_eq!(summer.len(), 1, "the M.C. row is one event");
        assert_eq!(
            summer[0].occurred_at.to_rfc3339(),
            "2026-07-02T19:47:57+02:00"
        );
        assert_eq!(summer[0].occurred_at.timestamp(), 1_783_014_477);
        assert!(summer[0].note.contains("MACB: M.C."), "{}", summer[0].note);
    }
    Ok(())
}

#[test]
fn plaso_json_line_and_json_import_with_not_set_times_counted() -> Result<()> {
    if let Some((f, p, s)) = sample("plaso/generated/out.json_line.utc.jsonl", true)? {
        assert_eq!(
            (p.format, p.rows, p.undated),
            (ImportFormat::PlasoJsonLine, 503, 4)
        );
        assert!(p
            .undated_reason
            .unwrap_or_default()
            .starts_with("first at line 1: date_time is NotSet"));
        assert_eq!(counts(&s), (503, 499, 0, 4));
        let dpkg = find(&events(&f)?, "conffile /etc/X11/Xsession keep").clone();
        assert_eq!(dpkg.occurred_at.to_rfc3339(), "2009-02-25T11:45:23+00:00");
        assert!(
            dpkg.note
                .contains("pathspec.location: /tmp/evidence/dpkg.log"),
            "{}",
            dpkg.note
        );
        assert!(!dpkg.note.contains("__type__"), "{}", dpkg.note);
    }
    if let Some((f, p, s)) = sample("plaso/psort-end-to-end/json.log", false)? {
        assert_eq!((p.format, p.rows), (ImportFormat::PlasoJson, 20));
        assert_eq!(counts(&s), (20, 20, 0, 0));
        let all = events(&f)?;
        let first = find(
            &all,
            "[client, pid: 30840] INFO No new content in ímynd.dd.",
        );
        assert_eq!(first.occurred_at.to_rfc3339(), "2012-01-22T07:52:33+00:00");
        assert_eq!(first.host, "myhostname.myhost.com");
        assert_eq!(first.source, "Plaso: text/syslog_traditional");
        // Integer microseconds, as Plaso rounded them.
        assert!(all
            .iter()
            .any(|e| e.occurred_at.to_rfc3339() == "2026-07-02T17:47:57.955520+00:00"));
    }
    Ok(())
}

#[test]
fn plaso_tln_and_l2ttln_take_the_descriptions_nanosecond_time() -> Result<()> {
    for (rel, format) in [
        ("plaso/psort-end-to-end/tln.log", ImportFormat::PlasoTln),
        (
            "plaso/psort-end-to-end/l2ttln.log",
            ImportFormat::PlasoL2ttln,
        ),
    ] {
        let Some((f, p, s)) = sample(rel, false)? else {
            continue;
        };
        assert_eq!((p.format, p.rows), (format, 20), "{rel}");
        assert_eq!(counts(&s), (20, 20, 0, 0), "{rel}");
        let all = events(&f)?;
        let e = find(
            &all,
            "[client, pid: 30840] INFO No change in [/etc/netgroup]. Done",
        );
        assert_eq!(e.occurred_at.to_rfc3339(), "2012-01-22T07:52:33+00:00");
        assert_eq!(
            (e.source.as_str(), e.host.as_str(), e.account.as_str()),
            ("Plaso: LOG", "myhostname.myhost.com", "")
        );
        assert!(
            e.note.contains("timestamp_desc: Content Modification Time"),
            "{}",
            e.note
        );
        // The Time column has seconds; the description has the nanoseconds (to µs here).
        assert!(
            all.iter()
                .any(|e| e.occurred_at.to_rfc3339() == "2026-07-02T17:47:57.955519+00:00"),
            "{rel}"
        );
    }
    Ok(())
}

#[test]
fn plaso_dynamic_in_cet_keeps_each_rows_offset() -> Result<()> {
    let Some((f, p, s)) = sample("plaso/psort-end-to-end/dynamic_time_zone.log", false)? else {
        return Ok(());
    };
    assert_eq!(p.format, ImportFormat::PlasoDynamic);
    assert_eq!(counts(&s), (20, 20, 0, 0));
    let all = events(&f)?;
    let winter = find(
        &all,
        "[client  pid: 30840] INFO No change in [/etc/netgroup]. Done",
    );
    assert_eq!(winter.occurred_at.to_rfc3339(), "2012-01-22T08:52:33+01:00");
    assert!(all
        .iter()
        .any(|e| e.occurred_at.to_rfc3339() == "2026-07-02T19:47:57.955519+02:00"));
    Ok(())
}

#[test]
fn hayabusa_csv_maps_computer_rule_and_keeps_its_offset() -> Result<()> {
    let Some((f, p, s)) = sample(
        "hayabusa/hayabusa-sample-evtx-ResultsDefaultSettings.csv",
        false,
    )?
    else {
        return Ok(());
    };
    assert_eq!(
        (p.format, p.rows, p.undated),
        (ImportFormat::HayabusaCsv, 10_072, 0)
    );
    // 217 rows of the file are exact copies of another row: one event each.
    assert_eq!(counts(&s), (10_072, 9_855, 217, 0));
    let all = events(&f)?;
    let first = &all[0];
    assert_eq!(
        first.occurred_at.to_rfc3339(),
        "2013-10-24T01:16:13.843+09:00"
    );
    assert_eq!(
        (
            first.message.as_str(),
            first.host.as_str(),
            first.source.as_str()
        ),
        ("Logon Type 0 - System", "37L4247D28-05", "Hayabusa")
    );
    assert!(
        first.note.contains("Level: informational")
            && first.note.contains("EventID: 4624")
            && first.note.contains("Details: Bootup"),
        "{}",
        first.note
    );
    Ok(())
}

#[test]
fn chainsaw_hunt_and_search_read_the_nested_system_time() -> Result<()> {
    if let Some((f, p, s)) = sample("chainsaw/hunt_expected.json", false)? {
        assert_eq!((p.format, p.rows), (ImportFormat::Chainsaw, 595));
        assert_eq!(counts(&s), (595, 594, 1, 0));
        let all = events(&f)?;
        let godmode = find(
            &all,
            "Godmode Sigma Rule; Usage of Sysinternals Tools; Suspicious Use of Procdump on LSASS",
        );
        assert_eq!(
            godmode.occurred_at.to_rfc3339(),
            "2019-07-19T15:11:26.642464+00:00"
        );
        assert_eq!(
            (godmode.host.as_str(), godmode.account.as_str()),
            ("MSEDGEWIN10", "MSEDGEWIN10\\IEUser")
        );
        assert_eq!(
            godmode.source,
            "Chainsaw: Microsoft-Windows-Sysmon/Operational"
        );
        let cleared = find(&all, "(Built-in Logic) - Security audit log was cleared");
        assert_eq!(
            (cleared.source.as_str(), cleared.host.as_str()),
            ("Chainsaw: Security", "WIN-77LTAPHIQ1R.example.corp")
        );
    }
    for rel in [
        "chainsaw/clo_search_q_jsonl_simple_string.txt",
        "chainsaw/clo_search_qj_simple_string.txt",
    ] {
        let Some((f, p, s)) = sample(rel, false)? else {
            continue;
        };
        assert_eq!((p.format, p.rows), (ImportFormat::Chainsaw, 2), "{rel}");
        assert_eq!(counts(&s), (2, 2, 0, 0));
        let first = &events(&f)?[0];
        assert_eq!(
            first.occurred_at.to_rfc3339(),
            "2022-10-11T19:26:52.154080+00:00"
        );
        assert_eq!(
            (
                first.message.as_str(),
                first.host.as_str(),
                first.account.as_str()
            ),
            ("EventID: 4624", "DESKTOP-JK4Q86I", "SYSTEM")
        );
        assert!(
            first.note.contains("Event.EventData.LogonType: 5"),
            "{}",
            first.note
        );
    }
    Ok(())
}

#[test]
fn velociraptor_result_sets_use_each_artifacts_time_field() -> Result<()> {
    if let Some((f, p, s)) = sample(
        "velociraptor/velocidex/Windows.Network.NetstatEnriched.Netstat.json",
        false,
    )? {
        assert_eq!((p.format, p.rows), (ImportFormat::Velociraptor, 57));
        assert_eq!(
            p.columns
                .iter()
                .find(|c| c.column == "Timestamp")
                .map(|c| c.field.as_str()),
            Some("time")
        );
        assert_eq!(counts(&s), (57, 56, 1, 0));
        let lsass = find(
            &events(&f)?,
            "CommandLine: C:\\Windows\\system32\\lsass.exe",
        )
        .clone();
        assert_eq!(lsass.occurred_at.to_rfc3339(), "2020-08-01T09:17:02+00:00");
        assert_eq!(
            (lsass.source.as_str(), lsass.account.as_str()),
            (
                "Velociraptor: Windows.Network.NetstatEnriched.Netstat",
                "NT AUTHORITY\\SYSTEM"
            )
        );
        assert!(lsass.note.contains("Hash.SHA256: "), "{}", lsass.note);
    }
    // Null Mtime: the row has no time; counted, and skipped on request.
    if let Some((f, p, s)) = sample("velociraptor/msticpy/Windows.Sys.Users.json", true)? {
        assert_eq!(
            (p.format, p.rows, p.undated),
            (ImportFormat::Velociraptor, 7, 2)
        );
        assert_eq!(counts(&s), (7, 5, 0, 2));
        let admin = find(&events(&f)?, "Name: Administrator").clone();
        assert_eq!(
            admin.occurred_at.to_rfc3339(),
            "2022-02-12T18:50:11.055795+00:00"
        );
    }
    // Autoruns' zone-less yyyyMMdd-HHmmss is UTC (autorunsc -t).
    if let Some((f, _, s)) = sample(
        "velociraptor/msticpy/Windows.Sysinternals.Autoruns.json",
        false,
    )? {
        assert_eq!(counts(&s), (10, 10, 0, 0));
        assert!(events(&f)?
            .iter()
            .any(|e| e.occurred_at.to_rfc3339() == "2022-02-12T20:37:45+00:00"));
    }
    for (rel, rows) in [
        ("velociraptor/msticpy/Windows.Forensics.Usn.json", 10),
        ("velociraptor/msticpy/Windows.Forensics.Lnk.json", 10),
        ("velociraptor/msticpy/Windows.Network.Netstat.json", 10),
    ] {
        if let Some((_, p, s)) = sample(rel, false)? {
            assert_eq!(
                (p.format, s.rows, s.imported),
                (ImportFormat::Velociraptor, rows, rows),
                "{rel}"
            );
        }
    }
    Ok(())
}

#[test]
fn timesketch_own_test_files_with_long_fields_many_columns_and_epoch_times_import() -> Result<()> {
    if let Some((f, _, s)) = sample(
        "timesketch/tests_test_events/large_field_event.jsonl",
        false,
    )? {
        assert_eq!(counts(&s), (3, 3, 0, 0));
        assert!(events(&f)?.iter().any(|e| e.note.chars().count() > 38_000));
    }
    if let Some((f, _, s)) = sample(
        "timesketch/tests_test_events/mapping_limit_exceed.csv",
        false,
    )? {
        assert_eq!(counts(&s), (1, 1, 0, 0));
        // 503 columns: time, message, and 501 kept as detail (timestamp_desc among them).
        assert_eq!(events(&f)?[0].note.lines().count(), 501);
    }
    // Only `timestamp`: seconds, milliseconds and microseconds, told apart by magnitude.
    if let Some((f, p, s)) = sample(
        "timesketch/tests_test_events/csv_timestamp_no_datetime.csv",
        false,
    )? {
        assert_eq!(p.format, ImportFormat::TimesketchCsv);
        assert_eq!(counts(&s), (3, 3, 0, 0));
        let times: Vec<String> = events(&f)?
            .iter()
            .map(|e| e.occurred_at.to_rfc3339())
            .collect();
        assert_eq!(
            times,
            [
                "2022-07-24T19:01:01+00:00",
                "2022-07-24T19:01:01.123+00:00",
                "2022-07-24T19:01:01.123456+00:00"
            ]
        );
    }
    // Lacking only `message`: told which column is missing.
    if let Some(path) = thirdparty("timesketch/end_to_end_test_data/evtx_fails.csv") {
        let f = fx()?;
        assert_eq!(
            timeline::preview(&path)?.format,
            ImportFormat::TimesketchCsv
        );
        match import(&f, &path, false) {
            Err(Error::ImportRow {
                line: 1, message, ..
            }) => {
                assert!(
                    message.starts_with("the header has no column \"message\""),
                    "{message}"
                );
            }
            other => panic!("expected the missing column named, got {other:?}"),
        }
    }
    Ok(())
}
