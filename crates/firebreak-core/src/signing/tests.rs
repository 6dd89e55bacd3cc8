//! Signatures against a real store: what a responder writes is signed; an insider with the
//! sqlite3 shell who re-hashes the chain, forges a checkpoint or writes without the key is
//! named; the key file is made once, only for its owner, and never enters the database.

use rusqlite::Connection;

use super::*;
use crate::incident::{self, IncidentPatch};
use crate::timeline::{self, ChainStatus};
use crate::Error;

fn declare(store: &Store, title: &str) -> Result<Uuid> {
    crate::testing::declare_in(store, title)
}

fn edit(store: &Store, id: Uuid, summary: &str) -> Result<()> {
    let patch = IncidentPatch {
        expected_revision: None,
        title: None,
        incident_type: None,
        severity: None,
        phase: None,
        detected_at: None,
        commander: None,
        summary: Some(summary.into()),
    };
    incident::edit(store, id, patch, "alice")?;
    Ok(())
}

fn tempdir() -> Result<tempfile::TempDir> {
    tempfile::tempdir().map_err(|source| Error::Io {
        context: "tempdir".into(),
        source,
    })
}

/// Re-hashes every entry from the first one on, as a script without the key could: the
/// unkeyed chain then verifies again, the signatures do not.
fn rehash_everything(path: &std::path::Path, id: Uuid, new_message: &str) -> Result<()> {
    let c = Connection::open(path)?;
    c.execute_batch("DROP TRIGGER timeline_entries_no_update;")?;
    c.execute(
        "UPDATE timeline_entries SET message = ?1 WHERE seq = 1 AND incident =
           (SELECT key FROM timeline_incidents WHERE incident_id = ?2)",
        params![new_message, id.to_string()],
    )?;
    drop(c);
    timeline::rehash_for_tests(path, id)
}

#[test]
fn every_write_is_signed_and_verifies() -> Result<()> {
    let dir = tempdir()?;
    let store = Store::open_signed(&dir.path().join("t.db"), Identity::ephemeral("Dana Reyes")?)?;
    let id = declare(&store, "Ransom note on fs01")?;
    edit(&store, id, "Finance share encrypted")?;
    let fingerprint = store
        .signer()
        .map(Identity::fingerprint)
        .unwrap_or_default();
    assert_eq!(
        verify(&store, id)?,
        SignatureStatus::Signed {
            checkpoints: 2,
            head_seq: 2,
            authors: vec![Author {
                fingerprint,
                name: "Dana Reyes".into()
            }],
            adopted_through: None,
        }
    );
    Ok(())
}

#[test]
fn rehashing_the_chain_without_the_key_is_detected() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = Store::open_signed(&path, Identity::ephemeral("Dana Reyes")?)?;
    let id = declare(&store, "Ransom note on fs01")?;
    edit(&store, id, "Finance share encrypted")?;
    drop(store);

    rehash_everything(&path, id, "Incident declared: nothing happened")?;
    let store = Store::open(&path)?;
    // The unkeyed chain is fooled…
    assert!(matches!(
        timeline::verify(&store, id)?,
        ChainStatus::Intact { .. }
    ));
    // …the signatures are not, and say where.
    match verify(&store, id)? {
        SignatureStatus::Broken { seq, problem } => {
            assert_eq!(seq, 1);
            assert!(
                problem.contains("re-hashed after it was signed"),
                "{problem}"
            );
        }
        other => panic!("{other:?}"),
    }
    Ok(())
}

