//! `firebreak timeline …`.

use chrono::Utc;
use firebreak_core::incident;
use firebreak_core::signing::{self, SignatureStatus};
use firebreak_core::timeline::{
    self, ChainStatus, ColumnMapping, ExportOptions, ImportPreview, ImportRequest, NewEvent,
    TimelineEntry, TimelineFilter, TimelineOrder,
};
use firebreak_core::{Error, Store};
use uuid::Uuid;

use crate::args::TimelineCommand;
use crate::render::{print_json, print_text, Output};

pub fn command(
    store: &Store,
    cmd: TimelineCommand,
    actor: &str,
    out: &Output,
) -> Result<(), Error> {
    match cmd {
        TimelineCommand::Add {
            incident: id,
            at,
            message,
            source,
            host,
            account,
            tactic,
            technique,
            confidence,
            tag,
            step,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let event = NewEvent {
                occurred_at: at,
                message,
                source,
                host,
                account,
                tactics: tactic,
                techniques: technique,
                confidence,
                tags: tag,
                step_links: step,
                note: None,
            };
            let entry = timeline::add_event(store, id, event, actor)?;
            if out.json {
                return print_json(&entry);
            }
            print_text(&format!("recorded entry {} ({})\n", entry.seq, entry.id))
        }
        TimelineCommand::List {
            incident: id,
            kind,
            host,
            host_contains,
            actor,
            tactic,
            tag,
            search,
            from,
            to,
            recorded,
            history,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let filter = TimelineFilter {
                kind: kind.as_deref().map(str::parse).transpose()?,
                host,
                host_contains,
                actor,
                tactic,
                tag,
                text: search,
                from,
                to,
                order: Some(if recorded {
                    TimelineOrder::Recorded
                } else {
                    TimelineOrder::Occurred
                }),
                include_history: history,
                offset: None,
                limit: None,
            };
            let entries = timeline::list(store, id, &filter)?;
            if out.json {
                return print_json(&entries);
            }
            print_text(&entries.iter().map(line).collect::<String>())
        }
        TimelineCommand::Hosts {
            incident: id,
            text,
            limit,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let hosts = timeline::hosts(store, id, text.as_deref().unwrap_or(""), limit)?;
            if out.json {
                return print_json(&hosts);
            }
            print_text(
                &hosts
                    .iter()
                    .map(|h| format!("{:>9}  {}\n", h.entries, h.host))
                    .collect::<String>(),
            )
        }
        TimelineCommand::InitialAccess {
            incident,
            entry,
            clear,
        } => crate::initial_access::command(store, &incident, entry, clear, actor, out),
        TimelineCommand::Retract {
            incident: id,
            entry,
            reason,
        } => {
            let id = incident::resolve_id(store, &id)?;
            let entry = Uuid::parse_str(entry.trim()).map_err(|_| {
                Error::validation(
                    "entry",
                    format!("{entry:?} is not an entry id (see timeline list --json)"),
                )
            })?;
            let r = timeline::retract(store, id, entry, &reason, actor)?;
            if out.json {
                return print_json(&r);
            }
            print_text(&format!("retracted; recorded as entry {}\n", r.seq))
        }
        TimelineCommand::Export {
            incident,
            format,
            output,
            tz,
            history,
        } => export(
            store,
            &incident,
            &format,
            &output,
            ExportOptions {
                time_zone: tz,
                include_history: history,
            },
            out,
        ),
        TimelineCommand::Import {
            incident,
            file,
            format,
            map,
            naive_offset,
            skip_undated,
            dry_run,
        } => import(
            store,
            ImportArgs {
                incident,
                file,
                format,
                map,
                naive_offset,
                skip_undated,
                dry_run,
            },
            actor,
            out,
        ),
        TimelineCommand::Verify { incident: id } => {
            let id = incident::resolve_id(store, &id)?;
            let status = timeline::verify(store, id)?;
            let signatures = signing::verify(store, id)?;
            if out.json {
                print_json(&serde_json::json!({ "chain": status, "signatures": signatures }))?;
            }
            match status {
                ChainStatus::Intact { entries, head_hash } => {
                    if !out.json {
                        print_text(&format!("intact: {entries} entries, head {head_hash}\n"))?;
                    }
                }
                ChainStatus::Broken {
                    first_bad_seq,
                    entry_id,
                    problem,
                    ..
                } => {
                    return Err(Error::Corrupt(format!(
                        "timeline chain broken at entry {first_bad_seq} ({entry_id}): {problem}"
                    )))
                }
            }
            signatures_verdict(&signatures, out)
        }
    }
}

