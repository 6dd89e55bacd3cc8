//! The Firebreak desktop shell: window, state and thin IPC commands over `firebreak-core`.

mod commands;
mod guard;
mod investigation;
mod messages;
mod notify;
mod state;
mod timeline;

use std::path::PathBuf;

use state::AppState;
use tauri_specta::{collect_commands, Builder};

/// The typed command set; also the source of `ui/src/lib/bindings.ts`.
pub fn specta_builder() -> Builder<tauri::Wry> {
    // One TypeScript type per Rust type: our structs are either inputs or outputs, never both.
    Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .commands(collect_commands![
            commands::app_info,
            commands::drafts_all,
            commands::draft_put,
            commands::draft_clear,
            commands::catalog,
            commands::declare_incident,
            commands::list_incidents,
            commands::get_incident,
            commands::incident_glance,
            commands::edit_incident,
            commands::close_incident,
            commands::reopen_incident,
            commands::list_playbooks,
            commands::get_playbook,
            commands::search_playbooks,
            commands::lint_playbook,
            commands::import_playbook,
            commands::incident_runs,
            commands::start_run,
            commands::update_step,
            commands::set_facts,
            timeline::timeline_page,
            timeline::timeline_add_event,
            timeline::timeline_edit_event,
            timeline::timeline_retract,
            timeline::timeline_verify,
            timeline::timeline_signatures,
            timeline::record_verify,
            timeline::timeline_phases,
            timeline::timeline_density,
            timeline::timeline_hosts,
            timeline::timeline_suggest_export_path,
            timeline::timeline_export,
            timeline::timeline_import_preview,
            timeline::timeline_import,
            timeline::timeline_cancel_transfers,
            notify::notify_catalog,
            notify::notify_view,
            notify::notify_set_facts,
            notify::notify_decide,
            notify::notify_suggest_ics_path,
            notify::notify_export_ics,
            notify::notify_upcoming,
            notify::org_profile_get,
            notify::org_profile_set,
            notify::reminders_get,
            notify::reminders_set,
            messages::stakeholders_list,
            messages::stakeholder_save,
            messages::stakeholder_archive,
            messages::stakeholders_import,
            messages::stakeholders_export,
            messages::templates_list,
            messages::template_save,
            messages::message_render,
            messages::messages_list,
            messages::message_save_draft,
            messages::message_mark_sent,
            messages::message_export_eml,
            investigation::investigation_catalog,
            investigation::investigation_workspace,
            investigation::investigation_suggest_path,
            investigation::evidence_add,
            investigation::evidence_custody,
            investigation::evidence_verify,
            investigation::evidence_cancel_hashing,
            investigation::indicators_add,
            investigation::indicators_extract,
            investigation::indicators_export,
            investigation::indicators_import_preview,
            investigation::indicators_import,
            investigation::initial_access_state,
            investigation::initial_access_mark,
            investigation::initial_access_clear,
            investigation::asset_add,
            investigation::asset_update,
            investigation::finding_add,
            investigation::hypothesis_add,
            investigation::hypothesis_set,
            investigation::root_cause_set,
            investigation::action_item_add,
            investigation::action_item_set,
            investigation::link_add,
            investigation::report_document,
            investigation::report_export,
        ])
}

/// Where generated bindings live, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

pub fn bindings_typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .header("// Generated from the Rust command and type definitions by tauri-specta.\n// Do not edit: run `FIREBREAK_UPDATE_BINDINGS=1 cargo test -p firebreak-app bindings`.\n")
}

pub fn run() {
    let builder = specta_builder();
    let state = AppState::new(
        db_arg(std::env::args()),
        firebreak_core::paths::default_actor(),
    );
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(guard::plugin())
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(e) = result {
        eprintln!("firebreak: the window could not be started: {e}");
        std::process::exit(1);
    }
}

/// `--db PATH` or `--db=PATH`; `FIREBREAK_DB` and the default are handled by the core.
fn db_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> impl Iterator<Item = String> {
        v.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn db_option_is_read_in_both_spellings() {
        assert_eq!(
            db_arg(args(&["app", "--db", "/tmp/a.db"])),
            Some(PathBuf::from("/tmp/a.db"))
        );
        assert_eq!(
            db_arg(args(&["app", "--db=/tmp/b.db"])),
            Some(PathBuf::from("/tmp/b.db"))
        );
        assert_eq!(db_arg(args(&["app"])), None);
    }

    /// Fails when the committed TypeScript bindings no longer match the Rust types.
    #[test]
    fn bindings_are_fresh() -> Result<(), Box<dyn std::error::Error>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let committed_path = root.join(BINDINGS_PATH);
        let dir = tempfile::tempdir()?;
        let fresh_path = dir.path().join("bindings.ts");
        specta_builder().export(bindings_typescript(), &fresh_path)?;
        let fresh = std::fs::read_to_string(&fresh_path)?;
        if std::env::var_os("FIREBREAK_UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh)?;
            return Ok(());
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{BINDINGS_PATH} is stale: run `FIREBREAK_UPDATE_BINDINGS=1 cargo test -p firebreak-app bindings` and commit it"
        );
        Ok(())
    }
}
