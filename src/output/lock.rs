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

use std::fs::File;
use std::path::Path;

/// The lock on a folder, released when dropped (or when the process ends).
#[derive(Debug)]
pub(super) struct FolderLock {
    /// Kept open: closing it releases the lock.
    _file: Option<File>,
}

/// Locks `dir` for this run, waiting (with a message on stderr) while another run
/// holds it. Where folders cannot be locked (a file system without locks, a system
/// without `flock`), runs are not locked.
pub(super) fn lock_folder(dir: &Path) -> anyhow::Result<FolderLock> {
    let Ok(file) = File::open(dir) else {
        return Ok(FolderLock { _file: None });
    };
    Ok(FolderLock {
        _file: flock(&file, dir)?.then_some(file),
    })
}

/// Takes an exclusive `flock` on `file`, waiting if another process has it; `false`
/// when the file system cannot lock.
#[cfg(unix)]
fn flock(file: &File, dir: &Path) -> anyhow::Result<bool> {
    use anyhow::Context as _;
    use rustix::fs::{FlockOperation, flock};
    use rustix::io::Errno;
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == Errno::WOULDBLOCK => {
            crate::diagnostics::write_stderr(format_args!(
                "waiting for another letopis run writing into {} to finish…\n",
                dir.display()
            ));
            flock(file, FlockOperation::LockExclusive)
                .map_err(std::io::Error::from)
                .with_context(|| format!("waiting for the lock on {}", dir.display()))?;
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// No folder locks outside Unix.
#[cfg(not(unix))]
fn flock(_file: &File, _dir: &Path) -> anyhow::Result<bool> {
    Ok(false)
}