/// The signature line of `timeline verify`; entries nobody signed or a signature that does
/// not hold fail it (exit 1), as a broken chain does.
fn signatures_verdict(s: &SignatureStatus, out: &Output) -> Result<(), Error> {
    let names = |authors: &[signing::Author]| {
        authors
            .iter()
            .map(|a| format!("{} ({})", a.name, a.fingerprint))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match s {
        SignatureStatus::Signed {
            checkpoints,
            authors,
            adopted_through,
            ..
        } => {
            if !out.json {
                let adopted = adopted_through.map_or_else(String::new, |n| {
                    format!("; entries 1–{n} were recorded before signing and adopted")
                });
                print_text(&format!(
                    "signed: {checkpoints} checkpoints by {}{adopted}\n",
                    names(authors)
                ))?;
            }
            Ok(())
        }
        SignatureStatus::Unsigned {
            from_seq, to_seq, ..
        } => Err(Error::Corrupt(format!(
            "entries {from_seq}–{to_seq} carry no signature: written without a responder's key \
             (outside Firebreak, or by a build that does not sign)"
        ))),
        SignatureStatus::Broken { seq, problem } => Err(Error::Corrupt(format!(
            "signature check failed at entry {seq}: {problem}"
        ))),
    }
}

fn export(
    store: &Store,
    incident: &str,
    format: &str,
    output: &std::path::Path,
    options: ExportOptions,
    out: &Output,
) -> Result<(), Error> {
    let id = incident::resolve_id(store, incident)?;
    let format = format.parse()?;
    let summary = timeline::export(store, id, format, output, &options, &mut |_| {})?;
    if out.json {
        return print_json(&summary);
    }
    print_text(&format!(
        "wrote {} entries ({} bytes) to {}\nchain head {}\n",
        summary.entries, summary.bytes, summary.path, summary.head_hash
    ))
}

pub struct ImportArgs {
    pub incident: String,
    pub file: std::path::PathBuf,
    pub format: Option<String>,
    pub map: Vec<String>,
    pub naive_offset: Option<String>,
    pub skip_undated: bool,
    pub dry_run: bool,
}

fn import(store: &Store, a: ImportArgs, actor: &str, out: &Output) -> Result<(), Error> {
    let id = incident::resolve_id(store, &a.incident)?;
    let mapping = mapping(&a.map, a.naive_offset)?;
    let format = match a.format.as_deref() {
        Some(f) => f.parse()?,
        None if !a.map.is_empty() => timeline::detect_import_format(&a.file)?.generic(),
        None => timeline::detect_import_format(&a.file)?,
    };
    if a.dry_run {
        let preview = timeline::preview_as(&a.file, Some(format), mapping.as_ref())?;
        if out.json {
            return print_json(&preview);
        }
        return print_text(&dry_run_text(&preview, a.skip_undated));
    }
    let request = ImportRequest {
        format,
        mapping,
        skip_undated: a.skip_undated,
    };
    let summary = timeline::import_with(store, id, &a.file, &request, actor, &mut |_| {})?;
    if out.json {
        return print_json(&summary);
    }
    let undated = if summary.skipped_undated > 0 {
        format!(
            ", {} rows the tool could not date skipped (recorded on the timeline)",
            summary.skipped_undated
        )
    } else {
        String::new()
    };
    print_text(&format!(
        "imported {} of {} rows ({} already present, {} responder actions from another incident not replayed{undated})\n",
        summary.imported, summary.rows, summary.duplicates, summary.skipped_actions
    ))
}

/// What an import would do, as the app's preview shows it.
fn dry_run_text(p: &ImportPreview, skip_undated: bool) -> String {
    let mut text = format!(
        "format: {} ({})\nrows: {}\n",
        p.format_label,
        p.format.code(),
        p.rows
    );
    if p.undated > 0 {
        let what = if skip_undated {
            "would be skipped and the count recorded on the timeline"
        } else {
            "would be refused: add --skip-undated to skip them"
        };
        text.push_str(&format!(
            "undated: {} rows the tool could not date ({}); {what}\n",
            p.undated,
            p.undated_reason.as_deref().unwrap_or("")
        ));
    }
    text.push_str("columns:\n");
    let width = p
        .columns
        .iter()
        .map(|c| c.column.chars().count())
        .max()
        .unwrap_or(0);
    for c in &p.columns {
        text.push_str(&format!("  {:width$}  -> {}\n", c.column, c.field));
    }
    text.push_str("dry run: nothing was imported\n");
    text
}

fn mapping(pairs: &[String], naive_offset: Option<String>) -> Result<Option<ColumnMapping>, Error> {
    if pairs.is_empty() {
        return Ok(naive_offset.map(|o| ColumnMapping {
            occurred_at: "datetime".into(),
            message: "message".into(),
            naive_offset: Some(o),
            ..ColumnMapping::default()
        }));
    }
    let mut m = ColumnMapping {
        naive_offset,
        ..ColumnMapping::default()
    };
    for pair in pairs {
        let (field, column) = pair
            .split_once('=')
            .ok_or_else(|| Error::validation("map", format!("{pair:?} is not FIELD=COLUMN")))?;
        let column = column.trim().to_owned();
        let slot = match field.trim() {
            "occurred_at" | "time" | "datetime" | "date" => {
                m.occurred_at = column;
                continue;
            }
            "message" => {
                m.message = column;
                continue;
            }
            "source" => &mut m.source,
            "host" => &mut m.host,
            "account" => &mut m.account,
            "tactics" | "tactic" => &mut m.tactics,
            "techniques" | "technique" => &mut m.techniques,
            "confidence" => &mut m.confidence,
            "tags" | "tag" => &mut m.tags,
            "time_of_day" => &mut m.time_of_day,
            "time_zone" | "timezone" | "zone" => &mut m.time_zone,
            other => {
                return Err(Error::validation(
                    "map",
                    format!(
                        "unknown field {other:?}; fields are occurred_at, message, source, host, \
                         account, tactics, techniques, confidence, tags, time_of_day, time_zone"
                    ),
                ))
            }
        };
        *slot = Some(column);
    }
    Ok(Some(m))
}

fn line(e: &TimelineEntry) -> String {
    let at = e
        .occurred_at
        .with_timezone(&Utc)
        .format("%Y-%m-%d %H:%M:%S%.6f");
    let who = if e.account.is_empty() {
        e.recorded_by.clone()
    } else {
        e.account.clone()
    };
    let host = if e.host.is_empty() {
        String::new()
    } else {
        format!(" [{}]", e.host)
    };
    let mark = if e.superseded { " (superseded)" } else { "" };
    format!(
        "{at}Z  {:<10} {who}{host}: {}{mark}\n",
        e.kind.code(),
        e.summary.replace('\n', " ")
    )
}
