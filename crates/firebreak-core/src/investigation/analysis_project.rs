//! Findings, hypotheses, the root cause, lessons (action items), affected assets and the
//! links between them, as projections of the operation log: these apply functions are the
//! only code that writes their tables. Ids, authors and times come from the operation;
//! revisions follow from the order operations are applied in.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::vocab::{
    ActionStatus, AssetKind, Compromise, Containment, HypothesisStatus, LinkFrom, LinkTo,
};
use crate::time::{self, Moment};
use crate::{Error, Result};

/// `finding_added` and `hypothesis_added`: a statement, who added it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: Uuid,
    pub statement: String,
    pub by: String,
    pub at: Moment,
}

/// `hypothesis_set`: supported or refuted with the reasoning, or open again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HypothesisSet {
    pub id: Uuid,
    pub status: HypothesisStatus,
    pub rationale: String,
    pub at: Moment,
}

/// `root_cause_set`: the statement, the initial-access technique and contributing factors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RootCauseSet {
    pub statement: String,
    pub initial_access: String,
    pub contributing_factors: Vec<String>,
    pub by: String,
    pub at: Moment,
}

/// `action_item_added`: a lesson with its owner and due date (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItemAdded {
    pub id: Uuid,
    pub action: String,
    pub owner: String,
    pub due_date: String,
    pub by: String,
    pub at: Moment,
}

/// `action_item_set`: done or open again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItemSet {
    pub id: Uuid,
    pub status: ActionStatus,
    pub at: Moment,
}

/// `asset_added` and `asset_updated`: every field of the asset as it now is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetState {
    pub id: Uuid,
    pub kind: AssetKind,
    pub name: String,
    pub owner: String,
    pub compromise: Compromise,
    pub containment: Containment,
    pub notes: String,
    pub by: String,
    pub at: Moment,
}

/// `link_added`: evidence, an indicator or a hypothesis tied to what it supports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkAdded {
    pub from_kind: LinkFrom,
    pub from_id: String,
    pub to_kind: LinkTo,
    pub to_id: String,
    pub by: String,
    pub at: Moment,
}

pub(crate) fn finding_added(c: &Connection, incident: Uuid, s: &Statement) -> Result<()> {
    c.execute(
        "INSERT INTO findings (id, incident_id, statement, added_by, added_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            s.id.to_string(),
            incident.to_string(),
            s.statement,
            s.by,
            time::utc_text(&s.at)
        ],
    )?;
    Ok(())
}

pub(crate) fn hypothesis_added(c: &Connection, incident: Uuid, s: &Statement) -> Result<()> {
    c.execute(
        "INSERT INTO hypotheses (id, incident_id, statement, status, added_by, added_at_utc,
            updated_at_utc)
         VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?5)",
        params![
            s.id.to_string(),
            incident.to_string(),
            s.statement,
            s.by,
            time::utc_text(&s.at)
        ],
    )?;
    Ok(())
}

pub(crate) fn hypothesis_set(c: &Connection, h: &HypothesisSet) -> Result<()> {
    let n = c.execute(
        "UPDATE hypotheses SET status = ?2, rationale = ?3, revision = revision + 1,
            updated_at_utc = ?4 WHERE id = ?1",
        params![
            h.id.to_string(),
            h.status.code(),
            h.rationale,
            time::utc_text(&h.at)
        ],
    )?;
    exactly_one(n, "hypothesis", h.id)
}

pub(crate) fn root_cause_set(c: &Connection, incident: Uuid, r: &RootCauseSet) -> Result<()> {
    let factors = serde_json::to_string(&r.contributing_factors)
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    c.execute(
        "INSERT INTO root_causes (incident_id, statement, initial_access, contributing_factors,
            updated_by, updated_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (incident_id) DO UPDATE SET statement = excluded.statement,
            initial_access = excluded.initial_access,
            contributing_factors = excluded.contributing_factors,
            revision = revision + 1, updated_by = excluded.updated_by,
            updated_at_utc = excluded.updated_at_utc",
        params![
            incident.to_string(),
            r.statement,
            r.initial_access,
            factors,
            r.by,
            time::utc_text(&r.at)
        ],
    )?;
    Ok(())
}

pub(crate) fn action_item_added(c: &Connection, incident: Uuid, a: &ActionItemAdded) -> Result<()> {
    c.execute(
        "INSERT INTO action_items (id, incident_id, action, owner, due_date, status, added_by,
            added_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)",
        params![
            a.id.to_string(),
            incident.to_string(),
            a.action,
            a.owner,
            a.due_date,
            a.by,
            time::utc_text(&a.at)
        ],
    )?;
    Ok(())
}

pub(crate) fn action_item_set(c: &Connection, a: &ActionItemSet) -> Result<()> {
    let done_at = (a.status == ActionStatus::Done).then(|| time::utc_text(&a.at));
    let n = c.execute(
        "UPDATE action_items SET status = ?2, done_at_utc = ?3 WHERE id = ?1",
        params![a.id.to_string(), a.status.code(), done_at],
    )?;
    exactly_one(n, "action item", a.id)
}

pub(crate) fn asset_added(c: &Connection, incident: Uuid, a: &AssetState) -> Result<()> {
    c.execute(
        "INSERT INTO assets (id, incident_id, kind, name, owner, compromise, containment,
            notes, updated_by, updated_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            a.id.to_string(),
            incident.to_string(),
            a.kind.code(),
            a.name,
            a.owner,
            a.compromise.code(),
            a.containment.code(),
            a.notes,
            a.by,
            time::utc_text(&a.at),
        ],
    )?;
    Ok(())
}

pub(crate) fn asset_updated(c: &Connection, a: &AssetState) -> Result<()> {
    let n = c.execute(
        "UPDATE assets SET kind = ?2, name = ?3, owner = ?4, compromise = ?5, containment = ?6,
            notes = ?7, revision = revision + 1, updated_by = ?8, updated_at_utc = ?9
         WHERE id = ?1",
        params![
            a.id.to_string(),
            a.kind.code(),
            a.name,
            a.owner,
            a.compromise.code(),
            a.containment.code(),
            a.notes,
            a.by,
            time::utc_text(&a.at),
        ],
    )?;
    exactly_one(n, "asset", a.id)
}

pub(crate) fn link_added(c: &Connection, incident: Uuid, l: &LinkAdded) -> Result<()> {
    c.execute(
        "INSERT INTO investigation_links (incident_id, from_kind, from_id, to_kind, to_id,
            added_by, added_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            incident.to_string(),
            l.from_kind.code(),
            l.from_id,
            l.to_kind.code(),
            l.to_id,
            l.by,
            time::utc_text(&l.at),
        ],
    )?;
    Ok(())
}

/// Whether the link is already recorded (linking twice records nothing).
pub(crate) fn link_exists(c: &Connection, l: &LinkAdded) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM investigation_links
             WHERE from_kind = ?1 AND from_id = ?2 AND to_kind = ?3 AND to_id = ?4)",
    )?
    .query_row(
        params![l.from_kind.code(), l.from_id, l.to_kind.code(), l.to_id],
        |r| r.get(0),
    )?)
}

fn exactly_one(n: usize, what: &str, id: Uuid) -> Result<()> {
    if n == 1 {
        return Ok(());
    }
    Err(Error::Corrupt(format!(
        "an operation changes {what} {id}, which no earlier operation added"
    )))
}
