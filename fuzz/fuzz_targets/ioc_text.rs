//! Indicators from pasted text: refanging, extraction, and detecting one value's type.
//! Promise: no panic, no hang; every extracted indicator is one the single-value parser
//! accepts as the same type.
#![no_main]

use firebreak_core::investigation::ioc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = ioc::refang(text);
    let _ = ioc::detect(text);
    for p in ioc::extract(text) {
        match ioc::parse_as(p.ioc_type, &p.value) {
            Ok(again) => assert_eq!(again.ioc_type, p.ioc_type),
            Err(e) => panic!("extracted {:?} {:?} is refused: {e}", p.ioc_type, p.value),
        }
    }
});
