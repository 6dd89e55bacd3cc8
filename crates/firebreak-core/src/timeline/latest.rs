//! An entry's latest version: what a reference to an event (the initial-access mark) means
//! once the event has been corrected or retracted. The chain itself is never changed.

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::chain::{Stored, COLUMNS, INCIDENT};
use super::{query, TimelineEntry};
use crate::Result;

/// Where a reference to an entry leads now.
pub(crate) enum Latest {
    /// The entry, or the correction that replaced it.
    Current(Box<TimelineEntry>),
    /// It (or a later version) was retracted.
    Retracted,
    /// No entry of the incident has this id.
    Unknown,
}

/// Follows corrections from `entry_id` to the version in force.
pub(crate) fn latest(c: &Connection, incident_id: Uuid, entry_id: Uuid) -> Result<Latest> {
    let Some(mut entry) = one(c, incident_id, entry_id)? else {
        return Ok(Latest::Unknown);
    };
    // Each correction supersedes one entry; the loop is bounded by the chain's length.
    loop {
        let next: Option<Uuid> = c
            .query_row(
                &format!(
                    "SELECT t.id FROM timeline_entries t
                     WHERE t.incident = {INCIDENT} AND t.supersedes = ?2 LIMIT 1"
                ),
                params![incident_id.to_string(), entry.id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(next) = next else {
            return Ok(Latest::Current(Box::new(entry)));
        };
        match one(c, incident_id, next)? {
            Some(e) if e.kind == super::EntryKind::Retraction => return Ok(Latest::Retracted),
            Some(e) => entry = e,
            None => return Ok(Latest::Current(Box::new(entry))),
        }
    }
}

/// The current version of an event of the incident, refused if it is not one.
pub(crate) fn current_event(
    c: &Connection,
    incident_id: Uuid,
    entry_id: Uuid,
) -> Result<TimelineEntry> {
    let stored = query::require_current(c, incident_id, entry_id, Some("event"))?;
    one(c, incident_id, stored.id)?.ok_or(crate::Error::NotFound {
        what: "timeline entry",
        id: entry_id.to_string(),
    })
}

fn one(c: &Connection, incident_id: Uuid, id: Uuid) -> Result<Option<TimelineEntry>> {
    let row = c
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM timeline_entries t WHERE t.id = ?2 AND t.incident = {INCIDENT}"
            ),
            params![incident_id.to_string(), id],
            |r| Stored::from_row(r, incident_id),
        )
        .optional()?;
    row.map(|(stored, hash)| query::to_entry(stored, hash, false))
        .transpose()
}
