//! SQL for timeline entries.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::chain::{self, Hash, Stored, COLUMNS, COLUMN_COUNT, INCIDENT};
use super::{attack, hosts, stamp, EntryKind, TimelineEntry, TimelineFilter, TimelineOrder};
use crate::incident::{wording, AuditAction, FieldChange};
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

pub(super) fn parse_changes(json: &str) -> Result<Vec<FieldChange>> {
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
            &format!("SELECT {COLUMNS} FROM timeline_entries t WHERE t.id = ?2 AND t.incident = {INCIDENT}"),
            params![incident_id.to_string(), entry_id],
            |r| Stored::from_row(r, incident_id),
        )
        .optional()?;
    let (stored, _) = row.ok_or(Error::NotFound {
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
            [entry_id],
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

pub(super) fn message(c: &Connection, incident_id: Uuid, entry: Uuid) -> Result<Option<String>> {
    Ok(c.query_row(
        &format!(
            "SELECT t.message FROM timeline_entries t WHERE t.id = ?2 AND t.incident = {INCIDENT}"
        ),
        params![incident_id.to_string(), entry],
        |r| r.get(0),
    )
    .optional()?)
}

pub(super) fn to_entry(s: Stored, hash: Hash, superseded: bool) -> Result<TimelineEntry> {
    let action = if s.action.is_empty() {
        None
    } else {
        Some(AuditAction::parse(&s.action)?)
    };
    let changes = parse_changes(&s.changes)?;
    let (summary, headline, sentences) = match action {
        Some(a) => (
            wording::summary(a, &s.subject, &changes),
            wording::headline(a, &s.subject, &changes),
            wording::sentences(a, &changes),
        ),
        None => (s.message.clone(), s.message.clone(), Vec::new()),
    };
    let note = match action {
        Some(a) => wording::note(a, &s.note),
        None => s.note,
    };
    Ok(TimelineEntry {
        id: s.id,
        incident_id: s.incident_id,
        seq: u32::try_from(s.seq).map_err(|_| Error::Corrupt(format!("sequence {}", s.seq)))?,
        kind: s
            .kind
            .parse()
            .map_err(|e: Error| Error::Corrupt(e.to_string()))?,
        occurred_at: stamp::moment(s.occurred_at, s.occurred_at_offset)?,
        recorded_at: stamp::moment(s.recorded_at, s.recorded_at_offset)?,
        tactics: list_of(&s.tactics)?,
        techniques: list_of(&s.techniques)?,
        confidence: s.confidence.map(|c| u8::try_from(c).unwrap_or(u8::MAX)),
        tags: list_of(&s.tags)?,
        step_links: list_of(&s.step_links)?,
        action,
        changes,
        summary,
        headline,
        sentences,
        supersedes: s.supersedes,
        recorded_by: s.recorded_by,
        message: s.message,
        source: s.source,
        host: s.host,
        account: s.account,
        subject: s.subject,
        note,
        reason: s.reason,
        superseded,
        hash: chain::hex(&hash),
    })
}

/// A filter turned into SQL parameter values.
pub(super) struct Bound {
    incident: String,
    kind: Option<&'static str>,
    host: Option<String>,
    /// JSON array of the hosts `host_contains` stands for.
    hosts: Option<String>,
    actor: Option<String>,
    tactic: Option<String>,
    tag: Option<String>,
    text: Option<String>,
    from: Option<i64>,
    to: Option<i64>,
    history: bool,
}

impl Bound {
    pub(super) fn new(c: &Connection, incident_id: Uuid, f: &TimelineFilter) -> Result<Bound> {
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
        let bound = |field: &str, v: &Option<String>| -> Result<Option<i64>> {
            trimmed(v)
                .map(|s| time::parse_moment(field, &s).map(|m| stamp::micros(&m)))
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
        // The few hosts a fragment matches, found by a skip scan of the host index, become
        // equality lookups in that index instead of a LIKE tested on every entry.
        let hosts = match trimmed(&f.host_contains) {
            Some(fragment) => Some(to_json(&hosts::matching(c, incident_id, &fragment)?)?),
            None => None,
        };
        Ok(Bound {
            incident: incident_id.to_string(),
            kind: f.kind.map(EntryKind::code),
            host: trimmed(&f.host),
            hosts,
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
    pub(super) fn index_hint(&self) -> &'static str {
        if self.host.is_some() || self.hosts.is_some() {
            "INDEXED BY timeline_by_host"
        } else {
            ""
        }
    }

    /// The WHERE clause for this filter and its parameters. Only the conditions in use are
    /// written: `(?n IS NULL OR col = ?n)` would hide every index from SQLite's planner.
    pub(super) fn clause(&self) -> (String, Vec<&dyn rusqlite::ToSql>) {
        let conds: [(&str, Option<&dyn rusqlite::ToSql>); 9] = [
            ("t.kind = ?#", self.kind.as_ref().map(|v| v as _)),
            (
                "t.host = ?# COLLATE NOCASE",
                self.host.as_ref().map(|v| v as _),
            ),
            (
                "t.host COLLATE NOCASE IN (SELECT value FROM json_each(?#))",
                self.hosts.as_ref().map(|v| v as _),
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
            ("t.occurred_at >= ?#", self.from.as_ref().map(|v| v as _)),
            ("t.occurred_at < ?#", self.to.as_ref().map(|v| v as _)),
        ];
        let mut sql = format!("t.incident = {INCIDENT}");
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
    let b = Bound::new(c, incident_id, f)?;
    let order = match f.order.unwrap_or_default() {
        TimelineOrder::Occurred => "t.occurred_at, t.seq",
        TimelineOrder::Recorded => "t.seq",
        TimelineOrder::OccurredDesc => "t.occurred_at DESC, t.seq DESC",
        TimelineOrder::RecordedDesc => "t.seq DESC",
    };
    let (clause, mut params) = b.clause();
    let limit = f.limit.map(i64::from).unwrap_or(-1);
    let offset = f.offset.map(i64::from).unwrap_or(0);
    let n = params.len();
    params.push(&limit);
    params.push(&offset);
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS}, EXISTS (SELECT 1 FROM timeline_entries s WHERE s.supersedes = t.id) AS superseded
         FROM timeline_entries t {index}
         WHERE {clause}
         ORDER BY {order}
         LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2,
        index = b.index_hint(),
    ))?;
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok((
            Stored::from_row(r, incident_id)?,
            r.get::<_, bool>(COLUMN_COUNT)?,
        ))
    })?;
    rows.map(|row| {
        let ((stored, hash), superseded) = row?;
        to_entry(stored, hash, superseded)
    })
    .collect()
}

/// How many entries match `f` (ignoring its limit and offset).
pub(super) fn count(c: &Connection, incident_id: Uuid, f: &TimelineFilter) -> Result<u32> {
    let b = Bound::new(c, incident_id, f)?;
    let (clause, params) = b.clause();
    let n: i64 = c
        .prepare_cached(&format!(
            "SELECT count(*) FROM timeline_entries t {} WHERE {clause}",
            b.index_hint()
        ))?
        .query_row(params.as_slice(), |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
