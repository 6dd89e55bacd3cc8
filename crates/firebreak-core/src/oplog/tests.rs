//! The log against a real store: every incident change is a signed operation; the sqlite3
//! shell changing a row, forging a row, cutting or re-hashing the log is named; a database
//! from before the log upgrades with its rows adopted; the incidents table is written by
//! the apply functions only.

use std::path::Path;

use rusqlite::{params, Connection};

use super::*;
use crate::catalog::{Severity, Status};
use crate::incident::project;
use crate::incident::{self, IncidentPatch};
use crate::signing::Identity;
use crate::testing::{op_kinds, tempdir};
use crate::Store;

fn signed(path: &Path) -> Result<Store> {
    Store::open_signed(path, Identity::ephemeral("Dana Reyes")?)
}

fn patch() -> IncidentPatch {
    IncidentPatch::default()
}

/// Declares, edits twice and closes one incident.
fn history(store: &Store) -> Result<Uuid> {
    let id = crate::testing::declare_in(store, "Ransom note on fs01")?;
    let p = IncidentPatch {
        severity: Some(Severity::Sev2),
        summary: Some("Finance share encrypted".into()),
        ..patch()
    };
    incident::edit(store, id, p, "dana")?;
    let p = IncidentPatch {
        detected_at: Some("2026-12-01T03:10:00+01:00".into()),
        ..patch()
    };
    incident::edit(store, id, p, "sam")?;
    incident::set_status(store, id, Status::Closed, None, "dana")?;
    Ok(id)
}

#[test]
fn every_incident_change_is_a_signed_operation_and_replay_gives_the_table() -> Result<()> {
    let dir = tempdir()?;
    let store = signed(&dir.path().join("t.db"))?;
    let id = history(&store)?;
    assert_eq!(
        op_kinds(&store)?,
        [
            "incident_declared",
            "incident_edited",
            "incident_edited",
            "incident_status_set"
        ]
    );
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    assert_eq!(report.operations, 4);
    assert_eq!(
        report.replayed[..3],
        ["incidents", "evidence", "custody_events"]
    );
    assert_eq!(report.devices.len(), 1);
    assert_eq!(report.devices[0].name.as_deref(), Some("Dana Reyes"));
    // The projection carries what the operations say, revision and all.
    let shown = incident::show(&store, id)?.incident;
    assert_eq!(shown.revision, 4);
    assert_eq!(shown.status, Status::Closed);
    assert_eq!(shown.detected_at.to_rfc3339(), "2026-12-01T03:10:00+01:00");
    Ok(())
}

