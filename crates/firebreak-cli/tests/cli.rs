//! Drives the real `firebreak` binary against temp databases.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Env, TestResult};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_one_line_error(o: &Output, needle: &str) {
    assert!(!o.status.success(), "expected failure, got success");
    let err = stderr(o);
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "error should be one line: {err:?}"
    );
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
}

#[test]
fn declare_list_show_edit_round_trip() -> TestResult {
    let env = Env::new()?;
    let declared = env.json(&[
        "incident",
        "declare",
        "--title",
        "Encrypted shares",
        "--type",
        "ransomware",
        "--severity",
        "sev1",
        "--detected-at",
        "2026-11-21T23:40:00+01:00",
        "--commander",
        "Dana",
    ])?;
    let id = declared["id"].as_str().ok_or("no id")?.to_owned();
    assert_eq!(declared["detected_at"], "2026-11-21T23:40:00+01:00");
    assert_eq!(declared["severity"], "sev1");

    let list = env.json(&["incident", "list"])?;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["title"], "Encrypted shares");

    let edited = env.json(&[
        "incident",
        "edit",
        &id[..8],
        "--severity",
        "sev2",
        "--phase",
        "containment",
    ])?;
    assert_eq!(
        (edited["severity"].as_str(), edited["revision"].as_u64()),
        (Some("sev2"), Some(2))
    );

    let detail = env.json(&["incident", "show", &id])?;
    let audit = detail["audit"].as_array().ok_or("no audit")?;
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1]["actor"], "cli-tester");
    assert_eq!(
        audit[1]["changes"][0],
        serde_json::json!({"field": "severity", "old": "sev1", "new": "sev2"})
    );

    let text = env.run(&["incident", "show", &id])?;
    let text = String::from_utf8(text.stdout)?;
    assert!(
        text.contains("Severity: SEV1 · Critical → SEV2 · High")
            && text.contains("2026-11-21 22:40:00 UTC")
            && !text.contains("∅"),
        "{text}"
    );
    Ok(())
}

#[test]
fn close_hides_from_default_list_and_reopen_restores() -> TestResult {
    let env = Env::new()?;
    let d = env.json(&[
        "incident",
        "declare",
        "--title",
        "Stolen laptop",
        "--type",
        "lost-device",
        "--severity",
        "4",
    ])?;
    let id = d["id"].as_str().ok_or("no id")?.to_owned();
    env.json(&["incident", "close", &id])?;
    assert_eq!(
        env.json(&["incident", "list"])?.as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(
        env.json(&["incident", "list", "--status", "closed"])?
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    env.json(&["incident", "reopen", &id])?;
    assert_eq!(
        env.json(&["incident", "list", "--status", "all", "--severity", "sev4"])?
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    Ok(())
}

#[test]
fn bad_input_gives_one_line_errors_and_nonzero_exit() -> TestResult {
    let env = Env::new()?;
    let base = ["incident", "declare", "--title", "x", "--severity", "sev1"];
    let unknown_type = env.run(&[&base[..], &["--type", "ransomwear"]].concat())?;
    assert_one_line_error(&unknown_type, "unknown incident type \"ransomwear\"");
    assert_eq!(unknown_type.status.code(), Some(2));

    let bad_time = env.run(
        &[
            &base[..],
            &["--type", "ddos", "--detected-at", "22/11/2026 03:10"],
        ]
        .concat(),
    )?;
    assert_one_line_error(&bad_time, "not an RFC 3339 timestamp");

    let missing_arg = env.run(&["incident", "declare", "--title", "x"])?;
    assert_one_line_error(&missing_arg, "--type");

    let missing_dir = env.raw(&[
        "--db",
        "/nonexistent-firebreak-dir/fb.db",
        "incident",
        "list",
    ])?;
    assert_one_line_error(
        &missing_dir,
        "database directory /nonexistent-firebreak-dir does not exist",
    );

    let unknown_id = env.run(&["incident", "show", "0000aaaa"])?;
    assert_one_line_error(&unknown_id, "not found");
    Ok(())
}

#[test]
fn json_errors_are_typed() -> TestResult {
    let env = Env::new()?;
    let out = env.run(&[
        "incident",
        "declare",
        "--title",
        " ",
        "--type",
        "other",
        "--severity",
        "sev3",
        "--json",
    ])?;
    assert!(!out.status.success());
    let body: serde_json::Value = serde_json::from_slice(&out.stderr)?;
    assert_eq!(body["error"]["code"], "validation");
    assert_eq!(body["error"]["field"], "title");
    Ok(())
}

#[test]
fn newer_schema_is_refused_and_bytes_unchanged() -> TestResult {
    let env = Env::new()?;
    env.json(&["incident", "list"])?;
    set_user_version(&env.db(), 999)?;
    let before = std::fs::read(env.db())?;
    let out = env.run(&["incident", "list"])?;
    assert_one_line_error(&out, "written by a newer Firebreak");
    assert_eq!(before, std::fs::read(env.db())?);
    Ok(())
}

#[test]
fn firebreak_db_env_is_honoured() -> TestResult {
    let env = Env::new()?;
    let db = env.dir.path().join("from-env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_firebreak"))
        .args([
            "incident",
            "declare",
            "--title",
            "via env",
            "--type",
            "other",
            "--severity",
            "sev3",
        ])
        .env("FIREBREAK_DB", &db)
        .env("XDG_DATA_HOME", env.dir.path().join("xdg"))
        // The device key too stays inside the test's folder.
        .env("XDG_CONFIG_HOME", env.dir.path().join("xdg-config"))
        .env_remove("FIREBREAK_KEY_FILE")
        .output()?;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists());
    assert!(
        !env.dir.path().join("xdg").exists(),
        "the default location must not be touched"
    );
    Ok(())
}

fn set_user_version(db: &Path, v: i64) -> Result<(), rusqlite::Error> {
    let c = rusqlite::Connection::open(db)?;
    c.pragma_update(None, "user_version", v)?;
    c.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}
