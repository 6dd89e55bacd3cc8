//! Incidents: declare, list, show, edit, close and reopen. Every mutation appends an audit
//! entry (who, when, old → new) inside the same transaction, so the record of what
//! responders did can never disagree with the state it describes.

pub(crate) mod audit;
mod model;
pub(crate) mod project;
mod query;
pub mod wording;
mod wording_bulk;
pub mod wording_facts;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod wording_tests;

pub(crate) use audit::{append as append_audit, Record};
pub use audit::{AuditAction, AuditEntry, FieldChange};
pub use model::{
    Incident, IncidentDetail, IncidentFilter, IncidentPatch, IncidentSort, NewIncident,
};

use chrono::Duration;
use rusqlite::Transaction;
use uuid::Uuid;

use crate::catalog::{Phase, Status};
use crate::oplog::{self, Change};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

const TITLE_MAX: usize = 200;
const COMMANDER_MAX: usize = 120;
const SUMMARY_MAX: usize = 20_000;
/// Clocks on responders' laptops drift; a detection time a few minutes "ahead" is not a typo.
const CLOCK_SKEW: Duration = Duration::minutes(5);

pub fn declare(store: &Store, input: NewIncident, actor: &str) -> Result<Incident> {
    let actor = check_actor(actor)?;
    let declared_at = time::now_local();
    let detected_at = match input
        .detected_at
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        Some(text) => time::parse_moment("detected_at", text)?,
        None => declared_at,
    };
    check_detected(&detected_at, &declared_at)?;
    let id = Uuid::now_v7();
    let declared = project::Declared {
        title: check_text("title", &input.title, TITLE_MAX, true)?,
        incident_type: input.incident_type,
        severity: input.severity,
        phase: input.phase.unwrap_or(Phase::DetectionAnalysis),
        detected_at,
        declared_at,
        commander: check_text(
            "commander",
            input.commander.as_deref().unwrap_or(""),
            COMMANDER_MAX,
            false,
        )?,
        summary: check_text(
            "summary",
            input.summary.as_deref().unwrap_or(""),
            SUMMARY_MAX,
            false,
        )?,
    };
    store.write(|tx| {
        let change = Change::IncidentDeclared(declared);
        oplog::commit(tx, store.author(actor), Some(id), &change)?;
        let incident = get_on(tx, id)?;
        let changes = model::all_fields(&incident);
        audit::append(
            tx,
            &audit::Record {
                incident_id: id,
                at: &declared_at,
                actor,
                action: AuditAction::Declared,
                subject: "",
                note: "",
                changes: &changes,
            },
        )?;
        Ok(incident)
    })
}

pub fn list(store: &Store, filter: &IncidentFilter) -> Result<Vec<Incident>> {
    store.read(|c| query::list(c, filter))
}

pub fn show(store: &Store, id: Uuid) -> Result<IncidentDetail> {
    store.read(|c| {
        let incident = query::get(c, id)?.ok_or_else(|| not_found(id))?;
        let audit = audit::for_incident(c, id)?;
        Ok(IncidentDetail { incident, audit })
    })
}

pub fn edit(store: &Store, id: Uuid, patch: IncidentPatch, actor: &str) -> Result<Incident> {
    let actor = check_actor(actor)?;
    let now = time::now_local();
    store.write(|tx| {
        let current = load_for_update(tx, id, patch.expected_revision)?;
        let mut next = current.clone();
        if let Some(t) = &patch.title {
            next.title = check_text("title", t, TITLE_MAX, true)?;
        }
        if let Some(v) = patch.incident_type {
            next.incident_type = v;
        }
        if let Some(v) = patch.severity {
            next.severity = v;
        }
        if let Some(v) = patch.phase {
            next.phase = v;
        }
        if let Some(text) = &patch.detected_at {
            next.detected_at = time::parse_moment("detected_at", text)?;
            check_detected(&next.detected_at, &next.declared_at)?;
        }
        if let Some(v) = &patch.commander {
            next.commander = check_text("commander", v, COMMANDER_MAX, false)?;
        }
        if let Some(v) = &patch.summary {
            next.summary = check_text("summary", v, SUMMARY_MAX, false)?;
        }
        let Some(edited) = project::Edited::between(&current, &next, now) else {
            return Ok(current);
        };
        let change = Change::IncidentEdited(edited);
        commit_change(tx, store, &current, &change, actor, AuditAction::Edited)
    })
}

