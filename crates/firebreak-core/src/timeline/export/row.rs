//! One exported entry, borrowed straight from SQLite's row buffer (exports stream a million
//! rows; copying every column would dominate).

use rusqlite::types::{FromSql, ValueRef};
use uuid::Uuid;

use crate::timeline::chain::INCIDENT;
use crate::{Error, Result};

/// Current versions only, unless ?2 (include history) is set.
pub(super) const CURRENT: &str = "(?2 OR (t.kind != 'retraction' AND NOT EXISTS \
    (SELECT 1 FROM timeline_entries s WHERE s.supersedes = t.id)))";

pub(super) fn select(include_history: bool) -> String {
    // Without history every row is current by the filter: no second lookup per row.
    let superseded = if include_history {
        "EXISTS (SELECT 1 FROM timeline_entries s WHERE s.supersedes = t.id)"
    } else {
        "0"
    };
    format!(
        "SELECT t.id, t.seq, t.kind, t.occurred_at, t.occurred_at_offset, t.recorded_at, \
         t.recorded_at_offset, t.recorded_by, t.message, t.source, t.host, t.account, t.tactics, \
         t.techniques, t.confidence, t.tags, t.step_links, t.action, t.note, \
         t.supersedes, t.reason, t.hash, {superseded} \
         FROM timeline_entries t WHERE t.incident = {INCIDENT} AND {CURRENT} \
         ORDER BY t.occurred_at, t.seq"
    )
}

pub(super) struct Row<'r> {
    pub id: Uuid,
    pub seq: i64,
    pub kind: &'r str,
    /// Microseconds since 1970, UTC, and the offset the time was given in.
    pub occurred_at: i64,
    pub occurred_offset: i64,
    pub recorded_at: i64,
    pub recorded_offset: i64,
    pub recorded_by: &'r str,
    pub message: &'r str,
    pub source: &'r str,
    pub host: &'r str,
    pub account: &'r str,
    /// JSON arrays as stored.
    pub tactics: &'r str,
    pub techniques: &'r str,
    pub confidence: Option<i64>,
    pub tags: &'r str,
    pub step_links: &'r str,
    pub action: &'r str,
    pub note: &'r str,
    pub supersedes: Option<Uuid>,
    pub reason: &'r str,
    pub hash: &'r [u8],
    pub superseded: bool,
}

/// The number of columns [`select`] returns.
pub(super) const COLUMNS: usize = 23;

impl<'r> Row<'r> {
    pub fn read(r: &'r rusqlite::Row<'_>) -> Result<Row<'r>> {
        let mut values = [ValueRef::Null; COLUMNS];
        for (i, v) in values.iter_mut().enumerate() {
            *v = r.get_ref(i)?;
        }
        Row::from_values(&values)
    }

    /// The row from its values in [`select`] order (borrowed, as SQLite or a batch holds them).
    pub fn from_values(v: &[ValueRef<'r>; COLUMNS]) -> Result<Row<'r>> {
        fn get<T: FromSql>(v: &[ValueRef<'_>; COLUMNS], i: usize) -> Result<T> {
            T::column_result(v[i]).map_err(|e| Error::Corrupt(format!("timeline column {i}: {e}")))
        }
        let text = |i: usize| -> Result<&'r str> {
            v[i].as_str()
                .map_err(|e| Error::Corrupt(format!("timeline column {i}: {e}")))
        };
        Ok(Row {
            id: get(v, 0)?,
            seq: get(v, 1)?,
            kind: text(2)?,
            occurred_at: get(v, 3)?,
            occurred_offset: get(v, 4)?,
            recorded_at: get(v, 5)?,
            recorded_offset: get(v, 6)?,
            recorded_by: text(7)?,
            message: text(8)?,
            source: text(9)?,
            host: text(10)?,
            account: text(11)?,
            tactics: text(12)?,
            techniques: text(13)?,
            confidence: get(v, 14)?,
            tags: text(15)?,
            step_links: text(16)?,
            action: text(17)?,
            note: text(18)?,
            supersedes: get(v, 19)?,
            reason: text(20)?,
            hash: v[21]
                .as_blob()
                .map_err(|e| Error::Corrupt(format!("timeline hash: {e}")))?,
            superseded: get(v, 22)?,
        })
    }

    /// Timesketch's `timestamp_desc`: what the row's time means.
    pub fn timestamp_desc(&self) -> &'static str {
        match (self.kind, self.superseded) {
            ("action", _) => "Action Taken",
            ("retraction", _) => "Entry Retracted",
            (_, true) => "Event Occurred (superseded version)",
            _ => "Event Occurred",
        }
    }
}

pub(super) use crate::timeline::query::list_of as list;
