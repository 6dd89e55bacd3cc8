//! From facts to obligations: which rules apply (yes, no, or "depends on an unknown fact")
//! and when each is due. Pure functions, so every rule is table-tested without a database.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::calendar::Calendars;
use super::facts::NotificationFacts;
use super::jurisdiction;
use super::rules::{Count, Deadline, People, Rule, RuleSet, Trigger, When};
use super::vocab::{Answer, RiskLevel, ServiceImpact};
use crate::time::Moment;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

/// Why a rule does or does not apply, in words a responder can check against the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub state: Tri,
    /// The facts that make it apply (or, for `No`, the first that rules it out).
    pub reasons: Vec<String>,
    /// Facts still unknown that decide it.
    pub depends_on: Vec<String>,
}

impl Verdict {
    fn new(state: Tri, reason: String) -> Self {
        let (reasons, depends_on) = match state {
            Tri::Unknown => (Vec::new(), vec![reason]),
            _ => (vec![reason], Vec::new()),
        };
        Verdict {
            state,
            reasons,
            depends_on,
        }
    }

    fn all(parts: Vec<Verdict>) -> Verdict {
        if let Some(no) = parts.iter().find(|v| v.state == Tri::No) {
            return no.clone();
        }
        let state = if parts.iter().any(|v| v.state == Tri::Unknown) {
            Tri::Unknown
        } else {
            Tri::Yes
        };
        Verdict {
            state,
            reasons: parts.iter().flat_map(|v| v.reasons.clone()).collect(),
            depends_on: parts.iter().flat_map(|v| v.depends_on.clone()).collect(),
        }
    }

    fn any(parts: Vec<Verdict>) -> Verdict {
        if let Some(yes) = parts.iter().find(|v| v.state == Tri::Yes) {
            return yes.clone();
        }
        if parts.iter().any(|v| v.state == Tri::Unknown) {
            return Verdict {
                state: Tri::Unknown,
                reasons: Vec::new(),
                depends_on: vec![parts
                    .iter()
                    .flat_map(|v| v.depends_on.iter().chain(&v.reasons))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" or ")],
            };
        }
        Verdict {
            state: Tri::No,
            reasons: vec![parts
                .iter()
                .flat_map(|v| v.reasons.clone())
                .collect::<Vec<_>>()
                .join("; and ")],
            depends_on: Vec::new(),
        }
    }
}

fn yes_no(ok: bool, yes: String, no: String) -> Verdict {
    if ok {
        Verdict::new(Tri::Yes, yes)
    } else {
        Verdict::new(Tri::No, no)
    }
}

