//! The timeline as schemas 4–7 stored it (ids, times and hashes as text, one row per entry
//! with its `prev_hash`), for the two migrations that touch it: 4 chains the audit entries
//! it moves in, 8 converts every entry to the compact columns (9 only edits a CHECK).

use rusqlite::{params, Connection, Row};
use uuid::Uuid;

use super::canon::Canon;
use super::chain::{self, Hash, Stored, GENESIS_HASH};
use super::stamp;
use crate::incident::AuditAction;
use crate::{Error, Result};

const COLUMNS: &str = "id, incident_id, seq, kind, occurred_at_utc, occurred_at_offset, \
    recorded_at_utc, recorded_at_offset, recorded_by, message, source, host, account, tactics, \
    techniques, confidence, tags, step_links, action, subject, note, changes, supersedes, \
    reason, import_key, hash";

/// Migration 0004's hook: writes messages and the hash chain of the audit entries it moved
/// into the timeline, then makes the table append-only.
pub(crate) fn rechain_migrated(c: &Connection) -> Result<()> {
    let rows = read_all(c)?;
    let mut prev = GENESIS_HASH;
    let mut canon = Canon::default();
    let mut incident = None;
    for (mut s, _) in rows {
        if incident != Some(s.incident_id) {
            incident = Some(s.incident_id);
            prev = GENESIS_HASH;
        }
        s.message = super::action_message(
            AuditAction::parse(&s.action)?,
            &s.subject,
            &super::query::parse_changes(&s.changes)?,
        );
        let hash = chain::link(&prev, s.canonical(&mut canon));
        c.execute(
            "UPDATE timeline_entries SET message = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            params![
                s.id.to_string(),
                s.message,
                chain::hex(&prev),
                chain::hex(&hash)
            ],
        )?;
        prev = hash;
    }
    c.execute_batch(include_str!("../store/sql/0004_timeline_triggers.sql"))?;
    Ok(())
}

/// Migration 0008's hook: every entry into the compact table, then the old table replaced.
/// A stored hash is copied as it is, never recomputed: an entry altered before the
/// migration still fails verification after it.
pub(crate) fn compact_migrated(c: &Connection) -> Result<()> {
    c.execute_batch(
        "INSERT INTO timeline_incidents (incident_id)
         SELECT DISTINCT incident_id FROM timeline_entries ORDER BY incident_id",
    )?;
    let mut insert = c.prepare(
        "INSERT INTO timeline_entries_compact (incident, seq, id, kind, occurred_at,
            occurred_at_offset, recorded_at, recorded_at_offset, recorded_by, message, source,
            host, account, tactics, techniques, confidence, tags, step_links, action, subject,
            note, changes, supersedes, reason, import_key, hash)
         VALUES ((SELECT key FROM timeline_incidents WHERE incident_id = ?1), ?2, ?3, ?4, ?5,
            ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26)",
    )?;
    each(c, |s, hash| {
        insert.execute(params![
            s.incident_id.to_string(),
            s.seq,
            s.id,
            s.kind,
            s.occurred_at,
            s.occurred_at_offset,
            s.recorded_at,
            s.recorded_at_offset,
            s.recorded_by,
            s.message,
            s.source,
            s.host,
            s.account,
            s.tactics,
            s.techniques,
            s.confidence,
            s.tags,
            s.step_links,
            s.action,
            s.subject,
            s.note,
            s.changes,
            s.supersedes,
            s.reason,
            s.import_key.as_ref().map(|k| &k[..]),
            &hash[..],
        ])?;
        Ok(())
    })?;
    drop(insert);
    c.execute_batch(include_str!(
        "../store/sql/0008_timeline_compact_finish.sql"
    ))?;
    Ok(())
}

