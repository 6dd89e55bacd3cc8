//! How the filtered entries fall in time, for the timeline page's density chart: counts per
//! equal slice between the first and the last match, computed in SQL so a million-entry
//! timeline sends a few hundred numbers, not its rows.

use rusqlite::Connection;
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use super::query::Bound;
use super::{stamp, TimelineFilter};
use crate::time::Moment;
use crate::{Error, Result, Store};

pub const BUCKETS_MAX: u32 = 400;

/// Counts of the entries matching a filter per slice of time, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Density {
    /// The first match's time (UTC); None when nothing matches.
    pub start: Option<Moment>,
    /// The end of the last slice (UTC): the last match's time, or one slice after the first.
    pub end: Option<Moment>,
    /// Each slice's length in milliseconds.
    pub bucket_ms: f64,
    pub counts: Vec<u32>,
    pub total: u32,
}

/// `buckets` slices (1 to 400) of the span the filter's matches cover; the filter's limit
/// and offset are ignored.
pub fn density(
    store: &Store,
    incident_id: Uuid,
    filter: &TimelineFilter,
    buckets: u32,
) -> Result<Density> {
    if buckets == 0 || buckets > BUCKETS_MAX {
        return Err(Error::validation(
            "buckets",
            format!("between 1 and {BUCKETS_MAX} slices"),
        ));
    }
    store.read(|c| {
        super::query::require_incident(c, incident_id)?;
        on(c, incident_id, filter, buckets)
    })
}

fn on(c: &Connection, incident_id: Uuid, f: &TimelineFilter, buckets: u32) -> Result<Density> {
    let b = Bound::new(c, incident_id, f)?;
    let (clause, mut params) = b.clause();
    let hint = b.index_hint();
    let (min, max, total): (Option<i64>, Option<i64>, i64) = c
        .prepare_cached(&format!(
            "SELECT min(t.occurred_at), max(t.occurred_at), count(*)
             FROM timeline_entries t {hint} WHERE {clause}"
        ))?
        .query_row(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let (Some(min), Some(max)) = (min, max) else {
        return Ok(Density {
            start: None,
            end: None,
            bucket_ms: 0.0,
            counts: Vec::new(),
            total: 0,
        });
    };
    // Whole milliseconds per slice (at least one); the last match closes the last slice.
    let n = i64::from(buckets);
    let per = ((max - min + n - 1) / n).max(1000);
    let width = (per + 999) / 1000 * 1000;
    let used = usize::try_from((max - min) / width + 1)
        .unwrap_or(1)
        .min(buckets as usize);
    let mut counts = vec![0u32; used];
    let last = i64::try_from(used - 1).unwrap_or(0);
    let k = params.len();
    params.push(&min);
    params.push(&width);
    params.push(&last);
    let mut stmt = c.prepare_cached(&format!(
        "SELECT min((t.occurred_at - ?{}) / ?{}, ?{}) AS slice, count(*)
         FROM timeline_entries t {hint} WHERE {clause} GROUP BY slice",
        k + 1,
        k + 2,
        k + 3
    ))?;
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (slice, count) = row?;
        if let Some(cell) = usize::try_from(slice).ok().and_then(|i| counts.get_mut(i)) {
            *cell = u32::try_from(count).unwrap_or(u32::MAX);
        }
    }
    let end = (min + width * i64::try_from(used).unwrap_or(1)).min(max.max(min + width));
    Ok(Density {
        start: Some(stamp::moment(min, 0)?),
        end: Some(stamp::moment(end, 0)?),
        // Slices are whole milliseconds, far inside f64's exact integers.
        bucket_ms: (width / 1000) as f64,
        counts,
        total: u32::try_from(total).unwrap_or(u32::MAX),
    })
}
