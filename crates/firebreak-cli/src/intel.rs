//! `firebreak ioc import`: indicators from a STIX 2.1 bundle or a MISP event, previewed with
//! `--dry-run` exactly as the app's import dialog shows it.

use std::path::Path;

use firebreak_core::investigation::intel::{self, IntelItem, IntelPreview};
use firebreak_core::{incident, Error, Store};

use crate::render::{print_json, print_text, Output};

pub fn import(
    store: &Store,
    incident_ref: &str,
    file: &Path,
    dry_run: bool,
    actor: &str,
    out: &Output,
) -> Result<(), Error> {
    let id = incident::resolve_id(store, incident_ref)?;
    if dry_run {
        let p = intel::preview(store, id, file)?;
        if out.json {
            return print_json(&p);
        }
        return print_text(&preview_text(&p));
    }
    let done = intel::import(store, id, file, actor)?;
    if out.json {
        return print_json(&done);
    }
    print_text(&format!(
        "imported {} from {}: {} added, {} already known (sightings merged), {} not imported\n",
        done.format.label(),
        done.file_name,
        done.added,
        done.already_known,
        done.unsupported
    ))
}

fn preview_text(p: &IntelPreview) -> String {
    let mut t = format!("{} {}", p.format.label(), p.file_name);
    if !p.title.is_empty() {
        t.push_str(&format!(" — {}", p.title));
    }
    t.push_str(&format!(
        "\n{} to add, {} already known, {} not imported (dry run: nothing stored)\n",
        p.to_add.len(),
        p.duplicates.len(),
        p.unsupported.len()
    ));
    let line = |i: &IntelItem, what: &str| {
        let unmarked = if i.tlp_marked { "" } else { " (unmarked)" };
        format!(
            "{what:<8} {:<12}  {:<16}  {}{unmarked}\n",
            i.ioc_type.code(),
            i.tlp.label(),
            i.value
        )
    };
    p.to_add.iter().for_each(|i| t.push_str(&line(i, "add")));
    p.duplicates
        .iter()
        .for_each(|i| t.push_str(&line(i, "known")));
    for s in &p.unsupported {
        t.push_str(&format!(
            "skip     {} — {} ({})\n",
            s.part, s.reason, s.source
        ));
    }
    if !p.other_objects.is_empty() {
        t.push_str(&format!("not indicators: {}\n", p.other_objects));
    }
    t
}
