//! The root-cause investigation workspace: evidence and its chain of custody, indicators of
//! compromise, affected assets, findings and hypotheses, the root cause with its lessons,
//! and response metrics. Every change is also a responder action on the incident's
//! hash-chained timeline, so the investigation's history is as tamper-evident as the rest.

pub(crate) mod analysis_project;
pub mod assets;
pub mod evidence;
pub(crate) mod evidence_project;
pub mod hash;
pub mod indicators;
pub(crate) mod indicators_project;
pub mod initial_access;
pub mod intel;
pub mod ioc;
pub mod links;
pub mod metrics;
mod model;
pub mod rootcause;
pub mod vocab;

#[cfg(test)]
mod initial_access_tests;
#[cfg(test)]
mod intel_tests;
#[cfg(test)]
mod tests;

pub use model::*;

use rusqlite::Connection;
use uuid::Uuid;

use crate::incident::{AuditAction, FieldChange, Record};
use crate::time::Moment;
use crate::{Error, Result, Store};

const SHORT_MAX: usize = 256;
const LONG_MAX: usize = 10_000;

/// Everything the investigation page shows.
pub fn workspace(store: &Store, incident_id: Uuid) -> Result<Workspace> {
    let metrics = metrics::metrics(store, incident_id)?;
    store.read(|c| {
        crate::timeline::require_incident(c, incident_id)?;
        Ok(Workspace {
            incident_id,
            evidence: evidence::list_on(c, incident_id)?,
            indicators: indicators::list_on(c, incident_id)?,
            assets: assets::list_on(c, incident_id)?,
            findings: rootcause::findings_on(c, incident_id)?,
            hypotheses: rootcause::hypotheses_on(c, incident_id)?,
            root_cause: rootcause::root_cause_on(c, incident_id)?,
            action_items: rootcause::action_items_on(c, incident_id)?,
            links: links::list_on(c, incident_id)?,
            metrics,
        })
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn audit(
    c: &Connection,
    incident_id: Uuid,
    at: &Moment,
    actor: &str,
    action: AuditAction,
    subject: &str,
    note: &str,
    changes: &[FieldChange],
) -> Result<()> {
    crate::incident::append_audit(
        c,
        &Record {
            incident_id,
            at,
            actor,
            action,
            subject,
            note,
            changes,
        },
    )
}

pub(crate) fn change(field: &str, old: Option<&str>, new: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

/// A trimmed one-line value of at most 256 characters.
pub(crate) fn short(field: &str, v: &str) -> Result<String> {
    let v = v.trim();
    if v.chars().count() > SHORT_MAX {
        return Err(Error::validation(
            field,
            format!("{field} is longer than {SHORT_MAX} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            format!("{field} must be one line"),
        ));
    }
    Ok(v.to_owned())
}

/// A trimmed free text of at most 10,000 characters.
pub(crate) fn long(field: &str, v: &str) -> Result<String> {
    let v = v.trim();
    if v.chars().count() > LONG_MAX {
        return Err(Error::validation(
            field,
            format!("{field} is longer than {LONG_MAX} characters"),
        ));
    }
    Ok(v.to_owned())
}

pub(crate) fn required(field: &str, v: &str, what: &str) -> Result<String> {
    let v = long(field, v)?;
    if v.is_empty() {
        return Err(Error::validation(field, format!("{what} is required")));
    }
    Ok(v)
}

pub(crate) fn uuid_col(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::Corrupt(format!("stored id {s:?}: {e}")))
}

/// Parses a stored vocabulary code, treating an unknown one as corruption.
pub(crate) fn code<T: std::str::FromStr>(what: &str, s: &str) -> Result<T> {
    s.parse()
        .map_err(|_| Error::Corrupt(format!("stored {what} {s:?} is not known")))
}

/// How one kind of investigation record is read back: every record of an incident in a
/// stable order, or one by id (which must be the incident's).
pub(crate) struct Rows<T: 'static> {
    pub table: &'static str,
    pub columns: &'static str,
    pub order: &'static str,
    pub what: &'static str,
    pub row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<Result<T>>,
}

impl<T> Rows<T> {
    pub fn all(&self, c: &Connection, incident_id: Uuid) -> Result<Vec<T>> {
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {} FROM {} WHERE incident_id = ?1 ORDER BY {}",
            self.columns, self.table, self.order
        ))?;
        let rows = stmt.query_map([incident_id.to_string()], self.row)?;
        rows.map(|r| r?).collect()
    }

    pub fn one(&self, c: &Connection, incident_id: Uuid, id: Uuid) -> Result<T> {
        use rusqlite::OptionalExtension;
        c.query_row(
            &format!(
                "SELECT {} FROM {} WHERE id = ?1 AND incident_id = ?2",
                self.columns, self.table
            ),
            rusqlite::params![id.to_string(), incident_id.to_string()],
            self.row,
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: self.what,
            id: id.to_string(),
        })?
    }
}
