//! Notification facts JSON (`firebreak notify --facts`, the facts import). Promise: no
//! panic, no hang; a refusal is a typed error naming the file.
#![no_main]

use firebreak_core::notify::NotificationFacts;
use firebreak_core::IpcError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match NotificationFacts::from_json("facts.json", text) {
        Ok(f) => {
            // What the obligations are computed from must hold up too.
            let _ = firebreak_core::notify::for_facts(&f);
        }
        Err(e) => {
            let _ = IpcError::from(e);
        }
    }
});
