//! Audit entries in words. Stored entries keep their structured changes (field, old, new)
//! exactly as they were hashed; this turns them into sentences when they are read, so
//! records written before this wording existed read as well as new ones, and the app, the
//! CLI and the reports all say the same thing.

use chrono::{DateTime, FixedOffset};

use super::audit::{AuditAction, FieldChange};
use super::{wording_bulk, wording_facts};
use crate::catalog::{IncidentType, Phase, Severity, Status};
use crate::investigation::vocab::{ActionStatus, EvidenceKind, EvidenceStatus};
use crate::notify::DecisionState;
use crate::playbook::{Fact, Role};
use crate::run::StepState;

/// How many changes the one-line summary spells out before "and N more".
const SUMMARY_SENTENCES: usize = 3;

/// The entry's headline: what was done and to what, e.g. "Step updated: Ransomware ›
/// Isolate affected hosts" or "Added 527 indicators from pasted text: 310 IPv4 addresses, …".
pub fn headline(action: AuditAction, subject: &str, changes: &[FieldChange]) -> String {
    if action == AuditAction::IndicatorsAdded {
        return wording_bulk::headline(subject, changes);
    }
    let verb = verb(action);
    // A declaration's subject is empty; its title says which incident.
    let title = changes.iter().find(|c| c.field == "title");
    let subject = match (action, title.and_then(|c| present(&c.new))) {
        (AuditAction::Declared, Some(t)) if subject.trim().is_empty() => t,
        _ => subject.trim(),
    };
    // "notification facts", "root cause": subjects that only repeat the verb.
    if subject.is_empty() || verb.to_lowercase().contains(&subject.to_lowercase()) {
        verb.to_owned()
    } else {
        format!("{verb}: {subject}")
    }
}

/// The note as a reader sees it. Firebreak's own notes on re-derived obligations began, before
/// they were worded, with the changed facts' field codes ("notification facts changed
/// (data_categories, moments.aware_personal_data_breach)"); those codes read as words here.
/// A responder's note is returned as written.
pub fn note(action: AuditAction, note: &str) -> String {
    use AuditAction::*;
    const PREFIX: &str = "notification facts changed (";
    if !matches!(
        action,
        ObligationAdded | ObligationChanged | ObligationRemoved
    ) {
        return note.to_owned();
    }
    let Some(rest) = note.strip_prefix(PREFIX) else {
        return note.to_owned();
    };
    let Some((list, tail)) = rest.split_once(')') else {
        return note.to_owned();
    };
    let is_code = |f: &str| {
        !f.is_empty()
            && f.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
    };
    let fields: Vec<&str> = list.split(", ").collect();
    if !fields.iter().all(|f| is_code(f)) {
        return note.to_owned();
    }
    let words: Vec<String> = fields
        .iter()
        .map(|f| super::wording_facts::fact_name(f))
        .collect();
    format!("{PREFIX}{}){tail}", words.join(", "))
}

/// One sentence per change, in the order recorded. Never JSON, never a bare field code.
pub fn sentences(action: AuditAction, changes: &[FieldChange]) -> Vec<String> {
    match action {
        AuditAction::NotificationFactsChanged => {
            changes.iter().map(wording_facts::sentence).collect()
        }
        AuditAction::IndicatorsAdded => changes.iter().map(wording_bulk::item).collect(),
        AuditAction::FactsChanged => changes.iter().map(fact_sentence).collect(),
        AuditAction::ObligationAdded
        | AuditAction::ObligationChanged
        | AuditAction::ObligationRemoved => changes.iter().map(obligation_sentence).collect(),
        _ => changes.iter().map(|c| change_sentence(action, c)).collect(),
    }
}

