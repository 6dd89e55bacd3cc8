//! `firebreak playbook …` and `firebreak run …` against temp databases.

mod common;

use common::{Env, TestResult};

const CUSTOM: &str = r#"id = "custom-phish"
title = "Custom phishing"
version = 1
incident_types = ["credential_compromise"]
summary = "Ours."

[[steps]]
id = "reset"
section = "containment"
title = "Reset the password"
owner = "it_ops"
guidance = "Reset it and revoke sessions."
output = "Reset time"
"#;

#[test]
fn lint_reports_every_problem_as_file_line_col() -> TestResult {
    let env = Env::new()?;
    let bad = CUSTOM
        .replace("owner = \"it_ops\"", "owner = \"janitor\"")
        .replace("summary =", "summry =");
    let path = env.file("bad.toml", &bad)?;
    let good = env.file("good.toml", CUSTOM)?;
    let out = env.run(&[
        "playbook",
        "lint",
        good.to_str().unwrap_or_default(),
        path.to_str().unwrap_or_default(),
    ])?;
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout)?;
    let p = path.display();
    assert!(
        text.contains(&format!("{p}:5:1: unknown key `summry`")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{p}:11:9: unknown role \"janitor\"")),
        "{text}"
    );
    assert!(!text.contains("good.toml"), "{text}");
    assert!(
        !env.dir.path().join("fb.db").exists(),
        "lint must not create a database"
    );
    Ok(())
}

#[test]
fn import_is_all_or_nothing_and_versioned() -> TestResult {
    let env = Env::new()?;
    let before = env
        .json(&["playbook", "list"])?
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    let bad = env.file(
        "bad.toml",
        &CUSTOM.replace("section = \"containment\"", "section = \"cleanup\""),
    )?;
    let out = env.run(&["playbook", "import", bad.to_str().unwrap_or_default()])?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.toml:9:11: unknown section"));
    assert_eq!(
        env.json(&["playbook", "list"])?.as_array().map(Vec::len),
        Some(before)
    );

    let good = env.file("custom.toml", CUSTOM)?;
    assert_eq!(
        env.json(&["playbook", "import", good.to_str().unwrap_or_default()])?["added"],
        true
    );
    assert_eq!(
        env.json(&["playbook", "import", good.to_str().unwrap_or_default()])?["added"],
        false
    );
    let changed = env.file("changed.toml", &CUSTOM.replace("Reset it", "Reset it now"))?;
    let out = env.run(&["playbook", "import", changed.to_str().unwrap_or_default()])?;
    assert!(String::from_utf8_lossy(&out.stderr).contains("bump `version`"));
    assert_eq!(
        env.json(&["playbook", "list"])?.as_array().map(Vec::len),
        Some(before + 1)
    );
    Ok(())
}

#[test]
fn builtins_are_listed_shown_and_searchable() -> TestResult {
    let env = Env::new()?;
    let list = env.json(&["playbook", "list"])?;
    let ids: Vec<&str> = list
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["id"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        ids.contains(&"ransomware") && ids.contains(&"unclassified-triage"),
        "{ids:?}"
    );
    let doc = env.ok(&["playbook", "show", "ransomware"])?;
    assert!(
        doc.contains("## Containment") && doc.contains("Applies when: "),
        "{doc}"
    );
    assert!(
        doc.contains("Reviewed: 2026-12-08; next review due: 2027-06-08")
            && doc.contains("## Sources\n\n- NIST SP 800-61r3 (2025) — "),
        "{doc}"
    );
    let hits = env.json(&["playbook", "search", "isolate"])?;
    let first = &hits[0];
    assert!(
        first["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains('\u{2}'),
        "{first}"
    );
    Ok(())
}

#[test]
fn a_guided_run_from_the_command_line() -> TestResult {
    let env = Env::new()?;
    let inc = env.json(&[
        "incident",
        "declare",
        "--title",
        "Locked files",
        "--type",
        "ransomware",
        "--severity",
        "sev1",
    ])?;
    let id = inc["id"].as_str().ok_or("id")?.to_owned();
    env.ok(&["run", "start", &id, "ransomware"])?;
    let status = env.json(&["run", "status", &id])?;
    let first_next = status["next"][0]["step_id"]
        .as_str()
        .ok_or("next")?
        .to_owned();

    env.ok(&[
        "run",
        "step",
        &id,
        &first_next,
        "--state",
        "done",
        "--note",
        "done by the book",
    ])?;
    let out = env.run(&[
        "run",
        "step",
        &id,
        "ransomware/isolate-hosts",
        "--state",
        "skipped",
    ])?;
    assert!(
        !out.status.success()
            && String::from_utf8_lossy(&out.stderr).contains("reason is required")
    );
    env.ok(&[
        "run",
        "step",
        &id,
        "ransomware/isolate-hosts",
        "--state",
        "skipped",
        "--reason",
        "already isolated by EDR",
    ])?;

    // An unknown fact is a decision, in the text and in "what next".
    let text = env.ok(&["run", "status", &id])?;
    assert!(
        text.contains("decide ") && text.contains("DECIDE ransomware/engage-insurer-early"),
        "{text}"
    );
    let before = env.json(&["run", "status", &id])?;
    let applicable_before = before["runs"][0]["applicable"].as_u64().unwrap_or(0);
    let outcome = env.json(&["run", "facts", &id, "personal_data_involved=no"])?;
    let count = |v: &serde_json::Value| v.as_array().map(Vec::len).unwrap_or(0);
    assert!(count(&outcome["hidden"]) > 0, "{outcome}");
    let after_no = env.json(&["run", "status", &id])?;
    assert!(after_no["runs"][0]["applicable"].as_u64().unwrap_or(0) < applicable_before);
    let outcome = env.json(&["run", "facts", &id, "personal_data_involved=yes"])?;
    assert!(count(&outcome["shown"]) > 0, "{outcome}");
    let after = env.json(&["run", "status", &id])?;
    assert_eq!(
        after["runs"][0]["applicable"].as_u64().unwrap_or(0),
        applicable_before
    );

    let audit = env.json(&["incident", "show", &id])?["audit"].clone();
    let actions: Vec<&str> = audit
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        actions,
        vec![
            "declared",
            "playbook_started",
            "step_updated",
            "step_updated",
            "facts_changed",
            "facts_changed"
        ]
    );
    assert_eq!(audit[2]["note"], "done by the book");
    Ok(())
}

#[test]
fn lint_warns_about_a_short_clock_behind_investigation_without_failing() -> TestResult {
    let env = Env::new()?;
    let text = format!(
        "{CUSTOM}\n[[steps]]\nid = \"root-cause\"\nsection = \"investigation\"\ntitle = \"Find the cause\"\nowner = \"forensics\"\nguidance = \"Dig.\"\noutput = \"Cause\"\nafter = [\"reset\"]\n\n[[steps]]\nid = \"notify\"\nsection = \"notification\"\ntitle = \"Notify\"\nowner = \"legal\"\nguidance = \"Notify within 72 hours of awareness.\"\noutput = \"Notice\"\nafter = [\"root-cause\"]\n"
    );
    let path = env.file("late.toml", &text)?;
    let out = env.run(&["playbook", "lint", path.to_str().unwrap_or_default()])?;
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout)?;
    assert!(
        text.contains(&format!(
            "{}:25:6: warning: step `notify` names a 72-hour deadline",
            path.display()
        )),
        "{text}"
    );
    Ok(())
}