#[test]
fn operations_are_stored_in_the_canonical_encoding_and_clocks_only_go_forward() -> Result<()> {
    let dir = tempdir()?;
    let store = Store::open(&dir.path().join("t.db"))?;
    history(&store)?;
    let rows: Vec<(String, i64)> = store.read(|c| {
        let mut stmt = c.prepare("SELECT payload, hlc FROM operations ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    for pair in rows.windows(2) {
        assert!(
            pair[1].1 > pair[0].1,
            "hybrid clock went backwards: {pair:?}"
        );
    }
    for (payload, _) in &rows {
        let value: serde_json::Value =
            serde_json::from_str(payload).map_err(|e| Error::Corrupt(e.to_string()))?;
        assert_eq!(payload.as_bytes(), canon::encode(&value)?.as_slice());
    }
    assert!(rows[1].0.starts_with(r#"{"at":""#), "{}", rows[1].0);
    Ok(())
}

#[test]
fn a_plain_update_of_the_table_is_named_with_its_column() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = signed(&path)?;
    let id = history(&store)?;
    Connection::open(&path)?.execute(
        "UPDATE incidents SET detected_at_utc = '2026-12-07T23:00:00.000000Z' WHERE id = ?1",
        [id.to_string()],
    )?;
    match verify(&store, Some(id))?.verdict {
        LogVerdict::Differs {
            table,
            key,
            problem,
        } => {
            assert_eq!((table.as_str(), key), ("incidents", id.to_string()));
            assert!(problem.contains("detected_at_utc"), "{problem}");
            assert!(problem.contains("2026-12-01T02:10:00"), "{problem}");
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    Ok(())
}

#[test]
fn a_row_no_operation_made_is_named() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = signed(&path)?;
    let id = history(&store)?;
    let forged = Uuid::now_v7();
    Connection::open(&path)?.execute(
        "INSERT INTO incidents SELECT ?1, title, incident_type, severity, phase, status,
             detected_at_utc, detected_at_offset, declared_at_utc, declared_at_offset,
             commander, summary, revision, updated_at_utc, closed_at_utc
         FROM incidents WHERE id = ?2",
        params![forged.to_string(), id.to_string()],
    )?;
    match verify(&store, None)?.verdict {
        LogVerdict::Differs { key, problem, .. } => {
            assert_eq!(key, forged.to_string());
            assert!(
                problem.contains("no operation in the log makes it"),
                "{problem}"
            );
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    // Looking at the other incident only, its rows are as the log says.
    assert_eq!(verify(&store, Some(id))?.verdict, LogVerdict::Intact);
    Ok(())
}

fn without_triggers(path: &Path) -> Result<Connection> {
    let c = Connection::open(path)?;
    c.execute_batch("DROP TRIGGER operations_no_update; DROP TRIGGER operations_no_delete;")?;
    Ok(c)
}

#[test]
fn an_operation_removed_from_the_middle_is_named_with_its_device_and_number() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = signed(&path)?;
    history(&store)?;
    without_triggers(&path)?.execute("DELETE FROM operations WHERE device_seq = 2", [])?;
    match verify(&store, None)?.verdict {
        LogVerdict::Broken {
            device,
            seq,
            problem,
        } => {
            assert_eq!(device, store.device());
            assert_eq!(seq, 3);
            assert!(problem.contains("operation #2"), "{problem}");
        }
        other => panic!("expected a broken chain, got {other:?}"),
    }
    Ok(())
}

#[test]
fn cutting_the_last_operation_is_named_by_the_signature() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = signed(&path)?;
    history(&store)?;
    without_triggers(&path)?.execute("DELETE FROM operations WHERE device_seq = 4", [])?;
    assert!(
        matches!(
            verify(&store, None)?.verdict,
            LogVerdict::Broken { seq: 4, .. }
        ),
        "a log cut short must not verify"
    );
    Ok(())
}

/// Changes what operation #2 says and re-hashes it and every later one, as a script
/// without the key could: the chain holds again, the signatures do not.
#[test]
fn rehashing_the_log_without_the_key_is_detected() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = signed(&path)?;
    history(&store)?;
    let c = without_triggers(&path)?;
    let rows: Vec<(i64, Envelope)> = {
        let mut stmt = c.prepare(
            "SELECT seq, id, device, device_seq, hlc, incident, author, kind, payload
             FROM operations ORDER BY device_seq",
        )?;
        let rows = stmt.query_map([], |r| {
            let payload: String = r.get(8)?;
            Ok((
                r.get(0)?,
                Envelope {
                    id: r.get(1)?,
                    device: r.get(2)?,
                    device_seq: r.get(3)?,
                    hlc: r.get(4)?,
                    incident: r.get(5)?,
                    author: r.get(6)?,
                    kind: r.get(7)?,
                    prev: String::new(),
                    payload: serde_json::from_str(&payload).unwrap_or_default(),
                },
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut prev = [0_u8; 32];
    for (seq, mut op) in rows {
        if op.device_seq == 2 {
            op.payload["severity"] = "sev4".into();
        }
        op.prev = hex(&prev);
        let hash = op.hash()?;
        c.execute(
            "UPDATE operations SET payload = ?2, prev = ?3, hash = ?4 WHERE seq = ?1",
            params![
                seq,
                String::from_utf8_lossy(&canon::encode(&op.payload)?),
                prev.to_vec(),
                hash.to_vec()
            ],
        )?;
        prev = hash;
    }
    match verify(&store, None)?.verdict {
        LogVerdict::Broken { seq, problem, .. } => {
            assert_eq!(seq, 2, "{problem}");
            assert!(problem.contains("re-hashed"), "{problem}");
        }
        other => panic!("expected broken signatures, got {other:?}"),
    }
    Ok(())
}

#[test]
fn a_store_without_a_key_records_operations_nobody_vouches_for() -> Result<()> {
    let dir = tempdir()?;
    let store = Store::open(&dir.path().join("t.db"))?;
    history(&store)?;
    assert_eq!(
        verify(&store, None)?.verdict,
        LogVerdict::Unsigned {
            device: UNSIGNED_DEVICE.into(),
            from_seq: 1,
            to_seq: 4
        }
    );
    Ok(())
}

#[test]
fn a_database_from_before_the_log_upgrades_with_every_incident_adopted() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let id = history(&signed(&path)?)?;
    let other = crate::testing::declare_in(&signed(&path)?, "Second incident, still open")?;
    // Back to schema 10, as the previous release wrote it: the same rows, no log.
    crate::testing::back_to_schema_10(&path)?;
    let rows = |p: &Path| -> Result<Vec<Vec<String>>> {
        let c = Connection::open(p)?;
        let mut stmt = c.prepare(
            "SELECT id, title, severity, status, detected_at_utc, detected_at_offset,
                    revision, updated_at_utc, coalesce(closed_at_utc, '') FROM incidents
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            (0..9)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    };
    let before = rows(&path)?;
    let store = signed(&path)?;
    assert_eq!(rows(&path)?, before, "adoption must not change a row");
    assert_eq!(op_kinds(&store)?, ["incident_adopted", "incident_adopted"]);
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    // Adopted once: changes after the upgrade are ordinary operations on top.
    incident::set_status(&store, id, Status::Open, None, "dana")?;
    drop(store);
    let store = signed(&path)?;
    assert_eq!(op_kinds(&store)?.len(), 3);
    assert_eq!(verify(&store, Some(other))?.verdict, LogVerdict::Intact);
    Ok(())
}

/// Projections are written by apply functions only: a write to one anywhere else would
/// make a change the log does not know, and replay would flag the honest user's database.
#[test]
fn projected_tables_are_written_only_where_the_log_applies() -> Result<()> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::Io {
            context: dir.display().to_string(),
            source: e,
        })? {
            let path = entry
                .map_err(|e| Error::Io {
                    context: dir.display().to_string(),
                    source: e,
                })?
                .path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap_or(&path)
                .display()
                .to_string();
            if rel.ends_with("tests.rs") || !rel.ends_with(".rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (table, _, _) in replay::PROJECTIONS {
                // "INTO" covers INSERT, REPLACE and INSERT OR IGNORE alike.
                for verb in ["INTO", "UPDATE", "DELETE FROM"] {
                    let sql = format!("{verb} {table} ");
                    let home = [
                        "incident/query.rs",
                        "investigation/evidence_project.rs",
                        "investigation/analysis_project.rs",
                        "run/project.rs",
                        "notify/project.rs",
                        "investigation/indicators_project.rs",
                    ];
                    if text.contains(&sql) && !home.contains(&rel.as_str()) {
                        offenders.push(format!("{rel}: {sql}"));
                    }
                }
            }
            let writes = text.contains("query::insert(") || text.contains("query::update(");
            if writes && rel.starts_with("incident") && rel != "incident/project.rs" {
                offenders.push(format!("{rel}: calls the incidents table's writers"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "written outside the log: {offenders:?}"
    );
    Ok(())
}

/// An operation appended with a correct chain link but naming an incident no operation
/// declared (what a script without the key could add to an unsigned log) cannot be
/// replayed: verification says so instead of failing.
#[test]
fn an_operation_that_cannot_be_replayed_is_a_finding() -> Result<()> {
    let dir = tempdir()?;
    let path = dir.path().join("t.db");
    let store = Store::open(&path)?;
    history(&store)?;
    let (seq, prev) = store.read(|c| device_head(c, UNSIGNED_DEVICE))?;
    let ghost = Uuid::now_v7();
    let change = Change::IncidentStatusSet(project::StatusSet {
        at: crate::time::now_local(),
        status: Status::Open,
    });
    let op = Envelope {
        id: Uuid::now_v7().to_string(),
        device: UNSIGNED_DEVICE.into(),
        device_seq: seq + 1,
        hlc: i64::MAX >> 1,
        incident: Some(ghost.to_string()),
        author: "mallory".into(),
        kind: change.kind().into(),
        prev: hex(&prev),
        payload: serde_json::to_value(&change).map_err(|e| Error::Corrupt(e.to_string()))?,
    };
    Connection::open(&path)?.execute(
        "INSERT INTO operations (id, device, device_seq, hlc, incident, author, kind, payload,
             prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            op.id,
            op.device,
            op.device_seq,
            op.hlc,
            op.incident,
            op.author,
            op.kind,
            String::from_utf8_lossy(&canon::encode(&op.payload)?),
            prev.to_vec(),
            op.hash()?.to_vec()
        ],
    )?;
    match verify(&store, None)?.verdict {
        LogVerdict::Differs { table, problem, .. } => {
            assert_eq!(table, "operations");
            assert!(problem.contains("cannot be replayed"), "{problem}");
        }
        other => panic!("expected a replay finding, got {other:?}"),
    }
    Ok(())
}
