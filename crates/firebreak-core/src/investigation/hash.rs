//! Streaming SHA-256 of evidence files: a fixed buffer, whatever the file size, so a
//! multi-gigabyte disk image is hashed in constant memory.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::progress::{Progress, Watch};
use crate::{Error, Result};

/// Large enough that syscalls are not the bottleneck, small enough to never matter.
const BUFFER: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    pub sha256: String,
    pub size: u64,
}

/// Hashes the file at `path`, reporting progress (bytes) about every 64 MiB and stopping
/// early (with an error, nothing recorded) when the watch says so.
pub fn sha256_file(path: &Path, watch: &mut dyn Watch) -> Result<FileDigest> {
    let io = |context: String| move |source| Error::Io { context, source };
    let mut file = File::open(path).map_err(io(format!("cannot open {}", path.display())))?;
    let total = file
        .metadata()
        .map_err(io(format!("cannot read {}", path.display())))?
        .len();
    if !file
        .metadata()
        .map_err(io(format!("cannot read {}", path.display())))?
        .is_file()
    {
        return Err(Error::validation(
            "path",
            format!("{} is not a regular file", path.display()),
        ));
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BUFFER];
    let mut done: u64 = 0;
    let mut next_report: u64 = 0;
    watch.progress(Progress { done: 0, total });
    loop {
        if watch.cancelled() {
            return Err(Error::Cancelled(format!(
                "hashing {} was cancelled",
                path.display()
            )));
        }
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(format!("cannot read {}", path.display()))(e)),
        };
        hasher.update(&buf[..n]);
        done += n as u64;
        if done >= next_report {
            watch.progress(Progress {
                done,
                total: total.max(done),
            });
            next_report = done + 64 * BUFFER as u64;
        }
    }
    watch.progress(Progress {
        done,
        total: total.max(done),
    });
    Ok(FileDigest {
        sha256: hex(&hasher.finalize()),
        size: done,
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
