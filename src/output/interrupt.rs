//! Ctrl-C and SIGTERM remove the run's own temporary folder or file before exiting.
//!
//! A build interrupted half-way would otherwise leave a hidden folder of up to the size
//! of the whole output beside it (the next run removes it too, but a run may never
//! come). The temporaries are registered here while they exist; the handler removes
//! them and exits with 130, as shells expect of an interrupted command. The swap holds
//! [`hold`] so that an interrupt cannot fall between its steps.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The temporary folders and files of this run, removed on an interrupt.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler for Ctrl-C, SIGTERM and SIGHUP. Called once by the command
/// line; a library user that handles signals itself need not call it.
pub fn remove_temporaries_on_interrupt() -> anyhow::Result<()> {
    ctrlc::set_handler(|| {
        // Held until exit, so that no swap starts while the temporaries go.
        let temporaries = hold();
        for path in temporaries.iter() {
            super::leftovers::remove_tree(path);
        }
        std::process::exit(130);
    })
    .map_err(|e| anyhow::anyhow!("installing the interrupt handler: {e}"))
}

/// Registers a temporary of this run.
pub(super) fn register(path: &Path) {
    hold().push(path.to_path_buf());
}

/// Forgets a temporary that is gone or has become the output.
pub(super) fn forget(path: &Path) {
    hold().retain(|p| p != path);
}

/// Blocks the interrupt handler while the guard lives.
pub(super) fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding it cannot leave the list inconsistent: it is only pushed to.
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}
