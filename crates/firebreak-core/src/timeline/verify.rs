//! Chain verification at a million entries. Every entry stores its own hash, so entry n can
//! be checked against the stored hash of entry n-1 without recomputing the chain before it:
//! if every entry matches its hash given the one before, the whole chain is intact. That
//! splits the work: two threads, each with its own read connection, check one half of the
//! incident's entries each, the second starting from the stored hash of the last entry of
//! the first (which the first checks).

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::canon::Canon;
use super::chain::{self, Hash, COLUMNS, COLUMN_COUNT, GENESIS_HASH, INCIDENT};
use super::ChainStatus;
use crate::{Error, Result, Store};

/// Entries are appended, never updated or deleted, so their rowids rise with `seq` and a
/// rowid-range scan meets them in chain order without visiting the (incident, seq) index.
/// Should that order ever differ (a rebuilt table, tampering), the scan reports a sequence
/// break and the index walk gives the authoritative answer.
const BY_ROWID: &str = "FROM timeline_entries t NOT INDEXED \
    WHERE t.rowid BETWEEN ?2 AND ?3 AND t.incident = {I} ORDER BY t.rowid";
const BY_SEQ: &str = "FROM timeline_entries t WHERE t.incident = {I} ORDER BY t.seq";

/// Below this many rowids one thread does it all: a second connection is not worth it.
const SPLIT_ABOVE: i64 = 20_000;

const SEQ_BREAK: &str = "expected entry";

pub(super) fn verify(store: &Store, incident_id: Uuid) -> Result<ChainStatus> {
    verify_split(store, incident_id, SPLIT_ABOVE)
}

fn verify_split(store: &Store, incident_id: Uuid, split_above: i64) -> Result<ChainStatus> {
    let (lo, hi) = store.read(|c| span(c, incident_id))?;
    if hi - lo < split_above {
        return store.read(|c| verify_on(c, incident_id));
    }
    match halves(store, incident_id, lo, hi)? {
        ChainStatus::Broken { ref problem, .. } if problem.starts_with(SEQ_BREAK) => {
            store.read(|c| check(c, incident_id, BY_SEQ, &whole(lo, hi)))
        }
        status => Ok(status),
    }
}

/// On one connection: inside the caller's read transaction, the status describes the same
/// snapshot as whatever else the caller reads (a report states it beside the entries).
pub(super) fn verify_on(c: &Connection, incident_id: Uuid) -> Result<ChainStatus> {
    let (lo, hi) = span(c, incident_id)?;
    match check(c, incident_id, BY_ROWID, &whole(lo, hi))? {
        ChainStatus::Broken { ref problem, .. } if problem.starts_with(SEQ_BREAK) => {
            check(c, incident_id, BY_SEQ, &whole(lo, hi))
        }
        status => Ok(status),
    }
}

fn whole(from: i64, to: i64) -> Range {
    Range {
        from,
        to,
        start: Start::Genesis,
    }
}

/// The incident's lowest and highest rowids (an empty range if it has no entries).
fn span(c: &Connection, incident_id: Uuid) -> Result<(i64, i64)> {
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
    Ok(span.unwrap_or((1, 0)))
}

/// Both halves at once; the first break in chain order is the answer.
fn halves(store: &Store, incident_id: Uuid, lo: i64, hi: i64) -> Result<ChainStatus> {
    // The first entry at or after the middle ends the first half and starts the second.
    let middle: Option<i64> = store.read(|c| {
        Ok(c.query_row(
            &format!(
                "SELECT t.rowid FROM timeline_entries t NOT INDEXED \
                     WHERE t.rowid BETWEEN ?2 AND ?3 AND t.incident = {INCIDENT} \
                     ORDER BY t.rowid LIMIT 1"
            ),
            rusqlite::params![incident_id.to_string(), lo + (hi - lo) / 2, hi],
            |r| r.get(0),
        )
        .optional()?)
    })?;
    let Some(middle) = middle else {
        return store.read(|c| check(c, incident_id, BY_ROWID, &whole(lo, hi)));
    };
    let first = whole(lo, middle);
    let second = Range {
        from: middle,
        to: hi,
        start: Start::After,
    };
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| store.read(|c| check(c, incident_id, BY_ROWID, &second)));
        let first = store.read(|c| check(c, incident_id, BY_ROWID, &first));
        let second = other
            .join()
            .map_err(|_| Error::Corrupt("the chain checker stopped unexpectedly".into()));
        (first, second)
    });
    match first? {
        broken @ ChainStatus::Broken { .. } => Ok(broken),
        ChainStatus::Intact { .. } => second?,
    }
}

