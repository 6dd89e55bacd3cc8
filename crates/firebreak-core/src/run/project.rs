//! Runs, step states and incident facts as projections of the operation log: these apply
//! functions are the only code that writes `runs`, `run_steps` and `incident_facts`.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::StepState;
use crate::playbook::{Fact, Role};
use crate::time::{self, Moment};
use crate::Result;

/// `run_started`: a playbook started on the incident, pinned to its exact version, with
/// every step of that version to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStarted {
    pub id: Uuid,
    pub playbook_id: String,
    pub playbook_version: u32,
    pub steps: Vec<String>,
    pub at: Moment,
    pub by: String,
}

/// `step_changed`: a step's state, reason, note and assignee as they now are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepChanged {
    pub run: Uuid,
    pub step: String,
    pub state: StepState,
    pub reason: String,
    pub note: String,
    pub assignee_role: Option<Role>,
    pub assignee_name: String,
    pub at: Moment,
    pub by: String,
}

/// `fact_set`: a yes/no fact about the incident, or back to unknown (`None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactSet {
    pub fact: Fact,
    pub value: Option<bool>,
}

pub(crate) fn run_started(c: &Connection, incident: Uuid, r: &RunStarted) -> Result<()> {
    c.execute(
        "INSERT INTO runs (id, incident_id, playbook_id, playbook_version, started_at_utc,
            started_at_offset, started_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.id.to_string(),
            incident.to_string(),
            r.playbook_id,
            r.playbook_version,
            time::utc_text(&r.at),
            time::offset_seconds(&r.at),
            r.by
        ],
    )?;
    let mut stmt =
        c.prepare_cached("INSERT INTO run_steps (run_id, step_id, state) VALUES (?1, ?2, 'todo')")?;
    for step in &r.steps {
        stmt.execute(params![r.id.to_string(), step])?;
    }
    Ok(())
}

pub(crate) fn step_changed(c: &Connection, s: &StepChanged) -> Result<()> {
    c.execute(
        "INSERT INTO run_steps (run_id, step_id, state, reason, note, assignee_role,
            assignee_name, updated_at_utc, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (run_id, step_id) DO UPDATE SET state = excluded.state,
             reason = excluded.reason, note = excluded.note,
             assignee_role = excluded.assignee_role, assignee_name = excluded.assignee_name,
             updated_at_utc = excluded.updated_at_utc, updated_by = excluded.updated_by",
        params![
            s.run.to_string(),
            s.step,
            s.state.code(),
            s.reason,
            s.note,
            s.assignee_role.map(Role::code),
            s.assignee_name,
            time::utc_text(&s.at),
            s.by
        ],
    )?;
    Ok(())
}

pub(crate) fn fact_set(c: &Connection, incident: Uuid, f: &FactSet) -> Result<()> {
    match f.value {
        Some(v) => c.execute(
            "INSERT INTO incident_facts (incident_id, fact, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (incident_id, fact) DO UPDATE SET value = excluded.value",
            params![incident.to_string(), f.fact.code(), v],
        )?,
        None => c.execute(
            "DELETE FROM incident_facts WHERE incident_id = ?1 AND fact = ?2",
            params![incident.to_string(), f.fact.code()],
        )?,
    };
    Ok(())
}
