//! Chain verification at a million entries: one thread steps through SQLite and copies each
//! entry's stored values out, another builds their canonical form, hashes and checks the
//! links, so reading and hashing run side by side instead of one after the other.

use std::sync::mpsc;

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::canon::Canon;
use rusqlite::types::ValueRef;

use super::chain::{self, Hash, COLUMNS, COLUMN_COUNT, GENESIS_HASH, INCIDENT};
use super::ChainStatus;
use crate::{Error, Result};

/// Entries per message between the threads; the buffer holds their values end to end, so a
/// batch is two allocations however many entries it carries.
const BATCH: usize = 4096;

#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    items: Vec<Item>,
}

struct Item {
    seq: i64,
    id: Uuid,
    hash: Option<Hash>,
    /// End of this entry's values in `bytes`.
    end: usize,
}

/// Entries are appended, never updated or deleted, so their rowids rise with `seq` and a
/// rowid-range scan meets them in chain order without visiting the (incident, seq) index.
/// Should that order ever differ (a rebuilt table, tampering), the scan reports a sequence
/// break and the index walk gives the authoritative answer.
const BY_ROWID: &str = "FROM timeline_entries t NOT INDEXED \
    WHERE t.rowid BETWEEN ?2 AND ?3 AND t.incident = {I} ORDER BY t.rowid";
const BY_SEQ: &str = "FROM timeline_entries t WHERE t.incident = {I} ORDER BY t.seq";

pub(super) fn verify(c: &Connection, incident_id: Uuid) -> Result<ChainStatus> {
    let span: Option<(i64, i64)> = c
        .query_row(
            &format!(
                "SELECT min(t.rowid), max(t.rowid) FROM timeline_entries t WHERE t.incident = {INCIDENT}"
            ),
            [incident_id.to_string()],
            |r| Ok(r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?)),
        )
        .optional()?
        .flatten();
    let (lo, hi) = span.unwrap_or((1, 0));
    match verify_in(c, incident_id, BY_ROWID, lo, hi)? {
        ChainStatus::Broken { ref problem, .. } if problem.starts_with(SEQ_BREAK) => {
            verify_in(c, incident_id, BY_SEQ, lo, hi)
        }
        status => Ok(status),
    }
}

const SEQ_BREAK: &str = "expected entry";

fn verify_in(
    c: &Connection,
    incident_id: Uuid,
    from: &str,
    lo: i64,
    hi: i64,
) -> Result<ChainStatus> {
    let (to_checker, batches) = mpsc::sync_channel::<Batch>(4);
    std::thread::scope(|scope| {
        let checker = scope.spawn(move || check(batches, incident_id));
        let read = read(c, incident_id, from, (lo, hi), &to_checker);
        drop(to_checker);
        let status = checker
            .join()
            .map_err(|_| Error::Corrupt("the chain checker stopped unexpectedly".into()))?;
        read?;
        Ok(status)
    })
}

fn read(
    c: &Connection,
    incident_id: Uuid,
    from: &str,
    (lo, hi): (i64, i64),
    out: &mpsc::SyncSender<Batch>,
) -> Result<()> {
    let from = from.replace("{I}", INCIDENT);
    let uses_span = from.contains("?3");
    let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} {from}"))?;
    let id = incident_id.to_string();
    let mut rows = if uses_span {
        stmt.query(rusqlite::params![id, lo, hi])?
    } else {
        stmt.query([id])?
    };
    let mut batch = Batch::default();
    while let Some(row) = rows.next()? {
        for i in 0..COLUMN_COUNT - 1 {
            encode(&mut batch.bytes, row.get_ref(i)?);
        }
        let end = batch.bytes.len();
        batch.items.push(Item {
            seq: row.get(1)?,
            id: row.get::<_, Uuid>(0).unwrap_or_default(),
            hash: row.get(COLUMN_COUNT - 1).ok(),
            end,
        });
        if batch.items.len() == BATCH && out.send(std::mem::take(&mut batch)).is_err() {
            // The checker found a break and stopped listening.
            return Ok(());
        }
    }
    if !batch.items.is_empty() {
        let _ = out.send(batch);
    }
    Ok(())
}

