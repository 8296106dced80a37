//! Putting the new output in place of the old one, and taking the old one away.
//!
//! On Linux the two folders trade places in one `renameat2(RENAME_EXCHANGE)`: at every
//! instant the output's name holds a whole output, the old or the new, whatever kills
//! the process. Elsewhere (or on a file system without the exchange) it is two renames,
//! the old output parked in the temporary folder between them. Either way the old
//! output ends in the temporary folder, and only the files that the survey found to be
//! letopis's are removed from it: whatever else appeared there is kept, and said so.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;
use tempfile::TempDir;
use walkdir::WalkDir;

use super::interrupt;
use super::leftovers::BUILD_PREVIOUS;
use super::marker::MARKER;
use super::survey::Foreign;

/// Moves `new` to `out`; the previous output, when there is one, goes into `staging`,
/// from which the files in `ours` (and the marker) are removed, then every folder left
/// empty. `staging` itself is removed when nothing else is left in it.
pub(super) fn swap_into_place(
    staging: TempDir,
    new: &Path,
    out: &Path,
    ours: &[String],
) -> anyhow::Result<()> {
    let mut temporaries = interrupt::hold();
    let old = if fs::symlink_metadata(out).is_err() {
        fs::rename(new, out)
            .with_context(|| format!("moving the new output to {}", out.display()))?;
        None
    } else if exchange(new, out)? {
        Some(new.to_path_buf())
    } else {
        Some(two_renames(&staging, new, out)?)
    };
    temporaries.retain(|path| path != staging.path());
    drop(temporaries);
    let kept = staging.keep();
    if let Some(old) = old {
        remove_ours(&old, ours);
    }
    if fs::remove_dir(&kept).is_err() {
        remove_empty_folders(&kept);
    }
    if fs::symlink_metadata(&kept).is_ok() {
        // Out of the temporary folders' names, so that no later run removes it.
        let aside = kept_folder(out);
        let shown = if fs::rename(&kept, &aside).is_ok() {
            aside
        } else {
            kept
        };
        crate::diagnostics::write_stderr(format_args!(
            "warning: files appeared in the previous output during the build; they are kept \
             in {}\n",
            shown.display()
        ));
    }
    Ok(())
}

/// Exchanges `new` and `out` in one step; `false` when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(new: &Path, out: &Path) -> anyhow::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, new, CWD, out, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(io::Error::from(e))
            .with_context(|| format!("exchanging the new output with {}", out.display())),
    }
}

