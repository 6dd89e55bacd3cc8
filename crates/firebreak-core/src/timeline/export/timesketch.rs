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
use super::row::{self, Listing, Row};
use super::{io_error, Ticker};
use crate::timeline::canon::{decimal, escape_into};
use crate::timeline::ExportFormat;
use crate::timeline::{chain, stamp};
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
    listing: &Listing,
    head: &str,
    out: &mut (dyn Write + Send),
    tick: &mut Ticker<'_>,
) -> Result<u32> {
    let mut stmt = c.prepare(&row::select())?;
    let mut rows = stmt.query(listing.params(incident_id))?;
    let incident = incident_id.to_string();
    // This thread steps through SQLite (the connection stays on it); the other formats and
    // writes. Batches go back to be refilled, so their memory is allocated and freed here.
    std::thread::scope(|scope| {
        let (to_writer, batches) = mpsc::sync_channel::<Batch>(4);
        let (done, finished) = mpsc::channel::<Batch>();
        let incident = incident.as_str();
        let writer =
            scope.spawn(move || format_all(batches, &done, format, incident, head, listing, out));
        let read = (|| -> Result<()> {
            let mut batch = Batch::default();
            while let Some(r) = rows.next()? {
                if listing.hides(r.get_ref(0)?) {
                    continue;
                }
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
    listing: &Listing,
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
            let r = Row::from_values(&values, listing)?;
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
            let spreadsheet = format == ExportFormat::SpreadsheetCsv;
            let mut line = Vec::with_capacity(2048);
            csv_line(
                &mut line,
                HEADER.iter().map(|h| Csv::Plain(h.as_bytes())),
                false,
            );
            out.write_all(&line).map_err(io_error)?;
            for batch in batches {
                each_row(&batch, &mut |r, f| {
                    csv_line(&mut line, csv_record(r, f, incident, head), spreadsheet);
                    out.write_all(&line).map_err(io_error)
                })?;
                let _ = done.send(batch);
            }
        }
    }
    Ok(n)
}

/// The row's CSV fields in [`HEADER`] order. The chain head goes on the first row only.
fn csv_record<'a>(
    r: &'a Row<'_>,
    f: &'a Fields,
    incident: &'a str,
    head: &'a str,
) -> [Csv<'a>; 26] {
    use Csv::{Plain, Text};
    [
        Text(r.message.as_bytes()),
        Plain(&f.datetime),
        Plain(r.timestamp_desc().as_bytes()),
        Plain(&f.micros),
        Text(r.tags.as_bytes()),
        Text(incident.as_bytes()),
        Plain(&f.id),
        Plain(&f.seq),
        Text(r.kind.as_bytes()),
        Plain(&f.occurred),
        Plain(&f.recorded),
        Text(r.recorded_by.as_bytes()),
        Text(r.source.as_bytes()),
        Text(r.host.as_bytes()),
        Text(r.account.as_bytes()),
        Text(f.tactic.as_bytes()),
        Text(f.technique.as_bytes()),
        Plain(&f.confidence),
        Text(f.step_links.as_bytes()),
        Text(r.action.as_bytes()),
        Text(r.note.as_bytes()),
        Plain(&f.supersedes),
        Text(r.reason.as_bytes()),
        Plain(if r.superseded { b"true" } else { b"false" }),
        Plain(&f.hash),
        Plain(if f.is_first() { head.as_bytes() } else { b"" }),
    ]
}

/// A CSV field: text that may need quoting, or text Firebreak formatted that cannot (times,
/// numbers, ids, hex).
enum Csv<'a> {
    Text(&'a [u8]),
    Plain(&'a [u8]),
}

/// One RFC 4180 record and its newline: fields with a comma, a quote or a line break are
/// quoted and their quotes doubled. Written by hand: a general CSV writer inspects every
/// byte of every field through its state machine, a third of the export's formatting time.
/// With `spreadsheet`, text that would start a formula gets a leading apostrophe (see
/// [`crate::files::spreadsheet_cell`]); the fields Firebreak formats (times, numbers,
/// hashes) never start one.
fn csv_line<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = Csv<'a>>, spreadsheet: bool) {
    out.clear();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if let (true, Csv::Text(v)) = (spreadsheet, &field) {
            if v.first()
                .is_some_and(|b| crate::files::FORMULA_START.contains(&char::from(*b)))
            {
                // Quoted so the apostrophe and a leading tab or CR stay inside the field.
                out.push(b'"');
                out.push(b'\'');
                push_doubling_quotes(out, v);
                out.push(b'"');
                continue;
            }
        }
        match field {
            Csv::Plain(v) => out.extend_from_slice(v),
            Csv::Text(v) if !needs_quotes(v) => out.extend_from_slice(v),
            Csv::Text(v) => {
                out.push(b'"');
                push_doubling_quotes(out, v);
                out.push(b'"');
            }
        }
    }
    out.push(b'\n');
}

fn push_doubling_quotes(out: &mut Vec<u8>, v: &[u8]) {
    for part in v.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(part);
        if part.ends_with(b"\"") {
            out.push(b'"');
        }
    }
}

