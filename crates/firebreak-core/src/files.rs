//! Writing user-chosen output files so that a failure never leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it into place.
/// Returns the number of bytes written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<u64> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |context: String| move |source| Error::Io { context, source };
    let mut tmp = tempfile::Builder::new()
        .prefix(".firebreak-")
        .tempfile_in(&dir)
        .map_err(io(format!("creating a file in {}", dir.display())))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io(format!("writing {}", path.display())))?;
    tmp.persist(path)
        .map_err(|e| io(format!("saving {}", path.display()))(e.error))?;
    Ok(bytes.len() as u64)
}
