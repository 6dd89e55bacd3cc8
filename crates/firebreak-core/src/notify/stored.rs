//! Reading and writing notification facts, key moments and obligation rows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::derive::SentTimes;
use super::facts::{NotificationFacts, OrgProfile};
use super::model::{Applicability, Decision, DecisionState};
use super::project;
use super::vocab::KeyMoment;
use crate::oplog::{self, Change};
use crate::time::{self, Moment};
use crate::{Error, Result};

const PROFILE_KEY: &str = "org_profile";

pub fn org_profile(c: &Connection) -> Result<OrgProfile> {
    let raw: Option<String> = c
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [PROFILE_KEY],
            |r| r.get(0),
        )
        .optional()?;
    match raw {
        None => Ok(OrgProfile::default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| Error::Corrupt(format!("stored organisation profile: {e}"))),
    }
}

pub fn save_org_profile(c: &Connection, actor: &str, p: &OrgProfile) -> Result<()> {
    let value = serde_json::to_value(p)
        .map_err(|e| Error::Corrupt(format!("organisation profile: {e}")))?;
    let op = Change::SettingSet(project::SettingSet {
        key: PROFILE_KEY.into(),
        value,
    });
    oplog::record(c, actor, None, &op)
}

/// The incident's facts. Before any are saved, the organisation profile from Settings is
/// copied in; "detected" is always the incident's own detection time.
pub fn facts(c: &Connection, incident_id: Uuid) -> Result<NotificationFacts> {
    let incident = crate::incident::get_on(c, incident_id)?;
    let raw: Option<String> = c
        .query_row(
            "SELECT facts FROM notification_facts WHERE incident_id = ?1",
            [incident_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let mut facts = match raw {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| Error::Corrupt(format!("stored notification facts: {e}")))?,
        None => NotificationFacts {
            profile: org_profile(c)?,
            ..NotificationFacts::default()
        },
    };
    let mut stmt = c.prepare_cached(
        "SELECT moment, at_utc, at_offset FROM key_moments WHERE incident_id = ?1",
    )?;
    let rows = stmt.query_map([incident_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i32>(2)?,
        ))
    })?;
    for row in rows {
        let (name, utc, offset) = row?;
        let at = time::from_columns(&utc, offset)?;
        let moment: KeyMoment = name
            .parse()
            .map_err(|_| Error::Corrupt(format!("unknown key moment {name:?}")))?;
        set_moment(&mut facts, moment, Some(at));
    }
    facts.moments.detected = Some(incident.detected_at);
    Ok(facts)
}

fn set_moment(f: &mut NotificationFacts, m: KeyMoment, at: Option<Moment>) {
    let slot = match m {
        KeyMoment::Detected => &mut f.moments.detected,
        KeyMoment::AwarePersonalDataBreach => &mut f.moments.aware_personal_data_breach,
        KeyMoment::BreachDetermined => &mut f.moments.breach_determined,
        KeyMoment::MaterialityDetermined => &mut f.moments.materiality_determined,
        KeyMoment::ClassifiedMajor => &mut f.moments.classified_major,
        KeyMoment::RansomPaid => &mut f.moments.ransom_paid,
    };
    *slot = at;
}

pub fn save_facts(
    c: &Connection,
    actor: &str,
    incident_id: Uuid,
    f: &NotificationFacts,
) -> Result<()> {
    let mut facts = f.clone();
    facts.moments = Default::default();
    let moments = KeyMoment::ALL
        .iter()
        .filter(|m| **m != KeyMoment::Detected)
        .filter_map(|m| f.moments.get(*m).map(|at| (*m, at)))
        .collect();
    let op = Change::NotificationFactsSet(Box::new(project::FactsSet { facts, moments }));
    oplog::record(c, actor, Some(incident_id), &op)
}

/// One stored obligation row.
#[derive(Debug, Clone)]
pub struct Row {
    pub applicability: Applicability,
    pub due_utc: Option<DateTime<Utc>>,
    pub decision: Decision,
}

fn parse_applicability(s: &str) -> Result<Applicability> {
    match s {
        "applies" => Ok(Applicability::Applies),
        "possible" => Ok(Applicability::Possible),
        "no_longer_applies" => Ok(Applicability::NoLongerApplies),
        other => Err(Error::Corrupt(format!("unknown applicability {other:?}"))),
    }
}

fn parse_utc(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Corrupt(format!("stored time {s:?}: {e}")))
}

pub fn rows(c: &Connection, incident_id: Uuid) -> Result<HashMap<String, Row>> {
    let mut stmt = c.prepare_cached(
        "SELECT rule_id, applicability, due_utc, decision, note, sent_at_utc, sent_at_offset,
                decided_by, decided_at_utc
         FROM obligations WHERE incident_id = ?1",
    )?;
    let raw = stmt.query_map([incident_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<i32>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in raw {
        let (rule, appl, due, state, note, sent_utc, sent_off, by, at) = row?;
        let sent_at = match (sent_utc, sent_off) {
            (Some(u), Some(o)) => Some(time::from_columns(&u, o)?),
            _ => None,
        };
        let state: DecisionState = state
            .parse()
            .map_err(|_| Error::Corrupt(format!("unknown decision {state:?}")))?;
        out.insert(
            rule,
            Row {
                applicability: parse_applicability(&appl)?,
                due_utc: due.as_deref().map(parse_utc).transpose()?,
                decision: Decision {
                    state,
                    note,
                    sent_at,
                    decided_by: by,
                    decided_at: at.as_deref().map(parse_utc).transpose()?,
                },
            },
        );
    }
    Ok(out)
}

pub fn sent_times(rows: &HashMap<String, Row>) -> SentTimes {
    rows.iter()
        .filter(|(_, r)| r.decision.state == DecisionState::Sent)
        .filter_map(|(id, r)| r.decision.sent_at.map(|at| (id.clone(), at)))
        .collect()
}

pub fn upsert_derived(
    c: &Connection,
    actor: &str,
    incident_id: Uuid,
    rule_id: &str,
    applicability: Applicability,
    due: Option<DateTime<Utc>>,
) -> Result<()> {
    let op = Change::ObligationDerived(project::ObligationDerived {
        rule_id: rule_id.to_owned(),
        applicability,
        due,
    });
    oplog::record(c, actor, Some(incident_id), &op)
}

pub fn save_decision(
    c: &Connection,
    actor: &str,
    incident_id: Uuid,
    rule_id: &str,
    d: &Decision,
) -> Result<()> {
    let op = Change::ObligationDecided(project::ObligationDecided::of(rule_id, d));
    oplog::record(c, actor, Some(incident_id), &op)
}
