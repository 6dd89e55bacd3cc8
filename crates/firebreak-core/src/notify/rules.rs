//! The notification rules: a TOML file embedded in the binary (`rules/notifications.toml`),
//! one entry per obligation, so counsel can review and correct them without reading code.
//! The format is documented in docs/notification-rules.md.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::calendar::{CalendarId, Calendars};
use super::jurisdiction;
use super::vocab::{DataCategory, KeyMoment, ProfileFlag, RiskLevel, ServiceImpact};
use crate::{Error, Result};

const BUILT_IN: &str = include_str!("../../../../rules/notifications.toml");
pub const BUILT_IN_FILE: &str = "rules/notifications.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: u32,
    version: String,
    reviewed: toml::value::Datetime,
    #[serde(default)]
    calendars: RawCalendars,
    rule: Vec<Rule>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendars {
    #[serde(default)]
    us_federal: Option<RawClosures>,
    #[serde(default)]
    brazil: Option<RawBrazil>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClosures {
    #[serde(default)]
    closures: Vec<toml::value::Datetime>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrazil {
    #[serde(default)]
    extra_holidays: Vec<toml::value::Datetime>,
}

#[derive(Debug, Clone)]
pub struct RuleSet {
    pub version: String,
    pub reviewed: NaiveDate,
    pub calendars: Calendars,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    InForce,
    /// Not law yet (e.g. CIRCIA's proposed rule): shown, clearly marked.
    Proposed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub regime: String,
    pub title: String,
    pub citation: String,
    pub recipient: String,
    pub audience: String,
    /// A key moment code, or `sent:<rule-id>` for a follow-up report.
    pub trigger: String,
    pub status: RuleStatus,
    pub summary: String,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    pub sources: Vec<Source>,
    pub last_reviewed: toml::value::Datetime,
    pub deadline: Deadline,
    #[serde(default)]
    pub when: When,
    /// GDPR's one-stop shop: one obligation to the lead authority when the organisation has
    /// an EU main establishment, one per member state concerned when it has none.
    #[serde(default)]
    pub one_stop_shop: bool,
}

/// How the due time is counted. At most one counting key: none means the law gives no
/// number ("without undue delay"), and then only the wording is shown.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    #[serde(default)]
    pub wording: String,
    #[serde(default)]
    pub hours: Option<u32>,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub business_days: Option<u32>,
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub after_year_end_days: Option<u32>,
    #[serde(default)]
    pub zone: Option<String>,
    #[serde(default)]
    pub calendar: Option<CalendarId>,
    /// Local `HH:MM` on the last day; defaults to the end of that day.
    #[serde(default)]
    pub cutoff: Option<String>,
    #[serde(default)]
    pub not_later_than: Option<SecondClock>,
}

/// The counting keys of a deadline or a second clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub hours: Option<u32>,
    pub days: Option<u32>,
    pub business_days: Option<u32>,
    pub months: Option<u32>,
    pub after_year_end_days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondClock {
    pub trigger: String,
    #[serde(default)]
    pub hours: Option<u32>,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub business_days: Option<u32>,
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub after_year_end_days: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    #[serde(default)]
    pub jurisdiction: Vec<String>,
    #[serde(default)]
    pub profile: Vec<ProfileFlag>,
    #[serde(default)]
    pub not_profile: Vec<ProfileFlag>,
    #[serde(default)]
    pub data: Vec<DataCategory>,
    #[serde(default)]
    pub people: Option<People>,
    #[serde(default)]
    pub people_in_one_state_more_than: Option<u32>,
    #[serde(default)]
    pub exempt_if_encrypted: bool,
    #[serde(default)]
    pub risk_at_least: Option<RiskLevel>,
    #[serde(default)]
    pub significant_harm: Option<bool>,
    #[serde(default)]
    pub critical_service_impact: Option<ServiceImpact>,
    #[serde(default)]
    pub moment: Vec<KeyMoment>,
    #[serde(default)]
    pub any: Vec<When>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    #[serde(rename = "in")]
    pub within: String,
    #[serde(default)]
    pub at_least: Option<u32>,
    #[serde(default)]
    pub more_than: Option<u32>,
    #[serde(default)]
    pub less_than: Option<u32>,
}

/// Where a clock starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger<'a> {
    Moment(KeyMoment),
    Sent(&'a str),
}

impl RuleSet {
    /// The rule behind an obligation id: per-member-state obligations are `<rule-id>@<state>`.
    pub fn rule(&self, obligation_id: &str) -> Option<&Rule> {
        let base = obligation_id
            .split_once('@')
            .map_or(obligation_id, |(b, _)| b);
        self.rules.iter().find(|r| r.id == base)
    }
}

impl Rule {
    pub fn trigger(&self) -> Trigger<'_> {
        parse_trigger(&self.trigger).unwrap_or(Trigger::Moment(KeyMoment::Detected))
    }

    pub fn last_reviewed(&self) -> NaiveDate {
        toml_date(&self.last_reviewed).unwrap_or_default()
    }
}

