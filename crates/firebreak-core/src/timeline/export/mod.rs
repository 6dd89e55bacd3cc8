//! Exports of an incident's timeline: Timesketch CSV and JSONL for analysts (byte-faithful),
//! the same CSV made safe for spreadsheets, Markdown and
//! self-contained HTML for regulators, insurers and the board. Every export states the chain
//! head hash, so a copy of the head kept elsewhere pins the exported history.
//!
//! Files are written to a temporary file beside the target and renamed into place: a
//! failed or interrupted export never leaves a half-written file under the chosen name.

mod batch;
mod report;
mod row;
mod timesketch;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::chain;
use super::{ExportFormat, ExportOptions, ExportSummary, Progress, Watch};
use crate::{Error, Result, Store};

/// Progress is reported every this many entries (and at the end).
const PROGRESS_EVERY: u64 = 5_000;

/// Writes the incident's timeline to `path` in `format`.
pub fn export(
    store: &Store,
    incident_id: Uuid,
    format: ExportFormat,
    path: &Path,
    options: &ExportOptions,
    progress: &mut dyn Watch,
) -> Result<ExportSummary> {
    crate::files::check_output(store, path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |context: String| move |source| Error::Io { context, source };
    let tmp = tempfile::Builder::new()
        .prefix(".firebreak-export-")
        .tempfile_in(&dir)
        .map_err(io(format!("creating a file in {}", dir.display())))?;
    let mut out = BufWriter::with_capacity(1 << 20, tmp);
    let (entries, head_hash) = write(store, incident_id, format, options, &mut out, progress)?;
    let tmp = out
        .into_inner()
        .map_err(|e| io(format!("writing {}", path.display()))(e.into_error()))?;
    tmp.as_file()
        .sync_all()
        .map_err(io(format!("writing {}", path.display())))?;
    let file = tmp
        .persist(path)
        .map_err(|e| io(format!("saving {}", path.display()))(e.error))?;
    let bytes = file
        .metadata()
        .map_err(io(format!("reading {}", path.display())))?
        .len();
    Ok(ExportSummary {
        path: path.display().to_string(),
        format,
        entries,
        bytes,
        head_hash,
    })
}

/// Writes the export to `out`; returns the number of entries and the chain head hash.
pub fn write(
    store: &Store,
    incident_id: Uuid,
    format: ExportFormat,
    options: &ExportOptions,
    out: &mut (dyn Write + Send),
    progress: &mut dyn Watch,
) -> Result<(u32, String)> {
    let tz = report::time_zone(options.time_zone.as_deref())?;
    store
        .read(|c| {
            let incident = crate::incident::get_on(c, incident_id)?;
            // One read transaction: the count, the head and the rows are one snapshot even if
            // responders keep writing while a large export runs.
            c.execute_batch("BEGIN")?;
            let result = (|| {
                let listing = row::Listing::read(c, incident_id, options.include_history)?;
                let total = listing.count(c, incident_id)?;
                let mut tick = Ticker {
                    total,
                    done: 0,
                    progress,
                };
                let entries = match format {
                    ExportFormat::TimesketchCsv
                    | ExportFormat::TimesketchJsonl
                    | ExportFormat::SpreadsheetCsv => {
                        let head = chain::head_hex(c, incident_id)?;
                        let n = timesketch::write(
                            c,
                            incident_id,
                            format,
                            &listing,
                            &head,
                            out,
                            &mut tick,
                        )?;
                        (n, head)
                    }
                    ExportFormat::Markdown | ExportFormat::Html => {
                        let status = super::verify::verify_on(c, incident_id)?;
                        let report = report::Report {
                            incident: &incident,
                            tz,
                            status: &status,
                            listing: &listing,
                            total,
                        };
                        let n = report.write(c, format, out, &mut tick)?;
                        let head = chain::head_hex(c, incident_id)?;
                        (n, head)
                    }
                };
                tick.finish();
                Ok(entries)
            })();
            c.execute_batch("COMMIT")?;
            result
        })
        .and_then(|(n, head)| {
            out.flush().map_err(|source| Error::Io {
                context: "writing the export".into(),
                source,
            })?;
            Ok((n, head))
        })
}

pub(crate) struct Ticker<'p> {
    total: u64,
    done: u64,
    progress: &'p mut dyn Watch,
}

impl Ticker<'_> {
    /// Counts one entry; every [`PROGRESS_EVERY`] reports, and stops the export if the
    /// responder asked.
    pub fn tick(&mut self) -> Result<()> {
        self.done += 1;
        if self.done % PROGRESS_EVERY == 0 {
            self.progress.progress(Progress {
                done: self.done,
                total: self.total,
            });
            if self.progress.cancelled() {
                return Err(Error::Cancelled(
                    "the export was stopped; no file was written".into(),
                ));
            }
        }
        Ok(())
    }

    fn finish(&mut self) {
        self.progress.progress(Progress {
            done: self.done,
            total: self.total,
        });
    }
}

pub(crate) fn io_error(source: std::io::Error) -> Error {
    Error::Io {
        context: "writing the export".into(),
        source,
    }
}

/// Where an export goes unless the responder picks another place: the downloads folder
/// (else documents, else home), named after the incident and the format.
pub fn suggested_path(store: &Store, incident_id: Uuid, format: ExportFormat) -> Result<PathBuf> {
    let ext = match format {
        ExportFormat::TimesketchCsv => "timesketch.csv",
        ExportFormat::TimesketchJsonl => "timesketch.jsonl",
        ExportFormat::SpreadsheetCsv => "spreadsheet.csv",
        ExportFormat::Markdown => "md",
        ExportFormat::Html => "html",
    };
    crate::files::suggested_path(store, incident_id, &format!("timeline.{ext}"))
}
