//! The brief's decisions: those the board must take now, each with what the record says it
//! hinges on, and those already taken, with who took them.

use chrono::Utc;

use super::brief_lines::{by_unknown_fact, lower_first, unknown_step_facts};
use super::clock::{plural, Clock};
use super::data::ReportData;
use crate::notify::{Applicability, DecisionState, Obligation};
use crate::run::StepState;

/// Most urgent first: notices that apply and are not yet overdue (those are listed under
/// "Overdue now"), then the unknown facts that decide the most obligations, then blocked
/// steps, then the unknown facts that decide playbook steps.
pub(crate) fn needed(d: &ReportData, clock: &Clock) -> Vec<String> {
    let open = d.open_obligations();
    let mut out: Vec<String> = open
        .iter()
        .filter(|o| o.applicability == Applicability::Applies)
        .filter(|o| o.due_utc.is_none_or(|due| due >= clock.now))
        .map(|o| approve(clock, o))
        .collect();
    for (fact, obligations) in by_unknown_fact(&open) {
        let first = obligations.iter().filter_map(|o| o.due_utc).min();
        let n = plural(obligations.len() as i64, "possible notification");
        let when = match first {
            Some(t) if t < clock.now => {
                format!(", the first already {}", clock.relative(t))
            }
            Some(t) => format!(", the first due {}, {}", clock.at(t), clock.relative(t)),
            None => " (no clock running yet)".into(),
        };
        out.push(format!("Establish {fact}: it decides {n}{when}."));
    }
    for step in d.runs.runs.iter().flat_map(|r| {
        r.sections
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|s| s.applicability.applies() && s.state == StepState::Blocked)
    }) {
        out.push(format!(
            "Unblock “{}” ({}): {}",
            step.step.title,
            step.assignee_role.unwrap_or(step.step.owner).label(),
            sentence(&step.reason)
        ));
    }
    for (fact, steps) in unknown_step_facts(d) {
        let first = steps.first().map(String::as_str).unwrap_or_default();
        out.push(format!(
            "Decide whether {}: it decides {} (“{first}”{}).",
            lower_first(fact.question()),
            plural(steps.len() as i64, "response step"),
            if steps.len() > 1 { " and others" } else { "" }
        ));
    }
    out.extend(d.uncovered_lines());
    out
}

fn approve(clock: &Clock, o: &Obligation) -> String {
    let due = match o.due_utc {
        Some(t) => format!("due {}, {}", clock.at(t), clock.relative(t)),
        None if o.fixed_period => format!("clock not started: {}", o.deadline),
        None => o.deadline.clone(),
    };
    let draft = match (o.decision.state, o.decision.decided_by.trim()) {
        (DecisionState::Drafted, "") => " A draft is ready for approval.".to_owned(),
        (DecisionState::Drafted, by) => format!(" A draft by {by} is ready for approval."),
        _ => String::new(),
    };
    format!(
        "Approve sending — {}: {}, {}.{draft}",
        o.regime,
        o.title,
        lower_first(&due)
    )
}

/// Notification decisions recorded (sent, not required, delayed), the facts established on
/// the playbook runs and the steps deliberately skipped, each with its reason.
pub(crate) fn taken(d: &ReportData, clock: &Clock) -> Vec<String> {
    let mut out = Vec::new();
    for o in &d.notifications.obligations {
        let dec = &o.decision;
        let by = match (dec.decided_by.trim(), dec.decided_at) {
            ("", _) => String::new(),
            (who, Some(at)) => format!(" ({who}, {})", clock.day(at)),
            (who, None) => format!(" ({who})"),
        };
        let line = match dec.state {
            DecisionState::Sent => {
                let when = dec
                    .sent_at
                    .map(|t| format!(" {}", clock.at(t.with_timezone(&Utc))))
                    .unwrap_or_default();
                format!(
                    "{}: {} notified{when}{by}.",
                    o.regime,
                    lower_first(&o.recipient)
                )
            }
            DecisionState::NotRequired => format!(
                "{}: no notice to {} — {}{by}.",
                o.regime,
                lower_first(&o.recipient),
                clause(&dec.note)
            ),
            DecisionState::Delayed => format!(
                "{}: notice to {} delayed — {}{by}.",
                o.regime,
                lower_first(&o.recipient),
                clause(&dec.note)
            ),
            DecisionState::Pending | DecisionState::Drafted => continue,
        };
        out.push(line);
    }
    let answered = |v: bool| -> Vec<String> {
        d.runs
            .facts
            .iter()
            .filter(|f| f.value == Some(v))
            .map(|f| lower_first(f.fact.question()))
            .collect()
    };
    let (yes, no) = (answered(true), answered(false));
    if !yes.is_empty() {
        out.push(format!("Established: {}.", yes.join("; ")));
    }
    if !no.is_empty() {
        out.push(format!("Ruled out: {}.", no.join("; ")));
    }
    for step in d.runs.runs.iter().flat_map(|r| {
        r.sections
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|s| s.applicability.applies() && s.state == StepState::Skipped)
    }) {
        out.push(format!(
            "Skipped “{}”: {}",
            step.step.title,
            sentence(&step.reason)
        ));
    }
    out
}

/// A note as a sentence: trimmed, ending in a full stop; "no reason recorded" when empty.
fn sentence(note: &str) -> String {
    let t = note.trim();
    if t.is_empty() {
        "no reason recorded.".into()
    } else if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// A note inside a sentence: without its closing full stop.
fn clause(note: &str) -> String {
    sentence(note).trim_end_matches('.').to_owned()
}
