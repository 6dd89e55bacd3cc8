//! Turns rules plus facts into the obligations a responder sees.

use std::collections::HashMap;

use super::derive::{self, SentTimes, Tri, Verdict};
use super::facts::NotificationFacts;
use super::model::{Applicability, Decision, Obligation, ObligationsView, DISCLAIMER};
use super::one_stop;
use super::rules::{self, Count, Rule, RuleSet, Trigger};
use crate::Result;

/// A rule whose conditions hold (or may hold), with its due time. One rule may give several
/// (one per member state concerned, see [`super::one_stop`]); `id` tells them apart.
pub struct Derived<'a> {
    pub rule: &'a Rule,
    pub id: String,
    pub title: String,
    pub recipient: String,
    pub verdict: Verdict,
    pub due: Option<chrono::DateTime<chrono::Utc>>,
}

impl<'a> Derived<'a> {
    /// A stored obligation row, whatever the facts say now.
    pub fn for_row(
        rule: &'a Rule,
        id: &str,
        verdict: Verdict,
        due: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Self {
        let v = one_stop::variant_for_id(rule, id);
        Derived {
            rule,
            id: v.id,
            title: v.title,
            recipient: v.recipient,
            verdict,
            due,
        }
    }
}

/// Rules that apply or may apply. Follow-up rules wait until their predecessor applies.
pub fn derive<'a>(set: &'a RuleSet, f: &NotificationFacts, sent: &SentTimes) -> Vec<Derived<'a>> {
    let mut out: Vec<Derived<'a>> = Vec::new();
    // Rules are listed after the rules they follow, so one pass sees predecessors first.
    let mut applied: HashMap<&str, Tri> = HashMap::new();
    for rule in &set.rules {
        let mut verdict = derive::evaluate(&rule.when, f);
        if let Trigger::Sent(prev) = rule.trigger() {
            match applied.get(prev) {
                Some(Tri::Yes) => {}
                Some(Tri::Unknown) if verdict.state != Tri::No => verdict.state = Tri::Unknown,
                _ => verdict.state = Tri::No,
            }
        }
        applied.insert(rule.id.as_str(), verdict.state);
        if verdict.state == Tri::No {
            continue;
        }
        let due = derive::rule_due(rule, f, sent, set);
        for v in one_stop::variants(rule, f) {
            let mut verdict = verdict.clone();
            verdict.reasons.extend(v.reason);
            out.push(Derived {
                rule,
                id: v.id,
                title: v.title,
                recipient: v.recipient,
                verdict,
                due,
            });
        }
    }
    out
}

pub fn trigger_label(set: &RuleSet, trigger: &str) -> String {
    match rules::parse_trigger(trigger) {
        Some(Trigger::Moment(m)) => m.label().to_owned(),
        Some(Trigger::Sent(id)) => {
            let title = set
                .rules
                .iter()
                .find(|r| r.id == id)
                .map_or(id, |r| r.title.as_str());
            format!("Sent: {title}")
        }
        None => trigger.to_owned(),
    }
}

fn count_words(c: Count) -> Option<String> {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if let Some(h) = c.hours {
        Some(format!(
            "{} (weekends and holidays count)",
            plural(h, "clock hour", "clock hours")
        ))
    } else if let Some(d) = c.days {
        Some(plural(d, "calendar day", "calendar days"))
    } else if let Some(m) = c.months {
        Some(plural(m, "month", "months"))
    } else {
        c.after_year_end_days.map(|d| {
            format!(
                "{} after the end of the calendar year",
                plural(d, "day", "days")
            )
        })
    }
}

/// How the due time is counted, for the reader to check our arithmetic.
pub fn counting(set: &RuleSet, rule: &Rule, zone: &str) -> String {
    let d = &rule.deadline;
    let c = d.count();
    let mut text = if let (Some(n), Some(cal)) = (c.business_days, d.calendar) {
        let by = d.cutoff.as_deref().unwrap_or("end of day");
        format!(
            "{n} {} after the trigger day (day 0), by {by} {zone}",
            cal.label()
        )
    } else if let Some(w) = count_words(c) {
        if c.hours.is_some() {
            w
        } else {
            format!("{w}, to the end of the last day in {zone}")
        }
    } else {
        return "No fixed period: the law says only what the deadline wording says".into();
    };
    if let Some(s) = &d.not_later_than {
        if let Some(w) = count_words(s.count()) {
            let label = trigger_label(set, &s.trigger).to_lowercase();
            text.push_str(&format!("; and no later than {w} after {label}"));
        }
    }
    text
}

pub fn obligation(
    set: &RuleSet,
    f: &NotificationFacts,
    sent: &SentTimes,
    d: &Derived<'_>,
    applicability: Applicability,
    decision: Decision,
) -> Obligation {
    let rule = d.rule;
    let zone = derive::zone_for(rule, f);
    Obligation {
        rule_id: d.id.clone(),
        regime: rule.regime.clone(),
        title: d.title.clone(),
        citation: rule.citation.clone(),
        recipient: d.recipient.clone(),
        audience: rule.audience.clone(),
        rule_status: rule.status,
        applicability,
        reasons: d.verdict.reasons.clone(),
        depends_on: d.verdict.depends_on.clone(),
        trigger: rule.trigger.clone(),
        trigger_label: trigger_label(set, &rule.trigger),
        trigger_at: derive::trigger_time(&rule.trigger(), f, sent),
        due_utc: d.due,
        due_local: d.due.map(|t| t.with_timezone(&zone).fixed_offset()),
        zone: zone.name().to_owned(),
        deadline: rule.deadline.wording.clone(),
        counting: counting(set, rule, zone.name()),
        fixed_period: rule.deadline.count().keys() > 0,
        summary: rule.summary.clone(),
        follow_ups: rule.follow_ups.clone(),
        sources: rule.sources.clone(),
        last_reviewed: rule.last_reviewed().to_string(),
        decision,
    }
}

pub fn applicability(v: &Verdict) -> Applicability {
    match v.state {
        Tri::Unknown => Applicability::Possible,
        _ => Applicability::Applies,
    }
}

/// Soonest first; obligations without a due time after those with one.
pub fn sort(list: &mut [Obligation]) {
    list.sort_by(|a, b| {
        (a.due_utc.is_none(), a.due_utc, &a.regime, &a.rule_id).cmp(&(
            b.due_utc.is_none(),
            b.due_utc,
            &b.regime,
            &b.rule_id,
        ))
    });
}

/// Obligations for a facts file, with no incident and no decisions (CLI `--facts`).
pub fn for_facts(f: &NotificationFacts) -> Result<ObligationsView> {
    let set = rules::built_in()?;
    let sent = SentTimes::new();
    let mut list: Vec<Obligation> = derive(set, f, &sent)
        .iter()
        .map(|d| {
            obligation(
                set,
                f,
                &sent,
                d,
                applicability(&d.verdict),
                Decision::default(),
            )
        })
        .collect();
    sort(&mut list);
    Ok(ObligationsView {
        incident_id: None,
        facts: f.clone(),
        obligations: list,
        uncovered: super::uncovered::uncovered(set, f),
        rules_version: set.version.clone(),
        rules_reviewed: set.reviewed.to_string(),
        disclaimer: DISCLAIMER.into(),
    })
}
