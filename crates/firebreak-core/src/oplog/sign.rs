//! Signed checkpoints over device chains: each write transaction that appended operations
//! ends with the device's signature over the sequence numbers it added and the chain's new
//! head, as `crate::signing` does for timelines. One signature per transaction.
//!
//! The signed bytes (version 1), UTF-8, lines joined by `\n`: `firebreak operations v1`, the
//! device, `FIRST-LAST`, the head hash in lowercase hex, the signing time as stored
//! (RFC 3339 UTC), and `written`.

use rusqlite::{params, Connection};

use super::{device_head, hex};
use crate::signing::Identity;
use crate::{time, Result};

/// The signing device's last sequence number, taken before a write.
pub(crate) fn before(c: &Connection, who: &Identity) -> Result<i64> {
    Ok(device_head(c, &who.fingerprint())?.0)
}

/// Signs what this transaction appended to the device's chain, if anything.
pub(crate) fn sign_written(c: &Connection, who: &Identity, before: i64) -> Result<bool> {
    let device = who.fingerprint();
    let (seq, head) = device_head(c, &device)?;
    if seq <= before {
        return Ok(false);
    }
    let now = time::utc_text(&time::now_local());
    crate::signing::record_author(c, who, &now)?;
    let signature = who.sign(&message(&device, before + 1, seq, &head, &now));
    c.prepare_cached(
        "INSERT INTO op_checkpoints (device, first_seq, seq, adopted, head, signed_at_utc, signature)
         VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)",
    )?
    .execute(params![
        device,
        before + 1,
        seq,
        head.to_vec(),
        now,
        signature.to_vec()
    ])?;
    Ok(true)
}

pub(crate) fn message(device: &str, first: i64, seq: i64, head: &[u8], signed_at: &str) -> Vec<u8> {
    format!(
        "firebreak operations v1\n{device}\n{first}-{seq}\n{}\n{signed_at}\nwritten",
        hex(head)
    )
    .into_bytes()
}
