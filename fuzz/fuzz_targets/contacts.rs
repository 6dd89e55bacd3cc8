//! Contacts import: our CSV and vCard 2.1/3.0/4.0, each record checked as an import checks
//! it. Promise: no panic, no hang; a refusal is a typed error naming the file and line.
#![no_main]

use firebreak_core::notify::contacts::{self, ContactFormat};
use firebreak_core::IpcError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((sel, body)) = firebreak_fuzz::split(data) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let format = if sel & 1 == 0 {
        ContactFormat::Csv
    } else {
        ContactFormat::Vcard
    };
    match contacts::check_text("contacts", text, format) {
        Ok(n) => assert!(n > 0, "an accepted file with no contacts"),
        Err(e) => {
            let _ = IpcError::from(e);
        }
    }
});
