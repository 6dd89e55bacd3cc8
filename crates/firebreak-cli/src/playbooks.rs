//! `firebreak playbook …` and `firebreak run …`.

use std::path::Path;

use firebreak_core::incident;
use firebreak_core::playbook::{
    self, library, search::MATCH_END, search::MATCH_START, Fact, Playbook,
};
use firebreak_core::run::{
    self, FactChange, FactQuestion, IncidentRuns, RunView, StepApplicability, StepUpdate,
};
use firebreak_core::{Error, Store};

use crate::args::{PlaybookCommand, RunCommand};
use crate::render::{print_json, print_text, Output};

fn read(path: &Path) -> Result<String, Error> {
    use firebreak_core::files::{caps, read_text_capped};
    read_text_capped(path, caps::PLAYBOOK, "playbook")
}

/// `lint` needs no database; it reports every problem and warning and fails only on problems.
pub fn lint(files: &[std::path::PathBuf], out: &Output) -> Result<(), Error> {
    let mut found = Vec::new();
    let mut errors = 0;
    for f in files {
        let name = f.display().to_string();
        match playbook::parse::lint(&read(f)?, chrono::Utc::now().date_naive()) {
            Ok(l) => found.extend(l.warnings.into_iter().map(|d| (name.clone(), "warning", d))),
            Err(diags) => {
                errors += diags.len();
                found.extend(diags.into_iter().map(|d| (name.clone(), "error", d)));
            }
        }
    }
    if out.json {
        let list: Vec<_> = found
            .iter()
            .map(|(file, level, d)| serde_json::json!({"file": file, "line": d.line, "col": d.col, "level": level, "message": d.message}))
            .collect();
        print_json(&list)?;
    } else {
        let text: String = found
            .iter()
            .map(|(file, level, d)| match *level {
                "warning" => format!("{file}:{}:{}: warning: {}\n", d.line, d.col, d.message),
                _ => format!("{file}:{d}\n"),
            })
            .collect();
        print_text(&text)?;
    }
    match errors {
        0 => Ok(()),
        n => Err(Error::validation(
            "playbook",
            format!("{n} problem(s) in {} file(s)", files.len()),
        )),
    }
}

pub fn playbook_command(store: &Store, cmd: PlaybookCommand, out: &Output) -> Result<(), Error> {
    match cmd {
        PlaybookCommand::Lint { files } => lint(&files, out),
        PlaybookCommand::Import { file } => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let result = playbook::import(store, &name, &read(&file)?);
            if let Err(Error::PlaybookInvalid { diagnostics, .. }) = &result {
                let text: String = diagnostics
                    .iter()
                    .map(|d| format!("{}:{d}\n", file.display()))
                    .collect();
                eprint!("{text}");
            }
            let outcome = result?;
            if out.json {
                return print_json(&outcome);
            }
            let verb = if outcome.added {
                "imported"
            } else {
                "already stored (unchanged)"
            };
            print_text(&format!("{} v{} {verb}\n", outcome.id, outcome.version))
        }
        PlaybookCommand::List => {
            let list = library::list(store)?;
            if out.json {
                return print_json(&list);
            }
            let mut t = format!("{:<28} {:>3}  {:>5}  {}\n", "ID", "VER", "STEPS", "TITLE");
            for p in &list {
                let steps: u32 = p.section_counts.iter().map(|c| c.steps).sum();
                t.push_str(&format!(
                    "{:<28} {:>3}  {:>5}  {}\n",
                    p.id, p.version, steps, p.title
                ));
            }
            print_text(&t)
        }
        PlaybookCommand::Show { id, version } => {
            let p = library::get(store, &id, version)?;
            if out.json {
                return print_json(&p);
            }
            print_text(&document(&p))
        }
        PlaybookCommand::Search { query, limit } => {
            let hits = playbook::search(store, &query, limit)?;
            if out.json {
                return print_json(&hits);
            }
            let mut t = String::new();
            for h in &hits {
                let snippet = h
                    .snippet
                    .replace(MATCH_START, "[")
                    .replace(MATCH_END, "]")
                    .replace('\n', " ");
                t.push_str(&format!(
                    "{}/{}  {} › {}\n    {snippet}\n",
                    h.playbook_id, h.step_id, h.playbook_title, h.step_title
                ));
            }
            if hits.is_empty() {
                t.push_str("No step matches.\n");
            }
            print_text(&t)
        }
    }
}

