//! `firebreak`: the headless command line over the same core as the desktop app.

mod args;
mod contacts;
mod initial_access;
mod intel;
mod investigate;
mod obligations;
mod playbooks;
mod render;
mod timeline;
mod verify;

use std::process::ExitCode;

use clap::Parser;
use firebreak_core::catalog::Status;
use firebreak_core::glance;
use firebreak_core::incident::{self, IncidentFilter, IncidentPatch, NewIncident};
use firebreak_core::signing::{identity, Identity};
use firebreak_core::{paths, Error, ErrorCode, IpcError, Store};

use args::{Cli, Command, IncidentCommand};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version are not errors.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's message spans lines (e.g. a list of missing options) before its usage
            // block; keep the message, on one line.
            let rendered = e.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .map(str::trim)
                .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
                .collect();
            let message = message.join(" ");
            eprintln!(
                "firebreak: {} (see firebreak --help)",
                message.trim_start_matches("error: ")
            );
            return ExitCode::from(2);
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.code() == ErrorCode::Validation {
                2
            } else {
                1
            };
            if json {
                let body = serde_json::json!({ "error": IpcError::from(e) });
                eprintln!("{body}");
            } else {
                eprintln!("firebreak: {}", one_line(&e.to_string()));
            }
            ExitCode::from(code)
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run(cli: Cli) -> Result<(), Error> {
    // Linting reads files only: it must work without (and never create) a database.
    if let Command::Playbook(args::PlaybookCommand::Lint { files }) = &cli.command {
        return playbooks::lint(files, &render::Output { json: cli.json });
    }
    // So is evaluating a facts file on its own.
    if let Command::Obligations(a) = &cli.command {
        if a.incident.is_none() {
            return obligations::from_file(a, &render::Output { json: cli.json });
        }
    }
    // Every write is signed with this machine's key; `--as` only sets the name shown.
    let key_file = identity::default_key_path()?;
    if let Command::Identity = &cli.command {
        let key = Identity::load_or_create(&key_file, &paths::default_actor())?;
        return render::Output { json: cli.json }.identity(&key, &key_file);
    }
    let db = paths::resolve_db_path(cli.db.as_deref())?;
    paths::require_db_dir(&db)?;
    let key = Identity::load_or_create(&key_file, &paths::default_actor())?;
    let store = Store::open_signed(&db, key)?;
    if let Some(warning) = paths::exposure_warning(&db) {
        eprintln!("firebreak: warning: {warning}");
    }
    let actor = cli.actor.unwrap_or_else(paths::default_actor);
    let out = render::Output { json: cli.json };
    match cli.command {
        Command::Playbook(cmd) => playbooks::playbook_command(&store, cmd, &out),
        Command::Run(cmd) => playbooks::run_command(&store, cmd, &actor, &out),
        Command::Timeline(cmd) => timeline::command(&store, cmd, &actor, &out),
        Command::Obligations(a) => obligations::command(&store, &a, &actor, &out),
        Command::Evidence(cmd) => investigate::evidence_command(&store, cmd, &actor, &out),
        Command::Ioc(cmd) => investigate::ioc_command(&store, cmd, &actor, &out),
        Command::Report(a) => investigate::report_command(&store, a, &actor, &out),
        Command::Contacts(cmd) => contacts::command(&store, cmd, &actor, &out),
        // Answered above, before any database is opened.
        Command::Identity => Ok(()),
        Command::Verify { incident } => verify::command(&store, incident.as_deref(), &out),
        Command::Incident(cmd) => match cmd {
            IncidentCommand::Declare(a) => {
                let input = NewIncident {
                    title: a.title,
                    incident_type: a.incident_type.parse()?,
                    severity: a.severity.parse()?,
                    detected_at: a.detected_at,
                    phase: a.phase.as_deref().map(str::parse).transpose()?,
                    commander: a.commander,
                    summary: a.summary,
                };
                out.incident(&incident::declare(&store, input, &actor)?)
            }
            IncidentCommand::List(a) => {
                let filter = IncidentFilter {
                    status: match a.status.as_str() {
                        "all" => None,
                        s => Some(s.parse::<Status>()?),
                    },
                    incident_type: a.incident_type.as_deref().map(str::parse).transpose()?,
                    severity: a.severity.as_deref().map(str::parse).transpose()?,
                    text: a.search,
                    sort: Some(a.sort.into()),
                };
                out.incidents(&incident::list(&store, &filter)?)
            }
            IncidentCommand::Show { id } => {
                out.detail(&incident::show(&store, incident::resolve_id(&store, &id)?)?)
            }
            IncidentCommand::Status { id } => {
                let id = incident::resolve_id(&store, &id)?;
                out.glance(
                    &incident::show(&store, id)?.incident,
                    &glance::current(&store, id)?,
                )
            }
            IncidentCommand::Edit(a) => {
                let id = incident::resolve_id(&store, &a.id)?;
                let patch = IncidentPatch {
                    expected_revision: a.expect_revision,
                    title: a.title,
                    incident_type: a.incident_type.as_deref().map(str::parse).transpose()?,
                    severity: a.severity.as_deref().map(str::parse).transpose()?,
                    phase: a.phase.as_deref().map(str::parse).transpose()?,
                    detected_at: a.detected_at,
                    commander: a.commander,
                    summary: a.summary,
                };
                out.incident(&incident::edit(&store, id, patch, &actor)?)
            }
            IncidentCommand::Close { id } => out.incident(&incident::set_status(
                &store,
                incident::resolve_id(&store, &id)?,
                Status::Closed,
                None,
                &actor,
            )?),
            IncidentCommand::Reopen { id } => out.incident(&incident::set_status(
                &store,
                incident::resolve_id(&store, &id)?,
                Status::Open,
                None,
                &actor,
            )?),
        },
    }
}
