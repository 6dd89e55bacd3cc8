//! The per-incident hash chain (see docs/timeline.md for the canonical serialisation).
//!
//! hash(n) = SHA-256( hex(hash(n-1)) || "\n" || canonical(n) ), with hash(0) = 64 × "0".
//! canonical(n) is the compact JSON array of every field of the entry in a fixed order,
//! with ids as hyphenated UUIDs and times as fixed-width UTC text plus offset seconds. The
//! form predates the compact storage (integers, 16-byte ids, binary hashes) and stays
//! byte-identical, so chains recorded before still verify. Any change to any stored value,
//! a deleted or reordered entry, or an inserted one breaks the chain.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::canon::Canon;
use crate::{Error, Result};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) type Hash = [u8; 32];

/// Every field of an entry but its hash.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Stored {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub seq: i64,
    pub kind: String,
    /// Microseconds since 1970, UTC.
    pub occurred_at: i64,
    pub occurred_at_offset: i64,
    pub recorded_at: i64,
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
    pub supersedes: Option<Uuid>,
    pub reason: String,
    pub import_key: Option<[u8; 16]>,
}

/// The stored columns in the order [`Stored::from_row`] reads them, `hash` last. Written
/// for a table aliased `t`.
pub(crate) const COLUMNS: &str = "t.id, t.seq, t.kind, t.occurred_at, t.occurred_at_offset, \
    t.recorded_at, t.recorded_at_offset, t.recorded_by, t.message, t.source, t.host, t.account, \
    t.tactics, t.techniques, t.confidence, t.tags, t.step_links, t.action, t.subject, t.note, \
    t.changes, t.supersedes, t.reason, t.import_key, t.hash";

/// The number of [`COLUMNS`].
pub(crate) const COLUMN_COUNT: usize = 25;

/// The incident's key in the timeline table, as a scalar subquery on parameter ?1 (the
/// incident id): every per-incident query starts with `t.incident = {INCIDENT}`.
pub(crate) const INCIDENT: &str = "(SELECT key FROM timeline_incidents WHERE incident_id = ?1)";

impl Stored {
    /// The canonical serialisation (see docs/timeline.md), into `c`'s buffer.
    pub fn canonical<'c>(&self, c: &'c mut Canon) -> &'c [u8] {
        self.write_canonical(c, Some(self.seq));
        c.finish()
    }

    /// The canonical serialisation without `seq`, which only the appender knows, and where
    /// its digits go: a bulk import builds this on its reading thread, so the writing
    /// thread only hashes. See [`Appender::push_prepared`].
    pub fn canonical_unsequenced<'c>(&self, c: &'c mut Canon) -> (&'c [u8], usize) {
        let at = self.write_canonical(c, None);
        (c.finish(), at)
    }

    /// Writes every field but the closing bracket; with no `seq`, returns where it goes.
    fn write_canonical(&self, c: &mut Canon, seq: Option<i64>) -> usize {
        c.start();
        c.uuid(&self.id);
        c.uuid(&self.incident_id);
        let at = match seq {
            Some(seq) => {
                c.int(seq);
                0
            }
            None => c.gap(),
        };
        c.text(&self.kind);
        c.utc(self.occurred_at);
        c.int(self.occurred_at_offset);
        c.utc(self.recorded_at);
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
        match &self.supersedes {
            Some(u) => c.uuid(u),
            None => c.null(),
        }
        c.text(&self.reason);
        match &self.import_key {
            Some(k) => c.hex(k),
            None => c.null(),
        }
        at
    }

    /// Reads the columns in [`COLUMNS`] order; returns the entry and its stored hash.
    pub fn from_row(r: &Row<'_>, incident_id: Uuid) -> rusqlite::Result<(Stored, Hash)> {
        Ok((
            Stored {
                id: r.get(0)?,
                incident_id,
                seq: r.get(1)?,
                kind: r.get(2)?,
                occurred_at: r.get(3)?,
                occurred_at_offset: r.get(4)?,
                recorded_at: r.get(5)?,
                recorded_at_offset: r.get(6)?,
                recorded_by: r.get(7)?,
                message: r.get(8)?,
                source: r.get(9)?,
                host: r.get(10)?,
                account: r.get(11)?,
                tactics: r.get(12)?,
                techniques: r.get(13)?,
                confidence: r.get(14)?,
                tags: r.get(15)?,
                step_links: r.get(16)?,
                action: r.get(17)?,
                subject: r.get(18)?,
                note: r.get(19)?,
                changes: r.get(20)?,
                supersedes: r.get(21)?,
                reason: r.get(22)?,
                import_key: r.get(23)?,
            },
            r.get(24)?,
        ))
    }
}

/// hash(n) from hash(n-1) and the canonical form of entry n.
pub(crate) fn link(prev: &Hash, canonical: &[u8]) -> Hash {
    link_parts(prev, &[canonical])
}