pub fn evaluate(w: &When, f: &NotificationFacts) -> Verdict {
    let mut parts = Vec::new();
    if !w.jurisdiction.is_empty() {
        let hit = f.jurisdictions.iter().find(|a| {
            w.jurisdiction
                .iter()
                .any(|code| jurisdiction::within(&a.code, code))
        });
        let groups: Vec<&str> = w
            .jurisdiction
            .iter()
            .map(|c| jurisdiction::group_name(c))
            .collect();
        parts.push(match hit {
            Some(a) => Verdict::new(
                Tri::Yes,
                format!("people affected in {}", jurisdiction::name(&a.code)),
            ),
            None if f.jurisdictions.is_empty() => Verdict::new(
                Tri::Unknown,
                "where the affected people live (no jurisdictions recorded)".into(),
            ),
            None => Verdict::new(
                Tri::No,
                format!("no one affected in {}", groups.join(" or ")),
            ),
        });
    }
    if !w.profile.is_empty() {
        let hit = w.profile.iter().find(|p| f.has_flag(**p));
        let names: Vec<&str> = w.profile.iter().map(|p| p.label()).collect();
        parts.push(match hit {
            Some(p) => Verdict::new(Tri::Yes, format!("organisation: {}", p.label())),
            None => Verdict::new(
                Tri::No,
                format!("organisation is not: {}", names.join(" / ")),
            ),
        });
    }
    if let Some(p) = w.not_profile.iter().find(|p| f.has_flag(**p)) {
        parts.push(Verdict::new(
            Tri::No,
            format!("organisation: {}", p.label()),
        ));
    }
    if !w.data.is_empty() {
        let hit = w.data.iter().find(|d| f.has_data(**d));
        let names: Vec<&str> = w.data.iter().map(|d| d.label()).collect();
        parts.push(match hit {
            Some(d) => Verdict::new(Tri::Yes, format!("data affected: {}", d.label())),
            None if f.data_categories.is_empty() => Verdict::new(
                Tri::Unknown,
                "what data was affected (no data categories recorded)".into(),
            ),
            None => Verdict::new(Tri::No, format!("none of: {} affected", names.join(", "))),
        });
    }
    if let Some(p) = &w.people {
        parts.push(people(p, f));
    }
    if let Some(n) = w.people_in_one_state_more_than {
        parts.push(one_state(n, f));
    }
    if w.exempt_if_encrypted {
        parts.push(encryption(f));
    }
    if let Some(level) = w.risk_at_least {
        parts.push(risk(level, f.risk_to_people));
    }
    if let Some(wanted) = w.significant_harm {
        parts.push(match (f.significant_harm, wanted) {
            (Answer::Unknown, _) => Verdict::new(
                Tri::Unknown,
                "whether there is a risk of significant harm".into(),
            ),
            (Answer::Yes, true) | (Answer::No, false) => Verdict::new(
                Tri::Yes,
                format!("significant harm assessed: {}", f.significant_harm),
            ),
            _ => Verdict::new(
                Tri::No,
                format!("significant harm assessed: {}", f.significant_harm),
            ),
        });
    }
    if let Some(wanted) = w.critical_service_impact {
        parts.push(match f.critical_service_impact {
            ServiceImpact::Unknown => Verdict::new(
                Tri::Unknown,
                "the impact on the critical asset's service".into(),
            ),
            got => yes_no(
                got == wanted,
                format!("impact on the critical asset: {got}"),
                format!("impact on the critical asset is {got}, not {wanted}"),
            ),
        });
    }
    for m in &w.moment {
        let at = f.moments.get(*m);
        parts.push(yes_no(
            at.is_some(),
            format!("{} recorded", m.label()),
            format!("only once \"{}\" is recorded", m.label()),
        ));
    }
    if !w.any.is_empty() {
        parts.push(Verdict::any(w.any.iter().map(|s| evaluate(s, f)).collect()));
    }
    Verdict::all(parts)
}

fn people(p: &People, f: &NotificationFacts) -> Verdict {
    let within: Vec<_> = f
        .jurisdictions
        .iter()
        .filter(|a| jurisdiction::within(&a.code, &p.within))
        .collect();
    let known: u64 = within.iter().filter_map(|a| a.people).map(u64::from).sum();
    let unknown = within.iter().any(|a| a.people.is_none());
    let place = jurisdiction::group_name(&p.within);
    let (op, n, holds): (&str, u32, fn(u64, u64) -> bool) =
        match (p.at_least, p.more_than, p.less_than) {
            (Some(n), _, _) => ("≥", n, |a, b| a >= b),
            (_, Some(n), _) => (">", n, |a, b| a > b),
            (_, _, Some(n)) => ("<", n, |a, b| a < b),
            _ => return Verdict::new(Tri::No, "malformed people condition".into()),
        };
    let now = holds(known, u64::from(n));
    // More unknown people can only raise the count: "at least" already met stays met.
    let settled = !unknown || (now && op != "<") || (!now && op == "<");
    if !settled {
        return Verdict::new(
            Tri::Unknown,
            format!("how many people in {place} are affected (threshold {op} {n})"),
        );
    }
    yes_no(
        now,
        format!("people affected in {place}: {known} {op} {n}"),
        format!("people affected in {place}: {known}, threshold {op} {n}"),
    )
}

fn one_state(n: u32, f: &NotificationFacts) -> Verdict {
    let states: Vec<_> = f
        .jurisdictions
        .iter()
        .filter(|a| a.code.starts_with("US-"))
        .collect();
    if let Some(a) = states.iter().find(|a| a.people.is_some_and(|p| p > n)) {
        return Verdict::new(
            Tri::Yes,
            format!(
                "more than {n} residents of {} affected ({})",
                jurisdiction::name(&a.code),
                a.people.unwrap_or_default()
            ),
        );
    }
    if states.iter().any(|a| a.people.is_none()) {
        return Verdict::new(
            Tri::Unknown,
            "how many residents of each US state are affected".into(),
        );
    }
    Verdict::new(
        Tri::No,
        format!("no US state has more than {n} affected residents"),
    )
}