/// A value as tag, length and bytes (the checker reads them back with [`decode`]).
fn encode(out: &mut Vec<u8>, v: ValueRef<'_>) {
    let (tag, bytes) = match v {
        ValueRef::Null => return out.push(0),
        ValueRef::Real(_) => return out.push(4),
        ValueRef::Integer(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_le_bytes());
            return;
        }
        ValueRef::Text(t) => (2, t),
        ValueRef::Blob(b) => (3, b),
    };
    out.push(tag);
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The values [`encode`] wrote into `bytes`, in order. A real number (which the schema never
/// stores) comes back as one, so the entry fails.
fn decode(mut bytes: &[u8]) -> impl Iterator<Item = ValueRef<'_>> {
    std::iter::from_fn(move || {
        let (&tag, rest) = bytes.split_first()?;
        let (head, rest) = rest.split_at_checked(if tag == 0 || tag == 4 { 0 } else { 8 })?;
        let word = u64::from_le_bytes(head.try_into().unwrap_or([0; 8]));
        let (value, rest) = match tag {
            0 => (ValueRef::Null, rest),
            1 => (ValueRef::Integer(word as i64), rest),
            2 | 3 => {
                let (data, rest) = rest.split_at_checked(usize::try_from(word).ok()?)?;
                let v = if tag == 2 {
                    ValueRef::Text(data)
                } else {
                    ValueRef::Blob(data)
                };
                (v, rest)
            }
            _ => (ValueRef::Real(f64::NAN), rest),
        };
        bytes = rest;
        Some(value)
    })
}

fn check(batches: mpsc::Receiver<Batch>, incident_id: Uuid) -> ChainStatus {
    let mut canon = Canon::default();
    let mut prev = GENESIS_HASH;
    let mut n: u32 = 0;
    for batch in batches {
        let mut start = 0;
        for item in batch.items {
            n += 1;
            let broken = |problem: String| ChainStatus::Broken {
                entries: n,
                first_bad_seq: n,
                entry_id: item.id.to_string(),
                problem,
            };
            if item.seq != i64::from(n) {
                return broken(format!(
                    "{SEQ_BREAK} {n} of the chain, found sequence number {}",
                    item.seq
                ));
            }
            let values = decode(&batch.bytes[start..item.end]);
            start = item.end;
            let Some(canonical) = chain::canonical_from_values(values, &incident_id, &mut canon)
            else {
                return broken(
                    "a stored value has a type Firebreak never writes (the entry was altered)"
                        .into(),
                );
            };
            let expected = chain::link(&prev, canonical);
            if item.hash != Some(expected) {
                return broken(
                    "it does not match its hash given the entry before it (this entry, or the \
                     stored hash of the one before it, was altered)"
                        .into(),
                );
            }
            prev = expected;
        }
    }
    ChainStatus::Intact {
        entries: n,
        head_hash: if n == 0 {
            chain::GENESIS.to_owned()
        } else {
            chain::hex(&prev)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_they_were_copied_out() {
        let values = [
            ValueRef::Null,
            ValueRef::Integer(-7),
            ValueRef::Integer(i64::MAX),
            ValueRef::Text(b""),
            ValueRef::Text("Łódź, \"x\"".as_bytes()),
            ValueRef::Blob(&[0, 1, 2, 255]),
            ValueRef::Real(1.5),
        ];
        let mut bytes = Vec::new();
        for v in values {
            encode(&mut bytes, v);
        }
        let back: Vec<ValueRef<'_>> = decode(&bytes).collect();
        assert_eq!(back.len(), values.len());
        for (a, b) in values.iter().zip(&back) {
            match (a, b) {
                (ValueRef::Real(_), ValueRef::Real(_)) => {}
                _ => assert_eq!(a, b),
            }
        }
        // A truncated buffer ends the values instead of inventing one.
        assert_eq!(decode(&bytes[..bytes.len() - 10]).count(), 5);
    }
}
