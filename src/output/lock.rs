//! One run at a time beside an output: an advisory lock on the folder that holds it.
//!
//! `build` and `archive` write temporary folders and files beside their output and swap
//! them into place; two runs doing that at once would remove each other's temporaries
//! (or race on the swap). Each run therefore holds a lock on the parent folder while it
//! works, and a second run waits for it, saying so. The lock is on the folder itself,
//! not on a lock file, so nothing is left beside the output; the system drops it when
//! the process ends, however it ends, which is what makes leftovers easy to judge: a
//! run that holds the lock knows that every temporary beside the output belongs to a
//! run that is dead, and removes it at once.

use std::fs::{File, TryLockError};
use std::path::Path;

use anyhow::Context as _;

/// The lock on a folder, released when dropped (or when the process ends).
#[derive(Debug)]
pub(super) struct FolderLock {
    /// Kept open: closing it releases the lock.
    _file: Option<File>,
}

/// Locks `dir` for this run, waiting (with a message on stderr) while another run
/// holds it. Where a folder cannot be opened as a file (Windows), runs are not locked.
pub(super) fn lock_folder(dir: &Path) -> anyhow::Result<FolderLock> {
    let Ok(file) = File::open(dir) else {
        return Ok(FolderLock { _file: None });
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another letopis run writing into {} to finish…",
                dir.display()
            );
            file.lock()
                .with_context(|| format!("waiting for the lock on {}", dir.display()))?;
        }
        // A file system without locks (some network mounts): go on unlocked.
        Err(TryLockError::Error(_)) => return Ok(FolderLock { _file: None }),
    }
    Ok(FolderLock { _file: Some(file) })
}
