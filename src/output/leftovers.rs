//! Removing what an interrupted run left beside the output: a killed `build` leaves its
//! `.letopis-build-*` folder, a killed `archive` its `.letopis-archive-*.tmp` file and
//! `.letopis-archive-*.pages` folder, and nothing else would ever delete them.
//!
//! These are called only while the run holds the lock on the folder ([`super::lock`]),
//! so no other run is writing there: every leftover belongs to a run that is dead, and
//! is removed at once. Being wrong here destroys someone's files, so a leftover is
//! removed only when its name is one letopis gives and its contents are only what
//! letopis writes there; removal never follows a link or enters another file system.
//! Anything else is left alone, and a leftover that cannot be removed is skipped: it
//! does no harm, and the build must not fail over it.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use walkdir::WalkDir;

use super::marker::MARKER;

/// The name of a build's temporary folder starts with this.
pub(super) const BUILD_PREFIX: &str = ".letopis-build-";

/// Inside a build's temporary folder: the new output being written (after the swap on
/// Linux, the previous output).
pub(super) const BUILD_SITE: &str = "site";

/// Inside a build's temporary folder: the previous output, moved aside where the swap
/// is two renames.
pub(super) const BUILD_PREVIOUS: &str = "previous";

/// The name of an archive's temporary file starts with this…
pub(super) const ARCHIVE_PREFIX: &str = ".letopis-archive-";

/// …and ends with this.
pub(super) const ARCHIVE_SUFFIX: &str = ".tmp";

/// …and the name of its temporary folder of rendered pages ends with this.
pub(super) const ARCHIVE_PAGES_SUFFIX: &str = ".pages";

/// Removes the build folders of dead runs in `parent`, the folder that holds the output.
pub(super) fn remove_leftover_builds(parent: &Path) {
    remove_leftovers(parent, is_leftover_build, remove_tree);
}

/// Removes the temporary archives of dead runs in `parent`, the folder that holds the
/// zip, and their folders of rendered pages.
pub(super) fn remove_leftover_archives(parent: &Path) {
    remove_leftovers(parent, is_leftover_archive, |path| {
        let _ = fs::remove_file(path);
    });
    remove_leftovers(parent, is_leftover_archive_pages, remove_tree);
}

/// Removes the folder `dir` and everything in it, deepest first, without following
/// links or entering another file system (a mount inside it stays, and so does `dir`).
pub(super) fn remove_tree(dir: &Path) {
    let walk = WalkDir::new(dir)
        .contents_first(true)
        .same_file_system(true);
    for entry in walk.into_iter().flatten() {
        // Skipped on failure: see the module comment.
        let _ = if entry.file_type().is_dir() {
            fs::remove_dir(entry.path())
        } else {
            fs::remove_file(entry.path())
        };
    }
}

/// Removes every entry of `parent` that `is_leftover` accepts.
fn remove_leftovers(parent: &Path, is_leftover: fn(&Path, &str) -> bool, remove: fn(&Path)) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if is_leftover(&path, &entry.file_name().to_string_lossy()) {
            remove(&path);
        }
    }
}

/// A real folder (not a link) named as a build's, holding only the new output and the
/// previous one.
fn is_leftover_build(path: &Path, name: &str) -> bool {
    name.starts_with(BUILD_PREFIX)
        && is_folder(path)
        && fs::read_dir(path).is_ok_and(|entries| {
            entries.into_iter().all(|entry| {
                entry.is_ok_and(|entry| match entry.file_name().to_str() {
                    Some(BUILD_SITE) => is_folder(&entry.path()),
                    Some(BUILD_PREVIOUS) => is_previous_output(&entry.path()),
                    _ => false,
                })
            })
        })
}

/// A previous output: a real folder holding the marker, or an empty one (`build`
/// replaces an empty folder too).
fn is_previous_output(path: &Path) -> bool {
    is_folder(path)
        && (path.join(MARKER).is_file()
            || fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()))
}

/// A real file (not a link) named as an archive's temporary file, that is empty or
/// starts as every zip letopis writes does.
fn is_leftover_archive(path: &Path, name: &str) -> bool {
    let named = name.starts_with(ARCHIVE_PREFIX) && name.ends_with(ARCHIVE_SUFFIX);
    let file = fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file());
    named && file && {
        let mut head = Vec::with_capacity(4);
        File::open(path)
            .and_then(|file| file.take(4).read_to_end(&mut head))
            .is_ok_and(|_| head.is_empty() || head == b"PK\x03\x04")
    }
}

