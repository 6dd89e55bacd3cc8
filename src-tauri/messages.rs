//! IPC commands for the stakeholder directory and messages; each delegates to
//! `firebreak_core::notify::{directory, contacts, messages}`.

use std::path::PathBuf;

use firebreak_core::notify::contacts::{self, ContactImport};
use firebreak_core::notify::directory::{self, Stakeholder, StakeholderInput};
use firebreak_core::notify::messages::{
    self, DraftInput, Message, Rendered, Template, TemplateInput,
};
use firebreak_core::notify::SavedFile;
use firebreak_core::IpcError;
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub async fn stakeholders_list(state: State<'_, AppState>) -> Result<Vec<Stakeholder>, IpcError> {
    state.run(|s, _| directory::list(s)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn stakeholder_save(
    state: State<'_, AppState>,
    id: Option<Uuid>,
    input: StakeholderInput,
) -> Result<Stakeholder, IpcError> {
    state
        .run(move |s, actor| directory::save(s, id, &input, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn stakeholder_archive(state: State<'_, AppState>, id: Uuid) -> Result<(), IpcError> {
    state
        .run(move |s, actor| directory::archive(s, id, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn stakeholders_import(
    state: State<'_, AppState>,
    path: String,
) -> Result<ContactImport, IpcError> {
    state
        .run(move |s, actor| contacts::import(s, &PathBuf::from(path), actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn stakeholders_export(
    state: State<'_, AppState>,
    path: String,
) -> Result<SavedFile, IpcError> {
    state
        .run(move |s, _| contacts::export(s, &PathBuf::from(path)))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn templates_list(state: State<'_, AppState>) -> Result<Vec<Template>, IpcError> {
    state.run(|s, _| messages::templates(s)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn template_save(
    state: State<'_, AppState>,
    input: TemplateInput,
) -> Result<Template, IpcError> {
    state
        .run(move |s, actor| messages::save_template(s, &input, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn message_render(
    state: State<'_, AppState>,
    incident_id: Uuid,
    template_id: String,
    rule_id: Option<String>,
) -> Result<Rendered, IpcError> {
    state
        .run(move |s, actor| {
            messages::render(s, incident_id, &template_id, rule_id.as_deref(), actor)
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn messages_list(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<Vec<Message>, IpcError> {
    state.run(move |s, _| messages::list(s, incident_id)).await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn message_save_draft(
    state: State<'_, AppState>,
    incident_id: Uuid,
    draft: DraftInput,
) -> Result<Message, IpcError> {
    state
        .run(move |s, actor| messages::save_draft(s, incident_id, &draft, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn message_mark_sent(
    state: State<'_, AppState>,
    incident_id: Uuid,
    message_id: Uuid,
    sent_at: Option<String>,
) -> Result<Message, IpcError> {
    state
        .run(move |s, actor| {
            messages::mark_sent(s, incident_id, message_id, sent_at.as_deref(), actor)
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn message_export_eml(
    state: State<'_, AppState>,
    incident_id: Uuid,
    message_id: Uuid,
    path: String,
) -> Result<SavedFile, IpcError> {
    state
        .run(move |s, _| messages::export_eml(s, incident_id, message_id, &PathBuf::from(path)))
        .await
}
