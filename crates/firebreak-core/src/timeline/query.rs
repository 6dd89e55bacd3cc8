//! SQL for timeline entries.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::canon::Canon;
use super::chain::{self, Stored, COLUMNS, GENESIS};
use super::{attack, EntryKind, TimelineEntry, TimelineFilter, TimelineOrder};
use crate::incident::{AuditAction, FieldChange};
use crate::time;
use crate::{Error, Result};

pub(super) fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(format!("encoding JSON: {e}")))
}

/// How field changes are stored in `changes` (JSON array of these objects).
#[derive(Serialize, Deserialize)]
struct StoredChange {
    field: String,
    old: Option<String>,
    new: Option<String>,
}

pub(super) fn changes_json(changes: &[FieldChange]) -> Result<String> {
    let stored: Vec<StoredChange> = changes
        .iter()
        .map(|c| StoredChange {
            field: c.field.clone(),
            old: c.old.clone(),
            new: c.new.clone(),
        })
        .collect();
    to_json(&stored)
}

fn parse_changes(json: &str) -> Result<Vec<FieldChange>> {
    let stored: Vec<StoredChange> =
        serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("stored changes: {e}")))?;
    Ok(stored
        .into_iter()
        .map(|c| FieldChange {
            field: c.field,
            old: c.old,
            new: c.new,
        })
        .collect())
}

pub(super) fn list_of(json: &str) -> Result<Vec<String>> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("stored list: {e}")))
}

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::Corrupt(format!("id {s:?}: {e}")))
}

pub(super) fn require_incident(c: &Connection, incident_id: Uuid) -> Result<()> {
    let found: Option<i64> = c
        .query_row(
            "SELECT 1 FROM incidents WHERE id = ?1",
            [incident_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    found.map(|_| ()).ok_or(Error::NotFound {
        what: "incident",
        id: incident_id.to_string(),
    })
}

/// The entry, which must belong to the incident and be its current version.
pub(super) fn require_current(
    c: &Connection,
    incident_id: Uuid,
    entry_id: Uuid,
    kind: Option<&str>,
) -> Result<Stored> {
    let row = c
        .query_row(
            &format!("SELECT {COLUMNS} FROM timeline_entries WHERE id = ?1 AND incident_id = ?2"),
            params![entry_id.to_string(), incident_id.to_string()],
            Stored::from_row,
        )
        .optional()?;
    let (stored, _, _) = row.ok_or(Error::NotFound {
        what: "timeline entry",
        id: entry_id.to_string(),
    })?;
    if kind.is_some_and(|k| k != stored.kind) || stored.kind == "retraction" {
        return Err(Error::validation(
            "entry",
            format!(
                "entry {entry_id} is a {} and cannot be changed this way",
                stored.kind
            ),
        ));
    }
    let replaced: Option<i64> = c
        .query_row(
            "SELECT 1 FROM timeline_entries WHERE supersedes = ?1 LIMIT 1",
            [entry_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if replaced.is_some() {
        return Err(Error::Conflict(format!(
            "entry {entry_id} was already replaced or retracted; change its latest version"
        )));
    }
    Ok(stored)
}

pub(super) fn to_entry(s: Stored, hash: String, superseded: bool) -> Result<TimelineEntry> {
    let action = if s.action.is_empty() {
        None
    } else {
        Some(AuditAction::parse(&s.action)?)
    };
    Ok(TimelineEntry {
        id: uuid(&s.id)?,
        incident_id: uuid(&s.incident_id)?,
        seq: u32::try_from(s.seq).map_err(|_| Error::Corrupt(format!("sequence {}", s.seq)))?,
        kind: s
            .kind
            .parse()
            .map_err(|e: Error| Error::Corrupt(e.to_string()))?,
        occurred_at: time::from_columns(&s.occurred_at_utc, offset(s.occurred_at_offset)?)?,
        recorded_at: time::from_columns(&s.recorded_at_utc, offset(s.recorded_at_offset)?)?,
        tactics: list_of(&s.tactics)?,
        techniques: list_of(&s.techniques)?,
        confidence: s.confidence.map(|c| u8::try_from(c).unwrap_or(u8::MAX)),
        tags: list_of(&s.tags)?,
        step_links: list_of(&s.step_links)?,
        action,
        changes: parse_changes(&s.changes)?,
        supersedes: s.supersedes.as_deref().map(uuid).transpose()?,
        recorded_by: s.recorded_by,
        message: s.message,
        source: s.source,
        host: s.host,
        account: s.account,
        subject: s.subject,
        note: s.note,
        reason: s.reason,
        superseded,
        hash,
    })
}

fn offset(v: i64) -> Result<i32> {
    i32::try_from(v).map_err(|_| Error::Corrupt(format!("offset {v}")))
}

/// A filter turned into SQL parameter values.
struct Bound {
    incident: String,
    kind: Option<&'static str>,
    host: Option<String>,
    actor: Option<String>,
    tactic: Option<String>,
    tag: Option<String>,
    text: Option<String>,
    from: Option<String>,
    to: Option<String>,
    history: bool,
}

impl Bound {
    fn new(incident_id: Uuid, f: &TimelineFilter) -> Result<Bound> {
        let trimmed = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let tactic = match trimmed(&f.tactic) {
            Some(t) => Some(attack::tactic_id(&t).ok_or_else(|| {
                Error::validation("tactic", format!("{t:?} is not an ATT&CK tactic"))
            })?),
            None => None,
        };
        let bound = |field: &str, v: &Option<String>| -> Result<Option<String>> {
            trimmed(v)
                .map(|s| time::parse_moment(field, &s).map(|m| time::utc_text(&m)))
                .transpose()
        };
        let like = |v: &Option<String>| {
            trimmed(v).map(|s| {
                format!(
                    "%{}%",
                    s.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                )
            })
        };
        Ok(Bound {
            incident: incident_id.to_string(),
            kind: f.kind.map(EntryKind::code),
            host: trimmed(&f.host),
            actor: like(&f.actor),
            tactic: tactic.map(str::to_owned),
            tag: trimmed(&f.tag),
            text: like(&f.text),
            from: bound("from", &f.from)?,
            to: bound("to", &f.to)?,
            history: f.include_history,
        })
    }

    /// A host narrows a timeline far more than a time window does, but without statistics
    /// SQLite prefers the time index and scans the window: at a million entries that is the
    /// difference between 2 ms and 30 ms.
    fn index_hint(&self) -> &'static str {
        if self.host.is_some() {
            "INDEXED BY timeline_by_host"
        } else {
            ""
        }
    }

    /// The WHERE clause for this filter and its parameters. Only the conditions in use are
    /// written: `(?n IS NULL OR col = ?n)` would hide every index from SQLite's planner.
    fn clause(&self) -> (String, Vec<&dyn rusqlite::ToSql>) {
        let conds: [(&str, Option<&dyn rusqlite::ToSql>); 8] = [
            ("t.kind = ?#", self.kind.as_ref().map(|v| v as _)),
            (
                "t.host = ?# COLLATE NOCASE",
                self.host.as_ref().map(|v| v as _),
            ),
            (
                "(t.account LIKE ?# ESCAPE '\\' OR t.recorded_by LIKE ?# ESCAPE '\\')",
                self.actor.as_ref().map(|v| v as _),
            ),
            (
                "EXISTS (SELECT 1 FROM json_each(t.tactics) WHERE value = ?#)",
                self.tactic.as_ref().map(|v| v as _),
            ),
            (
                "EXISTS (SELECT 1 FROM json_each(t.tags) WHERE value = ?# COLLATE NOCASE)",
                self.tag.as_ref().map(|v| v as _),
            ),
            (
                "(t.message LIKE ?# ESCAPE '\\' OR t.subject LIKE ?# ESCAPE '\\' \
                 OR t.note LIKE ?# ESCAPE '\\')",
                self.text.as_ref().map(|v| v as _),
            ),
            (
                "t.occurred_at_utc >= ?#",
                self.from.as_ref().map(|v| v as _),
            ),
            ("t.occurred_at_utc < ?#", self.to.as_ref().map(|v| v as _)),
        ];
        let mut sql = String::from("t.incident_id = ?1");
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&self.incident];
        for (cond, value) in conds {
            if let Some(value) = value {
                params.push(value);
                sql.push_str(" AND ");
                sql.push_str(&cond.replace("?#", &format!("?{}", params.len())));
            }
        }
        if !self.history {
            sql.push_str(
                " AND t.kind != 'retraction' AND NOT EXISTS \
                 (SELECT 1 FROM timeline_entries s WHERE s.supersedes = t.id)",
            );
        }
        (sql, params)
    }
}

pub(super) fn list(
    c: &Connection,
    incident_id: Uuid,
    f: &TimelineFilter,
) -> Result<Vec<TimelineEntry>> {
    let b = Bound::new(incident_id, f)?;
    let order = match f.order.unwrap_or_default() {
        TimelineOrder::Occurred => "t.occurred_at_utc, t.seq",
        TimelineOrder::Recorded => "t.seq",
    };
    let (clause, mut params) = b.clause();
    let limit = f.limit.map(i64::from).unwrap_or(-1);
    let offset = f.offset.map(i64::from).unwrap_or(0);
    let n = params.len();
    params.push(&limit);
    params.push(&offset);
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {cols}, EXISTS (SELECT 1 FROM timeline_entries s WHERE s.supersedes = t.id) AS superseded
         FROM timeline_entries t {index}
         WHERE {clause}
         ORDER BY {order}
         LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2,
        index = b.index_hint(),
        cols = COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ")
    ))?;
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok((Stored::from_row(r)?, r.get::<_, bool>(27)?))
    })?;
    rows.map(|row| {
        let ((stored, _prev, hash), superseded) = row?;
        to_entry(stored, hash, superseded)
    })
    .collect()
}

