//! Reading the times DFIR tools write: ISO 8601 in its variants, seconds to nanoseconds since
//! 1970, a date and a time in two columns with a time-zone column, and the markers tools
//! write for events they could not date. Firebreak never guesses a time zone: a time
//! without one is taken only where the format documents its zone (EZ Tools and Velociraptor
//! write UTC) or the importer said which offset such times are in.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeZone};

use super::source::row_error;
use crate::time::Moment;
use crate::Result;

/// A row's time: an instant, or the tool's own statement that it has none.
pub(super) enum When {
    At(Moment),
    Undated(String),
}

/// How a file's times are read, beyond what each row says.
#[derive(Clone, Copy, Default)]
pub(super) struct TimeRules {
    /// Offset for times written without one (the importer's choice, or the format's).
    pub naive_offset: Option<FixedOffset>,
    /// Windows' zero FILETIME (1601-01-01T00:00:00) means "not set" in this format.
    pub windows_zero_undated: bool,
    /// An epoch time of 0 means "not set" (Plaso's TLN writes 0 for undated events).
    pub zero_epoch_undated: bool,
    /// A row whose time field is empty or null has no time (Velociraptor writes null).
    pub missing_undated: bool,
}

const UTC: FixedOffset = match FixedOffset::east_opt(0) {
    Some(o) => o,
    None => panic!("UTC is an offset"),
};

pub(super) fn utc() -> FixedOffset {
    UTC
}

/// Plaso's "Not a time" and similar all-zero dates.
pub(super) fn is_zero_date(text: &str) -> bool {
    text.starts_with("0000-00-00") || text.starts_with("00/00/0000")
}

fn is_windows_zero(text: &str) -> bool {
    text.strip_prefix("1601-01-01")
        .map(|t| t.trim_start_matches(['T', ' ']))
        .is_some_and(|t| {
            t.trim_end_matches(['Z', 'z'])
                .trim_end_matches("+00:00")
                .trim_end_matches(['0', ':', '.'])
                .is_empty()
        })
}

/// A time in one column: ISO 8601 (with or without `T`, a space before the offset, up to
/// nanoseconds), Velociraptor's `20220212-203745` and `2020/07/29 08:55:08`, or a bare
/// number of seconds, milliseconds, microseconds or nanoseconds since 1970.
pub(super) fn read_time(line: u64, column: &str, text: &str, rules: &TimeRules) -> Result<When> {
    let text = text.trim();
    if is_zero_date(text) {
        return Ok(When::Undated(format!(
            "{column} is {text:?}: the tool could not date the event (Plaso writes this as \"Not a time\")"
        )));
    }
    if rules.windows_zero_undated && is_windows_zero(text) {
        return Ok(When::Undated(format!(
            "{column} is {text:?}: Windows' zero time, written for a time that was never set"
        )));
    }
    if is_epoch(text) {
        return epoch(line, column, text, rules);
    }
    parse_time(line, column, text, rules.naive_offset).map(When::At)
}

