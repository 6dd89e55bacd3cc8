//! Chain verification at a million entries: one thread steps through SQLite and writes each
//! entry's canonical form, another hashes and checks the links, so reading and SHA-256 run
//! side by side instead of one after the other.

use std::sync::mpsc;

use rusqlite::Connection;
use uuid::Uuid;

use super::canon::Canon;
use super::chain::{self, COLUMNS, GENESIS};
use super::ChainStatus;
use crate::{Error, Result};

const BATCH: usize = 2048;

struct Item {
    seq: i64,
    id: String,
    prev_hash: String,
    hash: String,
    canonical: Vec<u8>,
    /// False when a column holds a type the schema never stores.
    typed: bool,
}

/// Entries are appended, never updated or deleted, so their rowids rise with `seq` and a
/// sequential table scan meets them in chain order, three times faster than walking the
/// (incident_id, seq) index. Should that order ever differ (a rebuilt table, tampering), the
/// scan reports a sequence break and the index walk gives the authoritative answer.
const BY_ROWID: &str = "FROM timeline_entries NOT INDEXED WHERE incident_id = ?1 ORDER BY rowid";
const BY_SEQ: &str = "FROM timeline_entries WHERE incident_id = ?1 ORDER BY seq";

pub(super) fn verify(c: &Connection, incident_id: Uuid) -> Result<ChainStatus> {
    match verify_in(c, incident_id, BY_ROWID)? {
        ChainStatus::Broken { ref problem, .. } if problem.starts_with(SEQ_BREAK) => {
            verify_in(c, incident_id, BY_SEQ)
        }
        status => Ok(status),
    }
}

const SEQ_BREAK: &str = "expected entry";

fn verify_in(c: &Connection, incident_id: Uuid, from: &str) -> Result<ChainStatus> {
    let (to_checker, batches) = mpsc::sync_channel::<Vec<Item>>(8);
    std::thread::scope(|scope| {
        let checker = scope.spawn(move || check(batches));
        let read = read(c, incident_id, from, &to_checker);
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
    out: &mpsc::SyncSender<Vec<Item>>,
) -> Result<()> {
    let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} {from}"))?;
    let mut rows = stmt.query([incident_id.to_string()])?;
    let mut canon = Canon::default();
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = rows.next()? {
        canon.start();
        let mut typed = true;
        for i in 0..chain::HASHED {
            typed &= canon.value(row.get_ref(i)?);
        }
        batch.push(Item {
            seq: row.get(2)?,
            id: row.get(0)?,
            prev_hash: row.get(chain::HASHED)?,
            hash: row.get(chain::HASHED + 1)?,
            canonical: canon.finish().to_vec(),
            typed,
        });
        if batch.len() == BATCH && out.send(std::mem::take(&mut batch)).is_err() {
            // The checker found a break and stopped listening.
            return Ok(());
        }
    }
    if !batch.is_empty() {
        let _ = out.send(batch);
    }
    Ok(())
}

fn check(batches: mpsc::Receiver<Vec<Item>>) -> ChainStatus {
    let mut prev = GENESIS.to_owned();
    let mut n: u32 = 0;
    for batch in batches {
        for item in batch {
            n += 1;
            let broken = |problem: String| ChainStatus::Broken {
                entries: n,
                first_bad_seq: n,
                entry_id: item.id.clone(),
                problem,
            };
            if item.seq != i64::from(n) {
                return broken(format!(
                    "{SEQ_BREAK} {n} of the chain, found sequence number {}",
                    item.seq
                ));
            }
            if item.prev_hash != prev {
                return broken(
                    "does not link to the entry before it (an entry was removed, inserted or altered)"
                        .into(),
                );
            }
            if !item.typed || chain::link(&prev, &item.canonical) != item.hash {
                return broken(
                    "its content does not match its hash (the entry was altered)".into(),
                );
            }
            prev = item.hash;
        }
    }
    ChainStatus::Intact {
        entries: n,
        head_hash: prev,
    }
}
