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
