//! Stakeholder notification: regulatory clocks derived from incident facts, decisions on
//! each obligation, and the record of what was sent.

pub mod address;
pub mod calendar;
pub mod contacts;
mod derive;
pub mod directory;
pub mod facts;
mod ics;
pub mod jurisdiction;
pub mod messages;
mod model;
mod obligations;
mod one_stop;
pub mod rules;
mod uncovered;
mod vcard;
pub mod vocab;

#[cfg(test)]
mod contact_safety_tests;
#[cfg(test)]
mod log_tests;
#[cfg(test)]
mod message_tests;
#[cfg(test)]
mod one_stop_tests;
#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod vcard_tests;

pub use facts::{AffectedJurisdiction, KeyMoments, NotificationFacts, OrgProfile};
pub use model::*;
pub use obligations::for_facts;
pub use uncovered::UncoveredJurisdiction;
mod service;
mod stored;

pub use service::{decide, export_ics, org_profile, set_facts, set_org_profile, view};
mod overview;
pub(crate) mod project;

pub use overview::{
    catalog, reminders, set_reminders, upcoming, NotifyCatalog, Reminders, UpcomingDeadline,
};
