//! What the UI needs around obligations: the vocabularies with labels, reminder settings, and
//! the nearest deadlines across all open incidents (the countdown strip).

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::jurisdiction::{self, JurisdictionInfo};
use super::model::{Applicability, DecisionState};
use super::vocab::{Answer, DataCategory, KeyMoment, ProfileFlag, RiskLevel, ServiceImpact};
use crate::catalog::{Choice, Status};
use crate::incident::{self, IncidentFilter};
use crate::oplog::{self, Change};
use crate::{Error, Result, Store};

#[derive(Debug, Clone, Serialize, Type)]
pub struct NotifyCatalog {
    pub jurisdictions: Vec<JurisdictionInfo>,
    pub profile_flags: Vec<Choice<ProfileFlag>>,
    pub data_categories: Vec<Choice<DataCategory>>,
    pub moments: Vec<Choice<KeyMoment>>,
    pub answers: Vec<Choice<Answer>>,
    pub risk_levels: Vec<Choice<RiskLevel>>,
    pub service_impacts: Vec<Choice<ServiceImpact>>,
    pub decision_states: Vec<Choice<DecisionState>>,
}

fn choices<T: Copy>(all: &[T], label: impl Fn(T) -> String) -> Vec<Choice<T>> {
    all.iter()
        .map(|&v| Choice {
            value: v,
            label: label(v),
            detail: String::new(),
        })
        .collect()
}

fn decision_label(d: DecisionState) -> String {
    match d {
        DecisionState::Pending => "Pending",
        DecisionState::Drafted => "Drafted",
        DecisionState::Sent => "Sent",
        DecisionState::NotRequired => "Not required",
        DecisionState::Delayed => "Delayed",
    }
    .into()
}

pub fn catalog() -> NotifyCatalog {
    let sentence = |code: &str| {
        let mut s = code.replace('_', " ");
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        s
    };
    NotifyCatalog {
        jurisdictions: jurisdiction::all().to_vec(),
        profile_flags: choices(ProfileFlag::ALL, |p| p.label().into()),
        data_categories: choices(DataCategory::ALL, |d| d.label().into()),
        moments: choices(KeyMoment::ALL, |m| m.label().into()),
        answers: choices(Answer::ALL, |a| sentence(a.code())),
        risk_levels: choices(RiskLevel::ALL, |r| sentence(r.code())),
        service_impacts: choices(ServiceImpact::ALL, |s| sentence(s.code())),
        decision_states: choices(DecisionState::ALL, decision_label),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Reminders {
    /// Notify (OS notification) when a deadline is this close.
    pub hours_before: u32,
    pub os_notifications: bool,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            hours_before: 24,
            os_notifications: true,
        }
    }
}

const REMINDERS_KEY: &str = "reminders";

pub fn reminders(store: &Store) -> Result<Reminders> {
    store.read(|c| {
        let raw: Option<String> = c
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [REMINDERS_KEY],
                |r| r.get(0),
            )
            .optional()?;
        raw.map_or(Ok(Reminders::default()), |t| {
            serde_json::from_str(&t).map_err(|e| Error::Corrupt(format!("reminder settings: {e}")))
        })
    })
}

pub fn set_reminders(store: &Store, r: &Reminders, actor: &str) -> Result<Reminders> {
    if r.hours_before == 0 || r.hours_before > 24 * 30 {
        return Err(Error::validation(
            "hours_before",
            "choose between 1 hour and 720 hours (30 days)",
        ));
    }
    let value =
        serde_json::to_value(r).map_err(|e| Error::Corrupt(format!("reminder settings: {e}")))?;
    let op = Change::SettingSet(super::project::SettingSet {
        key: REMINDERS_KEY.into(),
        value,
    });
    store.write(|tx| {
        oplog::record(tx, actor, None, &op)?;
        Ok(r.clone())
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct UpcomingDeadline {
    pub incident_id: Uuid,
    pub incident_title: String,
    pub rule_id: String,
    pub regime: String,
    pub title: String,
    pub recipient: String,
    pub due_utc: DateTime<Utc>,
    pub applicability: Applicability,
    pub decision: DecisionState,
}

/// Open deadlines (not sent, not ruled out) of every open incident, soonest first.
pub fn upcoming(store: &Store, limit: u32) -> Result<Vec<UpcomingDeadline>> {
    let filter = IncidentFilter {
        status: Some(Status::Open),
        ..IncidentFilter::default()
    };
    let mut out = Vec::new();
    for inc in incident::list(store, &filter)? {
        let view = super::view(store, inc.id)?;
        out.extend(view.obligations.into_iter().filter_map(|o| {
            let open = o.clock_running();
            Some(UpcomingDeadline {
                incident_id: inc.id,
                incident_title: inc.title.clone(),
                due_utc: o.due_utc.filter(|_| open)?,
                rule_id: o.rule_id,
                regime: o.regime,
                title: o.title,
                recipient: o.recipient,
                applicability: o.applicability,
                decision: o.decision.state,
            })
        }));
    }
    out.sort_by(|a, b| (a.due_utc, &a.rule_id).cmp(&(b.due_utc, &b.rule_id)));
    out.truncate(limit as usize);
    Ok(out)
}
