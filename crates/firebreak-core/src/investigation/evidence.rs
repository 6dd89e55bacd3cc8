//! The evidence register and its chain of custody. A file is hashed where it lies (never
//! copied in); the hash recorded at collection is fixed by the database and every later
//! re-verification is compared against it, with the outcome in the custody log and on the
//! incident's timeline.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::evidence_project as project;
use super::hash;
use super::model::{CustodyEvent, EvidenceItem, NewCustodyEvent, NewEvidence, VerifyOutcome};
use super::vocab::{CustodyAction, EvidenceKind, EvidenceStatus};
use super::{audit, change, short, uuid_col};
use crate::incident::AuditAction;
use crate::oplog::{self, Change};
use crate::progress::Watch;
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

/// Registers an evidence item: hashes the file (outside any transaction: it may take
/// minutes) and records it with its first custody event, "collected".
pub fn add(
    store: &Store,
    incident_id: Uuid,
    input: NewEvidence,
    actor: &str,
    watch: &mut dyn Watch,
) -> Result<EvidenceItem> {
    let now = time::now_local();
    let label = short("label", &input.label)?;
    if label.is_empty() {
        return Err(Error::validation(
            "label",
            "name the evidence item: a label is required",
        ));
    }
    let description = super::long("description", &input.description)?;
    let source_system = short("source_system", &input.source_system)?;
    let storage_location = short("storage_location", &input.storage_location)?;
    let collected_by = match input.collected_by.as_deref().map(str::trim) {
        Some(who) if !who.is_empty() => short("collected_by", who)?,
        _ => actor.trim().to_owned(),
    };
    let collected_at = match input.collected_at.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => time::parse_moment("collected_at", t)?,
        _ => now,
    };
    let path = input
        .path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let (kind, path, sha256, size) = match path {
        Some(p) => {
            if input
                .sha256
                .as_deref()
                .is_some_and(|h| !h.trim().is_empty())
            {
                return Err(Error::validation(
                    "sha256",
                    "a file is hashed here; give a SHA-256 only for a reference to evidence held elsewhere",
                ));
            }
            let abs = absolute(Path::new(p))?;
            let digest = hash::sha256_file(&abs, watch)?;
            (
                EvidenceKind::File,
                abs.to_string_lossy().into_owned(),
                Some(digest.sha256),
                Some(digest.size),
            )
        }
        None => {
            let sha = match input.sha256.as_deref().map(str::trim) {
                Some(h) if !h.is_empty() => Some(reported_sha256(h)?),
                _ => None,
            };
            if storage_location.is_empty() {
                return Err(Error::validation(
                    "storage_location",
                    "say where evidence held elsewhere is kept (vault, vendor, case number)",
                ));
            }
            (EvidenceKind::Reference, String::new(), sha, None)
        }
    };
    let id = Uuid::now_v7();
    let registered = project::Registered {
        id,
        label: label.clone(),
        description: description.clone(),
        kind,
        path: path.clone(),
        sha256: sha256.clone(),
        size_bytes: size,
        source_system: source_system.clone(),
        collected_by: collected_by.clone(),
        collected_at,
        storage_location: storage_location.clone(),
        added_by: actor.trim().to_owned(),
        added_at: now,
        collected: custody_event(
            CustodyAction::Collected,
            &collected_by,
            collected_at,
            &storage_location,
            &source_system,
            None,
            actor,
        ),
    };
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        let op = Change::EvidenceRegistered(Box::new(registered));
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let mut changes = vec![change("kind", None, Some(kind.code()))];
        if let Some(h) = &sha256 {
            changes.push(change("sha256", None, Some(h)));
        }
        if let Some(s) = size {
            changes.push(change("size_bytes", None, Some(&s.to_string())));
        }
        if !path.is_empty() {
            changes.push(change("path", None, Some(&path)));
        }
        if !storage_location.is_empty() {
            changes.push(change("storage_location", None, Some(&storage_location)));
        }
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::EvidenceAdded,
            &label,
            &description,
            &changes,
        )?;
        get_on(tx, incident_id, id)
    })
}

