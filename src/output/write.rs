//! Writing a [`Site`] to the output folder without ever losing data.
//!
//! The output folder is replaced as a whole, never edited in place, so a reader (a web
//! server, a browser, `serve`) sees either the previous build or the new one, and a
//! build may remove only what letopis wrote:
//!
//! 1. lock the folder that holds the output ([`super::lock`]), so that one run at a
//!    time works there, and remove what dead runs left beside it;
//! 2. check that the folder may be replaced at all: it must hold no part of the
//!    edition, no two paths of the site may differ only in case, and everything in it
//!    must be what the last build wrote ([`super::survey`]), or the build refuses and
//!    names the rest (with `--force`, moves it aside);
//! 3. write every page into a fresh folder inside a temporary folder beside the output,
//!    on the same filesystem, so that the swap below is a rename and not a copy, and
//!    record each file in the new marker; a page whose bytes are those of the previous
//!    output's file at its path takes that file over instead ([`super::reuse`]);
//! 4. swap: exchange the new folder and the output in one step where the system can
//!    ([`super::swap`]), then remove from the previous output only the files the
//!    survey found to be letopis's.
//!
//! Any failure before the swap only removes the temporary folder, and so does Ctrl-C
//! ([`super::interrupt`]). The files are not synced to disk: this protects against a
//! failed build, not against a power cut.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};
use rayon::prelude::*;
use tempfile::TempDir;

use super::case_clash::check_case_clashes;
use super::hash::{Hasher, Xxh3Digest, hex_of};
use super::leftovers::{BUILD_PREFIX, BUILD_SITE, remove_leftover_builds};
use super::lock::{FolderLock, lock_folder};
use super::marker::{self, Record};
use super::reuse::{Linked, NewFile, Reusable};
use super::survey::{self, Survey, refusal, survey};
use super::{interrupt, swap};
use crate::config::THEMES_DIR;
use crate::site::{Page, PagePath, Site};

pub use super::marker::MARKER;

/// Where a build goes, and the edition it must never overwrite.
///
/// The paths are taken as the caller gives them (relative to the working folder or
/// absolute); the parts that exist are canonicalised before any comparison, so
/// `./public`, `public/` and a path through a symlinked parent all compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTarget {
    /// The folder to create or replace.
    pub out_dir: PathBuf,
    /// The folder holding `book.toml`.
    pub edition_root: PathBuf,
    /// The folder the edition's chapters and registers are read from.
    pub content_dir: PathBuf,
    /// Replace the output even when it holds files letopis did not write, moving them
    /// aside first (`--force`).
    pub force: bool,
}

/// Writes every page of `site` to `target.out_dir`, replacing the previous output.
///
/// Refuses (with an error saying what to do) an output folder that holds anything the
/// last build did not write, or one that is, contains or lies inside a part of the
/// edition, and a site with two paths that differ only in case. On any failure the
/// previous output is left exactly as it was.
pub fn write_site(site: &Site, target: &OutputTarget) -> anyhow::Result<Committed> {
    let staging = Staging::new(target, site.pages().iter().map(|page| &page.path))?;
    site.pages()
        .par_iter()
        .try_for_each(|page| staging.write(page))?;
    staging.commit()
}

/// What a finished build did besides writing the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Committed {
    /// With `--force`: the folder that the entries letopis did not write were moved
    /// to, and how many there were.
    pub kept_aside: Option<(PathBuf, usize)>,
}

/// A new output being written beside the old one: pages go in as they are ready, in
/// any order and from any thread, and [`Staging::commit`] swaps the whole folder into
/// place. Dropping it without committing removes it and leaves the old output alone.
///
/// This lets a large edition be written while it is rendered, without holding every
/// page in memory; [`write_site`] is the same for a site that is already in memory.
pub struct Staging {
    out: PathBuf,
    shown: String,
    force: bool,
    planned: Vec<String>,
    temporary: TempDir,
    dir: PathBuf,
    records: Mutex<Vec<Record>>,
    /// The previous output's files that a page with the same bytes takes over, by path
    /// (none with `--force`, which does not survey first).
    reusable: HashMap<String, Reusable>,
    /// What a file created in the new output is (`None`: nothing is taken over).
    new_file: Option<NewFile>,
    /// The pages that took over a file of the previous output.
    linked: Mutex<Vec<Linked>>,
    /// Declared last so that it is released after the temporary folder is gone.
    _lock: FolderLock,
}

