//! Playbooks: the file format and its lint, the built-in library, the store of imported
//! versions, and full-text search across them.

pub mod library;
mod model;
pub mod parse;
pub mod search;
mod vocab;

#[cfg(test)]
mod tests;

pub use library::{import, ImportOutcome, PlaybookSource, PlaybookSummary, SectionCount};
pub use model::{Condition, Playbook, Step};
pub use parse::Diagnostic;
pub use search::{search, SearchHit};
pub use vocab::{Fact, Role, Section};
