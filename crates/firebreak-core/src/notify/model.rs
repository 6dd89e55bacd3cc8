use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::facts::NotificationFacts;
use super::rules::{RuleStatus, Source};
use super::uncovered::UncoveredJurisdiction;
use crate::time::Moment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    Applies,
    /// Applies unless a fact still unknown turns out otherwise.
    Possible,
    /// Applied earlier; the facts changed. Kept, with its decision, never dropped silently.
    NoLongerApplies,
}

coded_enum!(
    /// What the team decided about an obligation.
    DecisionState ("decision", "decision") {
        Pending = "pending",
        Drafted = "drafted",
        Sent = "sent",
        NotRequired = "not_required",
        Delayed = "delayed",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Decision {
    pub state: DecisionState,
    /// Rationale (not required), legal basis (delayed) or a free note.
    pub note: String,
    pub sent_at: Option<Moment>,
    pub decided_by: String,
    pub decided_at: Option<DateTime<Utc>>,
}

impl Default for Decision {
    fn default() -> Self {
        Decision {
            state: DecisionState::Pending,
            note: String::new(),
            sent_at: None,
            decided_by: String::new(),
            decided_at: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Obligation {
    pub rule_id: String,
    pub regime: String,
    pub title: String,
    pub citation: String,
    pub recipient: String,
    pub audience: String,
    pub rule_status: RuleStatus,
    pub applicability: Applicability,
    /// Why it applies, in terms of the facts.
    pub reasons: Vec<String>,
    /// Unknown facts that decide whether it applies.
    pub depends_on: Vec<String>,
    /// A key-moment code, or `sent:<rule-id>`.
    pub trigger: String,
    pub trigger_label: String,
    pub trigger_at: Option<Moment>,
    /// `None` when the law gives no number or the clock has not started.
    pub due_utc: Option<DateTime<Utc>>,
    /// The due time in the zone the deadline is counted in.
    pub due_local: Option<Moment>,
    pub zone: String,
    /// The law's own deadline in words ("without undue delay…").
    pub deadline: String,
    /// How the due time was counted.
    pub counting: String,
    /// The law gives a number (hours, days…); with no due time yet, the clock has not started.
    pub fixed_period: bool,
    pub summary: String,
    pub follow_ups: Vec<String>,
    pub sources: Vec<Source>,
    pub last_reviewed: String,
    pub decision: Decision,
}

impl Obligation {
    /// Its clock still runs: not sent, not ruled out, and the facts still give it. A delay
    /// (with its legal basis) keeps the clock: the countdown strip, the notifications page
    /// and the incident page all show it, marked delayed.
    pub fn clock_running(&self) -> bool {
        self.applicability != Applicability::NoLongerApplies
            && !matches!(
                self.decision.state,
                DecisionState::Sent | DecisionState::NotRequired
            )
    }

    /// Still needs someone to write or approve a message: pending or drafted, and the facts
    /// still give it (a delay is a decision taken; the brief lists it among those).
    pub fn needs_action(&self) -> bool {
        self.applicability != Applicability::NoLongerApplies
            && matches!(
                self.decision.state,
                DecisionState::Pending | DecisionState::Drafted
            )
    }
}

/// Everything the notifications panel shows for an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ObligationsView {
    pub incident_id: Option<Uuid>,
    pub facts: NotificationFacts,
    pub obligations: Vec<Obligation>,
    /// Affected jurisdictions no rule in the reference names: checked with counsel, not
    /// silently dropped.
    pub uncovered: Vec<UncoveredJurisdiction>,
    pub rules_version: String,
    pub rules_reviewed: String,
    pub disclaimer: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct DecisionInput {
    pub rule_id: String,
    pub state: DecisionState,
    #[serde(default)]
    pub note: String,
    /// RFC 3339 with offset; for `sent`, defaults to now.
    #[serde(default)]
    pub sent_at: Option<String>,
}

pub const DISCLAIMER: &str = "These rules summarise the law in our own words and can be wrong \
or out of date. Confirm every obligation, deadline and exemption with counsel; each rule shows \
its source and the date it was last reviewed.";

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SavedFile {
    pub path: String,
    #[specta(type = u32)]
    pub bytes: u64,
    /// Items written (calendar events, contacts, …).
    pub items: u32,
}
