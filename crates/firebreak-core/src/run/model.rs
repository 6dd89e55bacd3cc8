use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::playbook::{Condition, Fact, Role, Section, Step};
use crate::time::Moment;

coded_enum!(
    /// A step's recorded state. "Not applicable" is not stored: it is computed from the
    /// incident's facts every time (see `StepApplicability`).
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

/// A fact a step's conditions depend on that nobody has answered yet.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FactQuestion {
    pub fact: Fact,
    pub question: String,
    /// The answer that makes the step apply (false for a `!fact` condition).
    pub applies_if: bool,
}

/// Whether a step applies to the incident, computed from its facts every time.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepApplicability {
    /// Every condition holds (or there are none).
    Applies,
    /// No condition fails, but some depend on facts still unknown: somebody has to
    /// decide. Counts as open work, so progress never reads 100 % while it waits.
    Undecided { questions: Vec<FactQuestion> },
    /// A condition fails on a known fact.
    NotApplicable { unmet: Vec<Condition> },
}

impl StepApplicability {
    /// From a step's conditions and the incident's facts (absent = unknown).
    pub fn of(when: &[Condition], value: impl Fn(Fact) -> Option<bool>) -> Self {
        let unmet: Vec<Condition> = when
            .iter()
            .copied()
            .filter(|c| c.holds(value(c.fact)) == Some(false))
            .collect();
        if !unmet.is_empty() {
            return StepApplicability::NotApplicable { unmet };
        }
        let mut questions: Vec<FactQuestion> = Vec::new();
        for c in when.iter().filter(|c| c.holds(value(c.fact)).is_none()) {
            if !questions.iter().any(|q| q.fact == c.fact) {
                questions.push(FactQuestion {
                    fact: c.fact,
                    question: c.fact.question().into(),
                    applies_if: c.applies_if(),
                });
            }
        }
        if questions.is_empty() {
            StepApplicability::Applies
        } else {
            StepApplicability::Undecided { questions }
        }
    }

    pub fn applies(&self) -> bool {
        matches!(self, StepApplicability::Applies)
    }

    /// On the checklist as work to do or to decide: everything but "not applicable".
    pub fn is_open(&self) -> bool {
        !matches!(self, StepApplicability::NotApplicable { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RunStep {
    pub step: Step,
    pub state: StepState,
    pub applicability: StepApplicability,
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
    /// Steps that apply or are undecided, done or skipped.
    pub complete: u32,
    /// Steps that apply or are undecided: undecided ones are open work.
    pub applicable: u32,
    /// Of `applicable`, how many wait for a decision on a fact.
    pub undecided: u32,
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
    pub undecided: u32,
    pub sections: Vec<SectionProgress>,
}

/// A step that can be worked on now (applies, not finished, its `after` steps finished),
/// or a decision to take: a step whose conditions wait on unknown facts (`decide`).
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
    /// Not empty: answer these facts to decide whether the step applies.
    pub decide: Vec<FactQuestion>,
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

/// A step shown or hidden by a fact change, and why. Shown means it left "not
/// applicable" (to apply or to be decided); hidden means it became not applicable. A step
/// going from undecided to applies was already on the checklist, so it is neither.
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
    /// Steps that were waiting for a decision and now apply: on the checklist already,
    /// but the answer decided them, which whoever set the fact wants to hear.
    pub decided: Vec<StepVisibility>,
}
