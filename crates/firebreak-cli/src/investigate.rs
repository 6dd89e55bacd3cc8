//! `firebreak evidence …`, `firebreak ioc …` and `firebreak report …`.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use firebreak_core::investigation::indicators::{self, IocExportFormat};
use firebreak_core::investigation::vocab::EvidenceStatus;
use firebreak_core::investigation::{
    evidence, EvidenceItem, Indicator, NewCustodyEvent, NewEvidence, NewIndicator,
};
use firebreak_core::progress::Progress;
use firebreak_core::report::{self, ReportFormat, ReportKind};
use firebreak_core::{incident, Error, Store};

use crate::render::{print_json, print_text, Output};

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Register evidence: FILE is hashed (SHA-256, streamed) where it lies and never copied;
    /// without FILE it is a reference to evidence held elsewhere (--location required).
    Add {
        incident: String,
        file: Option<PathBuf>,
        #[arg(long)]
        label: String,
        #[arg(long, default_value = "")]
        description: String,
        /// The system it came from (EDR, mail gateway, laptop FIN-LT-042…)
        #[arg(long, default_value = "")]
        source: String,
        /// Who collected it (default: you)
        #[arg(long)]
        collected_by: Option<String>,
        /// When it was collected, RFC 3339 with offset (default: now)
        #[arg(long, value_name = "RFC3339")]
        collected_at: Option<String>,
        /// Where it is stored (locker, share, vendor case number)
        #[arg(long, default_value = "")]
        location: String,
        /// For a reference: the SHA-256 its holder reported
        #[arg(long)]
        sha256: Option<String>,
    },
    /// List the incident's evidence with its integrity status.
    List { incident: String },
    /// Re-hash evidence files (one ITEM, or all); exit 1 if any does not match or is missing.
    Verify {
        incident: String,
        /// Evidence id (prefix/suffix) or label; default all files
        item: Option<String>,
    },
    /// Show an item's chain of custody, or append to it with --action.
    Custody(CustodyArgs),
}

#[derive(Debug, Args)]
pub struct CustodyArgs {
    pub incident: String,
    /// Evidence id (prefix/suffix) or label
    pub item: String,
    /// collected, transferred, accessed, analysed, returned or destroyed
    #[arg(long, requires = "purpose")]
    pub action: Option<String>,
    /// Why (required with --action)
    #[arg(long)]
    pub purpose: Option<String>,
    /// Who handled it (default: you)
    #[arg(long)]
    pub by: Option<String>,
    /// When, RFC 3339 with offset (default: now)
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Where it is now
    #[arg(long, default_value = "")]
    pub location: String,
}