/// [`link`] over a canonical form given in pieces.
fn link_parts(prev: &Hash, canonical: &[&[u8]]) -> Hash {
    // On the stack: this runs once per entry in imports and verification.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex_prev = [0u8; 64];
    for (pair, &b) in hex_prev.chunks_exact_mut(2).zip(prev) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0xf)];
    }
    let mut h = Sha256::new();
    h.update(hex_prev);
    h.update(b"\n");
    for part in canonical {
        h.update(part);
    }
    h.finalize().into()
}

pub(crate) const GENESIS_HASH: Hash = [0; 32];

/// The chain's notation for hash(0): 64 zeros, as [`GENESIS`] spells it. Hashes are shown
/// as lowercase hex; the all-zero value never comes out of SHA-256, so it stands for "none".
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends `bytes` as lowercase hex.
pub(crate) fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 0xf)]);
    }
}

/// The incident's key in the timeline table, if it has any entries yet.
pub(crate) fn incident_key(c: &Connection, incident_id: Uuid) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT key FROM timeline_incidents WHERE incident_id = ?1")?
            .query_row([incident_id.to_string()], |r| r.get(0))
            .optional()?,
    )
}

/// The incident's key, allotted on its first entry.
fn incident_key_or_new(c: &Connection, incident_id: Uuid) -> Result<i64> {
    if let Some(key) = incident_key(c, incident_id)? {
        return Ok(key);
    }
    c.prepare_cached("INSERT INTO timeline_incidents (incident_id) VALUES (?1)")?
        .execute([incident_id.to_string()])?;
    Ok(c.last_insert_rowid())
}

