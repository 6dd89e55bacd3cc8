//! The incident timeline: observed events and responder actions in one append-only,
//! hash-chained record per incident. Edits add a new version that supersedes the old one;
//! deletions are retraction entries with a reason.

pub mod attack;
pub(crate) mod canon;
pub(crate) mod chain;
mod density;
pub mod export;
mod hosts;
pub mod import;
mod latest;
mod legacy;
mod model;
mod phases;
mod query;
mod stamp;
mod verify;

#[cfg(test)]
mod density_tests;
#[cfg(test)]
mod hosts_tests;
#[cfg(test)]
mod safety_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod transfer_tests;

pub use crate::progress::{Progress, Watch};
pub use chain::GENESIS;
pub use density::{density, Density, BUCKETS_MAX};
pub use export::export;
pub use hosts::{HostCount, SUGGESTIONS_MAX};
pub use import::{detect as detect_import_format, import, import_with, preview, preview_as};
pub(crate) use latest::{current_event, latest, Latest};
pub use model::{
    ChainStatus, ColumnMapping, ColumnUse, EntryKind, ExportFormat, ExportOptions, ExportSummary,
    ImportFormat, ImportPreview, ImportRequest, ImportSummary, NewEvent, PhaseMark, TimelineEntry,
    TimelineFilter, TimelineOrder, TimelinePage,
};
pub use phases::phases;

use rusqlite::Connection;
use uuid::Uuid;

use crate::incident::audit::Record;
use crate::incident::{AuditAction, FieldChange};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};
use chain::Stored;

const MESSAGE_MAX: usize = 10_000;
/// Imported messages and notes: forensic text (script blocks, registry values, e-mail
/// bodies, a Timesketch row of 503 columns kept as detail) is long. A row is read whole, so
/// this is also bounded by the reader's row limit.
pub(crate) const IMPORT_TEXT_MAX: usize = 1 << 20;
const SHORT_MAX: usize = 256;
const TAGS_MAX: usize = 32;

/// Records an observed event.
pub fn add_event(
    store: &Store,
    incident_id: Uuid,
    event: NewEvent,
    actor: &str,
) -> Result<TimelineEntry> {
    let now = time::now_local();
    let occurred = time::parse_moment("occurred_at", &event.occurred_at)?;
    let stored = event_row(
        Uuid::now_v7(),
        incident_id,
        &event,
        (&occurred, &now),
        actor,
        MESSAGE_MAX,
    )?;
    store.write(|tx| {
        query::require_incident(tx, incident_id)?;
        let (stored, hash) = chain::append(tx, stored)?;
        query::to_entry(stored, hash, false)
    })
}

/// Replaces an event with a corrected version; the old version stays, marked superseded.
pub fn edit_event(
    store: &Store,
    incident_id: Uuid,
    entry_id: Uuid,
    event: NewEvent,
    actor: &str,
) -> Result<TimelineEntry> {
    let now = time::now_local();
    let occurred = time::parse_moment("occurred_at", &event.occurred_at)?;
    let mut stored = event_row(
        Uuid::now_v7(),
        incident_id,
        &event,
        (&occurred, &now),
        actor,
        MESSAGE_MAX,
    )?;
    stored.supersedes = Some(entry_id);
    store.write(|tx| {
        query::require_current(tx, incident_id, entry_id, Some("event"))?;
        let (stored, hash) = chain::append(tx, stored)?;
        query::to_entry(stored, hash, false)
    })
}

/// Withdraws an entry, keeping it visible in the history with the reason.
pub fn retract(
    store: &Store,
    incident_id: Uuid,
    entry_id: Uuid,
    reason: &str,
    actor: &str,
) -> Result<TimelineEntry> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::validation(
            "reason",
            "say why the entry is retracted: a reason is required",
        ));
    }
    let now = time::now_local();
    store.write(|tx| {
        let target = query::require_current(tx, incident_id, entry_id, None)?;
        let stored = Stored {
            id: Uuid::now_v7(),
            incident_id,
            kind: EntryKind::Retraction.code().into(),
            occurred_at: stamp::micros(&now),
            occurred_at_offset: time::offset_seconds(&now).into(),
            recorded_at: stamp::micros(&now),
            recorded_at_offset: time::offset_seconds(&now).into(),
            recorded_by: actor.trim().to_owned(),
            message: format!("Retracted: {}", target.message),
            supersedes: Some(entry_id),
            reason: reason.to_owned(),
            ..empty_lists()
        };
        let (stored, hash) = chain::append(tx, stored)?;
        query::to_entry(stored, hash, false)
    })
}

