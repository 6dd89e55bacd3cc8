//! SQL for runs, run steps and incident facts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::StepState;
use crate::catalog::Status;
use crate::incident::audit::FieldChange;
use crate::playbook::{library, Fact, Playbook, Role};
use crate::time::{self, Moment};
use crate::{Error, Result};

pub(super) struct RunHeader {
    pub started_at: Moment,
    pub started_by: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct StepRow {
    pub state: StepState,
    pub reason: String,
    pub note: String,
    pub assignee_role: Option<Role>,
    pub assignee_name: String,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
}

impl Default for StepRow {
    fn default() -> Self {
        StepRow {
            state: StepState::Todo,
            reason: String::new(),
            note: String::new(),
            assignee_role: None,
            assignee_name: String::new(),
            updated_at: None,
            updated_by: None,
        }
    }
}

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::Corrupt(format!("id {s:?}: {e}")))
}

fn corrupt(e: Error) -> Error {
    Error::Corrupt(e.to_string())
}

pub(super) fn incident_status(c: &Connection, incident_id: Uuid) -> Result<Status> {
    let status: Option<String> = c
        .query_row(
            "SELECT status FROM incidents WHERE id = ?1",
            [incident_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    status
        .ok_or(Error::NotFound {
            what: "incident",
            id: incident_id.to_string(),
        })?
        .parse()
        .map_err(corrupt)
}

pub(super) fn run_id_for(
    c: &Connection,
    incident_id: Uuid,
    playbook_id: &str,
) -> Result<Option<Uuid>> {
    let id: Option<String> = c
        .query_row(
            "SELECT id FROM runs WHERE incident_id = ?1 AND playbook_id = ?2",
            params![incident_id.to_string(), playbook_id],
            |r| r.get(0),
        )
        .optional()?;
    id.as_deref().map(uuid).transpose()
}

pub(super) fn run_ids(c: &Connection, incident_id: Uuid) -> Result<Vec<Uuid>> {
    let mut stmt = c.prepare_cached("SELECT id FROM runs WHERE incident_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([incident_id.to_string()], |r| r.get::<_, String>(0))?;
    rows.map(|r| uuid(&r?)).collect()
}

/// The run's header and the exact playbook version it follows.
pub(super) fn run_playbook(c: &Connection, run_id: Uuid) -> Result<(RunHeader, Playbook)> {
    let (pid, version, at, offset, by): (String, u32, String, i32, String) = c.query_row(
        "SELECT playbook_id, playbook_version, started_at_utc, started_at_offset, started_by FROM runs WHERE id = ?1",
        [run_id.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let playbook = library::load(c, &pid, Some(version))?;
    Ok((
        RunHeader {
            started_at: time::from_columns(&at, offset)?,
            started_by: by,
        },
        playbook,
    ))
}

pub(super) fn step_rows(c: &Connection, run_id: Uuid) -> Result<HashMap<String, StepRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT step_id, state, reason, note, assignee_role, assignee_name, updated_at_utc, updated_by
         FROM run_steps WHERE run_id = ?1",
    )?;
    let rows = stmt.query_map([run_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    rows.map(|row| {
        let (id, state, reason, note, role, name, at, by) = row?;
        let row = StepRow {
            state: state.parse().map_err(corrupt)?,
            reason,
            note,
            assignee_role: role
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(corrupt)?,
            assignee_name: name,
            updated_at: at
                .as_deref()
                .map(|t| time::from_columns(t, 0).map(|m| m.to_utc()))
                .transpose()?,
            updated_by: by,
        };
        Ok((id, row))
    })
    .collect()
}

pub(super) fn step_row(c: &Connection, run_id: Uuid, step_id: &str) -> Result<StepRow> {
    Ok(step_rows(c, run_id)?.remove(step_id).unwrap_or_default())
}

pub(super) fn diff_rows(a: &StepRow, b: &StepRow) -> Vec<FieldChange> {
    let role = |r: Option<Role>| r.map(|r| r.code().to_owned()).unwrap_or_default();
    [
        (
            "state",
            a.state.code().to_owned(),
            b.state.code().to_owned(),
        ),
        ("reason", a.reason.clone(), b.reason.clone()),
        (
            "assignee_role",
            role(a.assignee_role),
            role(b.assignee_role),
        ),
        (
            "assignee_name",
            a.assignee_name.clone(),
            b.assignee_name.clone(),
        ),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, old, new)| FieldChange {
        field: field.into(),
        old: (!old.is_empty()).then_some(old),
        new: (!new.is_empty()).then_some(new),
    })
    .collect()
}

/// Finds the run holding `step_id`: in the named playbook, or the only run that has it.
pub(super) fn locate_step(
    c: &Connection,
    incident_id: Uuid,
    playbook_id: Option<&str>,
    step_id: &str,
) -> Result<(Uuid, Playbook)> {
    incident_status(c, incident_id)?;
    let mut found = Vec::new();
    for run_id in run_ids(c, incident_id)? {
        let (_, playbook) = run_playbook(c, run_id)?;
        if playbook_id.is_some_and(|p| p != playbook.id) {
            continue;
        }
        if playbook.steps.iter().any(|s| s.id == step_id) {
            found.push((run_id, playbook));
        }
    }
    let where_ = playbook_id
        .map(|p| format!(" in playbook {p}"))
        .unwrap_or_default();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::NotFound {
            what: "step",
            id: format!("{step_id}{where_} (is its playbook started on this incident?)"),
        }),
        _ => Err(Error::validation(
            "step",
            format!(
                "step {step_id} is in several running playbooks; name one as PLAYBOOK/{step_id}"
            ),
        )),
    }
}

pub(super) fn facts(c: &Connection, incident_id: Uuid) -> Result<HashMap<Fact, bool>> {
    let mut stmt =
        c.prepare_cached("SELECT fact, value FROM incident_facts WHERE incident_id = ?1")?;
    let rows = stmt.query_map([incident_id.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
    })?;
    rows.map(|row| {
        let (fact, value) = row?;
        Ok((fact.parse().map_err(corrupt)?, value))
    })
    .collect()
}
