//! Rows recorded before their domain moved onto the log, adopted as they stand: one
//! operation per row carrying its stored column values (texts exactly as stored, never
//! re-formatted), so replay reproduces them byte for byte.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::{Error, Result};

/// A table adopted row by row: its columns, which of them form its key, and the SQL giving
/// a row's incident.
struct Table {
    name: &'static str,
    columns: &'static str,
    key: &'static [usize],
    incident: &'static str,
}

const TABLES: &[Table] = &[
    Table {
        name: "findings",
        columns: "incident_id, id, statement, added_by, added_at_utc",
        key: &[1],
        incident: "incident_id",
    },
    Table {
        name: "hypotheses",
        columns: "incident_id, id, statement, status, rationale, revision, added_by, \
                  added_at_utc, updated_at_utc",
        key: &[1],
        incident: "incident_id",
    },
    Table {
        name: "root_causes",
        columns: "incident_id, statement, initial_access, contributing_factors, revision, \
                  updated_by, updated_at_utc",
        key: &[0],
        incident: "incident_id",
    },
    Table {
        name: "action_items",
        columns: "incident_id, id, action, owner, due_date, status, added_by, added_at_utc, \
                  done_at_utc",
        key: &[1],
        incident: "incident_id",
    },
    Table {
        name: "assets",
        columns: "incident_id, id, kind, name, owner, compromise, containment, notes, \
                  revision, updated_by, updated_at_utc",
        key: &[1],
        incident: "incident_id",
    },
    Table {
        name: "investigation_links",
        columns: "incident_id, from_kind, from_id, to_kind, to_id, added_by, added_at_utc",
        key: &[1, 2, 3, 4],
        incident: "incident_id",
    },
    Table {
        name: "runs",
        columns: "incident_id, id, playbook_id, playbook_version, started_at_utc, \
                  started_at_offset, started_by",
        key: &[1],
        incident: "incident_id",
    },
    Table {
        name: "run_steps",
        columns: "run_id, step_id, state, reason, note, assignee_role, assignee_name, \
                  updated_at_utc, updated_by",
        key: &[0, 1],
        incident: "(SELECT incident_id FROM runs r WHERE r.id = run_id)",
    },
    Table {
        name: "incident_facts",
        columns: "incident_id, fact, value",
        key: &[0, 1],
        incident: "incident_id",
    },
    Table {
        name: "notification_facts",
        columns: "incident_id, facts, revision",
        key: &[0],
        incident: "incident_id",
    },
    Table {
        name: "key_moments",
        columns: "incident_id, moment, at_utc, at_offset",
        key: &[0, 1],
        incident: "incident_id",
    },
    Table {
        name: "obligations",
        columns: "incident_id, rule_id, applicability, due_utc, decision, note, sent_at_utc, \
                  sent_at_offset, decided_by, decided_at_utc",
        key: &[0, 1],
        incident: "incident_id",
    },
    Table {
        name: "settings",
        columns: "key, value",
        key: &[0],
        incident: "NULL",
    },
    Table {
        name: "stakeholders",
        columns: "id, name, organisation, role, category, primary_channel, primary_address, \
                  oob_channel, oob_address, notes, updated_at_utc, archived",
        key: &[0],
        incident: "NULL",
    },
    Table {
        name: "message_templates",
        columns: "id, version, name, audience, regime, subject, body, built_in, created_by, \
                  created_at_utc",
        key: &[0, 1],
        incident: "NULL",
    },
    Table {
        name: "messages",
        columns: "id, incident_id, rule_id, template_id, template_version, recipients, channel, \
                  subject, body, status, sent_at_utc, sent_at_offset, sent_by, updated_at_utc",
        key: &[0],
        incident: "incident_id",
    },
    Table {
        name: "indicators",
        columns: "id, incident_id, ioc_type, value, original, description, tlp, first_seen_utc, \
                  first_seen_offset, last_seen_utc, last_seen_offset, added_by, added_at_utc, \
                  updated_at_utc",
        key: &[0],
        incident: "incident_id",
    },
];

/// `row_adopted`: one row of `table` as its columns were stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowAdopted {
    pub table: String,
    pub row: Vec<Value>,
}

/// The tables adopted row by row (their domains are flagged `investigation`, `runs` and
/// `notifications`).
pub(crate) fn rows(c: &Connection) -> Result<Vec<(Option<Uuid>, RowAdopted)>> {
    let mut out = Vec::new();
    for t in TABLES {
        let n = t.columns.split(',').count();
        let mut stmt = c.prepare(&format!(
            "SELECT {}, {} FROM {} ORDER BY rowid",
            t.columns, t.incident, t.name
        ))?;
        let rows = stmt
            .query_map([], |r| Ok((raw(r, n)?, r.get::<_, Option<String>>(n)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (row, incident) in rows {
            let incident = incident
                .map(|i| Uuid::parse_str(&i))
                .transpose()
                .map_err(|e| Error::Corrupt(format!("{} row: incident id: {e}", t.name)))?;
            out.push((
                incident,
                RowAdopted {
                    table: t.name.to_owned(),
                    row,
                },
            ));
        }
    }
    Ok(out)
}

/// Inserts the row where replay starts from nothing; on the database being upgraded it is
/// already there, as read.
pub(crate) fn apply(c: &Connection, a: &RowAdopted) -> Result<()> {
    let t = TABLES
        .iter()
        .find(|t| t.name == a.table)
        .ok_or_else(|| Error::Corrupt(format!("a row adopted into unknown table {:?}", a.table)))?;
    let names: Vec<&str> = t.columns.split(',').map(str::trim).collect();
    let key: Vec<String> = t
        .key
        .iter()
        .enumerate()
        .map(|(n, &i)| format!("{} = ?{}", names.get(i).copied().unwrap_or("rowid"), n + 1))
        .collect();
    let key_values: Vec<rusqlite::types::Value> = t
        .key
        .iter()
        .map(|&i| a.row.get(i).map_or(rusqlite::types::Value::Null, sql_value))
        .collect();
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE {})",
        t.name,
        key.join(" AND ")
    );
    let present: bool = c
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(key_values), |r| r.get(0))?;
    if present {
        return Ok(());
    }
    insert_raw(c, t.name, t.columns, &a.row)
}

/// A row's columns as JSON values (text, integers, null: the types these STRICT tables
/// hold; none has a REAL or BLOB column).
pub(crate) fn raw(r: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Vec<Value>> {
    use rusqlite::types::ValueRef;
    (0..n)
        .map(|i| {
            Ok(match r.get_ref(i)? {
                ValueRef::Integer(v) => v.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                ValueRef::Null | ValueRef::Real(_) | ValueRef::Blob(_) => Value::Null,
            })
        })
        .collect()
}

pub(crate) fn insert_raw(
    c: &Connection,
    table: &str,
    columns: &str,
    values: &[Value],
) -> Result<()> {
    let n = columns.split(',').count();
    if values.len() != n {
        return Err(Error::Corrupt(format!(
            "an adopted {table} row has {} values for {n} columns",
            values.len()
        )));
    }
    let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({columns}) VALUES ({})",
        marks.join(", ")
    );
    let values: Vec<rusqlite::types::Value> = values.iter().map(sql_value).collect();
    c.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

fn sql_value(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Number(n) => rusqlite::types::Value::Integer(n.as_i64().unwrap_or(0)),
        Value::String(s) => rusqlite::types::Value::Text(s.clone()),
        _ => rusqlite::types::Value::Null,
    }
}
