//! Message templates (per audience and regime, versioned), drafts filled from the incident,
//! and the sent log: marking a message sent writes who it went to, by which channel, when
//! and its exact text into the incident's hash-chained timeline.

use std::collections::BTreeMap;

use chrono::Utc;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::directory::{self, ContactChannel};
use super::facts::AffectedJurisdiction;
use super::model::{DecisionState, SavedFile};
use super::{project, rules, service, stored};
use crate::incident::{AuditAction, FieldChange, Record};
use crate::oplog::{self, Change};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub audience: String,
    pub regime: String,
    pub subject: String,
    pub body: String,
    pub built_in: bool,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct TemplateInput {
    /// Omit for a new template; give it to save a new version.
    pub id: Option<String>,
    pub name: String,
    pub audience: String,
    #[serde(default)]
    pub regime: String,
    pub subject: String,
    pub body: String,
}

const BUILT_IN: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "regulator-initial",
        "Initial notification to a regulator",
        "regulator",
        "",
        "Personal data breach notification — {{incident_title}}",
        "To: {{recipient}}\n\nWe are notifying you of a personal data breach under {{regime}} ({{rule_title}}).\n\nWhat happened: {{summary}}\nWhen we detected it: {{detected_at}}\nWhen we became aware of the personal-data breach: {{aware_at}}\nPeople affected: {{people_total}} ({{jurisdictions}})\nData affected: {{data_categories}}\nEncrypted: {{encrypted}}\n\nContainment and next steps: [describe]\nContact: {{sender}}\n\nFurther information will follow as our investigation progresses.",
    ),
    (
        "individuals-notice",
        "Notice to affected people",
        "individuals",
        "",
        "Important: an incident that may involve your information",
        "We are writing to tell you about an incident that involved some of your information.\n\nWhat happened: {{summary}}\nWhat information was involved: {{data_categories}}\nWhat we are doing: [describe]\nWhat you can do: [describe]\n\nFor more information contact: [contact line]",
    ),
    (
        "board-brief",
        "Board and executive update",
        "board",
        "",
        "[{{severity}}] Incident update: {{incident_title}}",
        "Status: {{phase}} ({{severity}})\nDetected: {{detected_at}}\nIncident commander: {{commander}}\n\nWhat we know: {{summary}}\nPeople affected: {{people_total}} ({{jurisdictions}})\nNext regulatory deadline: see the notifications page.\n\nDecisions needed: [list]",
    ),
    (
        "law-enforcement",
        "Report to law enforcement",
        "law_enforcement",
        "",
        "Cyber incident report — {{incident_title}}",
        "We are reporting a cyber incident ({{incident_type}}) detected at {{detected_at}}.\n\nSummary: {{summary}}\nIndicators and evidence available on request.\nContact: {{sender}}",
    ),
    (
        "insurer-notice",
        "Notice to the cyber insurer",
        "insurer",
        "",
        "Notice of circumstances — {{incident_title}}",
        "We give notice of an incident that may lead to a claim.\n\nDetected: {{detected_at}}\nType: {{incident_type}}\nSummary: {{summary}}\nContact: {{sender}}",
    ),
];

fn built_in() -> Vec<Template> {
    BUILT_IN
        .iter()
        .map(|(id, name, audience, regime, subject, body)| Template {
            id: (*id).into(),
            version: 1,
            name: (*name).into(),
            audience: (*audience).into(),
            regime: (*regime).into(),
            subject: (*subject).into(),
            body: (*body).into(),
            built_in: true,
        })
        .collect()
}

/// The latest version of each template (stored versions override the built-in version 1).
fn templates_on(c: &Connection) -> Result<Vec<Template>> {
    let mut latest: BTreeMap<String, Template> =
        built_in().into_iter().map(|t| (t.id.clone(), t)).collect();
    let mut stmt = c.prepare_cached(
        "SELECT id, version, name, audience, regime, subject, body, built_in
         FROM message_templates ORDER BY id, version",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Template {
            id: r.get(0)?,
            version: r.get(1)?,
            name: r.get(2)?,
            audience: r.get(3)?,
            regime: r.get(4)?,
            subject: r.get(5)?,
            body: r.get(6)?,
            built_in: r.get::<_, i64>(7)? == 1,
        })
    })?;
    for t in rows {
        let t = t?;
        latest.insert(t.id.clone(), t);
    }
    let mut list: Vec<Template> = latest.into_values().collect();
    list.sort_by(|a, b| (&a.audience, &a.name).cmp(&(&b.audience, &b.name)));
    Ok(list)
}