pub fn list(
    store: &Store,
    incident_id: Uuid,
    filter: &TimelineFilter,
) -> Result<Vec<TimelineEntry>> {
    store.read(|c| {
        query::require_incident(c, incident_id)?;
        query::list(c, incident_id, filter)
    })
}

/// One window of the filtered listing and the number of matches in all.
pub fn page(store: &Store, incident_id: Uuid, filter: &TimelineFilter) -> Result<TimelinePage> {
    store.read(|c| {
        query::require_incident(c, incident_id)?;
        Ok(TimelinePage {
            total: query::count(c, incident_id, filter)?,
            offset: filter.offset.unwrap_or(0),
            entries: query::list(c, incident_id, filter)?,
        })
    })
}

/// Up to `limit` of the incident's hosts whose name contains `fragment` (case-insensitive;
/// empty: all hosts), with their entry counts, most entries first: the host filter's
/// suggestions.
pub fn hosts(
    store: &Store,
    incident_id: Uuid,
    fragment: &str,
    limit: u32,
) -> Result<Vec<HostCount>> {
    store.read(|c| {
        query::require_incident(c, incident_id)?;
        hosts::suggest(c, incident_id, fragment, limit)
    })
}

/// Entries matching `filter`, on a connection the caller already holds.
pub(crate) fn actions(
    c: &Connection,
    incident_id: Uuid,
    filter: &TimelineFilter,
) -> Result<Vec<TimelineEntry>> {
    query::list(c, incident_id, filter)
}

/// Fails with NotFound unless the incident exists.
pub(crate) fn require_incident(c: &Connection, incident_id: Uuid) -> Result<()> {
    query::require_incident(c, incident_id)
}

/// The message of one of the incident's entries (None if `entry_id` is not one of them).
pub(crate) fn entry_message(
    c: &Connection,
    incident_id: Uuid,
    entry_id: &str,
) -> Result<Option<String>> {
    let Ok(entry) = Uuid::parse_str(entry_id) else {
        return Ok(None);
    };
    query::message(c, incident_id, entry)
}

/// Recomputes the incident's chain from the stored values.
pub fn verify(store: &Store, incident_id: Uuid) -> Result<ChainStatus> {
    store.read(|c| query::require_incident(c, incident_id))?;
    verify::verify(store, incident_id)
}

/// Appends a responder action (an audited change) to the incident's chain.
pub(crate) fn append_action(c: &Connection, r: &Record<'_>) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let stored = Stored {
        id,
        incident_id: r.incident_id,
        kind: EntryKind::Action.code().into(),
        occurred_at: stamp::micros(r.at),
        occurred_at_offset: time::offset_seconds(r.at).into(),
        recorded_at: stamp::micros(r.at),
        recorded_at_offset: time::offset_seconds(r.at).into(),
        recorded_by: r.actor.to_owned(),
        message: action_message(r.action, r.subject, r.changes),
        action: r.action.code().into(),
        subject: r.subject.to_owned(),
        note: r.note.to_owned(),
        changes: query::changes_json(r.changes)?,
        ..empty_lists()
    };
    chain::append(c, stored)?;
    Ok(id)
}