/// "Applies", "May apply (was applies)", "Due 23 Nov 2026 09:00 UTC", "No fixed due time".
fn obligation_sentence(c: &FieldChange) -> String {
    let (old, new) = (present(&c.old), present(&c.new));
    let was = |text: Option<String>| text.map_or_else(String::new, |t| format!(" (was {t})"));
    match c.field.as_str() {
        "applicability" => {
            let word = |v: &str| match v {
                "possible" => "may apply (depends on facts not known yet)".to_owned(),
                other => other.to_owned(),
            };
            let now = capitalise(&new.map_or_else(|| "unknown".to_owned(), word));
            format!("{now}{}", was(old.map(word)))
        }
        "due" => {
            let text = |v: &str| {
                moment_text(v)
                    .map_or_else(|| "no fixed due time".to_owned(), |t| format!("due {t}"))
            };
            let now = capitalise(&new.map_or_else(|| "no fixed due time".to_owned(), text));
            format!("{now}{}", was(old.map(text)))
        }
        _ => change_sentence(AuditAction::ObligationChanged, c),
    }
}

/// Headline and changes in one line, for timeline rows, listings and exports.
pub fn summary(action: AuditAction, subject: &str, changes: &[FieldChange]) -> String {
    let head = headline(action, subject, changes);
    // A bulk entry's headline already counts its items; the items are the details.
    if action == AuditAction::IndicatorsAdded || action == AuditAction::Declared {
        return head;
    }
    let all = sentences(action, changes);
    if all.is_empty() {
        return head;
    }
    let mut shown = all[..all.len().min(SUMMARY_SENTENCES)].join("; ");
    if all.len() > SUMMARY_SENTENCES {
        shown.push_str(&format!("; and {} more", all.len() - SUMMARY_SENTENCES));
    }
    // Obligation subjects already hold a dash ("GDPR — Notify …").
    let joint = if head.contains(" — ") {
        ". "
    } else {
        " — "
    };
    format!("{head}{joint}{shown}")
}

fn verb(action: AuditAction) -> &'static str {
    use AuditAction::*;
    match action {
        Declared => "Incident declared",
        Edited => "Incident edited",
        Closed => "Incident closed",
        Reopened => "Incident reopened",
        PlaybookStarted => "Playbook started",
        StepUpdated => "Step updated",
        FactsChanged => "Incident facts changed",
        NotificationFactsChanged => "Notification facts changed",
        ObligationAdded => "Obligation added",
        ObligationChanged => "Obligation changed",
        ObligationRemoved => "Obligation no longer applies",
        ObligationDecided => "Notification decision",
        MessageSent => "Message sent",
        EvidenceAdded => "Evidence registered",
        CustodyRecorded => "Chain of custody",
        EvidenceVerified => "Evidence re-verified: hash intact",
        EvidenceMismatch => "EVIDENCE INTEGRITY FAILURE",
        IndicatorAdded => "Indicator added",
        IndicatorsAdded => "Indicators added",
        IndicatorUpdated => "Indicator updated",
        AssetAdded => "Affected asset added",
        AssetUpdated => "Affected asset updated",
        FindingAdded => "Finding recorded",
        HypothesisAdded => "Hypothesis added",
        HypothesisUpdated => "Hypothesis updated",
        RootCauseRecorded => "Root cause recorded",
        ActionItemAdded => "Action item added",
        ActionItemUpdated => "Action item updated",
        Linked => "Investigation link added",
        InitialAccessMarked => "Initial access marked",
        InitialAccessCleared => "Initial access unmarked",
        TimelineImported => "Timeline imported",
    }
}

/// "Severity: SEV2 · High → SEV1 · Critical", "Commander set to Dana Cho", "Summary cleared".
fn change_sentence(action: AuditAction, c: &FieldChange) -> String {
    if let Some(s) = special(action, c) {
        return s;
    }
    let label = field_label(action, &c.field);
    let old = present(&c.old).map(|v| value_text(&c.field, v));
    let new = present(&c.new).map(|v| value_text(&c.field, v));
    match (old, new) {
        // What a new record holds is its value, not a change to it.
        (None, Some(new)) if creates(action) => format!("{label}: {new}"),
        (None, Some(new)) => format!("{label} set to {new}"),
        (Some(old), None) => format!("{label} cleared (was {old})"),
        (Some(old), Some(new)) => format!("{label}: {old} → {new}"),
        (None, None) => format!("{label} cleared"),
    }
}