pub fn templates(store: &Store) -> Result<Vec<Template>> {
    store.read(templates_on)
}

pub const VARIABLES: &[&str] = &[
    "incident_title",
    "incident_type",
    "severity",
    "phase",
    "summary",
    "commander",
    "detected_at",
    "declared_at",
    "aware_at",
    "determined_at",
    "people_total",
    "jurisdictions",
    "data_categories",
    "encrypted",
    "recipient",
    "regime",
    "rule_title",
    "due_utc",
    "deadline",
    "today",
    "sender",
];

/// Checks every `{{variable}}` is known, so a typo is caught when saving, not when sending.
fn check_variables(field: &str, text: &str) -> Result<()> {
    for name in placeholders(text) {
        if !VARIABLES.contains(&name) {
            return Err(Error::validation(
                field,
                format!(
                    "unknown variable {{{{{name}}}}}; available: {}",
                    VARIABLES.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(n, _)| n.trim()))
}

pub fn save_template(store: &Store, input: &TemplateInput, actor: &str) -> Result<Template> {
    for (field, value) in [
        ("name", &input.name),
        ("subject", &input.subject),
        ("body", &input.body),
    ] {
        if value.trim().is_empty() {
            return Err(Error::validation(
                field,
                format!("a template needs a {field}"),
            ));
        }
    }
    check_variables("subject", &input.subject)?;
    check_variables("body", &input.body)?;
    store.write(|tx| {
        let id = input
            .id
            .clone()
            .unwrap_or_else(|| Uuid::now_v7().to_string());
        let current = templates_on(tx)?.into_iter().find(|t| t.id == id);
        if input.id.is_some() && current.is_none() {
            return Err(Error::NotFound {
                what: "template",
                id,
            });
        }
        let version = current.as_ref().map_or(1, |t| t.version + 1);
        let built_in = current.as_ref().is_some_and(|t| t.built_in);
        let op = Change::TemplateSaved(Box::new(project::TemplateSaved {
            id: id.clone(),
            version,
            name: input.name.trim().to_owned(),
            audience: input.audience.trim().to_owned(),
            regime: input.regime.trim().to_owned(),
            subject: input.subject.clone(),
            body: input.body.clone(),
            built_in,
            by: actor.to_owned(),
            at: time::now_local(),
        }));
        oplog::record(tx, actor, None, &op)?;
        templates_on(tx)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::Corrupt("saved template vanished".into()))
    })
}

fn values(
    c: &Connection,
    incident_id: Uuid,
    rule_id: Option<&str>,
    actor: &str,
) -> Result<BTreeMap<&'static str, String>> {
    let inc = crate::incident::get_on(c, incident_id)?;
    let facts = stored::facts(c, incident_id)?;
    let unknown = "[not yet known]".to_owned();
    let when = |m: Option<Moment>| m.map_or_else(|| unknown.clone(), |m| format_time(&m));
    let mut v = BTreeMap::new();
    v.insert("incident_title", inc.title.clone());
    v.insert("incident_type", inc.incident_type.label().to_owned());
    v.insert("severity", inc.severity.label().to_owned());
    v.insert("phase", inc.phase.label().to_owned());
    v.insert(
        "summary",
        if inc.summary.is_empty() {
            unknown.clone()
        } else {
            inc.summary.clone()
        },
    );
    v.insert(
        "commander",
        if inc.commander.is_empty() {
            unknown.clone()
        } else {
            inc.commander.clone()
        },
    );
    v.insert("detected_at", format_time(&inc.detected_at));
    v.insert("declared_at", format_time(&inc.declared_at));
    v.insert("aware_at", when(facts.moments.aware_personal_data_breach));
    v.insert("determined_at", when(facts.moments.breach_determined));
    let (people_total, places) = people_text(&facts.jurisdictions);
    v.insert(
        "people_total",
        people_total.unwrap_or_else(|| unknown.clone()),
    );
    v.insert("jurisdictions", places.unwrap_or_else(|| unknown.clone()));
    let data: Vec<&str> = facts.data_categories.iter().map(|d| d.label()).collect();
    v.insert(
        "data_categories",
        if data.is_empty() {
            unknown.clone()
        } else {
            data.join(", ")
        },
    );
    v.insert("encrypted", facts.encrypted.to_string());
    v.insert("today", Utc::now().format("%Y-%m-%d").to_string());
    v.insert("sender", actor.to_owned());
    let set = rules::built_in()?;
    let rule = rule_id.and_then(|id| set.rule(id));
    let view = service::view_on(c, set, incident_id)?;
    let ob = rule_id.and_then(|id| view.obligations.into_iter().find(|o| o.rule_id == id));
    // Per-member-state obligations name their own authority; the obligation says which.
    v.insert(
        "recipient",
        ob.as_ref()
            .map(|o| o.recipient.clone())
            .unwrap_or_else(|| rule.map_or_else(|| unknown.clone(), |r| r.recipient.clone())),
    );
    v.insert(
        "regime",
        rule.map_or_else(|| unknown.clone(), |r| r.regime.clone()),
    );
    v.insert(
        "rule_title",
        ob.as_ref()
            .map(|o| o.title.clone())
            .unwrap_or_else(|| rule.map_or_else(|| unknown.clone(), |r| r.title.clone())),
    );
    v.insert(
        "deadline",
        rule.map_or_else(|| unknown.clone(), |r| r.deadline.wording.clone()),
    );
    v.insert(
        "due_utc",
        ob.and_then(|o| o.due_utc)
            .map_or(unknown, |d| d.format("%Y-%m-%d %H:%M UTC").to_string()),
    );
    Ok(v)
}

fn format_time(m: &Moment) -> String {
    format!(
        "{} ({})",
        m.with_timezone(&Utc).format("%Y-%m-%d %H:%M UTC"),
        m.format("%Y-%m-%d %H:%M %:z")
    )
}

fn fill(text: &str, v: &BTreeMap<&'static str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].split_once("}}") {
            Some((name, after)) => {
                match v.get(name.trim()) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 4 + name.len()]),
                }
                rest = after;
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Rendered {
    pub template_id: String,
    pub template_version: u32,
    pub subject: String,
    pub body: String,
}

