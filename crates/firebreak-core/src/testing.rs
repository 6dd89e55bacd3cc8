//! Fixtures shared by the core's unit tests: a fresh migrated store in a temp directory.

use uuid::Uuid;

use crate::catalog::{IncidentType, Severity};
use crate::incident::{self, NewIncident};
use crate::{Error, Result, Store};

pub(crate) struct Fx {
    /// Kept alive for the test's duration; the database lives inside it.
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub incident: Uuid,
}

/// A store with one open incident of type `t`, declared by "alice".
pub(crate) fn with_incident(t: IncidentType, title: &str) -> Result<Fx> {
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let store = Store::open(&dir.path().join("t.db"))?;
    let input = NewIncident {
        title: title.into(),
        incident_type: t,
        severity: Severity::Sev2,
        detected_at: None,
        phase: None,
        commander: None,
        summary: None,
    };
    let incident = incident::declare(&store, input, "alice")?.id;
    Ok(Fx {
        dir,
        store,
        incident,
    })
}

/// Declares a SEV1 ransomware incident titled `title` in `store`, by "dana".
pub(crate) fn declare_in(store: &Store, title: &str) -> Result<Uuid> {
    let input = NewIncident {
        title: title.into(),
        incident_type: IncidentType::Ransomware,
        severity: Severity::Sev1,
        detected_at: None,
        phase: None,
        commander: None,
        summary: None,
    };
    Ok(incident::declare(store, input, "dana")?.id)
}

/// A file of `../shared/thirdparty/` (real outputs of other tools, kept beside the project
/// and never copied into it), looked for in the folders above the workspace so worktrees
/// find it too. `None`, with a note on stderr, where it is absent: tests then skip.
pub(crate) fn thirdparty(rel: &str) -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = root
        .ancestors()
        .map(|dir| dir.join("shared/thirdparty").join(rel))
        .find(|p| p.exists());
    if found.is_none() {
        eprintln!("skipped: ../shared/thirdparty/{rel} is not here");
    }
    found
}

/// A temp directory for a test's database.
pub(crate) fn tempdir() -> Result<tempfile::TempDir> {
    tempfile::tempdir().map_err(|source| Error::Io {
        context: "tempdir".into(),
        source,
    })
}

/// A store at `t.db` in `dir` that signs with a fresh key named "Dana Reyes", as the app's.
pub(crate) fn signed_store(dir: &tempfile::TempDir) -> Result<Store> {
    Store::open_signed(
        &dir.path().join("t.db"),
        crate::signing::Identity::ephemeral("Dana Reyes")?,
    )
}

/// The kinds of the operations in the log, in the order they arrived.
pub(crate) fn op_kinds(store: &Store) -> Result<Vec<String>> {
    store.read(|c| {
        let mut stmt = c.prepare("SELECT kind FROM operations ORDER BY seq")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    })
}

/// Takes the database at `path` back to schema 10, as the release before the operation log
/// wrote it: the same rows, no log, no drafts.
pub(crate) fn back_to_schema_10(path: &std::path::Path) -> Result<()> {
    rusqlite::Connection::open(path)?.execute_batch(
        "DROP TABLE op_checkpoints; DROP TABLE operations; DROP TABLE oplog_pending;
         DROP TABLE drafts; PRAGMA user_version = 10;",
    )?;
    Ok(())
}
