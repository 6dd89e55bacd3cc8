//! Imports any file into one store kept for the whole run, as the format detection and the
//! preview's suggested mapping would have it. Promise: no panic, no hang; all or nothing
//! (a refused import adds no entry; an accepted one adds at least every row it counts as
//! imported), and the incident's hash chain still verifies after either.
#![no_main]

use std::cell::RefCell;

use firebreak_core::catalog::{IncidentType, Severity};
use firebreak_core::incident::{self, NewIncident};
use firebreak_core::timeline::{self, ChainStatus, ImportFormat, ImportRequest, TimelineFilter};
use firebreak_core::{IpcError, Store};
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

struct Fx {
    store: Store,
    incident: Uuid,
    runs: u64,
}

thread_local! {
    static FX: RefCell<Option<Fx>> = const { RefCell::new(None) };
}

fn fixture() -> Fx {
    let path = firebreak_fuzz::scratch().path().join("fuzz.db");
    let store = Store::open(&path).unwrap_or_else(|e| panic!("store: {e}"));
    let input = NewIncident {
        title: "fuzz".into(),
        incident_type: IncidentType::Ransomware,
        severity: Severity::Sev2,
        detected_at: None,
        phase: None,
        commander: None,
        summary: None,
    };
    let incident = incident::declare(&store, input, "fuzz")
        .unwrap_or_else(|e| panic!("incident: {e}"))
        .id;
    Fx {
        store,
        incident,
        runs: 0,
    }
}

fn entries(fx: &Fx) -> u32 {
    let filter = TimelineFilter {
        include_history: true,
        limit: Some(1),
        ..TimelineFilter::default()
    };
    timeline::page(&fx.store, fx.incident, &filter)
        .unwrap_or_else(|e| panic!("count: {e}"))
        .total
}

fn intact(fx: &Fx) {
    match timeline::verify(&fx.store, fx.incident) {
        Ok(ChainStatus::Intact { .. }) => {}
        other => panic!("the chain no longer verifies: {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((sel, body)) = firebreak_fuzz::split(data) else {
        return;
    };
    let path = firebreak_fuzz::write(firebreak_fuzz::timeline_name(sel), body);
    let Ok(preview) = timeline::preview(&path) else {
        return;
    };
    let generic = matches!(
        preview.format,
        ImportFormat::GenericCsv | ImportFormat::GenericJsonl
    );
    let request = ImportRequest {
        format: preview.format,
        mapping: generic.then(|| preview.suggested.clone()),
        skip_undated: sel & 0x80 != 0,
    };
    FX.with(|cell| {
        let mut slot = cell.borrow_mut();
        let fx = slot.get_or_insert_with(fixture);
        fx.runs += 1;
        let before = entries(fx);
        let result =
            timeline::import_with(&fx.store, fx.incident, &path, &request, "fuzz", &mut |_| {});
        let after = entries(fx);
        match result {
            Ok(s) => {
                assert!(
                    after >= before + s.imported,
                    "imported {} but the timeline grew by {}",
                    s.imported,
                    after - before
                );
                intact(fx);
            }
            Err(e) => {
                assert_eq!(after, before, "a refused import left entries: {e}");
                let _ = IpcError::from(e);
                // Verifying reads the whole chain; after a refusal once in a while is enough.
                if fx.runs % 256 == 0 {
                    intact(fx);
                }
            }
        }
    });
});
