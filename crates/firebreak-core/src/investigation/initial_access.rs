//! Which timeline event was the first malicious activity (initial access): the start of
//! time to detect and of the phase strip. A responder marks it; until then the start is
//! "not yet established", never the oldest event on record, because an imported detection
//! export carries years of background.
//!
//! The mark is not a column: marking and unmarking are responder actions on the hash-chained
//! timeline (`initial_access_marked`, `initial_access_cleared`) and the latest one is the
//! mark, read through corrections of the event (a retracted event leaves no mark).

use rusqlite::Connection;
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use super::{audit, change};
use crate::incident::{self, AuditAction, AuditEntry};
use crate::time::{self, Moment};
use crate::timeline::{self, Latest};
use crate::{Error, Result, Store};

/// The marked event, as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct InitialAccess {
    /// The event's current version (a correction of the event that was marked keeps the mark).
    pub entry_id: Uuid,
    pub occurred_at: Moment,
    pub message: String,
    pub host: String,
    pub marked_by: String,
    pub marked_at: Moment,
}

/// The mark, or why there is none, in words for the metric and the strip.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct InitialAccessState {
    pub mark: Option<InitialAccess>,
    /// Empty when marked; otherwise what to do ("mark the timeline event…").
    pub missing: String,
}

const NOT_MARKED: &str = "the start is not yet established: mark the timeline event of the \
                          first malicious activity (initial access)";
const RETRACTED: &str = "the event marked as initial access was retracted: mark the first \
                         malicious activity again";

/// Marks `entry_id` (an event of the incident, its current version) as initial access.
pub fn mark(
    store: &Store,
    incident_id: Uuid,
    entry_id: Uuid,
    actor: &str,
) -> Result<InitialAccessState> {
    let now = time::now_local();
    store.write(|tx| {
        let event = timeline::current_event(tx, incident_id, entry_id)?;
        let before = marked_on(tx, incident_id)?;
        if before.as_ref().is_some_and(|(id, _)| *id == event.id) {
            return state_on(tx, incident_id);
        }
        let old_id = before.as_ref().map(|(id, _)| id.to_string());
        let old_at = before.as_ref().and_then(|(_, at)| at.clone());
        let new_at = event.occurred_at.to_rfc3339();
        let changes = [
            change("event", old_id.as_deref(), Some(&event.id.to_string())),
            change("occurred_at", old_at.as_deref(), Some(&new_at)),
        ];
        let subject = clip(&event.message, 120);
        let (action, note) = (AuditAction::InitialAccessMarked, "");
        audit(
            tx,
            incident_id,
            &now,
            actor,
            action,
            &subject,
            note,
            &changes,
        )?;
        state_on(tx, incident_id)
    })
}

/// Removes the mark: the start is then not established again.
pub fn clear(store: &Store, incident_id: Uuid, actor: &str) -> Result<InitialAccessState> {
    let now = time::now_local();
    store.write(|tx| {
        timeline::require_incident(tx, incident_id)?;
        let Some((id, at)) = marked_on(tx, incident_id)? else {
            return Err(Error::validation(
                "entry",
                "no event is marked as initial access",
            ));
        };
        let subject = match timeline::latest(tx, incident_id, id)? {
            Latest::Current(e) => clip(&e.message, 120),
            _ => String::new(),
        };
        let changes = [
            change("event", Some(&id.to_string()), None),
            change("occurred_at", at.as_deref(), None),
        ];
        let action = AuditAction::InitialAccessCleared;
        audit(tx, incident_id, &now, actor, action, &subject, "", &changes)?;
        state_on(tx, incident_id)
    })
}

pub fn state(store: &Store, incident_id: Uuid) -> Result<InitialAccessState> {
    store.read(|c| {
        timeline::require_incident(c, incident_id)?;
        state_on(c, incident_id)
    })
}

pub(crate) fn state_on(c: &Connection, incident_id: Uuid) -> Result<InitialAccessState> {
    let trail = incident::audit::for_incident(c, incident_id)?;
    let Some(last) = trail.iter().rev().find(|a| is_mark(a.action)) else {
        return Ok(unmarked(NOT_MARKED));
    };
    let Some(id) = marked_id(last) else {
        return Ok(unmarked(NOT_MARKED));
    };
    Ok(match timeline::latest(c, incident_id, id)? {
        Latest::Current(e) => InitialAccessState {
            mark: Some(InitialAccess {
                entry_id: e.id,
                occurred_at: e.occurred_at,
                message: e.message,
                host: e.host,
                marked_by: last.actor.clone(),
                marked_at: last.at,
            }),
            missing: String::new(),
        },
        Latest::Retracted | Latest::Unknown => unmarked(RETRACTED),
    })
}

fn unmarked(why: &str) -> InitialAccessState {
    InitialAccessState {
        mark: None,
        missing: why.to_owned(),
    }
}

fn is_mark(a: AuditAction) -> bool {
    matches!(
        a,
        AuditAction::InitialAccessMarked | AuditAction::InitialAccessCleared
    )
}

/// The event id the entry marks; None for an unmarking.
fn marked_id(a: &AuditEntry) -> Option<Uuid> {
    if a.action != AuditAction::InitialAccessMarked {
        return None;
    }
    a.changes
        .iter()
        .find(|c| c.field == "event")
        .and_then(|c| c.new.as_deref())
        .and_then(|v| Uuid::parse_str(v).ok())
}

/// The id in force and the time recorded with it, for the next entry's "old" values.
fn marked_on(c: &Connection, incident_id: Uuid) -> Result<Option<(Uuid, Option<String>)>> {
    let trail = incident::audit::for_incident(c, incident_id)?;
    Ok(trail
        .iter()
        .rev()
        .find(|a| is_mark(a.action))
        .and_then(|a| {
            let id = marked_id(a)?;
            let at = a
                .changes
                .iter()
                .find(|c| c.field == "occurred_at")
                .and_then(|c| c.new.clone());
            Some((id, at))
        }))
}

fn clip(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let mut out: String = line.chars().take(max - 1).collect();
    out.push('…');
    out
}
