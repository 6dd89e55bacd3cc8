use super::*;
use crate::store::migrations;

fn temp_db() -> Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let path = dir.path().join("firebreak.db");
    Ok((dir, path))
}

#[test]
fn open_creates_a_migrated_wal_database() -> Result<()> {
    let (_dir, path) = temp_db()?;
    let page_size: i64 =
        Store::open(&path)?.read(|c| Ok(c.pragma_query_value(None, "page_size", |r| r.get(0))?))?;
    assert_eq!(page_size, PAGE_SIZE);
    let store = Store::open(&path)?;
    assert_eq!(store.schema_version()?, latest_version());
    let (mode, fk, app_id): (String, i64, i64) = store.read(|c| {
        Ok((
            c.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
            c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?,
            c.pragma_query_value(None, "application_id", |r| r.get(0))?,
        ))
    })?;
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(app_id, APPLICATION_ID);
    drop(store);
    // Reopening an up-to-date database is a no-op migration.
    assert_eq!(Store::open(&path)?.schema_version()?, latest_version());
    Ok(())
}

#[test]
fn newer_schema_is_refused_and_left_byte_for_byte() -> Result<()> {
    let (_dir, path) = temp_db()?;
    drop(Store::open(&path)?);
    {
        let c = Connection::open(&path)?;
        c.pragma_update(None, "user_version", latest_version() + 1)?;
        c.pragma_update(None, "journal_mode", "DELETE")?;
    }
    let before = std::fs::read(&path).map_err(|e| Error::Io {
        context: "read".into(),
        source: e,
    })?;
    let err = Store::open(&path).err();
    assert!(
        matches!(err, Some(Error::SchemaTooNew { found, .. }) if found == latest_version() + 1),
        "{err:?}"
    );
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("newer Firebreak") && message.contains("left untouched"),
        "{message}"
    );
    let after = std::fs::read(&path).map_err(|e| Error::Io {
        context: "read".into(),
        source: e,
    })?;
    assert!(before == after, "database bytes changed");
    Ok(())
}

#[test]
fn foreign_sqlite_database_is_refused() -> Result<()> {
    let (_dir, path) = temp_db()?;
    Connection::open(&path)?.execute_batch("CREATE TABLE customers (id INTEGER)")?;
    assert!(matches!(
        Store::open(&path),
        Err(Error::NotFirebreakDb { .. })
    ));
    Ok(())
}

#[test]
fn garbage_file_is_refused_as_not_a_database() -> Result<()> {
    let (_dir, path) = temp_db()?;
    std::fs::write(&path, vec![b'x'; 4096]).map_err(|e| Error::Io {
        context: "write".into(),
        source: e,
    })?;
    let err = Store::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("not a SQLite database"), "{err}");
    Ok(())
}

#[test]
fn missing_directory_is_a_clear_error() -> Result<()> {
    let (dir, _) = temp_db()?;
    let path = dir.path().join("nope").join("firebreak.db");
    let err = Store::open(&path).err();
    assert!(matches!(err, Some(Error::MissingDbDir { .. })), "{err:?}");
    assert!(!dir.path().join("nope").exists());
    Ok(())
}

#[test]
fn failed_write_leaves_nothing_behind() -> Result<()> {
    let (_dir, path) = temp_db()?;
    let store = Store::open(&path)?;
    let result: Result<()> = store.write(|tx| {
        tx.execute("CREATE TABLE scratch (x INTEGER)", [])?;
        Err(Error::Conflict("abort".into()))
    });
    assert!(result.is_err());
    let n: i64 = store.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'scratch'",
            [],
            |r| r.get(0),
        )?)
    })?;
    assert_eq!(n, 0);
    Ok(())
}

