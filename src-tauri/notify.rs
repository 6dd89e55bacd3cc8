//! IPC commands for notification obligations and settings; each delegates to
//! `firebreak_core::notify`.

use std::path::PathBuf;

use firebreak_core::notify::{
    self, DecisionInput, NotificationFacts, NotifyCatalog, ObligationsView, OrgProfile, Reminders,
    SavedFile, UpcomingDeadline,
};
use firebreak_core::{files, IpcError};
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_catalog() -> Result<NotifyCatalog, IpcError> {
    Ok(notify::catalog())
}

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_view(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<ObligationsView, IpcError> {
    state.run(move |s, _| notify::view(s, incident_id)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_set_facts(
    state: State<'_, AppState>,
    incident_id: Uuid,
    facts: NotificationFacts,
) -> Result<ObligationsView, IpcError> {
    state
        .run(move |s, actor| notify::set_facts(s, incident_id, &facts, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_decide(
    state: State<'_, AppState>,
    incident_id: Uuid,
    decision: DecisionInput,
) -> Result<ObligationsView, IpcError> {
    state
        .run(move |s, actor| notify::decide(s, incident_id, &decision, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_suggest_ics_path(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<String, IpcError> {
    state
        .run(move |s, _| {
            files::suggested_path(s, incident_id, "deadlines.ics").map(|p| p.display().to_string())
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_export_ics(
    state: State<'_, AppState>,
    incident_id: Uuid,
    path: String,
) -> Result<SavedFile, IpcError> {
    state
        .run(move |s, _| notify::export_ics(s, incident_id, &PathBuf::from(path)))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn notify_upcoming(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<UpcomingDeadline>, IpcError> {
    state.run(move |s, _| notify::upcoming(s, limit)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn org_profile_get(state: State<'_, AppState>) -> Result<OrgProfile, IpcError> {
    state.run(|s, _| notify::org_profile(s)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn org_profile_set(
    state: State<'_, AppState>,
    profile: OrgProfile,
) -> Result<OrgProfile, IpcError> {
    state
        .run(move |s, actor| notify::set_org_profile(s, &profile, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn reminders_get(state: State<'_, AppState>) -> Result<Reminders, IpcError> {
    state.run(|s, _| notify::reminders(s)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn reminders_set(
    state: State<'_, AppState>,
    reminders: Reminders,
) -> Result<Reminders, IpcError> {
    state
        .run(move |s, actor| notify::set_reminders(s, &reminders, actor))
        .await
}