/// One line a reader of an exported timeline understands without the app.
pub(crate) fn action_message(
    action: AuditAction,
    subject: &str,
    changes: &[FieldChange],
) -> String {
    // A bulk entry stores its count by type, not hundreds of values in one line.
    if action == AuditAction::IndicatorsAdded {
        return crate::incident::wording::headline(action, subject, changes);
    }
    let verb = match action {
        AuditAction::Declared => "Incident declared",
        AuditAction::Edited => "Incident edited",
        AuditAction::Closed => "Incident closed",
        AuditAction::Reopened => "Incident reopened",
        AuditAction::PlaybookStarted => "Playbook started",
        AuditAction::StepUpdated => "Playbook step updated",
        AuditAction::FactsChanged => "Incident facts changed",
        AuditAction::NotificationFactsChanged => "Notification facts changed",
        AuditAction::ObligationAdded => "Notification obligation added",
        AuditAction::ObligationChanged => "Notification obligation changed",
        AuditAction::ObligationRemoved => "Notification obligation no longer applies",
        AuditAction::ObligationDecided => "Notification decision recorded",
        AuditAction::MessageSent => "Message sent",
        AuditAction::EvidenceAdded => "Evidence registered",
        AuditAction::CustodyRecorded => "Chain of custody entry",
        AuditAction::EvidenceVerified => "Evidence hash re-verified: intact",
        AuditAction::EvidenceMismatch => "EVIDENCE INTEGRITY FAILURE",
        AuditAction::IndicatorAdded => "Indicator added",
        AuditAction::IndicatorsAdded => "Indicators added",
        AuditAction::IndicatorUpdated => "Indicator updated",
        AuditAction::AssetAdded => "Affected asset added",
        AuditAction::AssetUpdated => "Affected asset updated",
        AuditAction::FindingAdded => "Finding recorded",
        AuditAction::HypothesisAdded => "Hypothesis added",
        AuditAction::HypothesisUpdated => "Hypothesis updated",
        AuditAction::RootCauseRecorded => "Root cause recorded",
        AuditAction::ActionItemAdded => "Lesson learned: action item added",
        AuditAction::ActionItemUpdated => "Lesson learned: action item updated",
        AuditAction::Linked => "Investigation link added",
        AuditAction::InitialAccessMarked => "Initial access (first malicious activity) marked",
        AuditAction::InitialAccessCleared => "Initial access mark removed",
        AuditAction::TimelineImported => "Timeline imported",
    };
    let about = if subject.is_empty() {
        String::new()
    } else {
        format!(" — {subject}")
    };
    // A declaration lists every initial value: the title alone says enough in one line.
    let shown = if action == AuditAction::Declared {
        &[][..]
    } else {
        changes
    };
    let detail: Vec<String> = shown
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.field,
                c.old.as_deref().unwrap_or("∅"),
                c.new.as_deref().unwrap_or("∅")
            )
        })
        .collect();
    if detail.is_empty() {
        format!("{verb}{about}")
    } else {
        format!("{verb}{about} ({})", detail.join("; "))
    }
}

pub(crate) use legacy::{compact_migrated, kind_check_edited, rechain_migrated};

fn empty_lists() -> Stored {
    Stored {
        tactics: "[]".into(),
        techniques: "[]".into(),
        tags: "[]".into(),
        step_links: "[]".into(),
        changes: "[]".into(),
        ..Stored::default()
    }
}

