//! Writing user-chosen output files so that a failure never leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::{Error, Result, Store};

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it into place.
/// Returns the number of bytes written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<u64> {
    let tmp = written_beside(path, bytes)?;
    tmp.persist(path).map_err(|e| Error::Io {
        context: format!("saving {}", path.display()),
        source: e.error,
    })?;
    Ok(bytes.len() as u64)
}

/// `bytes` in a synced temporary file in `path`'s folder, ready to be renamed into place.
fn written_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
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
    Ok(tmp)
}

/// Where a path really points: symlinks resolved, and for a file not yet there, its folder
/// resolved and its name kept.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// Whether two existing paths are one file (a hard link has another name).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses an output path that is the open database, its `-wal`, `-shm` or `-journal`, or
/// a registered evidence file: an export must never overwrite the record it came from, or
/// the evidence, whatever path it was given (a typo, or a script in the window).
pub fn check_output(store: &Store, path: &Path) -> Result<()> {
    let target = resolved(path);
    let db = resolved(store.path());
    let mut protected: Vec<(PathBuf, String)> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            (
                PathBuf::from(name),
                "the open Firebreak database".to_owned(),
            )
        })
        .collect();
    let evidence: Vec<(String, String)> = store.read(|c| {
        let mut stmt = c.prepare_cached(
            "SELECT path, label FROM evidence WHERE kind = 'file' AND path != ''",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    protected.extend(
        evidence
            .into_iter()
            .map(|(p, label)| (resolved(Path::new(&p)), format!("evidence \"{label}\""))),
    );
    for (p, what) in protected {
        if p == target || same_file(&p, &target) {
            return Err(Error::validation(
                "path",
                format!(
                    "{} is {what}; an export must not overwrite it — choose another file",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// [`write_atomic`] to a path [`check_output`] allows.
pub fn save(store: &Store, path: &Path, bytes: &[u8]) -> Result<u64> {
    check_output(store, path)?;
    write_atomic(path, bytes)
}

/// Like [`write_atomic`], but refuses to replace a file that already exists (checked by the
/// rename itself, so a file appearing meanwhile is not overwritten either).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<u64> {
    let tmp = written_beside(path, bytes)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(bytes.len() as u64),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(Error::Conflict(format!(
                "{} already exists; nothing was written (use --force to replace it)",
                path.display()
            )))
        }
        Err(e) => Err(Error::Io {
            context: format!("saving {}", path.display()),
            source: e.error,
        }),
    }
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

/// The largest files read whole into memory (streamed inputs such as timelines and
/// evidence have per-record limits instead). A hostile or mistaken file is refused with a
/// clear message before it is read, not after it has filled the memory.
pub mod caps {
    /// A stakeholder directory (CSV or vCard; vCards may carry photos).
    pub const CONTACTS: u64 = 32 << 20;
    /// A playbook TOML file (the built-ins are under 40 KB).
    pub const PLAYBOOK: u64 = 1 << 20;
    /// Notification facts JSON.
    pub const FACTS: u64 = 1 << 20;
    /// Text to extract indicators from (a pasted or saved threat report).
    pub const EXTRACT_TEXT: u64 = 16 << 20;
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// What to say about text or a file over its cap.
pub fn too_large_message(what: &str, bytes: u64, cap: u64) -> String {
    format!(
        "the {what} is {}; the limit is {} (is this the right file?)",
        size_text(bytes),
        size_text(cap)
    )
}

/// The error for text or a file over its cap.
pub fn too_large(what: &str, bytes: u64, cap: u64) -> Error {
    Error::validation("file", too_large_message(what, bytes, cap))
}

/// Reads a whole file of at most `cap` bytes; a larger one is refused before it is read.
/// Reading is bounded too, so a file that grows while being read cannot pass the cap.
pub fn read_capped(path: &Path, cap: u64, what: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io {
        context: format!("reading {}", path.display()),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > cap {
        return Err(too_large(what, len, cap));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(what, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// [`read_capped`] as UTF-8 text.
pub fn read_text_capped(path: &Path, cap: u64, what: &str) -> Result<String> {
    String::from_utf8(read_capped(path, cap, what)?).map_err(|e| Error::Io {
        context: format!("reading {}", path.display()),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
/// `=`, `+`, `-`, `@`, and a leading tab or carriage return, which some spreadsheets skip.
pub(crate) const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

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
    fn a_file_over_its_cap_is_refused_with_its_size() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            context: "temp dir".into(),
            source,
        })?;
        let path = dir.path().join("big.vcf");
        write_atomic(&path, &vec![b'x'; 3 << 20])?;
        let err = read_capped(&path, 2 << 20, "contacts file").err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            msg,
            "file: the contacts file is 3.0 MB; the limit is 2.0 MB (is this the right file?)"
        );
        assert_eq!(read_capped(&path, 3 << 20, "x")?.len(), 3 << 20);
        Ok(())
    }

    #[test]
    fn write_new_never_replaces_a_file() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            context: "temp dir".into(),
            source,
        })?;
        let path = dir.path().join("people.vcf");
        write_new(&path, b"first")?;
        assert!(matches!(
            write_new(&path, b"second"),
            Err(Error::Conflict(_))
        ));
        let kept = std::fs::read(&path).map_err(|source| Error::Io {
            context: "reading".into(),
            source,
        })?;
        assert_eq!(kept, b"first");
        let leftovers = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        Ok(())
    }

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
