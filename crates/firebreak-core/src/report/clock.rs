//! Times as a board member reads them: in the organisation's own zone, with UTC beside for
//! regulators and responders elsewhere, and durations in words ("2 days", "5 hours").

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

pub(crate) struct Clock {
    /// The organisation's home zone; `None` when none is set, and times are then UTC only.
    zone: Option<Tz>,
    pub(crate) now: DateTime<Utc>,
}

impl Clock {
    pub(crate) fn new(home_zone: Option<&str>, now: DateTime<Utc>) -> Self {
        let zone = home_zone.and_then(|z| z.parse::<Tz>().ok());
        Clock { zone, now }
    }

    /// "Sat 6 Dec 00:22 CET (5 Dec 23:22 UTC)"; the year only when it is not this year's.
    pub(crate) fn at(&self, t: DateTime<Utc>) -> String {
        let year = |y: i32| {
            if y == self.now.year() {
                String::new()
            } else {
                format!(" {y}")
            }
        };
        let Some(zone) = self.zone else {
            return format!(
                "{}{} {} UTC",
                t.format("%a %-d %b"),
                year(t.year()),
                t.format("%H:%M")
            );
        };
        let local = t.with_timezone(&zone);
        let utc = if local.date_naive() == t.date_naive() {
            t.format("%H:%M UTC").to_string()
        } else {
            t.format("%-d %b %H:%M UTC").to_string()
        };
        format!(
            "{}{} {} ({utc})",
            local.format("%a %-d %b"),
            year(local.year()),
            local.format("%H:%M %Z")
        )
    }

    /// "Tue 8 Dec" in the home zone (UTC without one): when a decision was taken.
    pub(crate) fn day(&self, t: DateTime<Utc>) -> String {
        match self.zone {
            Some(z) => t.with_timezone(&z).format("%a %-d %b").to_string(),
            None => t.format("%a %-d %b").to_string(),
        }
    }

    /// "in 28 days" / "overdue by 2 days".
    pub(crate) fn relative(&self, t: DateTime<Utc>) -> String {
        let secs = (t - self.now).num_seconds();
        if secs >= 0 {
            format!("in {}", duration(secs))
        } else {
            format!("overdue by {}", duration(-secs))
        }
    }
}

/// Whole units a reader takes in at a glance: days once it is two or more, hours and
/// minutes only while they matter.
pub(crate) fn duration(secs: i64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match (d, h) {
        (2.., _) => format!("{d} days"),
        (1, 0) => "1 day".into(),
        (1, _) => format!("1 day {}", plural(h, "hour")),
        (0, 3..) => plural(h, "hour"),
        (0, 1..) if m > 0 => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
        (0, 1..) => plural(h, "hour"),
        _ => plural(m.max(1), "minute"),
    }
}

/// "1 hour", "3 hours", "1,200 people".
pub(crate) fn plural(n: i64, noun: &str) -> String {
    let word = if n == 1 {
        noun.to_owned()
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    };
    format!("{} {word}", thousands(n))
}

pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(zone: Option<&str>) -> Clock {
        Clock::new(zone, utc("2026-12-08T00:22:00Z"))
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.to_utc())
            .unwrap_or_default()
    }

    #[test]
    fn times_are_in_the_home_zone_with_utc_beside() {
        let c = clock(Some("Europe/Berlin"));
        assert_eq!(
            c.at(utc("2026-12-05T23:22:00Z")),
            "Sun 6 Dec 00:22 CET (5 Dec 23:22 UTC)"
        );
        assert_eq!(
            c.at(utc("2027-01-05T05:59:00Z")),
            "Tue 5 Jan 2027 06:59 CET (05:59 UTC)"
        );
        assert_eq!(
            clock(None).at(utc("2026-12-05T23:22:00Z")),
            "Sat 5 Dec 23:22 UTC"
        );
    }

    #[test]
    fn durations_read_as_words() {
        let c = clock(None);
        assert_eq!(c.relative(utc("2026-12-05T23:22:00Z")), "overdue by 2 days");
        assert_eq!(
            c.relative(utc("2026-12-08T02:32:00Z")),
            "in 2 hours 10 minutes"
        );
        assert_eq!(duration(86_400 + 3600), "1 day 1 hour");
        assert_eq!(duration(20), "1 minute");
        assert_eq!(plural(1200, "system"), "1,200 systems");
        assert_eq!(plural(2, "entry"), "2 entries");
    }
}
