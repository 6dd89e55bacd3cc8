//! Indicators as a projection of the operation log: these apply functions are the only
//! code that writes `indicators`.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ioc::IocType;
use super::vocab::Tlp;
use crate::time::{self, Moment};
use crate::{Error, Result};

/// `indicator_added`: a new indicator of compromise, in its normal form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorAdded {
    pub id: Uuid,
    pub ioc_type: IocType,
    pub value: String,
    pub original: String,
    pub description: String,
    pub tlp: Tlp,
    pub first_seen: Option<Moment>,
    pub last_seen: Option<Moment>,
    pub by: String,
    pub at: Moment,
}

/// `indicator_widened`: a repeat sighting moved first/last seen or gave a description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorWidened {
    pub id: Uuid,
    pub first_seen: Option<Moment>,
    pub last_seen: Option<Moment>,
    pub description: String,
    pub at: Moment,
}

pub(crate) fn added(c: &Connection, incident: Uuid, n: &IndicatorAdded) -> Result<()> {
    let utc = |m: &Option<Moment>| m.as_ref().map(time::utc_text);
    let off = |m: &Option<Moment>| m.as_ref().map(time::offset_seconds);
    c.prepare_cached(
        "INSERT INTO indicators (id, incident_id, ioc_type, value, original, description, tlp,
            first_seen_utc, first_seen_offset, last_seen_utc, last_seen_offset, added_by,
            added_at_utc, updated_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        n.id.to_string(),
        incident.to_string(),
        n.ioc_type.code(),
        n.value,
        n.original,
        n.description,
        n.tlp.code(),
        utc(&n.first_seen),
        off(&n.first_seen),
        utc(&n.last_seen),
        off(&n.last_seen),
        n.by,
        time::utc_text(&n.at),
    ])?;
    Ok(())
}

pub(crate) fn widened(c: &Connection, w: &IndicatorWidened) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE indicators SET first_seen_utc = ?2, first_seen_offset = ?3,
                last_seen_utc = ?4, last_seen_offset = ?5, description = ?6, updated_at_utc = ?7
             WHERE id = ?1",
        )?
        .execute(params![
            w.id.to_string(),
            w.first_seen.as_ref().map(time::utc_text),
            w.first_seen.as_ref().map(time::offset_seconds),
            w.last_seen.as_ref().map(time::utc_text),
            w.last_seen.as_ref().map(time::offset_seconds),
            w.description,
            time::utc_text(&w.at),
        ])?;
    if n != 1 {
        return Err(Error::Corrupt(format!(
            "an operation widens indicator {}, which no earlier operation added",
            w.id
        )));
    }
    Ok(())
}
