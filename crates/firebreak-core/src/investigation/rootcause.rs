//! From hypotheses to the root cause: findings (established facts), hypotheses that the
//! evidence supports or refutes, the root-cause statement with its initial-access vector,
//! and the lessons learned as owned, dated action items.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::analysis_project as project;
use super::model::{ActionItem, ActionItemInput, Finding, Hypothesis, RootCause, RootCauseInput};
use super::vocab::{ActionStatus, HypothesisStatus};
use super::{audit, change, code, required, short, uuid_col, Rows};
use crate::incident::AuditAction;
use crate::oplog::{self, Change};
use crate::time::{self, Moment};
use crate::timeline::attack;
use crate::{Error, Result, Store};

pub fn add_finding(
    store: &Store,
    incident_id: Uuid,
    statement: &str,
    actor: &str,
) -> Result<Finding> {
    let now = time::now_local();
    let statement = required("statement", statement, "the finding")?;
    let id = Uuid::now_v7();
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        let op = Change::FindingAdded(project::Statement {
            id,
            statement: statement.clone(),
            by: actor.trim().to_owned(),
            at: now,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::FindingAdded,
            &statement,
            "",
            &[],
        )?;
        Ok(Finding {
            id,
            statement,
            added_by: actor.trim().to_owned(),
            added_at: now,
        })
    })
}

pub fn add_hypothesis(
    store: &Store,
    incident_id: Uuid,
    statement: &str,
    actor: &str,
) -> Result<Hypothesis> {
    let now = time::now_local();
    let statement = required("statement", statement, "the hypothesis")?;
    let id = Uuid::now_v7();
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        let op = Change::HypothesisAdded(project::Statement {
            id,
            statement: statement.clone(),
            by: actor.trim().to_owned(),
            at: now,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::HypothesisAdded,
            &statement,
            "",
            &[],
        )?;
        hypothesis_on(tx, incident_id, id)
    })
}

