//! `firebreak timeline …`.

use chrono::Utc;
use firebreak_core::incident;
use firebreak_core::timeline::{
    self, ChainStatus, NewEvent, TimelineEntry, TimelineFilter, TimelineOrder,
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
                limit: None,
            };
            let entries = timeline::list(store, id, &filter)?;
            if out.json {
                return print_json(&entries);
            }
            print_text(&entries.iter().map(line).collect::<String>())
        }
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
        TimelineCommand::Verify { incident: id } => {
            let id = incident::resolve_id(store, &id)?;
            let status = timeline::verify(store, id)?;
            if out.json {
                print_json(&status)?;
            }
            match status {
                ChainStatus::Intact { entries, head_hash } => {
                    if !out.json {
                        print_text(&format!("intact: {entries} entries, head {head_hash}\n"))?;
                    }
                    Ok(())
                }
                ChainStatus::Broken {
                    first_bad_seq,
                    entry_id,
                    problem,
                    ..
                } => Err(Error::Corrupt(format!(
                    "timeline chain broken at entry {first_bad_seq} ({entry_id}): {problem}"
                ))),
            }
        }
    }
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
        e.message.replace('\n', " ")
    )
}
