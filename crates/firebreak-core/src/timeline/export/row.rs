//! One exported entry, borrowed straight from SQLite's row buffer (exports stream a million
//! rows; copying every column would dominate), and the time conversions exports need.

use chrono::{DateTime, FixedOffset, SecondsFormat};

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
        "SELECT t.id, t.seq, t.kind, t.occurred_at_utc, t.occurred_at_offset, t.recorded_at_utc, \
         t.recorded_at_offset, t.recorded_by, t.message, t.source, t.host, t.account, t.tactics, \
         t.techniques, t.confidence, t.tags, t.step_links, t.action, t.note, \
         t.supersedes, t.reason, t.hash, {superseded} \
         FROM timeline_entries t WHERE t.incident_id = ?1 AND {CURRENT} \
         ORDER BY t.occurred_at_utc, t.seq"
    )
}

pub(super) struct Row<'r> {
    pub id: &'r str,
    pub seq: i64,
    pub kind: &'r str,
    pub occurred_utc: &'r str,
    pub occurred_offset: i64,
    pub recorded_utc: &'r str,
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
    pub supersedes: Option<&'r str>,
    pub reason: &'r str,
    pub hash: &'r str,
    pub superseded: bool,
}

impl<'r> Row<'r> {
    pub fn read(r: &'r rusqlite::Row<'_>) -> Result<Row<'r>> {
        let text = |i: usize| -> Result<&'r str> {
            r.get_ref(i)?
                .as_str()
                .map_err(|e| Error::Corrupt(format!("timeline column {i}: {e}")))
        };
        let opt_text = |i: usize| -> Result<Option<&'r str>> {
            r.get_ref(i)?
                .as_str_or_null()
                .map_err(|e| Error::Corrupt(format!("timeline column {i}: {e}")))
        };
        Ok(Row {
            id: text(0)?,
            seq: r.get(1)?,
            kind: text(2)?,
            occurred_utc: text(3)?,
            occurred_offset: r.get(4)?,
            recorded_utc: text(5)?,
            recorded_offset: r.get(6)?,
            recorded_by: text(7)?,
            message: text(8)?,
            source: text(9)?,
            host: text(10)?,
            account: text(11)?,
            tactics: text(12)?,
            techniques: text(13)?,
            confidence: r.get(14)?,
            tags: text(15)?,
            step_links: text(16)?,
            action: text(17)?,
            note: text(18)?,
            supersedes: opt_text(19)?,
            reason: text(20)?,
            hash: text(21)?,
            superseded: r.get(22)?,
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

/// Microseconds since the Unix epoch of a stored UTC time (`YYYY-MM-DDTHH:MM:SS.ffffffZ`).
/// The fixed-width form is parsed by position (a million rows per export); anything else
/// falls back to a full RFC 3339 parse.
pub(crate) fn utc_micros(text: &str) -> Result<i64> {
    fast_micros(text.as_bytes()).map(Ok).unwrap_or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .map(|d| d.timestamp_micros())
            .map_err(|e| Error::Corrupt(format!("stored time {text:?}: {e}")))
    })
}

fn fast_micros(b: &[u8]) -> Option<i64> {
    if b.len() != 27 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'.' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' || b[26] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss, us) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..26)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    Some((((days * 24 + hh) * 60 + mm) * 60 + ss) * 1_000_000 + us)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-11-20T22:15:00.123456Z` → `2026-11-20T22:15:00.123456+00:00` (Timesketch's form).
pub(super) fn timesketch_datetime(utc: &str) -> String {
    match utc.strip_suffix('Z') {
        Some(base) => format!("{base}+00:00"),
        None => utc.to_owned(),
    }
}

/// The stored time in the offset it was given in, RFC 3339 with microseconds.
pub(super) fn in_offset(utc: &str, offset_seconds: i64) -> Result<String> {
    if offset_seconds == 0 {
        return Ok(timesketch_datetime(utc));
    }
    let micros = utc_micros(utc)?;
    let offset = i32::try_from(offset_seconds)
        .ok()
        .and_then(FixedOffset::east_opt)
        .ok_or_else(|| Error::Corrupt(format!("stored offset {offset_seconds}")))?;
    let t = DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| Error::Corrupt(format!("stored time {utc:?} out of range")))?;
    Ok(t.with_timezone(&offset)
        .to_rfc3339_opts(SecondsFormat::Micros, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_agrees_with_chrono() -> Result<()> {
        for t in [
            "1970-01-01T00:00:00.000000Z",
            "2000-02-29T23:59:59.999999Z",
            "2026-11-20T22:15:00.123456Z",
            "1969-12-31T23:59:59.000001Z",
            "2100-03-01T00:00:00.000000Z",
        ] {
            let slow = DateTime::parse_from_rfc3339(t)
                .map_err(|e| Error::Corrupt(e.to_string()))?
                .timestamp_micros();
            assert_eq!(fast_micros(t.as_bytes()), Some(slow), "{t}");
            assert_eq!(utc_micros(t)?, slow);
        }
        assert_eq!(fast_micros(b"2026-11-20T22:15:00Z"), None);
        Ok(())
    }

    #[test]
    fn keeps_the_original_offset() -> Result<()> {
        assert_eq!(
            in_offset("2026-11-20T22:15:00.123456Z", 3600)?,
            "2026-11-20T23:15:00.123456+01:00"
        );
        assert_eq!(
            timesketch_datetime("2026-11-20T22:15:00.123456Z"),
            "2026-11-20T22:15:00.123456+00:00"
        );
        Ok(())
    }
}