/// No exchange outside Linux.
#[cfg(not(target_os = "linux"))]
fn exchange(_new: &Path, _out: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Moves `out` into `staging`, then `new` to `out`; moves the old output back if the
/// second rename fails. Returns where the old output is.
fn two_renames(staging: &TempDir, new: &Path, out: &Path) -> anyhow::Result<PathBuf> {
    let old = staging.path().join(BUILD_PREVIOUS);
    fs::rename(out, &old)
        .with_context(|| format!("moving the previous output {} aside", out.display()))?;
    if let Err(err) = fs::rename(new, out) {
        if fs::rename(&old, out).is_err() {
            return Err(err).with_context(|| {
                format!(
                    "moving the new output to {}; the previous output could not be moved back and is in {}",
                    out.display(),
                    old.display()
                )
            });
        }
        return Err(err).with_context(|| format!("moving the new output to {}", out.display()));
    }
    Ok(old)
}

/// Removes the files at `ours` and the marker from the old output `old`, without
/// following links or leaving its file system, then the folders left empty.
fn remove_ours(old: &Path, ours: &[String]) {
    // In parallel: the new output is in place, and a large edition's old files are
    // thousands of unlinks on the build's last stretch.
    ours.par_iter()
        .map(String::as_str)
        .chain([MARKER])
        .for_each(|path| {
            // A file already gone is fine; one that cannot go stays, and is reported.
            let _ = fs::remove_file(old.join(path));
        });
    remove_empty_folders(old);
}

/// Removes every empty folder under `dir` (and `dir`), deepest first, on its file system.
fn remove_empty_folders(dir: &Path) {
    let walk = WalkDir::new(dir)
        .contents_first(true)
        .same_file_system(true);
    for entry in walk.into_iter().flatten() {
        if entry.file_type().is_dir() {
            // Fails on a folder that still holds something: that is the point.
            let _ = fs::remove_dir(entry.path());
        }
    }
}

/// The folder `--force` moves foreign entries of `out` to: `NAME.kept` beside it, or
/// `NAME.kept-2`, `-3`… when that exists.
pub(super) fn kept_folder(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let parent = out.parent().unwrap_or(Path::new("."));
    (1..)
        .map(|n| match n {
            1 => parent.join(format!("{name}.kept")),
            n => parent.join(format!("{name}.kept-{n}")),
        })
        .find(|path| fs::symlink_metadata(path).is_err())
        .unwrap_or_else(|| parent.join(format!("{name}.kept")))
}

/// Moves every entry in `foreign` out of `out` into [`kept_folder`], keeping its path.
/// A rename never copies or deletes; an entry that cannot be moved (a mount point)
/// stops the build with the output untouched.
pub(super) fn move_aside(out: &Path, foreign: &[Foreign]) -> anyhow::Result<(PathBuf, usize)> {
    let kept = kept_folder(out);
    for item in foreign {
        let path = item.path.trim_end_matches('/');
        let to = kept.join(path);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::rename(out.join(path), &to).with_context(|| {
            format!(
                "moving {} aside to {} (nothing was removed)",
                out.join(path).display(),
                to.display()
            )
        })?;
    }
    Ok((kept, foreign.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::write::tests::names;

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_trades_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("new.html"), "new").unwrap();
        fs::write(b.join("old.html"), "old").unwrap();
        assert!(exchange(&a, &b).unwrap());
        assert_eq!(names(&a), ["old.html"]);
        assert_eq!(names(&b), ["new.html"]);
    }

    #[test]
    fn only_our_files_are_removed_from_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("persons")).unwrap();
        fs::write(out.join(MARKER), "{}").unwrap();
        fs::write(out.join("persons/a.html"), "ours").unwrap();
        // Appeared after the survey: not in `ours`, so it must survive.
        fs::write(out.join("late.txt"), "someone's").unwrap();
        let staging = tempfile::Builder::new()
            .prefix(".letopis-build-")
            .tempdir_in(tmp.path())
            .unwrap();
        let new = staging.path().join("site");
        fs::create_dir(&new).unwrap();
        fs::write(new.join("index.html"), "new").unwrap();
        swap_into_place(staging, &new, &out, &["persons/a.html".to_owned()]).unwrap();
        assert_eq!(names(&out), ["index.html"]);
        // Moved out of the temporary folders' names, so that no later run removes it.
        let kept = tmp.path().join("public.kept");
        assert_eq!(names(tmp.path()), ["public", "public.kept"]);
        let old = [kept.join("site"), kept.join(BUILD_PREVIOUS)]
            .into_iter()
            .find(|p| p.exists())
            .unwrap();
        assert_eq!(names(&old), ["late.txt"]);
        assert_eq!(
            fs::read_to_string(old.join("late.txt")).unwrap(),
            "someone's"
        );
    }

    #[test]
    fn move_aside_keeps_paths_and_never_overwrites_an_earlier_kept_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("a/notes.txt"), "notes").unwrap();
        fs::create_dir(tmp.path().join("public.kept")).unwrap();
        let foreign = [Foreign {
            path: "a/notes.txt".to_owned(),
            why: "not written by letopis",
        }];
        let (kept, count) = move_aside(&out, &foreign).unwrap();
        assert_eq!((kept.clone(), count), (tmp.path().join("public.kept-2"), 1));
        assert_eq!(
            fs::read_to_string(kept.join("a/notes.txt")).unwrap(),
            "notes"
        );
        assert!(!out.join("a/notes.txt").exists());
    }
}
