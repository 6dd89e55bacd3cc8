//! Timesketch CSV and JSONL. The three columns Timesketch requires (`message`, `datetime`,
//! `timestamp_desc`) come first, then `timestamp` (microseconds, the same instant as
//! `datetime`), `tag` (a JSON list, which Timesketch's CSV reader parses as a list), and
//! Firebreak's own fields as extra attributes, so an export imports back losslessly.

use std::io::Write;
use std::sync::mpsc;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use uuid::Uuid;

use super::batch::{self, Batch};
use super::row::{self, Row};
use super::{io_error, Ticker};
use crate::timeline::canon::{decimal, escape_into};
use crate::timeline::{chain, stamp};
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
    out: &mut (dyn Write + Send),
    tick: &mut Ticker<'_>,
) -> Result<u32> {
    let mut stmt = c.prepare(&row::select(options.include_history))?;
    let mut rows = stmt.query(rusqlite::params![
        incident_id.to_string(),
        options.include_history
    ])?;
    let incident = incident_id.to_string();
    // This thread steps through SQLite (the connection stays on it); the other formats and
    // writes. Batches go back to be refilled, so their memory is allocated and freed here.
    std::thread::scope(|scope| {
        let (to_writer, batches) = mpsc::sync_channel::<Batch>(4);
        let (done, finished) = mpsc::channel::<Batch>();
        let incident = incident.as_str();
        let writer = scope.spawn(move || format_all(batches, &done, format, incident, head, out));
        let read = (|| -> Result<()> {
            let mut batch = Batch::default();
            while let Some(r) = rows.next()? {
                batch.push(r, row::COLUMNS)?;
                tick.tick()?;
                if batch.len() == batch::ROWS {
                    let next = finished.try_recv().map(Batch::cleared).unwrap_or_default();
                    if to_writer.send(std::mem::replace(&mut batch, next)).is_err() {
                        // The writer failed; its error is the one to report.
                        return Ok(());
                    }
                }
            }
            if !batch.is_empty() {
                let _ = to_writer.send(batch);
            }
            Ok(())
        })();
        drop(to_writer);
        let written = writer
            .join()
            .map_err(|_| Error::Corrupt("the export writer stopped unexpectedly".into()))?;
        read?;
        written
    })
}

/// Formats and writes every row of every batch; returns how many.
fn format_all(
    batches: mpsc::Receiver<Batch>,
    done: &mpsc::Sender<Batch>,
    format: ExportFormat,
    incident: &str,
    head: &str,
    out: &mut (dyn Write + Send),
) -> Result<u32> {
    let mut f = Fields::default();
    let mut n: u32 = 0;
    let mut each_row = |batch: &Batch, emit: &mut dyn FnMut(&Row<'_>, &Fields) -> Result<()>| {
        for vals in batch.rows() {
            let mut values = [ValueRef::Null; row::COLUMNS];
            for (slot, v) in values.iter_mut().zip(vals) {
                *slot = v;
            }
            let r = Row::from_values(&values)?;
            f.fill(&r)?;
            emit(&r, &f)?;
            n += 1;
        }
        Ok::<(), Error>(())
    };
    match format {
        ExportFormat::TimesketchJsonl => {
            let mut line = Vec::with_capacity(2048);
            for batch in batches {
                each_row(&batch, &mut |r, f| {
                    jsonl_line(&mut line, r, f, incident, head);
                    out.write_all(&line).map_err(io_error)
                })?;
                let _ = done.send(batch);
            }
        }
        _ => {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(out);
            w.write_record(HEADER).map_err(csv_error)?;
            for batch in batches {
                each_row(&batch, &mut |r, f| {
                    w.write_record(csv_record(r, f, incident, head))
                        .map_err(csv_error)
                })?;
                let _ = done.send(batch);
            }
            w.flush().map_err(io_error)?;
        }
    }
    Ok(n)
}

fn csv_record<'a>(
    r: &'a Row<'_>,
    f: &'a Fields,
    incident: &'a str,
    head: &'a str,
) -> [&'a [u8]; 26] {
    [
        r.message.as_bytes(),
        &f.datetime,
        r.timestamp_desc().as_bytes(),
        &f.micros,
        r.tags.as_bytes(),
        incident.as_bytes(),
        &f.id,
        &f.seq,
        r.kind.as_bytes(),
        &f.occurred,
        &f.recorded,
        r.recorded_by.as_bytes(),
        r.source.as_bytes(),
        r.host.as_bytes(),
        r.account.as_bytes(),
        f.tactic.as_bytes(),
        f.technique.as_bytes(),
        &f.confidence,
        f.step_links.as_bytes(),
        r.action.as_bytes(),
        r.note.as_bytes(),
        &f.supersedes,
        r.reason.as_bytes(),
        if r.superseded { b"true" } else { b"false" },
        &f.hash,
        head.as_bytes(),
    ]
}

/// The formatted values of one row, in buffers reused from row to row.
#[derive(Default)]
struct Fields {
    datetime: Vec<u8>,
    micros: Vec<u8>,
    id: Vec<u8>,
    seq: Vec<u8>,
    occurred: Vec<u8>,
    recorded: Vec<u8>,
    tactic: String,
    technique: String,
    confidence: Vec<u8>,
    step_links: String,
    supersedes: Vec<u8>,
    hash: Vec<u8>,
}

