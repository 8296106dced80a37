//! Listing the files of a folder that is published or read as content.
//!
//! Only regular files inside the edition are read or published. Symbolic links are
//! followed only when they lead inside the folder they may lead into (the content
//! folder, or the theme's), to a name that is not hidden and not inside the output
//! folder: a link to a file elsewhere on the editor's disk (a key, `.env`, `.git/config`)
//! must not end up on a public site, and a link to the output would nest the previous
//! output in every build. FIFOs, devices and sockets are never opened (reading a FIFO
//! waits forever, a device may never end). Nothing left out is dropped in silence, or
//! the editor is left wondering why a chapter is missing; every file left out comes
//! back with its reason so that the caller can report it.

use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// The files found under a folder, and those left out.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// Files to read, in path order.
    pub(crate) files: Vec<Listed>,
    /// Files (or links) left out, with the reason.
    pub(crate) skipped: Vec<Skipped>,
}

/// A file to read.
#[derive(Debug)]
pub(crate) struct Listed {
    /// The path to read it from (through a link, when it is one).
    pub(crate) path: PathBuf,
    /// Its path under the listed folder, with `/` separators.
    pub(crate) relative: String,
}

/// A file left out.
#[derive(Debug)]
pub(crate) struct Skipped {
    /// Where it lies (the link itself, for a link).
    pub(crate) path: PathBuf,
    /// Why it is left out.
    pub(crate) reason: SkipReason,
}

/// Why a file is left out.
#[derive(Debug)]
pub(crate) enum SkipReason {
    /// A symbolic link whose target lies outside the folder it may lead into.
    LinkOutside {
        /// Where the link leads.
        target: PathBuf,
        /// The folder it should stay in.
        within: PathBuf,
    },
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// A symbolic link to a folder that holds the link.
    LinkLoop,
    /// A name that cannot be a path of the published site.
    UnsafeName,
    /// A symbolic link to a hidden file or folder (`.env`, `.git`).
    LinkHidden {
        /// Where the link leads.
        target: PathBuf,
    },
    /// A symbolic link into the output folder.
    LinkOutput {
        /// Where the link leads.
        target: PathBuf,
    },
    /// A FIFO, a device or a socket: not a file with contents to read.
    NotAFile,
    /// A folder where a file is read (`content/registers/persons.yaml/`).
    Folder,
    /// A static file inside the folder of the search index (`static/search/`).
    SearchIndex,
    /// The same path as another file, but for upper and lower case.
    CaseClash {
        /// The other file's path under the same folder.
        other: String,
    },
}

impl SkipReason {
    /// What is wrong with the file.
    pub(crate) fn problem(&self) -> String {
        match self {
            Self::LinkOutside { target, within } => format!(
                "symbolic link to {}, outside {}",
                target.display(),
                within.display()
            ),
            Self::BrokenLink => "symbolic link to a file that does not exist".to_owned(),
            Self::LinkLoop => "symbolic link to a folder that holds it".to_owned(),
            Self::UnsafeName => "this file name cannot be published".to_owned(),
            Self::LinkHidden { target } => {
                format!("symbolic link to the hidden file {}", target.display())
            }
            Self::LinkOutput { target } => {
                format!(
                    "symbolic link into the output folder ({})",
                    target.display()
                )
            }
            Self::NotAFile => "not a regular file (a FIFO, device or socket)".to_owned(),
            Self::Folder => "a folder, not a file".to_owned(),
            Self::SearchIndex => "static/search/ holds the search index letopis writes, so \
                                  this file would collide with it"
                .to_owned(),
            Self::CaseClash { other } => format!(
                "this name differs from {other} only in upper and lower case, so on macOS \
                 and Windows one would overwrite the other"
            ),
        }
    }

    /// What to do about it.
    pub(crate) fn hint(&self) -> &'static str {
        match self {
            Self::LinkOutside { .. } => {
                "copy the file into the edition, or link to a file inside it"
            }
            Self::BrokenLink => "point the link at an existing file, or delete it",
            Self::LinkLoop => "delete the link",
            Self::UnsafeName => "rename it: a published file's name may not contain ':' or '\\'",
            Self::LinkHidden { .. } => {
                "hidden files are never published; copy what should be published into the edition"
            }
            Self::LinkOutput { .. } => "delete the link: the output is made from the content",
            Self::NotAFile => "replace it with a regular file, or move it out of the edition",
            Self::Folder => "move the folder away: this name is the file letopis reads",
            Self::SearchIndex => "move it to another folder under content/static/",
            Self::CaseClash { .. } => "rename one of them",
        }
    }
}