impl Staging {
    /// Locks the output's folder, checks the target and the full list of paths the
    /// output will have, removes what dead runs left behind, and creates the temporary
    /// folder with every folder the pages need.
    pub fn new<'a>(
        target: &OutputTarget,
        paths: impl Iterator<Item = &'a PagePath> + Clone,
    ) -> anyhow::Result<Self> {
        let out = check_target(target)?;
        let shown = shown_folder(&target.out_dir);
        check_case_clashes(paths.clone().map(PagePath::as_str))?;
        if let Some(path) = paths.clone().find(|p| p.as_str() == MARKER) {
            bail!("the site has a page named {path}, a name letopis keeps for its output marker");
        }
        let parent = out
            .parent()
            .with_context(|| format!("{} has no parent folder", out.display()))?;
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let lock = lock_folder(parent)?;
        remove_leftover_builds(parent);
        let planned: Vec<String> = paths.clone().map(|p| p.as_str().to_owned()).collect();
        let mut reusable = HashMap::new();
        if !target.force {
            let survey = survey_output(&out, &planned)?;
            if !survey.foreign.is_empty() {
                return Err(refusal(&shown, &survey.foreign, &kept_folder_name(&out)));
            }
            reusable = survey.reusable;
        }
        let temporary = tempfile::Builder::new()
            .prefix(BUILD_PREFIX)
            .tempdir_in(parent)
            .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
        interrupt::register(temporary.path());
        // A folder inside the temporary one, because `TempDir` is created with mode 0700,
        // which a web server serving the output could not read.
        let dir = temporary.path().join(BUILD_SITE);
        create_folders(&dir, paths)?;
        let new_file = NewFile::in_folder(&dir);
        // Sized once: grown by doubling, its spare room was a megabyte of the peak at
        // 10,000 chapters.
        let records = Vec::with_capacity(planned.len());
        Ok(Self {
            out,
            shown,
            force: target.force,
            planned,
            temporary,
            dir,
            records: Mutex::new(records),
            reusable,
            new_file,
            linked: Mutex::new(Vec::new()),
            _lock: lock,
        })
    }

    /// Writes one page (its folder exists: [`Staging::new`] made them all), or takes
    /// over the previous output's file at its path when that holds the same bytes.
    pub fn write(&self, page: &Page) -> anyhow::Result<()> {
        let path = self.dir.join(page.path.as_str());
        let xxh3 = hex_of::<Xxh3Digest>(&page.bytes);
        let meta = match self.take_over(page, &xxh3, &path)? {
            Some(meta) => meta,
            None => write_file(&path, &page.bytes)
                .with_context(|| format!("creating the file {}", path.display()))
                .with_context(|| self.failed(&page.path))?,
        };
        self.record(&page.path, &meta, xxh3)
    }

    /// Links the previous output's file of `page` at `path` when it holds the page's
    /// bytes (digest `xxh3`) and may be taken over ([`super::reuse`]): its metadata, or
    /// `None` when the page is to be written.
    fn take_over(
        &self,
        page: &Page,
        xxh3: &str,
        path: &Path,
    ) -> anyhow::Result<Option<fs::Metadata>> {
        let Some(new_file) = self.new_file else {
            return Ok(None);
        };
        let Some(old) =
            (self.reusable.get(page.path.as_str())).filter(|old| old.holds(page.bytes.len(), xxh3))
        else {
            return Ok(None);
        };
        let linked = old
            .link(&self.out.join(page.path.as_str()), path, new_file)
            .with_context(|| format!("removing {}", path.display()))
            .with_context(|| self.failed(&page.path))?;
        if let Some(meta) = &linked {
            self.linked
                .lock()
                .map_err(|_| anyhow::anyhow!("a writing thread failed"))?
                .push(Linked::new(page.path.as_str(), meta));
        }
        Ok(linked)
    }

    /// Copies the file at `source` to `path` in the output, piece by piece: a scan of
    /// gigabytes takes no more memory than a page. Runs of zeros become holes, so a
    /// sparse file stays sparse.
    pub fn copy(&self, path: &PagePath, source: &Path) -> anyhow::Result<()> {
        let to = self.dir.join(path.as_str());
        let digest = copy_sparse(source, &to)
            .with_context(|| format!("copying {} to {}", source.display(), to.display()))
            .with_context(|| self.failed(path))?;
        let meta = fs::metadata(&to)
            .with_context(|| format!("reading {}", to.display()))
            .with_context(|| self.failed(path))?;
        self.record(path, &meta, digest)
    }

    /// Remembers a written file, whose metadata is `meta`, for the marker.
    fn record(&self, path: &PagePath, meta: &fs::Metadata, xxh3: String) -> anyhow::Result<()> {
        let record = Record {
            path: path.as_str().to_owned(),
            size: meta.len(),
            modified: marker::modified(meta),
            xxh3: Some(xxh3),
            sha256: None,
        };
        self.records
            .lock()
            .map_err(|_| anyhow::anyhow!("a writing thread failed"))?
            .push(record);
        Ok(())
    }

    /// The context of a failed write.
    fn failed(&self, path: &PagePath) -> String {
        format!("writing {path} (the previous output is left as it was)")
    }

    /// Marks the new output as letopis's, with the list of its files, and swaps it
    /// into place. The output is surveyed again first: a file added to it during the
    /// build is refused (or, with `--force`, moved aside) like any other.
    pub fn commit(self) -> anyhow::Result<Committed> {
        let records = self
            .records
            .into_inner()
            .map_err(|_| anyhow::anyhow!("a writing thread failed"))?;
        let linked =
            (self.linked.into_inner()).map_err(|_| anyhow::anyhow!("a writing thread failed"))?;
        if let Some(changed) = linked
            .iter()
            .find(|page| !page.still_same(&self.dir.join(&page.path)))
        {
            bail!(
                "{}{} changed while letopis was building, and the new output shares that file: \
                 nothing was replaced; build again",
                self.shown,
                survey::escape(&changed.path)
            );
        }
        marker::write(&self.dir, records)?;
        let survey = survey_output(&self.out, &self.planned)?;
        let mut committed = Committed::default();
        if !survey.foreign.is_empty() {
            if !self.force {
                return Err(refusal(
                    &self.shown,
                    &survey.foreign,
                    &kept_folder_name(&self.out),
                ));
            }
            committed.kept_aside = Some(swap::move_aside(&self.out, &survey.foreign)?);
        }
        swap::swap_into_place(self.temporary, &self.dir, &self.out, &survey.ours)?;
        Ok(committed)
    }
}