/// Rowids `from..=to` of one incident, checked from the chain's start or, with
/// [`Start::After`], from the first entry in the range, taken as it is stored (the range
/// before checks it) and itself not checked.
struct Range {
    from: i64,
    to: i64,
    start: Start,
}

enum Start {
    Genesis,
    After,
}

fn check(c: &Connection, incident_id: Uuid, order: &str, range: &Range) -> Result<ChainStatus> {
    let from = order.replace("{I}", INCIDENT);
    let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} {from}"))?;
    let id = incident_id.to_string();
    let mut rows = if from.contains("?3") {
        stmt.query(rusqlite::params![id, range.from, range.to])?
    } else {
        stmt.query([id])?
    };
    let mut canon = Canon::default();
    let mut prev = GENESIS_HASH;
    let mut n: i64 = 0;
    if let Start::After = range.start {
        if let Some(row) = rows.next()? {
            n = row.get(1)?;
            prev = row.get(COLUMN_COUNT - 1)?;
        }
    }
    while let Some(row) = rows.next()? {
        n += 1;
        if let Some(problem) = mismatch(row, n, &mut prev, &incident_id, &mut canon) {
            let seq = u32::try_from(n).unwrap_or(u32::MAX);
            return Ok(ChainStatus::Broken {
                entries: seq,
                first_bad_seq: seq,
                entry_id: row.get::<_, Uuid>(0).unwrap_or_default().to_string(),
                problem,
            });
        }
    }
    Ok(ChainStatus::Intact {
        entries: u32::try_from(n).unwrap_or(u32::MAX),
        head_hash: if n == 0 {
            chain::GENESIS.to_owned()
        } else {
            chain::hex(&prev)
        },
    })
}