fn encryption(f: &NotificationFacts) -> Verdict {
    match (f.encrypted, f.keys_safe) {
        (Answer::Yes, Answer::Yes) => Verdict::new(
            Tri::No,
            "exempt: the data was encrypted and the keys are safe".into(),
        ),
        (Answer::No, _) => Verdict::new(Tri::Yes, "the data was not encrypted".into()),
        (_, Answer::No) => Verdict::new(Tri::Yes, "the encryption keys were compromised".into()),
        _ => Verdict::new(
            Tri::Unknown,
            "whether the data was encrypted with the keys safe (safe harbour)".into(),
        ),
    }
}

fn risk(level: RiskLevel, got: RiskLevel) -> Verdict {
    let rank = |r: RiskLevel| match r {
        RiskLevel::Unknown | RiskLevel::Unlikely => 0,
        RiskLevel::Risk => 1,
        RiskLevel::High => 2,
    };
    match got {
        RiskLevel::Unknown => Verdict::new(Tri::Unknown, "the risk to the people affected".into()),
        _ => yes_no(
            rank(got) >= rank(level),
            format!("risk to people assessed as {got}"),
            format!("risk to people assessed as {got}, below {level}"),
        ),
    }
}

/// The due instant of a count started at `start`. Day-based counts end at the cutoff (default
/// the last microsecond) of the last day in `zone`, never at a made-up time of day.
pub fn due(
    count: Count,
    d: &Deadline,
    start: &Moment,
    zone: Tz,
    cals: &Calendars,
) -> Option<DateTime<Utc>> {
    if let Some(h) = count.hours {
        return Some(start.with_timezone(&Utc) + Duration::hours(i64::from(h)));
    }
    let local = start.with_timezone(&zone).date_naive();
    let last: NaiveDate = if let Some(n) = count.days {
        local + Duration::days(i64::from(n))
    } else if let (Some(n), Some(cal)) = (count.business_days, d.calendar) {
        cals.add_business_days(cal, local, n)
    } else if let Some(n) = count.months {
        local.checked_add_months(Months::new(n))?
    } else if let Some(n) = count.after_year_end_days {
        NaiveDate::from_ymd_opt(local.year(), 12, 31)? + Duration::days(i64::from(n))
    } else {
        return None;
    };
    Some(at_local(zone, last.and_time(d.cutoff_time())))
}

/// Local wall time to an instant; a repeated hour takes its first occurrence and a skipped
/// hour the instant after the gap, so the answer is never later than the law allows.
fn at_local(zone: Tz, t: NaiveDateTime) -> DateTime<Utc> {
    zone.from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(t + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| Utc.from_utc_datetime(&t), |x| x.with_timezone(&Utc))
}

/// Start times of clocks that begin when another obligation was sent.
pub type SentTimes = HashMap<String, Moment>;

pub fn trigger_time(
    rule_trigger: &Trigger<'_>,
    f: &NotificationFacts,
    sent: &SentTimes,
) -> Option<Moment> {
    match rule_trigger {
        Trigger::Moment(m) => f.moments.get(*m),
        Trigger::Sent(id) => sent.get(*id).copied(),
    }
}

/// The rule's zone, else the organisation's home zone, else UTC.
pub fn zone_for(rule: &Rule, f: &NotificationFacts) -> Tz {
    rule.deadline
        .tz()
        .or_else(|| f.profile.home_zone.as_deref().and_then(|z| z.parse().ok()))
        .unwrap_or(chrono_tz::UTC)
}

/// The due time of a rule for these facts: the primary clock, capped by the second clock.
pub fn rule_due(
    rule: &Rule,
    f: &NotificationFacts,
    sent: &SentTimes,
    rules: &RuleSet,
) -> Option<DateTime<Utc>> {
    let zone = zone_for(rule, f);
    let start = trigger_time(&rule.trigger(), f, sent)?;
    let first = due(
        rule.deadline.count(),
        &rule.deadline,
        &start,
        zone,
        &rules.calendars,
    )?;
    let second = rule.deadline.not_later_than.as_ref().and_then(|s| {
        let trig = super::rules::parse_trigger(&s.trigger)?;
        let at = trigger_time(&trig, f, sent)?;
        due(s.count(), &rule.deadline, &at, zone, &rules.calendars)
    });
    Some(second.map_or(first, |s| s.min(first)))
}
