//! The stakeholder directory: people and organisations to tell, reused across incidents,
//! each with a primary channel and an out-of-band one for when email is compromised.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::address;
use super::project;
use crate::oplog::{self, Change};
use crate::{Error, Result, Store};

coded_enum!(
    /// Who a stakeholder is to the organisation.
    StakeholderCategory ("category", "stakeholder category") {
        Executive = "executive",
        Board = "board",
        Legal = "legal",
        Comms = "comms",
        Hr = "hr",
        It = "it",
        Regulator = "regulator",
        LawEnforcement = "law_enforcement",
        Insurer = "insurer",
        BreachCoach = "breach_coach",
        OutsideCounsel = "outside_counsel",
        Forensics = "forensics",
        Customer = "customer",
        Vendor = "vendor",
        Other = "other",
    }
);

impl StakeholderCategory {
    pub fn internal(self) -> bool {
        use StakeholderCategory::*;
        matches!(self, Executive | Board | Legal | Comms | Hr | It)
    }
}

coded_enum!(
    /// How to reach someone.
    ContactChannel ("channel", "contact channel") {
        Email = "email",
        Phone = "phone",
        Sms = "sms",
        Portal = "portal",
        Signal = "signal",
        InPerson = "in_person",
        Other = "other",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Stakeholder {
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub category: StakeholderCategory,
    pub internal: bool,
    pub primary_channel: ContactChannel,
    pub primary_address: String,
    /// For when the primary channel (usually email) may be compromised.
    pub oob_channel: Option<ContactChannel>,
    pub oob_address: String,
    pub notes: String,
    pub updated_at: chrono::DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct StakeholderInput {
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub role: String,
    pub category: Option<StakeholderCategory>,
    pub primary_channel: Option<ContactChannel>,
    #[serde(default)]
    pub primary_address: String,
    #[serde(default)]
    pub oob_channel: Option<ContactChannel>,
    #[serde(default)]
    pub oob_address: String,
    #[serde(default)]
    pub notes: String,
}

/// A checked input with defaults applied.
#[derive(Debug, Clone)]
pub(super) struct Checked {
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub category: StakeholderCategory,
    pub primary_channel: ContactChannel,
    pub primary_address: String,
    pub oob_channel: Option<ContactChannel>,
    pub oob_address: String,
    pub notes: String,
}

pub(super) fn check(i: &StakeholderInput) -> Result<Checked> {
    let name = i.name.trim();
    if name.is_empty() {
        return Err(Error::validation("name", "a stakeholder needs a name"));
    }
    let primary_channel = i.primary_channel.unwrap_or(ContactChannel::Email);
    let primary_address = i.primary_address.trim();
    if primary_address.is_empty() && primary_channel != ContactChannel::InPerson {
        return Err(Error::validation(
            "primary_address",
            format!("give the {primary_channel} address or number"),
        ));
    }
    address::name("name", name)?;
    address::one_line("organisation", "organisation", i.organisation.trim())?;
    address::one_line("role", "role", i.role.trim())?;
    address::multi_line("notes", "notes", i.notes.trim())?;
    check_address("primary_address", primary_channel, primary_address)?;
    let oob_address = i.oob_address.trim();
    if let Some(oob) = i.oob_channel {
        if oob == primary_channel && oob != ContactChannel::Phone {
            return Err(Error::validation(
                "oob_channel",
                "the out-of-band channel must differ from the primary one (it is for when that channel is compromised)",
            ));
        }
        if oob_address.is_empty() && oob != ContactChannel::InPerson {
            return Err(Error::validation(
                "oob_address",
                format!("give the {oob} address or number"),
            ));
        }
        check_address("oob_address", oob, oob_address)?;
    } else if !oob_address.is_empty() {
        return Err(Error::validation(
            "oob_channel",
            "choose the out-of-band channel",
        ));
    }
    Ok(Checked {
        name: name.to_owned(),
        organisation: i.organisation.trim().to_owned(),
        role: i.role.trim().to_owned(),
        category: i.category.unwrap_or(StakeholderCategory::Other),
        primary_channel,
        primary_address: primary_address.to_owned(),
        oob_channel: i.oob_channel,
        oob_address: oob_address.to_owned(),
        notes: i.notes.trim().to_owned(),
    })
}

/// The address must suit its channel; empty is checked by the caller.
fn check_address(field: &str, channel: ContactChannel, v: &str) -> Result<()> {
    if v.is_empty() {
        return Ok(());
    }
    match channel {
        ContactChannel::Email => address::mailbox(field, v).map(|_| ()),
        ContactChannel::Phone | ContactChannel::Sms => address::phone(field, v),
        ContactChannel::Portal if v.contains(char::is_whitespace) => Err(Error::validation(
            field,
            format!("{v:?} is not a web address (it contains a space)"),
        )),
        _ => address::one_line(field, "address", v),
    }
}

const COLUMNS: &str = "id, name, organisation, role, category, primary_channel, primary_address, \
                       oob_channel, oob_address, notes, updated_at_utc";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Vec<String>, String)> {
    let mut cols = Vec::with_capacity(10);
    for i in 0..10 {
        cols.push(r.get::<_, String>(i)?);
    }
    Ok((cols, r.get(10)?))
}

fn build((c, updated): (Vec<String>, String)) -> Result<Stakeholder> {
    let corrupt = |what: &str, v: &str| Error::Corrupt(format!("stakeholder {what} {v:?}"));
    let category: StakeholderCategory = c[4].parse().map_err(|_| corrupt("category", &c[4]))?;
    Ok(Stakeholder {
        id: Uuid::parse_str(&c[0]).map_err(|_| corrupt("id", &c[0]))?,
        name: c[1].clone(),
        organisation: c[2].clone(),
        role: c[3].clone(),
        category,
        internal: category.internal(),
        primary_channel: c[5].parse().map_err(|_| corrupt("channel", &c[5]))?,
        primary_address: c[6].clone(),
        oob_channel: if c[7].is_empty() {
            None
        } else {
            Some(c[7].parse().map_err(|_| corrupt("channel", &c[7]))?)
        },
        oob_address: c[8].clone(),
        notes: c[9].clone(),
        updated_at: chrono::DateTime::parse_from_rfc3339(&updated)
            .map_err(|_| corrupt("time", &updated))?
            .with_timezone(&Utc),
    })
}

pub(super) fn list_on(c: &Connection) -> Result<Vec<Stakeholder>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM stakeholders WHERE archived = 0
         ORDER BY name COLLATE NOCASE, organisation COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| build(r?)).collect()
}

