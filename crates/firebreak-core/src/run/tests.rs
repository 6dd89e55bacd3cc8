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

/// The step's state and "applies", "undecided" or "n/a".
fn state(view: &RunView, step: &str) -> Option<(StepState, &'static str)> {
    view.sections
        .iter()
        .flat_map(|s| &s.steps)
        .find(|s| s.step.id == step)
        .map(|s| {
            let kind = match s.applicability {
                StepApplicability::Applies => "applies",
                StepApplicability::Undecided { .. } => "undecided",
                StepApplicability::NotApplicable { .. } => "n/a",
            };
            (s.state, kind)
        })
}

fn set(f: &Fx, fact: Fact, value: Option<bool>) -> Result<FactsOutcome> {
    set_facts(&f.store, f.incident, &[FactChange { fact, value }], "carol")
}

fn next_ids(f: &Fx) -> Result<Vec<String>> {
    Ok(overview(&f.store, f.incident)?
        .next
        .into_iter()
        .map(|n| n.step_id)
        .collect())
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
    // The step on an unknown fact is open work until someone decides it.
    assert_eq!(
        (
            run.playbook_version,
            run.applicable,
            run.undecided,
            run.complete
        ),
        (1, 3, 1, 0)
    );
    assert_eq!(
        state(&run, "notify-dpa"),
        Some((StepState::Todo, "undecided"))
    );
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
    assert_eq!(state(&view, "isolate"), Some((StepState::Done, "applies")));
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
    assert_eq!(state(&view, "image"), Some((StepState::Skipped, "applies")));
    Ok(())
}

#[test]
fn what_next_follows_prerequisites_and_facts() -> Result<()> {
    let f = fx()?;
    start(&f.store, f.incident, "test-ransom", "alice")?;
    assert_eq!(next_ids(&f)?, vec!["isolate", "notify-dpa"]);
    update_step(&f.store, f.incident, None, "isolate", done(""), "bob")?;
    assert_eq!(next_ids(&f)?, vec!["image", "notify-dpa"]);

    // Undecided → applies: the step was on the checklist already, so nothing is "shown".
    let outcome = set(&f, Fact::PersonalDataInvolved, Some(true))?;
    assert!(outcome.shown.is_empty() && outcome.hidden.is_empty());
    assert_eq!(outcome.decided.len(), 1);
    let next = overview(&f.store, f.incident)?.next;
    assert!(next.iter().all(|n| n.decide.is_empty()));

    let outcome = set(&f, Fact::PersonalDataInvolved, Some(false))?;
    assert_eq!(outcome.hidden.len(), 1);
    assert_eq!(next_ids(&f)?, vec!["image"]);

    let outcome = set(&f, Fact::PersonalDataInvolved, Some(true))?;
    assert!(outcome.decided.is_empty());
    assert_eq!(
        outcome.shown[0].conditions,
        vec![Condition {
            fact: Fact::PersonalDataInvolved,
            negated: false
        }]
    );
    assert_eq!(next_ids(&f)?, vec!["image", "notify-dpa"]);

    set(&f, Fact::PersonalDataInvolved, None)?;
    let audit = incident::show(&f.store, f.incident)?.audit;
    let facts: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::FactsChanged)
        .collect();
    assert_eq!(facts.len(), 4);
    assert_eq!(
        facts[3].changes[0],
        FieldChange {
            field: "personal_data_involved".into(),
            old: Some("yes".into()),
            new: Some("unknown".into())
        }
    );
    Ok(())
}

const INSURED: &str = r#"
[[steps]]
id = "call-insurer"
section = "triage"
title = "Call the cyber insurer's breach hotline"
owner = "legal"
guidance = "Before hiring anyone."
output = "Claim number"
when = ["cyber_insurance"]

[[steps]]
id = "warn-owner"
section = "triage"
title = "Tell the device owner what to change"
owner = "it_ops"
guidance = "Passwords first."
output = "Owner told"
when = ["!device_encrypted", "cyber_insurance"]
"#;

