//! A generic CSV or JSON Lines file with a column mapping, as the import dialog sends it.
//! Input: one line of tab-separated mapping fields (occurred_at, message, source, host,
//! account, tactics, techniques, confidence, tags, time_of_day, time_zone, naive_offset),
//! then the file. Promise: no panic, no hang; a refusal is a typed error.
#![no_main]

use firebreak_core::timeline::{self, ColumnMapping, ImportFormat};
use firebreak_core::IpcError;
use libfuzzer_sys::fuzz_target;

fn mapping(line: &str) -> ColumnMapping {
    let mut f = line.split('\t').map(|s| s.to_owned());
    let mut next = || f.next().filter(|s| !s.is_empty());
    ColumnMapping {
        occurred_at: next().unwrap_or_default(),
        message: next().unwrap_or_default(),
        source: next(),
        host: next(),
        account: next(),
        tactics: next(),
        techniques: next(),
        confidence: next(),
        tags: next(),
        time_of_day: next(),
        time_zone: next(),
        naive_offset: next(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = firebreak_fuzz::split(data) else {
        return;
    };
    let cut = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
    let Ok(line) = std::str::from_utf8(&rest[..cut]) else {
        return;
    };
    let body = rest.get(cut + 1..).unwrap_or_default();
    let (name, format) = if sel & 1 == 0 {
        ("m.csv", ImportFormat::GenericCsv)
    } else {
        ("m.jsonl", ImportFormat::GenericJsonl)
    };
    let path = firebreak_fuzz::write(name, body);
    let m = mapping(line);
    if let Err(e) = timeline::preview_as(&path, Some(format), Some(&m)) {
        let _ = IpcError::from(e);
    }
});