#[test]
fn audit_entries_from_schema_3_move_into_an_intact_timeline_chain() -> Result<()> {
    let (_dir, path) = temp_db()?;
    {
        let mut c = Connection::open(&path)?;
        migrations::migrations().to_version(&mut c, 3)?;
        c.execute_batch(
            "INSERT INTO incidents (id, title, incident_type, severity, phase, status, detected_at_utc,
                 detected_at_offset, declared_at_utc, declared_at_offset, revision, updated_at_utc)
             VALUES ('01930000-0000-7000-8000-000000000001', 'Old one', 'ddos', 'sev2', 'containment', 'open',
                 '2026-01-01T00:00:00.000000Z', 0, '2026-01-01T00:00:00.000000Z', 3600, 2,
                 '2026-01-01T01:00:00.000000Z');
             INSERT INTO audit_entries (id, incident_id, at_utc, at_offset, actor, action, changes, subject, note) VALUES
               ('01930000-0000-7000-8000-00000000000a', '01930000-0000-7000-8000-000000000001',
                '2026-01-01T00:00:00.000000Z', 3600, 'alice', 'declared', '[]', '', ''),
               ('01930000-0000-7000-8000-00000000000b', '01930000-0000-7000-8000-000000000001',
                '2026-01-01T01:00:00.000000Z', 3600, 'bob', 'edited',
                '[{\"field\":\"severity\",\"old\":\"sev3\",\"new\":\"sev2\"}]', '', 'CDN engaged');",
        )?;
    }
    let store = Store::open(&path)?;
    let id = uuid::Uuid::parse_str("01930000-0000-7000-8000-000000000001")
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    let audit = crate::incident::show(&store, id)?.audit;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        (audit[1].actor.as_str(), audit[1].note.as_str()),
        ("bob", "CDN engaged")
    );
    assert_eq!(audit[1].at.to_rfc3339(), "2026-01-01T02:00:00+01:00");
    match crate::timeline::verify(&store, id)? {
        crate::timeline::ChainStatus::Intact { entries, .. } => assert_eq!(entries, 2),
        broken => panic!("{broken:?}"),
    }
    let gone: i64 = store.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'audit_entries'",
            [],
            |r| r.get(0),
        )?)
    })?;
    assert_eq!(gone, 0);
    Ok(())
}

/// Written by the schema-7 build (see the fixture's header): its chain heads as that build
/// reported them with `firebreak timeline verify`.
const SCHEMA7_HEADS: [(&str, u32, &str); 2] = [
    (
        "01a2027a-c7cb-7557-bc3d-c580a32fd6cd",
        7,
        "6280cda17a3b2d582893f65b9dad2c5073bd3c9af7d509e25e0e95fd34fcbaec",
    ),
    (
        "01a2027a-c83f-72f2-ab58-65fed0c3f459",
        2,
        "d05934ac05b36cd38bb20f9d0e5b60f2bbf0c8a5b9c5a0b28aabb5f8cd1198ba",
    ),
];

fn schema7_db(extra_sql: &str) -> Result<(tempfile::TempDir, PathBuf)> {
    let (dir, path) = temp_db()?;
    let mut c = Connection::open(&path)?;
    migrations::migrations().to_version(&mut c, 7)?;
    c.execute_batch(include_str!("../../tests/fixtures/schema7_timeline.sql"))?;
    c.execute_batch(extra_sql)?;
    Ok((dir, path))
}

fn incident(id: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(id).map_err(|e| Error::Corrupt(e.to_string()))
}

#[test]
fn compact_timeline_migration_keeps_every_chain_and_value() -> Result<()> {
    let (_dir, path) = schema7_db("")?;
    let store = Store::open(&path)?;
    for (id, n, head) in SCHEMA7_HEADS {
        match crate::timeline::verify(&store, incident(id)?)? {
            crate::timeline::ChainStatus::Intact {
                entries, head_hash, ..
            } => assert_eq!((entries, head_hash.as_str()), (n, head), "{id}"),
            broken => panic!("{id}: {broken:?}"),
        }
    }
    let a = incident(SCHEMA7_HEADS[0].0)?;
    let all = crate::timeline::list(
        &store,
        a,
        &crate::timeline::TimelineFilter {
            include_history: true,
            ..Default::default()
        },
    )?;
    let beacon = all
        .iter()
        .find(|e| e.message.starts_with("Beacon"))
        .ok_or_else(|| Error::Corrupt("beacon missing".into()))?;
    assert_eq!(
        beacon.occurred_at.to_rfc3339(),
        "2026-11-20T02:55:12.123456+01:00"
    );
    assert_eq!(beacon.message, "Beacon to 203.0.113.7, \"quoted\" \\ back");
    assert_eq!(beacon.tactics, ["TA0011", "TA0005"]);
    assert_eq!(beacon.tags, ["c2", "ünïcode"]);
    assert_eq!(beacon.confidence, Some(80));
    let retraction = all
        .iter()
        .find(|e| e.reason == "Wrong incident")
        .ok_or_else(|| Error::Corrupt("retraction missing".into()))?;
    let phish = all
        .iter()
        .find(|e| e.message == "Phishing email opened")
        .ok_or_else(|| Error::Corrupt("phish missing".into()))?;
    assert_eq!(retraction.supersedes, Some(phish.id));
    assert!(phish.superseded);
    assert_eq!(phish.occurred_at.to_rfc3339(), "2026-11-19T23:00:00-08:00");
    // Re-importing the rows imported before the migration adds nothing: the keys survived.
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let csv = dir.path().join("again.csv");
    std::fs::write(
        &csv,
        "message,datetime,timestamp_desc,hostname,username,tag\n\
         \"Share enumerated, twice\",2026-11-20T01:00:00.5+00:00,Process Created,FS-01,u001,\"[\"\"recon\"\"]\"\n\
         Backup deleted,2026-11-20T01:30:00+02:00,File Deleted,BK-01,u002,[]\n",
    )
    .map_err(|e| Error::Io {
        context: "fixture".into(),
        source: e,
    })?;
    let summary = crate::timeline::import(
        &store,
        a,
        &csv,
        crate::timeline::ImportFormat::TimesketchCsv,
        None,
        "tester",
        &mut |_| {},
    )?;
    assert_eq!((summary.imported, summary.duplicates), (0, 2));
    // The renamed table kept its append-only triggers and its self-reference.
    let sql: String = store.read(|c| {
        Ok(c.query_row(
            "SELECT group_concat(sql, ';') FROM sqlite_master WHERE tbl_name = 'timeline_entries'",
            [],
            |r| r.get(0),
        )?)
    })?;
    assert!(
        sql.contains("REFERENCES \"timeline_entries\"")
            || sql.contains("REFERENCES timeline_entries"),
        "{sql}"
    );
    assert!(
        sql.contains("timeline_entries_no_update") && sql.contains("timeline_entries_no_delete")
    );
    assert!(
        !sql.contains("prev_hash") && !sql.contains("_compact"),
        "{sql}"
    );
    Ok(())
}

