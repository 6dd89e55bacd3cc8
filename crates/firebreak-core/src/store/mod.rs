//! The SQLite store: one writer connection (SQLite allows one writer at a time anyway) and a
//! small pool of read-only connections, so reads never queue behind a slow write in WAL mode.

mod migrations;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use migrations::{latest_version, APPLICATION_ID};

use crate::{Error, Result};

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_IDLE_READERS: usize = 4;
const PAGE_SIZE: i64 = 16 * 1024;
const READER_MMAP_BYTES: i64 = 1 << 30;

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Signs the chains each write transaction moved (crate::signing); none in tests and
    /// benchmarks that do not need it.
    signer: Option<crate::signing::Identity>,
    /// This open upgraded the database to signed chains: what was recorded before is adopted
    /// once, now, and never again (so deleting checkpoints cannot get a chain re-adopted).
    adopt: bool,
    /// The device this store's operations are recorded as: the signer's key fingerprint, or
    /// `oplog::UNSIGNED_DEVICE`.
    device: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// A database from a newer Firebreak, or a SQLite file that is not ours, is refused
    /// before anything is written to it: not even the journal mode is changed.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, None)
    }

    /// Opens like [`Store::open`] and signs with `identity`: every write transaction that
    /// moves an incident's chain ends with a signed checkpoint of what it added. When this
    /// open upgrades the database to signed chains, what was recorded before is adopted:
    /// signed as it is and marked so.
    pub fn open_signed(path: &Path, identity: crate::signing::Identity) -> Result<Store> {
        let store = Self::open_with(path, Some(identity))?;
        if let (Some(who), true) = (store.signer(), store.inner.adopt) {
            store.write(|tx| crate::signing::adopt_unsigned(tx, who))?;
        }
        Ok(store)
    }

    fn open_with(path: &Path, signer: Option<crate::signing::Identity>) -> Result<Store> {
        crate::paths::require_db_dir(path)?;
        let exists = path.exists();
        if !exists {
            create_private(path)?;
        }
        // Empty: just made, or made by an open that stopped before SQLite wrote a page.
        let fresh = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
        if !fresh {
            inspect_existing(path)?;
        }
        let mut writer = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&writer)?;
        // A committed change is evidence: FULL syncs the WAL at every commit, so a power
        // cut cannot take back what a responder saw saved (NORMAL may lose the last ones).
        writer.pragma_update(None, "synchronous", "FULL")?;
        if fresh {
            // Set before the first table exists (it cannot change in WAL mode later). Larger
            // pages mean fewer B-tree splits and page reads for timelines of a million
            // entries; an existing database keeps the size it was created with.
            writer.pragma_update(None, "page_size", PAGE_SIZE)?;
        }
        writer.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        let version_before: i64 = writer.pragma_query_value(None, "user_version", |r| r.get(0))?;
        migrations::migrations().to_latest(&mut writer)?;
        // Migrations may rewrite the schema (0009 edits a CHECK in place); nothing after
        // them may, whatever a crafted file asks for.
        defend(&writer)?;
        {
            let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
            crate::playbook::library::sync_builtins(&tx)?;
            tx.commit()?;
        }
        let device = signer.as_ref().map_or_else(
            || crate::oplog::UNSIGNED_DEVICE.to_owned(),
            crate::signing::Identity::fingerprint,
        );
        let store = Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
                signer,
                adopt: version_before < migrations::SIGNATURES_VERSION,
                device,
            }),
        };
        // Runs on every open, not only after an upgrade: this first write transaction is also
        // what finds a truncated file (reads of the missing pages can come back empty).
        store.write(|tx| crate::oplog::adopt_pending(tx, store.device()))?;
        Ok(store)
    }

    /// The device this store records operations as (see `crate::oplog`).
    pub fn device(&self) -> &str {
        &self.inner.device
    }

    /// Who records a change made through this store under the display name `name`.
    pub(crate) fn author<'a>(&'a self, name: &'a str) -> crate::oplog::Author<'a> {
        crate::oplog::Author {
            device: self.device(),
            name,
        }
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The identity this store signs with, if any.
    pub fn signer(&self) -> Option<&crate::signing::Identity> {
        self.inner.signer.as_ref()
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
    }

    /// Runs `f` on a read-only connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = lock(&self.inner.readers).pop();
        let conn = match pooled {
            Some(c) => c,
            None => self.open_reader()?,
        };
        let out = f(&conn);
        let mut idle = lock(&self.inner.readers);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        out
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, committed only if `f` succeeds.
    ///
    /// Immediate, because our writes read first (revision checks): a deferred transaction
    /// that upgrades to a write lock fails with SQLITE_BUSY that no busy timeout can fix.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match &self.inner.signer {
            Some(who) => Some((
                crate::signing::heads(&tx)?,
                crate::oplog::sign::before(&tx, who)?,
            )),
            None => None,
        };
        let out = crate::oplog::writing_as(&self.inner.device, || f(&tx))?;
        if let (Some(who), Some((chains, ops))) = (&self.inner.signer, &before) {
            crate::signing::sign_written(&tx, who, chains)?;
            crate::oplog::sign::sign_written(&tx, who, *ops)?;
        }
        tx.commit()?;
        Ok(out)
    }

    fn open_reader(&self) -> Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.inner.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        defend(&conn)?;
        // Exports and chain verification read every page of a large timeline: mapped, SQLite
        // reads them where the OS cached them instead of copying each one in a syscall.
        conn.pragma_update(None, "mmap_size", READER_MMAP_BYTES)?;
        Ok(conn)
    }
}

/// Migrates an empty scratch database (replay of the log) exactly as stored ones are.
pub(crate) fn migrate_scratch(conn: &mut Connection) -> Result<()> {
    configure(conn)?;
    migrations::migrations().to_latest(conn)?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Edited drafts and superseded text are overwritten when their pages are freed, not
    // left readable in the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // A database may come from elsewhere (a colleague, a case file): functions in its
    // schema (triggers, views, CHECKs) may not call anything with side effects.
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    Ok(())
}

/// SQLite's defensive mode: no writable_schema, no direct page edits, even by crafted SQL.
fn defend(conn: &Connection) -> Result<()> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    Ok(())
}

/// Creates an empty database file only its owner may read; SQLite gives the WAL and shared
/// memory files the same permissions.
fn create_private(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|source| Error::Io {
        context: format!("creating {}", path.display()),
        source,
    })
}

/// A poisoned lock only means another thread panicked mid-call; its transaction was rolled
/// back on unwind, so the connection is still sound.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Checks an existing file read-only before we write a single byte to it.
fn inspect_existing(path: &Path) -> Result<()> {
    let not_ours = |reason: String| Error::NotFirebreakDb {
        path: path.to_path_buf(),
        reason,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let header = |pragma: &str| -> Result<i64> {
        conn.pragma_query_value(None, pragma, |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    not_ours("it is not a SQLite database".into())
                }
                other => Error::Database(other),
            })
    };
    let app_id = header("application_id")?;
    let version = header("user_version")?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(not_ours(format!(
            "it belongs to another application (application_id {app_id:#x})"
        )));
    }
    let supported = latest_version();
    if version > supported {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    Ok(())
}

#[cfg(test)]
mod hardening_tests;
#[cfg(test)]
mod tests;
