//! The incident's indicators of compromise: one row per (type, normal form), so the same
//! indicator pasted twice widens its sightings instead of appearing twice.

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::indicators_project as project;
use super::ioc::{self, IocType};
use super::model::{ExtractedIndicator, Indicator, IndicatorsAdded, NewIndicator};
use super::vocab::Tlp;
use super::{audit, change, code, uuid_col, Rows};
use crate::incident::AuditAction;
use crate::oplog::{self, Change};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

const BATCH_MAX: usize = 10_000;

/// Adds indicators, all or nothing: one invalid value refuses the whole batch and names it.
/// A batch of several (a pasted report) is one timeline entry listing every value, not one
/// entry per indicator; `origin` says where the batch came from ("pasted text").
pub fn add(
    store: &Store,
    incident_id: Uuid,
    inputs: Vec<NewIndicator>,
    origin: &str,
    actor: &str,
) -> Result<IndicatorsAdded> {
    let batch = Batch {
        origin,
        note: "",
        imported: false,
    };
    add_batch(store, incident_id, inputs, &batch, actor)
}

/// Where a batch came from, a note for its timeline entry (what an import left out), and
/// whether it is an import, which gets one entry naming the file even for one indicator.
pub(crate) struct Batch<'a> {
    pub origin: &'a str,
    pub note: &'a str,
    pub imported: bool,
}

pub(crate) fn add_batch(
    store: &Store,
    incident_id: Uuid,
    inputs: Vec<NewIndicator>,
    batch: &Batch<'_>,
    actor: &str,
) -> Result<IndicatorsAdded> {
    let (origin, note) = (batch.origin, batch.note);
    if inputs.is_empty() {
        return Err(Error::validation("value", "give at least one indicator"));
    }
    if inputs.len() > BATCH_MAX {
        return Err(Error::validation(
            "value",
            format!("at most {BATCH_MAX} indicators at a time"),
        ));
    }
    let origin = super::short("origin", origin)?;
    let now = time::now_local();
    let mut checked = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        checked.push(check(input).map_err(|e| numbered(e, i, inputs.len()))?);
    }
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        let mut out = IndicatorsAdded {
            added: Vec::new(),
            already_known: Vec::new(),
        };
        let one = checked.len() == 1 && !batch.imported;
        let mut items = Vec::new();
        for c in checked {
            let log = Log {
                at: &now,
                actor,
                each: one,
            };
            match find(tx, incident_id, c.ioc_type, &c.value)? {
                Some(known) => {
                    let (widened, changed) = widen(tx, &known, &c, &log)?;
                    if changed {
                        let field = format!("known.{}", c.ioc_type.code());
                        items.push(change(&field, None, Some(&c.value)));
                    }
                    out.already_known.push(widened);
                }
                None => {
                    out.added.push(insert(tx, incident_id, &c, &log)?);
                    let field = format!("added.{}", c.ioc_type.code());
                    items.push(change(&field, None, Some(&c.value)));
                }
            }
        }
        if !one && !items.is_empty() {
            audit(
                tx,
                incident_id,
                &now,
                actor,
                AuditAction::IndicatorsAdded,
                &origin,
                note,
                &items,
            )?;
        }
        Ok(out)
    })
}

/// When and by whom, and whether each indicator gets its own timeline entry (a single add)
/// or the batch gets one (see `add`).
struct Log<'a> {
    at: &'a Moment,
    actor: &'a str,
    each: bool,
}

/// Candidates in pasted text, marked when the incident already has them.
pub fn extract(store: &Store, incident_id: Uuid, text: &str) -> Result<Vec<ExtractedIndicator>> {
    let cap = crate::files::caps::EXTRACT_TEXT;
    if text.len() as u64 > cap {
        return Err(crate::files::too_large("text", text.len() as u64, cap));
    }
    let found = ioc::extract(text);
    store.read(|c| {
        crate::timeline::require_incident(c, incident_id)?;
        found
            .into_iter()
            .map(|p| {
                Ok(ExtractedIndicator {
                    known: find(c, incident_id, p.ioc_type, &p.value)?.is_some(),
                    ioc_type: p.ioc_type,
                    value: p.value,
                })
            })
            .collect()
    })
}

pub fn list(store: &Store, incident_id: Uuid) -> Result<Vec<Indicator>> {
    store.read(|c| {
        crate::timeline::require_incident(c, incident_id)?;
        list_on(c, incident_id)
    })
}