/// Fills a template from the incident (and the obligation it answers, if any).
pub fn render(
    store: &Store,
    incident_id: Uuid,
    template_id: &str,
    rule_id: Option<&str>,
    actor: &str,
) -> Result<Rendered> {
    store.read(|c| {
        let t = templates_on(c)?
            .into_iter()
            .find(|t| t.id == template_id)
            .ok_or_else(|| Error::NotFound {
                what: "template",
                id: template_id.to_owned(),
            })?;
        let v = values(c, incident_id, rule_id, actor)?;
        Ok(Rendered {
            template_id: t.id,
            template_version: t.version,
            subject: fill(&t.subject, &v),
            body: fill(&t.body, &v),
        })
    })
}

/// The people affected, as a reader of the message needs them: the known total ("at least"
/// while some place's count is unknown) and each place with its count. One unknown count must
/// not hide the counts that are known.
fn people_text(places: &[AffectedJurisdiction]) -> (Option<String>, Option<String>) {
    if places.is_empty() {
        return (None, None);
    }
    let known: u64 = places.iter().filter_map(|j| j.people.map(u64::from)).sum();
    let any_known = places.iter().any(|j| j.people.is_some());
    let all_known = places.iter().all(|j| j.people.is_some());
    let total = match (any_known, all_known) {
        (false, _) => None,
        (true, true) => Some(group_thousands(known)),
        (true, false) => Some(format!("at least {}", group_thousands(known))),
    };
    let single = places.len() == 1;
    let list = places
        .iter()
        .map(|j| {
            let name = super::jurisdiction::name(&j.code);
            match j.people {
                // One place: its count is the total already said before it.
                _ if single => name.to_owned(),
                Some(n) => format!("{name} {}", group_thousands(u64::from(n))),
                None => format!("{name} number not yet known"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    (total, Some(list))
}

/// 1200 → "1,200": the form a regulator or a board member reads without counting digits.
pub(crate) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Recipient {
    pub stakeholder_id: Option<Uuid>,
    pub name: String,
    pub address: String,
}

impl Recipient {
    /// `Name <address>`, or the bare address; `name` encodes the name for its context.
    fn display(&self, name: impl Fn(&str) -> String) -> String {
        if self.name.is_empty() {
            self.address.clone()
        } else {
            format!("{} <{}>", name(&self.name), self.address)
        }
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct DraftInput {
    /// Omit for a new draft; give it to update a draft.
    pub id: Option<Uuid>,
    pub rule_id: Option<String>,
    pub template_id: Option<String>,
    pub template_version: Option<u32>,
    /// Directory entries; their primary address is used (or the out-of-band one if
    /// `channel` is their out-of-band channel).
    #[serde(default)]
    pub stakeholder_ids: Vec<Uuid>,
    /// Addresses not in the directory.
    #[serde(default)]
    pub other_recipients: Vec<String>,
    pub channel: ContactChannel,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Message {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub rule_id: Option<String>,
    pub template_id: Option<String>,
    pub template_version: Option<u32>,
    pub recipients: Vec<Recipient>,
    pub channel: String,
    pub subject: String,
    pub body: String,
    pub sent: bool,
    pub sent_at: Option<Moment>,
    pub sent_by: String,
    pub updated_at: chrono::DateTime<Utc>,
}

/// Saves a draft (new or updated); a draft answering a pending obligation makes it "drafted".
pub fn save_draft(
    store: &Store,
    incident_id: Uuid,
    d: &DraftInput,
    actor: &str,
) -> Result<Message> {
    if d.subject.trim().is_empty() || d.body.trim().is_empty() {
        return Err(Error::validation(
            "body",
            "a message needs a subject and a body",
        ));
    }
    // A draft may have no recipient yet: at 3 a.m. the text is written before anyone knows
    // the regulator's portal address. Recipients are required when it is marked sent.
    let set = rules::built_in()?;
    let now = time::now_local();
    store.write(|tx| {
        crate::incident::get_on(tx, incident_id)?;
        let mut recipients = Vec::new();
        for id in &d.stakeholder_ids {
            let s = directory::get_on(tx, *id)?;
            let address = if s.oob_channel == Some(d.channel) {
                s.oob_address.clone()
            } else {
                s.primary_address.clone()
            };
            recipients.push(Recipient {
                stakeholder_id: Some(s.id),
                name: s.name,
                address,
            });
        }
        for r in d
            .other_recipients
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
        {
            if d.channel == ContactChannel::Email {
                super::address::mailbox("other_recipients", r)?;
            } else {
                super::address::one_line("other_recipients", "recipient", r)?;
            }
            recipients.push(Recipient {
                stakeholder_id: None,
                name: String::new(),
                address: r.to_owned(),
            });
        }
        let id = d.id.unwrap_or_else(Uuid::now_v7);
        if let Some(rule_id) = &d.rule_id {
            mark_obligation_drafted(tx, set, incident_id, rule_id, actor, &now)?;
        }
        if let Some(existing) = d.id {
            let m = get_on(tx, incident_id, existing)?;
            if m.sent {
                return Err(Error::Conflict(
                    "this message was sent; it cannot be changed".into(),
                ));
            }
        }
        let op = Change::MessageSaved(Box::new(project::MessageSaved {
            id,
            rule_id: d.rule_id.clone(),
            template_id: d.template_id.clone(),
            template_version: d.template_version,
            recipients,
            channel: d.channel,
            subject: d.subject.clone(),
            body: d.body.clone(),
            at: now,
        }));
        oplog::record(tx, actor, Some(incident_id), &op)?;
        get_on(tx, incident_id, id)
    })
}

/// A pending obligation whose message is being drafted is "drafted": the notifications page
/// and the brief then show that work has started. A decision already taken (sent, not
/// required, delayed) is never moved back by saving a draft.
fn mark_obligation_drafted(
    tx: &Connection,
    set: &rules::RuleSet,
    incident_id: Uuid,
    rule_id: &str,
    actor: &str,
    now: &Moment,
) -> Result<()> {
    let view = service::view_on(tx, set, incident_id)?;
    // An obligation the facts no longer give keeps its draft: the text is never refused.
    let note = match view.obligations.iter().find(|o| o.rule_id == rule_id) {
        Some(ob) if ob.decision.state == DecisionState::Pending => ob.decision.note.clone(),
        _ => return Ok(()),
    };
    // The obligation keeps its own note: a later "not required" or "delayed" needs a
    // rationale or a legal basis, and machine text there would pass for one. Which draft
    // was saved is in the message log.
    service::decide_on(
        tx,
        set,
        incident_id,
        rule_id,
        DecisionState::Drafted,
        &note,
        None,
        actor,
        now,
    )
}

fn get_on(c: &Connection, incident_id: Uuid, id: Uuid) -> Result<Message> {
    list_on(c, incident_id)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Error::NotFound {
            what: "message",
            id: id.to_string(),
        })
}

fn list_on(c: &Connection, incident_id: Uuid) -> Result<Vec<Message>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, rule_id, template_id, template_version, recipients, channel, subject, body,
                status, sent_at_utc, sent_at_offset, sent_by, updated_at_utc
         FROM messages WHERE incident_id = ?1 ORDER BY updated_at_utc DESC, id",
    )?;
    let rows = stmt.query_map([incident_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<u32>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<i32>>(10)?,
            r.get::<_, String>(11)?,
            r.get::<_, String>(12)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            rule_id,
            template_id,
            template_version,
            recipients,
            channel,
            subject,
            body,
            status,
            sent_utc,
            sent_off,
            sent_by,
            updated,
        ) = row?;
        let corrupt = |e: String| Error::Corrupt(format!("message {id}: {e}"));
        out.push(Message {
            id: Uuid::parse_str(&id).map_err(|e| corrupt(e.to_string()))?,
            incident_id,
            rule_id,
            template_id,
            template_version,
            recipients: serde_json::from_str(&recipients).map_err(|e| corrupt(e.to_string()))?,
            channel,
            subject,
            body,
            sent: status == "sent",
            sent_at: match (sent_utc, sent_off) {
                (Some(u), Some(o)) => Some(time::from_columns(&u, o)?),
                _ => None,
            },
            sent_by,
            updated_at: chrono::DateTime::parse_from_rfc3339(&updated)
                .map_err(|e| corrupt(e.to_string()))?
                .with_timezone(&Utc),
        });
    }
    Ok(out)
}

pub fn list(store: &Store, incident_id: Uuid) -> Result<Vec<Message>> {
    store.read(|c| {
        crate::incident::get_on(c, incident_id)?;
        list_on(c, incident_id)
    })
}

/// Marks a draft sent: the message becomes final, the timeline records recipients, channel,
/// time and the exact text, and an obligation it answers is decided "sent" at the same time.
pub fn mark_sent(
    store: &Store,
    incident_id: Uuid,
    message_id: Uuid,
    sent_at: Option<&str>,
    actor: &str,
) -> Result<Message> {
    let now = time::now_local();
    let at = match sent_at.map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => time::parse_moment("sent_at", t)?,
        None => now,
    };
    let set = rules::built_in()?;
    store.write(|tx| {
        let m = get_on(tx, incident_id, message_id)?;
        if m.sent {
            return Err(Error::Conflict(
                "this message was already marked sent".into(),
            ));
        }
        if m.recipients.is_empty() {
            return Err(Error::validation(
                "recipients",
                "add at least one recipient before marking the message sent",
            ));
        }
        let op = Change::MessageSent(project::MessageSent {
            id: message_id,
            sent_at: at,
            by: actor.to_owned(),
            at: now,
        });
        oplog::record(tx, actor, Some(incident_id), &op)?;
        let to: Vec<String> = m
            .recipients
            .iter()
            .map(|r| r.display(str::to_owned))
            .collect();
        let change = |field: &str, new: String| FieldChange {
            field: field.into(),
            old: None,
            new: Some(new),
        };
        let changes = [
            change("recipients", to.join("; ")),
            change("channel", m.channel.clone()),
            change("sent_at", at.to_rfc3339()),
            change("subject", m.subject.clone()),
        ];
        let record = Record {
            incident_id,
            at: &now,
            actor,
            action: AuditAction::MessageSent,
            subject: &m.subject,
            note: &m.body,
            changes: &changes,
        };
        crate::incident::append_audit(tx, &record)?;
        if let Some(rule_id) = &m.rule_id {
            let note = format!("message \"{}\" sent to {}", m.subject, to.join("; "));
            service::decide_on(
                tx,
                set,
                incident_id,
                rule_id,
                DecisionState::Sent,
                &note,
                Some(at),
                actor,
                &now,
            )?;
        }
        get_on(tx, incident_id, message_id)
    })
}

/// An unstructured header value (the subject): one line, RFC 2047 encoded-words when it is
/// not plain ASCII.
fn header(v: &str) -> String {
    let v: String = v
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if v.is_ascii() && !v.contains("=?") {
        return v;
    }
    super::address::encoded_words(&v)
}

/// The body as quoted-printable (RFC 2045): safe through any mail client, UTF-8 kept.
fn quoted_printable(body: &str) -> String {
    let mut out = String::new();
    for line in body.replace("\r\n", "\n").split('\n') {
        let mut width = 0;
        let bytes = line.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let piece = match b {
                b'=' => "=3D".to_owned(),
                b' ' | b'\t' if last => format!("={b:02X}"),
                33..=126 | b' ' | b'\t' => (*b as char).to_string(),
                other => format!("={other:02X}"),
            };
            if width + piece.len() > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
        out.push_str("\r\n");
    }
    out
}

pub fn eml(m: &Message) -> String {
    // Only recipients with an e-mail address go in To: (a portal or a phone number is not
    // one), and every address is checked again here because older records were not checked
    // on entry. Names are always quoted or encoded, so they cannot add a recipient.
    let to: Vec<String> = m
        .recipients
        .iter()
        .filter_map(|r| {
            let address = super::address::mailbox("", &r.address).ok()?;
            Some(super::address::header_mailbox(&r.name, &address))
        })
        .collect();
    let date = m
        .sent_at
        .map_or_else(|| Utc::now().to_rfc2822(), |t| t.to_rfc2822());
    let mut out = String::new();
    if !m.sent {
        // Outlook and Thunderbird open a file with this header as a draft to edit and send.
        out.push_str("X-Unsent: 1\r\n");
    }
    // A draft may have no recipient yet: an empty To: is not valid mail (RFC 5322), and the
    // mail client asks for one when the draft is opened.
    if !to.is_empty() {
        out.push_str(&format!("To: {}\r\n", to.join(", ")));
    }
    out.push_str(&format!("Subject: {}\r\n", header(&m.subject)));
    out.push_str(&format!("Date: {date}\r\n"));
    out.push_str(&format!("Message-ID: <{}@firebreak.invalid>\r\n", m.id));
    out.push_str("MIME-Version: 1.0\r\n");
    out.push_str("Content-Type: text/plain; charset=UTF-8\r\n");
    out.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    out.push_str(&quoted_printable(&m.body));
    out
}

pub fn export_eml(
    store: &Store,
    incident_id: Uuid,
    message_id: Uuid,
    path: &std::path::Path,
) -> Result<SavedFile> {
    let m = store.read(|c| get_on(c, incident_id, message_id))?;
    let text = eml(&m);
    let bytes = crate::files::save(store, path, text.as_bytes())?;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes,
        items: 1,
    })
}
