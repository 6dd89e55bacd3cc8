//! Timeline preview and format detection on any file: every format the import recognises
//! (Timesketch CSV/JSONL, Plaso, Hayabusa, Chainsaw, Velociraptor, EZ Tools), or one forced.
//! Promise: no panic, no hang; a refusal is a typed error; a preview keeps the format asked.
#![no_main]

use firebreak_core::timeline::{self, ImportFormat};
use firebreak_core::IpcError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((sel, body)) = firebreak_fuzz::split(data) else {
        return;
    };
    let path = firebreak_fuzz::write(firebreak_fuzz::timeline_name(sel), body);
    // The high bits force one format (as the import dialog's format menu does), or none.
    let forced = match (sel >> 3) as usize {
        0 => None,
        n => ImportFormat::ALL
            .get(n % (ImportFormat::ALL.len() + 1))
            .copied(),
    };
    let detected = timeline::detect_import_format(&path).map_err(IpcError::from);
    match timeline::preview_as(&path, forced, None) {
        Ok(p) => {
            if let Some(f) = forced {
                assert_eq!(p.format, f, "the preview changed the format asked for");
            } else if let Ok(d) = detected {
                assert_eq!(p.format, d, "preview and detect disagree");
            }
            assert!(
                p.sample.len() <= p.rows as usize,
                "more sample rows than rows"
            );
        }
        Err(e) => {
            let _ = IpcError::from(e);
        }
    }
});
