use serde::Serialize;
use specta::Type;

use super::vocab::{Fact, Role, Section};
use crate::catalog::IncidentType;

/// A validated playbook, exactly as written in its file (see docs/playbook-format.md).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Playbook {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub incident_types: Vec<IncidentType>,
    pub summary: String,
    /// What the playbook was checked against: document and section (empty in older files).
    pub sources: Vec<SourceRef>,
    /// `YYYY-MM-DD`: when it was last checked against its sources.
    pub reviewed: Option<String>,
    /// `YYYY-MM-DD`: when it must be checked again; lint warns once it has passed.
    pub review_by: Option<String>,
    pub steps: Vec<Step>,
}

/// One source a playbook was checked against, e.g. NIST SP 800-61r3, "RS.MA-02".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SourceRef {
    pub document: String,
    pub section: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Step {
    pub id: String,
    pub section: Section,
    pub title: String,
    pub owner: Role,
    /// Markdown.
    pub guidance: String,
    pub output: String,
    /// All must hold for the step to apply.
    pub when: Vec<Condition>,
    pub after: Vec<String>,
    pub csf: Vec<String>,
    pub attack: Vec<String>,
}

/// `fact` holds when the fact is yes; `!fact` (negated) when it is no. On a fact still
/// unknown neither is decided: the step is shown as a question, never silently as "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Condition {
    pub fact: Fact,
    pub negated: bool,
}

impl Condition {
    /// `Some(true)` holds, `Some(false)` fails, `None` depends on an unknown fact.
    pub fn holds(self, value: Option<bool>) -> Option<bool> {
        value.map(|yes| yes != self.negated)
    }

    /// The answer to the fact's question that makes this condition hold.
    pub fn applies_if(self) -> bool {
        !self.negated
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.negated {
            f.write_str("!")?;
        }
        f.write_str(self.fact.code())
    }
}
