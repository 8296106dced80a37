//! Removing what an interrupted run left beside the output: a killed `build` leaves its
//! `.letopis-build-*` folder, a killed `archive` its `.letopis-archive-*.tmp` file, and
//! nothing else would ever delete them.
//!
//! Being wrong here destroys someone's files, so a leftover is removed only when all of
//! these hold: its name is one letopis gives, it has not changed for [`STALE_AFTER`]
//! (so a run still going is never touched), and its contents are only what letopis
//! writes there. Anything else is left alone, and a leftover that cannot be removed is
//! skipped: it does no harm, and the build must not fail over it.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::write::MARKER;

/// The name of a build's temporary folder starts with this.
pub(super) const BUILD_PREFIX: &str = ".letopis-build-";

/// Inside a build's temporary folder: the new output being written.
pub(super) const BUILD_SITE: &str = "site";

/// Inside a build's temporary folder: the previous output, moved aside.
pub(super) const BUILD_PREVIOUS: &str = "previous";

/// The name of an archive's temporary file starts with this…
pub(super) const ARCHIVE_PREFIX: &str = ".letopis-archive-";

/// …and ends with this.
pub(super) const ARCHIVE_SUFFIX: &str = ".tmp";

/// How long a leftover must have been unchanged before it counts as abandoned; far
/// longer than any build takes.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Removes abandoned build folders in `parent`, the folder that holds the output.
pub(super) fn remove_stale_builds(parent: &Path) {
    remove_stale(parent, is_stale_build, |path| fs::remove_dir_all(path));
}

/// Removes abandoned temporary archives in `parent`, the folder that holds the zip.
pub(super) fn remove_stale_archives(parent: &Path) {
    remove_stale(parent, is_stale_archive, |path| fs::remove_file(path));
}

/// Removes every entry of `parent` that `is_stale` accepts.
fn remove_stale(
    parent: &Path,
    is_stale: fn(&Path, &str) -> bool,
    remove: fn(&Path) -> io::Result<()>,
) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if is_stale(&path, &entry.file_name().to_string_lossy()) {
            // Skipped on failure: see the module comment.
            let _ = remove(&path);
        }
    }
}

/// A real folder (not a link) named as a build's, unchanged for long, holding only the
/// new output and the previous one.
fn is_stale_build(path: &Path, name: &str) -> bool {
    name.starts_with(BUILD_PREFIX)
        && is_old_folder(path)
        && fs::read_dir(path).is_ok_and(|entries| {
            entries.into_iter().all(|entry| {
                entry.is_ok_and(|entry| match entry.file_name().to_str() {
                    Some(BUILD_SITE) => is_old_folder(&entry.path()),
                    Some(BUILD_PREVIOUS) => is_previous_output(&entry.path()),
                    _ => false,
                })
            })
        })
}

/// A previous output: a real folder holding the marker, or an empty one (`build`
/// replaces an empty folder too).
fn is_previous_output(path: &Path) -> bool {
    is_old_folder(path)
        && (path.join(MARKER).is_file()
            || fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()))
}

/// A real file (not a link) named as an archive's temporary file, unchanged for long,
/// that is empty or starts as every zip letopis writes does.
fn is_stale_archive(path: &Path, name: &str) -> bool {
    let named = name.starts_with(ARCHIVE_PREFIX) && name.ends_with(ARCHIVE_SUFFIX);
    let old_file = fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file() && is_old(&meta));
    named && old_file && {
        let mut head = Vec::with_capacity(4);
        File::open(path)
            .and_then(|file| file.take(4).read_to_end(&mut head))
            .is_ok_and(|_| head.is_empty() || head == b"PK\x03\x04")
    }
}

/// A real folder (not a link) unchanged for long.
fn is_old_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir() && is_old(&meta))
}

/// Whether the entry was last changed more than [`STALE_AFTER`] ago; `false` when its
/// time cannot be read or lies in the future.
fn is_old(meta: &fs::Metadata) -> bool {
    meta.modified()
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .is_some_and(|age| age > STALE_AFTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets the modification time of the file or folder at `path` to two hours ago.
    fn age(path: &Path) {
        let two_hours_ago = SystemTime::now() - 2 * STALE_AFTER;
        File::open(path)
            .and_then(|file| file.set_modified(two_hours_ago))
            .unwrap();
    }

    /// Writes the files at `paths` (a path ending in `/` is a folder) under `dir`, then
    /// makes every folder and file old, deepest first so that no later write renews one.
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
        let mut all: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|entry| entry.unwrap().into_path())
            .collect();
        all.sort_by_key(|path| std::cmp::Reverse(path.components().count()));
        all.iter().for_each(|path| age(path));
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
    fn removes_old_build_folders_holding_only_a_new_and_a_previous_output() {
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
        remove_stale_builds(dir);
        assert_eq!(names(dir), Vec::<String>::new());
    }

    #[test]
    fn keeps_build_folders_that_are_recent_or_hold_anything_else() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::create_dir_all(dir.join(".letopis-build-recent/site")).unwrap();
        leftover(&dir.join(".letopis-build-notes"), &["site/", "notes.txt"]);
        leftover(
            &dir.join(".letopis-build-unmarked"),
            &["previous/thesis.docx"],
        );
        leftover(&dir.join(".letopis-build-file-site"), &["site"]);
        leftover(&dir.join("letopis-build-unhidden"), &["site/"]);
        fs::write(dir.join(".letopis-build-file"), "x").unwrap();
        age(&dir.join(".letopis-build-file"));
        // A build still writing: its folder is old, the new output in it is not.
        fs::create_dir_all(dir.join(".letopis-build-writing/site")).unwrap();
        age(&dir.join(".letopis-build-writing"));
        remove_stale_builds(dir);
        assert_eq!(
            names(dir),
            [
                ".letopis-build-file",
                ".letopis-build-file-site",
                ".letopis-build-notes",
                ".letopis-build-recent",
                ".letopis-build-unmarked",
                ".letopis-build-writing",
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
        remove_stale_builds(&dir);
        assert_eq!(names(&dir), [".letopis-build-link"]);
        assert_eq!(names(&precious), ["site"]);
    }

    #[test]
    fn removes_old_temporary_archives_but_nothing_that_does_not_look_like_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let write_old = |name: &str, bytes: &[u8]| {
            fs::write(dir.join(name), bytes).unwrap();
            age(&dir.join(name));
        };
        write_old(".letopis-archive-empty.tmp", b"");
        write_old(".letopis-archive-zip.tmp", b"PK\x03\x04rest of a zip");
        write_old(".letopis-archive-text.tmp", b"an editor's notes");
        write_old(".letopis-archive-zip.tmp.bak", b"PK\x03\x04");
        write_old("letopis-archive-zip.tmp", b"PK\x03\x04");
        fs::write(dir.join(".letopis-archive-recent.tmp"), b"PK\x03\x04").unwrap();
        leftover(&dir.join(".letopis-archive-folder.tmp"), &[]);
        remove_stale_archives(dir);
        assert_eq!(
            names(dir),
            [
                ".letopis-archive-folder.tmp",
                ".letopis-archive-recent.tmp",
                ".letopis-archive-text.tmp",
                ".letopis-archive-zip.tmp.bak",
                "letopis-archive-zip.tmp",
            ]
        );
    }
}