/// The stored form of an event; `text_max` bounds the message and the note, in characters.
pub(crate) fn event_row(
    id: Uuid,
    incident_id: Uuid,
    e: &NewEvent,
    (occurred, now): (&Moment, &Moment),
    actor: &str,
    text_max: usize,
) -> Result<Stored> {
    let message = e.message.trim();
    if message.is_empty() {
        return Err(Error::validation(
            "message",
            "describe what happened: the message is required",
        ));
    }
    let note = e.note.as_deref().unwrap_or("").trim();
    for (field, text) in [("message", message), ("note", note)] {
        // Bytes bound characters from above: count only when the bytes exceed the limit.
        if text.len() > text_max && text.chars().count() > text_max {
            return Err(Error::validation(
                field,
                format!(
                    "the {field} is longer than {text_max} characters ({})",
                    text.chars().count()
                ),
            ));
        }
    }
    let short = |field: &str, v: &Option<String>| -> Result<String> {
        let v = v.as_deref().unwrap_or("").trim();
        if v.chars().count() > SHORT_MAX {
            return Err(Error::validation(
                field,
                format!("{field} is longer than {SHORT_MAX} characters"),
            ));
        }
        Ok(v.to_owned())
    };
    let mut tactics = Vec::new();
    for t in e.tactics.iter().filter(|t| !t.trim().is_empty()) {
        let id = attack::tactic_id(t).ok_or_else(|| {
            Error::validation(
                "tactics",
                format!("{t:?} is not an ATT&CK tactic id (TA0001…) or name"),
            )
        })?;
        if !tactics.contains(&id) {
            tactics.push(id);
        }
    }
    let techniques: Vec<String> = e
        .techniques
        .iter()
        .map(|t| t.trim().to_uppercase())
        .filter(|t| !t.is_empty())
        .collect();
    if let Some(bad) = techniques.iter().find(|t| !attack::is_technique(t)) {
        return Err(Error::validation(
            "techniques",
            format!("{bad:?} is not an ATT&CK technique id like T1486 or T1566.001"),
        ));
    }
    if e.confidence.is_some_and(|c| c > 100) {
        return Err(Error::validation("confidence", "confidence is 0 to 100"));
    }
    let tags: Vec<String> = e
        .tags
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > TAGS_MAX || tags.iter().any(|t| t.chars().count() > 64) {
        return Err(Error::validation(
            "tags",
            format!("at most {TAGS_MAX} tags of at most 64 characters"),
        ));
    }
    let links: Vec<String> = e
        .step_links
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(bad) = links.iter().find(|l| !is_step_link(l)) {
        return Err(Error::validation(
            "step_links",
            format!("{bad:?} is not a step reference like ransomware/isolate-hosts"),
        ));
    }
    Ok(Stored {
        id,
        incident_id,
        kind: EntryKind::Event.code().into(),
        occurred_at: stamp::micros(occurred),
        occurred_at_offset: time::offset_seconds(occurred).into(),
        recorded_at: stamp::micros(now),
        recorded_at_offset: time::offset_seconds(now).into(),
        recorded_by: actor.trim().to_owned(),
        message: message.to_owned(),
        source: short("source", &e.source)?,
        host: short("host", &e.host)?,
        account: short("account", &e.account)?,
        tactics: query::to_json(&tactics)?,
        techniques: query::to_json(&techniques)?,
        confidence: e.confidence.map(i64::from),
        tags: query::to_json(&tags)?,
        step_links: query::to_json(&links)?,
        note: note.to_owned(),
        ..empty_lists()
    })
}

fn is_step_link(s: &str) -> bool {
    let ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    s.split_once('/').is_some_and(|(a, b)| ok(a) && ok(b))
}

/// What a script without the device key can do to the file: recompute every stored hash of
/// the incident's chain from its values, so the unkeyed chain verifies again (the signing
/// tests show the signatures do not). The caller drops the update trigger first.
#[cfg(test)]
pub(crate) fn rehash_for_tests(path: &std::path::Path, incident_id: Uuid) -> Result<()> {
    let c = Connection::open(path)?;
    let rows: Vec<(Stored, chain::Hash)> = {
        let mut stmt = c.prepare(&format!(
            "SELECT {} FROM timeline_entries t WHERE t.incident =
               (SELECT key FROM timeline_incidents WHERE incident_id = ?1) ORDER BY t.seq",
            chain::COLUMNS
        ))?;
        let rows = stmt
            .query_map([incident_id.to_string()], |r| {
                Stored::from_row(r, incident_id)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let mut prev = chain::GENESIS_HASH;
    let mut canon = canon::Canon::default();
    for (s, _) in rows {
        let hash = chain::link(&prev, s.canonical(&mut canon));
        c.execute(
            "UPDATE timeline_entries SET hash = ?1 WHERE id = ?2",
            rusqlite::params![hash.to_vec(), s.id],
        )?;
        prev = hash;
    }
    Ok(())
}
