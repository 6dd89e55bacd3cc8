//! `firebreak timeline …` against temp databases.

mod common;

use common::{Env, TestResult};

#[test]
fn add_list_verify_and_detect_tampering() -> TestResult {
    let env = Env::new()?;
    let id = env.declare("Exfil", "data_breach", "sev2")?;
    let added = env.json(&[
        "timeline",
        "add",
        &id,
        "--at",
        "2026-11-20T23:15:00.123456+01:00",
        "--message",
        "4 GB to 203.0.113.7",
        "--host",
        "FS-01",
        "--tactic",
        "Defense Evasion",
        "--technique",
        "T1048",
        "--confidence",
        "70",
    ])?;
    assert_eq!(added["tactics"], serde_json::json!(["TA0005"]));
    assert_eq!(added["occurred_at"], "2026-11-20T23:15:00.123456+01:00");

    let text = env.ok(&["timeline", "list", &id, "--host", "fs-01"])?;
    assert!(
        text.contains("2026-11-20 22:15:00.123456Z  event") && text.contains("[FS-01]: 4 GB"),
        "{text}"
    );
    assert!(env
        .ok(&["timeline", "verify", &id])?
        .starts_with("intact: 2 entries"));
    let hosts = env.json(&["timeline", "hosts", &id, "s-0"])?;
    assert_eq!(
        hosts,
        serde_json::json!([{ "host": "FS-01", "entries": 1 }])
    );
    let part = env.ok(&["timeline", "list", &id, "--host-contains", "s-0"])?;
    assert!(part.contains("[FS-01]: 4 GB"), "{part}");

    let bad = env.run(&[
        "timeline",
        "add",
        &id,
        "--at",
        "2026-11-20",
        "--message",
        "x",
    ])?;
    assert_eq!(bad.status.code(), Some(2));

    let c = rusqlite::Connection::open(env.db())?;
    c.execute_batch("DROP TRIGGER timeline_entries_no_update; UPDATE timeline_entries SET host = 'FS-02' WHERE host = 'FS-01';")?;
    drop(c);
    let out = env.run(&["timeline", "verify", &id])?;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chain broken at entry 2"));
    Ok(())
}

