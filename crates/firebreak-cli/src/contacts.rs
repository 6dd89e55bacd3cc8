//! `firebreak contacts import|export`: the stakeholder directory as files, testable
//! without a window.

use firebreak_core::notify::contacts;
use firebreak_core::{Error, Store};

use crate::args::ContactsCommand;
use crate::render::{print_json, print_text, Output};

pub fn command(
    store: &Store,
    cmd: ContactsCommand,
    actor: &str,
    out: &Output,
) -> Result<(), Error> {
    match cmd {
        ContactsCommand::Import { file, dry_run } => {
            let summary = contacts::import_with(store, &file, dry_run, actor)?;
            if out.json {
                return print_json(&summary);
            }
            let verb = if dry_run { "would add" } else { "added" };
            let updated = if dry_run { "would update" } else { "updated" };
            let tail = if dry_run {
                " (dry run: nothing was changed)"
            } else {
                ""
            };
            print_text(&format!(
                "{}: {verb} {}, {updated} {}{tail}\n",
                file.display(),
                summary.added,
                summary.updated
            ))
        }
        ContactsCommand::Export { output, force } => {
            let saved = contacts::export_with(store, &output, force)?;
            if out.json {
                return print_json(&saved);
            }
            print_text(&format!(
                "wrote {} ({} people, {} bytes)\n",
                saved.path, saved.items, saved.bytes
            ))
        }
    }
}
