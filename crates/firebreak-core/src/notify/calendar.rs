//! Business-day calendars for deadlines counted in working days. Statutory holidays are
//! computed from their legal definitions (so they never run out); the rules file adds ad hoc
//! closures such as a US national day of mourning.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CalendarId {
    /// 5 U.S.C. 6103 holidays with their observed days, plus executive-order closures.
    UsFederal,
    /// Brazil's national holidays (Leis 662/1949, 6.802/1980, 14.759/2023) and Good Friday.
    Brazil,
    /// Monday to Friday, no holidays: for contracts such as card-brand rules.
    Weekdays,
}

impl CalendarId {
    pub fn label(self) -> &'static str {
        match self {
            CalendarId::UsFederal => "US federal business days",
            CalendarId::Brazil => "Brazilian working days",
            CalendarId::Weekdays => "weekdays",
        }
    }
}

/// A calendar with the extra closed days the rules file lists.
#[derive(Debug, Clone, Default)]
pub struct Calendars {
    pub us_closures: Vec<NaiveDate>,
    pub brazil_extra: Vec<NaiveDate>,
}

impl Calendars {
    pub fn is_business_day(&self, cal: CalendarId, d: NaiveDate) -> bool {
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        match cal {
            CalendarId::Weekdays => true,
            CalendarId::UsFederal => !us_federal_holiday(d) && !self.us_closures.contains(&d),
            CalendarId::Brazil => !brazil_holiday(d) && !self.brazil_extra.contains(&d),
        }
    }

    /// The date `n` business days after `start`, which is day 0 whatever it is.
    pub fn add_business_days(&self, cal: CalendarId, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_business_day(cal, d) {
                left -= 1;
            }
        }
        d
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Fixed-date federal holidays move to Friday when on a Saturday and Monday when on a
/// Sunday (5 U.S.C. 6103(b); Executive Order 11582), which can move New Year's Day into
/// the previous December.
fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

fn nth_weekday(y: i32, m: u32, wd: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, wd, n)
}

fn last_weekday(y: i32, m: u32, wd: Weekday) -> Option<NaiveDate> {
    nth_weekday(y, m, wd, 5).or_else(|| nth_weekday(y, m, wd, 4))
}

pub fn us_federal_holidays(y: i32) -> Vec<NaiveDate> {
    let fixed = [(1, 1), (7, 4), (11, 11), (12, 25)]
        .into_iter()
        .chain((y >= 2021).then_some((6, 19)))
        .filter_map(|(m, d)| date(y, m, d).map(observed));
    let floating = [
        nth_weekday(y, 1, Weekday::Mon, 3), // Birthday of Martin Luther King, Jr.
        nth_weekday(y, 2, Weekday::Mon, 3), // Washington's Birthday
        last_weekday(y, 5, Weekday::Mon),   // Memorial Day
        nth_weekday(y, 9, Weekday::Mon, 1), // Labor Day
        nth_weekday(y, 10, Weekday::Mon, 2), // Columbus Day
        nth_weekday(y, 11, Weekday::Thu, 4), // Thanksgiving Day
    ];
    let mut all: Vec<NaiveDate> = fixed.chain(floating.into_iter().flatten()).collect();
    all.sort();
    all
}

fn us_federal_holiday(d: NaiveDate) -> bool {
    // Next year's New Year's Day may be observed on 31 December.
    us_federal_holidays(d.year()).contains(&d) || date(d.year() + 1, 1, 1).map(observed) == Some(d)
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm).
pub fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// National holidays only. Carnival and Corpus Christi are optional days off ("ponto
/// facultativo"), so counting them as working days gives the earlier, safer deadline.
pub fn brazil_holidays(y: i32) -> Vec<NaiveDate> {
    let mut fixed = vec![
        (1, 1),
        (4, 21),
        (5, 1),
        (9, 7),
        (10, 12),
        (11, 2),
        (11, 15),
        (12, 25),
    ];
    if y >= 2024 {
        fixed.push((11, 20)); // Dia Nacional de Zumbi e da Consciência Negra, Lei 14.759/2023
    }
    let mut all: Vec<NaiveDate> = fixed
        .into_iter()
        .filter_map(|(m, d)| date(y, m, d))
        .collect();
    all.extend(easter(y).map(|e| e - Duration::days(2))); // Good Friday
    all.sort();
    all
}

fn brazil_holiday(d: NaiveDate) -> bool {
    brazil_holidays(d.year()).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn us_federal_observed_days() {
        let h2026 = us_federal_holidays(2026);
        assert!(h2026.contains(&d(2026, 7, 3)), "4 July 2026 is a Saturday");
        assert!(h2026.contains(&d(2026, 6, 19)));
        assert!(h2026.contains(&d(2026, 11, 26)), "Thanksgiving");
        assert!(h2026.contains(&d(2026, 5, 25)), "Memorial Day");
        assert_eq!(h2026.len(), 11);
        assert!(
            us_federal_holidays(2027).contains(&d(2027, 6, 18)),
            "Juneteenth on a Saturday"
        );
        assert!(
            us_federal_holidays(2027).contains(&d(2027, 12, 24)),
            "Christmas on a Saturday"
        );
        assert!(
            us_federal_holiday(d(2021, 12, 31)),
            "1 Jan 2022 was a Saturday"
        );
        assert!(us_federal_holiday(d(2023, 1, 2)), "1 Jan 2023 was a Sunday");
        assert!(
            !us_federal_holidays(2020).contains(&d(2020, 6, 19)),
            "Juneteenth from 2021"
        );
    }

    #[test]
    fn easter_and_brazil() {
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter(2000), Some(d(2000, 4, 23)));
        assert!(brazil_holidays(2026).contains(&d(2026, 4, 3)));
        assert!(brazil_holidays(2026).contains(&d(2026, 11, 20)));
        assert!(!brazil_holidays(2023).contains(&d(2023, 11, 20)));
    }

    #[test]
    fn counting_skips_closures() {
        let cals = Calendars {
            us_closures: vec![d(2025, 1, 9)],
            brazil_extra: vec![],
        };
        // Tuesday 7 Jan 2025 + 4 business days skips the national day of mourning.
        let due = cals.add_business_days(CalendarId::UsFederal, d(2025, 1, 7), 4);
        assert_eq!(due, d(2025, 1, 14));
        // A Saturday determination counts from Monday.
        let due = cals.add_business_days(CalendarId::Weekdays, d(2026, 11, 21), 1);
        assert_eq!(due, d(2026, 11, 23));
    }
}
