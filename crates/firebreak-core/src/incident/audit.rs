//! The incident's audit trail: what responders did, append-only (enforced by triggers).

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::time::{self, Moment};
use crate::{Error, Result};

macro_rules! audit_actions {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
        pub enum AuditAction {
            $(#[serde(rename = $code)] $variant),+
        }

        impl AuditAction {
            pub fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),+ }
            }

            fn parse(s: &str) -> Result<Self> {
                match s {
                    $($code => Ok(AuditAction::$variant),)+
                    other => Err(Error::Corrupt(format!("unknown audit action {other:?}"))),
                }
            }
        }
    };
}

audit_actions!(
    Declared = "declared",
    Edited = "edited",
    Closed = "closed",
    Reopened = "reopened",
    PlaybookStarted = "playbook_started",
    StepUpdated = "step_updated",
    FactsChanged = "facts_changed",
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// How a change is stored in `audit_entries.changes` (JSON array of these objects).
#[derive(Serialize, Deserialize)]
struct StoredChange {
    field: String,
    old: Option<String>,
    new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct AuditEntry {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub at: Moment,
    pub actor: String,
    pub action: AuditAction,
    /// What the entry is about beyond the incident's own fields, e.g.
    /// "Ransomware › Isolate affected hosts"; empty for incident edits.
    pub subject: String,
    /// The responder's note on the change, if any.
    pub note: String,
    pub changes: Vec<FieldChange>,
}

/// One entry to append; written in the caller's transaction.
pub(crate) struct Record<'a> {
    pub incident_id: Uuid,
    pub at: &'a Moment,
    pub actor: &'a str,
    pub action: AuditAction,
    pub subject: &'a str,
    pub note: &'a str,
    pub changes: &'a [FieldChange],
}

pub(crate) fn append(c: &Connection, r: &Record<'_>) -> Result<()> {
    let stored: Vec<StoredChange> = r
        .changes
        .iter()
        .map(|c| StoredChange {
            field: c.field.clone(),
            old: c.old.clone(),
            new: c.new.clone(),
        })
        .collect();
    let changes = serde_json::to_string(&stored)
        .map_err(|e| Error::Corrupt(format!("encoding audit changes: {e}")))?;
    c.execute(
        "INSERT INTO audit_entries (id, incident_id, at_utc, at_offset, actor, action, changes, subject, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            Uuid::now_v7().to_string(),
            r.incident_id.to_string(),
            time::utc_text(r.at),
            time::offset_seconds(r.at),
            r.actor,
            r.action.code(),
            changes,
            r.subject,
            r.note,
        ],
    )?;
    Ok(())
}

pub(crate) fn for_incident(c: &Connection, incident_id: Uuid) -> Result<Vec<AuditEntry>> {
    // UUIDv7 ids are time-ordered and unique, so ordering by id is chronological and stable.
    let mut stmt = c.prepare_cached(
        "SELECT id, at_utc, at_offset, actor, action, changes, subject, note FROM audit_entries
         WHERE incident_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([incident_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i32>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    rows.map(|row| {
        let (id, at, offset, actor, action, changes, subject, note) = row?;
        let changes = serde_json::from_str::<Vec<StoredChange>>(&changes)
            .map_err(|e| Error::Corrupt(format!("audit changes of {id}: {e}")))?;
        Ok(AuditEntry {
            id: Uuid::parse_str(&id)
                .map_err(|e| Error::Corrupt(format!("audit id {id:?}: {e}")))?,
            incident_id,
            at: time::from_columns(&at, offset)?,
            actor,
            action: AuditAction::parse(&action)?,
            subject,
            note,
            changes: changes
                .into_iter()
                .map(|c| FieldChange {
                    field: c.field,
                    old: c.old,
                    new: c.new,
                })
                .collect(),
        })
    })
    .collect()
}
