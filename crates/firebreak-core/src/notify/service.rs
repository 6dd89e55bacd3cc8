//! Notification operations on an incident. Every change re-derives the obligations in the
//! same transaction and writes to the incident's hash-chained timeline what appeared,
//! disappeared or moved, and why.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::Connection;
use uuid::Uuid;

use super::derive::{self, Tri};
use super::facts::{NotificationFacts, OrgProfile};
use super::model::{
    Applicability, Decision, DecisionInput, DecisionState, Obligation, ObligationsView, SavedFile,
    DISCLAIMER,
};
use super::obligations::{self, Derived};
use super::rules::{self, RuleSet};
use super::stored::{self, Row};
use crate::incident::{AuditAction, FieldChange, Record};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

pub fn org_profile(store: &Store) -> Result<OrgProfile> {
    store.read(stored::org_profile)
}

pub fn set_org_profile(store: &Store, profile: &OrgProfile, actor: &str) -> Result<OrgProfile> {
    store.write(|tx| {
        stored::save_org_profile(tx, actor, profile)?;
        Ok(profile.clone())
    })
}

pub fn view(store: &Store, incident_id: Uuid) -> Result<ObligationsView> {
    let set = rules::built_in()?;
    store.read(|c| view_on(c, set, incident_id))
}

pub(super) fn view_on(c: &Connection, set: &RuleSet, incident_id: Uuid) -> Result<ObligationsView> {
    let facts = stored::facts(c, incident_id)?;
    let rows = stored::rows(c, incident_id)?;
    let sent = stored::sent_times(&rows);
    let derived = obligations::derive(set, &facts, &sent);
    let mut list: Vec<Obligation> = derived
        .iter()
        .map(|d| {
            let decision = rows
                .get(&d.id)
                .map(|r| r.decision.clone())
                .unwrap_or_default();
            let appl = obligations::applicability(&d.verdict);
            obligations::obligation(set, &facts, &sent, d, appl, decision)
        })
        .collect();
    // Rows that no longer derive keep their decision and say why they lapsed.
    for (rule_id, row) in &rows {
        if derived.iter().any(|d| &d.id == rule_id) {
            continue;
        }
        if let Some(rule) = set.rule(rule_id) {
            let verdict = derive::evaluate(&rule.when, &facts);
            let d = Derived::for_row(rule, rule_id, verdict, row.due_utc);
            list.push(obligations::obligation(
                set,
                &facts,
                &sent,
                &d,
                Applicability::NoLongerApplies,
                row.decision.clone(),
            ));
        }
    }
    obligations::sort(&mut list);
    Ok(ObligationsView {
        incident_id: Some(incident_id),
        uncovered: super::uncovered::uncovered(set, &facts),
        facts,
        obligations: list,
        rules_version: set.version.clone(),
        rules_reviewed: set.reviewed.to_string(),
        disclaimer: DISCLAIMER.into(),
    })
}

/// Replaces the incident's notification facts ("detected" stays the incident's own time).
pub fn set_facts(
    store: &Store,
    incident_id: Uuid,
    facts: &NotificationFacts,
    actor: &str,
) -> Result<ObligationsView> {
    let set = rules::built_in()?;
    let now = time::now_local();
    store.write(|tx| {
        let before = stored::facts(tx, incident_id)?;
        let mut after = facts.clone();
        after.moments.detected = before.moments.detected;
        let changes = facts_changes(&before, &after);
        if changes.is_empty() {
            return view_on(tx, set, incident_id);
        }
        stored::save_facts(tx, actor, incident_id, &after)?;
        let record = Record {
            incident_id,
            at: &now,
            actor,
            action: AuditAction::NotificationFactsChanged,
            subject: "notification facts",
            note: "",
            changes: &changes,
        };
        crate::incident::append_audit(tx, &record)?;
        let fields: Vec<String> = changes
            .iter()
            .map(|c| crate::incident::wording_facts::fact_name(&c.field))
            .collect();
        let why = format!("notification facts changed ({})", fields.join(", "));
        sync(tx, set, incident_id, &now, actor, &why)?;
        view_on(tx, set, incident_id)
    })
}