/// Appends a responder's custody event (collected, transferred, accessed, analysed,
/// returned, destroyed). Nothing follows "destroyed".
pub fn record_custody(
    store: &Store,
    incident_id: Uuid,
    evidence_id: Uuid,
    input: NewCustodyEvent,
    actor: &str,
) -> Result<EvidenceItem> {
    let now = time::now_local();
    if !input.action.recordable() {
        return Err(Error::validation(
            "action",
            "verification outcomes are recorded by re-verifying the hash, not by hand",
        ));
    }
    let who = match input.actor.as_deref().map(str::trim) {
        Some(w) if !w.is_empty() => short("actor", w)?,
        _ => actor.trim().to_owned(),
    };
    let at = match input.at.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => time::parse_moment("at", t)?,
        _ => now,
    };
    let location = short("location", &input.location)?;
    let purpose = super::long("purpose", &input.purpose)?;
    if purpose.is_empty() {
        return Err(Error::validation(
            "purpose",
            "say why (the reason is part of the chain of custody)",
        ));
    }
    store.write(|tx| {
        let item = get_on(tx, incident_id, evidence_id)?;
        if let Some(last) = item.custody.last() {
            if last.action == CustodyAction::Destroyed {
                return Err(Error::Conflict(format!(
                    "{} was destroyed on {}; nothing can follow in its chain of custody",
                    item.label,
                    last.at.to_rfc3339()
                )));
            }
        }
        let event = custody_event(input.action, &who, at, &location, &purpose, None, actor);
        let op = Change::CustodyRecorded(project::CustodyRecorded {
            evidence: evidence_id,
            event,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = vec![
            change("custody", None, Some(input.action.label())),
            change("by", None, Some(&who)),
            change("location", None, Some(&location)),
        ];
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::CustodyRecorded,
            &item.label,
            &purpose,
            &changes,
        )?;
        get_on(tx, incident_id, evidence_id)
    })
}

/// Re-hashes an evidence file and compares it with the hash recorded at collection. Both
/// outcomes are written to the custody log and the timeline; a mismatch or a missing file
/// is an integrity failure, never an error that leaves no trace.
pub fn verify(
    store: &Store,
    incident_id: Uuid,
    evidence_id: Uuid,
    actor: &str,
    watch: &mut dyn Watch,
) -> Result<VerifyOutcome> {
    let (item, recorded) = store.read(|c| {
        let item = get_on(c, incident_id, evidence_id)?;
        Ok((item, project::recorded_sha256(c, evidence_id)?))
    })?;
    // The file is compared with the hash in the signed operation that registered it, never
    // with a column that could have been changed behind Firebreak's back.
    let expected = match (&item.kind, recorded) {
        (EvidenceKind::File, Some(h)) => h,
        _ => {
            return Err(Error::validation(
                "evidence",
                format!(
                    "{} is a reference to evidence held elsewhere; it cannot be re-hashed here",
                    item.label
                ),
            ))
        }
    };
    let path = PathBuf::from(&item.path);
    let (status, observed, message) = match hash::sha256_file(&path, watch) {
        Ok(d) if d.sha256 == expected => (
            EvidenceStatus::Intact,
            Some(d.sha256),
            format!(
                "{}: intact — SHA-256 matches the hash recorded at collection",
                item.label
            ),
        ),
        Ok(d) => (
            EvidenceStatus::Mismatch,
            Some(d.sha256.clone()),
            format!(
                "{}: HASH MISMATCH — recorded {expected}, file now {} ({} bytes, {} at collection)",
                item.label,
                d.sha256,
                d.size,
                item.size_bytes.unwrap_or(0)
            ),
        ),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => (
            EvidenceStatus::Missing,
            None,
            format!("{}: FILE MISSING — nothing at {}", item.label, item.path),
        ),
        Err(e) => return Err(e),
    };
    let now = time::now_local();
    store.write(|tx| {
        let (custody, action) = if status == EvidenceStatus::Intact {
            (CustodyAction::Verified, AuditAction::EvidenceVerified)
        } else {
            (
                CustodyAction::VerificationFailed,
                AuditAction::EvidenceMismatch,
            )
        };
        let event = custody_event(
            custody,
            actor,
            now,
            &item.path,
            &message,
            observed.as_deref(),
            actor,
        );
        let op = Change::EvidenceVerified(project::Verified {
            evidence: evidence_id,
            status,
            checked_at: now,
            event,
        });
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = vec![
            change("status", Some(item.status.code()), Some(status.code())),
            change("expected_sha256", None, Some(&expected)),
            change(
                "observed_sha256",
                None,
                observed.as_deref().or(Some("(file missing)")),
            ),
        ];
        audit(
            tx,
            incident_id,
            &now,
            actor,
            action,
            &item.label,
            &message,
            &changes,
        )?;
        Ok(())
    })?;
    Ok(VerifyOutcome {
        evidence_id,
        status,
        expected_sha256: expected,
        observed_sha256: observed,
        message,
    })
}

pub fn list(store: &Store, incident_id: Uuid) -> Result<Vec<EvidenceItem>> {
    store.read(|c| {
        crate::timeline::require_incident(c, incident_id)?;
        list_on(c, incident_id)
    })
}

pub fn get(store: &Store, incident_id: Uuid, evidence_id: Uuid) -> Result<EvidenceItem> {
    store.read(|c| get_on(c, incident_id, evidence_id))
}

/// Finds an item of the incident by id prefix/suffix or exact label (for the CLI).
pub fn resolve(store: &Store, incident_id: Uuid, text: &str) -> Result<Uuid> {
    let items = list(store, incident_id)?;
    let t = text.trim();
    let hits: Vec<&EvidenceItem> = items
        .iter()
        .filter(|e| {
            let id = e.id.to_string();
            e.label.eq_ignore_ascii_case(t)
                || (t.len() >= 4 && (id.starts_with(t) || id.ends_with(t)))
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Error::NotFound {
            what: "evidence item",
            id: t.to_owned(),
        }),
        _ => Err(Error::validation(
            "evidence",
            format!(
                "{t:?} matches {} evidence items; give more of the id",
                hits.len()
            ),
        )),
    }
}

