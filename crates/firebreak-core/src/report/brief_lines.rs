//! What each part of the executive brief says, as plain sentences drawn from the record.
//! Every recommendation comes from the data (a deadline, a draft, an unknown fact and the
//! obligations it decides), never from canned advice.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use firebreak_pdf::{Block, Tone};

use super::clock::{plural, thousands, Clock};
use super::data::ReportData;
use crate::catalog::{Severity, Status};
use crate::investigation::vocab::{Compromise, Containment};
use crate::notify::{jurisdiction, Applicability, DecisionState, Obligation};
use crate::playbook::{Fact, Role};
use crate::run::StepApplicability;

pub(crate) struct Lines {
    pub bottom_line: Block,
    pub overdue: Vec<String>,
    pub needed: Vec<String>,
    pub taken: Vec<String>,
    pub upcoming: Vec<String>,
    pub impact: Vec<String>,
    pub next: Vec<String>,
}

pub(crate) fn gather(d: &ReportData, clock: &Clock) -> Lines {
    let overdue_obligations: Vec<&Obligation> = d
        .open_obligations()
        .into_iter()
        .filter(|o| o.due_utc.is_some_and(|due| due < clock.now))
        .collect();
    let overdue: Vec<String> = overdue_obligations
        .iter()
        .map(|o| overdue_line(d, clock, o))
        .collect();
    let needed = super::brief_decisions::needed(d, clock);
    Lines {
        bottom_line: bottom_line(d, clock, &overdue_obligations, needed.len()),
        overdue,
        needed,
        taken: super::brief_decisions::taken(d, clock),
        upcoming: upcoming(d, clock),
        impact: impact(d),
        next: next_steps(d),
    }
}

/// The commander by name; "not named" says plainly that nobody leads.
pub(crate) fn commander(d: &ReportData) -> Option<&str> {
    let c = d.incident.commander.trim();
    (!c.is_empty()).then_some(c)
}

/// Who answers for an overdue notice: whoever drafted it, else the commander, who is
/// accountable for every notice nobody else holds. Never blank.
fn owner(d: &ReportData, o: &Obligation) -> String {
    let by = o.decision.decided_by.trim();
    if o.decision.state == DecisionState::Drafted && !by.is_empty() {
        return format!("{by} (prepared the draft)");
    }
    match commander(d) {
        Some(c) => format!("{c} (incident commander; no one else is assigned)"),
        None => "nobody — no incident commander is named; assign an owner now".into(),
    }
}

fn overdue_line(d: &ReportData, clock: &Clock, o: &Obligation) -> String {
    let due = o.due_utc.map_or_else(String::new, |t| {
        format!("was due {}, {}", clock.at(t), clock.relative(t))
    });
    let action = match (o.applicability, o.decision.state) {
        (Applicability::Possible, _) => format!(
            "First establish {} — it decides whether this applies.",
            o.depends_on.join(" and ")
        ),
        (_, DecisionState::Drafted) => "Recommended: approve the draft and send it today.".into(),
        _ => "Recommended: send it now with what is known.".into(),
    };
    let may = if o.applicability == Applicability::Possible {
        " (may apply)"
    } else {
        ""
    };
    format!(
        "{}: {}{may} — {due}. Owner: {}. {action}",
        o.regime,
        o.title,
        owner(d, o)
    )
}

fn upcoming(d: &ReportData, clock: &Clock) -> Vec<String> {
    d.open_obligations()
        .into_iter()
        .filter_map(|o| o.due_utc.filter(|due| *due >= clock.now).map(|t| (o, t)))
        .map(|(o, t)| {
            let may = if o.applicability == Applicability::Possible {
                " (may apply)"
            } else {
                ""
            };
            format!(
                "{}: {}{may} — due {}, {}.",
                o.regime,
                o.title,
                clock.at(t),
                clock.relative(t)
            )
        })
        .collect()
}

