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

/// `stakeholder_saved`: a directory entry as it now is (new, or updated; never archived).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StakeholderSaved {
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub category: super::directory::StakeholderCategory,
    pub primary_channel: super::directory::ContactChannel,
    pub primary_address: String,
    pub oob_channel: Option<super::directory::ContactChannel>,
    pub oob_address: String,
    pub notes: String,
    pub at: DateTime<Utc>,
}

/// `stakeholder_archived`: out of the directory, still named by the messages sent to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StakeholderArchived {
    pub id: Uuid,
}

/// `template_saved`: a new version of a message template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateSaved {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub audience: String,
    pub regime: String,
    pub subject: String,
    pub body: String,
    pub built_in: bool,
    pub by: String,
    pub at: Moment,
}

/// `message_saved`: a draft message as it now is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageSaved {
    pub id: Uuid,
    pub rule_id: Option<String>,
    pub template_id: Option<String>,
    pub template_version: Option<u32>,
    pub recipients: Vec<super::messages::Recipient>,
    pub channel: super::directory::ContactChannel,
    pub subject: String,
    pub body: String,
    pub at: Moment,
}

/// `message_sent`: the record of when a message went out and who sent it; final.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageSent {
    pub id: Uuid,
    pub sent_at: Moment,
    pub by: String,
    pub at: Moment,
}

pub(crate) fn stakeholder_saved(c: &Connection, s: &StakeholderSaved) -> Result<()> {
    c.execute(
        "INSERT INTO stakeholders (id, name, organisation, role, category, primary_channel,
             primary_address, oob_channel, oob_address, notes, updated_at_utc, archived)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name,
             organisation = excluded.organisation, role = excluded.role,
             category = excluded.category, primary_channel = excluded.primary_channel,
             primary_address = excluded.primary_address, oob_channel = excluded.oob_channel,
             oob_address = excluded.oob_address, notes = excluded.notes,
             updated_at_utc = excluded.updated_at_utc, archived = 0",
        params![
            s.id.to_string(),
            s.name,
            s.organisation,
            s.role,
            s.category.code(),
            s.primary_channel.code(),
            s.primary_address,
            s.oob_channel.map(|c| c.code()).unwrap_or_default(),
            s.oob_address,
            s.notes,
            time::utc_text(&s.at.fixed_offset()),
        ],
    )?;
    Ok(())
}

pub(crate) fn stakeholder_archived(c: &Connection, s: &StakeholderArchived) -> Result<()> {
    let n = c.execute(
        "UPDATE stakeholders SET archived = 1 WHERE id = ?1",
        [s.id.to_string()],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "stakeholder",
            id: s.id.to_string(),
        });
    }
    Ok(())
}

pub(crate) fn template_saved(c: &Connection, t: &TemplateSaved) -> Result<()> {
    c.execute(
        "INSERT INTO message_templates (id, version, name, audience, regime, subject, body,
             built_in, created_by, created_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            t.id,
            t.version,
            t.name,
            t.audience,
            t.regime,
            t.subject,
            t.body,
            i64::from(t.built_in),
            t.by,
            time::utc_text(&t.at),
        ],
    )?;
    Ok(())
}

pub(crate) fn message_saved(c: &Connection, incident: Uuid, m: &MessageSaved) -> Result<()> {
    let recipients =
        serde_json::to_string(&m.recipients).map_err(|e| Error::Corrupt(e.to_string()))?;
    c.execute(
        "INSERT INTO messages (id, incident_id, rule_id, template_id, template_version,
             recipients, channel, subject, body, status, updated_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'draft', ?10)
         ON CONFLICT (id) DO UPDATE SET rule_id = excluded.rule_id,
             template_id = excluded.template_id, template_version = excluded.template_version,
             recipients = excluded.recipients, channel = excluded.channel,
             subject = excluded.subject, body = excluded.body,
             updated_at_utc = excluded.updated_at_utc",
        params![
            m.id.to_string(),
            incident.to_string(),
            m.rule_id,
            m.template_id,
            m.template_version,
            recipients,
            m.channel.code(),
            m.subject,
            m.body,
            time::utc_text(&m.at),
        ],
    )?;
    Ok(())
}

pub(crate) fn message_sent(c: &Connection, m: &MessageSent) -> Result<()> {
    let n = c.execute(
        "UPDATE messages SET status = 'sent', sent_at_utc = ?2, sent_at_offset = ?3,
             sent_by = ?4, updated_at_utc = ?5 WHERE id = ?1",
        params![
            m.id.to_string(),
            time::utc_text(&m.sent_at),
            time::offset_seconds(&m.sent_at),
            m.by,
            time::utc_text(&m.at),
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "message",
            id: m.id.to_string(),
        });
    }
    Ok(())
}