/// What is wrong with entry `n` given the hash before it, if anything; else moves `prev` on.
fn mismatch(
    row: &Row<'_>,
    n: i64,
    prev: &mut Hash,
    incident_id: &Uuid,
    canon: &mut Canon,
) -> Option<String> {
    let seq = row.get::<_, i64>(1).ok();
    if seq != Some(n) {
        return Some(format!(
            "{SEQ_BREAK} {n} of the chain, found sequence number {}",
            seq.map_or_else(|| "of the wrong type".into(), |s| s.to_string())
        ));
    }
    // A column index out of range cannot happen (COLUMNS is fixed); a real number can
    // only be tampering, and either fails the entry.
    let values = (0..COLUMN_COUNT - 1).map(|i| row.get_ref(i).unwrap_or(ValueRef::Real(0.0)));
    let Some(canonical) = chain::canonical_from_values(values, incident_id, canon) else {
        return Some(
            "a stored value has a type Firebreak never writes (the entry was altered)".into(),
        );
    };
    let expected = chain::link(prev, canonical);
    if row.get::<_, Hash>(COLUMN_COUNT - 1).ok() != Some(expected) {
        return Some(
            "it does not match its hash given the entry before it (this entry, or the stored \
             hash of the one before it, was altered)"
                .into(),
        );
    }
    *prev = expected;
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{IncidentType, Severity};
    use crate::incident::{self, NewIncident};
    use crate::timeline::{add_event, NewEvent};

    /// Two incidents whose entries interleave in the table, the first with `n` events.
    fn interleaved(n: usize) -> Result<crate::testing::Fx> {
        let f = crate::testing::with_incident(IncidentType::Ransomware, "Split")?;
        let other = incident::declare(
            &f.store,
            NewIncident {
                title: "Other".into(),
                incident_type: IncidentType::DataBreach,
                severity: Severity::Sev3,
                detected_at: None,
                phase: None,
                commander: None,
                summary: None,
            },
            "bob",
        )?
        .id;
        for i in 0..n {
            for incident in [f.incident, other] {
                let event = NewEvent {
                    occurred_at: format!("2026-11-20T08:{:02}:00Z", i % 60),
                    message: format!("event {i}"),
                    ..NewEvent::default()
                };
                add_event(&f.store, incident, event, "alice")?;
            }
        }
        Ok(f)
    }

    fn by_halves(f: &crate::testing::Fx) -> Result<ChainStatus> {
        verify_split(&f.store, f.incident, 0)
    }

    fn bad_seq(status: &ChainStatus) -> Option<u32> {
        match status {
            ChainStatus::Broken { first_bad_seq, .. } => Some(*first_bad_seq),
            ChainStatus::Intact { .. } => None,
        }
    }

    #[test]
    fn halves_agree_with_one_pass_on_an_intact_chain() -> Result<()> {
        let f = interleaved(25)?;
        let one_pass = f.store.read(|c| verify_on(c, f.incident))?;
        assert!(matches!(one_pass, ChainStatus::Intact { entries, .. } if entries > 25));
        assert_eq!(format!("{:?}", by_halves(&f)?), format!("{one_pass:?}"));
        Ok(())
    }

    /// Wherever the altered entry is (first half, the entry both halves share, the one
    /// after it, the last), the first bad entry is the one reported, as by one pass.
    #[test]
    fn halves_find_an_altered_entry_wherever_it_is() -> Result<()> {
        let f = interleaved(12)?;
        let path = f.dir.path().join("t.db");
        let c = Connection::open(&path)?;
        c.execute_batch("DROP TRIGGER timeline_entries_no_update")?;
        let entries = match by_halves(&f)? {
            ChainStatus::Intact { entries, .. } => entries,
            broken => panic!("{broken:?}"),
        };
        let key: i64 = c.query_row(
            "SELECT key FROM timeline_incidents WHERE incident_id = ?1",
            [f.incident.to_string()],
            |r| r.get(0),
        )?;
        for seq in 1..=entries {
            for (alter, undo) in [
                (
                    "UPDATE timeline_entries SET message = message || '!' WHERE incident = ?1 AND seq = ?2",
                    "UPDATE timeline_entries SET message = substr(message, 1, length(message) - 1) WHERE incident = ?1 AND seq = ?2",
                ),
                (
                    "UPDATE timeline_entries SET hash = zeroblob(32) WHERE incident = ?1 AND seq = ?2",
                    "",
                ),
            ] {
                let hash: Vec<u8> = c.query_row(
                    "SELECT hash FROM timeline_entries WHERE incident = ?1 AND seq = ?2",
                    rusqlite::params![key, seq],
                    |r| r.get(0),
                )?;
                c.execute(alter, rusqlite::params![key, seq])?;
                let one_pass = f.store.read(|c| verify_on(c, f.incident))?;
                assert_eq!(bad_seq(&one_pass), Some(seq), "{alter} at {seq}");
                assert_eq!(
                    format!("{:?}", by_halves(&f)?),
                    format!("{one_pass:?}"),
                    "{alter} at {seq}"
                );
                if !undo.is_empty() {
                    c.execute(undo, rusqlite::params![key, seq])?;
                }
                c.execute(
                    "UPDATE timeline_entries SET hash = ?3 WHERE incident = ?1 AND seq = ?2",
                    rusqlite::params![key, seq, hash],
                )?;
                assert_eq!(bad_seq(&by_halves(&f)?), None, "restored {seq}");
            }
        }
        Ok(())
    }

    /// (Removing the last entry leaves a shorter intact chain: that is what the head hash
    /// carried by exports and reports is for.)
    #[test]
    fn a_deleted_entry_in_either_half_is_found() -> Result<()> {
        let entries = match by_halves(&interleaved(8)?)? {
            ChainStatus::Intact { entries, .. } => entries,
            broken => panic!("{broken:?}"),
        };
        for deleted in [2, entries / 2, entries / 2 + 1, entries - 1] {
            let f = interleaved(8)?;
            let c = Connection::open(f.dir.path().join("t.db"))?;
            c.execute_batch("DROP TRIGGER timeline_entries_no_delete")?;
            c.execute(
                "DELETE FROM timeline_entries WHERE seq = ?1 AND incident = \
                 (SELECT key FROM timeline_incidents WHERE incident_id = ?2)",
                rusqlite::params![deleted, f.incident.to_string()],
            )?;
            assert_eq!(bad_seq(&by_halves(&f)?), Some(deleted), "deleted {deleted}");
        }
        Ok(())
    }
}
