//! Stakeholder notification: regulatory clocks derived from incident facts, decisions on
//! each obligation, and the record of what was sent.

pub mod calendar;
mod derive;
pub mod facts;
pub mod jurisdiction;
mod model;
mod obligations;
pub mod rules;
pub mod vocab;

#[cfg(test)]
mod rule_tests;

pub use facts::{AffectedJurisdiction, KeyMoments, NotificationFacts, OrgProfile};
pub use model::*;
pub use obligations::for_facts;