pub fn parse_trigger(text: &str) -> Option<Trigger<'_>> {
    match text.strip_prefix("sent:") {
        Some(id) => Some(Trigger::Sent(id)),
        None => text.parse().ok().map(Trigger::Moment),
    }
}

impl Count {
    pub fn keys(&self) -> usize {
        [
            self.hours,
            self.days,
            self.business_days,
            self.months,
            self.after_year_end_days,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count()
    }
}

macro_rules! count_of {
    ($t:ty) => {
        impl $t {
            pub fn count(&self) -> Count {
                Count {
                    hours: self.hours,
                    days: self.days,
                    business_days: self.business_days,
                    months: self.months,
                    after_year_end_days: self.after_year_end_days,
                }
            }
        }
    };
}
count_of!(Deadline);
count_of!(SecondClock);

impl Deadline {
    pub fn tz(&self) -> Option<Tz> {
        self.zone.as_deref().and_then(|z| z.parse().ok())
    }

    pub fn cutoff_time(&self) -> NaiveTime {
        self.cutoff
            .as_deref()
            .and_then(|c| NaiveTime::parse_from_str(c, "%H:%M").ok())
            .unwrap_or(NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN))
    }
}

fn toml_date(d: &toml::value::Datetime) -> Option<NaiveDate> {
    let date = d.date?;
    NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
}

/// The built-in rules, parsed once. The file ships inside the binary and a test parses it,
/// so a failure here is a build defect, reported rather than panicking.
pub fn built_in() -> Result<&'static RuleSet> {
    static CELL: OnceLock<std::result::Result<RuleSet, String>> = OnceLock::new();
    CELL.get_or_init(|| parse(BUILT_IN_FILE, BUILT_IN).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Corrupt(format!("built-in notification rules: {e}")))
}

pub fn parse(file: &str, text: &str) -> Result<RuleSet> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        Error::BadFile {
            file: file.to_owned(),
            line,
            column,
            message: e.message().to_owned(),
        }
    })?;
    let bad = |rule: &str, message: String| Error::BadFile {
        file: file.to_owned(),
        line: text
            .find(&format!("id = \"{rule}\""))
            .map_or(0, |at| line_col(text, at).0),
        column: 1,
        message: format!("rule {rule}: {message}"),
    };
    if raw.format != 1 {
        return Err(bad(
            "(file)",
            format!("format {} is not supported", raw.format),
        ));
    }
    let ids: BTreeSet<&str> = raw.rule.iter().map(|r| r.id.as_str()).collect();
    if ids.len() != raw.rule.len() {
        let mut seen = BTreeSet::new();
        let dup = raw.rule.iter().find(|r| !seen.insert(r.id.as_str()));
        let id = dup.map_or("?", |r| r.id.as_str());
        return Err(bad(id, "id is used twice".into()));
    }
    for r in &raw.rule {
        check_rule(r, &ids).map_err(|m| bad(&r.id, m))?;
    }
    let dates = |list: &[toml::value::Datetime]| list.iter().filter_map(toml_date).collect();
    Ok(RuleSet {
        version: raw.version,
        reviewed: toml_date(&raw.reviewed).unwrap_or_default(),
        calendars: Calendars {
            us_closures: raw
                .calendars
                .us_federal
                .map(|c| dates(&c.closures))
                .unwrap_or_default(),
            brazil_extra: raw
                .calendars
                .brazil
                .map(|c| dates(&c.extra_holidays))
                .unwrap_or_default(),
        },
        rules: raw.rule,
    })
}