pub fn list(store: &Store) -> Result<Vec<Stakeholder>> {
    store.read(list_on)
}

/// Saves a stakeholder: a new one without `id`, an update with it. Name + organisation is
/// unique (case-insensitive), so an import updates people instead of duplicating them.
pub(super) fn save_on(c: &Connection, id: Option<Uuid>, s: &Checked, actor: &str) -> Result<Uuid> {
    let existing: Option<String> = c
        .query_row(
            "SELECT id FROM stakeholders WHERE name = ?1 COLLATE NOCASE
             AND organisation = ?2 COLLATE NOCASE",
            params![s.name, s.organisation],
            |r| r.get(0),
        )
        .optional()?;
    let existing = existing.and_then(|e| Uuid::parse_str(&e).ok());
    let id = match (id, existing) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::Conflict(format!(
                "another stakeholder is already called {} ({})",
                s.name, s.organisation
            )))
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => Uuid::now_v7(),
    };
    let op = Change::StakeholderSaved(Box::new(project::StakeholderSaved {
        id,
        name: s.name.clone(),
        organisation: s.organisation.clone(),
        role: s.role.clone(),
        category: s.category,
        primary_channel: s.primary_channel,
        primary_address: s.primary_address.clone(),
        oob_channel: s.oob_channel,
        oob_address: s.oob_address.clone(),
        notes: s.notes.clone(),
        at: Utc::now(),
    }));
    oplog::record(c, actor, None, &op)?;
    Ok(id)
}

pub fn save(
    store: &Store,
    id: Option<Uuid>,
    input: &StakeholderInput,
    actor: &str,
) -> Result<Stakeholder> {
    let checked = check(input)?;
    store.write(|tx| {
        let id = save_on(tx, id, &checked, actor)?;
        get_on(tx, id)
    })
}

pub(super) fn get_on(c: &Connection, id: Uuid) -> Result<Stakeholder> {
    let mut stmt =
        c.prepare_cached(&format!("SELECT {COLUMNS} FROM stakeholders WHERE id = ?1"))?;
    let row = stmt.query_row([id.to_string()], from_row).optional()?;
    match row {
        Some(r) => build(r),
        None => Err(Error::NotFound {
            what: "stakeholder",
            id: id.to_string(),
        }),
    }
}

/// Archived, not deleted: sent messages keep naming who they went to.
pub fn archive(store: &Store, id: Uuid, actor: &str) -> Result<()> {
    store.write(|tx| {
        get_on(tx, id)?;
        let op = Change::StakeholderArchived(project::StakeholderArchived { id });
        oplog::record(tx, actor, None, &op)
    })
}
