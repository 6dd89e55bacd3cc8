//! Playbook runs, step states and facts on the log: each change is an operation, replay
//! gives the tables (a step marked done with the sqlite3 shell is named), and runs from
//! before the log are adopted as they stood.

use rusqlite::Connection;

use super::*;
use crate::playbook::Fact;
use crate::run::{self, FactChange, StepState, StepUpdate};
use crate::testing::{op_kinds, signed_store, tempdir};
use crate::Store;

/// Starts the ransomware playbook, blocks its first step, and answers then un-answers a fact.
fn follow(store: &Store) -> Result<(Uuid, String)> {
    let id = crate::testing::declare_in(store, "Ransom note on fs01")?;
    let started = run::start(store, id, "ransomware", "dana")?;
    let step = started
        .sections
        .first()
        .and_then(|s| s.steps.first())
        .map(|s| s.step.id.clone())
        .ok_or_else(|| Error::Corrupt("the ransomware playbook has no steps".into()))?;
    let update = StepUpdate {
        state: Some(StepState::Blocked),
        reason: Some("EDR console down".into()),
        note: Some("waiting for the vendor".into()),
        assignee_role: None,
        assignee_name: Some("Sam".into()),
    };
    run::update_step(store, id, None, &step, update, "sam")?;
    let answer = |value| FactChange {
        fact: Fact::PersonalDataInvolved,
        value,
    };
    run::set_facts(store, id, &[answer(Some(true))], "dana")?;
    run::set_facts(store, id, &[answer(None)], "dana")?;
    run::set_facts(store, id, &[answer(Some(false))], "dana")?;
    Ok((id, step))
}

#[test]
fn runs_steps_and_facts_are_operations_and_replay_gives_the_tables() -> Result<()> {
    let dir = tempdir()?;
    let store = signed_store(&dir)?;
    follow(&store)?;
    assert_eq!(
        op_kinds(&store)?[1..],
        [
            "run_started",
            "step_changed",
            "fact_set",
            "fact_set",
            "fact_set"
        ]
    );
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    for table in ["runs", "run_steps", "incident_facts"] {
        assert!(
            report.replayed.iter().any(|t| t == table),
            "{table} not replayed"
        );
    }
    Ok(())
}

#[test]
fn a_step_marked_done_behind_firebreaks_back_is_named() -> Result<()> {
    let dir = tempdir()?;
    let store = signed_store(&dir)?;
    let (id, step) = follow(&store)?;
    Connection::open(dir.path().join("t.db"))?.execute(
        "UPDATE run_steps SET state = 'done', reason = '' WHERE step_id = ?1",
        [&step],
    )?;
    match verify(&store, Some(id))?.verdict {
        LogVerdict::Differs {
            table,
            key,
            problem,
        } => {
            assert_eq!(table, "run_steps");
            assert!(key.ends_with(&format!("/{step}")), "{key}");
            assert!(problem.contains("state is \"done\""), "{problem}");
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    Ok(())
}

#[test]
fn runs_from_before_the_log_are_adopted_as_they_stood() -> Result<()> {
    let dir = tempdir()?;
    follow(&signed_store(&dir)?)?;
    crate::testing::back_to_schema_10(&dir.path().join("t.db"))?;
    let store = signed_store(&dir)?;
    let adopted = op_kinds(&store)?;
    // The run, each of its steps, and the one fact.
    let steps = store.read(|c| {
        Ok(c.query_row("SELECT count(*) FROM run_steps", [], |r| {
            r.get::<_, usize>(0)
        })?)
    })?;
    assert_eq!(
        adopted.iter().filter(|k| *k == "row_adopted").count(),
        1 + steps + 1
    );
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    Ok(())
}