/// Brings stored obligation rows in line with the current facts, recording every difference.
fn sync(
    c: &Connection,
    set: &RuleSet,
    incident_id: Uuid,
    now: &Moment,
    actor: &str,
    why: &str,
) -> Result<()> {
    let facts = stored::facts(c, incident_id)?;
    let rows = stored::rows(c, incident_id)?;
    let sent = stored::sent_times(&rows);
    let derived = obligations::derive(set, &facts, &sent);
    let mut seen = HashMap::new();
    for d in &derived {
        seen.insert(d.id.as_str(), ());
        let appl = obligations::applicability(&d.verdict);
        let old = rows.get(&d.id);
        let mut changes = Vec::new();
        let action = match old {
            None => AuditAction::ObligationAdded,
            Some(r) if r.applicability == Applicability::NoLongerApplies => {
                AuditAction::ObligationAdded
            }
            Some(_) => AuditAction::ObligationChanged,
        };
        let old_appl = old.map(|r| r.applicability);
        if old_appl != Some(appl) {
            changes.push(change(
                "applicability",
                old_appl.map(appl_text),
                Some(appl_text(appl)),
            ));
        }
        let old_due = old.and_then(|r| r.due_utc);
        if old.is_none() || old_due != d.due {
            changes.push(change(
                "due",
                old.map(|_| due_text(old_due)),
                Some(due_text(d.due)),
            ));
        }
        if changes.is_empty() {
            continue;
        }
        stored::upsert_derived(c, actor, incident_id, &d.id, appl, d.due)?;
        let mut note = vec![why.to_owned()];
        note.extend(d.verdict.reasons.iter().cloned());
        if !d.verdict.depends_on.is_empty() {
            note.push(format!("depends on: {}", d.verdict.depends_on.join("; ")));
        }
        record(
            c,
            incident_id,
            now,
            actor,
            action,
            &subject(d.rule, &d.id),
            &note.join("; "),
            &changes,
        )?;
    }
    for (rule_id, row) in &rows {
        if seen.contains_key(rule_id.as_str())
            || row.applicability == Applicability::NoLongerApplies
        {
            continue;
        }
        stored::upsert_derived(
            c,
            actor,
            incident_id,
            rule_id,
            Applicability::NoLongerApplies,
            row.due_utc,
        )?;
        let (title, because) = match set.rule(rule_id) {
            Some(rule) => {
                let v = derive::evaluate(&rule.when, &facts);
                let because = if v.state == Tri::No {
                    v.reasons.join("; ")
                } else if rule.one_stop_shop {
                    "the organisation's EU main establishment changed who must be told".into()
                } else {
                    "the obligation it follows no longer applies".into()
                };
                (subject(rule, rule_id), because)
            }
            None => (
                rule_id.clone(),
                "the rule was removed from the rules file".into(),
            ),
        };
        let decision = format!("decision kept: {}", row.decision.state);
        let note = format!("{why}; {because}; {decision}");
        let changes = [change(
            "applicability",
            Some(appl_text(row.applicability)),
            Some(appl_text(Applicability::NoLongerApplies)),
        )];
        record(
            c,
            incident_id,
            now,
            actor,
            AuditAction::ObligationRemoved,
            &title,
            &note,
            &changes,
        )?;
    }
    Ok(())
}

/// Records a decision on an obligation. "Not required" needs a rationale and "delayed" a
/// legal basis; "sent" keeps when it was sent and starts any follow-up clocks.
pub fn decide(
    store: &Store,
    incident_id: Uuid,
    input: &DecisionInput,
    actor: &str,
) -> Result<ObligationsView> {
    let set = rules::built_in()?;
    let now = time::now_local();
    let note = input.note.trim();
    match input.state {
        DecisionState::NotRequired if note.is_empty() => {
            return Err(Error::validation(
                "note",
                "say why this notification is not required (the rationale is part of the record)",
            ))
        }
        DecisionState::Delayed if note.is_empty() => return Err(Error::validation(
            "note",
            "give the legal basis for the delay (e.g. the US Attorney General's written request)",
        )),
        _ => {}
    }
    let sent_at = match (input.state, input.sent_at.as_deref()) {
        (DecisionState::Sent, Some(t)) if !t.trim().is_empty() => {
            Some(time::parse_moment("sent_at", t)?)
        }
        (DecisionState::Sent, _) => Some(now),
        _ => None,
    };
    store.write(|tx| {
        decide_on(
            tx,
            set,
            incident_id,
            &input.rule_id,
            input.state,
            note,
            sent_at,
            actor,
            &now,
        )?;
        view_on(tx, set, incident_id)
    })
}