#[test]
fn a_forged_checkpoint_or_an_unsigned_write_is_named() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = Store::open_signed(&path, Identity::ephemeral("Dana Reyes")?)?;
    let id = declare(&store, "Ransom note on fs01")?;
    drop(store);

    // A write by a store without the key leaves the new entry unsigned…
    let unsigned = Store::open(&path)?;
    edit(&unsigned, id, "written without a key")?;
    drop(unsigned);
    // …and a later signed write does not launder it: a signature covers only what it wrote.
    let signed = Store::open_signed(&path, Identity::ephemeral("Dana Reyes")?)?;
    edit(&signed, id, "written with a key")?;
    assert!(matches!(
        verify(&signed, id)?,
        SignatureStatus::Unsigned {
            from_seq: 2,
            to_seq: 2,
            head_seq: 3,
            ..
        }
    ));
    drop(signed);

    // A checkpoint "signed" by the known author with another key does not verify.
    let mallory = Identity::ephemeral("Mallory")?;
    let c = Connection::open(&path)?;
    let (key, author): (i64, String) = c.query_row(
        "SELECT incident, author FROM chain_checkpoints LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let head: Vec<u8> = c.query_row(
        "SELECT hash FROM timeline_entries WHERE incident = ?1 AND seq = 2",
        [key],
        |r| r.get(0),
    )?;
    let at = "2026-12-08T03:00:00.000000Z";
    let forged = mallory.sign(&message(&id.to_string(), 2, 2, &head, at, false));
    c.execute(
        "INSERT INTO chain_checkpoints VALUES (?1, 2, 2, 0, ?2, ?3, ?4, ?5)",
        params![key, head, author, at, forged.to_vec()],
    )?;
    drop(c);
    let store = Store::open(&path)?;
    match verify(&store, id)? {
        SignatureStatus::Broken { seq, problem } => {
            assert_eq!(seq, 2);
            assert!(problem.contains("does not verify"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    Ok(())
}

#[test]
fn chains_recorded_before_the_upgrade_are_adopted_once() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let id = declare(&Store::open(&path)?, "Declared before signing existed")?;
    // Back to the schema before signatures, as a database from that release is.
    Connection::open(&path)?.execute_batch(
        "DROP TABLE op_checkpoints; DROP TABLE operations; DROP TABLE oplog_pending; DROP TABLE drafts;
         DROP TABLE chain_checkpoints; DROP TABLE authors; PRAGMA user_version = 9;",
    )?;
    let store = Store::open_signed(&path, Identity::ephemeral("Dana Reyes")?)?;
    assert!(matches!(
        verify(&store, id)?,
        SignatureStatus::Signed {
            checkpoints: 1,
            head_seq: 1,
            adopted_through: Some(1),
            ..
        }
    ));
    // Adopted once: an entry written later without a key is not adopted on the next open.
    drop(store);
    edit(&Store::open(&path)?, id, "written without a key")?;
    let store = Store::open_signed(&path, Identity::ephemeral("Dana Reyes")?)?;
    assert!(matches!(
        verify(&store, id)?,
        SignatureStatus::Unsigned {
            from_seq: 2,
            to_seq: 2,
            ..
        }
    ));
    Ok(())
}

#[test]
fn the_key_file_is_made_once_for_its_owner_and_never_stored() -> Result<()> {
    let dir = tempdir()?;
    let key = dir.path().join("keys").join("device.key");
    let first = Identity::load_or_create(&key, "Dana Reyes")?;
    let again = Identity::load_or_create(&key, "Dana Reyes")?;
    assert_eq!(first.public_key(), again.public_key());
    assert_eq!(first.fingerprint().len(), 19);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key)
            .map_err(|source| Error::Io {
                context: "stat".into(),
                source,
            })?
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).map_err(
            |source| Error::Io {
                context: "chmod".into(),
                source,
            },
        )?;
        let refused = Identity::load_or_create(&key, "Dana Reyes").err();
        assert!(
            refused.is_some_and(|e| e.to_string().contains("chmod 600")),
            "a key others can read is refused"
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).map_err(
            |source| Error::Io {
                context: "chmod".into(),
                source,
            },
        )?;
    }
    let secret = std::fs::read_to_string(&key).map_err(|source| Error::Io {
        context: "read".into(),
        source,
    })?;
    let path = dir.path().join("t.db");
    let store = Store::open_signed(&path, Identity::load_or_create(&key, "Dana Reyes")?)?;
    declare(&store, "x")?;
    drop(store);
    let db = std::fs::read(&path).map_err(|source| Error::Io {
        context: "read".into(),
        source,
    })?;
    let hex = secret.trim();
    let raw: Vec<u8> = (0..32)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    assert_eq!(raw.len(), 32);
    for needle in [hex.as_bytes(), raw.as_slice()] {
        assert!(
            !db.windows(needle.len()).any(|w| w == needle),
            "the private key must not be in the database"
        );
    }
    Ok(())
}
