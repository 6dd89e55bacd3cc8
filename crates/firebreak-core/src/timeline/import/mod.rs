//! Imports into an incident's timeline: Timesketch CSV and JSONL, and any CSV with a column
//! mapping. All or nothing: the whole file is read inside one write transaction and the first
//! bad row rolls it back, naming its line. Files are streamed, so memory does not grow with
//! their size. Re-importing a file adds nothing: each imported entry keeps a key of its
//! content (or, for a row this incident exported itself, is recognised by its entry id).

mod fields;
mod source;

use std::path::Path;
use std::sync::mpsc;

use chrono::FixedOffset;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::canon::Canon;
use super::chain::{Appender, Stored};
use super::stamp;
use super::{ColumnMapping, ImportFormat, ImportPreview, ImportSummary, Progress, Watch};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};
use fields::{Input, Role};
use source::{row_error, CsvSource, JsonlSource, Record};

/// Progress is reported every this many rows.
const PROGRESS_EVERY: u32 = 10_000;
const SAMPLE_ROWS: usize = 5;

/// What `path` looks like: the format guessed from its name and header, its columns, the
/// first rows, and a mapping guessed from the column names.
pub fn preview(path: &Path) -> Result<ImportPreview> {
    let bytes = file_size(path)?;
    let named = |e: Error| with_file(e, path);
    let jsonl = has_extension(path, &["jsonl", "ndjson", "json"]);
    let (format, headers, sample) = if jsonl {
        let mut src = JsonlSource::open(path)?;
        let mut headers: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut maps = Vec::new();
        while maps.len() < SAMPLE_ROWS {
            let Some(rec) = src.next().map_err(named)? else {
                break;
            };
            if let source::Fields::Json(map) = rec.fields {
                for k in map.keys() {
                    if seen.insert(k.clone()) {
                        headers.push(k.clone());
                    }
                }
                maps.push(map);
            }
        }
        let sample = maps
            .iter()
            .map(|m| {
                headers
                    .iter()
                    .map(|h| match m.get(h) {
                        None | Some(serde_json::Value::Null) => String::new(),
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                    })
                    .collect()
            })
            .collect();
        (ImportFormat::TimesketchJsonl, headers, sample)
    } else {
        let mut src = CsvSource::open(path).map_err(named)?;
        let mut sample = Vec::new();
        while sample.len() < SAMPLE_ROWS {
            match src.next().map_err(named)? {
                Some(Record {
                    fields: source::Fields::Csv(values),
                    ..
                }) => sample.push(values),
                _ => break,
            }
        }
        let timesketch = ["message", "datetime", "timestamp_desc"]
            .iter()
            .all(|m| src.headers.iter().any(|h| h == m));
        let format = if timesketch {
            ImportFormat::TimesketchCsv
        } else {
            ImportFormat::GenericCsv
        };
        (format, src.headers.clone(), sample)
    };
    Ok(ImportPreview {
        format,
        suggested: suggest_mapping(&headers),
        headers,
        sample,
        bytes,
    })
}

