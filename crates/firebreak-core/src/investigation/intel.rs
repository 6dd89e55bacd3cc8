//! Threat intelligence in: the indicators of a STIX 2.1 bundle or a MISP event, previewed
//! against the incident (what is new, what it already has, what is not imported and why)
//! and then added all or none, as one timeline entry naming the file.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use super::indicators::{self, Batch};
use super::ioc::feed::{Candidate, Feed};
use super::ioc::{self, misp, stix_in, IocType};
use super::vocab::Tlp;
use super::NewIndicator;
use crate::{time, Error, Result, Store};

/// Intelligence files are documents, not timelines; this bounds memory, not real use.
const FILE_MAX: u64 = 64 * 1024 * 1024;
const DESCRIPTION_MAX: usize = 2_000;
const NOTE_LINES: usize = 40;

coded_enum!(
    /// Threat-intelligence files indicators are imported from.
    IntelFormat ("format", "intelligence format") {
        Stix = "stix" | "stix2" | "stix21",
        Misp = "misp",
    }
);

impl IntelFormat {
    pub fn label(self) -> &'static str {
        match self {
            IntelFormat::Stix => "STIX 2.1 bundle",
            IntelFormat::Misp => "MISP event",
        }
    }
}

/// A valid indicator the file gives, in its normal form.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IntelItem {
    pub ioc_type: IocType,
    pub value: String,
    pub tlp: Tlp,
    /// False when the file marked it with no TLP and it is recorded as AMBER.
    pub tlp_marked: bool,
    pub description: String,
    /// Where in the file: a STIX indicator id, a MISP attribute uuid.
    pub source: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A part of the file that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IntelSkipped {
    pub source: String,
    pub part: String,
    pub reason: String,
}

/// What an import would do, before anything is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IntelPreview {
    pub format: IntelFormat,
    pub file_name: String,
    /// The report's or event's title, when the file has one.
    pub title: String,
    pub to_add: Vec<IntelItem>,
    /// Valid indicators the incident already has (their sightings are merged).
    pub duplicates: Vec<IntelItem>,
    pub unsupported: Vec<IntelSkipped>,
    /// Objects that are not indicators, by kind: "30 relationship, 10 tool".
    pub other_objects: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IntelImported {
    pub format: IntelFormat,
    pub file_name: String,
    pub added: u32,
    pub already_known: u32,
    pub unsupported: u32,
}

/// Reads `path` and says what importing it into the incident would add.
pub fn preview(store: &Store, incident_id: Uuid, path: &Path) -> Result<IntelPreview> {
    let (format, feed) = read(path)?;
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (items, unsupported) = check(feed.candidates, &file_name);
    let mut unsupported_all: Vec<IntelSkipped> = feed
        .skipped
        .into_iter()
        .map(|s| IntelSkipped {
            source: s.source,
            part: s.part,
            reason: s.reason,
        })
        .collect();
    unsupported_all.extend(unsupported);
    let (to_add, duplicates) = store.read(|c| {
        crate::timeline::require_incident(c, incident_id)?;
        let mut known = Vec::new();
        let mut new = Vec::new();
        for i in items {
            match indicators::find(c, incident_id, i.ioc_type, &i.value)? {
                Some(_) => known.push(i),
                None => new.push(i),
            }
        }
        Ok((new, known))
    })?;
    Ok(IntelPreview {
        format,
        file_name,
        title: feed.title,
        to_add,
        duplicates,
        unsupported: unsupported_all,
        other_objects: feed.other_objects,
    })
}

/// Imports every valid indicator of `path`, all or none, as one timeline entry that names
/// the file and notes what was not imported. A file with nothing importable stores nothing.
pub fn import(store: &Store, incident_id: Uuid, path: &Path, actor: &str) -> Result<IntelImported> {
    let p = preview(store, incident_id, path)?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut out = IntelImported {
        format: p.format,
        file_name: p.file_name.clone(),
        added: 0,
        already_known: 0,
        unsupported: count(p.unsupported.len()),
    };
    let inputs: Vec<NewIndicator> = p
        .to_add
        .iter()
        .chain(&p.duplicates)
        .map(|i| NewIndicator {
            value: i.value.clone(),
            ioc_type: Some(i.ioc_type),
            description: i.description.clone(),
            tlp: Some(i.tlp),
            first_seen: i.first_seen.clone(),
            last_seen: i.last_seen.clone(),
        })
        .collect();
    if inputs.is_empty() {
        return Ok(out);
    }
    let origin = clip(&format!("{} {}", p.format.label(), p.file_name), 200);
    let note = note(&p.unsupported);
    let batch = Batch {
        origin: &origin,
        note: &note,
        imported: true,
    };
    let done = indicators::add_batch(store, incident_id, inputs, &batch, actor)?;
    out.added = count(done.added.len());
    out.already_known = count(done.already_known.len());
    Ok(out)
}

