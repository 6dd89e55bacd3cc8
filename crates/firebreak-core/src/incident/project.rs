//! The incidents table as a projection of the operation log. These apply functions are the
//! only code that writes it (a test in `oplog` searches the sources to keep it so): the
//! domain functions in `incident.rs` validate, then record an operation, and replaying the
//! log into an empty database gives the same rows.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{query, Incident};
use crate::catalog::{IncidentType, Phase, Severity, Status};
use crate::time::Moment;
use crate::{Error, Result};

/// `incident_declared`: a new incident, open, at revision 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declared {
    pub title: String,
    pub incident_type: IncidentType,
    pub severity: Severity,
    pub phase: Phase,
    pub detected_at: Moment,
    pub declared_at: Moment,
    pub commander: String,
    pub summary: String,
}

/// `incident_edited`: the fields that changed, with their new values, at `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edited {
    pub at: Moment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_type: Option<IncidentType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected_at: Option<Moment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commander: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl Edited {
    /// The fields in which `next` differs from `current`, at `at`; `None` when none does.
    pub(crate) fn between(current: &Incident, next: &Incident, at: Moment) -> Option<Edited> {
        fn changed<T: PartialEq + Clone>(a: &T, b: &T) -> Option<T> {
            (a != b).then(|| b.clone())
        }
        let e = Edited {
            at,
            title: changed(&current.title, &next.title),
            incident_type: changed(&current.incident_type, &next.incident_type),
            severity: changed(&current.severity, &next.severity),
            phase: changed(&current.phase, &next.phase),
            // The same instant in another offset is a change: the offset is what was reported.
            detected_at: (current.detected_at.to_rfc3339() != next.detected_at.to_rfc3339())
                .then_some(next.detected_at),
            commander: changed(&current.commander, &next.commander),
            summary: changed(&current.summary, &next.summary),
        };
        let any = e.title.is_some()
            || e.incident_type.is_some()
            || e.severity.is_some()
            || e.phase.is_some()
            || e.detected_at.is_some()
            || e.commander.is_some()
            || e.summary.is_some();
        any.then_some(e)
    }
}

/// `incident_status_set`: closed or reopened at `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusSet {
    pub at: Moment,
    pub status: Status,
}

/// `incident_adopted`: an incident recorded before the log existed, as its row stood when
/// the database was upgraded, so that replay starts from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adopted {
    pub title: String,
    pub incident_type: IncidentType,
    pub severity: Severity,
    pub phase: Phase,
    pub status: Status,
    pub detected_at: Moment,
    pub declared_at: Moment,
    pub commander: String,
    pub summary: String,
    pub revision: u32,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Adopted {
    pub(crate) fn of(i: &Incident) -> Adopted {
        Adopted {
            title: i.title.clone(),
            incident_type: i.incident_type,
            severity: i.severity,
            phase: i.phase,
            status: i.status,
            detected_at: i.detected_at,
            declared_at: i.declared_at,
            commander: i.commander.clone(),
            summary: i.summary.clone(),
            revision: i.revision,
            updated_at: i.updated_at,
            closed_at: i.closed_at,
        }
    }
}

pub(crate) fn declared(c: &Connection, id: Uuid, d: &Declared) -> Result<()> {
    query::insert(
        c,
        &Incident {
            id,
            title: d.title.clone(),
            incident_type: d.incident_type,
            severity: d.severity,
            phase: d.phase,
            status: Status::Open,
            detected_at: d.detected_at,
            declared_at: d.declared_at,
            commander: d.commander.clone(),
            summary: d.summary.clone(),
            revision: 1,
            updated_at: d.declared_at.with_timezone(&Utc),
            closed_at: None,
        },
    )
}

pub(crate) fn edited(c: &Connection, id: Uuid, e: &Edited) -> Result<()> {
    let mut i = current(c, id)?;
    if let Some(v) = &e.title {
        i.title.clone_from(v);
    }
    if let Some(v) = e.incident_type {
        i.incident_type = v;
    }
    if let Some(v) = e.severity {
        i.severity = v;
    }
    if let Some(v) = e.phase {
        i.phase = v;
    }
    if let Some(v) = e.detected_at {
        i.detected_at = v;
    }
    if let Some(v) = &e.commander {
        i.commander.clone_from(v);
    }
    if let Some(v) = &e.summary {
        i.summary.clone_from(v);
    }
    bump(c, i, &e.at)
}

pub(crate) fn status_set(c: &Connection, id: Uuid, s: &StatusSet) -> Result<()> {
    let mut i = current(c, id)?;
    i.status = s.status;
    i.closed_at = (s.status == Status::Closed).then(|| s.at.with_timezone(&Utc));
    bump(c, i, &s.at)
}

/// Writes the row as adopted: inserted where replay starts from nothing, rewritten in place
/// on the database being upgraded (so both hold exactly what the operation says).
pub(crate) fn adopted(c: &Connection, id: Uuid, a: &Adopted) -> Result<()> {
    let row = Incident {
        id,
        title: a.title.clone(),
        incident_type: a.incident_type,
        severity: a.severity,
        phase: a.phase,
        status: a.status,
        detected_at: a.detected_at,
        declared_at: a.declared_at,
        commander: a.commander.clone(),
        summary: a.summary.clone(),
        revision: a.revision,
        updated_at: a.updated_at,
        closed_at: a.closed_at,
    };
    match query::get(c, id)? {
        Some(_) => query::update(c, &row),
        None => query::insert(c, &row),
    }
}

fn bump(c: &Connection, mut i: Incident, at: &Moment) -> Result<()> {
    i.revision += 1;
    i.updated_at = at.with_timezone(&Utc);
    query::update(c, &i)
}

fn current(c: &Connection, id: Uuid) -> Result<Incident> {
    query::get(c, id)?.ok_or_else(|| {
        Error::Corrupt(format!(
            "an operation changes incident {id}, which no earlier operation declared"
        ))
    })
}