/// Moves a hypothesis to supported or refuted (with the reasoning) or back to open.
pub fn set_hypothesis(
    store: &Store,
    incident_id: Uuid,
    hypothesis_id: Uuid,
    status: HypothesisStatus,
    rationale: &str,
    actor: &str,
) -> Result<Hypothesis> {
    let now = time::now_local();
    let rationale = super::long("rationale", rationale)?;
    if status != HypothesisStatus::Open && rationale.is_empty() {
        return Err(Error::validation(
            "rationale",
            format!(
                "say what evidence shows the hypothesis is {}",
                status.label().to_lowercase()
            ),
        ));
    }
    store.write(|tx| {
        let old = hypothesis_on(tx, incident_id, hypothesis_id)?;
        if old.status == status && old.rationale == rationale {
            return Ok(old);
        }
        let op = Change::HypothesisSet(project::HypothesisSet {
            id: hypothesis_id,
            status,
            rationale: rationale.clone(),
            at: now,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = [change(
            "status",
            Some(old.status.label()),
            Some(status.label()),
        )];
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::HypothesisUpdated,
            &old.statement,
            &rationale,
            &changes,
        )?;
        hypothesis_on(tx, incident_id, hypothesis_id)
    })
}

/// Records (or revises) the root cause. `revision` must be the one the editor saw.
pub fn set_root_cause(
    store: &Store,
    incident_id: Uuid,
    input: RootCauseInput,
    actor: &str,
) -> Result<RootCause> {
    let now = time::now_local();
    let statement = required("statement", &input.statement, "the root-cause statement")?;
    let access = input.initial_access.trim().to_uppercase();
    let access = if access.is_empty() {
        access
    } else {
        let id = access
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        if attack::initial_access_name(&id).is_none() || !attack::is_technique(&id) {
            return Err(Error::validation(
                "initial_access",
                format!(
                    "{id:?} is not an ATT&CK Initial Access technique (T1566, T1190, T1078.004, …)"
                ),
            ));
        }
        id
    };
    let mut factors = Vec::new();
    for f in &input.contributing_factors {
        let f = short("contributing_factors", f)?;
        if !f.is_empty() && !factors.contains(&f) {
            factors.push(f);
        }
    }
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        let old = root_cause_on(tx, incident_id)?;
        let current = old.as_ref().map_or(0, |r| r.revision);
        if let Some(seen) = input.revision {
            if seen != current {
                return Err(Error::Conflict(format!(
                    "the root cause was revised since you opened it (revision {seen} → {current}); reload and try again"
                )));
            }
        }
        let op = Change::RootCauseSet(project::RootCauseSet {
            statement: statement.clone(),
            initial_access: access.clone(),
            contributing_factors: factors.clone(),
            by: actor.trim().to_owned(),
            at: now,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let o = old.as_ref();
        let mut changes = Vec::new();
        if o.map(|r| r.statement.as_str()) != Some(statement.as_str()) {
            changes.push(change("statement", o.map(|r| r.statement.as_str()), Some(&statement)));
        }
        if o.map(|r| r.initial_access.as_str()) != Some(access.as_str()) {
            changes.push(change("initial_access", o.map(|r| r.initial_access.as_str()), Some(&access)));
        }
        let old_factors = o.map(|r| r.contributing_factors.join("; "));
        let new_factors = factors.join("; ");
        if old_factors.as_deref() != Some(new_factors.as_str()) {
            changes.push(change("contributing_factors", old_factors.as_deref(), Some(&new_factors)));
        }
        audit(tx, incident_id, &now, actor, AuditAction::RootCauseRecorded, "root cause", "", &changes)?;
        root_cause_on(tx, incident_id)?.ok_or(Error::NotFound {
            what: "root cause",
            id: incident_id.to_string(),
        })
    })
}

pub fn add_action_item(
    store: &Store,
    incident_id: Uuid,
    input: ActionItemInput,
    actor: &str,
) -> Result<ActionItem> {
    let now = time::now_local();
    let action = required("action", &input.action, "the action")?;
    let owner = short("owner", &input.owner)?;
    if owner.is_empty() {
        return Err(Error::validation("owner", "every lesson needs an owner"));
    }
    let due = NaiveDate::parse_from_str(input.due_date.trim(), "%Y-%m-%d").map_err(|_| {
        Error::validation(
            "due_date",
            format!("{:?} is not a date like 2026-12-31", input.due_date),
        )
    })?;
    let id = Uuid::now_v7();
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        let op = Change::ActionItemAdded(project::ActionItemAdded {
            id,
            action: action.clone(),
            owner: owner.clone(),
            due_date: due.format("%Y-%m-%d").to_string(),
            by: actor.trim().to_owned(),
            at: now,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = [
            change("owner", None, Some(&owner)),
            change("due", None, Some(&due.to_string())),
        ];
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::ActionItemAdded,
            &action,
            "",
            &changes,
        )?;
        action_item_on(tx, incident_id, id)
    })
}

pub fn set_action_status(
    store: &Store,
    incident_id: Uuid,
    item_id: Uuid,
    status: ActionStatus,
    actor: &str,
) -> Result<ActionItem> {
    let now = time::now_local();
    store.write(|tx| {
        let old = action_item_on(tx, incident_id, item_id)?;
        if old.status == status {
            return Ok(old);
        }
        let op = Change::ActionItemSet(project::ActionItemSet {
            id: item_id,
            status,
            at: now,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = [change(
            "status",
            Some(old.status.code()),
            Some(status.code()),
        )];
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::ActionItemUpdated,
            &old.action,
            "",
            &changes,
        )?;
        action_item_on(tx, incident_id, item_id)
    })
}

pub(crate) fn findings_on(c: &Connection, incident_id: Uuid) -> Result<Vec<Finding>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, statement, added_by, added_at_utc FROM findings WHERE incident_id = ?1
         ORDER BY added_at_utc, id",
    )?;
    let rows = stmt.query_map([incident_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|r| {
        let (id, statement, added_by, at) = r?;
        Ok(Finding {
            id: uuid_col(&id)?,
            statement,
            added_by,
            added_at: time::from_columns(&at, 0)?,
        })
    })
    .collect()
}