fn bottom_line(d: &ReportData, clock: &Clock, overdue: &[&Obligation], needed: usize) -> Block {
    let i = &d.incident;
    let assets = &d.workspace.assets;
    let open = assets.iter().filter(|a| still_open(a)).count();
    let (tone, title) = if i.status == Status::Closed {
        (Tone::Success, "The incident is closed.".to_owned())
    } else if !overdue.is_empty() {
        let n = overdue.len();
        let verb = if n == 1 { "has" } else { "have" };
        let what = plural(n as i64, "notification deadline");
        (Tone::Danger, format!("Bottom line: {what} {verb} passed."))
    } else if open > 0 {
        let what = plural(open as i64, "affected system");
        (
            Tone::Warning,
            format!("Bottom line: not yet contained — {what} still open."),
        )
    } else if assets.is_empty() {
        (
            Tone::Warning,
            "Bottom line: the affected systems are not yet assessed.".to_owned(),
        )
    } else if matches!(i.severity, Severity::Sev1 | Severity::Sev2) {
        (
            Tone::Warning,
            format!(
                "Bottom line: contained; now in {}.",
                i.phase.label().to_lowercase()
            ),
        )
    } else {
        (
            Tone::Info,
            format!("Bottom line: {}.", i.phase.label().to_lowercase()),
        )
    };
    let severity = match i.severity.label().split_once(" · ") {
        Some((code, word)) => format!("{code} ({})", word.to_lowercase()),
        None => i.severity.label().to_owned(),
    };
    let state = if i.status == Status::Closed {
        "closed".to_owned()
    } else {
        format!("now in {}", i.phase.label().to_lowercase())
    };
    let led = match commander(d) {
        Some(c) => format!("led by {c} (incident commander)"),
        None => "with no incident commander named".into(),
    };
    let mut text = vec![format!(
        "{severity} {} incident, detected {}, {state}, {led}.",
        i.incident_type.label().to_lowercase(),
        clock.at(i.detected_at.with_timezone(&Utc)),
    )];
    if let Some(first) = overdue.first() {
        text.push(format!(
            "Most urgent: {} — {}, {}.",
            first.regime,
            first.title.to_lowercase(),
            first
                .due_utc
                .map_or_else(String::new, |t| clock.relative(t))
        ));
    }
    text.push(match (assets.len(), open) {
        (0, _) => "Which systems are affected is not yet assessed.".into(),
        (n, 0) => format!(
            "All {} are contained or cleared.",
            plural(n as i64, "affected system")
        ),
        (n, open) => format!(
            "{} of {} still open.",
            thousands(open as i64),
            plural(n as i64, "affected system")
        ),
    });
    if let Some(people) = people_sentence(d) {
        text.push(people);
    }
    text.push(match needed {
        0 => "No decision is needed from you now.".into(),
        1 => "1 decision is needed from you (below).".into(),
        n => format!("{n} decisions are needed from you (below)."),
    });
    text.push(match &d.workspace.root_cause {
        Some(rc) => format!("Root cause: {}", rc.statement),
        None => "Root cause not yet established.".into(),
    });
    Block::Callout {
        tone,
        title,
        text: text.join(" "),
    }
}

fn still_open(a: &crate::investigation::Asset) -> bool {
    a.compromise != Compromise::Cleared
        && matches!(
            a.containment,
            Containment::NotStarted | Containment::InProgress
        )
}

fn people_sentence(d: &ReportData) -> Option<String> {
    let facts = &d.notifications.facts;
    if facts.jurisdictions.is_empty() || facts.data_categories.is_empty() {
        return None;
    }
    let known: i64 = facts
        .jurisdictions
        .iter()
        .filter_map(|j| j.people)
        .map(i64::from)
        .sum();
    let some_unknown = facts.jurisdictions.iter().any(|j| j.people.is_none());
    let count = match (known, some_unknown) {
        (0, true) => "an unknown number of people".to_owned(),
        (n, true) => format!("at least {} people", thousands(n)),
        (n, false) => format!("{} people", thousands(n)),
    };
    Some(format!("Data of {count} is involved."))
}

fn impact(d: &ReportData) -> Vec<String> {
    let facts = &d.notifications.facts;
    let assets = &d.workspace.assets;
    let mut out = Vec::new();
    if assets.is_empty() {
        out.push(match named_server(&d.incident.title) {
            Some(host) => format!(
                "Affected systems: not yet assessed beyond {host}, named in the incident title."
            ),
            None => "Affected systems: not yet assessed.".into(),
        });
    } else {
        let confirmed = assets
            .iter()
            .filter(|a| a.compromise == Compromise::Confirmed)
            .count();
        let suspected = assets
            .iter()
            .filter(|a| a.compromise == Compromise::Suspected)
            .count();
        out.push(format!(
            "{}: {confirmed} confirmed compromised, {suspected} suspected.",
            plural(assets.len() as i64, "affected system")
        ));
    }
    if !facts.data_categories.is_empty() {
        let cats: Vec<String> = facts
            .data_categories
            .iter()
            .map(|c| lower_first(c.label()))
            .collect();
        out.push(format!("Data involved: {}.", cats.join("; ")));
    }
    if !facts.jurisdictions.is_empty() {
        let places: Vec<String> = facts
            .jurisdictions
            .iter()
            .map(|j| {
                let n = j
                    .people
                    .map_or("unknown".into(), |p| thousands(i64::from(p)));
                format!("{} {n}", jurisdiction::name(&j.code))
            })
            .collect();
        out.push(format!("People affected by place: {}.", places.join(", ")));
    }
    out.extend(containment(d));
    out
}