#[derive(Debug, Subcommand)]
pub enum IocCommand {
    /// Add indicators (all or none); defanged values are refanged, types detected unless --type.
    Add {
        incident: String,
        values: Vec<String>,
        /// Extract every indicator from a text file (- for standard input)
        #[arg(long, value_name = "FILE")]
        from_text: Option<PathBuf>,
        #[arg(long = "type")]
        ioc_type: Option<String>,
        /// clear, green, amber, amber+strict or red (default amber)
        #[arg(long)]
        tlp: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, value_name = "RFC3339")]
        first_seen: Option<String>,
        #[arg(long, value_name = "RFC3339")]
        last_seen: Option<String>,
    },
    /// Import indicators from a STIX 2.1 bundle or a MISP event JSON (all or none; known
    /// ones merged; what cannot be imported is listed with the reason).
    Import {
        incident: String,
        file: PathBuf,
        /// Show what would be added, what is already known and what is not imported
        #[arg(long)]
        dry_run: bool,
    },
    /// List the incident's indicators.
    List { incident: String },
    /// Write the indicators as a STIX 2.1 bundle or CSV.
    Export {
        incident: String,
        /// stix or csv
        #[arg(long)]
        format: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Organisation named as the producer in STIX
        #[arg(long, default_value = "")]
        producer: String,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    pub incident: String,
    /// brief (one page for the board) or full (post-incident report)
    #[arg(long, default_value = "brief")]
    pub kind: String,
    /// html or pdf (default: from the output file's extension)
    #[arg(long)]
    pub format: Option<String>,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

pub fn evidence_command(
    store: &Store,
    cmd: EvidenceCommand,
    actor: &str,
    out: &Output,
) -> Result<(), Error> {
    match cmd {
        EvidenceCommand::Add {
            incident: id,
            file,
            label,
            description,
            source,
            collected_by,
            collected_at,
            location,
            sha256,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let input = NewEvidence {
                label,
                description,
                path: file.map(|f| f.to_string_lossy().into_owned()),
                sha256,
                source_system: source,
                collected_by,
                collected_at,
                storage_location: location,
            };
            let mut progress = progress_printer(out, "hashing");
            let item = evidence::add(store, id, input, actor, &mut progress)?;
            if out.json {
                return print_json(&item);
            }
            print_text(&format!("registered {}\n{}", item.id, describe(&item)))
        }
        EvidenceCommand::List { incident: id } => {
            let items = evidence::list(store, incident::resolve_id(store, &id)?)?;
            if out.json {
                return print_json(&items);
            }
            if items.is_empty() {
                return print_text("No evidence registered. Add some with: firebreak evidence add INCIDENT FILE --label …\n");
            }
            print_text(&items.iter().map(describe).collect::<Vec<_>>().join("\n"))
        }
        EvidenceCommand::Verify { incident: id, item } => {
            let id = incident::resolve_id(store, &id)?;
            let targets: Vec<EvidenceItem> = match item {
                Some(t) => vec![evidence::get(store, id, evidence::resolve(store, id, &t)?)?],
                None => evidence::list(store, id)?
                    .into_iter()
                    .filter(|e| e.kind == firebreak_core::investigation::vocab::EvidenceKind::File)
                    .collect(),
            };
            if targets.is_empty() {
                return Err(Error::validation("item", "no evidence files to verify"));
            }
            let mut outcomes = Vec::new();
            for t in &targets {
                let mut progress = progress_printer(out, &t.label);
                outcomes.push(evidence::verify(store, id, t.id, actor, &mut progress)?);
            }
            let failed = outcomes
                .iter()
                .filter(|o| o.status != EvidenceStatus::Intact)
                .count();
            if out.json {
                print_json(&outcomes)?;
            } else {
                print_text(
                    &outcomes
                        .iter()
                        .map(|o| format!("{}\n", o.message))
                        .collect::<String>(),
                )?;
            }
            if failed > 0 {
                return Err(Error::Conflict(format!(
                    "{failed} of {} evidence item(s) failed verification; recorded in the chain of custody and the timeline",
                    outcomes.len()
                )));
            }
            Ok(())
        }
        EvidenceCommand::Custody(a) => {
            let id = incident::resolve_id(store, &a.incident)?;
            let item_id = evidence::resolve(store, id, &a.item)?;
            let item = match a.action {
                Some(action) => evidence::record_custody(
                    store,
                    id,
                    item_id,
                    NewCustodyEvent {
                        action: action.parse()?,
                        actor: a.by,
                        at: a.at,
                        location: a.location,
                        purpose: a.purpose.unwrap_or_default(),
                    },
                    actor,
                )?,
                None => evidence::get(store, id, item_id)?,
            };
            if out.json {
                return print_json(&item.custody);
            }
            let mut t = format!("Chain of custody: {}\n", item.label);
            for c in &item.custody {
                t.push_str(&format!(
                    "{:>3}  {}  {:<24}  {}  at {}  — {}\n",
                    c.seq,
                    c.at.to_rfc3339(),
                    c.action.label(),
                    c.actor,
                    if c.location.is_empty() {
                        "—"
                    } else {
                        &c.location
                    },
                    c.purpose
                ));
            }
            print_text(&t)
        }
    }
}

pub fn ioc_command(store: &Store, cmd: IocCommand, actor: &str, out: &Output) -> Result<(), Error> {
    match cmd {
        IocCommand::Add {
            incident: id,
            values,
            from_text,
            ioc_type,
            tlp,
            description,
            first_seen,
            last_seen,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let ioc_type = ioc_type.as_deref().map(str::parse).transpose()?;
            let tlp = tlp.as_deref().map(str::parse).transpose()?;
            let mut all: Vec<String> = values;
            let origin = from_text
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|f| format!("file {}", f.to_string_lossy()))
                .unwrap_or_default();
            if let Some(path) = from_text {
                let text = read_text(&path)?;
                all.extend(
                    firebreak_core::investigation::ioc::extract(&text)
                        .into_iter()
                        .map(|p| p.value),
                );
            }
            let inputs = all
                .into_iter()
                .map(|value| NewIndicator {
                    value,
                    ioc_type,
                    description: description.clone(),
                    tlp,
                    first_seen: first_seen.clone(),
                    last_seen: last_seen.clone(),
                })
                .collect();
            let added = indicators::add(store, id, inputs, &origin, actor)?;
            if out.json {
                return print_json(&added);
            }
            let mut t = String::new();
            for i in &added.added {
                t.push_str(&format!("added    {}\n", ioc_line(i)));
            }
            for i in &added.already_known {
                t.push_str(&format!("known    {}\n", ioc_line(i)));
            }
            print_text(&t)
        }
        IocCommand::Import {
            incident: id,
            file,
            dry_run,
        } => crate::intel::import(store, &id, &file, dry_run, actor, out),
        IocCommand::List { incident: id } => {
            let list = indicators::list(store, incident::resolve_id(store, &id)?)?;
            if out.json {
                return print_json(&list);
            }
            if list.is_empty() {
                return print_text(
                    "No indicators. Add some with: firebreak ioc add INCIDENT VALUE…\n",
                );
            }
            print_text(
                &list
                    .iter()
                    .map(|i| format!("{}\n", ioc_line(i)))
                    .collect::<String>(),
            )
        }
        IocCommand::Export {
            incident: id,
            format,
            output,
            producer,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let saved = indicators::export(
                store,
                id,
                format.parse::<IocExportFormat>()?,
                &output,
                &producer,
            )?;
            if out.json {
                return print_json(&saved);
            }
            print_text(&format!(
                "wrote {} indicator(s) to {} ({} bytes)\n",
                saved.items, saved.path, saved.bytes
            ))
        }
    }
}