const HYPOTHESES: Rows<Hypothesis> = Rows {
    table: "hypotheses",
    columns: HYPOTHESIS,
    order: "added_at_utc, id",
    what: "hypothesis",
    row: hypothesis_row,
};

pub(crate) fn hypotheses_on(c: &Connection, incident_id: Uuid) -> Result<Vec<Hypothesis>> {
    HYPOTHESES.all(c, incident_id)
}

fn hypothesis_on(c: &Connection, incident_id: Uuid, id: Uuid) -> Result<Hypothesis> {
    HYPOTHESES.one(c, incident_id, id)
}

const HYPOTHESIS: &str = "id, statement, status, rationale, revision, added_by, updated_at_utc";

fn hypothesis_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Hypothesis>> {
    let id: String = r.get(0)?;
    let status: String = r.get(2)?;
    let revision: i64 = r.get(4)?;
    let at: String = r.get(6)?;
    let (statement, rationale, added_by) = (r.get(1)?, r.get(3)?, r.get(5)?);
    Ok((|| {
        Ok(Hypothesis {
            id: uuid_col(&id)?,
            statement,
            status: code("hypothesis status", &status)?,
            rationale,
            revision: u32::try_from(revision).unwrap_or(0),
            added_by,
            updated_at: time::from_columns(&at, 0)?,
        })
    })())
}

pub(crate) fn root_cause_on(c: &Connection, incident_id: Uuid) -> Result<Option<RootCause>> {
    let row = c
        .query_row(
            "SELECT statement, initial_access, contributing_factors, revision, updated_by,
                updated_at_utc FROM root_causes WHERE incident_id = ?1",
            [incident_id.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    row.map(
        |(statement, initial_access, factors, revision, updated_by, at)| {
            let updated_at: Moment = time::from_columns(&at, 0)?;
            Ok(RootCause {
                initial_access_name: attack::initial_access_name(&initial_access)
                    .unwrap_or_default()
                    .to_owned(),
                statement,
                initial_access,
                contributing_factors: serde_json::from_str(&factors)
                    .map_err(|e| Error::Corrupt(format!("contributing factors: {e}")))?,
                revision: u32::try_from(revision).unwrap_or(0),
                updated_by,
                updated_at,
            })
        },
    )
    .transpose()
}

const ACTIONS: Rows<ActionItem> = Rows {
    table: "action_items",
    columns: ACTION,
    order: "due_date, added_at_utc",
    what: "action item",
    row: action_row,
};

pub(crate) fn action_items_on(c: &Connection, incident_id: Uuid) -> Result<Vec<ActionItem>> {
    ACTIONS.all(c, incident_id)
}

fn action_item_on(c: &Connection, incident_id: Uuid, id: Uuid) -> Result<ActionItem> {
    ACTIONS.one(c, incident_id, id)
}

const ACTION: &str = "id, action, owner, due_date, status, added_by, done_at_utc";

fn action_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<ActionItem>> {
    let id: String = r.get(0)?;
    let due: String = r.get(3)?;
    let status: String = r.get(4)?;
    let done: Option<String> = r.get(6)?;
    let (action, owner, added_by) = (r.get(1)?, r.get(2)?, r.get(5)?);
    Ok((|| {
        Ok(ActionItem {
            id: uuid_col(&id)?,
            action,
            owner,
            due_date: NaiveDate::parse_from_str(&due, "%Y-%m-%d")
                .map_err(|e| Error::Corrupt(format!("due date {due:?}: {e}")))?,
            status: code("action status", &status)?,
            added_by,
            done_at: done.map(|d| time::from_columns(&d, 0)).transpose()?,
        })
    })())
}