/// A playbook as a readable document: sections in order, each step with its guidance.
fn document(p: &Playbook) -> String {
    let mut t = format!("{} (v{})\n\n{}\n", p.title, p.version, p.summary.trim());
    if p.reviewed.is_some() || p.review_by.is_some() {
        t.push_str(&format!(
            "\nReviewed: {}; next review due: {}\n",
            p.reviewed.as_deref().unwrap_or("not recorded"),
            p.review_by.as_deref().unwrap_or("not set")
        ));
    }
    for section in playbook::Section::ALL {
        let steps: Vec<_> = p.steps.iter().filter(|s| s.section == *section).collect();
        if steps.is_empty() {
            continue;
        }
        t.push_str(&format!("\n## {}\n", section.label()));
        for s in steps {
            t.push_str(&format!(
                "\n### {} [{}] — {}\n",
                s.title,
                s.id,
                s.owner.label()
            ));
            if !s.when.is_empty() {
                let conds: Vec<String> = s.when.iter().map(ToString::to_string).collect();
                t.push_str(&format!("Applies when: {}\n", conds.join(" and ")));
            }
            t.push_str(&format!(
                "\n{}\n\nOutput: {}\n",
                s.guidance.trim(),
                s.output
            ));
        }
    }
    if !p.sources.is_empty() {
        t.push_str("\n## Sources\n\n");
        for src in &p.sources {
            t.push_str(&format!("- {} — {}\n", src.document, src.section));
        }
    }
    t
}

pub fn run_command(store: &Store, cmd: RunCommand, actor: &str, out: &Output) -> Result<(), Error> {
    match cmd {
        RunCommand::Start {
            incident: id,
            playbook,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let view = run::start(store, id, &playbook, actor)?;
            if out.json {
                return print_json(&view);
            }
            print_text(&format!(
                "started {} v{} ({} applicable steps)\n",
                view.playbook_id, view.playbook_version, view.applicable
            ))
        }
        RunCommand::Status { incident: id } => {
            let id = incident::resolve_id(store, &id)?;
            let runs = run::overview(store, id)?;
            if out.json {
                return print_json(&runs);
            }
            print_text(&status_text(&runs))
        }
        RunCommand::Step {
            incident: id,
            step,
            state,
            reason,
            note,
            role,
            assignee,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let (pb, step_id) = match step.split_once('/') {
                Some((p, s)) => (Some(p), s),
                None => (None, step.as_str()),
            };
            let update = StepUpdate {
                state: state.as_deref().map(str::parse).transpose()?,
                reason,
                note,
                assignee_role: role.as_deref().map(str::parse).transpose()?,
                assignee_name: assignee,
            };
            let view = run::update_step(store, id, pb, step_id, update, actor)?;
            if out.json {
                return print_json(&view);
            }
            print_text(&run_text(&view))
        }
        RunCommand::Facts { incident: id, set } => {
            let id = incident::resolve_id(store, &id)?;
            let changes = set
                .iter()
                .map(|s| parse_fact(s))
                .collect::<Result<Vec<_>, _>>()?;
            let outcome = run::set_facts(store, id, &changes, actor)?;
            if out.json {
                return print_json(&outcome);
            }
            let mut t = String::new();
            for v in &outcome.shown {
                t.push_str(&format!(
                    "back on the checklist: {} › {}\n",
                    v.playbook_title, v.title
                ));
            }
            for v in &outcome.decided {
                t.push_str(&format!(
                    "decided, now applies: {} › {}\n",
                    v.playbook_title, v.title
                ));
            }
            for v in &outcome.hidden {
                t.push_str(&format!(
                    "no longer applies: {} › {}\n",
                    v.playbook_title, v.title
                ));
            }
            t.push_str(&status_text(&run::overview(store, id)?));
            print_text(&t)
        }
    }
}

