use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the core can refuse or fail at. Each variant maps to a stable [`ErrorCode`]
/// so the UI and `--json` consumers branch on codes, never on message text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{field}: {message}")]
    Validation { field: String, message: String },

    #[error("{file}: {} problem(s); first: {}", diagnostics.len(), diagnostics.first().map(ToString::to_string).unwrap_or_default())]
    PlaybookInvalid {
        file: String,
        diagnostics: Vec<crate::playbook::Diagnostic>,
    },

    /// A row of an import file is bad; the whole import was rolled back.
    #[error("{file}: line {line}: {message}; nothing was imported")]
    ImportRow {
        file: String,
        line: u64,
        message: String,
    },

    /// A file the user gave us (facts, directory import) is malformed at this position.
    #[error("{file}: line {line}, column {column}: {message}")]
    BadFile {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },

    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: String },

    #[error("{0}")]
    Conflict(String),

    /// The responder stopped a long job; what it would have written was not.
    #[error("{0}")]
    Cancelled(String),

    #[error(
        "database {path} was written by a newer Firebreak (schema version {found}; this build \
         supports up to {supported}); it was left untouched — upgrade Firebreak to open it"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{path} is not a Firebreak database: {reason}")]
    NotFirebreakDb { path: PathBuf, reason: String },

    #[error(
        "database directory {dir} does not exist; create it first or choose another --db path"
    )]
    MissingDbDir { dir: PathBuf },

    #[error("cannot determine a data directory for this user; pass --db PATH or set FIREBREAK_DB")]
    NoDataDir,

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },

    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation { .. }
            | Error::PlaybookInvalid { .. }
            | Error::ImportRow { .. }
            | Error::BadFile { .. } => ErrorCode::Validation,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Cancelled(_) => ErrorCode::Cancelled,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::NotFirebreakDb { .. } | Error::MissingDbDir { .. } | Error::NoDataDir => {
                ErrorCode::StorageLocation
            }
            Error::Database(_) | Error::Migration(_) | Error::Corrupt(_) => ErrorCode::Database,
            Error::Io { .. } => ErrorCode::Io,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// Stable, machine-readable error categories shared by the IPC boundary and `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Cancelled,
    SchemaTooNew,
    StorageLocation,
    Database,
    Io,
    Internal,
}

/// The error as it crosses a process boundary: `{code, message, field}`.
/// `field` names the input field at fault so a form can show the message beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            code: ErrorCode::Internal,
            message: message.into(),
            field: None,
        }
    }
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let message = match &e {
            // The field is carried separately; the message alone reads better beside it.
            Error::Validation { message, .. } => message.clone(),
            other => other.to_string(),
        };
        IpcError {
            code: e.code(),
            field: e.field().map(str::to_owned),
            message,
        }
    }
}