const INDICATORS: Rows<Indicator> = Rows {
    table: "indicators",
    columns: COLUMNS,
    order: "ioc_type, value",
    what: "indicator",
    row,
};

pub(crate) fn list_on(c: &Connection, incident_id: Uuid) -> Result<Vec<Indicator>> {
    INDICATORS.all(c, incident_id)
}

struct Checked {
    ioc_type: IocType,
    value: String,
    original: String,
    description: String,
    tlp: Tlp,
    first_seen: Option<Moment>,
    last_seen: Option<Moment>,
}

fn check(input: &NewIndicator) -> Result<Checked> {
    let parsed = match input.ioc_type {
        Some(t) => ioc::parse_as(t, &input.value)?,
        None => ioc::detect(&input.value)?,
    };
    let seen = |field: &str, v: &Option<String>| -> Result<Option<Moment>> {
        match v.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => Ok(Some(time::parse_moment(field, t)?)),
            _ => Ok(None),
        }
    };
    let first_seen = seen("first_seen", &input.first_seen)?;
    let last_seen = seen("last_seen", &input.last_seen)?;
    if let (Some(f), Some(l)) = (first_seen, last_seen) {
        if f > l {
            return Err(Error::validation(
                "last_seen",
                "last seen is before first seen",
            ));
        }
    }
    let given = input.value.trim();
    Ok(Checked {
        original: if given == parsed.value {
            String::new()
        } else {
            given.to_owned()
        },
        ioc_type: parsed.ioc_type,
        value: parsed.value,
        description: super::long("description", &input.description)?,
        tlp: input.tlp.unwrap_or(Tlp::Amber),
        first_seen,
        last_seen,
    })
}

fn numbered(e: Error, i: usize, n: usize) -> Error {
    if n == 1 {
        return e;
    }
    match e {
        Error::Validation { field, message } => Error::Validation {
            field,
            message: format!("indicator {} of {n}: {message}; none were added", i + 1),
        },
        other => other,
    }
}

pub(super) fn find(
    c: &Connection,
    incident_id: Uuid,
    t: IocType,
    value: &str,
) -> Result<Option<Indicator>> {
    c.query_row(
        &format!("SELECT {COLUMNS} FROM indicators WHERE incident_id = ?1 AND ioc_type = ?2 AND value = ?3"),
        params![incident_id.to_string(), t.code(), value],
        row,
    )
    .optional()?
    .transpose()
}

fn insert(c: &Connection, incident_id: Uuid, n: &Checked, log: &Log<'_>) -> Result<Indicator> {
    let (now, actor) = (log.at, log.actor);
    let id = Uuid::now_v7();
    let op = Change::IndicatorAdded(Box::new(project::IndicatorAdded {
        id,
        ioc_type: n.ioc_type,
        value: n.value.clone(),
        original: n.original.clone(),
        description: n.description.clone(),
        tlp: n.tlp,
        first_seen: n.first_seen,
        last_seen: n.last_seen,
        by: actor.trim().to_owned(),
        at: *now,
    }));
    oplog::record(c, actor, Some(incident_id), &op)?;
    if log.each {
        let changes = [
            change("type", None, Some(n.ioc_type.label())),
            change("value", None, Some(&n.value)),
            change("tlp", None, Some(n.tlp.label())),
        ];
        audit(
            c,
            incident_id,
            now,
            actor,
            AuditAction::IndicatorAdded,
            &n.value,
            &n.description,
            &changes,
        )?;
    }
    find(c, incident_id, n.ioc_type, &n.value)?.ok_or(Error::NotFound {
        what: "indicator",
        id: id.to_string(),
    })
}

