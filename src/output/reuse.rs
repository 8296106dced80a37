//! Taking over the previous output's file of a page whose bytes did not change.
//!
//! A rebuild mostly writes the very bytes the last build wrote (an editor changes one
//! chapter; the other pages come out the same). Such a page need not be written
//! again: the new output, still in its temporary folder, gets a second name (a hard
//! link) for the previous output's file, which stays whole where it is until the swap;
//! removing the previous output after the swap then drops that name and leaves the
//! file in the new output. Nothing is written, and no file is created or freed: on a
//! file system without a journal, ext4 looks for a new file's inode past every inode
//! freed in the last minute, so a build that makes two thousand files just after the
//! last one freed two thousand spent a fifth of its time in that search.
//!
//! A file is taken over only when the new output gets exactly what writing the page
//! would give it:
//!
//! * the survey found it to be letopis's, unchanged (its size and time as recorded, or
//!   its bytes read and found to have the recorded digest), and the page's size and
//!   XXH3-128 are the recorded ones (see [`super::hash`] on why 128 bits are enough);
//! * it has no other name (a link count of one), so no name outside the output can
//!   change the new output later;
//! * it has the owner and the permissions a new file would have;
//! * after the link it is still the file surveyed (same device and inode, size, time),
//!   so a change between the survey and the link is caught; one after the link is
//!   caught before the swap ([`Linked::still_same`]), when the build stops and leaves
//!   the previous output as it is.
//!
//! Anything else, or any failure, and the page is written as a new file. Only on Unix,
//! where the inode, the link count and the mode can be read; elsewhere every page is
//! written.

use std::fs;
use std::path::Path;

use super::marker::{self, Record};

/// A file of the previous output as surveyed: what it must still be to be taken over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reusable {
    /// Its XXH3-128 as the marker records it.
    xxh3: String,
    /// Its size, and its modification time as [`marker::modified`] gives it.
    size: u64,
    modified: Option<u64>,
    /// Its device and inode.
    id: (u64, u64),
}

/// What a file of the new output must be, besides its bytes: the owner and permissions
/// a file created there gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NewFile {
    uid: u32,
    mode: u32,
}

impl NewFile {
    /// The owner and mode of a file created in `dir`, a folder this run just created:
    /// its owner, and its mode without the execute bits (both are the creation's mode,
    /// `0o777` or `0o666`, less the same umask).
    #[cfg(unix)]
    pub(super) fn in_folder(dir: &Path) -> Option<Self> {
        use std::os::unix::fs::MetadataExt as _;
        let meta = fs::symlink_metadata(dir).ok()?;
        Some(Self {
            uid: meta.uid(),
            mode: meta.mode() & 0o666,
        })
    }

    /// No file is taken over outside Unix.
    #[cfg(not(unix))]
    pub(super) fn in_folder(_dir: &Path) -> Option<Self> {
        None
    }
}

impl Reusable {
    /// The file with metadata `meta` (not following a link) that the survey found to be
    /// letopis's, as `record` lists it; `None` when it may not be taken over.
    #[cfg(unix)]
    pub(super) fn of(record: &Record, meta: &fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt as _;
        let xxh3 = record.xxh3.clone()?;
        (meta.is_file() && meta.nlink() == 1).then(|| Self {
            xxh3,
            size: meta.len(),
            modified: marker::modified(meta),
            id: (meta.dev(), meta.ino()),
        })
    }

    /// Nothing is taken over outside Unix.
    #[cfg(not(unix))]
    pub(super) fn of(_record: &Record, _meta: &fs::Metadata) -> Option<Self> {
        None
    }

    /// Whether a page of `size` bytes with the digest `xxh3` is this file's bytes.
    pub(super) fn holds(&self, size: usize, xxh3: &str) -> bool {
        self.size == size as u64 && self.xxh3 == xxh3
    }

    /// Gives the file at `old` the new name `new` when it is still the file surveyed and
    /// would be as a new file is (`file`): its metadata, or `None` when `new` was not
    /// made (any failure, or the file is not as it was). Fails only when a wrong link
    /// was made and cannot be taken away again: then writing the page at `new` would
    /// write into the previous output's file.
    pub(super) fn link(
        &self,
        old: &Path,
        new: &Path,
        file: NewFile,
    ) -> std::io::Result<Option<fs::Metadata>> {
        if fs::hard_link(old, new).is_err() {
            return Ok(None);
        }
        match fs::symlink_metadata(new) {
            Ok(meta) if self.is(&meta, 2, file) => Ok(Some(meta)),
            _ => fs::remove_file(new).map(|()| None),
        }
    }

    /// Whether `meta` is this file, with `links` names, owned and permitted as `file`.
    #[cfg(unix)]
    fn is(&self, meta: &fs::Metadata, links: u64, file: NewFile) -> bool {
        use std::os::unix::fs::MetadataExt as _;
        meta.is_file()
            && (meta.dev(), meta.ino()) == self.id
            && meta.nlink() == links
            && meta.len() == self.size
            && marker::modified(meta) == self.modified
            && meta.uid() == file.uid
            && meta.mode() & 0o7777 == file.mode
    }

    /// Never outside Unix (where nothing is [`Reusable`]).
    #[cfg(not(unix))]
    fn is(&self, _meta: &fs::Metadata, _links: u64, _file: NewFile) -> bool {
        false
    }
}

/// A page of the new output that is the previous output's file, as linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Linked {
    /// Its path in the output.
    pub(super) path: String,
    size: u64,
    modified: Option<u64>,
}

impl Linked {
    /// The page at `path`, linked, whose metadata was then `meta`.
    pub(super) fn new(path: &str, meta: &fs::Metadata) -> Self {
        Self {
            path: path.to_owned(),
            size: meta.len(),
            modified: marker::modified(meta),
        }
    }

    /// Whether the file at `file` still has the size and time it had when linked: if
    /// not, someone wrote into the previous output's file during the build, and the new
    /// output holds their bytes, not the page.
    pub(super) fn still_same(&self, file: &Path) -> bool {
        fs::symlink_metadata(file)
            .is_ok_and(|meta| meta.len() == self.size && marker::modified(&meta) == self.modified)
    }
}