/// Writes `bytes` to a new file at `path`; its metadata (for the marker) is read from
/// the open file, not looked up again by path.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<fs::Metadata> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.metadata()
}

/// Surveys the output folder when it exists (nothing to survey when it does not).
fn survey_output(out: &Path, planned: &[String]) -> anyhow::Result<Survey> {
    if fs::symlink_metadata(out).is_err() {
        return Ok(Survey::default());
    }
    let planned: HashSet<&str> = planned.iter().map(String::as_str).collect();
    survey(out, &planned)
}

/// The name of the folder `--force` moves foreign entries to, as the refusal shows it.
fn kept_folder_name(out: &Path) -> String {
    swap::kept_folder(out).display().to_string()
}

/// The size of the pieces a static file is copied in.
const PIECE: usize = 1 << 20;

/// Copies `from` to `to` piece by piece, hashing as it goes; a piece of zeros is
/// skipped over (a hole) instead of written. Returns the marker's digest.
fn copy_sparse(from: &Path, to: &Path) -> io::Result<String> {
    let mut source = File::open(from)?;
    let mut target = File::create(to)?;
    let mut hasher = Hasher::<Xxh3Digest>::default();
    let mut piece = vec![0; PIECE];
    // Compared as slices, which is one `memcmp`.
    let zeros = vec![0; PIECE];
    let mut length = 0u64;
    loop {
        let read = read_piece(&mut source, &mut piece)?;
        if read == 0 {
            break;
        }
        let bytes = &piece[..read];
        hasher.write_all(bytes)?;
        if bytes == &zeros[..read] {
            target.seek(io::SeekFrom::Current(read as i64))?;
        } else {
            target.write_all(bytes)?;
        }
        length += read as u64;
    }
    target.set_len(length)?;
    Ok(hasher.finish())
}