fn line_col(text: &str, byte: usize) -> (u64, u64) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

fn check_rule(r: &Rule, ids: &BTreeSet<&str>) -> std::result::Result<(), String> {
    let kebab = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !kebab(&r.id) {
        return Err("id must be lowercase letters, digits and hyphens".into());
    }
    for (name, value) in [
        ("regime", &r.regime),
        ("title", &r.title),
        ("citation", &r.citation),
        ("recipient", &r.recipient),
        ("summary", &r.summary),
        ("deadline.wording", &r.deadline.wording),
    ] {
        if value.trim().is_empty() {
            return Err(format!("{name} must not be empty"));
        }
    }
    if r.sources.is_empty() {
        return Err("needs at least one source".into());
    }
    if toml_date(&r.last_reviewed).is_none() {
        return Err("last_reviewed must be a date".into());
    }
    check_trigger(&r.trigger, ids, &r.id)?;
    let d = &r.deadline;
    if d.count().keys() > 1 {
        return Err(
            "deadline has more than one of hours/days/business_days/months/after_year_end_days"
                .into(),
        );
    }
    if d.business_days.is_some() != d.calendar.is_some() {
        return Err("business_days and calendar go together".into());
    }
    if let Some(z) = &d.zone {
        z.parse::<Tz>()
            .map_err(|_| format!("unknown time zone {z:?}"))?;
    }
    if let Some(c) = &d.cutoff {
        NaiveTime::parse_from_str(c, "%H:%M").map_err(|_| format!("cutoff {c:?} is not HH:MM"))?;
    }
    if let Some(second) = &d.not_later_than {
        check_trigger(&second.trigger, ids, &r.id)?;
        if second.count().keys() != 1 || second.business_days.is_some() {
            return Err("not_later_than needs exactly one of hours/days/months".into());
        }
    }
    check_when(&r.when)
}

fn check_trigger(t: &str, ids: &BTreeSet<&str>, own: &str) -> std::result::Result<(), String> {
    match parse_trigger(t) {
        Some(Trigger::Sent(id)) if id == own => Err("a rule cannot follow itself".into()),
        Some(Trigger::Sent(id)) if !ids.contains(id) => Err(format!("trigger {t:?} names no rule")),
        Some(_) => Ok(()),
        None => Err(format!(
            "unknown trigger {t:?}; expected sent:<rule-id> or one of: {}",
            KeyMoment::codes()
        )),
    }
}

fn check_when(w: &When) -> std::result::Result<(), String> {
    let codes = w
        .jurisdiction
        .iter()
        .chain(w.people.as_ref().map(|p| &p.within));
    for code in codes {
        if !jurisdiction::is_rule_code(code) {
            return Err(format!("unknown jurisdiction {code:?}"));
        }
    }
    if let Some(p) = &w.people {
        let n = [p.at_least, p.more_than, p.less_than]
            .iter()
            .filter(|x| x.is_some())
            .count();
        if n != 1 {
            return Err("people needs exactly one of at_least/more_than/less_than".into());
        }
    }
    if matches!(
        w.risk_at_least,
        Some(RiskLevel::Unknown | RiskLevel::Unlikely)
    ) {
        return Err("risk_at_least must be \"risk\" or \"high\"".into());
    }
    if matches!(
        w.critical_service_impact,
        Some(ServiceImpact::Unknown | ServiceImpact::None)
    ) {
        return Err("critical_service_impact must be \"relevant\" or \"significant\"".into());
    }
    w.any.iter().try_for_each(check_when)
}