#[test]
fn a_step_on_an_unknown_fact_is_a_decision_until_answered() -> Result<()> {
    let f = fx()?;
    let text = PLAYBOOK.replace("test-ransom", "test-insured") + INSURED;
    playbook::import(&f.store, "insured.toml", &text)?;
    start(&f.store, f.incident, "test-insured", "alice")?;

    let runs = overview(&f.store, f.incident)?;
    let run = &runs.runs[0];
    assert_eq!(
        state(run, "call-insurer"),
        Some((StepState::Todo, "undecided"))
    );
    assert_eq!((run.applicable, run.undecided), (5, 3));
    // One decision per fact, at the first step waiting on it, in section order.
    let first = &runs.next[0];
    assert_eq!(first.step_id, "call-insurer");
    assert_eq!(
        first.decide,
        vec![FactQuestion {
            fact: Fact::CyberInsurance,
            question: Fact::CyberInsurance.question().into(),
            applies_if: true
        }]
    );
    let second = &runs.next[1];
    assert_eq!(
        (
            second.step_id.as_str(),
            second.decide[0].fact,
            second.decide[0].applies_if
        ),
        ("warn-owner", Fact::DeviceEncrypted, false)
    );

    // No: not applicable, out of "what next", and reported as hidden.
    let outcome = set(&f, Fact::CyberInsurance, Some(false))?;
    assert_eq!(outcome.hidden.len(), 2);
    let runs = overview(&f.store, f.incident)?;
    assert_eq!(
        state(&runs.runs[0], "call-insurer"),
        Some((StepState::Todo, "n/a"))
    );
    assert!(!next_ids(&f)?.contains(&"call-insurer".to_owned()));
    assert_eq!(runs.runs[0].applicable, 3);

    // Yes: a normal open step that is ready now.
    let outcome = set(&f, Fact::CyberInsurance, Some(true))?;
    assert_eq!(outcome.shown.len(), 2);
    let runs = overview(&f.store, f.incident)?;
    assert_eq!(
        state(&runs.runs[0], "call-insurer"),
        Some((StepState::Todo, "applies"))
    );
    let call = runs.next.iter().find(|n| n.step_id == "call-insurer");
    assert!(call.is_some_and(|n| n.decide.is_empty()));
    assert_eq!(
        state(&runs.runs[0], "warn-owner"),
        Some((StepState::Todo, "undecided"))
    );
    set(&f, Fact::DeviceEncrypted, Some(true))?;
    let runs = overview(&f.store, f.incident)?;
    assert_eq!(
        state(&runs.runs[0], "warn-owner"),
        Some((StepState::Todo, "n/a"))
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

/// Built-ins are bumped when they change; a run started on the older version keeps it after
/// an upgrade stores the new one, and a file from before `sources` existed still loads.
#[test]
fn a_run_on_an_older_builtin_keeps_it_when_the_library_is_upgraded() -> Result<()> {
    let f = fx()?;
    let (_, current) = playbook::library::BUILTIN
        .iter()
        .find(|(file, _)| *file == "data-breach.toml")
        .ok_or(Error::Corrupt("no data-breach built-in".into()))?;
    // The database as it was before the upgrade: only version 1, written without sources.
    let v1: String = current
        .lines()
        .filter(|l| !l.starts_with("reviewed =") && !l.starts_with("review_by ="))
        .collect::<Vec<_>>()
        .join("\n")
        .replacen("version = 2", "version = 1", 1);
    let v1 = match v1.find("sources = [") {
        Some(i) => {
            let end = v1[i..].find("\n]\n").map_or(i, |e| i + e + 3);
            format!("{}{}", &v1[..i], &v1[end..])
        }
        None => v1,
    };
    assert!(!v1.contains("sources =") && !v1.contains("review_by"));
    f.store.write(|tx| {
        tx.execute(
            "DELETE FROM step_search WHERE playbook_id = 'data-breach'",
            [],
        )?;
        tx.execute("DELETE FROM playbooks WHERE id = 'data-breach'", [])?;
        Ok(())
    })?;
    playbook::import(&f.store, "data-breach.toml", &v1)?;
    let run = start(&f.store, f.incident, "data-breach", "alice")?;
    assert_eq!(run.playbook_version, 1);

    f.store
        .write(|tx| crate::playbook::library::sync_builtins(tx))?;
    assert!(playbook::library::get(&f.store, "data-breach", None)?.version >= 2);
    let view = overview(&f.store, f.incident)?;
    let pinned = view
        .runs
        .iter()
        .find(|r| r.playbook_id == "data-breach")
        .ok_or(Error::Corrupt("no run".into()))?;
    assert_eq!(pinned.playbook_version, 1);
    Ok(())
}
