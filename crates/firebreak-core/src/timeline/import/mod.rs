//! Imports into an incident's timeline: Timesketch CSV and JSONL, the DFIR tools' own
//! outputs (Plaso, Hayabusa, Chainsaw, Velociraptor, EZ Tools), and any CSV or JSON Lines
//! with a column mapping. All or nothing: the whole file is read inside one write
//! transaction and the first bad row rolls it back, naming its line. The one exception is
//! a row the tool itself could not date: the preview counts those, and the responder
//! chooses to skip them (the count is recorded on the timeline) or not to import. Files are
//! streamed, so memory does not grow with their size. Re-importing a file adds nothing:
//! each imported entry keeps a key of its content (or, for a row this incident exported
//! itself, is recognised by its entry id).

mod fields;
mod formats;
mod preview;
mod source;
mod times;

use std::path::Path;
use std::sync::mpsc;

use chrono::FixedOffset;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::canon::Canon;
use super::chain::{Appender, Stored};
use super::stamp;
use super::{
    ColumnMapping, ImportFormat, ImportPreview, ImportRequest, ImportSummary, Progress, Watch,
};
use crate::incident::audit::{self, Record as AuditRecord};
use crate::incident::AuditAction;
use crate::time::{self, Moment};
use crate::{Error, Result, Store};
use fields::{Input, Role};
use formats::{Layout, Profile, Velo};
use source::{row_error, AnySource, Fields, Record};
use times::When;

pub use preview::preview_as;

/// Progress is reported every this many rows.
const PROGRESS_EVERY: u32 = 10_000;
const SAMPLE_ROWS: usize = 5;

/// What `path` looks like: the format recognised from its header or first record, its
/// columns and how they map, the first rows, and the rows the tool could not date.
pub fn preview(path: &Path) -> Result<ImportPreview> {
    preview_as(path, None, None)
}

/// The format of `path`, from its name, header or first record only (no full read).
pub fn detect(path: &Path) -> Result<ImportFormat> {
    Ok(formats::detect(path, &formats::head(path)?))
}

/// Imports every row of `path` into the incident's timeline, or nothing; refuses rows the
/// tool could not date.
pub fn import(
    store: &Store,
    incident_id: Uuid,
    path: &Path,
    format: ImportFormat,
    mapping: Option<&ColumnMapping>,
    actor: &str,
    progress: &mut dyn Watch,
) -> Result<ImportSummary> {
    let request = ImportRequest {
        format,
        mapping: mapping.cloned(),
        skip_undated: false,
    };
    import_with(store, incident_id, path, &request, actor, progress)
}

/// Imports every row of `path` into the incident's timeline, or nothing. Rows the tool
/// could not date are skipped when the request says so, and then counted in an action
/// entry recorded with the import.
pub fn import_with(
    store: &Store,
    incident_id: Uuid,
    path: &Path,
    request: &ImportRequest,
    actor: &str,
    progress: &mut dyn Watch,
) -> Result<ImportSummary> {
    let total = file_size(path)?;
    let mapping = request.mapping.as_ref();
    let format = request.format;
    let naive_offset = match mapping.and_then(|m| m.naive_offset.as_deref()) {
        Some(o) if !o.trim().is_empty() => Some(fields::parse_offset(o)?),
        _ => None,
    };
    if format.needs_mapping() {
        let m = mapping.ok_or_else(|| {
            Error::validation(
                "mapping",
                "this file needs a column mapping: which column (or JSON field) holds the time \
                 and which the message",
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
        skip_undated: request.skip_undated,
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
                    skipped_undated: 0,
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
                    run.summary.skipped_undated += batch.skipped_undated;
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
            if run.summary.skipped_undated > 0 {
                record_skipped(tx, &job, path, &run.summary)?;
                run.summary.head_hash = super::chain::head_hex(tx, incident_id)?;
            }
            Ok(run.summary)
        })
        .map_err(|e| with_file(e, path))
}

/// The responder's choice to leave out rows the tool could not date is part of the record:
/// an action entry names the file, the format and the counts.
fn record_skipped(tx: &Connection, job: &Job, path: &Path, s: &ImportSummary) -> Result<()> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let note = format!(
        "{}: {} of {} rows imported ({} already present); {} rows skipped that the tool could \
         not date, at the responder's choice",
        job.format.label(),
        s.imported,
        s.rows,
        s.duplicates,
        s.skipped_undated
    );
    let subject = format!("{file} ({} undated rows skipped)", s.skipped_undated);
    audit::append(
        tx,
        &AuditRecord {
            incident_id: job.incident_id,
            at: &job.now,
            actor: &job.actor,
            action: AuditAction::TimelineImported,
            subject: &subject,
            note: &note,
            changes: &[],
        },
    )
}

/// Rows are handed to the writing thread in batches of this many, or of this many bytes of
/// canonical text (long messages), whichever comes first: memory stays flat.
const BATCH: usize = 2048;
const BATCH_BYTES: usize = 16 << 20;

/// Rows read, parsed and validated, ready to be chained and stored.
#[derive(Default)]
struct Batch {
    rows: u32,
    skipped_actions: u32,
    skipped_undated: u32,
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
        batch.skipped_undated = 0;
        batch.rows_read.clear();
        batch.canon.clear();
        batch.bytes_read = 0;
        batch
    }

    fn full(&self) -> bool {
        self.rows_read.len() >= BATCH || self.canon.len() >= BATCH_BYTES
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
        let layout = job.format.layout(path);
        let mut src = AnySource::open(path, layout)?;
        let headers = src.headers().to_vec();
        let mut next = src.next()?;
        let velo = match &next {
            Some(Record {
                fields: Fields::Json(m),
                ..
            }) => Some(Velo::from_first(path, m)),
            _ => None,
        };
        let profile = Profile::new(
            job.format,
            job.mapping.as_ref(),
            job.naive_offset,
            velo.as_ref(),
        );
        let roles: Vec<Role> = headers.iter().map(|h| (profile.role_of)(h)).collect();
        if matches!(layout, Layout::Csv | Layout::Pipe) {
            check_columns(&headers, &roles, job.format, job.mapping.as_ref())?;
        }
        let per_line_check = job.format.is_timesketch() && layout == Layout::JsonLines;
        let row = Row {
            headers: &headers,
            roles: &roles,
            profile: &profile,
            per_line_check,
        };
        while let Some(rec) = next {
            parse(job, &mut scratch, &mut batch, &rec, &row)?;
            if batch.full() && !send(&mut batch, src.bytes_read()) {
                return Ok(());
            }
            next = src.next()?;
        }
        send(&mut batch, src.bytes_read());
        Ok(())
    })();
    if let Err(e) = result {
        let _ = out.send(Err(e));
    }
}

