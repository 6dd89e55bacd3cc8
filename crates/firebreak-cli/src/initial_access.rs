//! `firebreak timeline initial-access`: which event was the first malicious activity.

use firebreak_core::investigation::initial_access::{self, InitialAccessState};
use firebreak_core::{incident, Error, Store};
use uuid::Uuid;

use crate::render::{print_json, print_text, Output};

pub fn command(
    store: &Store,
    incident_ref: &str,
    entry: Option<String>,
    clear: bool,
    actor: &str,
    out: &Output,
) -> Result<(), Error> {
    let id = incident::resolve_id(store, incident_ref)?;
    let state = match (entry, clear) {
        (_, true) => initial_access::clear(store, id, actor)?,
        (Some(e), false) => {
            let entry = Uuid::parse_str(e.trim()).map_err(|_| {
                Error::validation(
                    "entry",
                    format!("{e:?} is not an entry id (see timeline list --json)"),
                )
            })?;
            initial_access::mark(store, id, entry, actor)?
        }
        (None, false) => initial_access::state(store, id)?,
    };
    if out.json {
        return print_json(&state);
    }
    print_text(&text(&state))
}

fn text(s: &InitialAccessState) -> String {
    match &s.mark {
        Some(m) => format!(
            "initial access: {}  {}\n  entry {} · marked by {} at {}\n",
            m.occurred_at.to_rfc3339(),
            m.message,
            m.entry_id,
            m.marked_by,
            m.marked_at.to_rfc3339()
        ),
        None => format!("initial access: {}\n", s.missing),
    }
}