pub fn report_command(
    store: &Store,
    a: ReportArgs,
    actor: &str,
    out: &Output,
) -> Result<(), Error> {
    let id = incident::resolve_id(store, &a.incident)?;
    let kind: ReportKind = a.kind.parse()?;
    let format: ReportFormat = match &a.format {
        Some(f) => f.parse()?,
        None => match a
            .output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pdf") => ReportFormat::Pdf,
            Some("html" | "htm") => ReportFormat::Html,
            _ => {
                return Err(Error::validation(
                    "format",
                    "give --format html or pdf (or an output file ending in .html or .pdf)",
                ))
            }
        },
    };
    let saved = report::export(store, id, kind, format, &a.output, actor)?;
    if out.json {
        return print_json(&saved);
    }
    print_text(&format!(
        "wrote {} ({}) to {} ({} bytes)\n",
        kind.label(),
        format,
        saved.path,
        saved.bytes
    ))
}

fn describe(e: &EvidenceItem) -> String {
    let size = e
        .size_bytes
        .map(|s| format!("{s} bytes"))
        .unwrap_or_else(|| "size unknown".into());
    format!(
        "{}  {}  [{}]\n  sha256: {}\n  {} · {} · collected by {} at {}\n  stored: {}\n",
        short(&e.id.to_string()),
        e.label,
        e.status.code().to_uppercase(),
        e.sha256.as_deref().unwrap_or("(not recorded)"),
        e.kind,
        if e.kind == firebreak_core::investigation::vocab::EvidenceKind::File {
            size
        } else {
            "held elsewhere".into()
        },
        e.collected_by,
        e.collected_at.to_rfc3339(),
        if e.storage_location.is_empty() {
            &e.path
        } else {
            &e.storage_location
        },
    )
}

fn ioc_line(i: &Indicator) -> String {
    format!(
        "{:<12}  {:<16}  {}",
        i.ioc_type.code(),
        i.tlp.label(),
        i.value
    )
}

fn short(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

fn read_text(path: &std::path::Path) -> Result<String, Error> {
    let mut text = String::new();
    let io = |source| Error::Io {
        context: format!("reading {}", path.display()),
        source,
    };
    let cap = firebreak_core::files::caps::EXTRACT_TEXT;
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(cap + 1)
            .read_to_string(&mut text)
            .map_err(io)?;
        if text.len() as u64 > cap {
            return Err(firebreak_core::files::too_large(
                "text",
                text.len() as u64,
                cap,
            ));
        }
    } else {
        text = firebreak_core::files::read_text_capped(path, cap, "text file")?;
    }
    Ok(text)
}

/// Percent progress on stderr for people at a terminal; silent for scripts and --json.
fn progress_printer(out: &Output, what: &str) -> impl FnMut(Progress) {
    let show = !out.json && std::io::stderr().is_terminal();
    let what = what.to_owned();
    move |Progress { done, total }| {
        if show && total > 0 {
            let pct = done.saturating_mul(100) / total;
            let mut err = std::io::stderr();
            let _ = write!(err, "\r{what}: {pct:>3}%");
            if done >= total {
                let _ = writeln!(err);
            }
        }
    }
}