fn read(path: &Path) -> Result<(IntelFormat, Feed)> {
    let io = |e: std::io::Error| Error::Io {
        context: format!("reading {}", path.display()),
        source: e,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > FILE_MAX {
        return Err(Error::validation(
            "path",
            format!("the file is {len} bytes; an intelligence file is at most {FILE_MAX} bytes"),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    parse(&bytes)
}

/// What a preview finds in a file's bytes before it asks the store: the format, the valid
/// indicators and the parts refused. Public only so the fuzz target (fuzz/) reaches the STIX
/// and MISP readers and the indicator checks without a file or a store per input.
#[doc(hidden)]
pub fn check_bytes(bytes: &[u8]) -> Result<(IntelFormat, Vec<IntelItem>, Vec<IntelSkipped>)> {
    let (format, feed) = parse(bytes)?;
    let (items, skipped) = check(feed.candidates, "fuzz");
    Ok((format, items, skipped))
}

fn parse(bytes: &[u8]) -> Result<(IntelFormat, Feed)> {
    let root: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        Error::validation(
            "path",
            format!("not a STIX bundle or MISP event: the file is not JSON ({e})"),
        )
    })?;
    if misp::is_misp(&root) {
        Ok((IntelFormat::Misp, misp::read(&root)?))
    } else {
        Ok((IntelFormat::Stix, stix_in::read(&root)?))
    }
}

/// Validates each candidate into its normal form, once per (type, value): a repeat keeps the
/// first description and the most restrictive TLP the file gave it.
fn check(candidates: Vec<Candidate>, file: &str) -> (Vec<IntelItem>, Vec<IntelSkipped>) {
    let mut items: Vec<IntelItem> = Vec::new();
    let mut at: HashMap<(IocType, String), usize> = HashMap::new();
    let mut skipped = Vec::new();
    for c in candidates {
        let parsed = ioc::parse_as(c.ioc_type, &c.raw).and_then(|p| {
            for (field, t) in [("first_seen", &c.first_seen), ("last_seen", &c.last_seen)] {
                if let Some(t) = t {
                    time::parse_moment(field, t)?;
                }
            }
            Ok(p)
        });
        let p = match parsed {
            Ok(p) => p,
            Err(e) => {
                skipped.push(IntelSkipped {
                    source: c.source,
                    part: c.raw,
                    reason: error_text(&e),
                });
                continue;
            }
        };
        let key = (p.ioc_type, p.value.clone());
        if let Some(&n) = at.get(&key) {
            let known = &mut items[n];
            if let Some(t) = c.tlp {
                known.tlp = if known.tlp_marked {
                    known.tlp.max(t)
                } else {
                    t
                };
                known.tlp_marked = true;
            }
            continue;
        }
        at.insert(key, items.len());
        let from = format!("from {file}, {}", c.source);
        let description = if c.description.is_empty() {
            from
        } else {
            format!("{} ({from})", clip(&c.description, DESCRIPTION_MAX))
        };
        items.push(IntelItem {
            ioc_type: p.ioc_type,
            value: p.value,
            tlp: c.tlp.unwrap_or(Tlp::Amber),
            tlp_marked: c.tlp.is_some(),
            description,
            source: c.source,
            first_seen: c.first_seen,
            last_seen: c.last_seen,
        });
    }
    (items, skipped)
}

fn error_text(e: &Error) -> String {
    match e {
        Error::Validation { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// The timeline note of an import: what was not imported and why, first lines only.
fn note(unsupported: &[IntelSkipped]) -> String {
    if unsupported.is_empty() {
        return String::new();
    }
    let mut lines = vec![format!("Not imported ({}):", unsupported.len())];
    lines.extend(
        unsupported
            .iter()
            .take(NOTE_LINES)
            .map(|s| format!("- {} — {}", clip(&s.part, 160), s.reason)),
    );
    if unsupported.len() > NOTE_LINES {
        lines.push(format!("… and {} more", unsupported.len() - NOTE_LINES));
    }
    lines.join("\n")
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}
