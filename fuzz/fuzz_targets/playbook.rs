//! Playbook TOML: parse and lint, as the library and `firebreak playbook lint` read a file.
//! Promise: no panic, no hang; a refusal is a non-empty list of diagnostics, and parse and
//! lint accept the same texts.
#![no_main]

use firebreak_core::playbook::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default();
    let parsed = parse::parse(text);
    let linted = parse::lint(text, today);
    if let Err(d) = &parsed {
        assert!(!d.is_empty(), "refused with no diagnostic");
    }
    if let Err(d) = &linted {
        assert!(!d.is_empty(), "lint refused with no diagnostic");
    }
    assert_eq!(parsed.is_ok(), linted.is_ok(), "parse and lint disagree");
});
