use super::*;
use crate::catalog::IncidentType;
use crate::incident;
use crate::playbook::{self, Condition};
use crate::testing::Fx;

const PLAYBOOK: &str = r#"id = "test-ransom"
title = "Test ransomware"
version = 1
incident_types = ["ransomware"]
summary = "For tests."

[[steps]]
id = "isolate"
section = "containment"
title = "Isolate hosts"
owner = "it_ops"
guidance = "Pull the cable."
output = "Host list"

[[steps]]
id = "image"
section = "containment"
title = "Image memory"
owner = "forensics"
guidance = "Before reimaging."
output = "Images"
after = ["isolate"]

[[steps]]
id = "notify-dpa"
section = "notification"
title = "Notify the supervisory authority"
owner = "legal"
guidance = "72 hours."
output = "Submission receipt"
when = ["personal_data_involved"]
"#;

fn fx() -> Result<Fx> {
    let f = crate::testing::with_incident(IncidentType::Ransomware, "Encrypted shares")?;
    playbook::import(&f.store, "test.toml", PLAYBOOK)?;
    Ok(f)
}

fn state(view: &RunView, step: &str) -> Option<(StepState, bool)> {
    view.sections
        .iter()
        .flat_map(|s| &s.steps)
        .find(|s| s.step.id == step)
        .map(|s| (s.state, s.applicable))
}

fn done(note: &str) -> StepUpdate {
    StepUpdate {
        state: Some(StepState::Done),
        note: Some(note.into()),
        ..Default::default()
    }
}

#[test]
fn starting_a_run_pins_the_version_and_is_audited() -> Result<()> {
    let f = fx()?;
    let run = start(&f.store, f.incident, "test-ransom", "alice")?;
    assert_eq!(
        (run.playbook_version, run.applicable, run.complete),
        (1, 2, 0)
    );
    assert_eq!(state(&run, "notify-dpa"), Some((StepState::Todo, false)));
    assert!(matches!(
        start(&f.store, f.incident, "test-ransom", "alice"),
        Err(Error::Conflict(_))
    ));

    // A newer version imported later does not change the running one.
    let v2 = PLAYBOOK
        .replace("version = 1", "version = 2")
        .replace("Isolate hosts", "Isolate hosts now");
    playbook::import(&f.store, "test-v2.toml", &v2)?;
    let view = overview(&f.store, f.incident)?;
    assert_eq!(view.runs[0].playbook_version, 1);
    assert_eq!(
        view.runs[0].sections[0].steps[0].step.title,
        "Isolate hosts"
    );

    let audit = incident::show(&f.store, f.incident)?.audit;
    assert_eq!(
        audit.last().map(|a| (a.action, a.subject.as_str())),
        Some((AuditAction::PlaybookStarted, "Test ransomware"))
    );
    Ok(())
}

#[test]
fn step_changes_are_audited_with_old_new_and_note() -> Result<()> {
    let f = fx()?;
    start(&f.store, f.incident, "test-ransom", "alice")?;
    let view = update_step(
        &f.store,
        f.incident,
        None,
        "isolate",
        done("3 hosts pulled at 02:10"),
        "bob",
    )?;
    assert_eq!(state(&view, "isolate"), Some((StepState::Done, true)));
    assert_eq!(
        (view.sections[0].complete, view.sections[0].applicable),
        (1, 2)
    );

    let entry = incident::show(&f.store, f.incident)?.audit.pop();
    let entry = entry.ok_or(Error::Corrupt("no audit".into()))?;
    assert_eq!(
        (entry.action, entry.actor.as_str(), entry.note.as_str()),
        (AuditAction::StepUpdated, "bob", "3 hosts pulled at 02:10")
    );
    assert_eq!(entry.subject, "Test ransomware › Isolate hosts");
    assert_eq!(
        entry.changes[0],
        FieldChange {
            field: "state".into(),
            old: Some("todo".into()),
            new: Some("done".into())
        }
    );
    Ok(())
}

#[test]
fn skipping_or_blocking_needs_a_reason() -> Result<()> {
    let f = fx()?;
    start(&f.store, f.incident, "test-ransom", "alice")?;
    let skip = StepUpdate {
        state: Some(StepState::Skipped),
        ..Default::default()
    };
    assert!(
        matches!(update_step(&f.store, f.incident, None, "image", skip, "bob"), Err(Error::Validation { ref field, .. }) if field == "reason")
    );
    let skip = StepUpdate {
        state: Some(StepState::Skipped),
        reason: Some("No EDR on these hosts".into()),
        ..Default::default()
    };
    let view = update_step(
        &f.store,
        f.incident,
        Some("test-ransom"),
        "image",
        skip,
        "bob",
    )?;
    assert_eq!(state(&view, "image"), Some((StepState::Skipped, true)));
    Ok(())
}

#[test]
fn what_next_follows_prerequisites_and_facts() -> Result<()> {
    let f = fx()?;
    start(&f.store, f.incident, "test-ransom", "alice")?;
    let next = |f: &Fx| -> Result<Vec<String>> {
        Ok(overview(&f.store, f.incident)?
            .next
            .into_iter()
            .map(|n| n.step_id)
            .collect())
    };
    assert_eq!(next(&f)?, vec!["isolate"]);
    update_step(&f.store, f.incident, None, "isolate", done(""), "bob")?;
    assert_eq!(next(&f)?, vec!["image"]);

    let outcome = set_facts(
        &f.store,
        f.incident,
        &[FactChange {
            fact: Fact::PersonalDataInvolved,
            value: Some(true),
        }],
        "carol",
    )?;
    assert_eq!(outcome.shown.len(), 1);
    assert_eq!(
        outcome.shown[0].conditions,
        vec![Condition {
            fact: Fact::PersonalDataInvolved,
            negated: false
        }]
    );
    assert_eq!(next(&f)?, vec!["image", "notify-dpa"]);

    let outcome = set_facts(
        &f.store,
        f.incident,
        &[FactChange {
            fact: Fact::PersonalDataInvolved,
            value: None,
        }],
        "carol",
    )?;
    assert_eq!(outcome.hidden.len(), 1);
    let audit = incident::show(&f.store, f.incident)?.audit;
    let facts: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::FactsChanged)
        .collect();
    assert_eq!(facts.len(), 2);
    assert_eq!(
        facts[1].changes[0],
        FieldChange {
            field: "personal_data_involved".into(),
            old: Some("yes".into()),
            new: Some("unknown".into())
        }
    );
    Ok(())
}

#[test]
fn unknown_steps_and_closed_incidents_are_refused() -> Result<()> {
    let f = fx()?;
    start(&f.store, f.incident, "test-ransom", "alice")?;
    assert!(matches!(
        update_step(&f.store, f.incident, None, "nope", done(""), "bob"),
        Err(Error::NotFound { .. })
    ));
    incident::set_status(
        &f.store,
        f.incident,
        crate::catalog::Status::Closed,
        None,
        "alice",
    )?;
    let again = crate::playbook::import(
        &f.store,
        "x.toml",
        &PLAYBOOK.replace("test-ransom", "other-pb"),
    );
    assert!(again.is_ok());
    assert!(matches!(
        start(&f.store, f.incident, "other-pb", "alice"),
        Err(Error::Conflict(_))
    ));
    Ok(())
}
