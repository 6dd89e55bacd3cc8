//! Notification facts, key moments, obligations (as derived and as decided) and settings as
//! projections of the operation log: these apply functions are the only code that writes
//! `notification_facts`, `key_moments`, `obligations` and `settings`. A derived obligation is
//! recorded with the applicability and due time the rules gave then, so replay never depends
//! on the rules file of the day.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::facts::NotificationFacts;
use super::model::{Applicability, Decision, DecisionState};
use super::vocab::KeyMoment;
use crate::time::{self, Moment};
use crate::{Error, Result};

/// `notification_facts_set`: the facts document and the key moments that start clocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactsSet {
    pub facts: NotificationFacts,
    pub moments: Vec<(KeyMoment, Moment)>,
}

/// `obligation_derived`: what the rules said of one obligation when facts last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObligationDerived {
    pub rule_id: String,
    pub applicability: Applicability,
    pub due: Option<DateTime<Utc>>,
}

/// `obligation_decided`: a responder's decision on an obligation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObligationDecided {
    pub rule_id: String,
    pub state: DecisionState,
    pub note: String,
    pub sent_at: Option<Moment>,
    pub decided_by: String,
    pub decided_at: Option<DateTime<Utc>>,
}

impl ObligationDecided {
    pub(crate) fn of(rule_id: &str, d: &Decision) -> ObligationDecided {
        ObligationDecided {
            rule_id: rule_id.to_owned(),
            state: d.state,
            note: d.note.clone(),
            sent_at: d.sent_at,
            decided_by: d.decided_by.clone(),
            decided_at: d.decided_at,
        }
    }
}

/// `setting_set`: one installation setting (organisation profile, reminders) as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingSet {
    pub key: String,
    pub value: serde_json::Value,
}

pub(crate) fn facts_set(c: &Connection, incident: Uuid, f: &FactsSet) -> Result<()> {
    let json = serde_json::to_string(&f.facts)
        .map_err(|e| Error::Corrupt(format!("notification facts: {e}")))?;
    let id = incident.to_string();
    c.execute(
        "INSERT INTO notification_facts (incident_id, facts) VALUES (?1, ?2)
         ON CONFLICT (incident_id) DO UPDATE SET facts = excluded.facts, revision = revision + 1",
        params![id, json],
    )?;
    c.execute("DELETE FROM key_moments WHERE incident_id = ?1", [&id])?;
    for (m, at) in &f.moments {
        c.execute(
            "INSERT INTO key_moments (incident_id, moment, at_utc, at_offset)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, m.code(), time::utc_text(at), time::offset_seconds(at)],
        )?;
    }
    Ok(())
}

pub(crate) fn obligation_derived(
    c: &Connection,
    incident: Uuid,
    o: &ObligationDerived,
) -> Result<()> {
    c.execute(
        "INSERT INTO obligations (incident_id, rule_id, applicability, due_utc)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (incident_id, rule_id)
         DO UPDATE SET applicability = excluded.applicability, due_utc = excluded.due_utc",
        params![
            incident.to_string(),
            o.rule_id,
            applicability_code(o.applicability),
            o.due.map(|d| time::utc_text(&d.fixed_offset())),
        ],
    )?;
    Ok(())
}

pub(crate) fn obligation_decided(
    c: &Connection,
    incident: Uuid,
    d: &ObligationDecided,
) -> Result<()> {
    let changed = c.execute(
        "UPDATE obligations SET decision = ?3, note = ?4, sent_at_utc = ?5, sent_at_offset = ?6,
                decided_by = ?7, decided_at_utc = ?8
         WHERE incident_id = ?1 AND rule_id = ?2",
        params![
            incident.to_string(),
            d.rule_id,
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
            id: d.rule_id.clone(),
        });
    }
    Ok(())
}

pub(crate) fn setting_set(c: &Connection, s: &SettingSet) -> Result<()> {
    c.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![s.key, s.value.to_string()],
    )?;
    Ok(())
}

pub(super) fn applicability_code(a: Applicability) -> &'static str {
    match a {
        Applicability::Applies => "applies",
        Applicability::Possible => "possible",
        Applicability::NoLongerApplies => "no_longer_applies",
    }
}
