use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::time::{self, Moment};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Declared,
    Edited,
    Closed,
    Reopened,
}

impl AuditAction {
    fn code(self) -> &'static str {
        match self {
            AuditAction::Declared => "declared",
            AuditAction::Edited => "edited",
            AuditAction::Closed => "closed",
            AuditAction::Reopened => "reopened",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "declared" => AuditAction::Declared,
            "edited" => AuditAction::Edited,
            "closed" => AuditAction::Closed,
            "reopened" => AuditAction::Reopened,
            other => return Err(Error::Corrupt(format!("unknown audit action {other:?}"))),
        })
    }
}

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
    pub changes: Vec<FieldChange>,
}

pub(super) fn append(
    c: &Connection,
    incident_id: Uuid,
    at: &Moment,
    actor: &str,
    action: AuditAction,
    changes: &[FieldChange],
) -> Result<()> {
    let stored: Vec<StoredChange> = changes
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
        "INSERT INTO audit_entries (id, incident_id, at_utc, at_offset, actor, action, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            Uuid::now_v7().to_string(),
            incident_id.to_string(),
            time::utc_text(at),
            time::offset_seconds(at),
            actor,
            action.code(),
            changes
        ],
    )?;
    Ok(())
}

pub(super) fn for_incident(c: &Connection, incident_id: Uuid) -> Result<Vec<AuditEntry>> {
    // UUIDv7 ids are time-ordered and unique, so ordering by id is chronological and stable.
    let mut stmt = c.prepare_cached(
        "SELECT id, at_utc, at_offset, actor, action, changes FROM audit_entries
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
        ))
    })?;
    rows.map(|row| {
        let (id, at, offset, actor, action, changes) = row?;
        Ok(AuditEntry {
            id: Uuid::parse_str(&id)
                .map_err(|e| Error::Corrupt(format!("audit id {id:?}: {e}")))?,
            incident_id,
            at: time::from_columns(&at, offset)?,
            actor,
            action: AuditAction::parse(&action)?,
            changes: serde_json::from_str::<Vec<StoredChange>>(&changes)
                .map_err(|e| Error::Corrupt(format!("audit changes of {id}: {e}")))?
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
