// Declaring the app's commands makes Tauri generate an allow-permission per command, so the
// window's capability (tauri.conf.json) can grant exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "app_info",
    "catalog",
    "declare_incident",
    "list_incidents",
    "get_incident",
    "edit_incident",
    "close_incident",
    "reopen_incident",
    "list_playbooks",
    "get_playbook",
    "search_playbooks",
    "lint_playbook",
    "import_playbook",
    "incident_runs",
    "start_run",
    "update_step",
    "set_facts",
    "timeline_page",
    "timeline_add_event",
    "timeline_edit_event",
    "timeline_retract",
    "timeline_verify",
    "timeline_phases",
    "timeline_suggest_export_path",
    "timeline_export",
    "timeline_import_preview",
    "timeline_import",
    "notify_catalog",
    "notify_view",
    "notify_set_facts",
    "notify_decide",
    "notify_suggest_ics_path",
    "notify_export_ics",
    "notify_upcoming",
    "org_profile_get",
    "org_profile_set",
    "reminders_get",
    "reminders_set",
    "stakeholders_list",
    "stakeholder_save",
    "stakeholder_archive",
    "stakeholders_import",
    "stakeholders_export",
    "templates_list",
    "template_save",
    "message_render",
    "messages_list",
    "message_save_draft",
    "message_mark_sent",
    "message_export_eml",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        println!("cargo::error={e:#}");
    }
}