#[test]
fn an_entry_altered_before_the_migration_still_fails_verification_after_it() -> Result<()> {
    let (_dir, path) = schema7_db(
        "DROP TRIGGER timeline_entries_no_update;
         UPDATE timeline_entries SET host = 'FS-99' WHERE host = 'FS-01' AND message LIKE 'Beacon%';",
    )?;
    let store = Store::open(&path)?;
    match crate::timeline::verify(&store, incident(SCHEMA7_HEADS[0].0)?)? {
        crate::timeline::ChainStatus::Broken { first_bad_seq, .. } => {
            assert!(first_bad_seq > 1)
        }
        intact => panic!("{intact:?}"),
    }
    Ok(())
}

#[test]
fn a_value_firebreak_never_writes_stops_the_migration_with_the_database_untouched() -> Result<()> {
    let (_dir, path) = schema7_db(
        "DROP TRIGGER timeline_entries_no_update;
         UPDATE timeline_entries SET occurred_at_utc = '2026-11-20 01:00' WHERE host = 'BK-01';",
    )?;
    let err = Store::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("2026-11-20 01:00") && err.contains("outside Firebreak"),
        "{err}"
    );
    let c = Connection::open(&path)?;
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
    assert_eq!(version, 7);
    let kept: i64 = c.query_row("SELECT count(*) FROM timeline_entries", [], |r| r.get(0))?;
    assert_eq!(kept, 9);
    Ok(())
}

/// The CHECK on an entry's kind used to build a temporary index of its IN list for every
/// inserted entry; after migration 9 an insert plan has none, on the connection that ran
/// the migration as on a new one, and the check still refuses a kind it never allowed.
#[test]
fn inserting_an_entry_builds_no_temporary_index_and_kinds_are_still_checked() -> Result<()> {
    let (_dir, path) = schema7_db("")?;
    let store = Store::open(&path)?;
    let insert = "INSERT INTO timeline_entries (incident, seq, id, kind, occurred_at, \
        occurred_at_offset, recorded_at, recorded_at_offset, recorded_by, message, source, host, \
        account, tactics, techniques, tags, step_links, action, subject, note, changes, reason, \
        hash) VALUES (1, 99, randomblob(16), ?1, 0, 0, 0, 0, '', '', '', '', '', '', '', '', \
        '', '', '', '', '', '', randomblob(32))";
    let opcodes = |c: &Connection| -> Result<Vec<String>> {
        let mut stmt = c.prepare(&format!("EXPLAIN {insert}"))?;
        let ops = stmt
            .query_map(["event"], |r| r.get::<_, String>(1))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ops)
    };
    let on_writer = store.write(|c| opcodes(c))?;
    assert!(on_writer.iter().any(|o| o == "Insert"), "{on_writer:?}");
    assert!(
        !on_writer.iter().any(|o| o == "OpenEphemeral"),
        "{on_writer:?}"
    );
    let fresh = Connection::open(&path)?;
    assert!(!opcodes(&fresh)?.iter().any(|o| o == "OpenEphemeral"));
    let refused = fresh
        .execute(insert, ["bogus"])
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(
        matches!(&refused, Err(e) if e.contains("CHECK constraint failed: kind = 'event'")),
        "{refused:?}"
    );
    let check: String = fresh.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(check, "ok");
    Ok(())
}
