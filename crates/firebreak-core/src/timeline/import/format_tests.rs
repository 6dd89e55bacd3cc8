//! Real outputs of the DFIR tools (`../shared/thirdparty/`, never copied here) import as
//! they are: counts and a few fields checked exactly.

use std::path::Path;

use crate::catalog::IncidentType;
use crate::testing::{thirdparty, Fx};
use crate::timeline::{
    self, ColumnMapping, EntryKind, ImportFormat, ImportPreview, ImportRequest, ImportSummary,
    TimelineEntry, TimelineFilter,
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
    // Epoch microseconds in `datetime`; `timestamp` standing in for an empty or blank one.
    if let Some((f, _, s)) = sample(
        "timesketch/tests_test_events/csv_timestamp_as_datetime.csv",
        false,
    )? {
        assert_eq!(counts(&s), (4, 4, 0, 0));
        assert_eq!(
            events(&f)?[0].occurred_at.to_rfc3339(),
            "2024-08-09T14:33:09.468712+00:00"
        );
    }
    if let Some((f, _, s)) = sample(
        "timesketch/tests_test_events/validate_no_datetime_timestamps.csv",
        false,
    )? {
        assert_eq!(counts(&s), (5, 5, 0, 0));
        let blank = find(&events(&f)?, "Whitespace datetime")
            .occurred_at
            .to_rfc3339();
        assert_eq!(blank, "2015-07-25T02:01:01+00:00");
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

/// Fixtures written for Firebreak from the tools' documented columns (no public sample of
/// EvtxECmd or MFTECmd output exists under a licence that allows keeping it).
fn ez_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ez-tools")
        .join(name)
}

#[test]
fn evtxecmd_csv_maps_its_documented_columns_in_utc() -> Result<()> {
    let f = fx()?;
    let path = ez_fixture("EvtxECmd_Output.csv");
    let p = timeline::preview(&path)?;
    assert_eq!(
        (p.format, p.rows, p.undated),
        (ImportFormat::EvtxecmdCsv, 3, 0)
    );
    assert_eq!(counts(&import(&f, &path, false)?), (3, 3, 0, 0));
    let all = events(&f)?;
    let logon = &all[0];
    assert_eq!(
        logon.occurred_at.to_rfc3339(),
        "2026-11-19T22:41:07.513335+00:00"
    );
    assert_eq!(
        (
            logon.message.as_str(),
            logon.source.as_str(),
            logon.host.as_str(),
            logon.account.as_str()
        ),
        (
            "Successful logon",
            "EvtxECmd: Security",
            "FS01.corp.example",
            "CORP\\svc_backup"
        )
    );
    assert!(
        logon.note.contains("PayloadData2: LogonType 3"),
        "{}",
        logon.note
    );
    // No map for event 7045: the event id stands in for the description.
    assert_eq!(all[2].message, "EventId: 7045");
    Ok(())
}

#[test]
fn mftecmd_csv_gives_one_event_per_file_record_at_its_si_creation_time() -> Result<()> {
    let f = fx()?;
    let path = ez_fixture("MFTECmd_MFT_Output.csv");
    let p = timeline::preview(&path)?;
    assert_eq!(
        (p.format, p.rows, p.undated),
        (ImportFormat::MftecmdCsv, 2, 1)
    );
    assert_eq!(counts(&import(&f, &path, true)?), (2, 1, 0, 1));
    let locker = &events(&f)?[0];
    assert_eq!(locker.occurred_at.to_rfc3339(), "2026-11-19T22:47:13+00:00");
    assert_eq!(
        (locker.message.as_str(), locker.source.as_str()),
        (".\\Users\\Public\\locker.exe", "MFTECmd")
    );
    assert!(
        locker
            .note
            .contains("Created0x30: 2026-11-19 22:47:13.4471562"),
        "{}",
        locker.note
    );
    assert!(
        locker
            .note
            .contains("ZoneIdContents: [ZoneTransfer]\nZoneId=3"),
        "{}",
        locker.note
    );
    Ok(())
}

#[test]
fn hayabusa_jsonl_maps_details_and_attack_tags() -> Result<()> {
    // Written from Hayabusa's documented JSONL output (no licensed sample is here).
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hayabusa/hayabusa-results.jsonl");
    let f = fx()?;
    assert_eq!(
        timeline::preview(&path)?.format,
        ImportFormat::HayabusaJsonl
    );
    assert_eq!(counts(&import(&f, &path, false)?), (2, 2, 0, 0));
    let all = events(&f)?;
    let procdump = &all[1];
    assert_eq!(
        procdump.occurred_at.to_rfc3339(),
        "2019-03-19T23:34:25.321+09:00"
    );
    assert_eq!(
        (
            procdump.message.as_str(),
            procdump.source.as_str(),
            procdump.host.as_str(),
            procdump.account.as_str()
        ),
        (
            "Suspicious Use of Procdump on LSASS",
            "Hayabusa: Sysmon",
            "MSEDGEWIN10",
            "MSEDGEWIN10\\IEUser"
        )
    );
    assert_eq!(
        (procdump.tactics.clone(), procdump.techniques.clone()),
        (vec!["TA0006".to_owned()], vec!["T1003.001".to_owned()])
    );
    assert!(
        procdump
            .note
            .contains("Details.Cmdline: procdump64.exe -ma lsass.exe"),
        "{}",
        procdump.note
    );
    assert_eq!(all[0].account, "IEUser");
    Ok(())
}

fn write(f: &Fx, name: &str, text: &str) -> Result<std::path::PathBuf> {
    let path = f.dir.path().join(name);
    std::fs::write(&path, text).map_err(|source| Error::Io {
        context: "writing fixture".into(),
        source,
    })?;
    Ok(path)
}

fn mapped(
    f: &Fx,
    path: &Path,
    format: ImportFormat,
    mapping: ColumnMapping,
) -> Result<ImportSummary> {
    let request = ImportRequest {
        format,
        mapping: Some(mapping),
        skip_undated: false,
    };
    timeline::import_with(&f.store, f.incident, path, &request, "dana", &mut |_| {})
}

#[test]
fn a_mapping_combines_date_and_time_columns_in_each_rows_zone() -> Result<()> {
    let f = fx()?;
    let path = write(
        &f,
        "fw.csv",
        "Day,Clock,Zone,What\n2026-11-20,08:00:00,Europe/Berlin,Blocked 203.0.113.9\n2026-07-02,08:00:00,Europe/Berlin,Allowed VPN\n11/20/2026,09:30:00,+05:30,Seen from Mumbai\n",
    )?;
    let mapping = ColumnMapping {
        occurred_at: "Day".into(),
        time_of_day: Some("Clock".into()),
        time_zone: Some("Zone".into()),
        message: "What".into(),
        ..ColumnMapping::default()
    };
    let p = timeline::preview_as(&path, Some(ImportFormat::GenericCsv), Some(&mapping))?;
    let fields: Vec<&str> = p.columns.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["date", "time of day", "time zone", "message"]);
    assert_eq!(
        counts(&mapped(&f, &path, ImportFormat::GenericCsv, mapping)?),
        (3, 3, 0, 0)
    );
    let times: Vec<String> = events(&f)?
        .iter()
        .map(|e| e.occurred_at.to_rfc3339())
        .collect();
    // In time order: 09:30 in Mumbai (04:00 UTC) comes before 08:00 in Berlin (07:00 UTC).
    assert_eq!(
        times,
        [
            "2026-07-02T08:00:00+02:00",
            "2026-11-20T09:30:00+05:30",
            "2026-11-20T08:00:00+01:00"
        ]
    );
    // A zone column alone reads one-column zone-less times in each row's zone.
    let one = write(
        &f,
        "one.csv",
        "When,Zone,What\n2026-11-21 10:00:00,CET,Later\n",
    )?;
    let mapping = ColumnMapping {
        occurred_at: "When".into(),
        time_zone: Some("Zone".into()),
        message: "What".into(),
        ..ColumnMapping::default()
    };
    mapped(&f, &one, ImportFormat::GenericCsv, mapping)?;
    assert!(events(&f)?
        .iter()
        .any(|e| e.occurred_at.to_rfc3339() == "2026-11-21T10:00:00+01:00"));
    Ok(())
}

