//! Notification facts, obligations, decisions and settings on the operation log: replay
//! gives the tables, a deadline moved later behind Firebreak's back is named, and a
//! database from before the log is adopted as it stood.

use rusqlite::Connection;
use uuid::Uuid;

use super::rule_tests::{at, place};
use super::vocab::{DataCategory, RiskLevel};
use super::*;
use crate::oplog::{self, LogVerdict};
use crate::testing::{op_kinds, signed_store, tempdir};
use crate::{Result, Store};

fn facts() -> NotificationFacts {
    let mut f = NotificationFacts {
        jurisdictions: vec![place("DE", 1200), place("US-CA", 300)],
        data_categories: vec![DataCategory::PersonalData],
        risk_to_people: RiskLevel::Risk,
        ..NotificationFacts::default()
    };
    f.moments.aware_personal_data_breach = Some(at("2026-11-20T10:00:00+01:00"));
    f
}

/// A signed store with one data-breach incident whose facts derive obligations, one decided.
fn notified(dir: &tempfile::TempDir) -> Result<(Store, Uuid)> {
    let store = signed_store(dir)?;
    let id = crate::testing::declare_in(&store, "Customer DB on a paste site")?;
    set_org_profile(&store, &facts().profile, "dana")?;
    set_facts(&store, id, &facts(), "dana")?;
    let input = DecisionInput {
        rule_id: "gdpr-33-authority".into(),
        state: DecisionState::Sent,
        note: "Filed on the BfDI portal".into(),
        sent_at: Some("2026-11-21T09:30:00+01:00".into()),
    };
    decide(&store, id, &input, "legal")?;
    let dpa = directory::save(
        &store,
        None,
        &directory::StakeholderInput {
            name: "Hessian DPA".into(),
            category: Some(directory::StakeholderCategory::Regulator),
            primary_channel: Some(directory::ContactChannel::Email),
            primary_address: "breach@dpa.example".into(),
            ..directory::StakeholderInput::default()
        },
        "legal",
    )?;
    let draft = messages::DraftInput {
        id: None,
        rule_id: None,
        template_id: None,
        template_version: None,
        stakeholder_ids: vec![dpa.id],
        other_recipients: Vec::new(),
        channel: directory::ContactChannel::Email,
        subject: "Personal data breach notification".into(),
        body: "We write to notify a breach affecting 1,200 people in Germany.".into(),
    };
    let message = messages::save_draft(&store, id, &draft, "legal")?;
    messages::mark_sent(&store, id, message.id, None, "legal")?;
    Ok((store, id))
}

#[test]
fn facts_obligations_and_decisions_are_operations_and_replay_gives_the_tables() -> Result<()> {
    let dir = tempdir()?;
    let (store, _) = notified(&dir)?;
    let kinds = op_kinds(&store)?;
    for kind in [
        "setting_set",
        "notification_facts_set",
        "obligation_derived",
        "obligation_decided",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} in {kinds:?}");
    }
    let report = oplog::verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    for table in [
        "notification_facts",
        "key_moments",
        "obligations",
        "settings",
    ] {
        assert!(
            report.replayed.iter().any(|t| t == table),
            "{table} not replayed"
        );
    }
    Ok(())
}

/// The insider gives the authority notification more time than the law does.
#[test]
fn a_deadline_moved_later_behind_firebreaks_back_is_named() -> Result<()> {
    let dir = tempdir()?;
    let (store, id) = notified(&dir)?;
    Connection::open(dir.path().join("t.db"))?.execute(
        "UPDATE obligations SET due_utc = '2026-12-31T00:00:00.000000Z'
         WHERE incident_id = ?1 AND rule_id LIKE 'gdpr-33%'",
        [id.to_string()],
    )?;
    match oplog::verify(&store, Some(id))?.verdict {
        LogVerdict::Differs { table, problem, .. } => {
            assert_eq!(table, "obligations");
            assert!(problem.contains("due_utc is \"2026-12-31"), "{problem}");
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    Ok(())
}

/// What was sent to the regulator is final: rewriting it (the guarding trigger dropped
/// first) is named with the column.
#[test]
fn a_sent_message_rewritten_behind_firebreaks_back_is_named() -> Result<()> {
    let dir = tempdir()?;
    let (store, id) = notified(&dir)?;
    let c = Connection::open(dir.path().join("t.db"))?;
    c.execute_batch("DROP TRIGGER messages_sent_are_final;")?;
    c.execute(
        "UPDATE messages SET body = 'We write to notify a minor incident.'",
        [],
    )?;
    match oplog::verify(&store, Some(id))?.verdict {
        LogVerdict::Differs { table, problem, .. } => {
            assert_eq!(table, "messages");
            assert!(
                problem.contains("body is \"We write to notify a minor incident.\""),
                "{problem}"
            );
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    Ok(())
}

#[test]
fn notifications_from_before_the_log_are_adopted_as_they_stood() -> Result<()> {
    let dir = tempdir()?;
    let (store, id) = notified(&dir)?;
    let before = view(&store, id)?;
    drop(store);
    crate::testing::back_to_schema_10(&dir.path().join("t.db"))?;
    let store = signed_store(&dir)?;
    assert!(op_kinds(&store)?.iter().all(|k| k.ends_with("_adopted")));
    let report = oplog::verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    assert_eq!(view(&store, id)?.obligations, before.obligations);
    Ok(())
}
