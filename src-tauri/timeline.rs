//! IPC commands for the incident timeline; each delegates to `firebreak_core::timeline`.

use std::path::PathBuf;

use firebreak_core::oplog::{self, LogVerification};
use firebreak_core::signing::{self, SignatureStatus};
use firebreak_core::timeline::{
    self, export, ChainStatus, ColumnMapping, ExportFormat, ExportOptions, ExportSummary,
    HostCount, ImportFormat, ImportPreview, ImportRequest, ImportSummary, NewEvent, PhaseMark,
    Progress, TimelineEntry, TimelineFilter, TimelinePage,
};
use firebreak_core::IpcError;
use tauri::ipc::Channel;
use tauri::State;
use uuid::Uuid;

use crate::state::{AppState, JobKind, JobWatch};

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_page(
    state: State<'_, AppState>,
    incident_id: Uuid,
    filter: TimelineFilter,
) -> Result<TimelinePage, IpcError> {
    state
        .run(move |s, _| timeline::page(s, incident_id, &filter))
        .await
}

/// The host filter's suggestions: hosts containing `fragment`, with entry counts.
#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_hosts(
    state: State<'_, AppState>,
    incident_id: Uuid,
    fragment: String,
    limit: u32,
) -> Result<Vec<HostCount>, IpcError> {
    state
        .run(move |s, _| timeline::hosts(s, incident_id, &fragment, limit))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_add_event(
    state: State<'_, AppState>,
    incident_id: Uuid,
    event: NewEvent,
) -> Result<TimelineEntry, IpcError> {
    state
        .run(move |s, actor| timeline::add_event(s, incident_id, event, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_edit_event(
    state: State<'_, AppState>,
    incident_id: Uuid,
    entry_id: Uuid,
    event: NewEvent,
) -> Result<TimelineEntry, IpcError> {
    state
        .run(move |s, actor| timeline::edit_event(s, incident_id, entry_id, event, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_retract(
    state: State<'_, AppState>,
    incident_id: Uuid,
    entry_id: Uuid,
    reason: String,
) -> Result<TimelineEntry, IpcError> {
    state
        .run(move |s, actor| timeline::retract(s, incident_id, entry_id, &reason, actor))
        .await
}

/// Who signed the incident's chain, and whether every entry is covered by a signature that
/// holds (issue 17's first step: the chain is keyed).
#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_signatures(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<SignatureStatus, IpcError> {
    state.run(move |s, _| signing::verify(s, incident_id)).await
}

/// The operation log: device chains, signatures, and a replay compared with the tables
/// (within this incident's rows).
#[tauri::command(async)]
#[specta::specta]
pub async fn record_verify(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<LogVerification, IpcError> {
    state
        .run(move |s, _| oplog::verify(s, Some(incident_id)))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_verify(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<ChainStatus, IpcError> {
    state
        .run(move |s, _| timeline::verify(s, incident_id))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_phases(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<Vec<PhaseMark>, IpcError> {
    state
        .run(move |s, _| timeline::phases(s, incident_id))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_suggest_export_path(
    state: State<'_, AppState>,
    incident_id: Uuid,
    format: ExportFormat,
) -> Result<String, IpcError> {
    state
        .run(move |s, _| {
            export::suggested_path(s, incident_id, format).map(|p| p.display().to_string())
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_export(
    state: State<'_, AppState>,
    incident_id: Uuid,
    format: ExportFormat,
    path: String,
    options: ExportOptions,
    on_progress: Channel<Progress>,
) -> Result<ExportSummary, IpcError> {
    let job = state.start(JobKind::Transfer);
    let stop = job.flag.clone();
    state
        .run(move |s, _| {
            let mut watch = JobWatch::new(on_progress, &stop);
            timeline::export(
                s,
                incident_id,
                format,
                &PathBuf::from(path),
                &options,
                &mut watch,
            )
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_import_preview(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportPreview, IpcError> {
    state
        .run(move |_, _| timeline::preview(&PathBuf::from(path)))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_import(
    state: State<'_, AppState>,
    incident_id: Uuid,
    path: String,
    format: ImportFormat,
    mapping: Option<ColumnMapping>,
    skip_undated: bool,
    on_progress: Channel<Progress>,
) -> Result<ImportSummary, IpcError> {
    let job = state.start(JobKind::Transfer);
    let stop = job.flag.clone();
    state
        .run(move |s, actor| {
            let mut watch = JobWatch::new(on_progress, &stop);
            let request = ImportRequest {
                format,
                mapping,
                skip_undated,
            };
            timeline::import_with(
                s,
                incident_id,
                &PathBuf::from(path),
                &request,
                actor,
                &mut watch,
            )
        })
        .await
}

/// Stops the timeline imports and exports in progress: an import stores nothing, an export
/// writes no file. Returns how many were stopped.
#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_cancel_transfers(state: State<'_, AppState>) -> Result<u32, IpcError> {
    Ok(state.cancel(JobKind::Transfer))
}

/// Counts of the entries matching `filter` per slice of their span, for the density chart.
#[tauri::command(async)]
#[specta::specta]
pub async fn timeline_density(
    state: State<'_, AppState>,
    incident_id: Uuid,
    filter: timeline::TimelineFilter,
    buckets: u32,
) -> Result<timeline::Density, IpcError> {
    state
        .run(move |s, _| timeline::density(s, incident_id, &filter, buckets))
        .await
}