impl Fields {
    fn fill(&mut self, r: &Row<'_>) -> Result<()> {
        let clear = |v: &mut Vec<u8>| v.clear();
        for v in [
            &mut self.datetime,
            &mut self.micros,
            &mut self.id,
            &mut self.seq,
            &mut self.occurred,
            &mut self.recorded,
            &mut self.confidence,
            &mut self.supersedes,
            &mut self.hash,
        ] {
            clear(v);
        }
        stamp::rfc3339(&mut self.datetime, r.occurred_at, 0);
        int(&mut self.micros, r.occurred_at);
        uuid(&mut self.id, &r.id);
        int(&mut self.seq, r.seq);
        stamp::rfc3339(&mut self.occurred, r.occurred_at, r.occurred_offset);
        stamp::rfc3339(&mut self.recorded, r.recorded_at, r.recorded_offset);
        joined(&mut self.tactic, r.tactics)?;
        joined(&mut self.technique, r.techniques)?;
        if let Some(c) = r.confidence {
            int(&mut self.confidence, c);
        }
        joined(&mut self.step_links, r.step_links)?;
        if let Some(s) = &r.supersedes {
            uuid(&mut self.supersedes, s);
        }
        chain::push_hex(&mut self.hash, r.hash);
        Ok(())
    }
}

fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    out.extend_from_slice(decimal(v.unsigned_abs(), &mut digits));
}

fn uuid(out: &mut Vec<u8>, u: &Uuid) {
    let mut text = [0u8; 36];
    out.extend_from_slice(u.hyphenated().encode_lower(&mut text).as_bytes());
}

/// A stored JSON list of strings, comma-separated. Lists of plain ids (tactics, techniques,
/// step references) are read without a JSON parser; anything with an escape takes the
/// parser.
fn joined(out: &mut String, json: &str) -> Result<()> {
    out.clear();
    if let Some(inner) = json.strip_prefix('[').and_then(|j| j.strip_suffix(']')) {
        if !inner.contains(['\\', ' ']) {
            for (i, item) in inner.split(',').filter(|s| !s.is_empty()).enumerate() {
                let Some(item) = item.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
                    return slow_joined(out, json);
                };
                if i > 0 {
                    out.push(',');
                }
                out.push_str(item);
            }
            return Ok(());
        }
    }
    slow_joined(out, json)
}

fn slow_joined(out: &mut String, json: &str) -> Result<()> {
    out.clear();
    out.push_str(&row::list(json)?.join(","));
    Ok(())
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => io_error(source),
        other => Error::Corrupt(format!("writing CSV: {other:?}")),
    }
}

/// One JSON object and its newline. Written by hand: serde_json's `Value` would allocate a
/// map per row, and the stored lists are already JSON.
fn jsonl_line(out: &mut Vec<u8>, r: &Row<'_>, f: &Fields, incident: &str, head: &str) {
    out.clear();
    let mut first = true;
    let mut put = |out: &mut Vec<u8>, k: &str, v: Val<'_>| {
        out.push(if first { b'{' } else { b',' });
        first = false;
        escape_into(out, k);
        out.push(b':');
        match v {
            Val::Text(s) => escape_into(out, s),
            Val::Plain(s) => {
                out.push(b'"');
                out.extend_from_slice(s);
                out.push(b'"');
            }
            Val::Raw(s) => out.extend_from_slice(s),
        }
    };
    put(out, "message", Val::Text(r.message));
    put(out, "datetime", Val::Plain(&f.datetime));
    put(out, "timestamp_desc", Val::Text(r.timestamp_desc()));
    put(out, "timestamp", Val::Raw(&f.micros));
    put(out, "tag", Val::Raw(r.tags.as_bytes()));
    put(out, "incident_id", Val::Text(incident));
    put(out, "entry_id", Val::Plain(&f.id));
    put(out, "seq", Val::Raw(&f.seq));
    put(out, "kind", Val::Text(r.kind));
    put(out, "occurred_at", Val::Plain(&f.occurred));
    put(out, "recorded_at", Val::Plain(&f.recorded));
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
    put(out, "tactic", Val::Raw(r.tactics.as_bytes()));
    put(out, "technique", Val::Raw(r.techniques.as_bytes()));
    if r.confidence.is_some() {
        put(out, "confidence", Val::Raw(&f.confidence));
    }
    put(out, "step_links", Val::Raw(r.step_links.as_bytes()));
    if r.supersedes.is_some() {
        put(out, "supersedes", Val::Plain(&f.supersedes));
    }
    put(
        out,
        "superseded",
        Val::Raw(if r.superseded { b"true" } else { b"false" }),
    );
    put(out, "entry_hash", Val::Plain(&f.hash));
    put(out, "chain_head", Val::Text(head));
    out.extend_from_slice(b"}\n");
}

enum Val<'a> {
    Text(&'a str),
    /// Text known to need no escaping (times, ids, hex).
    Plain(&'a [u8]),
    /// Already valid JSON (numbers, booleans, stored JSON lists).
    Raw(&'a [u8]),
}