/// Fills `piece` as far as the file allows (a short read is not the end).
fn read_piece(source: &mut File, piece: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < piece.len() {
        match source.read(&mut piece[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Creates `dir` and every folder the pages at `paths` will need.
fn create_folders<'a>(dir: &Path, paths: impl Iterator<Item = &'a PagePath>) -> anyhow::Result<()> {
    fs::create_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    let folders: std::collections::BTreeSet<&str> = paths
        .filter_map(|p| p.as_str().rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    for folder in folders {
        let path = dir.join(folder);
        fs::create_dir_all(&path).with_context(|| {
            format!(
                "creating the folder {} (the previous output is left as it was)",
                path.display()
            )
        })?;
    }
    Ok(())
}

/// Checks every refusal and returns the output folder as an absolute, resolved path.
fn check_target(target: &OutputTarget) -> anyhow::Result<PathBuf> {
    let shown = shown_folder(&target.out_dir);
    if let Ok(meta) = fs::symlink_metadata(&target.out_dir) {
        if meta.file_type().is_symlink() {
            bail!(
                "refusing to write to {shown}: it is a symbolic link, and replacing the output \
                 would replace the link, not the folder it points to; give the real folder as --out"
            );
        }
        if !meta.is_dir() {
            bail!(
                "refusing to write to {shown}: it is a file, not a folder; move it away or choose another --out"
            );
        }
    }
    let out = resolve(&target.out_dir)?;
    check_edition_parts(
        &out,
        &resolve(&target.edition_root)?,
        &resolve(&target.content_dir)?,
        &shown,
    )?;
    check_themes(
        &out,
        &resolve(&target.edition_root.join(THEMES_DIR))?,
        &shown,
    )?;
    Ok(out)
}

/// Refuses an output folder that is the themes folder or lies inside it: the next build
/// would take an output written to `themes/default/` for the edition's theme, and its
/// `static/` for the theme's files. (A folder holding the themes folder holds the
/// edition root, refused with the other parts of the edition.)
fn check_themes(out: &Path, themes: &Path, shown: &str) -> anyhow::Result<()> {
    if out == themes {
        bail!(
            "refusing to replace {shown}: it is the themes folder, which holds the edition's \
             theme; choose a folder outside it"
        );
    }
    if out.starts_with(themes) {
        bail!(
            "refusing to write to {shown}: it lies inside the themes folder {}, so the next \
             build would read its own output as theme files; choose a folder outside it",
            themes.display()
        );
    }
    Ok(())
}

/// Refuses an output folder that overlaps the edition in any direction.
fn check_edition_parts(out: &Path, root: &Path, content: &Path, shown: &str) -> anyhow::Result<()> {
    if out == content {
        bail!(
            "refusing to replace {shown}: it is the content folder, which holds the edition's \
             text; choose a folder outside it, such as {}",
            root.join("public").display()
        );
    }
    if out.starts_with(content) {
        bail!(
            "refusing to write to {shown}: it lies inside the content folder {}, so the next build \
             would read its own output as content; choose a folder outside it",
            content.display()
        );
    }
    if out == root {
        bail!(
            "refusing to replace {shown}: it is the edition's root folder; choose a folder inside it, \
             such as {}",
            root.join("public").display()
        );
    }
    for (part, what) in [(root, "the edition root"), (content, "the content folder")] {
        if part.starts_with(out) {
            bail!(
                "refusing to replace {shown}: it contains {what} {}; choose another --out",
                part.display()
            );
        }
    }
    for name in ["content", "book.toml"] {
        if fs::symlink_metadata(out.join(name)).is_ok() {
            bail!(
                "refusing to replace {shown}: it contains {name}, so it looks like an edition, not \
                 letopis output; choose another --out"
            );
        }
    }
    Ok(())
}

/// Makes `path` absolute and resolves symlinks and `..` in the part of it that exists.
///
/// The part that does not exist yet is normalised by its names alone, which is what
/// creating it would do, so a new output folder compares correctly with the edition.
pub(crate) fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("finding the absolute path of {}", path.display()))?;
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        let Some(parent) = existing.parent() else {
            break;
        };
        missing.extend(existing.components().next_back());
        existing = parent;
    }
    let mut resolved =
        fs::canonicalize(existing).with_context(|| format!("resolving {}", existing.display()))?;
    for part in missing.into_iter().rev() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Ok(resolved)
}

/// The output folder as the user wrote it, with a trailing `/` to say it is a folder
/// (one only, also when the user wrote one).
pub fn shown_folder(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.ends_with(std::path::MAIN_SEPARATOR) || shown.ends_with('/') {
        shown
    } else {
        format!("{shown}/")
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// An edition root with `book.toml` and `content/`, and a target `root/public`.
    fn edition() -> (tempfile::TempDir, OutputTarget) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("book.toml"), "title = 'x'\n").unwrap();
        let target = OutputTarget {
            out_dir: root.join("public"),
            edition_root: root.clone(),
            content_dir: root.join("content"),
            force: false,
        };
        (tmp, target)
    }

    /// Every file under `dir` but the marker with its contents, by relative path.
    fn files(dir: &Path) -> Vec<(String, String)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect()
    }

    /// The names in `dir`, sorted: to check that no temporary folder was left behind.
    pub(in crate::output) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[track_caller]
    fn assert_refused(target: &OutputTarget, expected: &str) {
        let err = write_site(&Site::from_texts(&[("index.html", "new")]), target).unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains(expected),
            "expected {expected:?} in {message:?}"
        );
    }

    #[test]
    fn writes_pages_and_marker_into_a_new_folder() {
        let (_tmp, target) = edition();
        write_site(
            &Site::from_texts(&[("index.html", "home"), ("persons/a.html", "A")]),
            &target,
        )
        .unwrap();
        assert_eq!(
            files(&target.out_dir),
            [
                ("index.html".to_owned(), "home".to_owned()),
                ("persons/a.html".to_owned(), "A".to_owned()),
            ]
        );
        let marker: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(target.out_dir.join(MARKER)).unwrap())
                .unwrap();
        assert!(
            marker["note"]
                .as_str()
                .unwrap()
                .contains("generated by letopis")
        );
        let listed: Vec<_> = marker["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["path"].as_str().unwrap(), f["size"].as_u64().unwrap()))
            .collect();
        assert_eq!(listed, [("index.html", 4), ("persons/a.html", 1)]);
        assert_eq!(marker["files"][1]["xxh3"], hex_of::<Xxh3Digest>(b"A"));
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
    }

    #[test]
    fn replaces_previous_output_and_drops_stale_files() {
        let (_tmp, target) = edition();
        write_site(
            &Site::from_texts(&[("index.html", "one"), ("old.html", "stale")]),
            &target,
        )
        .unwrap();
        write_site(&Site::from_texts(&[("index.html", "two")]), &target).unwrap();
        let written = files(&target.out_dir);
        assert_eq!(written, [("index.html".to_owned(), "two".to_owned())]);
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
    }

    #[test]
    fn same_site_gives_identical_files() {
        let (_tmp, target) = edition();
        let pages = Site::from_texts(&[("index.html", "home"), ("static/a.css", "body{}")]);
        write_site(&pages, &target).unwrap();
        let first = files(&target.out_dir);
        write_site(&pages, &target).unwrap();
        assert_eq!(files(&target.out_dir), first);
    }

    #[test]
    fn failed_write_keeps_previous_output_and_removes_temporary_folder() {
        let (_tmp, target) = edition();
        write_site(&Site::from_texts(&[("index.html", "good")]), &target).unwrap();
        let before = files(&target.out_dir);
        // `a` as a file and `a/b.html` below it cannot both exist: the write fails midway.
        let clash = Site::from_texts(&[("a", "file"), ("a/b.html", "page"), ("index.html", "bad")]);
        let err = write_site(&clash, &target).unwrap_err();
        assert!(format!("{err:#}").contains("creating"), "{err:#}");
        assert_eq!(files(&target.out_dir), before);
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
    }

    #[test]
    fn refuses_paths_that_differ_only_in_case_and_keeps_previous_output() {
        let (_tmp, target) = edition();
        write_site(&Site::from_texts(&[("index.html", "good")]), &target).unwrap();
        let before = files(&target.out_dir);
        let clash = Site::from_texts(&[("static/map.png", "b"), ("static/Map.png", "A")]);
        let message = format!("{:#}", write_site(&clash, &target).unwrap_err());
        assert_eq!(
            message,
            "the site has two files whose paths differ only in upper and lower case, \
             static/Map.png and static/map.png: on a case-insensitive file system (macOS, \
             Windows) one would overwrite the other; rename one of them"
        );
        assert_eq!(files(&target.out_dir), before);
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
    }

    #[test]
    fn removes_the_folder_a_killed_build_left_beside_the_output() {
        let (_tmp, target) = edition();
        write_site(&Site::from_texts(&[("index.html", "one")]), &target).unwrap();
        // What a build killed between its two renames leaves: both outputs.
        let left = target.edition_root.join(".letopis-build-AbC123");
        fs::create_dir_all(left.join("site")).unwrap();
        fs::write(left.join("site/index.html"), "two").unwrap();
        fs::rename(&target.out_dir, left.join("previous")).unwrap();
        write_site(&Site::from_texts(&[("index.html", "three")]), &target).unwrap();
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
    }

    #[test]
    fn creates_missing_parent_folders() {
        let (_tmp, mut target) = edition();
        target.out_dir = target.edition_root.join("build/site/public");
        write_site(&Site::from_texts(&[("index.html", "x")]), &target).unwrap();
        assert_eq!(files(&target.out_dir).len(), 1);
    }

    #[test]
    fn dotted_paths_are_compared_resolved() {
        let (_tmp, mut target) = edition();
        target.out_dir = target
            .edition_root
            .join("public/../content/../public/./x/..");
        write_site(&Site::from_texts(&[("index.html", "x")]), &target).unwrap();
        assert!(target.edition_root.join("public/index.html").is_file());
        target.out_dir = target.edition_root.join("nothing/../content/html");
        assert_refused(&target, "lies inside the content folder");
    }

    #[test]
    fn refuses_folder_without_marker() {
        let (_tmp, target) = edition();
        fs::create_dir(&target.out_dir).unwrap();
        fs::write(target.out_dir.join("thesis.docx"), "years of work").unwrap();
        assert_refused(
            &target,
            "public/: it holds 1 entry that letopis did not write:\n  thesis.docx  (not written by letopis)\n",
        );
        assert_eq!(
            files(&target.out_dir),
            [("thesis.docx".to_owned(), "years of work".to_owned())]
        );
    }

    #[test]
    fn replaces_an_empty_folder_without_marker() {
        let (_tmp, target) = edition();
        fs::create_dir(&target.out_dir).unwrap();
        write_site(&Site::from_texts(&[("index.html", "x")]), &target).unwrap();
        assert!(target.out_dir.join(MARKER).is_file());
    }

    #[test]
    fn refuses_the_edition_root() {
        let (_tmp, mut target) = edition();
        target.out_dir = target.edition_root.clone();
        assert_refused(&target, "it is the edition's root folder");
        assert!(target.edition_root.join("book.toml").is_file());
    }

    #[test]
    fn refuses_a_folder_containing_the_edition_root() {
        let (_tmp, mut target) = edition();
        target.out_dir = target.edition_root.parent().unwrap().to_path_buf();
        assert_refused(&target, "it contains the edition root");
    }

    #[test]
    fn refuses_a_folder_containing_the_content_folder() {
        let (_tmp, mut target) = edition();
        let elsewhere = target.edition_root.join("site");
        target.content_dir = elsewhere.join("texts");
        fs::create_dir_all(&target.content_dir).unwrap();
        fs::write(elsewhere.join(MARKER), "").unwrap();
        target.out_dir = elsewhere;
        assert_refused(&target, "it contains the content folder");
        assert!(target.content_dir.is_dir());
    }

    #[test]
    fn refuses_the_content_folder_itself() {
        let (_tmp, mut target) = edition();
        target.out_dir = target.content_dir.clone();
        assert_refused(&target, "it is the content folder");
        assert!(target.content_dir.is_dir());
    }

    #[test]
    fn refuses_a_folder_inside_the_content_folder() {
        let (_tmp, mut target) = edition();
        target.out_dir = target.content_dir.join("public");
        assert_refused(&target, "lies inside the content folder");
        assert!(!target.out_dir.exists());
    }

    #[test]
    fn refuses_a_folder_that_holds_content_or_book_toml_even_with_marker() {
        for name in ["content", "book.toml"] {
            let (_tmp, target) = edition();
            fs::create_dir(&target.out_dir).unwrap();
            fs::write(target.out_dir.join(MARKER), "").unwrap();
            fs::write(target.out_dir.join(name), "").unwrap();
            assert_refused(
                &target,
                &format!("it contains {name}, so it looks like an edition"),
            );
        }
    }

    #[test]
    fn refuses_a_file() {
        let (_tmp, target) = edition();
        fs::write(&target.out_dir, "not a folder").unwrap();
        assert_refused(&target, "it is a file, not a folder");
        assert_eq!(fs::read_to_string(&target.out_dir).unwrap(), "not a folder");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_an_output_that_is_a_symlink() {
        let (tmp, target) = edition();
        let real = tmp.path().join("real");
        fs::create_dir(&real).unwrap();
        fs::write(real.join(MARKER), "").unwrap();
        std::os::unix::fs::symlink(&real, &target.out_dir).unwrap();
        assert_refused(&target, "it is a symbolic link");
        assert!(
            fs::symlink_metadata(&target.out_dir)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_in_old_output_is_moved_aside_with_force_and_its_target_kept() {
        let (tmp, mut target) = edition();
        let precious = tmp.path().join("precious");
        fs::create_dir(&precious).unwrap();
        fs::write(precious.join("notes.txt"), "keep me").unwrap();
        write_site(&Site::from_texts(&[("index.html", "one")]), &target).unwrap();
        std::os::unix::fs::symlink(&precious, target.out_dir.join("link")).unwrap();
        assert_refused(&target, "link  (a symbolic link letopis did not make)");
        target.force = true;
        let committed = write_site(&Site::from_texts(&[("index.html", "two")]), &target).unwrap();
        let kept = target.edition_root.join("public.kept");
        assert_eq!(committed.kept_aside, Some((kept.clone(), 1)));
        assert!(fs::symlink_metadata(target.out_dir.join("link")).is_err());
        assert!(
            fs::symlink_metadata(kept.join("link"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(precious.join("notes.txt")).unwrap(),
            "keep me"
        );
    }

    /// The inode of the file at `path`.
    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn a_page_with_the_same_bytes_takes_over_the_previous_file_and_a_changed_one_is_new() {
        use std::os::unix::fs::MetadataExt as _;
        let (_tmp, target) = edition();
        let out = &target.out_dir;
        write_site(
            &Site::from_texts(&[("index.html", "same"), ("persons/a.html", "old")]),
            &target,
        )
        .unwrap();
        let (index, person) = (
            inode(&out.join("index.html")),
            inode(&out.join("persons/a.html")),
        );
        write_site(
            &Site::from_texts(&[("index.html", "same"), ("persons/a.html", "new")]),
            &target,
        )
        .unwrap();
        assert_eq!(inode(&out.join("index.html")), index);
        assert_ne!(inode(&out.join("persons/a.html")), person);
        assert_eq!(
            files(out),
            [
                ("index.html".to_owned(), "same".to_owned()),
                ("persons/a.html".to_owned(), "new".to_owned()),
            ]
        );
        // The previous output's name is gone: the file has one name, in the new output.
        assert_eq!(fs::metadata(out.join("index.html")).unwrap().nlink(), 1);
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
        // The marker lists the file as it is, so the next build knows it as letopis's.
        write_site(&Site::from_texts(&[("index.html", "same")]), &target).unwrap();
        assert_eq!(inode(&out.join("index.html")), index);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_another_name_or_other_permissions_is_not_taken_over() {
        use std::os::unix::fs::PermissionsExt as _;
        let (tmp, target) = edition();
        let out = &target.out_dir;
        let site = Site::from_texts(&[("a.html", "same"), ("b.html", "same")]);
        write_site(&site, &target).unwrap();
        let mode = fs::metadata(out.join("a.html"))
            .unwrap()
            .permissions()
            .mode();
        // A second name outside the output, through which the new output could change.
        let elsewhere = tmp.path().join("copy.html");
        fs::hard_link(out.join("a.html"), &elsewhere).unwrap();
        fs::set_permissions(out.join("b.html"), fs::Permissions::from_mode(0o600)).unwrap();
        let (a, b) = (inode(&out.join("a.html")), inode(&out.join("b.html")));
        write_site(&site, &target).unwrap();
        assert_ne!(inode(&out.join("a.html")), a);
        assert_ne!(inode(&out.join("b.html")), b);
        let mode_of = |name: &str| fs::metadata(out.join(name)).unwrap().permissions().mode();
        assert_eq!((mode_of("a.html"), mode_of("b.html")), (mode, mode));
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "same");
    }

    #[cfg(unix)]
    #[test]
    fn a_taken_over_file_written_into_during_the_build_stops_it() {
        let (_tmp, target) = edition();
        let page = Page {
            path: PagePath::new("index.html").unwrap(),
            bytes: b"same".to_vec(),
        };
        write_site(&Site::from_texts(&[("index.html", "same")]), &target).unwrap();
        let index = inode(&target.out_dir.join("index.html"));
        let staging = Staging::new(&target, [&page.path].into_iter()).unwrap();
        staging.write(&page).unwrap();
        assert_eq!(inode(&staging.dir.join("index.html")), index);
        // Someone edits the previous output's page, which the new output now shares.
        fs::write(target.out_dir.join("index.html"), "an edit!").unwrap();
        let message = format!("{:#}", staging.commit().unwrap_err());
        assert!(
            message.ends_with(
                "public/index.html changed while letopis was building, and the new output \
                 shares that file: nothing was replaced; build again"
            ),
            "{message}"
        );
        assert_eq!(
            files(&target.out_dir),
            [("index.html".to_owned(), "an edit!".to_owned())]
        );
        assert_eq!(
            names(&target.edition_root),
            ["book.toml", "content", "public"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn output_folder_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let (_tmp, target) = edition();
        write_site(&Site::from_texts(&[("index.html", "x")]), &target).unwrap();
        let mode = fs::metadata(&target.out_dir).unwrap().permissions().mode();
        assert_ne!(mode & 0o005, 0, "mode {mode:o}");
    }
}