/// How every row of the file is read.
struct Row<'r> {
    headers: &'r [String],
    roles: &'r [Role],
    profile: &'r Profile,
    per_line_check: bool,
}

/// One row into `batch`: an entry, a responder action of another incident to skip, or a
/// row the tool could not date (skipped if the responder chose so, else refused).
fn parse(
    job: &Job,
    scratch: &mut Scratch,
    batch: &mut Batch,
    rec: &Record,
    row: &Row<'_>,
) -> Result<()> {
    batch.rows += 1;
    let flatten = job.format.flattens();
    let input = Input::collect(rec, row.headers, row.roles, &*row.profile.role_of, flatten)?;
    if row.per_line_check {
        input.require_timesketch_fields()?;
    }
    if input.is_foreign_action() {
        batch.skipped_actions += 1;
        return Ok(());
    }
    let line = rec.line;
    let (event, when) = input.event(&row.profile.style)?;
    let occurred = match when {
        When::At(moment) => moment,
        When::Undated(_) if job.skip_undated => {
            batch.skipped_undated += 1;
            return Ok(());
        }
        When::Undated(reason) => {
            return Err(row_error(
                line,
                format!(
                    "{reason}. Preview the file to count such rows, then import again choosing \
                     to skip them (in the import dialog, or --skip-undated; the count is \
                     recorded on the timeline)"
                ),
            ))
        }
    };
    let id = scratch.ids.next();
    let times = (&occurred, &job.now);
    let text_max = super::IMPORT_TEXT_MAX;
    let mut stored = super::event_row(id, job.incident_id, &event, times, &job.actor, text_max)
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
    skip_undated: bool,
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
    let missing: Vec<String> = match (format.needs_mapping(), mapping) {
        (true, Some(m)) => [&m.occurred_at, &m.message]
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
                    &m.time_of_day,
                    &m.time_zone,
                ]
                .into_iter()
                .flatten()
                .filter(|c| !c.trim().is_empty()),
            )
            .filter(|c| !headers.contains(c))
            .cloned()
            .collect(),
        _ if format.is_timesketch() => [
            ("message", has(Role::Message)),
            ("datetime", has(Role::Datetime) || has(Role::Timestamp)),
            ("timestamp_desc", has(Role::Desc)),
        ]
        .into_iter()
        .filter(|(_, present)| !present)
        .map(|(n, _)| n.to_owned())
        .collect(),
        _ => {
            let timed = [
                Role::Datetime,
                Role::Timestamp,
                Role::Date,
                Role::TlnDescription,
            ];
            if timed.iter().any(|r| has(*r)) {
                Vec::new()
            } else {
                vec![format!("holding the time (for {})", format.label())]
            }
        }
    };
    if missing.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 24;
    let mut found = headers
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > SHOWN {
        found.push_str(&format!(" and {} more", headers.len() - SHOWN));
    }
    Err(row_error(
        1,
        format!(
            "the header has no column {}; found: {found}",
            missing
                .iter()
                .map(|m| if m.starts_with("holding") {
                    m.clone()
                } else {
                    format!("{m:?}")
                })
                .collect::<Vec<_>>()
                .join(", "),
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
        time_of_day: None,
        time_zone: find(&["timezone", "time_zone", "tz"]),
        naive_offset: None,
    }
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
mod format_tests;

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
