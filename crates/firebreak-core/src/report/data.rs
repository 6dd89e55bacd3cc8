//! Everything a report says, gathered in one place so the brief and the full report are
//! pure functions of it (and testable from a fixture without a database).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::incident::{self, Incident};
use crate::investigation::{self, Workspace};
use crate::notify::{self, Obligation, ObligationsView};
use crate::run::{self, IncidentRuns};
use crate::time::Moment;
use crate::timeline::{self, ChainStatus, TimelineEntry, TimelineFilter};
use crate::{Result, Store};

/// The most timeline entries a report lists; the rest are in the timeline export, which
/// the report names together with the chain head that covers them all.
pub const TIMELINE_MAX: u32 = 400;

#[derive(Debug, Clone)]
pub struct ReportData {
    pub incident: Incident,
    pub generated_at: Moment,
    pub generated_by: String,
    pub workspace: Workspace,
    pub notifications: ObligationsView,
    pub runs: IncidentRuns,
    /// Current entries in time order, at most [`TIMELINE_MAX`].
    pub timeline: Vec<TimelineEntry>,
    pub timeline_total: u32,
    pub chain: ChainStatus,
    /// The organisation's IANA zone (the incident's facts, else the organisation profile);
    /// `None` when none is set, and the brief then gives times in UTC only.
    pub home_zone: Option<String>,
}

pub fn gather(
    store: &Store,
    incident_id: Uuid,
    generated_at: Moment,
    generated_by: &str,
) -> Result<ReportData> {
    let incident = incident::show(store, incident_id)?.incident;
    let page = timeline::page(
        store,
        incident_id,
        &TimelineFilter {
            limit: Some(TIMELINE_MAX),
            ..TimelineFilter::default()
        },
    )?;
    let notifications = notify::view(store, incident_id)?;
    let home_zone = match &notifications.facts.profile.home_zone {
        Some(z) => Some(z.clone()),
        None => notify::org_profile(store)?.home_zone,
    };
    Ok(ReportData {
        home_zone,
        notifications,
        workspace: investigation::workspace(store, incident_id)?,
        runs: run::overview(store, incident_id)?,
        timeline: page.entries,
        timeline_total: page.total,
        chain: timeline::verify(store, incident_id)?,
        incident,
        generated_at,
        generated_by: generated_by.trim().to_owned(),
    })
}

impl ReportData {
    /// Obligations that still need a decision or a message, soonest due first; those with
    /// no due time (clock not started, or "without undue delay") last.
    pub fn open_obligations(&self) -> Vec<&Obligation> {
        let mut open: Vec<&Obligation> = self
            .notifications
            .obligations
            .iter()
            .filter(|o| o.needs_action())
            .collect();
        open.sort_by_key(|o| (o.due_utc.is_none(), o.due_utc, o.rule_id.clone()));
        open
    }

    /// Obligations with a decision recorded (sent, not required, delayed, drafted).
    pub fn decided_obligations(&self) -> Vec<&Obligation> {
        self.notifications
            .obligations
            .iter()
            .filter(|o| o.decision.state != notify::DecisionState::Pending)
            .collect()
    }

    /// "No rule for US-CA (California) in Firebreak's reference — check with counsel. 300
    /// people affected there." A place with no rule is a question for counsel, not silence.
    pub fn uncovered_lines(&self) -> Vec<String> {
        self.notifications
            .uncovered
            .iter()
            .map(|u| {
                let people = u.people.map_or_else(
                    || "number of people affected there not known yet".to_owned(),
                    |n| {
                        let group = crate::incident::wording::group(u64::from(n));
                        format!(
                            "{group} {} affected there",
                            if n == 1 { "person" } else { "people" }
                        )
                    },
                );
                format!("{} {people}.", u.note)
            })
            .collect()
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        self.generated_at.with_timezone(&Utc)
    }
}
