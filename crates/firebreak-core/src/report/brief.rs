//! The executive brief: one page, plain language, for a board that has five minutes —
//! where we are, what it costs, what is contained, what they must decide, what is due.

use firebreak_pdf::{Block, Document, TextStyle, Tone};

use super::data::ReportData;
use super::{fmt_due, framed, key_facts, para, when};
use crate::catalog::{Severity, Status};
use crate::investigation::vocab::{Compromise, Containment};
use crate::notify::Applicability;

/// Lists on one page stay short; the full report has everything.
const LIST_MAX: usize = 5;

pub fn build(d: &ReportData) -> Document {
    let i = &d.incident;
    let mut blocks = vec![Block::Title {
        text: format!("Executive brief: {}", i.title),
        subtitle: format!(
            "{} · {} · as of {}",
            i.severity.label(),
            i.incident_type.label(),
            when(&d.generated_at)
        ),
    }];
    blocks.push(status_callout(d));
    blocks.push(Block::KeyValues(key_facts(d)));

    blocks.push(Block::Heading {
        level: 1,
        text: "Business impact".into(),
    });
    if !i.summary.is_empty() {
        blocks.push(para(&i.summary));
    }
    blocks.push(Block::Bullets(impact(d)));

    blocks.push(Block::Heading {
        level: 1,
        text: "What is contained".into(),
    });
    blocks.push(Block::Bullets(containment(d)));

    blocks.push(Block::Heading {
        level: 1,
        text: "Decisions needed now".into(),
    });
    let decisions = decisions(d);
    if decisions.is_empty() {
        blocks.push(Block::Paragraph {
            text: "None pending.".into(),
            style: TextStyle::Muted,
        });
    } else {
        blocks.push(Block::Bullets(decisions));
    }

    blocks.push(Block::Heading {
        level: 1,
        text: "Upcoming deadlines".into(),
    });
    let deadlines: Vec<String> = d
        .open_obligations()
        .into_iter()
        .filter(|o| o.due_utc.is_some())
        .take(LIST_MAX)
        .map(|o| {
            let may = if o.applicability == Applicability::Possible {
                " (may apply)"
            } else {
                ""
            };
            format!(
                "{} — {}: {}{may}",
                fmt_due(o, d.now_utc()),
                o.regime,
                o.title
            )
        })
        .collect();
    if deadlines.is_empty() {
        blocks.push(Block::Paragraph {
            text: "No dated deadline is running.".into(),
            style: TextStyle::Muted,
        });
    } else {
        blocks.push(Block::Bullets(deadlines));
    }

    blocks.push(Block::Heading {
        level: 1,
        text: "Next steps".into(),
    });
    let next: Vec<String> = d
        .runs
        .next
        .iter()
        .take(LIST_MAX)
        .map(|s| match s.decide.first() {
            Some(q) => format!("Decide: {} (for {})", q.question, s.title),
            None => format!("{} ({})", s.title, s.owner.label()),
        })
        .collect();
    if next.is_empty() {
        blocks.push(Block::Paragraph {
            text: "No playbook step is waiting.".into(),
            style: TextStyle::Muted,
        });
    } else {
        blocks.push(Block::Bullets(next));
    }
    framed(d, "Executive brief", blocks)
}

fn status_callout(d: &ReportData) -> Block {
    let i = &d.incident;
    let assets = &d.workspace.assets;
    let uncontained = assets
        .iter()
        .filter(|a| a.compromise != Compromise::Cleared)
        .filter(|a| {
            matches!(
                a.containment,
                Containment::NotStarted | Containment::InProgress
            )
        })
        .count();
    let overdue = d
        .open_obligations()
        .iter()
        .filter(|o| o.due_utc.is_some_and(|due| due < d.now_utc()))
        .count();
    let (tone, title) = if i.status == Status::Closed {
        (Tone::Success, "Closed".to_owned())
    } else if overdue > 0 {
        (
            Tone::Danger,
            format!("{overdue} notification deadline(s) overdue"),
        )
    } else if uncontained > 0 {
        (
            Tone::Warning,
            format!("Not yet contained: {uncontained} affected asset(s) still open"),
        )
    } else if matches!(i.severity, Severity::Sev1 | Severity::Sev2) {
        (
            Tone::Warning,
            format!("{} — {}", i.severity.label(), i.phase.label()),
        )
    } else {
        (Tone::Info, i.phase.label().to_owned())
    };
    let text = match &d.workspace.root_cause {
        Some(rc) => format!("Root cause: {}", rc.statement),
        None => "Root cause not yet established.".into(),
    };
    Block::Callout { tone, title, text }
}

