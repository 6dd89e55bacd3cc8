//! What the fuzz targets share: writing an input to a temporary file, and splitting one
//! input into a few choices and the bytes a parser reads.

use std::io::Write;
use std::path::PathBuf;

/// A temporary folder kept for the whole run (one per process, so one per fuzzing job).
pub fn scratch() -> &'static tempfile::TempDir {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap_or_else(|e| panic!("no temp dir: {e}")))
}

/// Writes `bytes` to `name` in the scratch folder (replacing the last input) and returns
/// its path. The name matters: formats are recognised from the extension too.
pub fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().path().join(name);
    let mut f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("create: {e}"));
    f.write_all(bytes).unwrap_or_else(|e| panic!("write: {e}"));
    path
}

/// The file name an input is written under, chosen by its first byte so the fuzzer can
/// reach every branch of format detection by name as well as by content.
pub fn timeline_name(selector: u8) -> &'static str {
    const NAMES: [&str; 6] = ["t.csv", "t.jsonl", "t.json", "t.tln", "t.l2ttln", "t.txt"];
    NAMES[selector as usize % NAMES.len()]
}

/// The first byte, and the rest.
pub fn split(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(a, b)| (*a, b))
}
