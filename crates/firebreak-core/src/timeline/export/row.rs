//! One exported entry, borrowed straight from SQLite's row buffer (exports stream a million
//! rows; copying every column would dominate).

use std::collections::HashSet;

use rusqlite::types::{FromSql, ValueRef};
use rusqlite::Connection;
use uuid::Uuid;

use crate::timeline::chain::INCIDENT;
use crate::{Error, Result};

/// The incident's entries in time order, retractions only with history: parameters from
/// [`Listing::params`], rows to leave out by [`Listing::hides`].
pub(super) fn select() -> String {
    format!(
        "SELECT t.id, t.seq, t.kind, t.occurred_at, t.occurred_at_offset, t.recorded_at, \
         t.recorded_at_offset, t.recorded_by, t.message, t.source, t.host, t.account, t.tactics, \
         t.techniques, t.confidence, t.tags, t.step_links, t.action, t.note, \
         t.supersedes, t.reason, t.hash \
         FROM timeline_entries t WHERE t.incident = {INCIDENT} AND {KINDS} \
         ORDER BY t.occurred_at, t.seq"
    )
}

/// Retractions are history: shown only with ?2 (include history).
const KINDS: &str = "(?2 OR t.kind != 'retraction')";

/// Which of the incident's entries an export lists: current versions only, or with history
/// (superseded versions and retractions too).
///
/// The entries a later version or a retraction replaces are read once, through the partial
/// index (almost no entry is replaced), and each exported row is looked up here instead of
/// a correlated subquery per row, a tenth of a million-entry export.
pub(super) struct Listing {
    pub include_history: bool,
    superseded: HashSet<Uuid>,
    /// How many superseded entries [`select`] returns (all but retractions).
    superseded_selected: u64,
}

impl Listing {
    pub fn read(c: &Connection, incident_id: Uuid, include_history: bool) -> Result<Listing> {
        // Left to itself, SQLite walks the incident's entries through the host index instead
        // of the partial index: a million random row lookups.
        let mut stmt = c.prepare(&format!(
            "SELECT DISTINCT s.supersedes, t.kind \
             FROM timeline_entries s INDEXED BY timeline_by_supersedes \
             JOIN timeline_entries t ON t.id = s.supersedes \
             WHERE s.supersedes IS NOT NULL AND s.incident = {INCIDENT}"
        ))?;
        let mut rows = stmt.query([incident_id.to_string()])?;
        let mut listing = Listing {
            include_history,
            superseded: HashSet::new(),
            superseded_selected: 0,
        };
        while let Some(r) = rows.next()? {
            let (id, kind): (Uuid, String) = (r.get(0)?, r.get(1)?);
            if listing.superseded.insert(id) && kind != "retraction" {
                listing.superseded_selected += 1;
            }
        }
        Ok(listing)
    }

    /// How many entries the export lists.
    pub fn count(&self, c: &Connection, incident_id: Uuid) -> Result<u64> {
        // Through the time index, like the export itself: its entries are in about the order
        // of their rows, so each row lookup is the next row. Left to itself, SQLite counts
        // through the smaller host index, whose order is not the rows' order: a full B-tree
        // descent per entry, which cost five times as much at a million entries.
        let n: i64 = c.query_row(
            &format!(
                "SELECT count(*) FROM timeline_entries t INDEXED BY timeline_by_occurred \
                 WHERE t.incident = {INCIDENT} AND {KINDS}"
            ),
            rusqlite::params![incident_id.to_string(), self.include_history],
            |r| r.get(0),
        )?;
        let hidden = if self.include_history {
            0
        } else {
            self.superseded_selected
        };
        Ok(u64::try_from(n).unwrap_or(0).saturating_sub(hidden))
    }

    /// The statement's parameters for [`select`].
    pub fn params(&self, incident_id: Uuid) -> (String, bool) {
        (incident_id.to_string(), self.include_history)
    }

    pub fn is_superseded(&self, id: &Uuid) -> bool {
        !self.superseded.is_empty() && self.superseded.contains(id)
    }

    /// Whether a row of [`select`] (its stored id) is left out.
    pub fn hides(&self, id: ValueRef<'_>) -> bool {
        !self.include_history
            && !self.superseded.is_empty()
            && id
                .as_blob()
                .ok()
                .and_then(|b| Uuid::from_slice(b).ok())
                .is_some_and(|id| self.superseded.contains(&id))
    }
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
pub(super) const COLUMNS: usize = 22;

impl<'r> Row<'r> {
    pub fn read(r: &'r rusqlite::Row<'_>, listing: &Listing) -> Result<Row<'r>> {
        let mut values = [ValueRef::Null; COLUMNS];
        for (i, v) in values.iter_mut().enumerate() {
            *v = r.get_ref(i)?;
        }
        Row::from_values(&values, listing)
    }

    /// The row from its values in [`select`] order (borrowed, as SQLite or a batch holds them).
    pub fn from_values(v: &[ValueRef<'r>; COLUMNS], listing: &Listing) -> Result<Row<'r>> {
        fn get<T: FromSql>(v: &[ValueRef<'_>; COLUMNS], i: usize) -> Result<T> {
            T::column_result(v[i]).map_err(|e| Error::Corrupt(format!("timeline column {i}: {e}")))
        }
        let text = |i: usize| -> Result<&'r str> {
            v[i].as_str()
                .map_err(|e| Error::Corrupt(format!("timeline column {i}: {e}")))
        };
        let id = get(v, 0)?;
        Ok(Row {
            id,
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
            superseded: listing.is_superseded(&id),
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