/// How many entries match `f` (ignoring its limit and offset).
pub(super) fn count(c: &Connection, incident_id: Uuid, f: &TimelineFilter) -> Result<u32> {
    let b = Bound::new(incident_id, f)?;
    let (clause, params) = b.clause();
    let n: i64 = c
        .prepare_cached(&format!(
            "SELECT count(*) FROM timeline_entries t {} WHERE {clause}",
            b.index_hint()
        ))?
        .query_row(params.as_slice(), |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Fills in messages and hashes for entries moved from the old audit table.
pub(super) fn rechain_migrated(c: &Connection) -> Result<()> {
    let mut stmt = c.prepare(&format!(
        "SELECT {COLUMNS} FROM timeline_entries ORDER BY incident_id, seq"
    ))?;
    let rows: Vec<Stored> = stmt
        .query_map([], |r| Stored::from_row(r).map(|(s, _, _)| s))?
        .collect::<Result<_, _>>()?;
    let mut prev = GENESIS.to_owned();
    let mut canon = Canon::default();
    let mut incident = String::new();
    for mut s in rows {
        if s.incident_id != incident {
            incident = s.incident_id.clone();
            prev = GENESIS.to_owned();
        }
        s.message = super::action_message(
            AuditAction::parse(&s.action)?,
            &s.subject,
            &parse_changes(&s.changes)?,
        );
        let hash = chain::link(&prev, s.canonical(&mut canon));
        c.execute(
            "UPDATE timeline_entries SET message = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            params![s.id, s.message, prev, hash],
        )?;
        prev = hash;
    }
    Ok(())
}
