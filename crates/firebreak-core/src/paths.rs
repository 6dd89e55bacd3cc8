//! Where the database lives and who is acting. Shared by the app and the CLI so both open
//! the same file by default.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Must match `identifier` in tauri.conf.json: Tauri's app-data dir is `<data dir>/<identifier>`.
pub const APP_IDENTIFIER: &str = "org.firebreak.desktop";
pub const DB_FILE_NAME: &str = "firebreak.db";
pub const DB_ENV: &str = "FIREBREAK_DB";
pub const ACTOR_ENV: &str = "FIREBREAK_ACTOR";

/// Where the database is, in order: `--db PATH`, `$FIREBREAK_DB`, the OS app-data dir.
/// Only the default location is created on demand; an explicit path whose directory is
/// missing is an error (a typo should not silently start an empty incident store).
pub fn resolve_db_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = dirs::data_dir()
        .ok_or(Error::NoDataDir)?
        .join(APP_IDENTIFIER);
    private_dir(&dir)?;
    Ok(dir.join(DB_FILE_NAME))
}

/// Makes (or keeps) Firebreak's own data folder readable by its owner only: the incident
/// file in it holds breach facts and the board's phone numbers.
fn private_dir(dir: &Path) -> Result<()> {
    let io = |source| Error::Io {
        context: format!("creating {}", dir.display()),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(io)?;
        let mode = std::fs::metadata(dir).map_err(io)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
        }
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(io)?;
    Ok(())
}

/// A warning when other accounts on this machine can read the database file (a `--db` the
/// user made elsewhere, or a file from before Firebreak made them owner-only).
pub fn exposure_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} can be read by other accounts on this machine (mode {mode:03o}); \
                 run chmod 600 on it",
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The folder a database file goes in must exist (only the default one is made on demand).
pub fn require_db_dir(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        Ok(())
    } else {
        Err(Error::MissingDbDir {
            dir: dir.to_path_buf(),
        })
    }
}

/// The name recorded in the audit trail when none is given: `$FIREBREAK_ACTOR`, else the OS
/// account name (asked of the OS, since `$USER` is often unset under sudo, cron or a
/// desktop launcher).
pub fn default_actor() -> String {
    std::env::var(ACTOR_ENV)
        .ok()
        .or_else(|| whoami::username().ok())
        .or_else(|| std::env::var("USER").ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown responder".to_owned())
}
