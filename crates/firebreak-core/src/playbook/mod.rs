//! Playbooks: the file format and its lint, the built-in library, the store of imported
//! versions, and full-text search across them.

mod checks;
pub mod library;
mod model;
pub mod parse;
pub mod search;
mod vocab;

#[cfg(test)]
mod tests;

pub use checks::{blocked_clocks, shortest_deadline_hours, BlockedClock, SHORT_CLOCK_HOURS};
pub use library::{import, ImportOutcome, PlaybookSource, PlaybookSummary, SectionCount};
pub use model::{Condition, Playbook, SourceRef, Step};
pub use parse::{Diagnostic, Linted};
pub use search::{search, SearchHit};
pub use vocab::{Fact, Role, Section};