/// A real folder (not a link) named as an archive's folder of rendered pages, holding
/// only files named as it names them (numbers).
fn is_leftover_archive_pages(path: &Path, name: &str) -> bool {
    name.starts_with(ARCHIVE_PREFIX)
        && name.ends_with(ARCHIVE_PAGES_SUFFIX)
        && is_folder(path)
        && fs::read_dir(path).is_ok_and(|entries| {
            entries.into_iter().all(|entry| {
                entry.is_ok_and(|entry| {
                    let numbered = (entry.file_name().to_str())
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                    numbered && entry.file_type().is_ok_and(|t| t.is_file())
                })
            })
        })
}

/// A real folder (not a link).
fn is_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the files at `paths` (a path ending in `/` is a folder) under `dir`.
    fn leftover(dir: &Path, paths: &[&str]) {
        fs::create_dir_all(dir).unwrap();
        for path in paths {
            let path_in = dir.join(path);
            match path.strip_suffix('/') {
                Some(_) => fs::create_dir_all(&path_in).unwrap(),
                None => {
                    fs::create_dir_all(path_in.parent().unwrap()).unwrap();
                    fs::write(&path_in, "x").unwrap();
                }
            }
        }
    }

    /// The names left in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn removes_build_folders_holding_only_a_new_and_a_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        leftover(&dir.join(".letopis-build-a"), &["site/index.html"]);
        leftover(
            &dir.join(".letopis-build-b"),
            &[
                "site/persons/",
                "previous/.letopis-output",
                "previous/x.html",
            ],
        );
        leftover(&dir.join(".letopis-build-c"), &["previous/"]);
        leftover(&dir.join(".letopis-build-d"), &[]);
        remove_leftover_builds(dir);
        assert_eq!(names(dir), Vec::<String>::new());
    }

    #[test]
    fn keeps_build_folders_that_hold_anything_else() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        leftover(&dir.join(".letopis-build-notes"), &["site/", "notes.txt"]);
        leftover(
            &dir.join(".letopis-build-unmarked"),
            &["previous/thesis.docx"],
        );
        leftover(&dir.join(".letopis-build-file-site"), &["site"]);
        leftover(&dir.join("letopis-build-unhidden"), &["site/"]);
        fs::write(dir.join(".letopis-build-file"), "x").unwrap();
        remove_leftover_builds(dir);
        assert_eq!(
            names(dir),
            [
                ".letopis-build-file",
                ".letopis-build-file-site",
                ".letopis-build-notes",
                ".letopis-build-unmarked",
                "letopis-build-unhidden",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn keeps_a_link_named_like_a_build_folder_and_what_it_points_to() {
        let tmp = tempfile::tempdir().unwrap();
        let precious = tmp.path().join("precious");
        leftover(&precious, &["site/"]);
        let dir = tmp.path().join("out");
        fs::create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&precious, dir.join(".letopis-build-link")).unwrap();
        remove_leftover_builds(&dir);
        assert_eq!(names(&dir), [".letopis-build-link"]);
        assert_eq!(names(&precious), ["site"]);
    }

    #[test]
    fn removes_temporary_archives_but_nothing_that_does_not_look_like_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let write_old = |name: &str, bytes: &[u8]| fs::write(dir.join(name), bytes).unwrap();
        write_old(".letopis-archive-empty.tmp", b"");
        write_old(".letopis-archive-zip.tmp", b"PK\x03\x04rest of a zip");
        write_old(".letopis-archive-text.tmp", b"an editor's notes");
        write_old(".letopis-archive-zip.tmp.bak", b"PK\x03\x04");
        write_old("letopis-archive-zip.tmp", b"PK\x03\x04");
        leftover(&dir.join(".letopis-archive-folder.tmp"), &[]);
        remove_leftover_archives(dir);
        assert_eq!(
            names(dir),
            [
                ".letopis-archive-folder.tmp",
                ".letopis-archive-text.tmp",
                ".letopis-archive-zip.tmp.bak",
                "letopis-archive-zip.tmp",
            ]
        );
    }
}