/// Where the links of a folder may lead.
#[derive(Debug, Clone)]
pub(crate) struct Bounds {
    /// The folder a link must lead into, resolved.
    within: PathBuf,
    /// The output folder, resolved, which no link may lead into.
    output: Option<PathBuf>,
}

impl Bounds {
    /// Links may lead anywhere under `within` but into `output`.
    pub(crate) fn new(within: &Path, output: Option<&Path>) -> anyhow::Result<Self> {
        let within = within
            .canonicalize()
            .with_context(|| format!("resolving {}", within.display()))?;
        let output = output.and_then(|out| out.canonicalize().ok());
        Ok(Self { within, output })
    }

    /// Why a link to `target` (resolved) is not followed, if it is not.
    pub(crate) fn refuse(&self, target: PathBuf) -> Option<SkipReason> {
        if self
            .output
            .as_ref()
            .is_some_and(|out| target.starts_with(out))
        {
            return Some(SkipReason::LinkOutput { target });
        }
        let Ok(inside) = target.strip_prefix(&self.within) else {
            let within = self.within.clone();
            return Some(SkipReason::LinkOutside { target, within });
        };
        let hidden = inside
            .components()
            .any(|part| part.as_os_str().to_string_lossy().starts_with('.'));
        hidden.then_some(SkipReason::LinkHidden { target })
    }
}

/// Every file under `dir`, in path order. Hidden files and folders and editors' litter
/// are left out without a word. `dir` itself is read even when it is a symbolic link
/// (the editor named it); a link inside it is followed when `bounds` allow its target,
/// and is otherwise left out with its reason, as is anything but a folder or a
/// regular file.
pub(crate) fn list(dir: &Path, bounds: &Bounds) -> anyhow::Result<Listing> {
    let mut listing = Listing::default();
    if !dir.is_dir() {
        return Ok(listing);
    }
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let skipped = unreadable_link(&e)
                    .ok_or(e)
                    .with_context(|| format!("listing {}", dir.display()))?;
                listing.skipped.push(skipped);
                continue;
            }
        };
        let keep = match decide(&entry, bounds)? {
            Decision::Keep => true,
            Decision::Quiet => false,
            Decision::Report(skipped) => {
                listing.skipped.push(skipped);
                false
            }
        };
        let kind = entry.file_type();
        if !keep && kind.is_dir() {
            walk.skip_current_dir();
        } else if keep && !kind.is_dir() && !kind.is_file() {
            listing.skipped.push(Skipped {
                path: entry.into_path(),
                reason: SkipReason::NotAFile,
            });
        } else if keep && kind.is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            listing.files.push(Listed {
                relative: slash_path(relative),
                path: entry.into_path(),
            });
        }
    }
    Ok(listing)
}

/// What to do with one entry of the walk.
enum Decision {
    /// Read it (or look inside, for a folder).
    Keep,
    /// Leave it out without a word.
    Quiet,
    /// Leave it out and say why.
    Report(Skipped),
}

fn decide(entry: &walkdir::DirEntry, bounds: &Bounds) -> anyhow::Result<Decision> {
    if entry.depth() == 0 {
        return Ok(Decision::Keep);
    }
    if is_editor_litter(&entry.file_name().to_string_lossy()) {
        return Ok(Decision::Quiet);
    }
    if !entry.path_is_symlink() {
        return Ok(Decision::Keep);
    }
    let target = entry
        .path()
        .canonicalize()
        .with_context(|| format!("resolving {}", entry.path().display()))?;
    Ok(match bounds.refuse(target) {
        None => Decision::Keep,
        Some(reason) => Decision::Report(Skipped {
            path: entry.path().to_path_buf(),
            reason,
        }),
    })
}

/// A link that cannot be followed, as a skipped file; `None` for any other failure
/// (an unreadable folder), which stops the run.
fn unreadable_link(error: &walkdir::Error) -> Option<Skipped> {
    let path = error.path()?.to_path_buf();
    if error.loop_ancestor().is_some() {
        return Some(Skipped {
            path,
            reason: SkipReason::LinkLoop,
        });
    }
    let missing = error
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    (missing && is_link).then_some(Skipped {
        path,
        reason: SkipReason::BrokenLink,
    })
}

/// Hidden files, backups and editors' swap files are never content: vim's `.x.swp`,
/// `x~` and `4913` (its test of whether the folder is writable), Emacs's `.#x` and `#x#`,
/// and the `x___jb_tmp___` and `x___jb_old___` of JetBrains editors' safe writes.
pub fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name == "4913"
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// A relative path with `/` separators, whatever the platform.
pub(crate) fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}
