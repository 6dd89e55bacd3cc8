//! The evidence register and its chain of custody as projections of the operation log:
//! these apply functions are the only code that writes `evidence` and `custody_events`.
//! Every value a row holds, ids and times included, comes from the operation, so replaying
//! the log gives the same rows; the hash recorded at collection lives in the signed
//! operation, which is what re-verification compares a file against.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::vocab::{CustodyAction, EvidenceKind, EvidenceStatus};
use crate::oplog::adopt::{insert_raw, raw};
use crate::time::{self, Moment};
use crate::{Error, Result};

/// One custody event, as recorded (its number in the item's chain follows from the order
/// events are applied in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Custody {
    pub id: Uuid,
    pub action: CustodyAction,
    pub actor: String,
    pub at: Moment,
    pub location: String,
    pub purpose: String,
    pub observed_sha256: Option<String>,
    pub recorded_by: String,
    pub recorded_at: Moment,
}

/// `evidence_registered`: an item with the hash and size taken at collection, and its
/// first custody event ("collected").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registered {
    pub id: Uuid,
    pub label: String,
    pub description: String,
    pub kind: EvidenceKind,
    pub path: String,
    pub sha256: Option<String>,
    pub size_bytes: Option<u64>,
    pub source_system: String,
    pub collected_by: String,
    pub collected_at: Moment,
    pub storage_location: String,
    pub added_by: String,
    pub added_at: Moment,
    pub collected: Custody,
}

/// `custody_recorded`: a responder's custody event (transferred, accessed, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustodyRecorded {
    pub evidence: Uuid,
    pub event: Custody,
}

/// `evidence_verified`: the outcome of re-hashing the file, and its custody event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verified {
    pub evidence: Uuid,
    pub status: EvidenceStatus,
    pub checked_at: Moment,
    pub event: Custody,
}

/// `evidence_adopted`: an item recorded before the log, exactly as its columns stood (the
/// stored texts, not re-formatted: the rows it describes can never be rewritten).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adopted {
    pub row: Vec<serde_json::Value>,
    pub custody: Vec<Vec<serde_json::Value>>,
}

const EVIDENCE_COLUMNS: &str = "id, incident_id, label, description, kind, path, sha256,
    size_bytes, source_system, collected_by, collected_at_utc, collected_at_offset,
    storage_location, status, checked_at_utc, added_by, added_at_utc";
const CUSTODY_COLUMNS: &str = "id, evidence_id, seq, action, actor, at_utc, at_offset, location,
    purpose, observed_sha256, recorded_by, recorded_at_utc";

pub(crate) fn registered(c: &Connection, incident: Uuid, r: &Registered) -> Result<()> {
    c.execute(
        "INSERT INTO evidence (id, incident_id, label, description, kind, path, sha256,
            size_bytes, source_system, collected_by, collected_at_utc, collected_at_offset,
            storage_location, added_by, added_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            r.id.to_string(),
            incident.to_string(),
            r.label,
            r.description,
            r.kind.code(),
            r.path,
            r.sha256,
            r.size_bytes.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
            r.source_system,
            r.collected_by,
            time::utc_text(&r.collected_at),
            time::offset_seconds(&r.collected_at),
            r.storage_location,
            r.added_by,
            time::utc_text(&r.added_at),
        ],
    )?;
    custody(c, r.id, &r.collected)
}

pub(crate) fn custody_recorded(c: &Connection, r: &CustodyRecorded) -> Result<()> {
    custody(c, r.evidence, &r.event)
}

pub(crate) fn verified(c: &Connection, v: &Verified) -> Result<()> {
    let n = c.execute(
        "UPDATE evidence SET status = ?2, checked_at_utc = ?3 WHERE id = ?1",
        params![
            v.evidence.to_string(),
            v.status.code(),
            time::utc_text(&v.checked_at)
        ],
    )?;
    if n != 1 {
        return Err(unknown(v.evidence));
    }
    custody(c, v.evidence, &v.event)
}

/// Inserts the stored columns where replay starts from nothing; on the database being
/// upgraded the rows are already there, as read.
pub(crate) fn adopted(c: &Connection, a: &Adopted) -> Result<()> {
    let id = a.row.first().and_then(|v| v.as_str()).unwrap_or_default();
    let present: bool = c
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM evidence WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    if present {
        return Ok(());
    }
    insert_raw(c, "evidence", EVIDENCE_COLUMNS, &a.row)?;
    for event in &a.custody {
        insert_raw(c, "custody_events", CUSTODY_COLUMNS, event)?;
    }
    Ok(())
}

/// Every evidence item of the database as its stored columns, with its custody events.
pub(crate) fn adopt_all(c: &Connection) -> Result<Vec<(Uuid, Adopted)>> {
    let mut stmt = c.prepare(&format!(
        "SELECT {EVIDENCE_COLUMNS} FROM evidence ORDER BY added_at_utc, id"
    ))?;
    let rows = stmt
        .query_map([], |r| raw(r, 17))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut events = c.prepare(&format!(
        "SELECT {CUSTODY_COLUMNS} FROM custody_events WHERE evidence_id = ?1 ORDER BY seq"
    ))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row
            .first()
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let incident = row.get(1).and_then(|v| v.as_str()).unwrap_or_default();
        let incident = Uuid::parse_str(incident)
            .map_err(|e| Error::Corrupt(format!("evidence {id}: incident id: {e}")))?;
        let custody = events
            .query_map([&id], |r| raw(r, 12))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push((incident, Adopted { row, custody }));
    }
    Ok(out)
}

/// The SHA-256 recorded at collection, as the signed operation that registered the item
/// (or adopted it) says: a column changed behind Firebreak's back cannot move it.
pub(crate) fn recorded_sha256(c: &Connection, evidence: Uuid) -> Result<Option<String>> {
    let found: Option<Option<String>> = c
        .prepare_cached(
            "SELECT CASE kind
                 WHEN 'evidence_registered' THEN json_extract(payload, '$.sha256')
                 ELSE json_extract(payload, '$.row[6]') END
             FROM operations
             WHERE kind IN ('evidence_registered', 'evidence_adopted')
               AND coalesce(json_extract(payload, '$.id'), json_extract(payload, '$.row[0]')) = ?1
             ORDER BY seq LIMIT 1",
        )?
        .query_row([evidence.to_string()], |r| r.get(0))
        .optional()?;
    found.ok_or_else(|| {
        Error::Corrupt(format!(
            "evidence item {evidence} is in the register, but no operation in the log recorded \
             it: it was added behind Firebreak's back"
        ))
    })
}

fn custody(c: &Connection, evidence: Uuid, e: &Custody) -> Result<()> {
    let seq: i64 = c
        .prepare_cached(
            "SELECT coalesce(max(seq), 0) + 1 FROM custody_events WHERE evidence_id = ?1",
        )?
        .query_row([evidence.to_string()], |r| r.get(0))?;
    c.prepare_cached(
        "INSERT INTO custody_events (id, evidence_id, seq, action, actor, at_utc, at_offset,
            location, purpose, observed_sha256, recorded_by, recorded_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        e.id.to_string(),
        evidence.to_string(),
        seq,
        e.action.code(),
        e.actor,
        time::utc_text(&e.at),
        time::offset_seconds(&e.at),
        e.location,
        e.purpose,
        e.observed_sha256,
        e.recorded_by,
        time::utc_text(&e.recorded_at),
    ])?;
    Ok(())
}

fn unknown(evidence: Uuid) -> Error {
    Error::Corrupt(format!(
        "an operation changes evidence item {evidence}, which no earlier operation registered"
    ))
}
