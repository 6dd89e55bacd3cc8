//! Writing user-chosen output files so that a failure never leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::{Error, Result, Store};

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

/// Where an export of an incident goes by default: the Downloads folder (or Documents, or
/// home), named after the incident so several exports are told apart.
pub fn suggested_path(store: &Store, incident_id: Uuid, suffix: &str) -> Result<PathBuf> {
    let incident = store.read(|c| crate::incident::get_on(c, incident_id))?;
    let dir = dirs::download_dir()
        .or_else(dirs::document_dir)
        .or_else(dirs::home_dir)
        .ok_or(Error::NoDataDir)?;
    let slug: String = incident
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    Ok(dir.join(format!("firebreak-{slug}-{suffix}")))
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
/// `=`, `+`, `-`, `@`, and a leading tab or carriage return, which some spreadsheets skip.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell for a CSV meant to be opened in a spreadsheet: text that would start a formula
/// gets a leading apostrophe, which spreadsheets read as "this is text".
pub fn spreadsheet_cell(v: &str) -> std::borrow::Cow<'_, str> {
    if v.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{v}"))
    } else {
        std::borrow::Cow::Borrowed(v)
    }
}

/// Undoes [`spreadsheet_cell`] when reading back a CSV Firebreak wrote.
pub fn from_spreadsheet_cell(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        for v in ["=1+1", "+44 20 7946 0958", "-2", "@SUM(A1)", "\tx", "\r=1"] {
            let cell = spreadsheet_cell(v);
            assert!(cell.starts_with('\''), "{v:?}");
            assert_eq!(from_spreadsheet_cell(&cell), v);
        }
        for v in ["plain", "a=b", "'quoted", ""] {
            assert_eq!(spreadsheet_cell(v), v);
            assert_eq!(from_spreadsheet_cell(v), v);
        }
    }
}
