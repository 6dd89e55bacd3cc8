//! What keeps the incident file as well as the evidence: owner-only files, freed pages
//! overwritten, commits synced, a crafted file's schema unable to call out or be rewritten,
//! and a truncated file refused with a message instead of a crash.

use super::*;

fn temp_db() -> Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let path = dir.path().join("firebreak.db");
    Ok((dir, path))
}

#[cfg(unix)]
#[test]
fn a_new_database_and_its_wal_are_readable_by_their_owner_only() -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db()?;
    let store = Store::open(&path)?;
    crate::testing::declare_in(&store, "Ransom note on fs01")?;
    for file in [path.clone(), path.with_extension("db-wal")] {
        let mode = std::fs::metadata(&file)
            .map_err(|source| Error::Io {
                context: file.display().to_string(),
                source,
            })?
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{}", file.display());
    }
    assert_eq!(crate::paths::exposure_warning(&path), None);
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_database_others_can_read_gets_a_warning() -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db()?;
    drop(Store::open(&path)?);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).map_err(|source| {
        Error::Io {
            context: "chmod".into(),
            source,
        }
    })?;
    let warning = crate::paths::exposure_warning(&path).unwrap_or_default();
    assert!(
        warning.contains("mode 644") && warning.contains("chmod 600"),
        "{warning}"
    );
    Ok(())
}

#[test]
fn connections_overwrite_freed_pages_sync_commits_and_distrust_the_schema() -> Result<()> {
    let (_dir, path) = temp_db()?;
    let store = Store::open(&path)?;
    let pragma = |c: &Connection, name: &str| -> Result<i64> {
        Ok(c.pragma_query_value(None, name, |r| r.get(0))?)
    };
    let (secure, trusted) =
        store.read(|c| Ok((pragma(c, "secure_delete")?, pragma(c, "trusted_schema")?)))?;
    assert_eq!((secure, trusted), (1, 0));
    // synchronous: 2 = FULL on the connection that commits.
    let (sync, secure) =
        store.write(|tx| Ok((pragma(tx, "synchronous")?, pragma(tx, "secure_delete")?)))?;
    assert_eq!((sync, secure), (2, 1));
    Ok(())
}

#[test]
fn crafted_sql_cannot_rewrite_the_schema() -> Result<()> {
    let (_dir, path) = temp_db()?;
    let store = Store::open(&path)?;
    let edited = store.write(|tx| {
        tx.execute_batch("PRAGMA writable_schema = ON;")?;
        Ok(tx.execute(
            "UPDATE sqlite_schema SET sql = replace(sql, 'append-only', 'editable')
             WHERE type = 'trigger'",
            [],
        )?)
    });
    assert!(
        edited.is_err(),
        "defensive mode must refuse a schema edit: {edited:?}"
    );
    Ok(())
}

#[test]
fn a_truncated_database_is_refused_with_a_message() -> Result<()> {
    let (_dir, path) = temp_db()?;
    let store = Store::open(&path)?;
    for n in 0..50 {
        crate::testing::declare_in(&store, &format!("Incident {n}"))?;
    }
    drop(store);
    let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|source| Error::Io {
            context: "open".into(),
            source,
        })?;
    // Keep the header page, cut the rest: what a copy stopped halfway leaves.
    file.set_len(len / 3).map_err(|source| Error::Io {
        context: "truncate".into(),
        source,
    })?;
    drop(file);
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    let opened = Store::open(&path).and_then(|s| crate::incident::list(&s, &Default::default()));
    let message = match opened {
        Err(e) => e.to_string(),
        Ok(list) => format!("opened and listed {} incidents", list.len()),
    };
    assert!(
        message.contains("malformed") || message.contains("not a database"),
        "{message}"
    );
    Ok(())
}