/// Imports every row of `path` into the incident's timeline, or nothing.
pub fn import(
    store: &Store,
    incident_id: Uuid,
    path: &Path,
    format: ImportFormat,
    mapping: Option<&ColumnMapping>,
    actor: &str,
    progress: &mut dyn Watch,
) -> Result<ImportSummary> {
    let total = file_size(path)?;
    let naive_offset = match mapping.and_then(|m| m.naive_offset.as_deref()) {
        Some(o) if !o.trim().is_empty() => Some(fields::parse_offset(o)?),
        _ => None,
    };
    if format == ImportFormat::GenericCsv {
        let m = mapping.ok_or_else(|| {
            Error::validation(
                "mapping",
                "a generic CSV needs a column mapping: which column holds the time and which the message",
            )
        })?;
        if m.occurred_at.trim().is_empty() || m.message.trim().is_empty() {
            return Err(Error::validation(
                "mapping",
                "choose the columns holding the time and the message",
            ));
        }
    }
    let job = Job {
        incident_id,
        incident: incident_id.to_string(),
        now: time::now_local(),
        actor: actor.trim().to_owned(),
        naive_offset,
        format,
        mapping: mapping.cloned(),
    };
    store
        .write(|tx| {
            super::query::require_incident(tx, incident_id)?;
            let _cache = BigCache::new(tx)?;
            let appender = Appender::new(tx, incident_id)?;
            let mut run = Run {
                tx,
                latest: latest_occurred(tx, appender.incident())?,
                appender,
                summary: ImportSummary {
                    rows: 0,
                    imported: 0,
                    duplicates: 0,
                    skipped_actions: 0,
                    head_hash: String::new(),
                },
            };
            // Reading, parsing and validating rows (one thread) overlaps with chaining and
            // storing them (this one, which holds the transaction).
            std::thread::scope(|scope| {
                let (to_writer, batches) = mpsc::sync_channel::<Result<Batch>>(4);
                let (done, finished) = mpsc::channel::<Batch>();
                let job = &job;
                let reader = scope.spawn(move || read(job, path, &to_writer, &finished));
                let mut reported = 0;
                for batch in batches {
                    if progress.cancelled() {
                        return Err(Error::Cancelled(
                            "the import was stopped; nothing was imported".into(),
                        ));
                    }
                    let mut batch = batch?;
                    run.summary.rows += batch.rows;
                    run.summary.skipped_actions += batch.skipped_actions;
                    for row in &mut batch.rows_read {
                        let (start, at, end) = row.canonical;
                        let canonical = batch.canon.get(start..end).unwrap_or_default();
                        run.store(row, (canonical, at - start))?;
                    }
                    // Back to the reader, to be emptied and refilled there: glibc frees
                    // memory of another thread's arena under that arena's lock, which the
                    // reader holds all the time it allocates; that contention cost more than
                    // the overlap gained.
                    let bytes_read = batch.bytes_read;
                    let _ = done.send(batch);
                    if run.summary.rows - reported >= PROGRESS_EVERY {
                        reported = run.summary.rows;
                        progress.progress(Progress {
                            done: bytes_read,
                            total,
                        });
                    }
                }
                reader
                    .join()
                    .map_err(|_| Error::Corrupt("the import reader stopped unexpectedly".into()))
            })?;
            progress.progress(Progress { done: total, total });
            run.summary.head_hash = run.appender.head_hex();
            Ok(run.summary)
        })
        .map_err(|e| with_file(e, path))
}

/// Rows are handed to the writing thread in batches of this many.
const BATCH: usize = 2048;

/// Rows read, parsed and validated, ready to be chained and stored.
#[derive(Default)]
struct Batch {
    rows: u32,
    skipped_actions: u32,
    rows_read: Vec<Parsed>,
    /// The canonical forms of `rows_read` without their seq, one after another.
    canon: Vec<u8>,
    bytes_read: u64,
}

impl Batch {
    /// A batch the writer has finished with, emptied for reuse, or a new one.
    fn recycled(finished: &mpsc::Receiver<Batch>) -> Batch {
        let Ok(mut batch) = finished.try_recv() else {
            return Batch::default();
        };
        batch.rows = 0;
        batch.skipped_actions = 0;
        batch.rows_read.clear();
        batch.canon.clear();
        batch.bytes_read = 0;
        batch
    }
}

struct Parsed {
    stored: Stored,
    /// The entry id of a row that says it came from this very incident's export.
    own_entry: Option<Uuid>,
    /// Where its canonical form is in the batch's `canon`: start, where seq goes, end.
    canonical: (usize, usize, usize),
}

/// What the reading thread reuses from row to row.
struct Scratch {
    canon: Canon,
    ids: Ids,
}

/// Entry ids for one import: UUIDv7 (RFC 9562) carrying the import's time, whose 74 bits
/// after it are a random start counting up (the RFC's monotonic method) rather than fresh
/// random bits each. A million ids then cost no system call each, and each sorts after the
/// one before, so the id index only grows at its end.
struct Ids {
    millis: u128,
    counter: u128,
}

