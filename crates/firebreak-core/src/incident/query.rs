//! SQL for the incidents table. The only place that knows its column layout.

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{Incident, IncidentFilter, IncidentSort};
use crate::time;
use crate::{Error, Result};

const COLUMNS: &str = "id, title, incident_type, severity, phase, status, detected_at_utc, detected_at_offset, \
     declared_at_utc, declared_at_offset, commander, summary, revision, updated_at_utc, closed_at_utc";

pub(super) fn insert(c: &Connection, i: &Incident) -> Result<()> {
    c.execute(
        &format!("INSERT INTO incidents ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
        params![
            i.id.to_string(),
            i.title,
            i.incident_type.code(),
            i.severity.code(),
            i.phase.code(),
            i.status.code(),
            time::utc_text(&i.detected_at),
            time::offset_seconds(&i.detected_at),
            time::utc_text(&i.declared_at),
            time::offset_seconds(&i.declared_at),
            i.commander,
            i.summary,
            i.revision,
            time::utc_text(&i.updated_at.fixed_offset()),
            i.closed_at.map(|t| time::utc_text(&t.fixed_offset())),
        ],
    )?;
    Ok(())
}

pub(super) fn update(c: &Connection, i: &Incident) -> Result<()> {
    let n = c.execute(
        "UPDATE incidents SET title = ?2, incident_type = ?3, severity = ?4, phase = ?5, status = ?6,
             detected_at_utc = ?7, detected_at_offset = ?8, commander = ?9, summary = ?10,
             revision = ?11, updated_at_utc = ?12, closed_at_utc = ?13
         WHERE id = ?1",
        params![
            i.id.to_string(),
            i.title,
            i.incident_type.code(),
            i.severity.code(),
            i.phase.code(),
            i.status.code(),
            time::utc_text(&i.detected_at),
            time::offset_seconds(&i.detected_at),
            i.commander,
            i.summary,
            i.revision,
            time::utc_text(&i.updated_at.fixed_offset()),
            i.closed_at.map(|t| time::utc_text(&t.fixed_offset())),
        ],
    )?;
    if n != 1 {
        return Err(Error::NotFound {
            what: "incident",
            id: i.id.to_string(),
        });
    }
    Ok(())
}

pub(super) fn get(c: &Connection, id: Uuid) -> Result<Option<Incident>> {
    let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} FROM incidents WHERE id = ?1"))?;
    let raw = stmt
        .query_row([id.to_string()], RawIncident::from_row)
        .optional()?;
    raw.map(RawIncident::into_incident).transpose()
}

pub(super) fn list(c: &Connection, f: &IncidentFilter) -> Result<Vec<Incident>> {
    let order = match f.sort.unwrap_or_default() {
        IncidentSort::DeclaredDesc => "declared_at_utc DESC, id DESC",
        IncidentSort::DeclaredAsc => "declared_at_utc ASC, id ASC",
        IncidentSort::DetectedDesc => "detected_at_utc DESC, id DESC",
        IncidentSort::Severity => "severity ASC, declared_at_utc DESC, id DESC",
        IncidentSort::UpdatedDesc => "updated_at_utc DESC, id DESC",
        IncidentSort::Title => "title COLLATE NOCASE ASC, id ASC",
    };
    let text = f
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(like_pattern);
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM incidents
         WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR incident_type = ?2)
           AND (?3 IS NULL OR severity = ?3)
           AND (?4 IS NULL OR title LIKE ?4 ESCAPE '\\' OR summary LIKE ?4 ESCAPE '\\' OR commander LIKE ?4 ESCAPE '\\')
         ORDER BY {order}"
    ))?;
    let rows = stmt.query_map(
        params![
            f.status.map(|s| s.code()),
            f.incident_type.map(|t| t.code()),
            f.severity.map(|s| s.code()),
            text
        ],
        RawIncident::from_row,
    )?;
    rows.map(|r| r?.into_incident()).collect()
}

/// Ids that start or end with `part` (at most two: enough to know it is ambiguous).
pub(super) fn ids_matching(c: &Connection, part: &str) -> Result<Vec<Uuid>> {
    let mut stmt = c.prepare_cached(
        "SELECT id FROM incidents WHERE id LIKE ?1 ESCAPE '\\' OR id LIKE ?2 ESCAPE '\\' LIMIT 2",
    )?;
    let escaped = escape_like(part);
    let rows = stmt.query_map([format!("{escaped}%"), format!("%{escaped}")], |r| {
        r.get::<_, String>(0)
    })?;
    rows.map(|r| parse_uuid(&r?)).collect()
}

fn like_pattern(text: &str) -> String {
    format!("%{}%", escape_like(text))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::Corrupt(format!("incident id {s:?}: {e}")))
}

/// Columns as stored, before the domain checks them.
struct RawIncident {
    id: String,
    title: String,
    incident_type: String,
    severity: String,
    phase: String,
    status: String,
    detected_utc: String,
    detected_offset: i32,
    declared_utc: String,
    declared_offset: i32,
    commander: String,
    summary: String,
    revision: u32,
    updated_utc: String,
    closed_utc: Option<String>,
}

impl RawIncident {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawIncident {
            id: r.get(0)?,
            title: r.get(1)?,
            incident_type: r.get(2)?,
            severity: r.get(3)?,
            phase: r.get(4)?,
            status: r.get(5)?,
            detected_utc: r.get(6)?,
            detected_offset: r.get(7)?,
            declared_utc: r.get(8)?,
            declared_offset: r.get(9)?,
            commander: r.get(10)?,
            summary: r.get(11)?,
            revision: r.get(12)?,
            updated_utc: r.get(13)?,
            closed_utc: r.get(14)?,
        })
    }

    fn into_incident(self) -> Result<Incident> {
        let corrupt = |e: Error| Error::Corrupt(format!("incident {}: {e}", self.id));
        let utc = |s: &str| time::from_columns(s, 0).map(|m| m.to_utc());
        Ok(Incident {
            id: parse_uuid(&self.id)?,
            incident_type: self.incident_type.parse().map_err(corrupt)?,
            severity: self.severity.parse().map_err(corrupt)?,
            phase: self.phase.parse().map_err(corrupt)?,
            status: self.status.parse().map_err(corrupt)?,
            detected_at: time::from_columns(&self.detected_utc, self.detected_offset)?,
            declared_at: time::from_columns(&self.declared_utc, self.declared_offset)?,
            updated_at: utc(&self.updated_utc)?,
            closed_at: self.closed_utc.as_deref().map(utc).transpose()?,
            title: self.title,
            commander: self.commander,
            summary: self.summary,
            revision: self.revision,
        })
    }
}
