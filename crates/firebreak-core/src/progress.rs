//! How a long job (hashing evidence, importing or exporting a timeline) reports how far it
//! has got and learns that the responder wants it stopped.

use serde::Serialize;
use specta::Type;

/// Progress of a long job: bytes hashed or read, or entries exported, of all there are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Type)]
pub struct Progress {
    #[specta(type = u32)]
    pub done: u64,
    #[specta(type = u32)]
    pub total: u64,
}

/// Where a long job reports its progress, and learns that the responder wants it stopped.
/// A plain `FnMut(Progress)` reports and is never stopped.
pub trait Watch {
    fn progress(&mut self, p: Progress);

    /// Asked between chunks of work (a few milliseconds apart); once true, the job ends
    /// with [`crate::Error::Cancelled`] and leaves nothing behind.
    fn cancelled(&self) -> bool {
        false
    }
}

impl<F: FnMut(Progress)> Watch for F {
    fn progress(&mut self, p: Progress) {
        self(p)
    }
}