fn containment(d: &ReportData) -> Vec<String> {
    let assets = &d.workspace.assets;
    let mut out = Vec::new();
    for state in [
        Containment::Contained,
        Containment::InProgress,
        Containment::NotStarted,
    ] {
        let names: Vec<&str> = assets
            .iter()
            .filter(|a| a.containment == state && a.compromise != Compromise::Cleared)
            .map(|a| a.name.as_str())
            .collect();
        if !names.is_empty() {
            let shown = names[..names.len().min(6)].join(", ");
            let more = match names.len().saturating_sub(6) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            out.push(format!("{}: {shown}{more}.", state.label()));
        }
    }
    let cleared = assets
        .iter()
        .filter(|a| a.compromise == Compromise::Cleared)
        .count();
    if cleared > 0 {
        out.push(format!(
            "{} investigated and cleared.",
            plural(cleared as i64, "system")
        ));
    }
    out
}

/// A host name or address in the title ("fs01.offsec.lan", "10.0.4.12"): the incident is
/// about it, so "no affected systems" would be false — they are not yet assessed.
pub(crate) fn named_server(title: &str) -> Option<String> {
    const FILES: [&str; 8] = ["pdf", "doc", "docx", "xlsx", "zip", "exe", "txt", "csv"];
    title
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| {
            let labels: Vec<&str> = w.split('.').collect();
            let hostish = w
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            let last = labels.last().copied().unwrap_or("");
            let ipv4 = labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok());
            let fqdn = labels.len() >= 2
                && labels.iter().all(|l| !l.is_empty())
                && last.len() >= 2
                && last.chars().all(|c| c.is_ascii_alphabetic())
                && !FILES.contains(&last.to_ascii_lowercase().as_str());
            hostish && (ipv4 || fqdn)
        })
        .map(str::to_owned)
}

fn next_steps(d: &ReportData) -> Vec<String> {
    d.runs
        .next
        .iter()
        .map(|s| {
            let assignee = d
                .runs
                .runs
                .iter()
                .filter(|r| r.id == s.run_id)
                .flat_map(|r| r.sections.iter().flat_map(|sec| &sec.steps))
                .find(|st| st.step.id == s.step_id)
                .map(|st| st.assignee_name.trim())
                .filter(|n| !n.is_empty());
            let who = match (assignee, s.owner, commander(d)) {
                (Some(name), _, _) => name.to_owned(),
                (None, Role::Commander, Some(c)) => c.to_owned(),
                (None, role, _) => role.label().to_owned(),
            };
            match s.decide.first() {
                Some(q) => format!(
                    "Decide whether {} (for “{}”) — {who}",
                    lower_first(&q.question),
                    s.title
                ),
                None => format!("{} — {who}", s.title),
            }
        })
        .collect()
}

/// "Personal data" → "personal data" inside a sentence; "SEC registrant" keeps its capitals.
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(_) if c.clone().next().is_some_and(char::is_uppercase) => s.to_owned(),
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Obligations grouped by the unknown fact they wait on, most obligations first, then the
/// soonest first deadline: the fact that unlocks most is the one to establish first.
pub(crate) fn by_unknown_fact<'a>(open: &[&'a Obligation]) -> Vec<(String, Vec<&'a Obligation>)> {
    let mut groups: BTreeMap<&str, Vec<&Obligation>> = BTreeMap::new();
    for o in open
        .iter()
        .filter(|o| o.applicability == Applicability::Possible)
    {
        for dep in &o.depends_on {
            groups.entry(dep.as_str()).or_default().push(o);
        }
    }
    let first_due = |v: &[&Obligation]| v.iter().filter_map(|o| o.due_utc).min();
    let mut out: Vec<(String, Vec<&Obligation>)> =
        groups.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    out.sort_by_key(|(_, v)| {
        (
            std::cmp::Reverse(v.len()),
            first_due(v).is_none(),
            first_due(v).unwrap_or(DateTime::<Utc>::MAX_UTC),
        )
    });
    out
}

/// The facts of a run still unknown, each with the steps it shows or hides.
pub(crate) fn unknown_step_facts(d: &ReportData) -> Vec<(Fact, Vec<String>)> {
    let mut out: BTreeMap<Fact, Vec<String>> = BTreeMap::new();
    let unknown = |f: Fact| {
        d.runs
            .facts
            .iter()
            .find(|v| v.fact == f)
            .is_none_or(|v| v.value.is_none())
    };
    for step in d
        .runs
        .runs
        .iter()
        .flat_map(|r| r.sections.iter().flat_map(|s| &s.steps))
    {
        let StepApplicability::Undecided { questions } = &step.applicability else {
            continue;
        };
        for q in questions.iter().filter(|q| unknown(q.fact)) {
            out.entry(q.fact).or_default().push(step.step.title.clone());
        }
    }
    out.into_iter().collect()
}
