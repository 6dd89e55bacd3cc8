//! What the investigation workspace shows and the CLI prints.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::ioc::IocType;
use super::metrics::Metric;
use super::vocab::*;
use crate::time::Moment;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct EvidenceItem {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub label: String,
    pub description: String,
    pub kind: EvidenceKind,
    /// Where the file was hashed on this machine; empty for a reference.
    pub path: String,
    /// Lowercase hex; for a reference, the hash reported by whoever holds it, if any.
    pub sha256: Option<String>,
    #[specta(type = Option<f64>)]
    pub size_bytes: Option<u64>,
    pub source_system: String,
    pub collected_by: String,
    pub collected_at: Moment,
    pub storage_location: String,
    pub status: EvidenceStatus,
    pub checked_at: Option<Moment>,
    pub added_by: String,
    pub custody: Vec<CustodyEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CustodyEvent {
    pub id: Uuid,
    pub seq: u32,
    pub action: CustodyAction,
    /// Who handled the item.
    pub actor: String,
    pub at: Moment,
    /// Where it was (or went).
    pub location: String,
    /// Why.
    pub purpose: String,
    /// The hash computed by a re-verification.
    pub observed_sha256: Option<String>,
    pub recorded_by: String,
}

/// A new evidence item: a file to hash here, or (without `path`) a reference to evidence
/// held elsewhere.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct NewEvidence {
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// A file on this machine to hash; omit for a reference.
    #[serde(default)]
    pub path: Option<String>,
    /// For a reference: the SHA-256 its holder reported.
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub source_system: String,
    /// Who collected it; defaults to the person recording it.
    #[serde(default)]
    pub collected_by: Option<String>,
    /// RFC 3339 with offset; defaults to now.
    #[serde(default)]
    pub collected_at: Option<String>,
    #[serde(default)]
    pub storage_location: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewCustodyEvent {
    pub action: CustodyAction,
    /// Who handled it; defaults to the person recording it.
    #[serde(default)]
    pub actor: Option<String>,
    /// RFC 3339 with offset; defaults to now.
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub purpose: String,
}

/// The outcome of re-hashing an evidence file.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct VerifyOutcome {
    pub evidence_id: Uuid,
    pub status: EvidenceStatus,
    pub expected_sha256: String,
    /// None when the file could not be read.
    pub observed_sha256: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Indicator {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub ioc_type: IocType,
    /// Normal form: refanged, hashes and domains lowercase.
    pub value: String,
    /// As it was given, when that differed (e.g. defanged).
    pub original: String,
    pub description: String,
    pub tlp: Tlp,
    pub first_seen: Option<Moment>,
    pub last_seen: Option<Moment>,
    pub added_by: String,
    pub added_at: Moment,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct NewIndicator {
    pub value: String,
    /// Omit to detect it from the value.
    #[serde(default)]
    pub ioc_type: Option<IocType>,
    #[serde(default)]
    pub description: String,
    /// Defaults to TLP:AMBER: an incident's indicators are not for public sharing until
    /// someone decides they are.
    #[serde(default)]
    pub tlp: Option<Tlp>,
    #[serde(default)]
    pub first_seen: Option<String>,
    #[serde(default)]
    pub last_seen: Option<String>,
}

/// What adding indicators did: new ones, and known ones whose sightings were widened.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IndicatorsAdded {
    pub added: Vec<Indicator>,
    pub already_known: Vec<Indicator>,
}

/// A candidate found in pasted text, shown for review before it is added.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ExtractedIndicator {
    pub ioc_type: IocType,
    pub value: String,
    /// Already recorded on this incident.
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Asset {
    pub id: Uuid,
    pub kind: AssetKind,
    pub name: String,
    pub owner: String,
    pub compromise: Compromise,
    pub containment: Containment,
    pub notes: String,
    pub revision: u32,
    pub updated_by: String,
    pub updated_at: Moment,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct AssetInput {
    pub kind: AssetKind,
    pub name: String,
    #[serde(default)]
    pub owner: String,
    pub compromise: Compromise,
    pub containment: Containment,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Finding {
    pub id: Uuid,
    pub statement: String,
    pub added_by: String,
    pub added_at: Moment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Hypothesis {
    pub id: Uuid,
    pub statement: String,
    pub status: HypothesisStatus,
    pub rationale: String,
    pub revision: u32,
    pub added_by: String,
    pub updated_at: Moment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RootCause {
    pub statement: String,
    /// An ATT&CK Initial Access technique id (T1566, T1190.…); empty while unknown.
    pub initial_access: String,
    /// The technique's name, when it is one Firebreak knows.
    pub initial_access_name: String,
    pub contributing_factors: Vec<String>,
    pub revision: u32,
    pub updated_by: String,
    pub updated_at: Moment,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct RootCauseInput {
    pub statement: String,
    #[serde(default)]
    pub initial_access: String,
    #[serde(default)]
    pub contributing_factors: Vec<String>,
    /// The revision the edit was based on; a stale one is refused.
    #[serde(default)]
    pub revision: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ActionItem {
    pub id: Uuid,
    pub action: String,
    pub owner: String,
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    pub added_by: String,
    pub done_at: Option<Moment>,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct ActionItemInput {
    pub action: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due_date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Link {
    pub from_kind: LinkFrom,
    pub from_id: String,
    pub to_kind: LinkTo,
    pub to_id: String,
}

/// Everything the investigation page shows, in one read.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Workspace {
    pub incident_id: Uuid,
    pub evidence: Vec<EvidenceItem>,
    pub indicators: Vec<Indicator>,
    pub assets: Vec<Asset>,
    pub findings: Vec<Finding>,
    pub hypotheses: Vec<Hypothesis>,
    pub root_cause: Option<RootCause>,
    pub action_items: Vec<ActionItem>,
    pub links: Vec<Link>,
    pub metrics: Vec<Metric>,
}