impl Ids {
    fn new(now: &Moment) -> Ids {
        // A fresh id's 62 random bits (rand_b), so counting up in 74 never wraps.
        let start = Uuid::now_v7().as_u128() & ((1 << 62) - 1);
        let millis = u128::try_from(stamp::micros(now).div_euclid(1000)).unwrap_or_default();
        Ids {
            millis: millis & ((1 << 48) - 1),
            counter: start,
        }
    }

    fn next(&mut self) -> Uuid {
        self.counter += 1;
        let rand_a = (self.counter >> 62) & 0xfff;
        let rand_b = self.counter & ((1 << 62) - 1);
        Uuid::from_u128(self.millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b)
    }
}

/// Reads the whole file into batches for the writer; the first bad row ends it with that
/// row's error. Stops quietly when the writer has stopped listening (it failed).
fn read(
    job: &Job,
    path: &Path,
    out: &mpsc::SyncSender<Result<Batch>>,
    finished: &mpsc::Receiver<Batch>,
) {
    let mut batch = Batch::default();
    let mut scratch = Scratch {
        canon: Canon::default(),
        ids: Ids::new(&job.now),
    };
    let send = |batch: &mut Batch, bytes: u64| {
        batch.bytes_read = bytes;
        let full = std::mem::replace(batch, Batch::recycled(finished));
        out.send(Ok(full)).is_ok()
    };
    let result = (|| -> Result<()> {
        match job.format {
            ImportFormat::TimesketchJsonl => {
                let mut src = JsonlSource::open(path)?;
                while let Some(rec) = src.next()? {
                    parse(
                        job,
                        &mut scratch,
                        &mut batch,
                        &rec,
                        &[],
                        &[],
                        &fields::timesketch_role,
                        true,
                    )?;
                    if batch.rows_read.len() >= BATCH && !send(&mut batch, src.bytes_read()) {
                        return Ok(());
                    }
                }
                send(&mut batch, src.bytes_read());
            }
            ImportFormat::TimesketchCsv | ImportFormat::GenericCsv => {
                let mut src = CsvSource::open(path)?;
                let role_of: Box<dyn Fn(&str) -> Role> = match (job.format, &job.mapping) {
                    (ImportFormat::GenericCsv, Some(m)) => {
                        Box::new(move |name: &str| fields::mapped_role(name, m))
                    }
                    _ => Box::new(fields::timesketch_role),
                };
                let roles: Vec<Role> = src.headers.iter().map(|h| role_of(h)).collect();
                check_columns(&src.headers, &roles, job.format, job.mapping.as_ref())?;
                let headers = src.headers.clone();
                while let Some(rec) = src.next()? {
                    parse(
                        job,
                        &mut scratch,
                        &mut batch,
                        &rec,
                        &headers,
                        &roles,
                        &*role_of,
                        false,
                    )?;
                    if batch.rows_read.len() >= BATCH && !send(&mut batch, src.bytes_read()) {
                        return Ok(());
                    }
                }
                send(&mut batch, src.bytes_read());
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = out.send(Err(e));
    }
}

/// One row into `batch`: an entry, or a responder action of another incident to skip.
#[allow(clippy::too_many_arguments)]
fn parse(
    job: &Job,
    scratch: &mut Scratch,
    batch: &mut Batch,
    rec: &Record,
    headers: &[String],
    roles: &[Role],
    role_of: &dyn Fn(&str) -> Role,
    per_line_check: bool,
) -> Result<()> {
    batch.rows += 1;
    let input = Input::collect(rec, headers, roles, role_of)?;
    if per_line_check {
        input.require_timesketch_fields()?;
    }
    if input.is_foreign_action() {
        batch.skipped_actions += 1;
        return Ok(());
    }
    let line = rec.line;
    let (event, occurred) = input.event(job.naive_offset)?;
    let id = scratch.ids.next();
    let mut stored = super::event_row(id, job.incident_id, &event, &occurred, &job.now, &job.actor)
        .map_err(|e| match e {
            Error::Validation { field, message } => row_error(line, format!("{field}: {message}")),
            other => other,
        })?;
    stored.import_key = Some(import_key(&stored));
    let own_entry = match (input.incident_id.as_deref(), input.entry_id.as_deref()) {
        (Some(inc), Some(entry)) if inc == job.incident => Uuid::parse_str(entry).ok(),
        _ => None,
    };
    let (canonical, at) = stored.canonical_unsequenced(&mut scratch.canon);
    let start = batch.canon.len();
    batch.canon.extend_from_slice(canonical);
    batch.rows_read.push(Parsed {
        stored,
        own_entry,
        canonical: (start, start + at, batch.canon.len()),
    });
    Ok(())
}

/// SQLite's default 2 MiB page cache makes a large import spend most of its time re-reading
/// and re-writing index pages through the OS. A fixed, larger cache for the import's
/// duration keeps them in memory: memory is bounded by this constant, not by the file.
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

struct BigCache<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> BigCache<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        Ok(BigCache { conn, before })
    }
}

impl Drop for BigCache<'_> {
    fn drop(&mut self) {
        // Failing to shrink the cache again only costs memory until the next import.
        let _ = self.conn.pragma_update(None, "cache_size", self.before);
    }
}