#[test]
fn a_mapping_picks_a_time_from_a_nested_json_field() -> Result<()> {
    let f = fx()?;
    let path = write(
        &f,
        "edr.jsonl",
        "{\"alert\":{\"name\":\"Credential dumping\",\"seen\":{\"utc\":\"2026-11-20T08:00:00.5Z\"}},\"device\":\"WS-7\"}\n{\"alert\":{\"name\":\"Shadow copies deleted\"},\"device\":\"FS-01\"}\n",
    )?;
    let p = timeline::preview(&path)?;
    assert_eq!(p.format, ImportFormat::GenericJsonl);
    assert_eq!(p.headers, ["alert.name", "alert.seen.utc", "device"]);
    let mapping = ColumnMapping {
        occurred_at: "alert.seen.utc".into(),
        message: "alert.name".into(),
        host: Some("device".into()),
        ..ColumnMapping::default()
    };
    // The second line has no time: refused with its line, nothing stored.
    match mapped(&f, &path, ImportFormat::GenericJsonl, mapping.clone()) {
        Err(Error::ImportRow {
            line: 2, message, ..
        }) => assert!(message.contains("every entry needs a time"), "{message}"),
        other => panic!("expected line 2 refused, got {other:?}"),
    }
    assert!(events(&f)?.is_empty());
    let good = write(&f, "edr-good.jsonl", "{\"alert\":{\"name\":\"Credential dumping\",\"seen\":{\"utc\":\"2026-11-20T08:00:00.5Z\"}},\"device\":\"WS-7\"}\n")?;
    assert_eq!(
        counts(&mapped(&f, &good, ImportFormat::GenericJsonl, mapping)?),
        (1, 1, 0, 0)
    );
    let e = &events(&f)?[0];
    assert_eq!(
        (
            e.occurred_at.to_rfc3339(),
            e.message.as_str(),
            e.host.as_str()
        ),
        (
            "2026-11-20T08:00:00.500+00:00".to_owned(),
            "Credential dumping",
            "WS-7"
        )
    );
    Ok(())
}