/// The last (seq, hash) of an incident's chain.
pub(crate) fn head(c: &Connection, incident_id: Uuid) -> Result<(i64, Hash)> {
    let head: Option<(i64, Hash)> = c
        .prepare_cached(&format!(
            "SELECT t.seq, t.hash FROM timeline_entries t WHERE t.incident = {INCIDENT} \
             ORDER BY t.seq DESC LIMIT 1"
        ))?
        .query_row([incident_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(head.unwrap_or((0, GENESIS_HASH)))
}

/// The head hash as shown to people: hex, or empty for an incident with no entries.
pub(crate) fn head_hex(c: &Connection, incident_id: Uuid) -> Result<String> {
    let (seq, hash) = head(c, incident_id)?;
    Ok(if seq == 0 {
        GENESIS.to_owned()
    } else {
        hex(&hash)
    })
}

/// Appends `entry` (its `seq` is assigned here) to its incident's chain; returns the hash.
/// Must run inside the caller's write transaction.
pub(crate) fn append(c: &Connection, entry: Stored) -> Result<(Stored, Hash)> {
    let mut appender = Appender::new(c, entry.incident_id)?;
    appender.push(entry)
}

/// Appends many entries to one incident's chain, keeping the head in memory (bulk import).
/// Must run inside the caller's write transaction, with nothing else appending meanwhile.
pub(crate) struct Appender<'c> {
    stmt: rusqlite::CachedStatement<'c>,
    incident: i64,
    seq: i64,
    prev: Hash,
    canon: Canon,
}

impl<'c> Appender<'c> {
    pub fn new(c: &'c Connection, incident_id: Uuid) -> Result<Self> {
        let (seq, prev) = head(c, incident_id)?;
        let incident = incident_key_or_new(c, incident_id)?;
        let stmt = c.prepare_cached(
            "INSERT INTO timeline_entries (incident, seq, id, kind, occurred_at, occurred_at_offset, \
             recorded_at, recorded_at_offset, recorded_by, message, source, host, account, tactics, \
             techniques, confidence, tags, step_links, action, subject, note, changes, supersedes, \
             reason, import_key, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        )?;
        Ok(Appender {
            stmt,
            incident,
            seq,
            prev,
            canon: Canon::default(),
        })
    }

    /// The incident's key in the timeline table.
    pub fn incident(&self) -> i64 {
        self.incident
    }

    /// The hash of the last entry appended (or of the chain's head before), as hex; empty
    /// while the chain has no entries.
    pub fn head_hex(&self) -> String {
        if self.seq == 0 {
            String::new()
        } else {
            hex(&self.prev)
        }
    }

    pub fn push(&mut self, mut entry: Stored) -> Result<(Stored, Hash)> {
        let hash = self.push_ref(&mut entry)?;
        Ok((entry, hash))
    }

    /// Appends `entry`, setting its `seq`.
    pub fn push_ref(&mut self, entry: &mut Stored) -> Result<Hash> {
        entry.seq = self.seq + 1;
        let hash = link(&self.prev, entry.canonical(&mut self.canon));
        self.insert(entry, &hash)?;
        self.seq = entry.seq;
        self.prev = hash;
        Ok(hash)
    }

    /// Appends `entry`, setting its `seq`, given what [`Stored::canonical_unsequenced`]
    /// made of it.
    pub fn push_prepared(
        &mut self,
        entry: &mut Stored,
        (canonical, at): (&[u8], usize),
    ) -> Result<Hash> {
        entry.seq = self.seq + 1;
        let mut digits = [0u8; 20];
        let seq = super::canon::decimal(entry.seq.unsigned_abs(), &mut digits);
        let (before, after) = canonical.split_at(at.min(canonical.len()));
        let hash = link_parts(&self.prev, &[before, seq, after]);
        self.insert(entry, &hash)?;
        self.seq = entry.seq;
        self.prev = hash;
        Ok(hash)
    }

    fn insert(&mut self, e: &Stored, hash: &Hash) -> Result<()> {
        let s = &mut self.stmt;
        // Bound one by one: this runs a million times in a bulk import.
        s.raw_bind_parameter(1, self.incident)?;
        s.raw_bind_parameter(2, e.seq)?;
        s.raw_bind_parameter(3, &e.id.as_bytes()[..])?;
        s.raw_bind_parameter(4, e.kind.as_str())?;
        s.raw_bind_parameter(5, e.occurred_at)?;
        s.raw_bind_parameter(6, e.occurred_at_offset)?;
        s.raw_bind_parameter(7, e.recorded_at)?;
        s.raw_bind_parameter(8, e.recorded_at_offset)?;
        s.raw_bind_parameter(9, e.recorded_by.as_str())?;
        s.raw_bind_parameter(10, e.message.as_str())?;
        s.raw_bind_parameter(11, e.source.as_str())?;
        s.raw_bind_parameter(12, e.host.as_str())?;
        s.raw_bind_parameter(13, e.account.as_str())?;
        s.raw_bind_parameter(14, e.tactics.as_str())?;
        s.raw_bind_parameter(15, e.techniques.as_str())?;
        s.raw_bind_parameter(16, e.confidence)?;
        s.raw_bind_parameter(17, e.tags.as_str())?;
        s.raw_bind_parameter(18, e.step_links.as_str())?;
        s.raw_bind_parameter(19, e.action.as_str())?;
        s.raw_bind_parameter(20, e.subject.as_str())?;
        s.raw_bind_parameter(21, e.note.as_str())?;
        s.raw_bind_parameter(22, e.changes.as_str())?;
        s.raw_bind_parameter(23, e.supersedes.as_ref().map(|u| &u.as_bytes()[..]))?;
        s.raw_bind_parameter(24, e.reason.as_str())?;
        s.raw_bind_parameter(25, e.import_key.as_ref().map(|k| &k[..]))?;
        s.raw_bind_parameter(26, &hash[..])?;
        let n = s.raw_execute()?;
        if n != 1 {
            return Err(Error::Corrupt(format!(
                "appending entry {}: {n} rows",
                e.id
            )));
        }
        Ok(())
    }
}

/// The canonical form of an entry from its stored values in [`COLUMNS`] order (hash
/// excluded), as SQLite returns them: verification builds it from borrowed bytes a million
/// times, where [`Stored::from_row`] would copy every text. None if a value has a type the
/// schema never stores: such an entry cannot match its hash.
pub(crate) fn canonical_from_values<'v, 'c>(
    values: impl Iterator<Item = ValueRef<'v>>,
    incident_id: &Uuid,
    c: &'c mut Canon,
) -> Option<&'c [u8]> {
    use ValueRef::{Blob, Integer, Null, Text};
    c.start();
    for (i, v) in values.enumerate().take(COLUMN_COUNT - 1) {
        match (i, v) {
            (0 | 21, Blob(b)) => {
                c.uuid(&Uuid::from_slice(b).ok()?);
                if i == 0 {
                    c.uuid(incident_id);
                }
            }
            (3 | 5, Integer(us)) => c.utc(us),
            (23, Blob(b)) if b.len() == 16 => c.hex(b),
            (14 | 21 | 23, Null) => c.null(),
            (1 | 4 | 6 | 14, Integer(n)) => c.int(n),
            (2 | 7..=13 | 15..=20 | 22, Text(t)) => c.text_bytes(t),
            _ => return None,
        }
    }
    Some(c.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a bulk import hashes (the form without seq, seq spliced in) is the canonical form.
    #[test]
    fn the_unsequenced_form_with_seq_spliced_in_is_the_canonical_form() {
        let mut canon = Canon::default();
        for seq in [1, 9, 10, 999_999, 1_000_000, i64::MAX] {
            let entry = Stored {
                id: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001),
                incident_id: Uuid::from_u128(7),
                seq,
                kind: "event".into(),
                message: "a \"quoted\" line,\nthen another".into(),
                confidence: Some(80),
                import_key: Some([0xab; 16]),
                ..Stored::default()
            };
            let whole = entry.canonical(&mut canon).to_vec();
            let (unsequenced, at) = entry.canonical_unsequenced(&mut canon);
            let mut spliced = unsequenced[..at].to_vec();
            spliced.extend_from_slice(seq.to_string().as_bytes());
            spliced.extend_from_slice(&unsequenced[at..]);
            assert_eq!(
                String::from_utf8_lossy(&spliced),
                String::from_utf8_lossy(&whole)
            );
            let prev = [seq as u8; 32];
            let digits = seq.to_string();
            let parts = [&unsequenced[..at], digits.as_bytes(), &unsequenced[at..]];
            assert_eq!(link_parts(&prev, &parts), link(&prev, &whole));
        }
    }
}
