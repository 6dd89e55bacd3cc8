//! The schema, as an append-only list of migrations. Never edit a migration that has shipped:
//! add a new one. `PRAGMA user_version` records how many have run.

use rusqlite_migration::{Migrations, M};

/// Marks our files so a stranger's SQLite database is never migrated into ('FRBK').
pub const APPLICATION_ID: i64 = 0x4652_424B;

const MIGRATION_SLICE: &[M<'static>] = &[
    M::up(include_str!("sql/0001_incidents.sql")),
    M::up(include_str!("sql/0002_playbooks.sql")),
    M::up(include_str!("sql/0003_runs.sql")),
];

pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_SLICE);

/// The newest schema version this build understands.
pub fn latest_version() -> i64 {
    MIGRATION_SLICE.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() -> Result<(), rusqlite_migration::Error> {
        MIGRATIONS.validate()
    }
}