/// Entries that record something new (its values are not edits).
fn creates(action: AuditAction) -> bool {
    use AuditAction::*;
    matches!(
        action,
        Declared
            | MessageSent
            | EvidenceAdded
            | CustodyRecorded
            | EvidenceVerified
            | EvidenceMismatch
            | IndicatorAdded
            | AssetAdded
            | FindingAdded
            | HypothesisAdded
            | ActionItemAdded
            | InitialAccessMarked
            | Linked
    )
}

/// Changes that read better as a phrase of their own.
fn special(action: AuditAction, c: &FieldChange) -> Option<String> {
    // The subject names the event; its id says nothing to a reader.
    if c.field == "event" {
        match action {
            AuditAction::InitialAccessMarked if present(&c.old).is_some() => {
                return Some("Replaces the earlier mark".to_owned())
            }
            AuditAction::InitialAccessMarked => return Some("The attack's start".to_owned()),
            AuditAction::InitialAccessCleared => {
                return Some("The start is not established".to_owned())
            }
            _ => {}
        }
    }
    let new = present(&c.new)?;
    match (action, c.field.as_str()) {
        (AuditAction::PlaybookStarted, "playbook") => Some(match new.rsplit_once(" v") {
            Some((id, version)) => format!("Pinned to version {version} of {id}"),
            None => format!("Playbook {new}"),
        }),
        // The note itself is shown with the entry.
        (AuditAction::StepUpdated, "note") if present(&c.old).is_none() => {
            Some("Note added".to_owned())
        }
        (AuditAction::CustodyRecorded, "custody") => Some(new.to_owned()),
        (AuditAction::MessageSent, "recipients") => Some(format!("To {new}")),
        _ => None,
    }
}

/// A yes/no fact with the question it answers.
fn fact_sentence(c: &FieldChange) -> String {
    let question = c
        .field
        .parse::<Fact>()
        .map_or_else(|_| humanise(&c.field), |f| f.question().to_owned());
    let answer = |v: &Option<String>| present(v).unwrap_or("unknown").to_owned();
    format!("{question}: {} (was {})", answer(&c.new), answer(&c.old))
}

fn field_label(action: AuditAction, field: &str) -> String {
    use AuditAction::*;
    let label = match (action, field) {
        (_, "incident_type") => "Type",
        (_, "detected_at") => "Detected",
        (StepUpdated, "state") => "State",
        (StepUpdated, "assignee_role") => "Owner role",
        (StepUpdated, "assignee_name") => "Assigned to",
        (ObligationAdded | ObligationChanged | ObligationRemoved, "applicability") => "Applies",
        (ObligationAdded | ObligationChanged | ObligationRemoved, "due") => "Due",
        (ObligationDecided, "decision") => "Decision",
        (_, "sent_at") => "Sent",
        (_, "tlp") => "TLP",
        (_, "sha256") => "SHA-256",
        (_, "expected_sha256") => "Expected SHA-256",
        (_, "observed_sha256") => "Observed SHA-256",
        (_, "size_bytes") => "Size",
        (_, "custody") => "Custody",
        (_, "by") => "By",
        (_, "first_seen") => "First seen",
        (_, "last_seen") => "Last seen",
        (InitialAccessMarked | InitialAccessCleared, "event") => "Timeline event",
        (InitialAccessMarked | InitialAccessCleared, "occurred_at") => "Occurred",
        _ => return humanise(field),
    };
    label.to_owned()
}

