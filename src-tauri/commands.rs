//! IPC commands. Each is a one-line delegation to the core; rules live in `firebreak-core`.

use firebreak_core::catalog::{self, Catalog, Status};
use firebreak_core::drafts::{self, Draft};
use firebreak_core::glance::{self, Glance};
use firebreak_core::incident::{
    self, Incident, IncidentDetail, IncidentFilter, IncidentPatch, NewIncident,
};
use firebreak_core::playbook::{
    self, library, Diagnostic, ImportOutcome, Playbook, PlaybookSummary, SearchHit,
};
use firebreak_core::run::{self, FactChange, FactsOutcome, IncidentRuns, RunView, StepUpdate};
use firebreak_core::{paths, IpcError};
use serde::Serialize;
use specta::Type;
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: u32,
    /// The name written into the audit trail for changes made in this window.
    pub actor: String,
    /// The device key every change is signed with: its fingerprint, to read out to a
    /// colleague who checks a signature (docs/timeline.md, "Signatures").
    pub key_fingerprint: Option<String>,
    /// Set when other accounts on this machine can read the database file.
    pub db_warning: Option<String>,
}

#[tauri::command(async)]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    state
        .run(|store, actor| {
            Ok(AppInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                db_path: store.path().display().to_string(),
                schema_version: u32::try_from(store.schema_version()?).unwrap_or(u32::MAX),
                actor: actor.to_owned(),
                key_fingerprint: store.signer().map(|k| k.fingerprint()),
                db_warning: paths::exposure_warning(store.path()),
            })
        })
        .await
}

/// Every unsaved form's contents, read once when the window starts.
#[tauri::command(async)]
#[specta::specta]
pub async fn drafts_all(state: State<'_, AppState>) -> Result<Vec<Draft>, IpcError> {
    state.run(|s, _| drafts::all(s)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn draft_put(
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> Result<(), IpcError> {
    state.run(move |s, _| drafts::put(s, &key, &value)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn draft_clear(state: State<'_, AppState>, key: String) -> Result<(), IpcError> {
    state.run(move |s, _| drafts::clear(s, &key)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn catalog() -> Result<Catalog, IpcError> {
    Ok(catalog::catalog())
}

#[tauri::command(async)]
#[specta::specta]
pub async fn declare_incident(
    state: State<'_, AppState>,
    input: NewIncident,
) -> Result<Incident, IpcError> {
    state
        .run(move |s, actor| incident::declare(s, input, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn list_incidents(
    state: State<'_, AppState>,
    filter: IncidentFilter,
) -> Result<Vec<Incident>, IpcError> {
    state.run(move |s, _| incident::list(s, &filter)).await
}

/// What is overdue, what is next and how far the response has got, as of now.
#[tauri::command(async)]
#[specta::specta]
pub async fn incident_glance(state: State<'_, AppState>, id: Uuid) -> Result<Glance, IpcError> {
    state.run(move |s, _| glance::current(s, id)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn get_incident(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<IncidentDetail, IpcError> {
    state.run(move |s, _| incident::show(s, id)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn edit_incident(
    state: State<'_, AppState>,
    id: Uuid,
    patch: IncidentPatch,
) -> Result<Incident, IpcError> {
    state
        .run(move |s, actor| incident::edit(s, id, patch, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn close_incident(
    state: State<'_, AppState>,
    id: Uuid,
    expected_revision: Option<u32>,
) -> Result<Incident, IpcError> {
    state
        .run(move |s, actor| incident::set_status(s, id, Status::Closed, expected_revision, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn reopen_incident(
    state: State<'_, AppState>,
    id: Uuid,
    expected_revision: Option<u32>,
) -> Result<Incident, IpcError> {
    state
        .run(move |s, actor| incident::set_status(s, id, Status::Open, expected_revision, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn list_playbooks(state: State<'_, AppState>) -> Result<Vec<PlaybookSummary>, IpcError> {
    state.run(|s, _| library::list(s)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn get_playbook(
    state: State<'_, AppState>,
    id: String,
    version: Option<u32>,
) -> Result<Playbook, IpcError> {
    state.run(move |s, _| library::get(s, &id, version)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn search_playbooks(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Result<Vec<SearchHit>, IpcError> {
    state
        .run(move |s, _| playbook::search(s, &query, limit))
        .await
}

/// Checks a playbook file's text without storing anything; empty when it is clean.
#[tauri::command(async)]
#[specta::specta]
pub async fn lint_playbook(content: String) -> Result<Vec<Diagnostic>, IpcError> {
    crate::state::off_runtime(move || {
        Ok(playbook::parse::parse(&content).err().unwrap_or_default())
    })
    .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn import_playbook(
    state: State<'_, AppState>,
    file_name: String,
    content: String,
) -> Result<ImportOutcome, IpcError> {
    state
        .run(move |s, _| playbook::import(s, &file_name, &content))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn incident_runs(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<IncidentRuns, IpcError> {
    state.run(move |s, _| run::overview(s, incident_id)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn start_run(
    state: State<'_, AppState>,
    incident_id: Uuid,
    playbook_id: String,
) -> Result<RunView, IpcError> {
    state
        .run(move |s, actor| run::start(s, incident_id, &playbook_id, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn update_step(
    state: State<'_, AppState>,
    incident_id: Uuid,
    playbook_id: String,
    step_id: String,
    update: StepUpdate,
) -> Result<RunView, IpcError> {
    state
        .run(move |s, actor| {
            run::update_step(s, incident_id, Some(&playbook_id), &step_id, update, actor)
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn set_facts(
    state: State<'_, AppState>,
    incident_id: Uuid,
    changes: Vec<FactChange>,
) -> Result<FactsOutcome, IpcError> {
    state
        .run(move |s, actor| run::set_facts(s, incident_id, &changes, actor))
        .await
}