#[test]
fn import_export_and_a_refused_file() -> TestResult {
    let env = Env::new()?;
    let id = env.declare("Phish", "bec", "sev3")?;
    let csv = env.file(
        "edr.csv",
        "Time,Computer,Event\n2026-11-20 08:00:00+01:00,WS-1,Macro spawned powershell\n",
    )?;
    let csv = csv.to_str().ok_or("path")?;
    let summary = env.json(&[
        "timeline",
        "import",
        &id,
        csv,
        "--map",
        "occurred_at=Time,message=Event,host=Computer",
    ])?;
    assert_eq!(summary["imported"], 1);
    let again = env.ok(&[
        "timeline",
        "import",
        &id,
        csv,
        "--map",
        "occurred_at=Time,message=Event,host=Computer",
    ])?;
    assert!(
        again.starts_with("imported 0 of 1 rows (1 already present"),
        "{again}"
    );

    let out = env.db().with_file_name("t.jsonl");
    let out = out.to_str().ok_or("path")?;
    let text = env.ok(&[
        "timeline",
        "export",
        &id,
        "--format",
        "timesketch-jsonl",
        "-o",
        out,
    ])?;
    assert!(text.starts_with("wrote 2 entries"), "{text}");
    assert!(std::fs::read_to_string(out)?.contains("\"host\":\"WS-1\""));

    let bad = env.file(
        "bad.csv",
        "message,datetime,timestamp_desc\nok,2026-11-20T08:00:00Z,x\nbad,20/11/2026,x\n",
    )?;
    let refused = env.run(&["timeline", "import", &id, bad.to_str().ok_or("path")?])?;
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8(refused.stderr)?;
    assert!(
        err.contains("bad.csv: line 3: datetime \"20/11/2026\"")
            && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(env
        .ok(&["timeline", "verify", &id])?
        .starts_with("intact: 2 entries"));
    Ok(())
}

#[test]
fn dry_run_names_the_format_and_undated_rows_and_skip_undated_records_the_count() -> TestResult {
    let env = Env::new()?;
    let id = env.declare("Plaso", "ransomware", "sev2")?;
    // A Plaso dynamic CSV: one row Plaso could not date, then a dated one.
    let csv = env.file(
        "plaso.csv",
        "datetime,timestamp_desc,source,source_long,message,parser,display_name,tag\n\
         0000-00-00T00:00:00.000000+00:00,Not a time,FILE,Bodyfile,/orphan,bodyfile,OS:/body,-\n\
         2009-02-25T11:45:23.000000+00:00,Added Time,LOG,dpkg log file,conffile keep,text/dpkg,OS:/dpkg.log,-\n",
    )?;
    let csv = csv.to_str().ok_or("path")?;
    let dry = env.ok(&["timeline", "import", &id, csv, "--dry-run"])?;
    assert!(
        dry.starts_with("format: Plaso dynamic CSV (plaso_dynamic)\nrows: 2\nundated: 1 rows"),
        "{dry}"
    );
    assert!(
        dry.contains("first at line 2") && dry.contains("add --skip-undated"),
        "{dry}"
    );
    assert!(dry.contains("  parser          -> source\n"), "{dry}");
    assert!(dry.ends_with("dry run: nothing was imported\n"), "{dry}");
    assert!(env
        .ok(&["timeline", "verify", &id])?
        .starts_with("intact: 1 entries"));

    let refused = env.run(&["timeline", "import", &id, csv])?;
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8(refused.stderr)?;
    assert!(
        err.contains("plaso.csv: line 2: datetime is \"0000-00-00T00:00:00.000000+00:00\""),
        "{err}"
    );

    let done = env.ok(&["timeline", "import", &id, csv, "--skip-undated"])?;
    assert!(
        done.contains("imported 1 of 2 rows")
            && done.contains("1 rows the tool could not date skipped"),
        "{done}"
    );
    let actions = env.ok(&["timeline", "list", &id, "--kind", "action"])?;
    assert!(
        actions.contains("Timeline imported: plaso.csv (1 undated rows skipped)"),
        "{actions}"
    );
    Ok(())
}

#[test]
fn every_write_is_signed_and_removing_the_signatures_is_named() -> TestResult {
    let env = Env::new()?;
    let id = env.declare("Exfil", "data_breach", "sev2")?;
    env.ok(&[
        "timeline",
        "add",
        &id,
        "--at",
        "2026-11-20T23:15:00+01:00",
        "--message",
        "4 GB to 203.0.113.7",
    ])?;
    let text = env.ok(&["timeline", "verify", &id])?;
    assert!(
        text.contains("intact: 2 entries")
            && text.contains("signed: 2 checkpoints by cli-tester ("),
        "{text}"
    );
    let both = env.json(&["timeline", "verify", &id])?;
    assert_eq!(both["chain"]["status"], "intact");
    assert_eq!(both["signatures"]["status"], "signed");
    // `firebreak identity` names the same key the checkpoints were signed with.
    let me = env.json(&["identity"])?;
    let fingerprint = me["fingerprint"].as_str().ok_or("fingerprint")?;
    assert_eq!(both["signatures"]["authors"][0]["fingerprint"], fingerprint);
    assert!(
        text.contains(&format!("cli-tester ({fingerprint})")),
        "{text}"
    );
    // The key made for this run lives in the test's own config folder, never the user's.
    assert!(env
        .dir
        .path()
        .join("xdg-config/org.firebreak.desktop/device.key")
        .is_file());

    // An insider removes the signatures with the sqlite3 shell: the entries are named.
    let c = rusqlite::Connection::open(env.db())?;
    c.execute_batch("DROP TRIGGER chain_checkpoints_no_delete; DELETE FROM chain_checkpoints;")?;
    drop(c);
    let out = env.run(&["timeline", "verify", &id])?;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("entries 1–2 carry no signature"), "{err}");
    Ok(())
}
