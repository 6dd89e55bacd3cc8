//! Signed checkpoints over each incident's hash chain. The chain makes a change behind
//! Firebreak's back visible, but it is unkeyed: a short script can re-hash it from any entry
//! to the end. A checkpoint vouches for the entries one write transaction added
//! (`first_seq..=seq`) and for the chain's head at `seq`, signed with the writing device's
//! Ed25519 key (one signature per transaction, so a million-row import costs one).
//! Re-hashing without that key is detected, and so is any entry written without a key: the
//! checkpoints must tile the chain from entry 1, and no later signature covers a gap.
//!
//! The signed bytes (version 1), UTF-8, lines joined by `\n`: `firebreak checkpoint v1`,
//! the incident id, `FIRST-LAST` (decimal sequence numbers), the head hash in lowercase hex,
//! the signing time as stored (RFC 3339 UTC), and `adopted` or `written`.

pub mod identity;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

pub use identity::Identity;

use crate::{time, Result, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Author {
    pub fingerprint: String,
    pub name: String,
}

/// What the signatures over an incident's chain say.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Every entry is covered by a checkpoint that verifies and matches the chain.
    Signed {
        checkpoints: u32,
        head_seq: u32,
        authors: Vec<Author>,
        /// Entries recorded before this database was first opened with a key, and signed
        /// then as they were (1..=this), if any.
        adopted_through: Option<u32>,
    },
    /// Entries no checkpoint covers: written without a key (outside Firebreak, or by a
    /// Firebreak that does not sign). The first such run is named.
    Unsigned {
        from_seq: u32,
        to_seq: u32,
        head_seq: u32,
        authors: Vec<Author>,
    },
    /// A checkpoint does not verify, or the chain is not what was signed.
    Broken { seq: u32, problem: String },
}

/// Each incident's chain head (timeline key → last sequence number), taken before a write.
pub(crate) fn heads(c: &Connection) -> Result<HashMap<i64, i64>> {
    let mut stmt = c.prepare_cached(
        "SELECT ti.key, (SELECT max(seq) FROM timeline_entries WHERE incident = ti.key)
         FROM timeline_incidents ti",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|(k, s)| (k, s.unwrap_or(0))).collect())
}

/// Signs, for every chain this transaction moved, the entries it added and the new head.
/// Entries that were already there unsigned stay unsigned: a signature never covers what
/// this device did not write.
pub(crate) fn sign_written(
    c: &Connection,
    who: &Identity,
    before: &HashMap<i64, i64>,
) -> Result<u32> {
    let mut n = 0;
    for (key, seq) in heads(c)? {
        let prior = before.get(&key).copied().unwrap_or(0);
        if seq > prior {
            sign(c, who, key, prior + 1, seq, false)?;
            n += 1;
        }
    }
    Ok(n)
}

/// The first time a database is opened with a key: chains that no checkpoint covers yet
/// (written before signing existed) are signed as they are, marked adopted.
pub(crate) fn adopt_unsigned(c: &Connection, who: &Identity) -> Result<u32> {
    let mut n = 0;
    for (key, seq) in heads(c)? {
        let any: bool = c
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM chain_checkpoints WHERE incident = ?1)")?
            .query_row([key], |r| r.get(0))?;
        if seq > 0 && !any {
            sign(c, who, key, 1, seq, true)?;
            n += 1;
        }
    }
    Ok(n)
}

fn sign(
    c: &Connection,
    who: &Identity,
    key: i64,
    first: i64,
    seq: i64,
    adopted: bool,
) -> Result<()> {
    let (incident_id, head): (String, Vec<u8>) = c
        .prepare_cached(
            "SELECT ti.incident_id, e.hash FROM timeline_incidents ti
             JOIN timeline_entries e ON e.incident = ti.key AND e.seq = ?2 WHERE ti.key = ?1",
        )?
        .query_row(params![key, seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let now = time::utc_text(&time::now_local());
    let fingerprint = who.fingerprint();
    record_author(c, who, &now)?;
    let signature = who.sign(&message(&incident_id, first, seq, &head, &now, adopted));
    c.prepare_cached(
        "INSERT INTO chain_checkpoints
             (incident, first_seq, seq, adopted, head, author, signed_at_utc, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        key,
        first,
        seq,
        i64::from(adopted),
        head,
        fingerprint,
        now,
        signature.to_vec()
    ])?;
    Ok(())
}

/// Keeps the public half of `who`'s key, so anyone holding the database can check what it
/// signed (the first name it was seen with stays).
pub(crate) fn record_author(c: &Connection, who: &Identity, now: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT OR IGNORE INTO authors (fingerprint, public_key, name, first_seen_utc)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        who.fingerprint(),
        who.public_key().to_vec(),
        who.name(),
        now
    ])?;
    Ok(())
}

fn message(
    incident_id: &str,
    first: i64,
    seq: i64,
    head: &[u8],
    signed_at: &str,
    adopted: bool,
) -> Vec<u8> {
    let hex: String = head.iter().map(|b| format!("{b:02x}")).collect();
    let how = if adopted { "adopted" } else { "written" };
    format!("firebreak checkpoint v1\n{incident_id}\n{first}-{seq}\n{hex}\n{signed_at}\n{how}")
        .into_bytes()
}

