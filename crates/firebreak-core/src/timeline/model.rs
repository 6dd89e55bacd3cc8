use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::incident::{AuditAction, FieldChange};
use crate::time::Moment;

coded_enum!(
    /// What an entry records: an event (something that happened, from a tool, a log or an
    /// interview), an action (something responders did: every audited change) or a
    /// retraction (the withdrawal of an earlier entry, with the reason).
    EntryKind ("kind", "entry kind") {
        Event = "event",
        Action = "action",
        Retraction = "retraction",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct TimelineEntry {
    pub id: Uuid,
    pub incident_id: Uuid,
    /// Position in the incident's hash chain (1-based).
    pub seq: u32,
    pub kind: EntryKind,
    /// When it happened, in the offset it was given in.
    pub occurred_at: Moment,
    /// When it was written into Firebreak.
    pub recorded_at: Moment,
    pub recorded_by: String,
    pub message: String,
    pub source: String,
    pub host: String,
    pub account: String,
    /// ATT&CK tactic ids, e.g. TA0005.
    pub tactics: Vec<String>,
    /// ATT&CK technique ids, e.g. T1486 or T1566.001.
    pub techniques: Vec<String>,
    pub confidence: Option<u8>,
    pub tags: Vec<String>,
    /// Playbook steps this entry relates to, as "playbook/step".
    pub step_links: Vec<String>,
    /// For actions: what kind of change, its subject, note and field changes.
    pub action: Option<AuditAction>,
    pub subject: String,
    pub note: String,
    pub changes: Vec<FieldChange>,
    /// The entry this one replaces (an edit) or withdraws (a retraction).
    pub supersedes: Option<Uuid>,
    pub reason: String,
    /// Replaced by a later version or retracted.
    pub superseded: bool,
    pub hash: String,
}

/// An observed event as a responder or an import gives it.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct NewEvent {
    /// RFC 3339 with an offset.
    pub occurred_at: String,
    pub message: String,
    pub source: Option<String>,
    pub host: Option<String>,
    pub account: Option<String>,
    /// Tactic ids (TA0005) or names ("Defense Evasion" and "Stealth" both mean TA0005).
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    pub confidence: Option<u8>,
    pub tags: Vec<String>,
    pub step_links: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimelineOrder {
    /// By when it happened.
    #[default]
    Occurred,
    /// By when it was recorded (chain order).
    Recorded,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct TimelineFilter {
    pub kind: Option<EntryKind>,
    pub host: Option<String>,
    /// Matches the account (for events) or the responder who recorded it.
    pub actor: Option<String>,
    pub tactic: Option<String>,
    pub tag: Option<String>,
    pub text: Option<String>,
    /// RFC 3339; inclusive.
    pub from: Option<String>,
    /// RFC 3339; exclusive.
    pub to: Option<String>,
    pub order: Option<TimelineOrder>,
    /// Also list superseded versions and retracted entries.
    pub include_history: bool,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChainStatus {
    Intact {
        entries: u32,
        head_hash: String,
    },
    Broken {
        entries: u32,
        first_bad_seq: u32,
        entry_id: String,
        problem: String,
    },
}
