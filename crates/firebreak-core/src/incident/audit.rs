//! The incident's audit trail: what responders did. Stored as action entries of the
//! incident's hash-chained timeline.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::time::Moment;
use crate::timeline::{self, EntryKind, TimelineFilter, TimelineOrder};
use crate::{Error, Result};

macro_rules! audit_actions {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
        pub enum AuditAction {
            $(#[serde(rename = $code)] $variant),+
        }

        impl AuditAction {
            pub fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),+ }
            }

            pub(crate) fn parse(s: &str) -> Result<Self> {
                match s {
                    $($code => Ok(AuditAction::$variant),)+
                    other => Err(Error::Corrupt(format!("unknown audit action {other:?}"))),
                }
            }
        }
    };
}

audit_actions!(
    Declared = "declared",
    Edited = "edited",
    Closed = "closed",
    Reopened = "reopened",
    PlaybookStarted = "playbook_started",
    StepUpdated = "step_updated",
    FactsChanged = "facts_changed",
    NotificationFactsChanged = "notification_facts_changed",
    ObligationAdded = "obligation_added",
    ObligationChanged = "obligation_changed",
    ObligationRemoved = "obligation_removed",
    ObligationDecided = "obligation_decided",
    MessageSent = "message_sent",
    EvidenceAdded = "evidence_added",
    CustodyRecorded = "custody_recorded",
    EvidenceVerified = "evidence_verified",
    EvidenceMismatch = "evidence_mismatch",
    IndicatorAdded = "indicator_added",
    IndicatorsAdded = "indicators_added",
    IndicatorUpdated = "indicator_updated",
    AssetAdded = "asset_added",
    AssetUpdated = "asset_updated",
    FindingAdded = "finding_added",
    HypothesisAdded = "hypothesis_added",
    HypothesisUpdated = "hypothesis_updated",
    RootCauseRecorded = "root_cause_recorded",
    ActionItemAdded = "action_item_added",
    ActionItemUpdated = "action_item_updated",
    Linked = "linked",
    InitialAccessMarked = "initial_access_marked",
    InitialAccessCleared = "initial_access_cleared",
    TimelineImported = "timeline_imported",
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct AuditEntry {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub at: Moment,
    pub actor: String,
    pub action: AuditAction,
    /// What the entry is about beyond the incident's own fields, e.g.
    /// "Ransomware › Isolate affected hosts"; empty for incident edits.
    pub subject: String,
    /// The responder's note on the change, if any.
    pub note: String,
    pub changes: Vec<FieldChange>,
    /// What was done, in words ("Step updated: Ransomware › Isolate affected hosts"; for a
    /// bulk entry, the count by type), made from the record when it is read.
    pub headline: String,
    /// One sentence per change; for a bulk entry, one per item.
    pub sentences: Vec<String>,
}

/// One entry to append; written in the caller's transaction.
pub(crate) struct Record<'a> {
    pub incident_id: Uuid,
    pub at: &'a Moment,
    pub actor: &'a str,
    pub action: AuditAction,
    pub subject: &'a str,
    pub note: &'a str,
    pub changes: &'a [FieldChange],
}

/// Appends the record to the incident's hash-chained timeline as a responder action.
pub(crate) fn append(c: &Connection, r: &Record<'_>) -> Result<()> {
    timeline::append_action(c, r)?;
    Ok(())
}

/// The incident's responder actions, oldest first.
pub(crate) fn for_incident(c: &Connection, incident_id: Uuid) -> Result<Vec<AuditEntry>> {
    let filter = TimelineFilter {
        kind: Some(EntryKind::Action),
        order: Some(TimelineOrder::Recorded),
        include_history: true,
        ..TimelineFilter::default()
    };
    timeline::actions(c, incident_id, &filter)?
        .into_iter()
        .map(|e| {
            let action = e
                .action
                .ok_or_else(|| Error::Corrupt(format!("action entry {} has no action", e.id)))?;
            Ok(AuditEntry {
                id: e.id,
                incident_id,
                at: e.recorded_at,
                actor: e.recorded_by,
                action,
                subject: e.subject,
                note: e.note,
                changes: e.changes,
                headline: e.headline,
                sentences: e.sentences,
            })
        })
        .collect()
}