/// The value in words: vocabulary codes as their labels, times in UTC, JSON flattened.
fn value_text(field: &str, v: &str) -> String {
    let labelled = match field {
        "severity" => v.parse::<Severity>().ok().map(|s| s.label()),
        "phase" => v.parse::<Phase>().ok().map(|p| p.label()),
        "status" => v
            .parse::<Status>()
            .ok()
            .map(|s| s.label())
            .or_else(|| v.parse::<EvidenceStatus>().ok().map(evidence_status))
            .or_else(|| v.parse::<ActionStatus>().ok().map(action_status)),
        "incident_type" => v.parse::<IncidentType>().ok().map(|t| t.label()),
        "state" => v.parse::<StepState>().ok().map(|s| s.label()),
        "assignee_role" => v.parse::<Role>().ok().map(|r| r.label()),
        "decision" => v.parse::<DecisionState>().ok().map(decision_label),
        "kind" => v.parse::<EvidenceKind>().ok().map(evidence_kind),
        "size_bytes" => return v.parse::<u64>().map_or_else(|_| v.to_owned(), bytes),
        _ => None,
    };
    if let Some(l) = labelled {
        return l.to_owned();
    }
    if let Some(t) = moment_text(v) {
        return t;
    }
    flatten_json(v).unwrap_or_else(|| v.to_owned())
}

fn evidence_status(s: EvidenceStatus) -> &'static str {
    match s {
        EvidenceStatus::Unverified => "not yet re-verified",
        EvidenceStatus::Intact => "intact",
        EvidenceStatus::Mismatch => "hash mismatch",
        EvidenceStatus::Missing => "file missing",
    }
}

fn action_status(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Open => "open",
        ActionStatus::Done => "done",
    }
}

fn evidence_kind(k: EvidenceKind) -> &'static str {
    match k {
        EvidenceKind::File => "file hashed on this machine",
        EvidenceKind::Reference => "held elsewhere (reference)",
    }
}

pub(crate) fn decision_label(d: DecisionState) -> &'static str {
    match d {
        DecisionState::Pending => "pending",
        DecisionState::Drafted => "drafted",
        DecisionState::Sent => "sent",
        DecisionState::NotRequired => "not required",
        DecisionState::Delayed => "delayed",
    }
}

/// "3 Dec 2026 14:05 UTC", with the original local time when it was not given in UTC.
pub(crate) fn moment_text(v: &str) -> Option<String> {
    let t: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(v.trim()).ok()?;
    let utc = t.naive_utc();
    let mut out = utc.format("%-d %b %Y %H:%M UTC").to_string();
    if t.offset().local_minus_utc() != 0 {
        out.push_str(&format!(" ({} {})", t.format("%H:%M"), t.format("%:z")));
    }
    Some(out)
}

/// JSON a reader can read: lists joined with commas, objects as "key value" pairs.
pub(crate) fn flatten_json(v: &str) -> Option<String> {
    let t = v.trim_start();
    if !(t.starts_with('[') || t.starts_with('{')) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(v).ok()?;
    Some(json_words(&value))
}

fn json_words(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "unknown".to_owned(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.as_u64().map_or_else(|| n.to_string(), group),
        Value::String(s) => moment_text(s).unwrap_or_else(|| humanise_code(s)),
        Value::Array(a) if a.is_empty() => "none".to_owned(),
        Value::Array(a) => a.iter().map(json_words).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} {}", humanise(k), json_words(v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A value or `None` when absent or blank (stored records use both for "nothing").
pub(crate) fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `storage_location` → "Storage location".
pub(crate) fn humanise(code: &str) -> String {
    capitalise(code.replace(['_', '.'], " ").trim())
}

/// A snake_case code inside a value reads as words; other text stays as written.
fn humanise_code(s: &str) -> String {
    let is_code = s.contains('_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if is_code {
        s.replace('_', " ")
    } else {
        s.to_owned()
    }
}

/// 1200 → "1,200".
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{} bytes", group(n));
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit} ({} bytes)", group(n))
}
