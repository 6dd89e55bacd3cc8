//! IPC commands for the investigation workspace and reports; each delegates to
//! `firebreak_core::investigation` or `firebreak_core::report`.

use std::path::PathBuf;

use firebreak_core::investigation::indicators::IocExportFormat;
use firebreak_core::investigation::initial_access::{self, InitialAccessState};
use firebreak_core::investigation::intel::{self, IntelImported, IntelPreview};
use firebreak_core::investigation::vocab::{
    self, ActionStatus, HypothesisStatus, InvestigationCatalog,
};
use firebreak_core::investigation::{
    self as inv, assets, evidence, indicators, links, rootcause, ActionItem, ActionItemInput,
    Asset, AssetInput, EvidenceItem, ExtractedIndicator, Finding, Hypothesis, IndicatorsAdded,
    Link, NewCustodyEvent, NewEvidence, NewIndicator, RootCause, RootCauseInput, VerifyOutcome,
    Workspace,
};
use firebreak_core::notify::SavedFile;
use firebreak_core::report::{self, ReportFormat, ReportKind};
use firebreak_core::timeline::Progress;
use firebreak_core::{files, IpcError};
use firebreak_pdf::Document;
use tauri::ipc::Channel;
use tauri::State;
use uuid::Uuid;

use crate::state::{AppState, JobKind, JobWatch};

#[tauri::command(async)]
#[specta::specta]
pub async fn investigation_catalog() -> Result<InvestigationCatalog, IpcError> {
    Ok(vocab::catalog())
}