fn impact(d: &ReportData) -> Vec<String> {
    let facts = &d.notifications.facts;
    let mut out = Vec::new();
    let assets = &d.workspace.assets;
    if assets.is_empty() {
        out.push("No affected systems recorded yet.".into());
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
            "{} affected asset(s): {confirmed} confirmed compromised, {suspected} suspected.",
            assets.len()
        ));
    }
    if !facts.data_categories.is_empty() {
        let cats: Vec<&str> = facts.data_categories.iter().map(|c| c.label()).collect();
        out.push(format!("Data involved: {}.", cats.join(", ")));
    }
    if !facts.jurisdictions.is_empty() {
        let people: u64 = facts
            .jurisdictions
            .iter()
            .filter_map(|j| j.people)
            .map(u64::from)
            .sum();
        let unknown = facts.jurisdictions.iter().any(|j| j.people.is_none());
        let places: Vec<&str> = facts
            .jurisdictions
            .iter()
            .map(|j| crate::notify::jurisdiction::name(&j.code))
            .collect();
        let count = if unknown {
            format!("at least {people} people (some counts unknown)")
        } else {
            format!("{people} people")
        };
        out.push(format!(
            "People affected: {count} in {}.",
            places.join(", ")
        ));
    }
    out
}

fn containment(d: &ReportData) -> Vec<String> {
    let assets = &d.workspace.assets;
    if assets.is_empty() {
        return vec!["No affected assets recorded yet.".into()];
    }
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
            let shown: Vec<&str> = names.iter().take(6).copied().collect();
            let more = if names.len() > shown.len() {
                format!(" and {} more", names.len() - shown.len())
            } else {
                String::new()
            };
            out.push(format!("{}: {}{more}.", state.label(), shown.join(", ")));
        }
    }
    let cleared = assets
        .iter()
        .filter(|a| a.compromise == Compromise::Cleared)
        .count();
    if cleared > 0 {
        out.push(format!("{cleared} asset(s) investigated and cleared."));
    }
    out
}

/// Obligations that apply get a line each; those that only may apply (facts still unknown)
/// are one line, so a board is not handed a list of laws that probably do not concern it.
fn decisions(d: &ReportData) -> Vec<String> {
    let now = d.now_utc();
    let open = d.open_obligations();
    let (applies, possible): (Vec<_>, Vec<_>) = open
        .into_iter()
        .partition(|o| o.applicability == Applicability::Applies);
    let mut out: Vec<String> = applies
        .iter()
        .take(LIST_MAX)
        .map(|o| {
            format!(
                "Approve notification to {} ({}) — {}",
                o.recipient,
                o.regime,
                fmt_due(o, now)
            )
        })
        .collect();
    if applies.len() > LIST_MAX {
        out.push(format!(
            "{} more notification decision(s) in the full report.",
            applies.len() - LIST_MAX
        ));
    }
    if let Some(first) = possible.first() {
        let mut unknown: Vec<&str> = possible
            .iter()
            .flat_map(|o| o.depends_on.iter().map(String::as_str))
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        let shown: Vec<&str> = unknown.iter().take(3).copied().collect();
        out.push(format!(
            "Establish the facts that decide {} further possible notification(s) (first: {}, {}): {}{}.",
            possible.len(),
            first.regime,
            fmt_due(first, now),
            shown.join("; "),
            if unknown.len() > shown.len() { "; …" } else { "" }
        ));
    }
    out.extend(d.uncovered_lines());
    out
}
