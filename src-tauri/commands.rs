//! IPC commands. Each is a one-line delegation to the core; rules live in `firebreak-core`.

use firebreak_core::catalog::{self, Catalog, Status};
use firebreak_core::incident::{
    self, Incident, IncidentDetail, IncidentFilter, IncidentPatch, NewIncident,
};
use firebreak_core::IpcError;
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
            })
        })
        .await
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
