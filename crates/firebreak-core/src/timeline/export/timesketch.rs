//! Timesketch CSV and JSONL. The three columns Timesketch requires (`message`, `datetime`,
//! `timestamp_desc`) come first, then `timestamp` (microseconds, the same instant as
//! `datetime`), `tag` (a JSON list, which Timesketch's CSV reader parses as a list), and
//! Firebreak's own fields as extra attributes, so an export imports back losslessly.

use std::io::Write;

use rusqlite::Connection;
use uuid::Uuid;

use super::row::{self, Row};
use super::{io_error, Ticker};
use crate::timeline::canon::escape_into;
use crate::timeline::{ExportFormat, ExportOptions};
use crate::{Error, Result};

pub(crate) const HEADER: [&str; 26] = [
    "message",
    "datetime",
    "timestamp_desc",
    "timestamp",
    "tag",
    "incident_id",
    "entry_id",
    "seq",
    "kind",
    "occurred_at",
    "recorded_at",
    "recorded_by",
    "source",
    "host",
    "account",
    "tactic",
    "technique",
    "confidence",
    "step_links",
    "action",
    "note",
    "supersedes",
    "reason",
    "superseded",
    "entry_hash",
    "chain_head",
];

pub(super) fn write(
    c: &Connection,
    incident_id: Uuid,
    format: ExportFormat,
    options: &ExportOptions,
    head: &str,
    out: &mut dyn Write,
    tick: &mut Ticker<'_>,
) -> Result<u32> {
    let mut stmt = c.prepare(&row::select(options.include_history))?;
    let mut rows = stmt.query(rusqlite::params![
        incident_id.to_string(),
        options.include_history
    ])?;
    let incident = incident_id.to_string();
    let mut n: u32 = 0;
    match format {
        ExportFormat::TimesketchJsonl => {
            let mut line = Vec::with_capacity(2048);
            while let Some(r) = rows.next()? {
                let r = Row::read(r)?;
                jsonl_line(&mut line, &r, &incident, head)?;
                out.write_all(&line).map_err(io_error)?;
                n += 1;
                tick.tick();
            }
        }
        _ => {
            let mut w = csv::WriterBuilder::new().from_writer(out);
            w.write_record(HEADER).map_err(csv_error)?;
            while let Some(r) = rows.next()? {
                let r = Row::read(r)?;
                let micros = row::utc_micros(r.occurred_utc)?.to_string();
                let seq = r.seq.to_string();
                let confidence = r.confidence.map(|c| c.to_string()).unwrap_or_default();
                let record: [&str; 26] = [
                    r.message,
                    &row::timesketch_datetime(r.occurred_utc),
                    r.timestamp_desc(),
                    &micros,
                    r.tags,
                    &incident,
                    r.id,
                    &seq,
                    r.kind,
                    &row::in_offset(r.occurred_utc, r.occurred_offset)?,
                    &row::in_offset(r.recorded_utc, r.recorded_offset)?,
                    r.recorded_by,
                    r.source,
                    r.host,
                    r.account,
                    &row::list(r.tactics)?.join(","),
                    &row::list(r.techniques)?.join(","),
                    &confidence,
                    &row::list(r.step_links)?.join(","),
                    r.action,
                    r.note,
                    r.supersedes.unwrap_or(""),
                    r.reason,
                    if r.superseded { "true" } else { "false" },
                    r.hash,
                    head,
                ];
                w.write_record(record).map_err(csv_error)?;
                n += 1;
                tick.tick();
            }
            w.flush().map_err(io_error)?;
        }
    }
    Ok(n)
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => io_error(source),
        other => Error::Corrupt(format!("writing CSV: {other:?}")),
    }
}

/// One JSON object and its newline. Written by hand: serde_json's `Value` would allocate a
/// map per row, and the stored lists are already JSON.
fn jsonl_line(out: &mut Vec<u8>, r: &Row<'_>, incident: &str, head: &str) -> Result<()> {
    out.clear();
    let mut first = true;
    let mut put = |out: &mut Vec<u8>, k: &str, v: Val<'_>| {
        out.push(if first { b'{' } else { b',' });
        first = false;
        escape_into(out, k);
        out.push(b':');
        match v {
            Val::Text(s) => escape_into(out, s),
            Val::Raw(s) => out.extend_from_slice(s.as_bytes()),
        }
    };
    let micros = row::utc_micros(r.occurred_utc)?.to_string();
    put(out, "message", Val::Text(r.message));
    put(
        out,
        "datetime",
        Val::Text(&row::timesketch_datetime(r.occurred_utc)),
    );
    put(out, "timestamp_desc", Val::Text(r.timestamp_desc()));
    put(out, "timestamp", Val::Raw(&micros));
    put(out, "tag", Val::Raw(r.tags));
    put(out, "incident_id", Val::Text(incident));
    put(out, "entry_id", Val::Text(r.id));
    put(out, "seq", Val::Raw(&r.seq.to_string()));
    put(out, "kind", Val::Text(r.kind));
    put(
        out,
        "occurred_at",
        Val::Text(&row::in_offset(r.occurred_utc, r.occurred_offset)?),
    );
    put(
        out,
        "recorded_at",
        Val::Text(&row::in_offset(r.recorded_utc, r.recorded_offset)?),
    );
    put(out, "recorded_by", Val::Text(r.recorded_by));
    for (k, v) in [
        ("source", r.source),
        ("host", r.host),
        ("account", r.account),
        ("action", r.action),
        ("note", r.note),
        ("reason", r.reason),
    ] {
        if !v.is_empty() {
            put(out, k, Val::Text(v));
        }
    }
    put(out, "tactic", Val::Raw(r.tactics));
    put(out, "technique", Val::Raw(r.techniques));
    if let Some(c) = r.confidence {
        put(out, "confidence", Val::Raw(&c.to_string()));
    }
    put(out, "step_links", Val::Raw(r.step_links));
    if let Some(s) = r.supersedes {
        put(out, "supersedes", Val::Text(s));
    }
    put(
        out,
        "superseded",
        Val::Raw(if r.superseded { "true" } else { "false" }),
    );
    put(out, "entry_hash", Val::Text(r.hash));
    put(out, "chain_head", Val::Text(head));
    out.extend_from_slice(b"}\n");
    Ok(())
}

enum Val<'a> {
    Text(&'a str),
    /// Already valid JSON (numbers, booleans, stored JSON lists).
    Raw(&'a str),
}