fn parse_fact(s: &str) -> Result<FactChange, Error> {
    let (name, value) = s.split_once('=').ok_or_else(|| {
        Error::validation(
            "fact",
            format!("{s:?}: write FACT=yes, FACT=no or FACT=unknown"),
        )
    })?;
    let fact: Fact = name.parse()?;
    let value = match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "y" => Some(true),
        "no" | "false" | "n" => Some(false),
        "unknown" | "?" | "" => None,
        other => {
            return Err(Error::validation(
                "fact",
                format!("{other:?} for {fact}: use yes, no or unknown"),
            ))
        }
    };
    Ok(FactChange { fact, value })
}

fn run_text(run: &RunView) -> String {
    let mut t = format!(
        "{} v{} — {}/{} done\n",
        run.playbook_title, run.playbook_version, run.complete, run.applicable
    );
    for s in &run.sections {
        t.push_str(&format!(
            "  {:<30} {}/{}\n",
            s.label, s.complete, s.applicable
        ));
        for rs in &s.steps {
            let (state, why) = match &rs.applicability {
                StepApplicability::Applies => (rs.state.code().to_owned(), rs.reason.clone()),
                StepApplicability::Undecided { questions } => (
                    "decide".to_owned(),
                    format!("applies if {}", questions_text(questions)),
                ),
                StepApplicability::NotApplicable { unmet } => (
                    "n/a".to_owned(),
                    format!(
                        "needs {}",
                        unmet
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                ),
            };
            t.push_str(&format!(
                "    {:<11} {:<34} {}  {}\n",
                state, rs.step.id, rs.step.title, why
            ));
        }
    }
    t
}

/// "cyber_insurance=yes (A cyber insurance policy may respond) and device_encrypted=no (…)".
fn questions_text(questions: &[FactQuestion]) -> String {
    questions
        .iter()
        .map(|q| {
            let answer = if q.applies_if { "yes" } else { "no" };
            format!("{}={answer} ({})", q.fact, q.question)
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

fn status_text(runs: &IncidentRuns) -> String {
    let mut t = String::new();
    if runs.runs.is_empty() {
        t.push_str("No playbook started. Start one with: firebreak run start INCIDENT PLAYBOOK\n");
    }
    for r in &runs.runs {
        t.push_str(&run_text(r));
    }
    t.push_str("\nWhat next:\n");
    for n in &runs.next {
        if n.decide.is_empty() {
            t.push_str(&format!(
                "  {}/{}  {} ({})\n",
                n.playbook_id,
                n.step_id,
                n.title,
                n.owner.label()
            ));
        } else {
            t.push_str(&format!(
                "  DECIDE {}/{}  {}: applies if {}\n",
                n.playbook_id,
                n.step_id,
                n.title,
                questions_text(&n.decide)
            ));
        }
    }
    if runs.next.iter().any(|n| !n.decide.is_empty()) {
        t.push_str("  (decide with: firebreak run facts INCIDENT FACT=yes|no)\n");
    }
    for n in &runs.blocked {
        t.push_str(&format!(
            "  BLOCKED {}/{}  {}\n",
            n.playbook_id, n.step_id, n.title
        ));
    }
    let known: Vec<String> = runs
        .facts
        .iter()
        .filter_map(|f| {
            f.value
                .map(|v| format!("{}={}", f.fact, if v { "yes" } else { "no" }))
        })
        .collect();
    t.push_str(&format!(
        "\nFacts: {}\n",
        if known.is_empty() {
            "none set".to_owned()
        } else {
            known.join(", ")
        }
    ));
    t
}
