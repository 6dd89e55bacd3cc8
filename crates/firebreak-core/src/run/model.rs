use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::playbook::{Condition, Fact, Role, Section, Step};
use crate::time::Moment;

coded_enum!(
    /// A step's recorded state. "Not applicable" is not stored: it is computed from the
    /// incident's facts every time (see `RunStep::applicable`).
    StepState ("state", "step state") {
        Todo = "todo" | "to_do",
        InProgress = "in_progress",
        Done = "done",
        Skipped = "skipped",
        Blocked = "blocked",
    }
);

impl StepState {
    /// Done or deliberately skipped: nothing more to do.
    pub fn is_complete(self) -> bool {
        matches!(self, StepState::Done | StepState::Skipped)
    }

    pub fn label(self) -> &'static str {
        match self {
            StepState::Todo => "To do",
            StepState::InProgress => "In progress",
            StepState::Done => "Done",
            StepState::Skipped => "Skipped",
            StepState::Blocked => "Blocked",
        }
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, StepState::Skipped | StepState::Blocked)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FactValue {
    pub fact: Fact,
    pub question: String,
    /// None = unknown.
    pub value: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RunStep {
    pub step: Step,
    pub state: StepState,
    /// False when a `when` condition does not hold on the incident's facts.
    pub applicable: bool,
    /// The conditions that do not hold (empty when applicable).
    pub unmet: Vec<Condition>,
    pub reason: String,
    pub note: String,
    pub assignee_role: Option<Role>,
    pub assignee_name: String,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SectionProgress {
    pub section: Section,
    pub label: String,
    /// Applicable steps done or skipped.
    pub complete: u32,
    pub applicable: u32,
    pub steps: Vec<RunStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RunView {
    pub id: Uuid,
    pub playbook_id: String,
    pub playbook_title: String,
    /// The version this run started with; later imports do not change it.
    pub playbook_version: u32,
    pub started_at: Moment,
    pub started_by: String,
    pub complete: u32,
    pub applicable: u32,
    pub sections: Vec<SectionProgress>,
}

/// A step that can be worked on now: applicable, not finished, its `after` steps finished.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct NextStep {
    pub run_id: Uuid,
    pub playbook_id: String,
    pub playbook_title: String,
    pub step_id: String,
    pub title: String,
    pub section: Section,
    pub owner: Role,
    pub state: StepState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct IncidentRuns {
    pub facts: Vec<FactValue>,
    pub runs: Vec<RunView>,
    pub next: Vec<NextStep>,
    pub blocked: Vec<NextStep>,
}

/// Changes to one step; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct StepUpdate {
    pub state: Option<StepState>,
    /// Required when the new state is skipped or blocked.
    pub reason: Option<String>,
    pub note: Option<String>,
    pub assignee_role: Option<Role>,
    pub assignee_name: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Type)]
pub struct FactChange {
    pub fact: Fact,
    /// None = back to unknown.
    pub value: Option<bool>,
}

/// A step shown or hidden by a fact change, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StepVisibility {
    pub playbook_title: String,
    pub step_id: String,
    pub title: String,
    /// The step's conditions, e.g. "personal_data_involved".
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FactsOutcome {
    pub shown: Vec<StepVisibility>,
    pub hidden: Vec<StepVisibility>,
}
