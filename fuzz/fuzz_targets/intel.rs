//! STIX 2.1 bundles and MISP events: reading the JSON and checking each indicator, as the
//! intelligence preview does before it asks the store. Promise: no panic, no hang; a
//! refusal is a typed error; every indicator kept is valid for its type.
#![no_main]

use firebreak_core::investigation::{intel, ioc};
use firebreak_core::IpcError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match intel::check_bytes(data) {
        Ok((_, items, _)) => {
            for i in items {
                assert!(
                    ioc::parse_as(i.ioc_type, &i.value).is_ok(),
                    "kept an invalid {:?} {:?}",
                    i.ioc_type,
                    i.value
                );
            }
        }
        Err(e) => {
            let _ = IpcError::from(e);
        }
    }
});