/// Checks every checkpoint of the incident's chain: its signature, that the chain still holds
/// the head it signed, and that the last one covers the chain's head. Reports the first
/// failure in sequence order.
pub fn verify(store: &Store, incident_id: Uuid) -> Result<SignatureStatus> {
    store.read(|c| verify_on(c, incident_id))
}

struct Checkpoint {
    first: i64,
    seq: i64,
    adopted: bool,
    head: Vec<u8>,
    signed_at: String,
    signature: Vec<u8>,
    author: String,
    public_key: Option<Vec<u8>>,
    name: Option<String>,
}

fn verify_on(c: &Connection, incident_id: Uuid) -> Result<SignatureStatus> {
    let id = incident_id.to_string();
    let key: Option<i64> = c
        .query_row(
            "SELECT key FROM timeline_incidents WHERE incident_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(key) = key else {
        return Ok(SignatureStatus::Signed {
            checkpoints: 0,
            head_seq: 0,
            authors: Vec::new(),
            adopted_through: None,
        });
    };
    let head_seq: i64 = c.query_row(
        "SELECT coalesce(max(seq), 0) FROM timeline_entries WHERE incident = ?1",
        [key],
        |r| r.get(0),
    )?;
    let mut stmt = c.prepare(
        "SELECT k.first_seq, k.seq, k.adopted, k.head, k.signed_at_utc, k.signature, k.author,
                a.public_key, a.name
         FROM chain_checkpoints k LEFT JOIN authors a ON a.fingerprint = k.author
         WHERE k.incident = ?1 ORDER BY k.seq",
    )?;
    let checkpoints = stmt
        .query_map([key], |r| {
            Ok(Checkpoint {
                first: r.get(0)?,
                seq: r.get(1)?,
                adopted: r.get::<_, i64>(2)? == 1,
                head: r.get(3)?,
                signed_at: r.get(4)?,
                signature: r.get(5)?,
                author: r.get(6)?,
                public_key: r.get(7)?,
                name: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut hash_at =
        c.prepare("SELECT hash FROM timeline_entries WHERE incident = ?1 AND seq = ?2")?;
    let mut authors: Vec<Author> = Vec::new();
    let seq32 = |s: i64| u32::try_from(s).unwrap_or(u32::MAX);
    let mut next = 1;
    let mut gap: Option<(i64, i64)> = None;
    let mut adopted_through = None;
    for k in &checkpoints {
        if k.first > next && gap.is_none() {
            gap = Some((next, k.first - 1));
        }
        next = next.max(k.seq + 1);
        if k.adopted {
            adopted_through = Some(seq32(k.seq));
        }
        if let Some(problem) = check(&id, k) {
            return Ok(SignatureStatus::Broken {
                seq: seq32(k.seq),
                problem,
            });
        }
        let stored: Option<Vec<u8>> = hash_at
            .query_row(params![key, k.seq], |r| r.get(0))
            .optional()?;
        let who = k.name.clone().unwrap_or_default();
        if stored.as_deref() != Some(k.head.as_slice()) {
            return Ok(SignatureStatus::Broken {
                seq: seq32(k.seq),
                problem: format!(
                    "entry #{} is not what {who} ({}) signed at {}: the chain was changed or \
                     re-hashed after it was signed",
                    k.seq, k.author, k.signed_at
                ),
            });
        }
        if !authors.iter().any(|a| a.fingerprint == k.author) {
            authors.push(Author {
                fingerprint: k.author.clone(),
                name: who,
            });
        }
    }
    if gap.is_none() && head_seq >= next {
        gap = Some((next, head_seq));
    }
    Ok(match gap {
        None => SignatureStatus::Signed {
            checkpoints: seq32(i64::try_from(checkpoints.len()).unwrap_or(i64::MAX)),
            head_seq: seq32(head_seq),
            authors,
            adopted_through,
        },
        Some((from, to)) => SignatureStatus::Unsigned {
            from_seq: seq32(from),
            to_seq: seq32(to),
            head_seq: seq32(head_seq),
            authors,
        },
    })
}

/// Why a checkpoint's signature does not hold, if it does not.
fn check(incident_id: &str, k: &Checkpoint) -> Option<String> {
    let Some(public_key) = k.public_key.as_deref() else {
        return Some(format!(
            "the checkpoint at #{} names an unknown author {}",
            k.seq, k.author
        ));
    };
    let key: Option<[u8; 32]> = public_key.try_into().ok();
    let signature: Option<[u8; 64]> = k.signature.as_slice().try_into().ok();
    let ok = match (key, signature) {
        (Some(key), Some(sig)) => {
            identity::fingerprint(&key) == k.author
                && identity::verify(
                    &key,
                    &message(
                        incident_id,
                        k.first,
                        k.seq,
                        &k.head,
                        &k.signed_at,
                        k.adopted,
                    ),
                    &sig,
                )
        }
        _ => false,
    };
    (!ok).then(|| {
        format!(
            "the signature of the checkpoint at #{} (author {}) does not verify: it was not \
             made with that author's key",
            k.seq, k.author
        )
    })
}