/// Closes an open incident (or reopens a closed one).
pub fn set_status(
    store: &Store,
    id: Uuid,
    status: Status,
    expected_revision: Option<u32>,
    actor: &str,
) -> Result<Incident> {
    let actor = check_actor(actor)?;
    let now = time::now_local();
    store.write(|tx| {
        let current = load_for_update(tx, id, expected_revision)?;
        if current.status == status {
            return Err(Error::Conflict(format!(
                "incident {id} is already {status}"
            )));
        }
        let action = if status == Status::Closed {
            AuditAction::Closed
        } else {
            AuditAction::Reopened
        };
        let change = Change::IncidentStatusSet(project::StatusSet { at: now, status });
        commit_change(tx, store, &current, &change, actor, action)
    })
}

/// Accepts a full incident id or an unambiguous prefix or suffix of at least 4 characters, so
/// a responder at a terminal can type `firebreak incident show 9c2e41aa`. Suffixes matter:
/// a UUIDv7 starts with its timestamp, so incidents declared in the same minute share
/// their first 8 characters while their last 8 are random.
pub fn resolve_id(store: &Store, text: &str) -> Result<Uuid> {
    let text = text.trim();
    if let Ok(id) = Uuid::parse_str(text) {
        return Ok(id);
    }
    let prefix = text.to_ascii_lowercase();
    if prefix.len() < 4 || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::validation(
            "id",
            format!(
                "{text:?} is not an incident id (a UUID, or at least 4 of its first or last characters)"
            ),
        ));
    }
    let matches = store.read(|c| query::ids_matching(c, &prefix))?;
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::NotFound {
            what: "incident",
            id: text.to_owned(),
        }),
        many => Err(Error::validation(
            "id",
            format!(
                "{text:?} matches {} incidents; type more of the id",
                many.len()
            ),
        )),
    }
}

/// Records `change` to `current` and its audit entry (old → new, in the change's moment).
fn commit_change(
    tx: &Transaction<'_>,
    store: &Store,
    current: &Incident,
    change: &Change,
    actor: &str,
    action: AuditAction,
) -> Result<Incident> {
    oplog::commit(tx, store.author(actor), Some(current.id), change)?;
    let next = get_on(tx, current.id)?;
    let changes = model::diff(current, &next);
    let at = match change {
        Change::IncidentEdited(e) => e.at,
        Change::IncidentStatusSet(s) => s.at,
        _ => time::now_local(),
    };
    audit::append(
        tx,
        &audit::Record {
            incident_id: next.id,
            at: &at,
            actor,
            action,
            subject: "",
            note: "",
            changes: &changes,
        },
    )?;
    Ok(next)
}

fn load_for_update(
    tx: &Transaction<'_>,
    id: Uuid,
    expected_revision: Option<u32>,
) -> Result<Incident> {
    let current = query::get(tx, id)?.ok_or_else(|| not_found(id))?;
    match expected_revision {
        Some(rev) if rev != current.revision => Err(Error::Conflict(format!(
            "incident was changed by someone else since you opened it (revision {rev}, now {}); reload and try again",
            current.revision
        ))),
        _ => Ok(current),
    }
}

/// Every incident, oldest declaration first, on a connection the caller holds.
pub(crate) fn all_on(c: &rusqlite::Connection) -> Result<Vec<Incident>> {
    let filter = IncidentFilter {
        sort: Some(IncidentSort::DeclaredAsc),
        ..IncidentFilter::default()
    };
    query::list(c, &filter)
}

/// The incident alone, on a connection the caller holds (no audit trail: exports of a
/// million-entry timeline need only its title and fields).
pub(crate) fn get_on(c: &rusqlite::Connection, id: Uuid) -> Result<Incident> {
    query::get(c, id)?.ok_or_else(|| not_found(id))
}

fn not_found(id: Uuid) -> Error {
    Error::NotFound {
        what: "incident",
        id: id.to_string(),
    }
}

fn check_actor(actor: &str) -> Result<&str> {
    let actor = actor.trim();
    if actor.is_empty() {
        return Err(Error::validation(
            "actor",
            "who is making this change? an actor name is required for the audit trail",
        ));
    }
    Ok(actor)
}

fn check_text(field: &str, value: &str, max: usize, required: bool) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(Error::validation(field, format!("{field} is required")));
    }
    let len = value.chars().count();
    if len > max {
        return Err(Error::validation(
            field,
            format!("{field} is {len} characters; the limit is {max}"),
        ));
    }
    Ok(value.to_owned())
}

fn check_detected(detected: &Moment, declared: &Moment) -> Result<()> {
    if *detected > *declared + CLOCK_SKEW {
        return Err(Error::validation(
            "detected_at",
            format!("detected-at {} is after the incident was declared ({}); an incident is detected before it is declared", detected.to_rfc3339(), declared.to_rfc3339()),
        ));
    }
    Ok(())
}

/// Used by the store tests to prove a row exists without going through the domain.
#[cfg(test)]
fn raw_count(store: &Store, table: &str) -> Result<i64> {
    store.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
}
