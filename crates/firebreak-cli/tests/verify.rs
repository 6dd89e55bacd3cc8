//! `firebreak verify`: the whole record checked in one command, and a change made behind
//! Firebreak's back with the sqlite3 shell named with its row and column.

mod common;

use common::{Env, TestResult};

#[test]
fn verify_passes_on_an_honest_record_and_names_a_changed_row() -> TestResult {
    let env = Env::new()?;
    let id = env.declare("Ransom note on fs01", "ransomware", "sev1")?;
    env.ok(&["incident", "edit", &id, "--severity", "sev2"])?;
    let text = env.ok(&["verify"])?;
    assert!(
        text.contains("timeline intact (2 entries), signed by cli-tester"),
        "{text}"
    );
    assert!(
        text.contains("operation log: 2 operations from cli-tester ("),
        "{text}"
    );
    assert!(text.contains("replay gives the same incidents"), "{text}");
    let json = env.json(&["verify", &id])?;
    assert_eq!(json["log"]["verdict"]["status"], "intact");
    assert_eq!(json["incidents"][0]["chain"]["status"], "intact");

    // The insider's edit: the timeline's chain does not cover the incident's own row.
    rusqlite::Connection::open(env.db())?.execute(
        "UPDATE incidents SET severity = 'sev4' WHERE id = ?1",
        [&id],
    )?;
    let out = env.run(&["verify"])?;
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "CHANGED BEHIND FIREBREAK'S BACK: incidents row {id}: severity is \"sev4\" in the \
             database, but the log makes it \"sev2\""
        )),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 2 checks failed"));
    Ok(())
}
