//! Replay: the log applied, in clock order, to an empty database migrated like the live
//! one, then compared with the live tables row by row. A row changed, added or removed
//! behind Firebreak's back (a plain `UPDATE` in the sqlite3 shell) is a difference.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

use super::{apply, Change, LogVerdict};
use crate::{Error, Result};

/// The tables that are projections of the log: name, key column, and the SQL giving a
/// row's incident (so one incident's differences can be looked for). Grows as domains move
/// onto the log.
pub(crate) const PROJECTIONS: &[(&str, &str, &str)] = &[
    ("incidents", "id", "id"),
    ("evidence", "id", "incident_id"),
    (
        "custody_events",
        "id",
        "coalesce((SELECT incident_id FROM live.evidence e WHERE e.id = evidence_id),
                  (SELECT incident_id FROM main.evidence e WHERE e.id = evidence_id))",
    ),
    ("findings", "id", "incident_id"),
    ("hypotheses", "id", "incident_id"),
    ("root_causes", "incident_id", "incident_id"),
    ("action_items", "id", "incident_id"),
    ("assets", "id", "incident_id"),
    (
        "investigation_links",
        "(from_kind || ':' || from_id || ' → ' || to_kind || ':' || to_id)",
        "incident_id",
    ),
    ("runs", "id", "incident_id"),
    (
        "run_steps",
        "(run_id || '/' || step_id)",
        "coalesce((SELECT incident_id FROM live.runs r WHERE r.id = run_id),
                  (SELECT incident_id FROM main.runs r WHERE r.id = run_id))",
    ),
    (
        "incident_facts",
        "(incident_id || '/' || fact)",
        "incident_id",
    ),
    ("notification_facts", "incident_id", "incident_id"),
    (
        "key_moments",
        "(incident_id || '/' || moment)",
        "incident_id",
    ),
    (
        "obligations",
        "(incident_id || '/' || rule_id)",
        "incident_id",
    ),
    ("settings", "key", "NULL"),
    ("stakeholders", "id", "NULL"),
    ("message_templates", "(id || ' v' || version)", "NULL"),
    ("messages", "id", "incident_id"),
    ("indicators", "id", "incident_id"),
];

/// Replays the log of the database at `live` and compares; the tables compared and the
/// first difference (within `incident`'s rows when given).
pub(crate) fn differences(
    live: &Path,
    incident: Option<Uuid>,
) -> Result<(Vec<String>, Option<LogVerdict>)> {
    let mut scratch = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::store::migrate_scratch(&mut scratch)?;
    scratch.execute("ATTACH DATABASE ?1 AS live", [read_only_uri(live)])?;
    // Playbooks are not on the log yet: runs pin versions of them, so they come as they are.
    scratch.execute(
        "INSERT INTO main.playbooks SELECT * FROM live.playbooks",
        [],
    )?;
    replay(&scratch)?;
    let tables = PROJECTIONS
        .iter()
        .map(|(t, _, _)| (*t).to_owned())
        .collect();
    for (table, key, owner) in PROJECTIONS {
        if let Some(d) = first_difference(&scratch, table, key, owner, incident)? {
            return Ok((tables, Some(d)));
        }
    }
    Ok((tables, None))
}

/// Every operation, applied in the order every replica agrees on: clock, then device, then
/// the device's own sequence.
fn replay(c: &Connection) -> Result<()> {
    let mut stmt = c.prepare(
        "SELECT device, device_seq, incident, payload FROM live.operations
         ORDER BY hlc, device, device_seq",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (device, seq): (String, i64) = (r.get(0)?, r.get(1)?);
        let what = || format!("operation #{seq} of device {device}");
        let incident: Option<String> = r.get(2)?;
        let incident = incident
            .map(|s| Uuid::parse_str(&s))
            .transpose()
            .map_err(|e| Error::Corrupt(format!("{}: incident id: {e}", what())))?;
        let payload: String = r.get(3)?;
        let change: Change = serde_json::from_str(&payload)
            .map_err(|e| Error::Corrupt(format!("{}: {e}", what())))?;
        apply(c, incident, &change).map_err(|e| Error::Corrupt(format!("{}: {e}", what())))?;
    }
    Ok(())
}

fn first_difference(
    c: &Connection,
    table: &str,
    key: &str,
    owner: &str,
    incident: Option<Uuid>,
) -> Result<Option<LogVerdict>> {
    // Rows present on one side only, or different (EXCEPT compares every column), with the
    // incident each belongs to.
    let sql = format!(
        "SELECT {key}, {owner} FROM (SELECT * FROM main.{table} EXCEPT SELECT * FROM live.{table})
         UNION
         SELECT {key}, {owner} FROM (SELECT * FROM live.{table} EXCEPT SELECT * FROM main.{table})
         ORDER BY 1"
    );
    let mut stmt = c.prepare(&sql)?;
    let keys = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let wanted = incident.map(|u| u.to_string());
    let Some((k, _)) = keys
        .into_iter()
        .find(|(_, owner)| wanted.is_none() || owner.as_ref() == wanted.as_ref())
    else {
        return Ok(None);
    };
    let problem = describe(c, table, key, &k)?;
    Ok(Some(LogVerdict::Differs {
        table: table.to_owned(),
        key: k,
        problem,
    }))
}

/// Says how the live row differs from the replayed one: which column, both values.
fn describe(c: &Connection, table: &str, key: &str, k: &str) -> Result<String> {
    let row = |schema: &str| -> Result<Option<Vec<(String, String)>>> {
        let mut stmt = c.prepare(&format!("SELECT * FROM {schema}.{table} WHERE {key} = ?1"))?;
        let names: Vec<String> = stmt
            .column_names()
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let mut rows = stmt.query([k])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(names.len());
        for (i, name) in names.into_iter().enumerate() {
            let v: rusqlite::types::Value = r.get(i)?;
            out.push((name, shown(&v)));
        }
        Ok(Some(out))
    };
    Ok(match (row("live")?, row("main")?) {
        (Some(_), None) => {
            format!("{table} row {k} is in the database, but no operation in the log makes it")
        }
        (None, Some(_)) => {
            format!("{table} row {k} is made by the log, but the database has no such row")
        }
        (Some(live), Some(replayed)) => live
            .iter()
            .zip(&replayed)
            .find(|(a, b)| a.1 != b.1)
            .map_or_else(
                || format!("{table} row {k} differs from what the log makes"),
                |((col, was), (_, made))| {
                    format!(
                        "{table} row {k}: {col} is {was} in the database, but the log makes \
                         it {made}"
                    )
                },
            ),
        (None, None) => format!("{table} row {k} differs from what the log makes"),
    })
}

fn shown(v: &rusqlite::types::Value) -> String {
    use rusqlite::types::Value;
    match v {
        Value::Null => "empty".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => format!("{} bytes", b.len()),
    }
}

/// `file:` URI for a read-only attach; the characters a URI gives meaning to are escaped.
fn read_only_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out.push_str("?mode=ro");
    out
}
