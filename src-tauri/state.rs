use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use firebreak_core::progress::{Progress, Watch};
use firebreak_core::signing::{identity, Identity};
use firebreak_core::{paths, IpcError, Store};
use tauri::ipc::Channel;
use tokio::sync::OnceCell;

/// The store is opened lazily on a blocking thread by the first command, so start-up never
/// waits on SQLite (migrations included) on the UI thread, and an unusable database shows as
/// a typed error in the window instead of a crash before it appears.
pub struct AppState {
    db_arg: Option<PathBuf>,
    /// The device key; `None` means the default place (`FIREBREAK_KEY_FILE`, else the OS
    /// config folder). Tests give a temp file so they never touch a real key.
    key_file: Option<PathBuf>,
    store: OnceCell<Store>,
    pub actor: String,
    /// Cancel flags of the long jobs in progress; a Stop button sets those of its kind.
    jobs: Mutex<Vec<(JobKind, Arc<AtomicBool>)>>,
}

/// Long jobs the responder can stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Hashing evidence (adding or re-verifying an item).
    Hashing,
    /// Importing into or exporting the timeline.
    Transfer,
}

/// A running job's cancel flag, unregistered when the job ends however it ends.
pub struct Job<'a> {
    state: &'a AppState,
    pub flag: Arc<AtomicBool>,
}

/// A job's progress to the window over its channel, and its Stop button's flag.
pub struct JobWatch<'a> {
    channel: Channel<Progress>,
    stop: &'a AtomicBool,
}

impl<'a> JobWatch<'a> {
    pub fn new(channel: Channel<Progress>, stop: &'a AtomicBool) -> Self {
        JobWatch { channel, stop }
    }
}

impl Watch for JobWatch<'_> {
    fn progress(&mut self, p: Progress) {
        // A closed window drops the channel; the job still completes.
        drop(self.channel.send(p));
    }

    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Job<'_> {
    fn drop(&mut self) {
        let mut jobs = self.state.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.retain(|(_, f)| !Arc::ptr_eq(f, &self.flag));
    }
}

impl AppState {
    pub fn new(db_arg: Option<PathBuf>, actor: String) -> Self {
        AppState {
            db_arg,
            key_file: None,
            store: OnceCell::new(),
            actor,
            jobs: Mutex::new(Vec::new()),
        }
    }

    /// Signs with the key in `path` instead of the default one.
    #[cfg(test)]
    pub fn with_key_file(mut self, path: PathBuf) -> Self {
        self.key_file = Some(path);
        self
    }

    pub fn start(&self, kind: JobKind) -> Job<'_> {
        let flag = Arc::new(AtomicBool::new(false));
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((kind, flag.clone()));
        Job { state: self, flag }
    }

    /// Stops every job of this kind in progress; returns how many there were.
    pub fn cancel(&self, kind: JobKind) -> u32 {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        let mut n = 0;
        for (_, f) in jobs.iter().filter(|(k, _)| *k == kind) {
            f.store(true, Ordering::Relaxed);
            n += 1;
        }
        n
    }

    pub async fn store(&self) -> Result<Store, IpcError> {
        let db_arg = self.db_arg.clone();
        let key_file = self.key_file.clone();
        let actor = self.actor.clone();
        let store = self
            .store
            .get_or_try_init(|| {
                blocking(move || {
                    // Where the database goes is checked first: a wrong --db is the error
                    // to show, not anything about the key.
                    let path = paths::resolve_db_path(db_arg.as_deref())?;
                    paths::require_db_dir(&path)?;
                    // Every change made in this window is signed with this machine's key.
                    let key_file = key_file.map_or_else(identity::default_key_path, Ok)?;
                    Store::open_signed(&path, Identity::load_or_create(&key_file, &actor)?)
                })
            })
            .await?;
        Ok(store.clone())
    }

    /// Runs a core call against the store off the async runtime's worker threads.
    pub async fn run<T, F>(&self, f: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &str) -> firebreak_core::Result<T> + Send + 'static,
    {
        let store = self.store().await?;
        let actor = self.actor.clone();
        blocking(move || f(&store, &actor)).await
    }
}

/// Runs CPU-bound core work that needs no store (parsing, linting) on a blocking thread, so
/// a large or hostile input never stalls the async runtime the other commands share.
pub async fn off_runtime<T, F>(f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce() -> firebreak_core::Result<T> + Send + 'static,
{
    blocking(f).await
}

async fn blocking<T, F>(f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce() -> firebreak_core::Result<T> + Send + 'static,
{
    match tauri::async_runtime::spawn_blocking(f).await {
        Ok(result) => result.map_err(IpcError::from),
        Err(e) => Err(IpcError::internal(format!("background task failed: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use firebreak_core::catalog::{IncidentType, Severity};
    use firebreak_core::incident::{self, IncidentFilter, NewIncident};
    use firebreak_core::ErrorCode;

    use super::*;

    fn declare_input() -> NewIncident {
        NewIncident {
            title: "Wire fraud attempt".into(),
            incident_type: IncidentType::BusinessEmailCompromise,
            severity: Severity::Sev2,
            detected_at: None,
            phase: None,
            commander: None,
            summary: None,
        }
    }

    #[test]
    fn commands_reach_the_store_off_the_runtime_threads() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let state = AppState::new(Some(dir.path().join("app.db")), "tester".into())
            .with_key_file(dir.path().join("device.key"));
        let listed = tauri::async_runtime::block_on(async {
            state
                .run(|s, actor| incident::declare(s, declare_input(), actor))
                .await?;
            state
                .run(|s, _| incident::list(s, &IncidentFilter::default()))
                .await
        })?;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].title, "Wire fraud attempt");
        Ok(())
    }

    #[test]
    fn an_unusable_database_is_a_typed_error_not_a_crash() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let state = AppState::new(
            Some(dir.path().join("missing").join("app.db")),
            "tester".into(),
        )
        .with_key_file(dir.path().join("device.key"));
        let err = tauri::async_runtime::block_on(state.store()).err();
        assert_eq!(err.map(|e| e.code), Some(ErrorCode::StorageLocation));
        Ok(())
    }
}
