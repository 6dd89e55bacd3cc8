use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::{AuditEntry, FieldChange};
use crate::catalog::{IncidentType, Phase, Severity, Status};
use crate::time::Moment;

// Output-only types derive only Serialize (inputs only Deserialize) so the generated
// TypeScript has one plain type per struct instead of separate read/write variants.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Incident {
    pub id: Uuid,
    pub title: String,
    pub incident_type: IncidentType,
    pub severity: Severity,
    pub phase: Phase,
    pub status: Status,
    /// When the activity was first noticed, in the offset it was reported in.
    pub detected_at: Moment,
    /// When the incident was formally declared, in the declaring machine's offset.
    pub declared_at: Moment,
    pub commander: String,
    pub summary: String,
    /// Bumped on every change; edits may name the revision they were based on.
    pub revision: u32,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewIncident {
    pub title: String,
    pub incident_type: IncidentType,
    pub severity: Severity,
    /// RFC 3339 with an offset; defaults to the moment of declaration.
    pub detected_at: Option<String>,
    pub phase: Option<Phase>,
    pub commander: Option<String>,
    pub summary: Option<String>,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct IncidentPatch {
    /// The revision the editor saw; a mismatch is refused instead of overwriting
    /// someone else's change.
    pub expected_revision: Option<u32>,
    pub title: Option<String>,
    pub incident_type: Option<IncidentType>,
    pub severity: Option<Severity>,
    pub phase: Option<Phase>,
    pub detected_at: Option<String>,
    pub commander: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IncidentSort {
    /// Most recently declared first.
    #[default]
    DeclaredDesc,
    DeclaredAsc,
    DetectedDesc,
    /// SEV1 first, then most recently declared.
    Severity,
    UpdatedDesc,
    Title,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct IncidentFilter {
    pub status: Option<Status>,
    pub incident_type: Option<IncidentType>,
    pub severity: Option<Severity>,
    /// Case-insensitive substring of the title, summary or commander.
    pub text: Option<String>,
    pub sort: Option<IncidentSort>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IncidentDetail {
    pub incident: Incident,
    /// Oldest first.
    pub audit: Vec<AuditEntry>,
}

/// The user-visible fields with their display values, in form order.
fn fields(i: &Incident) -> Vec<(&'static str, String)> {
    vec![
        ("title", i.title.clone()),
        ("incident_type", i.incident_type.to_string()),
        ("severity", i.severity.to_string()),
        ("phase", i.phase.to_string()),
        ("status", i.status.to_string()),
        ("detected_at", i.detected_at.to_rfc3339()),
        ("commander", i.commander.clone()),
        ("summary", i.summary.clone()),
    ]
}

/// The declaration entry records every initial value, so the audit trail alone can
/// reconstruct the incident's history.
pub(super) fn all_fields(i: &Incident) -> Vec<FieldChange> {
    fields(i)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(field, new)| FieldChange {
            field: field.to_owned(),
            old: None,
            new: Some(new),
        })
        .collect()
}

pub(super) fn diff(old: &Incident, new: &Incident) -> Vec<FieldChange> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldChange {
            field: field.to_owned(),
            old: Some(a),
            new: Some(b),
        })
        .collect()
}
