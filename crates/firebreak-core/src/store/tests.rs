use super::*;

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