#[test]
fn refusals_in_tool_files_name_the_line_and_the_reason() -> Result<()> {
    let f = fx()?;
    let before = timeline::verify(&f.store, f.incident)?;
    let refused = |name: &str, text: &str| -> Result<(u64, String)> {
        let path = write(&f, name, text)?;
        match import(&f, &path, true) {
            Err(Error::ImportRow { line, message, .. }) => Ok((line, message)),
            other => panic!("{name}: expected a line error, got {other:?}"),
        }
    };
    // A Chainsaw array over several lines: the item's own line is named.
    let event = |t: &str| {
        format!("{{\"Event\": {{\"System\": {{\"Computer\": \"WS-1\", \"EventID\": 4624, \"TimeCreated_attributes\": {{\"SystemTime\": \"{t}\"}}}}}}}}")
    };
    let array = format!(
        "[\n{},\n{},\n{}\n]\n",
        event("2022-10-11T19:26:52.154080Z"),
        event("yesterday"),
        event("2022-10-11T19:26:53Z")
    );
    let (line, message) = refused("chainsaw.json", &array)?;
    assert_eq!(line, 3);
    assert!(
        message.contains(
            "Event.System.TimeCreated_attributes.SystemTime \"yesterday\" is not an ISO 8601 time"
        ),
        "{message}"
    );
    // The preview reads the whole file first: a cut-off array is named there.
    let (line, message) = refused(
        "cut.json",
        "[\n{\"Event\": {\"System\": {}}},\n{\"Event\": \n",
    )?;
    assert_eq!(line, 3);
    assert!(
        message.contains("ends in the middle of an item"),
        "{message}"
    );
    let no_time = write(
        &f,
        "no-time.json",
        "[\n{\"Event\": {\"System\": {\"EventID\": 1}}}\n]\n",
    )?;
    match import(&f, &no_time, true) {
        Err(Error::ImportRow { line: 2, message, .. }) => assert_eq!(
            message,
            "Event.System.TimeCreated_attributes.SystemTime is empty or missing: every entry needs a time"
        ),
        other => panic!("expected line 2 refused, got {other:?}"),
    }
    // Hayabusa with a time Hayabusa never writes.
    let csv = "Timestamp,Computer,EventID,Level,RuleTitle,Details,RulePath,FilePath\n\
               2013-10-24 01:16:13.843 +09:00,PC,4624,low,Logon,-,r.yml,a.evtx\n\
               24/10/2013 01:16,PC,4624,low,Logon,-,r.yml,a.evtx\n";
    let (line, message) = refused("hayabusa.csv", csv)?;
    assert_eq!(line, 3);
    assert!(
        message.contains("Timestamp \"24/10/2013 01:16\""),
        "{message}"
    );
    // l2tcsv naming a zone that means several.
    let l2t = "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra\n\
               01/22/2012,08:52:33,CST,M...,LOG,Log File,Content Modification Time,-,h,s,d,2,f,-,-,text/syslog,-\n";
    let (line, message) = refused("l2t.csv", l2t)?;
    assert_eq!(line, 2);
    assert!(message.contains("time zone \"CST\""), "{message}");
    assert_eq!(
        timeline::verify(&f.store, f.incident)?,
        before,
        "nothing was stored"
    );
    Ok(())
}