pub(crate) fn list_on(c: &Connection, incident_id: Uuid) -> Result<Vec<EvidenceItem>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM evidence WHERE incident_id = ?1 ORDER BY added_at_utc, id"
    ))?;
    let rows = stmt.query_map([incident_id.to_string()], row)?;
    let mut out = Vec::new();
    for r in rows {
        let mut item = r??;
        item.custody = custody_on(c, item.id)?;
        out.push(item);
    }
    Ok(out)
}

fn get_on(c: &Connection, incident_id: Uuid, id: Uuid) -> Result<EvidenceItem> {
    let found = c
        .query_row(
            &format!("SELECT {COLUMNS} FROM evidence WHERE id = ?1 AND incident_id = ?2"),
            params![id.to_string(), incident_id.to_string()],
            row,
        )
        .optional()?;
    let mut item = found.ok_or(Error::NotFound {
        what: "evidence item",
        id: id.to_string(),
    })??;
    item.custody = custody_on(c, id)?;
    Ok(item)
}

const COLUMNS: &str = "id, incident_id, label, description, kind, path, sha256, size_bytes,
    source_system, collected_by, collected_at_utc, collected_at_offset, storage_location,
    status, checked_at_utc, added_by";

fn row(r: &Row<'_>) -> rusqlite::Result<Result<EvidenceItem>> {
    let kind: String = r.get(4)?;
    let status: String = r.get(13)?;
    let checked: Option<String> = r.get(14)?;
    let size: Option<i64> = r.get(7)?;
    let collected_utc: String = r.get(10)?;
    let collected_off: i32 = r.get(11)?;
    let id: String = r.get(0)?;
    let incident: String = r.get(1)?;
    let (label, description, path, sha256, source_system, collected_by, storage_location, added_by) = (
        r.get(2)?,
        r.get(3)?,
        r.get(5)?,
        r.get(6)?,
        r.get(8)?,
        r.get(9)?,
        r.get(12)?,
        r.get(15)?,
    );
    Ok((|| {
        Ok(EvidenceItem {
            id: uuid_col(&id)?,
            incident_id: uuid_col(&incident)?,
            label,
            description,
            kind: kind
                .parse()
                .map_err(|_| Error::Corrupt(format!("evidence kind {kind:?}")))?,
            path,
            sha256,
            size_bytes: size.map(|s| u64::try_from(s).unwrap_or(0)),
            source_system,
            collected_by,
            collected_at: time::from_columns(&collected_utc, collected_off)?,
            storage_location,
            status: status
                .parse()
                .map_err(|_| Error::Corrupt(format!("evidence status {status:?}")))?,
            checked_at: checked.map(|t| time::from_columns(&t, 0)).transpose()?,
            added_by,
            custody: Vec::new(),
        })
    })())
}

fn custody_on(c: &Connection, evidence_id: Uuid) -> Result<Vec<CustodyEvent>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, seq, action, actor, at_utc, at_offset, location, purpose, observed_sha256,
                recorded_by
         FROM custody_events WHERE evidence_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([evidence_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i32>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, String>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (id, seq, action, who, at, off, location, purpose, observed, recorded_by) = r?;
        out.push(CustodyEvent {
            id: uuid_col(&id)?,
            seq: u32::try_from(seq).unwrap_or(0),
            action: action
                .parse()
                .map_err(|_| Error::Corrupt(format!("custody action {action:?}")))?,
            actor: who,
            at: time::from_columns(&at, off)?,
            location,
            purpose,
            observed_sha256: observed,
            recorded_by,
        });
    }
    Ok(out)
}

/// A custody event as it will be recorded, recorded now by `recorded_by`.
fn custody_event(
    action: CustodyAction,
    who: &str,
    at: Moment,
    location: &str,
    purpose: &str,
    observed: Option<&str>,
    recorded_by: &str,
) -> project::Custody {
    project::Custody {
        id: Uuid::now_v7(),
        action,
        actor: who.trim().to_owned(),
        at,
        location: location.to_owned(),
        purpose: purpose.to_owned(),
        observed_sha256: observed.map(str::to_owned),
        recorded_by: recorded_by.trim().to_owned(),
        recorded_at: time::now_local(),
    }
}

fn reported_sha256(h: &str) -> Result<String> {
    let h = h.trim().to_ascii_lowercase();
    if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::validation(
            "sha256",
            format!("{h:?} is not a SHA-256 (64 hexadecimal digits)"),
        ));
    }
    Ok(h)
}

fn absolute(p: &Path) -> Result<PathBuf> {
    std::fs::canonicalize(p).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::validation("path", format!("no file at {}", p.display()))
        } else {
            Error::Io {
                context: format!("cannot resolve {}", p.display()),
                source,
            }
        }
    })
}
