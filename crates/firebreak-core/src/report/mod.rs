//! Reports for people outside the response team: a one-page executive brief for the board
//! and a full post-incident report. Both are built once as a document and rendered to
//! self-contained HTML or to PDF — in-process, with no browser and no window, so the CLI
//! produces the same PDF on a headless server.

mod brief;
mod brief_decisions;
mod brief_lines;
mod clock;
pub mod data;
mod full;
pub mod html;

#[cfg(test)]
mod brief_tests;
#[cfg(test)]
mod tests;

use std::path::Path;

use chrono::{DateTime, Utc};
use firebreak_pdf::{Block, Document, TextStyle};
use uuid::Uuid;

pub use data::{gather, ReportData};

use crate::notify::{Obligation, SavedFile};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

coded_enum!(
    ReportKind ("kind", "report kind") {
        Brief = "brief" | "executive" | "executive_brief",
        Full = "full" | "post_incident" | "post_incident_report",
    }
);

coded_enum!(
    ReportFormat ("format", "report format") { Html = "html", Pdf = "pdf" }
);

impl ReportKind {
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Brief => "Executive brief",
            ReportKind::Full => "Post-incident report",
        }
    }
}

/// The report's document, for either renderer.
pub fn document_for(d: &ReportData, kind: ReportKind) -> Document {
    match kind {
        ReportKind::Brief => brief::build(d),
        ReportKind::Full => full::build(d),
    }
}

pub fn render_data(d: &ReportData, kind: ReportKind, format: ReportFormat) -> Result<Vec<u8>> {
    let doc = document_for(d, kind);
    match format {
        ReportFormat::Html => Ok(html::render(&doc).into_bytes()),
        ReportFormat::Pdf => firebreak_pdf::render(&doc).map_err(|e| Error::Io {
            context: "rendering the PDF".into(),
            source: std::io::Error::other(e.to_string()),
        }),
    }
}

/// The incident's report as of now, as the document both renderers draw (the app shows it).
pub fn document(
    store: &Store,
    incident_id: Uuid,
    kind: ReportKind,
    actor: &str,
) -> Result<Document> {
    Ok(document_for(
        &gather(store, incident_id, time::now_local(), actor)?,
        kind,
    ))
}

/// Renders the incident's report as of now.
pub fn render(
    store: &Store,
    incident_id: Uuid,
    kind: ReportKind,
    format: ReportFormat,
    actor: &str,
) -> Result<Vec<u8>> {
    let d = gather(store, incident_id, time::now_local(), actor)?;
    render_data(&d, kind, format)
}

/// Writes the report to `path` atomically (never a half-written file).
pub fn export(
    store: &Store,
    incident_id: Uuid,
    kind: ReportKind,
    format: ReportFormat,
    path: &Path,
    actor: &str,
) -> Result<SavedFile> {
    let bytes = render(store, incident_id, kind, format, actor)?;
    let written = crate::files::save(store, path, &bytes)?;
    Ok(SavedFile {
        path: path.to_string_lossy().into_owned(),
        bytes: written,
        items: 1,
    })
}

fn framed(d: &ReportData, what: &str, blocks: Vec<Block>) -> Document {
    let i = &d.incident;
    let by = if d.generated_by.is_empty() {
        String::new()
    } else {
        format!(" by {}", d.generated_by)
    };
    Document {
        title: format!("{what}: {}", i.title),
        author: d.generated_by.clone(),
        subject: format!("{what} for incident {}", i.id),
        created: Some(time::utc_text(&d.generated_at)),
        header: format!("CONFIDENTIAL · {what} · incident {}", short_id(&i.id)),
        footer: format!("Firebreak · prepared {}{by}", when(&d.generated_at)),
        blocks,
    }
}

fn short_id(id: &Uuid) -> String {
    let s = id.to_string();
    s[s.len() - 8..].to_owned()
}

/// "2026-11-20 08:15 UTC (09:15 +01:00 local)": UTC for comparison, the original offset
/// for the reader who was there.
pub(crate) fn when(m: &Moment) -> String {
    let utc = m
        .with_timezone(&Utc)
        .format("%Y-%m-%d %H:%M UTC")
        .to_string();
    if m.offset().local_minus_utc() == 0 {
        utc
    } else {
        format!("{utc} ({} local)", m.format("%H:%M %:z"))
    }
}

/// "due 2026-11-23 09:00 UTC (in 5 h 20 min)" / "overdue by 2 h" / the law's wording.
pub(crate) fn fmt_due(o: &Obligation, now: DateTime<Utc>) -> String {
    match o.due_utc {
        Some(due) => {
            let left = (due - now).num_seconds();
            let rel = if left >= 0 {
                format!("in {}", crate::investigation::metrics::human(left))
            } else {
                format!("OVERDUE by {}", crate::investigation::metrics::human(-left))
            };
            format!("due {} ({rel})", due.format("%Y-%m-%d %H:%M UTC"))
        }
        None if o.fixed_period => format!("clock not started: {}", o.deadline),
        None => o.deadline.clone(),
    }
}

/// Where the incident stands and who leads it: the first facts of both reports.
fn key_facts(d: &ReportData) -> Vec<(String, String)> {
    let i = &d.incident;
    let commander = if i.commander.is_empty() {
        "not named"
    } else {
        &i.commander
    };
    vec![
        kv(
            "Status",
            &format!("{} — {}", i.status.label(), i.phase.label()),
        ),
        kv("Detected", &when(&i.detected_at)),
        kv("Declared", &when(&i.declared_at)),
        kv("Incident commander", commander),
    ]
}

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

fn para(t: &str) -> Block {
    Block::Paragraph {
        text: t.to_owned(),
        style: TextStyle::Normal,
    }
}