#[tauri::command(async)]
#[specta::specta]
pub async fn investigation_workspace(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<Workspace, IpcError> {
    state.run(move |s, _| inv::workspace(s, incident_id)).await
}

/// Where an export of this incident goes by default, e.g. suffix "iocs.stix.json".
#[tauri::command(async)]
#[specta::specta]
pub async fn investigation_suggest_path(
    state: State<'_, AppState>,
    incident_id: Uuid,
    suffix: String,
) -> Result<String, IpcError> {
    state
        .run(move |s, _| {
            files::suggested_path(s, incident_id, &suffix).map(|p| p.display().to_string())
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn evidence_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    evidence: NewEvidence,
    on_progress: Channel<Progress>,
) -> Result<EvidenceItem, IpcError> {
    let job = state.start(JobKind::Hashing);
    let cancel = job.flag.clone();
    state
        .run(move |s, actor| {
            let mut watch = JobWatch::new(on_progress, &cancel);
            evidence::add(s, incident_id, evidence, actor, &mut watch)
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn evidence_custody(
    state: State<'_, AppState>,
    incident_id: Uuid,
    evidence_id: Uuid,
    event: NewCustodyEvent,
) -> Result<EvidenceItem, IpcError> {
    state
        .run(move |s, actor| evidence::record_custody(s, incident_id, evidence_id, event, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn evidence_verify(
    state: State<'_, AppState>,
    incident_id: Uuid,
    evidence_id: Uuid,
    on_progress: Channel<Progress>,
) -> Result<VerifyOutcome, IpcError> {
    let job = state.start(JobKind::Hashing);
    let cancel = job.flag.clone();
    state
        .run(move |s, actor| {
            let mut watch = JobWatch::new(on_progress, &cancel);
            evidence::verify(s, incident_id, evidence_id, actor, &mut watch)
        })
        .await
}

/// Stops the evidence hashes in progress (adding or re-verifying); nothing is recorded for
/// a cancelled hash. Returns how many were stopped.
#[tauri::command(async)]
#[specta::specta]
pub async fn evidence_cancel_hashing(state: State<'_, AppState>) -> Result<u32, IpcError> {
    Ok(state.cancel(JobKind::Hashing))
}

#[tauri::command(async)]
#[specta::specta]
pub async fn indicators_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    indicators: Vec<NewIndicator>,
    origin: Option<String>,
) -> Result<IndicatorsAdded, IpcError> {
    state
        .run(move |s, actor| {
            indicators::add(
                s,
                incident_id,
                indicators,
                &origin.unwrap_or_default(),
                actor,
            )
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn indicators_extract(
    state: State<'_, AppState>,
    incident_id: Uuid,
    text: String,
) -> Result<Vec<ExtractedIndicator>, IpcError> {
    state
        .run(move |s, _| indicators::extract(s, incident_id, &text))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn indicators_export(
    state: State<'_, AppState>,
    incident_id: Uuid,
    format: IocExportFormat,
    path: String,
    producer: String,
) -> Result<SavedFile, IpcError> {
    state
        .run(move |s, _| {
            indicators::export(s, incident_id, format, &PathBuf::from(path), &producer)
        })
        .await
}

/// What importing a STIX 2.1 bundle or MISP event would add, before anything is stored.
#[tauri::command(async)]
#[specta::specta]
pub async fn indicators_import_preview(
    state: State<'_, AppState>,
    incident_id: Uuid,
    path: String,
) -> Result<IntelPreview, IpcError> {
    state
        .run(move |s, _| intel::preview(s, incident_id, &PathBuf::from(path)))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn indicators_import(
    state: State<'_, AppState>,
    incident_id: Uuid,
    path: String,
) -> Result<IntelImported, IpcError> {
    state
        .run(move |s, actor| intel::import(s, incident_id, &PathBuf::from(path), actor))
        .await
}

/// Which timeline event is marked as initial access, or why none is.
#[tauri::command(async)]
#[specta::specta]
pub async fn initial_access_state(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<InitialAccessState, IpcError> {
    state
        .run(move |s, _| initial_access::state(s, incident_id))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn initial_access_mark(
    state: State<'_, AppState>,
    incident_id: Uuid,
    entry_id: Uuid,
) -> Result<InitialAccessState, IpcError> {
    state
        .run(move |s, actor| initial_access::mark(s, incident_id, entry_id, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn initial_access_clear(
    state: State<'_, AppState>,
    incident_id: Uuid,
) -> Result<InitialAccessState, IpcError> {
    state
        .run(move |s, actor| initial_access::clear(s, incident_id, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn asset_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    asset: AssetInput,
) -> Result<Asset, IpcError> {
    state
        .run(move |s, actor| assets::add(s, incident_id, asset, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn asset_update(
    state: State<'_, AppState>,
    incident_id: Uuid,
    asset_id: Uuid,
    asset: AssetInput,
    revision: u32,
) -> Result<Asset, IpcError> {
    state
        .run(move |s, actor| assets::update(s, incident_id, asset_id, asset, revision, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn finding_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    statement: String,
) -> Result<Finding, IpcError> {
    state
        .run(move |s, actor| rootcause::add_finding(s, incident_id, &statement, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn hypothesis_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    statement: String,
) -> Result<Hypothesis, IpcError> {
    state
        .run(move |s, actor| rootcause::add_hypothesis(s, incident_id, &statement, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn hypothesis_set(
    state: State<'_, AppState>,
    incident_id: Uuid,
    hypothesis_id: Uuid,
    status: HypothesisStatus,
    rationale: String,
) -> Result<Hypothesis, IpcError> {
    state
        .run(move |s, actor| {
            rootcause::set_hypothesis(s, incident_id, hypothesis_id, status, &rationale, actor)
        })
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn root_cause_set(
    state: State<'_, AppState>,
    incident_id: Uuid,
    root_cause: RootCauseInput,
) -> Result<RootCause, IpcError> {
    state
        .run(move |s, actor| rootcause::set_root_cause(s, incident_id, root_cause, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn action_item_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    item: ActionItemInput,
) -> Result<ActionItem, IpcError> {
    state
        .run(move |s, actor| rootcause::add_action_item(s, incident_id, item, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn action_item_set(
    state: State<'_, AppState>,
    incident_id: Uuid,
    item_id: Uuid,
    status: ActionStatus,
) -> Result<ActionItem, IpcError> {
    state
        .run(move |s, actor| rootcause::set_action_status(s, incident_id, item_id, status, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn link_add(
    state: State<'_, AppState>,
    incident_id: Uuid,
    link: Link,
) -> Result<Link, IpcError> {
    state
        .run(move |s, actor| links::add(s, incident_id, link, actor))
        .await
}

/// The report as a document the UI draws itself (same content as the HTML and PDF).
#[tauri::command(async)]
#[specta::specta]
pub async fn report_document(
    state: State<'_, AppState>,
    incident_id: Uuid,
    kind: ReportKind,
) -> Result<Document, IpcError> {
    state
        .run(move |s, actor| report::document(s, incident_id, kind, actor))
        .await
}

#[tauri::command(async)]
#[specta::specta]
pub async fn report_export(
    state: State<'_, AppState>,
    incident_id: Uuid,
    kind: ReportKind,
    format: ReportFormat,
    path: String,
) -> Result<SavedFile, IpcError> {
    state
        .run(move |s, actor| {
            report::export(s, incident_id, kind, format, &PathBuf::from(path), actor)
        })
        .await
}