struct Job {
    incident_id: Uuid,
    /// The id as text, as exports write it.
    incident: String,
    now: Moment,
    actor: String,
    naive_offset: Option<FixedOffset>,
    format: ImportFormat,
    mapping: Option<ColumnMapping>,
}

struct Run<'t> {
    tx: &'t Connection,
    appender: Appender<'t>,
    /// The latest occurred-at in the incident's timeline so far (imported rows included).
    latest: Option<i64>,
    summary: ImportSummary,
}

fn latest_occurred(c: &Connection, incident: i64) -> Result<Option<i64>> {
    Ok(c.query_row(
        "SELECT max(occurred_at) FROM timeline_entries WHERE incident = ?1",
        [incident],
        |r| r.get(0),
    )?)
}

impl Run<'_> {
    /// Stores the row unless it is already there.
    fn store(&mut self, row: &mut Parsed, canonical: (&[u8], usize)) -> Result<()> {
        let key = row.stored.import_key.unwrap_or_default();
        if self.is_own_entry(row.own_entry)? || self.key_exists(row.stored.occurred_at, &key)? {
            self.summary.duplicates += 1;
            return Ok(());
        }
        self.latest = self.latest.max(Some(row.stored.occurred_at));
        self.appender.push_prepared(&mut row.stored, canonical)?;
        self.summary.imported += 1;
        Ok(())
    }

    /// A row this very incident exported: already here under its own id.
    fn is_own_entry(&self, entry: Option<Uuid>) -> Result<bool> {
        let Some(entry) = entry else {
            return Ok(false);
        };
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM timeline_entries WHERE id = ?1 AND incident = ?2")?
            .query_row(rusqlite::params![entry, self.appender.incident()], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    /// Whether an entry with this content is already in the incident. The same content
    /// means the same instant, so only entries at that instant are looked at (through the
    /// time index), and none at all for a row later than everything recorded so far: a
    /// time-ordered import of new events never looks anything up.
    fn key_exists(&self, occurred_at: i64, key: &[u8; 16]) -> Result<bool> {
        if self.latest.is_none_or(|latest| occurred_at > latest) {
            return Ok(false);
        }
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM timeline_entries INDEXED BY timeline_by_occurred \
                 WHERE incident = ?1 AND occurred_at = ?2 AND import_key = ?3",
            )?
            .query_row(
                rusqlite::params![self.appender.incident(), occurred_at, &key[..]],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// What makes two imported rows the same event: its instant and every field it carries,
/// not who imported it or when. The first 128 bits of SHA-256 over the fields' canonical form.
fn import_key(s: &Stored) -> [u8; 16] {
    let mut canon = super::canon::Canon::default();
    canon.start();
    canon.utc(s.occurred_at);
    for v in [
        &s.message,
        &s.source,
        &s.host,
        &s.account,
        &s.tactics,
        &s.techniques,
        &s.tags,
        &s.step_links,
        &s.note,
    ] {
        canon.text(v);
    }
    canon.opt_int(s.confidence);
    let digest = Sha256::digest(canon.finish());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

fn check_columns(
    headers: &[String],
    roles: &[Role],
    format: ImportFormat,
    mapping: Option<&ColumnMapping>,
) -> Result<()> {
    let has = |r: Role| roles.contains(&r);
    let missing: Vec<String> = match (format, mapping) {
        (ImportFormat::GenericCsv, Some(m)) => [&m.occurred_at, &m.message]
            .into_iter()
            .chain(
                [
                    &m.source,
                    &m.host,
                    &m.account,
                    &m.tactics,
                    &m.techniques,
                    &m.confidence,
                    &m.tags,
                ]
                .into_iter()
                .flatten(),
            )
            .filter(|c| !headers.contains(c))
            .cloned()
            .collect(),
        _ => [
            ("message", Role::Message),
            ("datetime", Role::Datetime),
            ("timestamp_desc", Role::Desc),
        ]
        .into_iter()
        .filter(|(_, r)| !has(*r))
        .map(|(n, _)| n.to_owned())
        .collect(),
    };
    if missing.is_empty() {
        return Ok(());
    }
    Err(row_error(
        1,
        format!(
            "the header has no column {}; found: {}",
            missing
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            headers.join(", ")
        ),
    ))
}

fn suggest_mapping(headers: &[String]) -> ColumnMapping {
    // Normalised once: a header may have 150,000 columns and there are 40 names to try.
    let normal: Vec<String> = headers
        .iter()
        .map(|h| h.to_ascii_lowercase().replace([' ', '-'], "_"))
        .collect();
    let find = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| {
            let i = normal.iter().position(|h| h == n)?;
            headers.get(i).cloned()
        })
    };
    ColumnMapping {
        occurred_at: find(&[
            "datetime",
            "occurred_at",
            "timestamp",
            "time",
            "date",
            "event_time",
            "@timestamp",
            "time_generated",
            "created",
        ])
        .unwrap_or_default(),
        message: find(&[
            "message",
            "description",
            "summary",
            "event",
            "details",
            "title",
            "msg",
        ])
        .unwrap_or_default(),
        source: find(&["source", "source_short", "log_source", "sensor", "product"]),
        host: find(&[
            "host",
            "hostname",
            "computer_name",
            "computer",
            "device",
            "asset",
        ]),
        account: find(&["account", "username", "user", "user_name", "actor"]),
        tactics: find(&["tactic", "tactics", "mitre_tactic"]),
        techniques: find(&["technique", "techniques", "mitre_technique", "technique_id"]),
        confidence: find(&["confidence"]),
        tags: find(&["tag", "tags", "labels"]),
        naive_offset: None,
    }
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn file_size(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|source| Error::Io {
            context: format!("reading {}", path.display()),
            source,
        })
}

/// Row errors are raised without the file name (the readers do not know it); add it.
fn with_file(e: Error, path: &Path) -> Error {
    match e {
        Error::ImportRow { line, message, .. } => Error::ImportRow {
            file: path.display().to_string(),
            line,
            message,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_ids_are_increasing_version_7_uuids_carrying_the_import_time() {
        let now = time::parse_moment("t", "2026-11-22T10:15:30.123456+01:00")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut ids = Ids::new(&now);
        let mut last = ids.next();
        for _ in 0..10_000 {
            let id = ids.next();
            assert_eq!(id.get_version_num(), 7);
            assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
            assert!(id > last, "{id} after {last}");
            let (secs, nanos) = id.get_timestamp().map(|t| t.to_unix()).unwrap_or_default();
            assert_eq!((secs, nanos / 1_000_000), (1_795_338_930, 123));
            last = id;
        }
        // Another import at the same millisecond starts somewhere else.
        assert_ne!(Ids::new(&now).next(), Ids::new(&now).next());
    }
}
