//! Guided runs: playbooks started on an incident, step states, incident facts and the
//! "what next" view. Every change appends to the incident's audit trail in the same
//! transaction.

mod model;
pub(crate) mod project;
mod query;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use uuid::Uuid;

pub use model::{
    FactChange, FactQuestion, FactValue, FactsOutcome, IncidentRuns, NextStep, RunStep, RunView,
    SectionProgress, StepApplicability, StepState, StepUpdate, StepVisibility,
};

use crate::catalog::Status;
use crate::incident::audit::{self, AuditAction, FieldChange, Record};
use crate::oplog::{self, Change};
use crate::playbook::{library, Fact, Section};
use crate::{time, Error, Result, Store};

const NEXT_LIMIT: usize = 7;
const NOTE_MAX: usize = 10_000;

/// Starts the latest version of `playbook_id` on an open incident.
pub fn start(store: &Store, incident_id: Uuid, playbook_id: &str, actor: &str) -> Result<RunView> {
    let now = time::now_local();
    store.write(|tx| {
        let status = query::incident_status(tx, incident_id)?;
        if status == Status::Closed {
            return Err(Error::Conflict(
                "the incident is closed; reopen it before starting a playbook".into(),
            ));
        }
        let playbook = library::load(tx, playbook_id, None)?;
        if query::run_id_for(tx, incident_id, &playbook.id)?.is_some() {
            return Err(Error::Conflict(format!(
                "playbook {} is already running on this incident",
                playbook.id
            )));
        }
        let run_id = Uuid::now_v7();
        let op = Change::RunStarted(project::RunStarted {
            id: run_id,
            playbook_id: playbook.id.clone(),
            playbook_version: playbook.version,
            steps: playbook.steps.iter().map(|s| s.id.clone()).collect(),
            at: now,
            by: actor.to_owned(),
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = [FieldChange {
            field: "playbook".into(),
            old: None,
            new: Some(format!("{} v{}", playbook.id, playbook.version)),
        }];
        let record = Record {
            incident_id,
            at: &now,
            actor,
            action: AuditAction::PlaybookStarted,
            subject: &playbook.title,
            note: "",
            changes: &changes,
        };
        audit::append(tx, &record)?;
        view_run(tx, incident_id, run_id)
    })
}

/// Facts, runs with per-section progress, and what to do next.
pub fn overview(store: &Store, incident_id: Uuid) -> Result<IncidentRuns> {
    store.read(|c| {
        query::incident_status(c, incident_id)?;
        let facts = query::facts(c, incident_id)?;
        let mut runs = Vec::new();
        for run_id in query::run_ids(c, incident_id)? {
            runs.push(view_with_facts(c, run_id, &facts)?);
        }
        let (next, blocked) = next_steps(&runs);
        let facts = Fact::ALL
            .iter()
            .map(|&fact| FactValue {
                fact,
                question: fact.question().into(),
                value: facts.get(&fact).copied(),
            })
            .collect();
        Ok(IncidentRuns {
            facts,
            runs,
            next,
            blocked,
        })
    })
}

/// Changes one step of a running playbook. `playbook_id` may be omitted when the step id
/// is unique across the incident's runs.
pub fn update_step(
    store: &Store,
    incident_id: Uuid,
    playbook_id: Option<&str>,
    step_id: &str,
    update: StepUpdate,
    actor: &str,
) -> Result<RunView> {
    let now = time::now_local();
    let note = update
        .note
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_owned();
    if note.chars().count() > NOTE_MAX {
        return Err(Error::validation(
            "note",
            format!("a note is at most {NOTE_MAX} characters"),
        ));
    }
    store.write(|tx| {
        let (run_id, playbook) = query::locate_step(tx, incident_id, playbook_id, step_id)?;
        let step = playbook
            .steps
            .iter()
            .find(|s| s.id == step_id)
            .ok_or_else(|| Error::NotFound {
                what: "step",
                id: format!("{}/{step_id}", playbook.id),
            })?;
        let current = query::step_row(tx, run_id, step_id)?;
        let mut next = current.clone();
        if let Some(state) = update.state {
            next.state = state;
        }
        if let Some(reason) = &update.reason {
            next.reason = reason.trim().to_owned();
        }
        if update.state.is_some_and(StepState::needs_reason)
            && (update.reason.as_deref().is_none_or(|r| r.trim().is_empty()))
        {
            return Err(Error::validation(
                "reason",
                format!("say why the step is {}: a reason is required", next.state),
            ));
        }
        if !next.state.needs_reason() {
            next.reason.clear();
        }
        if !note.is_empty() {
            next.note = note.clone();
        }
        if let Some(role) = update.assignee_role {
            next.assignee_role = Some(role);
        }
        if let Some(name) = &update.assignee_name {
            next.assignee_name = name.trim().to_owned();
        }
        let mut changes = query::diff_rows(&current, &next);
        if changes.is_empty() && note.is_empty() {
            return view_run(tx, incident_id, run_id);
        }
        if changes.is_empty() {
            changes.push(FieldChange {
                field: "note".into(),
                old: None,
                new: Some(note.clone()),
            });
        }
        let op = Change::StepChanged(project::StepChanged {
            run: run_id,
            step: step_id.to_owned(),
            state: next.state,
            reason: next.reason.clone(),
            note: next.note.clone(),
            assignee_role: next.assignee_role,
            assignee_name: next.assignee_name.clone(),
            at: now,
            by: actor.to_owned(),
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let subject = format!("{} › {}", playbook.title, step.title);
        let record = Record {
            incident_id,
            at: &now,
            actor,
            action: AuditAction::StepUpdated,
            subject: &subject,
            note: &note,
            changes: &changes,
        };
        audit::append(tx, &record)?;
        view_run(tx, incident_id, run_id)
    })
}

/// Sets facts (None = unknown) and reports which steps came onto or left the checklist,
/// and which undecided steps the answers made apply.
pub fn set_facts(
    store: &Store,
    incident_id: Uuid,
    changes: &[FactChange],
    actor: &str,
) -> Result<FactsOutcome> {
    let now = time::now_local();
    store.write(|tx| {
        query::incident_status(tx, incident_id)?;
        let before = query::facts(tx, incident_id)?;
        let mut after = before.clone();
        let mut audit_changes = Vec::new();
        for ch in changes {
            let old = before.get(&ch.fact).copied();
            if old == ch.value || after.get(&ch.fact).copied() == ch.value {
                continue;
            }
            match ch.value {
                Some(v) => after.insert(ch.fact, v),
                None => after.remove(&ch.fact),
            };
            let op = Change::FactSet(project::FactSet {
                fact: ch.fact,
                value: ch.value,
            });
            oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
            audit_changes.push(FieldChange {
                field: ch.fact.code().into(),
                old: Some(fact_text(old)),
                new: Some(fact_text(ch.value)),
            });
        }
        if audit_changes.is_empty() {
            return Ok(FactsOutcome {
                shown: Vec::new(),
                hidden: Vec::new(),
                decided: Vec::new(),
            });
        }
        let record = Record {
            incident_id,
            at: &now,
            actor,
            action: AuditAction::FactsChanged,
            subject: "incident facts",
            note: "",
            changes: &audit_changes,
        };
        audit::append(tx, &record)?;
        let mut shown = Vec::new();
        let mut hidden = Vec::new();
        let mut decided = Vec::new();
        for run_id in query::run_ids(tx, incident_id)? {
            let (_, playbook) = query::run_playbook(tx, run_id)?;
            for step in playbook.steps.iter().filter(|s| !s.when.is_empty()) {
                let was = StepApplicability::of(&step.when, |f| before.get(&f).copied());
                let is = StepApplicability::of(&step.when, |f| after.get(&f).copied());
                let vis = || StepVisibility {
                    playbook_title: playbook.title.clone(),
                    step_id: step.id.clone(),
                    title: step.title.clone(),
                    conditions: step.when.clone(),
                };
                match (was.is_open(), is.is_open()) {
                    (false, true) => shown.push(vis()),
                    (true, false) => hidden.push(vis()),
                    (true, true) if !was.applies() && is.applies() => decided.push(vis()),
                    _ => {}
                }
            }
        }
        Ok(FactsOutcome {
            shown,
            hidden,
            decided,
        })
    })
}

fn fact_text(v: Option<bool>) -> String {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
    .into()
}

fn view_run(c: &Connection, incident_id: Uuid, run_id: Uuid) -> Result<RunView> {
    let facts = query::facts(c, incident_id)?;
    view_with_facts(c, run_id, &facts)
}

fn view_with_facts(c: &Connection, run_id: Uuid, facts: &HashMap<Fact, bool>) -> Result<RunView> {
    let (header, playbook) = query::run_playbook(c, run_id)?;
    let rows = query::step_rows(c, run_id)?;
    let mut sections: Vec<SectionProgress> = Section::ALL
        .iter()
        .map(|&section| SectionProgress {
            section,
            label: section.label().into(),
            complete: 0,
            applicable: 0,
            undecided: 0,
            steps: Vec::new(),
        })
        .collect();
    for step in &playbook.steps {
        let row = rows.get(&step.id).cloned().unwrap_or_default();
        let applicability = StepApplicability::of(&step.when, |f| facts.get(&f).copied());
        let Some(progress) = sections.iter_mut().find(|s| s.section == step.section) else {
            continue;
        };
        if applicability.is_open() {
            progress.applicable += 1;
            progress.complete += u32::from(row.state.is_complete());
            progress.undecided += u32::from(!applicability.applies());
        }
        progress.steps.push(RunStep {
            step: step.clone(),
            state: row.state,
            applicability,
            reason: row.reason,
            note: row.note,
            assignee_role: row.assignee_role,
            assignee_name: row.assignee_name,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
        });
    }
    sections.retain(|s| !s.steps.is_empty());
    Ok(RunView {
        id: run_id,
        playbook_id: playbook.id.clone(),
        playbook_title: playbook.title.clone(),
        playbook_version: playbook.version,
        started_at: header.started_at,
        started_by: header.started_by,
        complete: sections.iter().map(|s| s.complete).sum(),
        applicable: sections.iter().map(|s| s.applicable).sum(),
        undecided: sections.iter().map(|s| s.undecided).sum(),
        sections,
    })
}

/// What to do next, earliest section first: open steps that apply and whose prerequisites
/// are finished, and decisions on unknown facts (one item per fact, at the first step that
/// waits on it; a decision does not wait for prerequisites). Blocked steps separately.
fn next_steps(runs: &[RunView]) -> (Vec<NextStep>, Vec<NextStep>) {
    let mut ready = Vec::new();
    let mut blocked = Vec::new();
    let mut asked: HashSet<Fact> = HashSet::new();
    for run in runs {
        let finished: HashSet<&str> = run
            .sections
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|s| s.state.is_complete() || !s.applicability.is_open())
            .map(|s| s.step.id.as_str())
            .collect();
        for (order, rs) in run.sections.iter().flat_map(|s| &s.steps).enumerate() {
            if rs.state.is_complete() {
                continue;
            }
            let decide = match &rs.applicability {
                StepApplicability::NotApplicable { .. } => continue,
                StepApplicability::Applies => Vec::new(),
                StepApplicability::Undecided { questions } => {
                    let new: Vec<FactQuestion> = questions
                        .iter()
                        .filter(|q| !asked.contains(&q.fact))
                        .cloned()
                        .collect();
                    if new.is_empty() {
                        continue;
                    }
                    asked.extend(new.iter().map(|q| q.fact));
                    new
                }
            };
            let next = NextStep {
                run_id: run.id,
                playbook_id: run.playbook_id.clone(),
                playbook_title: run.playbook_title.clone(),
                step_id: rs.step.id.clone(),
                title: rs.step.title.clone(),
                section: rs.step.section,
                owner: rs.step.owner,
                state: rs.state,
                decide,
            };
            // In-progress work first within a section, then decisions and steps in the
            // playbook's order, so a question comes up where its author put the step.
            let rank = u8::from(!(rs.state == StepState::InProgress && next.decide.is_empty()));
            if !next.decide.is_empty() {
                ready.push((rs.step.section, rank, order, next));
            } else if rs.state == StepState::Blocked {
                blocked.push(next);
            } else if rs.step.after.iter().all(|a| finished.contains(a.as_str())) {
                ready.push((rs.step.section, rank, order, next));
            }
        }
    }
    ready.sort_by_key(|(section, rank, order, _)| (*section, *rank, *order));
    (
        ready
            .into_iter()
            .take(NEXT_LIMIT)
            .map(|(_, _, _, n)| n)
            .collect(),
        blocked,
    )
}
