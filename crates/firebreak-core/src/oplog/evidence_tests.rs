//! Evidence on the log: registering, custody and re-verification are signed operations;
//! the hash a file is compared with is the one in the operation, so an insider who swaps
//! the file and rewrites the hash column is caught twice (by re-verification and by
//! replay); evidence recorded before the log is adopted with its custody as it stood.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::*;
use crate::investigation::evidence;
use crate::investigation::vocab::{CustodyAction, EvidenceStatus};
use crate::investigation::{NewCustodyEvent, NewEvidence};
use crate::signing::Identity;
use crate::testing::op_kinds;
use crate::Store;

struct Case {
    dir: tempfile::TempDir,
    store: Store,
    incident: Uuid,
    evidence: Uuid,
}

impl Case {
    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }
    fn file(&self) -> PathBuf {
        self.dir.path().join("memory.raw")
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        context: path.display().to_string(),
        source,
    })
}

/// A signed store with one incident and one evidence file with a custody event.
fn case() -> Result<Case> {
    let dir = tempfile::tempdir().map_err(|source| Error::Io {
        context: "tempdir".into(),
        source,
    })?;
    let store = Store::open_signed(&dir.path().join("t.db"), Identity::ephemeral("Dana Reyes")?)?;
    let incident = crate::testing::declare_in(&store, "Ransom note on fs01")?;
    let file = dir.path().join("memory.raw");
    write(&file, b"memory image, as collected")?;
    let input = NewEvidence {
        label: "Memory image FIN-LT-042".into(),
        path: Some(file.to_string_lossy().into_owned()),
        collected_at: Some("2026-11-20T09:15:00+01:00".into()),
        storage_location: "Evidence locker B".into(),
        ..NewEvidence::default()
    };
    let evidence = evidence::add(&store, incident, input, "bob", &mut |_| {})?.id;
    let event = NewCustodyEvent {
        action: CustodyAction::Transferred,
        actor: Some("Dana (vendor)".into()),
        at: Some("2026-11-21T14:00:00-05:00".into()),
        location: "Vendor lab, Reston".into(),
        purpose: "Analysis".into(),
    };
    evidence::record_custody(&store, incident, evidence, event, "bob")?;
    Ok(Case {
        dir,
        store,
        incident,
        evidence,
    })
}

#[test]
fn registering_custody_and_reverification_are_operations_and_replay_gives_the_rows() -> Result<()> {
    let case = case()?;
    let outcome = evidence::verify(
        &case.store,
        case.incident,
        case.evidence,
        "bob",
        &mut |_| {},
    )?;
    assert_eq!(outcome.status, EvidenceStatus::Intact);
    assert_eq!(
        op_kinds(&case.store)?,
        [
            "incident_declared",
            "evidence_registered",
            "custody_recorded",
            "evidence_verified"
        ]
    );
    let item = evidence::get(&case.store, case.incident, case.evidence)?;
    let seqs: Vec<u32> = item.custody.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let report = verify(&case.store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    Ok(())
}

/// The insider swaps the file and rewrites the recorded hash to match it (the trigger that
/// guards the column dropped first, as anyone with the sqlite3 shell can).
#[test]
fn a_swapped_file_with_a_rewritten_hash_column_is_still_a_mismatch() -> Result<()> {
    let case = case()?;
    write(&case.file(), b"a different image")?;
    let forged = crate::investigation::hash::sha256_file(&case.file(), &mut |_| {})?.sha256;
    let c = Connection::open(case.db())?;
    c.execute_batch("DROP TRIGGER evidence_identity_fixed;")?;
    c.execute(
        "UPDATE evidence SET sha256 = ?1 WHERE id = ?2",
        [&forged, &case.evidence.to_string()],
    )?;
    match verify(&case.store, Some(case.incident))?.verdict {
        LogVerdict::Differs { table, problem, .. } => {
            assert_eq!(table, "evidence");
            assert!(problem.contains("sha256"), "{problem}");
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    let outcome = evidence::verify(
        &case.store,
        case.incident,
        case.evidence,
        "bob",
        &mut |_| {},
    )?;
    assert_eq!(outcome.status, EvidenceStatus::Mismatch);
    assert_ne!(outcome.expected_sha256, forged);
    Ok(())
}

#[test]
fn an_evidence_row_added_behind_firebreaks_back_is_named_and_cannot_be_verified() -> Result<()> {
    let case = case()?;
    let forged = Uuid::now_v7();
    Connection::open(case.db())?.execute(
        "INSERT INTO evidence (id, incident_id, label, description, kind, path, sha256,
             size_bytes, source_system, collected_by, collected_at_utc, collected_at_offset,
             storage_location, added_by, added_at_utc)
         SELECT ?1, incident_id, 'Planted', description, kind, path, sha256, size_bytes,
             source_system, collected_by, collected_at_utc, collected_at_offset,
             storage_location, added_by, added_at_utc FROM evidence WHERE id = ?2",
        [forged.to_string(), case.evidence.to_string()],
    )?;
    assert!(matches!(
        verify(&case.store, None)?.verdict,
        LogVerdict::Differs { key, .. } if key == forged.to_string()
    ));
    let refused = evidence::verify(&case.store, case.incident, forged, "bob", &mut |_| {});
    assert!(
        matches!(&refused, Err(Error::Corrupt(m)) if m.contains("behind Firebreak's back")),
        "{refused:?}"
    );
    Ok(())
}

#[test]
fn evidence_from_before_the_log_is_adopted_with_its_custody_as_it_stood() -> Result<()> {
    let case = case()?;
    let path = case.db();
    let (incident, item) = (case.incident, case.evidence);
    drop(case.store);
    crate::testing::back_to_schema_10(&path)?;
    let store = Store::open_signed(&path, Identity::ephemeral("Dana Reyes")?)?;
    assert_eq!(op_kinds(&store)?, ["incident_adopted", "evidence_adopted"]);
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    // The adopted operation holds the hash recorded at collection.
    let outcome = evidence::verify(&store, incident, item, "bob", &mut |_| {})?;
    assert_eq!(outcome.status, EvidenceStatus::Intact);
    assert_eq!(evidence::get(&store, incident, item)?.custody.len(), 3);
    assert_eq!(verify(&store, None)?.verdict, LogVerdict::Intact);
    Ok(())
}
