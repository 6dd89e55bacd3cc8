//! The per-incident hash chain (see docs/timeline.md for the canonical serialisation).
//!
//! hash(n) = SHA-256( prev_hash(n) || "\n" || canonical(n) ), hex, with prev_hash(1) = 64 × "0".
//! canonical(n) is the compact JSON array of every stored column except the two hashes, in
//! a fixed order, with times exactly as stored (UTC text and offset seconds). Any change to
//! any stored value, a deleted or reordered entry, or an inserted one breaks the chain.

use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use super::canon::Canon;
use crate::Result;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every stored column of an entry but its hashes, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Stored {
    pub id: String,
    pub incident_id: String,
    pub seq: i64,
    pub kind: String,
    pub occurred_at_utc: String,
    pub occurred_at_offset: i64,
    pub recorded_at_utc: String,
    pub recorded_at_offset: i64,
    pub recorded_by: String,
    pub message: String,
    pub source: String,
    pub host: String,
    pub account: String,
    pub tactics: String,
    pub techniques: String,
    pub confidence: Option<i64>,
    pub tags: String,
    pub step_links: String,
    pub action: String,
    pub subject: String,
    pub note: String,
    pub changes: String,
    pub supersedes: Option<String>,
    pub reason: String,
    pub import_key: Option<String>,
}

pub(crate) const COLUMNS: &str = "id, incident_id, seq, kind, occurred_at_utc, occurred_at_offset, recorded_at_utc, \
    recorded_at_offset, recorded_by, message, source, host, account, tactics, techniques, confidence, tags, \
    step_links, action, subject, note, changes, supersedes, reason, import_key, prev_hash, hash";

impl Stored {
    /// The canonical serialisation (see docs/timeline.md), into `c`'s buffer.
    pub fn canonical<'c>(&self, c: &'c mut Canon) -> &'c [u8] {
        c.start();
        c.text(&self.id);
        c.text(&self.incident_id);
        c.int(self.seq);
        c.text(&self.kind);
        c.text(&self.occurred_at_utc);
        c.int(self.occurred_at_offset);
        c.text(&self.recorded_at_utc);
        c.int(self.recorded_at_offset);
        c.text(&self.recorded_by);
        c.text(&self.message);
        c.text(&self.source);
        c.text(&self.host);
        c.text(&self.account);
        c.text(&self.tactics);
        c.text(&self.techniques);
        c.opt_int(self.confidence);
        c.text(&self.tags);
        c.text(&self.step_links);
        c.text(&self.action);
        c.text(&self.subject);
        c.text(&self.note);
        c.text(&self.changes);
        c.opt_text(self.supersedes.as_deref());
        c.text(&self.reason);
        c.opt_text(self.import_key.as_deref());
        c.finish()
    }

    /// Reads the columns in [`COLUMNS`] order; returns the entry and its stored hashes.
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<(Stored, String, String)> {
        Ok((
            Stored {
                id: r.get(0)?,
                incident_id: r.get(1)?,
                seq: r.get(2)?,
                kind: r.get(3)?,
                occurred_at_utc: r.get(4)?,
                occurred_at_offset: r.get(5)?,
                recorded_at_utc: r.get(6)?,
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
                supersedes: r.get(22)?,
                reason: r.get(23)?,
                import_key: r.get(24)?,
            },
            r.get(25)?,
            r.get(26)?,
        ))
    }
}

/// Number of hashed columns: the first `HASHED` of [`COLUMNS`].
pub(crate) const HASHED: usize = 25;

pub fn link(prev_hash: &str, canonical: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical);
    hex(&h.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s
}

/// The last (seq, hash) of an incident's chain.
pub(crate) fn head(c: &Connection, incident_id: &str) -> Result<(i64, String)> {
    let head: Option<(i64, String)> = c
        .query_row(
            "SELECT seq, hash FROM timeline_entries WHERE incident_id = ?1 ORDER BY seq DESC LIMIT 1",
            [incident_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(head.unwrap_or((0, GENESIS.to_owned())))
}

/// Appends `entry` (its `seq` is assigned here) to its incident's chain; returns the hash.
/// Must run inside the caller's write transaction.
pub(crate) fn append(c: &Connection, entry: Stored) -> Result<(Stored, String)> {
    let mut appender = Appender::new(c, &entry.incident_id)?;
    appender.push(entry)
}

/// Appends many entries to one incident's chain, keeping the head in memory (bulk import).
/// Must run inside the caller's write transaction, with nothing else appending meanwhile.
pub(crate) struct Appender<'c> {
    stmt: rusqlite::CachedStatement<'c>,
    seq: i64,
    prev: String,
    canon: Canon,
}

impl<'c> Appender<'c> {
    pub fn new(c: &'c Connection, incident_id: &str) -> Result<Self> {
        let (seq, prev) = head(c, incident_id)?;
        let stmt = c.prepare_cached(&format!(
            "INSERT INTO timeline_entries ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
             ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
        ))?;
        Ok(Appender {
            stmt,
            seq,
            prev,
            canon: Canon::default(),
        })
    }

    pub fn head_hash(&self) -> &str {
        &self.prev
    }

    pub fn push(&mut self, mut entry: Stored) -> Result<(Stored, String)> {
        entry.seq = self.seq + 1;
        let hash = link(&self.prev, entry.canonical(&mut self.canon));
        let e = &entry;
        self.stmt.execute(params![
            e.id,
            e.incident_id,
            e.seq,
            e.kind,
            e.occurred_at_utc,
            e.occurred_at_offset,
            e.recorded_at_utc,
            e.recorded_at_offset,
            e.recorded_by,
            e.message,
            e.source,
            e.host,
            e.account,
            e.tactics,
            e.techniques,
            e.confidence,
            e.tags,
            e.step_links,
            e.action,
            e.subject,
            e.note,
            e.changes,
            e.supersedes,
            e.reason,
            e.import_key,
            self.prev,
            hash,
        ])?;
        self.seq = entry.seq;
        self.prev.clone_from(&hash);
        Ok((entry, hash))
    }
}