/// Migration 0009's hook: the kind CHECK must now be the list of comparisons (a schema
/// whose table definition differs from the one 0008 wrote is not ours to edit), and every
/// connection must re-read the schema, which a new schema version makes them do.
pub(crate) fn kind_check_edited(c: &Connection) -> Result<()> {
    let sql: String = c.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'timeline_entries'",
        [],
        |r| r.get(0),
    )?;
    if !sql.contains("CHECK (kind = 'event' OR kind = 'action' OR kind = 'retraction')") {
        return Err(Error::Corrupt(
            "the timeline table's definition is not the one Firebreak created; \
             its kind check could not be updated"
                .into(),
        ));
    }
    let version: i64 = c.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    c.pragma_update(None, "schema_version", version + 1)?;
    Ok(())
}

/// Every entry in chain order, converted; the stored hash (zeros while migration 4 has not
/// written it yet).
fn read_all(c: &Connection) -> Result<Vec<(Stored, Hash)>> {
    let mut out = Vec::new();
    each(c, |s, h| {
        out.push((s, h));
        Ok(())
    })?;
    Ok(out)
}

/// Streams every entry in chain order (a large timeline never sits in memory at once).
fn each(c: &Connection, mut f: impl FnMut(Stored, Hash) -> Result<()>) -> Result<()> {
    let mut stmt = c.prepare(&format!(
        "SELECT {COLUMNS} FROM timeline_entries ORDER BY incident_id, seq"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (s, h) = convert(r)?;
        f(s, h)?;
    }
    Ok(())
}

fn convert(r: &Row<'_>) -> Result<(Stored, Hash)> {
    let id_text: String = r.get(0)?;
    let bad = |what: &str, value: &str| {
        Error::Corrupt(format!(
            "timeline entry {id_text:?} has {what} {value:?}, which Firebreak never writes: \
             the database was changed outside Firebreak; restore a backup or keep using the \
             Firebreak version that opened it last"
        ))
    };
    let uuid = |text: &str| Uuid::parse_str(text).map_err(|_| bad("the id", text));
    let time = |text: &str| -> Result<i64> {
        let us = stamp::parse_utc(text).map_err(|_| bad("the time", text))?;
        // Only the fixed-width form survives the conversion to integers unchanged.
        if stamp::utc_z_string(us) != text {
            return Err(bad("the time", text));
        }
        Ok(us)
    };
    let incident_text: String = r.get(1)?;
    let supersedes: Option<String> = r.get(22)?;
    let import_key: Option<String> = r.get(24)?;
    let hash_text: String = r.get(25)?;
    let stored = Stored {
        id: uuid(&id_text)?,
        incident_id: uuid(&incident_text)?,
        seq: r.get(2)?,
        kind: r.get(3)?,
        occurred_at: time(&r.get::<_, String>(4)?)?,
        occurred_at_offset: r.get(5)?,
        recorded_at: time(&r.get::<_, String>(6)?)?,
        recorded_at_offset: r.get(7)?,
        recorded_by: r.get(8)?,
        message: r.get(9)?,
        source: r.get(10)?,
        host: r.get(11)?,
        account: r.get(12)?,
        tactics: r.get(13)?,
        techniques: r.get(14)?,
        confidence: r.get(15)?,
        tags: r.get(16)?,
        step_links: r.get(17)?,
        action: r.get(18)?,
        subject: r.get(19)?,
        note: r.get(20)?,
        changes: r.get(21)?,
        supersedes: supersedes.as_deref().map(uuid).transpose()?,
        reason: r.get(23)?,
        import_key: import_key
            .as_deref()
            .map(|k| unhex::<16>(k).ok_or_else(|| bad("the import key", k)))
            .transpose()?,
    };
    let hash = if hash_text.is_empty() {
        GENESIS_HASH
    } else {
        unhex::<32>(&hash_text).ok_or_else(|| bad("the hash", &hash_text))?
    };
    Ok((stored, hash))
}

/// Lowercase hex of exactly N bytes (what Firebreak wrote); anything else is refused.
fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let b = text.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = digit(b[2 * i])? << 4 | digit(b[2 * i + 1])?;
    }
    Some(out)
}
