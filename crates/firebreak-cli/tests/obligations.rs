//! `firebreak obligations …`: a facts file alone, and an incident's facts, decisions and
//! calendar export.

mod common;

use common::{Env, TestResult};

const EXAMPLE: &str = include_str!("../../../docs/examples/facts.json");

fn find<'a>(view: &'a serde_json::Value, rule: &str) -> Option<&'a serde_json::Value> {
    view["obligations"]
        .as_array()?
        .iter()
        .find(|o| o["rule_id"] == rule)
}

#[test]
fn the_documented_facts_file_gives_dated_obligations_without_a_database() -> TestResult {
    let env = Env::new()?;
    let facts = env.file("facts.json", EXAMPLE)?;
    let out = env.raw(&[
        "obligations",
        "--facts",
        facts.to_str().unwrap_or_default(),
        "--json",
    ])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let gdpr = find(&view, "gdpr-33-authority").ok_or("no GDPR obligation")?;
    assert_eq!(gdpr["due_utc"], "2026-11-23T09:00:00Z");
    assert_eq!(gdpr["trigger"], "aware_personal_data_breach");
    assert_eq!(gdpr["trigger_at"], "2026-11-20T10:00:00+01:00");
    assert_eq!(gdpr["decision"]["state"], "pending");
    assert!(gdpr["sources"][0]["title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    let sec = find(&view, "sec-8k-item-1-05").ok_or("no SEC obligation")?;
    assert_eq!(sec["due_utc"], "2026-12-02T22:30:00Z");
    let tx_bureaus = find(&view, "texas-credit-bureaus").ok_or("no Texas bureaus")?;
    assert_eq!(tx_bureaus["due_utc"], serde_json::Value::Null);
    assert!(tx_bureaus["deadline"]
        .as_str()
        .is_some_and(|d| !d.is_empty()));
    assert_eq!(tx_bureaus["applicability"], "possible");
    assert!(
        !env.db().exists(),
        "a facts file alone must not create a database"
    );
    Ok(())
}

#[test]
fn bad_facts_files_name_the_line_and_exit_2() -> TestResult {
    let env = Env::new()?;
    for (name, text, wanted) in [
        (
            "place.json",
            "{\n  \"jurisdictions\": [{\"code\": \"Atlantis\"}]\n}",
            "line 2",
        ),
        (
            "date.json",
            "{\n \"moments\": {\n  \"ransom_paid\": \"2026-13-01T00:00:00Z\"}}",
            "line 3",
        ),
        ("syntax.json", "{\n  \"encrypted\": maybe\n}", "line 2"),
    ] {
        let path = env.file(name, text)?;
        let out = env.raw(&["obligations", "--facts", path.to_str().unwrap_or_default()])?;
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(name) && err.contains(wanted), "{name}: {err}");
    }
    Ok(())
}

#[test]
fn an_incident_keeps_facts_decisions_and_exports_a_calendar() -> TestResult {
    let env = Env::new()?;
    let inc = env.json(&[
        "incident",
        "declare",
        "--title",
        "CRM export",
        "--type",
        "data_breach",
        "--severity",
        "sev1",
    ])?;
    let id = inc["id"].as_str().ok_or("id")?.to_owned();
    let facts = env.file("facts.json", EXAMPLE)?;
    let facts = facts.to_str().unwrap_or_default();
    let refused = env.run(&["obligations", &id, "--facts", facts])?;
    assert_eq!(
        refused.status.code(),
        Some(2),
        "--facts on an incident needs --save"
    );

    let view = env.json(&["obligations", &id, "--facts", facts, "--save"])?;
    assert!(find(&view, "gdpr-33-authority").is_some());
    let no_reason = env.run(&[
        "obligations",
        &id,
        "--decide",
        "texas-credit-bureaus",
        "--decision",
        "not_required",
    ])?;
    assert_eq!(no_reason.status.code(), Some(2));
    let view = env.json(&[
        "obligations",
        &id,
        "--decide",
        "gdpr-33-authority",
        "--decision",
        "sent",
        "--sent-at",
        "2026-11-22T15:00:00+01:00",
    ])?;
    let gdpr = find(&view, "gdpr-33-authority").ok_or("no GDPR")?;
    assert_eq!(gdpr["decision"]["state"], "sent");
    assert_eq!(gdpr["decision"]["sent_at"], "2026-11-22T15:00:00+01:00");

    let ics = env.dir.path().join("deadlines.ics");
    let text = env.ok(&[
        "obligations",
        &id,
        "--ics",
        ics.to_str().unwrap_or_default(),
    ])?;
    assert!(text.contains("deadlines to"), "{text}");
    let cal = std::fs::read_to_string(&ics)?;
    assert!(cal.contains("DTSTART:20261202T223000Z"));

    let trail = env.json(&["incident", "show", &id])?;
    let actions: Vec<&str> = trail["audit"]
        .as_array()
        .ok_or("audit")?
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for wanted in [
        "notification_facts_changed",
        "obligation_added",
        "obligation_decided",
    ] {
        assert!(
            actions.contains(&wanted),
            "{wanted} missing from {actions:?}"
        );
    }
    Ok(())
}

#[test]
fn incident_status_says_what_is_overdue_and_what_is_next() -> TestResult {
    let env = Env::new()?;
    let inc = env.json(&[
        "incident",
        "declare",
        "--title",
        "Ransom note on fs01",
        "--type",
        "ransomware",
        "--severity",
        "sev1",
        "--detected-at",
        "2026-11-19T22:00:00+01:00",
    ])?;
    let id = inc["id"].as_str().ok_or("id")?.to_owned();
    env.ok(&["run", "start", &id, "ransomware"])?;
    // Aware on 20 Nov: GDPR's 72 hours ran out long before any run of this test.
    let facts = env.file(
        "facts.json",
        r#"{"jurisdictions": [{"code": "DE", "people": 1200}],
            "data_categories": ["personal_data"], "risk_to_people": "risk",
            "moments": {"aware_personal_data_breach": "2026-11-20T10:00:00+01:00"}}"#,
    )?;
    env.ok(&[
        "obligations",
        &id,
        "--facts",
        facts.to_str().unwrap_or_default(),
        "--save",
    ])?;

    let glance = env.json(&["incident", "status", &id])?;
    assert_eq!(glance["overdue"][0]["key"], "gdpr-33-authority");
    assert_eq!(glance["overdue"][0]["due_utc"], "2026-11-23T09:00:00Z");
    let next = glance["next"].as_array().ok_or("next")?;
    assert!(next.iter().any(|i| i["kind"] == "decide"), "{next:?}");
    assert!(glance["progress"]["steps_total"].as_u64() > Some(0));

    let text = env.ok(&["incident", "status", &id])?;
    assert!(text.contains("Overdue (1)"), "{text}");
    assert!(
        text.contains("GDPR · Notify the lead supervisory authority")
            && text.contains(" late (due 2026-11-23T09:00:00Z)"),
        "{text}"
    );
    assert!(text.contains("Decide whether"), "{text}");
    Ok(())
}

#[test]
fn without_an_eu_main_establishment_each_member_state_gets_its_own_obligation() -> TestResult {
    let env = Env::new()?;
    let text = EXAMPLE
        .replace(
            "{ \"code\": \"DE\", \"people\": 1200 },",
            "{ \"code\": \"DE\", \"people\": 1200 },\n    { \"code\": \"AT\", \"people\": 9 },",
        )
        .replace(
            "\"home_zone\": \"America/New_York\"",
            "\"home_zone\": \"America/New_York\",\n    \"eu_main_establishment\": \"no\"",
        );
    let facts = env.file("facts.json", &text)?;
    let view = env.json(&["obligations", "--facts", facts.to_str().unwrap_or_default()])?;
    assert!(find(&view, "gdpr-33-authority").is_none());
    for (state, name) in [("DE", "Germany"), ("AT", "Austria")] {
        let o = find(&view, &format!("gdpr-33-authority@{state}")).ok_or(state)?;
        assert_eq!(o["recipient"], format!("Supervisory authority of {name}"));
        assert_eq!(o["due_utc"], "2026-11-23T09:00:00Z");
    }
    Ok(())
}