/// Merges a repeat sighting into the known indicator: earliest first seen, latest last
/// seen, a description if it had none. Unchanged → no timeline entry; `true` when it changed.
fn widen(
    c: &Connection,
    known: &Indicator,
    n: &Checked,
    log: &Log<'_>,
) -> Result<(Indicator, bool)> {
    let (now, actor) = (log.at, log.actor);
    let first = match (known.first_seen, n.first_seen) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let last = match (known.last_seen, n.last_seen) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let description = if known.description.is_empty() {
        n.description.clone()
    } else {
        known.description.clone()
    };
    let mut changes = Vec::new();
    let text = |m: &Option<Moment>| m.map(|m| m.to_rfc3339());
    if first != known.first_seen {
        changes.push(change(
            "first_seen",
            text(&known.first_seen).as_deref(),
            text(&first).as_deref(),
        ));
    }
    if last != known.last_seen {
        changes.push(change(
            "last_seen",
            text(&known.last_seen).as_deref(),
            text(&last).as_deref(),
        ));
    }
    if description != known.description {
        changes.push(change("description", None, Some(&description)));
    }
    if changes.is_empty() {
        return Ok((known.clone(), false));
    }
    let op = Change::IndicatorWidened(project::IndicatorWidened {
        id: known.id,
        first_seen: first,
        last_seen: last,
        description: description.clone(),
        at: *now,
    });
    oplog::record(c, actor, Some(known.incident_id), &op)?;
    if log.each {
        audit(
            c,
            known.incident_id,
            now,
            actor,
            AuditAction::IndicatorUpdated,
            &known.value,
            "",
            &changes,
        )?;
    }
    let widened =
        find(c, known.incident_id, known.ioc_type, &known.value)?.ok_or(Error::NotFound {
            what: "indicator",
            id: known.id.to_string(),
        })?;
    Ok((widened, true))
}

const COLUMNS: &str = "id, incident_id, ioc_type, value, original, description, tlp,
    first_seen_utc, first_seen_offset, last_seen_utc, last_seen_offset, added_by, added_at_utc";

fn row(r: &Row<'_>) -> rusqlite::Result<Result<Indicator>> {
    let id: String = r.get(0)?;
    let incident: String = r.get(1)?;
    let t: String = r.get(2)?;
    let tlp: String = r.get(6)?;
    let fs: Option<String> = r.get(7)?;
    let fo: Option<i32> = r.get(8)?;
    let ls: Option<String> = r.get(9)?;
    let lo: Option<i32> = r.get(10)?;
    let added_at: String = r.get(12)?;
    let (value, original, description, added_by) = (r.get(3)?, r.get(4)?, r.get(5)?, r.get(11)?);
    let moment = |u: Option<String>, o: Option<i32>| -> Result<Option<Moment>> {
        u.map(|u| time::from_columns(&u, o.unwrap_or(0)))
            .transpose()
    };
    Ok((|| {
        Ok(Indicator {
            id: uuid_col(&id)?,
            incident_id: uuid_col(&incident)?,
            ioc_type: code("indicator type", &t)?,
            value,
            original,
            description,
            tlp: code("TLP", &tlp)?,
            first_seen: moment(fs, fo)?,
            last_seen: moment(ls, lo)?,
            added_by,
            added_at: time::from_columns(&added_at, 0)?,
        })
    })())
}

coded_enum!(
    /// Files indicators are exported as.
    IocExportFormat ("format", "indicator export format") {
        Stix = "stix" | "stix2" | "stix21" | "stix_2.1",
        Csv = "csv",
    }
);

/// The incident's indicators as a STIX 2.1 bundle or CSV, in memory.
pub fn render(
    store: &Store,
    incident_id: Uuid,
    format: IocExportFormat,
    producer: &str,
) -> Result<(Vec<u8>, u32)> {
    let incident = crate::incident::show(store, incident_id)?.incident;
    let list = list(store, incident_id)?;
    let n = u32::try_from(list.len()).unwrap_or(u32::MAX);
    let bytes = match format {
        IocExportFormat::Stix => {
            let bundle = super::ioc::stix::bundle(&incident, &list, producer);
            let mut b =
                serde_json::to_vec_pretty(&bundle).map_err(|e| Error::Corrupt(e.to_string()))?;
            b.push(b'\n');
            b
        }
        IocExportFormat::Csv => super::ioc::to_csv(&list)?,
    };
    Ok((bytes, n))
}

/// Writes the export to `path` atomically.
pub fn export(
    store: &Store,
    incident_id: Uuid,
    format: IocExportFormat,
    path: &std::path::Path,
    producer: &str,
) -> Result<crate::notify::SavedFile> {
    let (bytes, items) = render(store, incident_id, format, producer)?;
    let written = crate::files::save(store, path, &bytes)?;
    Ok(crate::notify::SavedFile {
        path: path.to_string_lossy().into_owned(),
        bytes: written,
        items,
    })
}
