//! Reading and writing notification facts, key moments and obligation rows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::derive::SentTimes;
use super::facts::{NotificationFacts, OrgProfile};
use super::model::{Applicability, Decision, DecisionState};
use super::vocab::KeyMoment;
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

pub fn save_org_profile(c: &Connection, p: &OrgProfile) -> Result<()> {
    let json = serde_json::to_string(p)
        .map_err(|e| Error::Corrupt(format!("organisation profile: {e}")))?;
    c.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![PROFILE_KEY, json],
    )?;
    Ok(())
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

pub fn save_facts(c: &Connection, incident_id: Uuid, f: &NotificationFacts) -> Result<()> {
    let mut without_moments = f.clone();
    without_moments.moments = Default::default();
    let json = serde_json::to_string(&without_moments)
        .map_err(|e| Error::Corrupt(format!("notification facts: {e}")))?;
    let id = incident_id.to_string();
    c.execute(
        "INSERT INTO notification_facts (incident_id, facts) VALUES (?1, ?2)
         ON CONFLICT (incident_id) DO UPDATE SET facts = excluded.facts, revision = revision + 1",
        params![id, json],
    )?;
    c.execute("DELETE FROM key_moments WHERE incident_id = ?1", [&id])?;
    for m in KeyMoment::ALL.iter().filter(|m| **m != KeyMoment::Detected) {
        if let Some(at) = f.moments.get(*m) {
            c.execute(
                "INSERT INTO key_moments (incident_id, moment, at_utc, at_offset)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, m.code(), time::utc_text(&at), time::offset_seconds(&at)],
            )?;
        }
    }
    Ok(())
}

/// One stored obligation row.
#[derive(Debug, Clone)]
pub struct Row {
    pub applicability: Applicability,
    pub due_utc: Option<DateTime<Utc>>,
    pub decision: Decision,
}

fn applicability_code(a: Applicability) -> &'static str {
    match a {
        Applicability::Applies => "applies",
        Applicability::Possible => "possible",
        Applicability::NoLongerApplies => "no_longer_applies",
    }
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
    incident_id: Uuid,
    rule_id: &str,
    applicability: Applicability,
    due: Option<DateTime<Utc>>,
) -> Result<()> {
    c.execute(
        "INSERT INTO obligations (incident_id, rule_id, applicability, due_utc)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (incident_id, rule_id)
         DO UPDATE SET applicability = excluded.applicability, due_utc = excluded.due_utc",
        params![
            incident_id.to_string(),
            rule_id,
            applicability_code(applicability),
            due.map(|d| time::utc_text(&d.fixed_offset())),
        ],
    )?;
    Ok(())
}

pub fn save_decision(c: &Connection, incident_id: Uuid, rule_id: &str, d: &Decision) -> Result<()> {
    let changed = c.execute(
        "UPDATE obligations SET decision = ?3, note = ?4, sent_at_utc = ?5, sent_at_offset = ?6,
                decided_by = ?7, decided_at_utc = ?8
         WHERE incident_id = ?1 AND rule_id = ?2",
        params![
            incident_id.to_string(),
            rule_id,
            d.state.code(),
            d.note,
            d.sent_at.as_ref().map(time::utc_text),
            d.sent_at.as_ref().map(time::offset_seconds),
            d.decided_by,
            d.decided_at.map(|t| time::utc_text(&t.fixed_offset())),
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound {
            what: "obligation",
            id: rule_id.to_owned(),
        });
    }
    Ok(())
}
