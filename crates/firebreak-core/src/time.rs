//! Time handling. Every instant is stored as a UTC RFC 3339 string (sortable, comparable in
//! SQL) plus the UTC offset it was given in, so "03:10 in Frankfurt" is never silently turned
//! into "02:10" with the responder's context lost.

use chrono::{DateTime, FixedOffset, Local, SecondsFormat, SubsecRound, Utc};

use crate::{Error, Result};

/// An instant with the offset it was originally given in.
pub type Moment = DateTime<FixedOffset>;

/// Storage keeps microseconds; truncating up front means what we return is what we store.
const SUBSEC_DIGITS: u16 = 6;

/// Parses an RFC 3339 timestamp that must carry an explicit offset (`Z` or `±HH:MM`).
pub fn parse_moment(field: &str, text: &str) -> Result<Moment> {
    let text = text.trim();
    let parsed = DateTime::parse_from_rfc3339(text).map_err(|e| {
        Error::validation(
            field,
            format!(
                "{text:?} is not an RFC 3339 timestamp with an offset ({e}); \
                 write it like 2026-11-22T03:10:00Z or 2026-11-22T04:10:00+01:00"
            ),
        )
    })?;
    Ok(parsed.trunc_subsecs(SUBSEC_DIGITS))
}

/// The current instant in the machine's local offset (what a responder would write down).
pub fn now_local() -> Moment {
    #[cfg(test)]
    if let Some(frozen) = FROZEN.with(std::cell::Cell::get) {
        return frozen;
    }
    Local::now().fixed_offset().trunc_subsecs(SUBSEC_DIGITS)
}

#[cfg(test)]
thread_local! {
    static FROZEN: std::cell::Cell<Option<Moment>> = const { std::cell::Cell::new(None) };
}

/// Stops the clock on this thread (each test has its own), so snapshot tests see the same
/// recorded times on every run.
#[cfg(test)]
pub(crate) fn freeze(at: Option<Moment>) {
    FROZEN.with(|f| f.set(at));
}

/// The UTC column value: fixed width, microsecond precision, so text order is time order.
pub fn utc_text(m: &Moment) -> String {
    m.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn offset_seconds(m: &Moment) -> i32 {
    m.offset().local_minus_utc()
}

/// Rebuilds the original moment from its stored columns.
pub fn from_columns(utc: &str, offset_seconds: i32) -> Result<Moment> {
    let instant = DateTime::parse_from_rfc3339(utc)
        .map_err(|e| Error::Corrupt(format!("stored timestamp {utc:?}: {e}")))?;
    let offset = FixedOffset::east_opt(offset_seconds).ok_or_else(|| {
        Error::Corrupt(format!(
            "stored UTC offset {offset_seconds}s is out of range"
        ))
    })?;
    Ok(instant.with_timezone(&offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_offset_through_storage() -> Result<()> {
        let m = parse_moment("t", "2026-11-22T04:10:00.5+01:00")?;
        assert_eq!(utc_text(&m), "2026-11-22T03:10:00.500000Z");
        let back = from_columns(&utc_text(&m), offset_seconds(&m))?;
        assert_eq!(back, m);
        assert_eq!(back.to_rfc3339(), "2026-11-22T04:10:00.500+01:00");
        Ok(())
    }

    #[test]
    fn refuses_local_times_without_offset() {
        let err = parse_moment("detected_at", "2026-11-22T04:10:00").err();
        assert!(matches!(err, Some(Error::Validation { ref field, .. }) if field == "detected_at"));
    }
}
