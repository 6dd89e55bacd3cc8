//! `firebreak obligations …`.

use chrono::{DateTime, Utc};
use firebreak_core::notify::{
    self, Applicability, DecisionInput, DecisionState, NotificationFacts, ObligationsView,
};
use firebreak_core::{incident, Error, Store};

use crate::args::ObligationsArgs;
use crate::render::{print_json, print_text, Output};

fn read_facts(path: &std::path::Path) -> Result<NotificationFacts, Error> {
    use firebreak_core::files::{caps, read_text_capped};
    let text = read_text_capped(path, caps::FACTS, "facts file")?;
    NotificationFacts::from_json(&path.display().to_string(), &text)
}

pub fn from_file(a: &ObligationsArgs, out: &Output) -> Result<(), Error> {
    let Some(path) = &a.facts else {
        return Err(Error::validation(
            "incident",
            "give an INCIDENT, or --facts FILE.json to evaluate a facts file on its own",
        ));
    };
    show(&notify::for_facts(&read_facts(path)?)?, out)
}

pub fn command(store: &Store, a: &ObligationsArgs, actor: &str, out: &Output) -> Result<(), Error> {
    let Some(id) = &a.incident else {
        return from_file(a, out);
    };
    let id = incident::resolve_id(store, id)?;
    if a.facts.is_some() && !a.save {
        return Err(Error::validation(
            "facts",
            "with an INCIDENT, add --save to store the facts file on it",
        ));
    }
    let mut view = match &a.facts {
        Some(path) => notify::set_facts(store, id, &read_facts(path)?, actor)?,
        None => notify::view(store, id)?,
    };
    if let (Some(rule_id), Some(state)) = (&a.decide, &a.decision) {
        let input = DecisionInput {
            rule_id: rule_id.clone(),
            state: state.parse::<DecisionState>()?,
            note: a.note.clone(),
            sent_at: a.sent_at.clone(),
        };
        view = notify::decide(store, id, &input, actor)?;
    }
    if let Some(path) = &a.ics {
        let saved = notify::export_ics(store, id, path)?;
        if !out.json {
            print_text(&format!(
                "wrote {} deadlines to {}\n",
                saved.items, saved.path
            ))?;
        }
    }
    show(&view, out)
}

fn show(view: &ObligationsView, out: &Output) -> Result<(), Error> {
    if out.json {
        return print_json(view);
    }
    let now = Utc::now();
    let mut text = format!(
        "Rules {} (reviewed {}). {}\n\n",
        view.rules_version, view.rules_reviewed, view.disclaimer
    );
    if view.obligations.is_empty() && view.uncovered.is_empty() {
        text.push_str(
            "No obligations: record jurisdictions, data categories and key moments first.\n",
        );
    }
    for o in &view.obligations {
        let due = match o.due_utc {
            Some(d) => format!("{} ({})", d.format("%Y-%m-%d %H:%M UTC"), left(d, now)),
            None if o.fixed_period => {
                format!("clock not started: waiting for \"{}\"", o.trigger_label)
            }
            None => o.deadline.clone(),
        };
        let flag = match (o.applicability, o.rule_status) {
            (Applicability::Possible, _) => " [may apply]",
            (Applicability::NoLongerApplies, _) => " [no longer applies]",
            (_, notify::rules::RuleStatus::Proposed) => " [proposed, not law]",
            _ => "",
        };
        text.push_str(&format!(
            "{:<8} {}{flag}\n         to: {}\n         due: {due}\n         decision: {}   rule: {} ({})\n",
            o.regime, o.title, o.recipient, o.decision.state, o.rule_id, o.citation
        ));
        if !o.depends_on.is_empty() {
            text.push_str(&format!(
                "         depends on: {}\n",
                o.depends_on.join("; ")
            ));
        }
    }
    for u in &view.uncovered {
        let people = u
            .people
            .map_or_else(|| "number unknown".to_owned(), |n| n.to_string());
        text.push_str(&format!("NO RULE  {} ({people} people)\n", u.note));
    }
    print_text(&text)
}

fn left(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (due - now).num_seconds();
    let span = secs.unsigned_abs();
    let (d, h, m) = (span / 86_400, span % 86_400 / 3_600, span % 3_600 / 60);
    let words = if d > 0 {
        format!("{d} d {h} h")
    } else {
        format!("{h} h {m} min")
    };
    if secs < 0 {
        format!("overdue by {words}")
    } else {
        format!("{words} left")
    }
}