fn needs_quotes(v: &[u8]) -> bool {
    // No early exit, so the loop vectorises; fields are short.
    v.iter()
        .fold(false, |q, &b| q | matches!(b, b',' | b'"' | b'\n' | b'\r'))
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
    /// Rows filled so far: the file's first carries the chain head.
    rows: u64,
}

impl Fields {
    fn is_first(&self) -> bool {
        self.rows == 1
    }

    fn fill(&mut self, r: &Row<'_>) -> Result<()> {
        self.rows += 1;
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
        // `datetime` already says it when the offset was UTC.
        if r.occurred_offset != 0 {
            stamp::rfc3339(&mut self.occurred, r.occurred_at, r.occurred_offset);
        }
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
    if !f.occurred.is_empty() {
        put(out, "occurred_at", Val::Plain(&f.occurred));
    }
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
    if f.is_first() {
        put(out, "chain_head", Val::Text(head));
    }
    out.extend_from_slice(b"}\n");
}

enum Val<'a> {
    Text(&'a str),
    /// Text known to need no escaping (times, ids, hex).
    Plain(&'a [u8]),
    /// Already valid JSON (numbers, booleans, stored JSON lists).
    Raw(&'a [u8]),
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The records an RFC 4180 reader finds in `text`.
    fn read_back(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text)
            .byte_records()
            .map(|r| {
                r.map(|r| r.iter().map(<[u8]>::to_vec).collect())
                    .unwrap_or_default()
            })
            .collect()
    }

    proptest! {
        /// Any text, however quoted, comes back from an RFC 4180 reader as written.
        #[test]
        fn a_csv_line_reads_back_field_for_field(
            fields in proptest::collection::vec(
                proptest::string::string_regex("[a-z,\"\r\n Łódź東京🙂]{0,12}").unwrap_or_else(|_| unreachable!()),
                2..8,
            )
        ) {
            let mut line = Vec::new();
            csv_line(&mut line, fields.iter().map(|f| Csv::Text(f.as_bytes())), false);
            prop_assert!(line.ends_with(b"\n"));
            let want: Vec<Vec<u8>> = fields.iter().map(|f| f.as_bytes().to_vec()).collect();
            prop_assert_eq!(read_back(&line), vec![want]);
        }
    }

    #[test]
    fn only_fields_with_a_comma_quote_or_line_break_are_quoted() {
        let mut line = Vec::new();
        csv_line(
            &mut line,
            [
                Csv::Text(b"plain"),
                Csv::Text(b"a,b"),
                Csv::Text(b"say \"hi\""),
                Csv::Text(b"two\nlines"),
                Csv::Text(b"cr\r"),
                Csv::Text(b""),
                Csv::Plain(b"2026-11-20T00:00:00.000000+00:00"),
            ],
            false,
        );
        assert_eq!(
            String::from_utf8_lossy(&line),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",,2026-11-20T00:00:00.000000+00:00\n"
        );
    }

    #[test]
    fn the_spreadsheet_variant_neutralises_formula_cells_only() {
        let mut line = Vec::new();
        let cells: [&[u8]; 8] = [
            b"=HYPERLINK(\"https://evil.example\")",
            b"+1 555",
            b"-cmd",
            b"@SUM(1)",
            b"\tx",
            b"\r=1",
            b"a=b",
            b"plain",
        ];
        csv_line(
            &mut line,
            cells
                .iter()
                .map(|c| Csv::Text(c))
                .chain([Csv::Plain(b"-42")]),
            true,
        );
        let want: Vec<Vec<u8>> = [
            "'=HYPERLINK(\"https://evil.example\")",
            "'+1 555",
            "'-cmd",
            "'@SUM(1)",
            "'\tx",
            "'\r=1",
            "a=b",
            "plain",
            "-42",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        assert_eq!(read_back(&line), vec![want]);
        // The Timesketch variant stays byte-faithful.
        csv_line(&mut line, [Csv::Text(b"=1+1")], false);
        assert_eq!(line, b"=1+1\n");
    }
}
