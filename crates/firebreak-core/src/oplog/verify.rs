//! Verification of the log: every device chain (no operation missing, altered or re-linked),
//! every checkpoint signature, and a replay into an empty database compared with the live
//! tables. The first failure is named; a database that passes holds exactly what its
//! signed operations say.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use super::{replay, sign, to_hash, Envelope};
use crate::signing::identity;
use crate::{Error, Result, Store};

/// One device's part of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct DeviceLog {
    /// The key fingerprint, or `unsigned` for a store opened without a key.
    pub device: String,
    /// The name the key was first seen with, if it is known here.
    pub name: Option<String>,
    pub operations: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LogVerdict {
    /// Every chain holds, every operation is signed, and replay gives the live tables.
    Intact,
    /// A device's operations no checkpoint covers (written without its key).
    Unsigned {
        device: String,
        from_seq: u32,
        to_seq: u32,
    },
    /// An operation is missing, altered or re-linked, or a signature does not hold.
    Broken {
        device: String,
        seq: u32,
        problem: String,
    },
    /// The live tables are not what the log makes: changed behind Firebreak's back.
    Differs {
        table: String,
        key: String,
        problem: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LogVerification {
    pub operations: u32,
    pub devices: Vec<DeviceLog>,
    /// The tables rebuilt by replay and compared with the live ones.
    pub replayed: Vec<String>,
    pub verdict: LogVerdict,
}

/// Verifies the whole log; with `incident`, replay differences are looked for in that
/// incident's rows only (chains and signatures are always checked whole: they span
/// incidents).
pub fn verify(store: &Store, incident: Option<Uuid>) -> Result<LogVerification> {
    let (devices, broken) = store.read(chains)?;
    let operations = devices.iter().map(|d| d.operations).sum();
    let signatures = store.read(|c| signatures(c, &devices))?;
    // A log that cannot be replayed (an operation on something no earlier one made) is a
    // finding, not a failure to verify.
    let (replayed, differs) = match replay::differences(store.path(), incident) {
        Err(Error::Corrupt(problem)) => (
            Vec::new(),
            Some(LogVerdict::Differs {
                table: "operations".into(),
                key: String::new(),
                problem: format!("the log cannot be replayed: {problem}"),
            }),
        ),
        other => other?,
    };
    let verdict = match (broken, signatures) {
        (Some(b), _) => b,
        (None, Some(b @ LogVerdict::Broken { .. })) => b,
        (None, unsigned) => differs.or(unsigned).unwrap_or(LogVerdict::Intact),
    };
    Ok(LogVerification {
        operations,
        devices,
        replayed,
        verdict,
    })
}

fn seq32(s: i64) -> u32 {
    u32::try_from(s).unwrap_or(u32::MAX)
}

/// Walks every device chain in order, re-hashing each operation.
fn chains(c: &Connection) -> Result<(Vec<DeviceLog>, Option<LogVerdict>)> {
    let mut stmt = c.prepare(
        "SELECT o.id, o.device, o.device_seq, o.hlc, o.incident, o.author, o.kind, o.payload,
                o.prev, o.hash, a.name
         FROM operations o LEFT JOIN authors a ON a.fingerprint = o.device
         ORDER BY o.device, o.device_seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut devices: Vec<DeviceLog> = Vec::new();
    let mut expected = (1_i64, [0_u8; 32]);
    while let Some(r) = rows.next()? {
        let device: String = r.get(1)?;
        if devices.last().map(|d| &d.device) != Some(&device) {
            devices.push(DeviceLog {
                device: device.clone(),
                name: r.get(10)?,
                operations: 0,
            });
            expected = (1, [0; 32]);
        }
        let seq: i64 = r.get(2)?;
        let broken = |problem: String| {
            Some(LogVerdict::Broken {
                device: device.clone(),
                seq: seq32(seq),
                problem,
            })
        };
        if seq != expected.0 {
            let problem = format!(
                "operation #{} of device {device} is missing (the next one is #{seq})",
                expected.0
            );
            return Ok((devices, broken(problem)));
        }
        let prev = to_hash(&r.get::<_, Vec<u8>>(8)?)?;
        if prev != expected.1 {
            let problem = format!(
                "operation #{seq} of device {device} does not follow #{}: the chain was re-linked",
                seq - 1
            );
            return Ok((devices, broken(problem)));
        }
        let payload: String = r.get(7)?;
        let envelope = Envelope {
            id: r.get(0)?,
            device: device.clone(),
            device_seq: seq,
            hlc: r.get(3)?,
            incident: r.get(4)?,
            author: r.get(5)?,
            kind: r.get(6)?,
            prev: super::hex(&prev),
            payload: serde_json::from_str(&payload)
                .map_err(|e| Error::Corrupt(format!("operation #{seq} of device {device}: {e}")))?,
        };
        let hash = to_hash(&r.get::<_, Vec<u8>>(9)?)?;
        if envelope.hash()? != hash {
            let problem = format!(
                "operation #{seq} of device {device} ({}) was changed after it was recorded",
                envelope.kind
            );
            return Ok((devices, broken(problem)));
        }
        expected = (seq + 1, hash);
        if let Some(d) = devices.last_mut() {
            d.operations += 1;
        }
    }
    Ok((devices, None))
}

/// Checks each device's checkpoints: they verify with its key, vouch for the hashes the
/// chain holds, and tile it from #1 to its head. The first problem, if any.
fn signatures(c: &Connection, devices: &[DeviceLog]) -> Result<Option<LogVerdict>> {
    let mut unsigned = None;
    for d in devices {
        let key: Option<Vec<u8>> = c
            .query_row(
                "SELECT public_key FROM authors WHERE fingerprint = ?1",
                [&d.device],
                |r| r.get(0),
            )
            .optional()?;
        let key: Option<[u8; 32]> = key.and_then(|k| k.try_into().ok());
        let mut stmt = c.prepare(
            "SELECT k.first_seq, k.seq, k.head, k.signed_at_utc, k.signature, o.hash
             FROM op_checkpoints k
             LEFT JOIN operations o ON o.device = k.device AND o.device_seq = k.seq
             WHERE k.device = ?1 ORDER BY k.seq",
        )?;
        let mut rows = stmt.query(params![d.device])?;
        let mut next = 1_i64;
        let mut gap = None;
        while let Some(r) = rows.next()? {
            let (first, seq): (i64, i64) = (r.get(0)?, r.get(1)?);
            let head: Vec<u8> = r.get(2)?;
            let signed_at: String = r.get(3)?;
            let signature: Vec<u8> = r.get(4)?;
            let stored: Option<Vec<u8>> = r.get(5)?;
            let broken = |problem: String| {
                Ok(Some(LogVerdict::Broken {
                    device: d.device.clone(),
                    seq: seq32(seq),
                    problem,
                }))
            };
            let holds = match (key, <[u8; 64]>::try_from(signature.as_slice())) {
                (Some(key), Ok(sig)) => identity::verify(
                    &key,
                    &sign::message(&d.device, first, seq, &head, &signed_at),
                    &sig,
                ),
                _ => false,
            };
            if !holds {
                return broken(format!(
                    "the checkpoint at operation #{seq} of device {} does not verify with \
                     that device's key",
                    d.device
                ));
            }
            if stored.as_deref() != Some(head.as_slice()) {
                return broken(format!(
                    "operation #{seq} of device {} is not what it signed at {signed_at}: the \
                     log was changed, cut short or re-hashed after it was signed",
                    d.device
                ));
            }
            if first > next && gap.is_none() {
                gap = Some((next, first - 1));
            }
            next = next.max(seq + 1);
        }
        let last = i64::from(d.operations);
        if gap.is_none() && last >= next {
            gap = Some((next, last));
        }
        if let (Some((from, to)), None) = (gap, &unsigned) {
            unsigned = Some(LogVerdict::Unsigned {
                device: d.device.clone(),
                from_seq: seq32(from),
                to_seq: seq32(to),
            });
        }
    }
    Ok(unsigned)
}