/// Records a checked decision inside the caller's transaction (also used by "mark sent").
#[allow(clippy::too_many_arguments)]
pub(super) fn decide_on(
    tx: &Connection,
    set: &RuleSet,
    incident_id: Uuid,
    rule_id: &str,
    state: DecisionState,
    note: &str,
    sent_at: Option<Moment>,
    actor: &str,
    now: &Moment,
) -> Result<()> {
    let rows = stored::rows(tx, incident_id)?;
    let old: Row = match rows.get(rule_id) {
        Some(r) => r.clone(),
        None => {
            // Derived but never stored (e.g. before any facts change): store it first.
            let view = view_on(tx, set, incident_id)?;
            let o = view
                .obligations
                .iter()
                .find(|o| o.rule_id == rule_id)
                .ok_or_else(|| Error::NotFound {
                    what: "obligation",
                    id: rule_id.to_owned(),
                })?;
            stored::upsert_derived(
                tx,
                actor,
                incident_id,
                &o.rule_id,
                o.applicability,
                o.due_utc,
            )?;
            Row {
                applicability: o.applicability,
                due_utc: o.due_utc,
                decision: Decision::default(),
            }
        }
    };
    let decision = Decision {
        state,
        note: note.to_owned(),
        sent_at,
        decided_by: actor.to_owned(),
        decided_at: Some(Utc::now()),
    };
    stored::save_decision(tx, actor, incident_id, rule_id, &decision)?;
    let mut changes = vec![change(
        "decision",
        Some(old.decision.state.to_string()),
        Some(decision.state.to_string()),
    )];
    if let Some(at) = sent_at {
        changes.push(change("sent_at", None, Some(at.to_rfc3339())));
    }
    let title = set
        .rule(rule_id)
        .map_or_else(|| rule_id.to_owned(), |r| subject(r, rule_id));
    record(
        tx,
        incident_id,
        now,
        actor,
        AuditAction::ObligationDecided,
        &title,
        note,
        &changes,
    )?;
    let why = format!("decision on {rule_id} changed");
    sync(tx, set, incident_id, now, actor, &why)
}

fn subject(rule: &rules::Rule, obligation_id: &str) -> String {
    let title = super::one_stop::variant_for_id(rule, obligation_id).title;
    format!("{} — {title} ({obligation_id})", rule.regime)
}

fn change(field: &str, old: Option<String>, new: Option<String>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        old,
        new,
    }
}

fn appl_text(a: Applicability) -> String {
    match a {
        Applicability::Applies => "applies",
        Applicability::Possible => "possible",
        Applicability::NoLongerApplies => "no longer applies",
    }
    .to_owned()
}

fn due_text(d: Option<chrono::DateTime<Utc>>) -> String {
    d.map_or_else(
        || "no fixed time".to_owned(),
        |t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

#[allow(clippy::too_many_arguments)]
fn record(
    c: &Connection,
    incident_id: Uuid,
    at: &Moment,
    actor: &str,
    action: AuditAction,
    subject: &str,
    note: &str,
    changes: &[FieldChange],
) -> Result<()> {
    let r = Record {
        incident_id,
        at,
        actor,
        action,
        subject,
        note,
        changes,
    };
    crate::incident::append_audit(c, &r)
}

/// Field-level differences in words a reader of the timeline understands.
fn facts_changes(a: &NotificationFacts, b: &NotificationFacts) -> Vec<FieldChange> {
    let text = |v: serde_json::Value| match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    };
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, new) in y {
        let old = x.get(&k).cloned().unwrap_or(serde_json::Value::Null);
        if k == "moments" {
            if let (serde_json::Value::Object(om), serde_json::Value::Object(nm)) = (&old, &new) {
                for (m, nv) in nm {
                    let ov = om.get(m).cloned().unwrap_or(serde_json::Value::Null);
                    if &ov != nv {
                        out.push(change(&format!("moments.{m}"), text(ov), text(nv.clone())));
                    }
                }
            }
        } else if old != new {
            out.push(change(&k, text(old), text(new)));
        }
    }
    out
}

/// Writes the incident's deadlines as an `.ics` calendar to `path`.
pub fn export_ics(store: &Store, incident_id: Uuid, path: &std::path::Path) -> Result<SavedFile> {
    let set = rules::built_in()?;
    let (view, title) = store.read(|c| {
        let incident = crate::incident::get_on(c, incident_id)?;
        Ok((view_on(c, set, incident_id)?, incident.title))
    })?;
    let text = super::ics::calendar(&view, &title, Utc::now());
    let bytes = crate::files::save(store, path, text.as_bytes())?;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes,
        items: text.matches("BEGIN:VEVENT").count() as u32,
    })
}
