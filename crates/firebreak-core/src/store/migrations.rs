//! The schema, as an append-only list of migrations. Never edit a migration that has shipped:
//! add a new one. `PRAGMA user_version` records how many have run.

use rusqlite_migration::{HookError, Migrations, M};

/// Marks our files so a stranger's SQLite database is never migrated into ('FRBK').
pub const APPLICATION_ID: i64 = 0x4652_424B;

fn list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("sql/0001_incidents.sql")),
        M::up(include_str!("sql/0002_playbooks.sql")),
        M::up(include_str!("sql/0003_runs.sql")),
        // The audit table moves into the hash-chained timeline; hashes need Rust (SHA-256).
        M::up_with_hook(
            include_str!("sql/0004_timeline.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                crate::timeline::rechain_migrated(tx).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("sql/0005_timeline_indexes.sql")),
        M::up(include_str!("sql/0006_notifications.sql")),
        M::up(include_str!("sql/0007_investigation.sql")),
        // Converting ids, times and hashes to compact columns needs Rust (see the SQL).
        M::up_with_hook(
            include_str!("sql/0008_timeline_compact.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                crate::timeline::compact_migrated(tx).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        // Edits a CHECK in place; the hook makes every connection see it (see the SQL).
        M::up_with_hook(
            include_str!("sql/0009_timeline_kind_check.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                crate::timeline::kind_check_edited(tx).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("sql/0010_signatures.sql")),
        M::up(include_str!("sql/0011_operations.sql")),
        M::up(include_str!("sql/0012_drafts.sql")),
    ]
}

/// The schema version that added signed checkpoints (sql/0010_signatures.sql).
pub const SIGNATURES_VERSION: i64 = 10;

/// The schema version that added the operation log (sql/0011_operations.sql).
#[allow(dead_code, reason = "named by the test that pins it")]
pub const OPERATIONS_VERSION: i64 = 11;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(list())
}

/// The newest schema version this build understands.
pub fn latest_version() -> i64 {
    list().len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() -> Result<(), rusqlite_migration::Error> {
        migrations().validate()
    }

    #[test]
    fn the_signatures_migration_is_where_its_version_says() {
        let signatures = usize::try_from(SIGNATURES_VERSION - 1).unwrap_or(usize::MAX);
        assert!(format!("{:?}", list().get(signatures)).contains("CREATE TABLE chain_checkpoints"));
    }

    #[test]
    fn the_operations_migration_is_where_its_version_says() {
        let ops = usize::try_from(OPERATIONS_VERSION - 1).unwrap_or(usize::MAX);
        assert!(format!("{:?}", list().get(ops)).contains("CREATE TABLE operations"));
    }
}