fn is_epoch(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.len() <= 19 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A number since 1970, its unit decided by magnitude: below 10^11 seconds (up to the year
/// 5138), below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds. Times before
/// March 1973 written in milliseconds or finer read as a coarser unit: no tool's timeline of
/// an incident holds those.
pub(super) fn epoch(line: u64, column: &str, text: &str, rules: &TimeRules) -> Result<When> {
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| row_error(line, format!("{column} {text:?} is not a whole number")))?;
    if n == 0 && rules.zero_epoch_undated {
        return Ok(When::Undated(format!(
            "{column} is 0: the tool could not date the event"
        )));
    }
    let micros = match n.unsigned_abs() {
        m if m < 100_000_000_000 => n.checked_mul(1_000_000),
        m if m < 100_000_000_000_000 => n.checked_mul(1_000),
        m if m < 100_000_000_000_000_000 => Some(n),
        _ => Some(n.div_euclid(1_000)),
    };
    micros
        .and_then(DateTime::from_timestamp_micros)
        .map(|t| When::At(t.fixed_offset()))
        .ok_or_else(|| row_error(line, format!("{column} {text} is out of range")))
}

/// ISO 8601 / RFC 3339 with an offset (`T` or a space between date and time; `Z`, `+01:00`,
/// `+0100`, or a space before the offset as Hayabusa writes it). A time without an offset
/// is only taken when the importer (or the format) said which offset such times are in.
pub(super) fn parse_time(
    line: u64,
    column: &str,
    text: &str,
    naive_offset: Option<FixedOffset>,
) -> Result<Moment> {
    let text = text.trim();
    let parsed = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f %z"))
        // Hayabusa's --RFC-2822: `Wed, 23 Oct 2013 16:16:13 +0000`.
        .or_else(|_| DateTime::parse_from_rfc2822(text));
    if let Ok(t) = parsed {
        return Ok(t.trunc_subsecs(6));
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y%m%d-%H%M%S",
        "%Y/%m/%d %H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok());
    match (naive, naive_offset) {
        (Some(n), Some(offset)) => in_offset(line, column, text, n, offset),
        (Some(_), None) => Err(row_error(
            line,
            format!(
                "{column} {text:?} has no UTC offset; Firebreak does not guess time zones: add \
                 the offset (e.g. {text}+00:00) or import as generic CSV and say which offset \
                 these times are in"
            ),
        )),
        (None, _) => Err(row_error(
            line,
            format!(
                "{column} {text:?} is not an ISO 8601 time with a UTC offset, like \
                 2026-11-20T22:15:00+00:00"
            ),
        )),
    }
}

fn in_offset(
    line: u64,
    column: &str,
    text: &str,
    n: NaiveDateTime,
    offset: FixedOffset,
) -> Result<Moment> {
    n.and_local_timezone(offset)
        .single()
        .map(|t| t.trunc_subsecs(6))
        .ok_or_else(|| row_error(line, format!("{column} {text:?} is out of range")))
}

/// A date column and a time-of-day column (Plaso's l2tcsv: `01/22/2012` and `08:52:33`),
/// in the zone the row names (`timezone`: `UTC`, `CET`, `CEST`, an offset or an IANA name).
pub(super) fn date_and_time(
    line: u64,
    date: &str,
    time: &str,
    zone: Option<&str>,
    rules: &TimeRules,
) -> Result<When> {
    let (date, time) = (date.trim(), time.trim());
    if is_zero_date(date) || time.starts_with("--") {
        return Ok(When::Undated(format!(
            "date {date:?} and time {time:?}: the tool could not date the event (Plaso writes this as \"Not a time\")"
        )));
    }
    let day = ["%m/%d/%Y", "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date, f).ok())
        .ok_or_else(|| {
            row_error(
                line,
                format!("date {date:?} is not a date like 01/22/2012 (MM/DD/YYYY) or 2012-01-22"),
            )
        })?;
    let clock = NaiveTime::parse_from_str(time, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .map_err(|_| {
            row_error(
                line,
                format!("time {time:?} is not a time of day like 08:52:33"),
            )
        })?;
    let naive = day.and_time(clock);
    let text = format!("{date} {time}");
    match zone.map(str::trim).filter(|z| !z.is_empty() && *z != "-") {
        Some(z) => in_zone(line, &text, naive, z).map(When::At),
        None => match rules.naive_offset {
            Some(o) => in_offset(line, "time", &text, naive, o).map(When::At),
            None => Err(row_error(
                line,
                format!(
                    "{text:?} has no time zone: the time-zone column is empty and no offset \
                     was given for times without one"
                ),
            )),
        },
    }
}

/// A local time in a named zone: an offset, a common abbreviation with one meaning, or an
/// IANA name (whose offset on that date is used; a time a clock change makes ambiguous or
/// skips is refused).
pub(super) fn in_zone(line: u64, text: &str, naive: NaiveDateTime, zone: &str) -> Result<Moment> {
    if let Some(offset) = zone_offset(zone) {
        return in_offset(line, "time", text, naive, offset);
    }
    if let Ok(tz) = zone.parse::<chrono_tz::Tz>() {
        return tz
            .from_local_datetime(&naive)
            .single()
            .map(|t| t.fixed_offset().trunc_subsecs(6))
            .ok_or_else(|| {
                row_error(
                    line,
                    format!("{text:?} does not exist or is ambiguous in {zone} (a clock change)"),
                )
            });
    }
    Err(row_error(
        line,
        format!(
            "time zone {zone:?} is not an offset (+01:00), an unambiguous abbreviation (UTC, \
             CET, CEST, EST, …) or an IANA name (Europe/Berlin)"
        ),
    ))
}

/// Offsets and abbreviations with a single meaning. `CST`, `IST` and the like name several
/// zones and are refused rather than guessed.
fn zone_offset(zone: &str) -> Option<FixedOffset> {
    let hours = |h: i32| FixedOffset::east_opt(h * 3600);
    match zone.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" | "WET" | "ETC/UTC" => hours(0),
        "CET" | "WEST" | "BST" => hours(1),
        "CEST" | "EET" => hours(2),
        "EEST" | "MSK" => hours(3),
        "JST" | "KST" => hours(9),
        "AEST" => hours(10),
        "AEDT" => hours(11),
        "NZST" => hours(12),
        "NZDT" => hours(13),
        "EST" => hours(-5),
        "EDT" | "AST" => hours(-4),
        "CDT" => hours(-5),
        "MST" => hours(-7),
        "MDT" => hours(-6),
        "PST" => hours(-8),
        "PDT" => hours(-7),
        "AKST" => hours(-9),
        "AKDT" => hours(-8),
        "HST" => hours(-10),
        _ => super::fields::parse_offset(zone).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: Result<When>) -> String {
        match w {
            Ok(When::At(m)) => m.to_rfc3339(),
            Ok(When::Undated(r)) => format!("undated: {r}"),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn epoch_units_are_decided_by_magnitude() {
        let r = TimeRules::default();
        for (text, want) in [
            ("1658689261", "2022-07-24T19:01:01+00:00"),
            ("1658689261123", "2022-07-24T19:01:01.123+00:00"),
            ("1658689261123456", "2022-07-24T19:01:01.123456+00:00"),
            ("1658689261123456789", "2022-07-24T19:01:01.123456+00:00"),
        ] {
            assert_eq!(at(read_time(2, "timestamp", text, &r)), want, "{text}");
        }
        assert!(at(read_time(
            2,
            "Time",
            "0",
            &TimeRules {
                zero_epoch_undated: true,
                ..r
            }
        ))
        .starts_with("undated"));
    }

    #[test]
    fn tool_time_forms_keep_their_offset() {
        let r = TimeRules::default();
        assert_eq!(
            at(read_time(
                2,
                "Timestamp",
                "2013-10-24 01:16:13.843 +09:00",
                &r
            )),
            "2013-10-24T01:16:13.843+09:00"
        );
        assert_eq!(
            at(read_time(
                2,
                "Timestamp",
                "Thu, 24 Oct 2013 01:16:13 +0900",
                &r
            )),
            "2013-10-24T01:16:13+09:00"
        );
        assert_eq!(
            at(read_time(2, "t", "2022-02-12T00:36:43.7895496Z", &r)),
            "2022-02-12T00:36:43.789549+00:00"
        );
        let utc = TimeRules {
            naive_offset: Some(utc()),
            windows_zero_undated: true,
            ..r
        };
        assert_eq!(
            at(read_time(2, "Time", "20220212-203745", &utc)),
            "2022-02-12T20:37:45+00:00"
        );
        assert!(at(read_time(2, "Atime", "1601-01-01T00:00:00Z", &utc)).starts_with("undated"));
        assert!(at(read_time(
            2,
            "datetime",
            "0000-00-00T00:00:00.000000+00:00",
            &r
        ))
        .starts_with("undated"));
        assert!(at(read_time(2, "Time", "20220212-203745", &r)).contains("no UTC offset"));
    }

    #[test]
    fn date_and_time_columns_read_in_the_rows_zone() {
        let r = TimeRules::default();
        let cet = date_and_time(3, "01/22/2012", "08:52:33", Some("CET"), &r);
        assert_eq!(at(cet), "2012-01-22T08:52:33+01:00");
        let cest = date_and_time(3, "07/02/2026", "19:47:57", Some("CEST"), &r);
        assert_eq!(at(cest), "2026-07-02T19:47:57+02:00");
        let iana = date_and_time(3, "2026-07-02", "19:47", Some("Europe/Berlin"), &r);
        assert_eq!(at(iana), "2026-07-02T19:47:00+02:00");
        assert!(
            at(date_and_time(3, "00/00/0000", "--:--:--", Some("-"), &r)).starts_with("undated")
        );
        assert!(
            at(date_and_time(3, "01/22/2012", "08:52:33", Some("CST"), &r))
                .contains("abbreviation")
        );
    }
}
