//! Firebreak's core: the incident domain and its SQLite store.
//!
//! Nothing here knows about Tauri or a webview, so the desktop shell and the headless
//! `firebreak` CLI share exactly the same behaviour, and every rule is testable without a
//! display.

#[macro_use]
pub mod catalog;
pub mod drafts;
pub mod error;
pub mod files;
pub mod glance;
pub mod incident;
pub mod investigation;
pub mod notify;
pub mod oplog;
pub mod paths;
pub mod playbook;
pub mod progress;
pub mod report;
pub mod run;
pub mod signing;
pub mod store;
pub mod time;
pub mod timeline;

#[cfg(test)]
mod files_tests;
#[cfg(test)]
mod testing;

pub use error::{Error, ErrorCode, IpcError, Result};
pub use store::Store;
