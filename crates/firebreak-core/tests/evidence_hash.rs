//! Hashing evidence larger than 1 GiB in constant memory, with the same digest as
//! coreutils' sha256sum. Its own test binary, so the process's peak memory is ours alone.

use std::io::{Seek, SeekFrom, Write};
use std::process::Command;

use firebreak_core::investigation::hash::sha256_file;
use firebreak_core::progress::{Progress, Watch};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Peak resident memory of this process so far (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn a_sparse_file_over_1_gib_hashes_in_flat_memory_like_sha256sum() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("disk.img");
    let size: u64 = (1 << 30) + 12_345;
    let mut f = std::fs::File::create(&path)?;
    f.set_len(size)?;
    // Data at the start, in the middle and in the last partial buffer, so a reader that
    // skips or truncates any of them gets a different digest.
    for (at, bytes) in [
        (0, &b"MBR!"[..]),
        (size / 2, b"middle"),
        (size - 5, b"tail!"),
    ] {
        f.seek(SeekFrom::Start(at))?;
        f.write_all(bytes)?;
    }
    f.sync_all()?;
    drop(f);

    let before = peak_rss_kib();
    let mut last = 0;
    let mut calls = 0;
    let mut progress = |Progress { done, total }| {
        assert!(
            done >= last && total == size,
            "progress went backwards or total is wrong"
        );
        last = done;
        calls += 1;
    };
    let digest = sha256_file(&path, &mut progress)?;
    let after = peak_rss_kib();
    assert_eq!(digest.size, size);
    assert_eq!(last, size);
    assert!(
        calls >= 3,
        "progress should be reported along the way, got {calls} calls"
    );

    if let (Some(b), Some(a)) = (before, after) {
        let grew_mib = a.saturating_sub(b) / 1024;
        assert!(
            grew_mib < 16,
            "peak memory grew by {grew_mib} MiB while hashing 1 GiB"
        );
    }

    let out = Command::new("sha256sum").arg(&path).output()?;
    assert!(out.status.success(), "sha256sum failed");
    let theirs = String::from_utf8(out.stdout)?;
    assert_eq!(
        theirs.split_whitespace().next(),
        Some(digest.sha256.as_str())
    );
    Ok(())
}

#[test]
fn a_cancelled_hash_stops_with_an_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("x.bin");
    std::fs::write(&path, vec![7u8; 4 << 20])?;
    struct Stopped;
    impl Watch for Stopped {
        fn progress(&mut self, _: Progress) {}
        fn cancelled(&self) -> bool {
            true
        }
    }
    let result = sha256_file(&path, &mut Stopped);
    assert!(result.is_err_and(|e| e.to_string().contains("cancelled")));
    Ok(())
}
