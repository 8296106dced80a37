//! Stage 1, disk → [`Sources`]: every input file read, checked to be text, its YAML
//! parsed with positions in the editor's file.
//!
//! Files are read in parallel; the result is sorted by path so the build does not depend
//! on the order the file system lists them in.

mod chapters;
mod folder;
mod registers;
mod yaml;
mod yaml_error;

pub use chapters::{ChapterFile, ChapterMeta, DocumentMeta, FrontMatter, SpeakerMeta};
pub use registers::{BibliographyFile, RawEntry, RawSource, RegisterFile};
pub use yaml::Located;

pub use folder::is_editor_litter;
pub(crate) use folder::slash_path;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText, not_utf8};
use crate::site::PagePath;
use anyhow::Context as _;
use folder::{Bounds, SkipReason, Skipped};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder under the content folder that holds the chapters.
pub const CHAPTERS_DIR: &str = "chapters";
/// The folder under the content folder copied to `static/` as it is.
pub const STATIC_DIR: &str = "static";
/// The folder under `static/` that the search index is written to
/// (`render::search::FOLDER`): the edition's own static files may not be there.
const SEARCH_DIR: &str = "search";
/// The bibliography file under the content folder.
pub const SOURCES_FILE: &str = "sources.yaml";

/// Every input of an edition, read.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Chapters sorted by file path, then the pages of `[matter]` (read as chapters).
    pub chapters: Vec<ChapterFile>,
    /// One register per configured kind, in the configuration's order.
    pub registers: Vec<RegisterFile>,
    /// `sources.yaml`.
    pub bibliography: BibliographyFile,
    /// Files under `content/static/`, copied as they are.
    pub static_files: Vec<StaticFile>,
    /// `anchors.lock` beside book.toml, when there is one.
    pub anchors: Option<SourceText>,
    /// Whether every chapter file found was read: one that could not be (not UTF-8,
    /// binary, a link out of the edition), or a chapters folder that is missing, is an
    /// error, and what the chapters mention is then unknown.
    pub all_chapters_read: bool,
}

/// A file of `content/static/`, copied to the output unchanged. Only its place is
/// kept, never its bytes: a facsimile edition's scans run to gigabytes, and `check`
/// never needs them; `build` copies each file piece by piece.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// The path under `content/static/` (`/` separators).
    pub path: String,
    /// The regular file to copy it from (a link's target, resolved).
    pub source: std::path::PathBuf,
}

/// A file of a theme folder, read.
#[derive(Debug, Clone)]
pub struct FolderFile {
    /// The path under the folder it was read from (`/` separators).
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Reads the edition's inputs. Editors' mistakes come back as diagnostics; a file that
/// exists but cannot be read is an I/O error.
pub fn load(config: &Config) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    load_with(config, None)
}

/// Chapter files as read by an earlier [`load_with`], by the path shown in diagnostics:
/// `serve` keeps them so that a file whose bytes did not change is not checked and its
/// front matter not parsed again.
///
/// A file whose [`FileStamp`] is the one it had when it was read, and had settled by
/// then, is not even read again: so a rebuild reads only the files that changed.
#[derive(Debug, Default)]
pub struct ReadMemo {
    chapters: HashMap<String, (ChapterFile, Vec<Diagnostic>, Option<FileStamp>)>,
    /// The register files as last read, by kind and path.
    registers: YamlMemo<RegisterFile>,
    /// `sources.yaml` as last read.
    bibliography: YamlMemo<BibliographyFile>,
}

/// YAML files as last read, by the name they were read under and their path: each with
/// its text and what was read from it. Reading a file is cheap, parsing its YAML is
/// not (about 3 ms a save for the registers of a 1,000-chapter edition), and the same
/// text always reads the same, so a file whose text did not change is not parsed again.
type YamlMemo<T> = HashMap<(String, PathBuf), Kept<T>>;

/// A YAML file's text, and what it read into.
type Kept<T> = (Arc<str>, Arc<(T, Vec<Diagnostic>)>);

/// What a file's metadata tells of its content: its length, when it was last modified
/// and (on Unix) when its inode last changed and which inode it is, so that a file
/// written again or replaced by a rename (as editors save) has a new stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: Option<std::time::SystemTime>,
    inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` (following links), if it can be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            let nanos = u32::try_from(meta.ctime_nsec()).unwrap_or(0);
            let changed = u64::try_from(meta.ctime())
                .ok()
                .map(|secs| std::time::UNIX_EPOCH + std::time::Duration::new(secs, nanos));
            (changed, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (None, 0);
        Some(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
            inode,
        })
    }

    /// The stamp of the file at `path` when its last change is at least a second old:
    /// a later write then gets a later time even on a file system whose clock is coarse,
    /// so an equal stamp means equal bytes. `None` for a file changed just now.
    fn settled(path: &Path) -> Option<Self> {
        let before = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
        let stamp = Self::of(path)?;
        let last = stamp.changed.max(stamp.modified)?;
        (last < before).then_some(stamp)
    }
}

/// [`load`], taking unchanged chapter files from `memo` (and leaving the files read
/// this time in it) when there is one.
pub fn load_with(
    config: &Config,
    mut memo: Option<&mut ReadMemo>,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let (chapters, all_chapters_read) =
        load_chapters(config, memo.as_deref_mut(), &mut diagnostics)?;
    let earlier = memo.as_deref();
    let registers = config
        .registers
        .par_iter()
        .map(|kind| {
            let path = config.content_dir.join(&kind.file);
            let memo = earlier.map(|m| &m.registers);
            read_yaml_kept(config, (&kind.name, path), memo, |text| {
                registers::read_register(&kind.name, text)
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let path = config.content_dir.join(SOURCES_FILE);
    let memo_sources = earlier.map(|m| &m.bibliography);
    let bibliography = read_yaml_kept(config, (SOURCES_FILE, path), memo_sources, |text| {
        registers::read_bibliography(text)
    })?;
    let mut kept = YamlMemo::default();
    let registers = registers
        .into_iter()
        .map(|read| read.keep(&mut kept, &mut diagnostics))
        .collect();
    let mut kept_sources = YamlMemo::default();
    let bibliography = bibliography.keep(&mut kept_sources, &mut diagnostics);
    if let Some(memo) = memo {
        memo.registers = kept;
        memo.bibliography = kept_sources;
    }
    let static_files = load_static(config, &mut diagnostics)?;
    let sources = Sources {
        chapters,
        registers,
        bibliography,
        static_files,
        anchors: load_anchors(config, &mut diagnostics)?,
        all_chapters_read,
    };
    Ok((sources, diagnostics))
}

/// A YAML file read through a [`YamlMemo`]: what was read from it, and what to keep
/// of it for the next time.
struct KeptRead<T> {
    value: T,
    found: Vec<Diagnostic>,
    /// The key, the text and what it read into, when the file was read as text
    /// through a memo.
    kept: Option<((String, PathBuf), Kept<T>)>,
}

impl<T> KeptRead<T> {
    /// Keeps this read in `memo` for the next time, and passes on its value and
    /// diagnostics.
    fn keep(self, memo: &mut YamlMemo<T>, diagnostics: &mut Vec<Diagnostic>) -> T {
        if let Some((key, kept)) = self.kept {
            memo.insert(key, kept);
        }
        diagnostics.extend(self.found);
        self.value
    }
}

/// Reads the YAML file at `key.1` with `read`, unless `memo` holds what the same text
/// read into under the same name. Without a memo (`build`, `check`) the file is only
/// read: nothing is shared or copied to be kept.
fn read_yaml_kept<T: Clone>(
    config: &Config,
    key: (&str, PathBuf),
    memo: Option<&YamlMemo<T>>,
    read: impl FnOnce(Option<Result<SourceText, Diagnostic>>) -> (T, Vec<Diagnostic>),
) -> anyhow::Result<KeptRead<T>> {
    let text = read_yaml(config, &key.1)?;
    let shared = match (&text, memo) {
        (Some(Ok(src)), Some(memo)) => Some((src.shared_text(), memo)),
        _ => None,
    };
    let Some((shared, memo)) = shared else {
        let (value, found) = read(text);
        return Ok(KeptRead {
            value,
            found,
            kept: None,
        });
    };
    let key = (key.0.to_owned(), key.1);
    let kept = match memo.get(&key).filter(|(old, _)| *old == shared) {
        Some((_, read)) => Arc::clone(read),
        None => Arc::new(read(text)),
    };
    let (value, found) = (kept.0.clone(), kept.1.clone());
    Ok(KeptRead {
        value,
        found,
        kept: Some((key, (shared, kept))),
    })
}

/// `anchors.lock`, when the edition has one; like every input it must be UTF-8 text,
/// and one that is not (a merge gone wrong, an editor's encoding) is an error at its
/// first bad byte, which also keeps `build` from writing the file afresh over it.
fn load_anchors(
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Option<SourceText>> {
    let path = config.root.join(crate::link::ANCHORS_LOCK);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(SourceText::new(crate::link::ANCHORS_LOCK, text))),
        Err(e) => {
            diagnostics.push(not_utf8(crate::link::ANCHORS_LOCK.to_owned(), e));
            Ok(None)
        }
    }
}

/// The chapter files, and whether each one found was read (see
/// [`Sources::all_chapters_read`]).
fn load_chapters(
    config: &Config,
    mut memo: Option<&mut ReadMemo>,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<(Vec<ChapterFile>, bool)> {
    let dir = config.content_dir.join(CHAPTERS_DIR);
    if !dir.is_dir() {
        let shown = display_path(config, &dir);
        let (message, hint) = if dir.exists() {
            (
                "the chapters folder is a file",
                "put the chapters, one Markdown file each, in a folder of this name",
            )
        } else {
            (
                "the chapters folder does not exist",
                "put the chapters, one Markdown file each, in this folder",
            )
        };
        diagnostics.push(Diagnostic::for_file(Severity::Error, shown, message).with_hint(hint));
        // No chapter was read, so what the entries are mentioned by is unknown.
        return Ok((Vec::new(), false));
    }
    let listing = folder::list(&dir, &content_bounds(config)?)?;
    diagnostics.extend(listing.skipped.iter().map(|s| skipped_problem(config, s)));
    let mut paths = Vec::new();
    for file in listing.files {
        if file.relative.ends_with(".md") {
            paths.push(file.path);
        } else {
            let shown = display_path(config, &file.path);
            let message = "not a chapter (only .md files are read); ignored";
            diagnostics.push(Diagnostic::for_file(Severity::Warning, shown, message));
        }
    }
    // The pages of `[matter]` are read as chapters are; link places them.
    paths.extend(
        config
            .matter
            .pages()
            .map(|page| config.content_dir.join(page)),
    );
    let earlier = memo.as_deref();
    let results = paths
        .par_iter()
        .map(|path| read_chapter_file(config, path, earlier))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut chapters = Vec::new();
    let mut all_read = true;
    let mut read = HashMap::new();
    let mut old = memo.as_deref_mut().map(|m| std::mem::take(&mut m.chapters));
    for (chapter, found, stamp, reused) in results {
        if let (Some(chapter), Some(old)) = (&chapter, &mut old) {
            // A file taken from the memo moves its entry over, not a copy of it.
            match old.remove_entry(&chapter.src.path).filter(|_| reused) {
                Some((path, (kept, found, _))) => read.insert(path, (kept, found, stamp)),
                None => read.insert(
                    chapter.src.path.clone(),
                    (chapter.clone(), found.clone(), stamp),
                ),
            };
        }
        // A file gone since it was listed was not found; one with an error was found
        // and not read.
        all_read &= chapter.is_some() || found.is_empty();
        diagnostics.extend(found);
        chapters.extend(chapter);
    }
    if let Some(memo) = memo {
        memo.chapters = read;
    }
    Ok((chapters, all_read))
}

/// A chapter file as read (or `None` when it cannot be), its problems, its stamp, and
/// whether it is the one the memo held.
type ReadChapter = (
    Option<ChapterFile>,
    Vec<Diagnostic>,
    Option<FileStamp>,
    bool,
);

fn read_chapter_file(
    config: &Config,
    path: &Path,
    memo: Option<&ReadMemo>,
) -> anyhow::Result<ReadChapter> {
    let earlier = memo.and_then(|memo| memo.chapters.get(&display_path(config, path)));
    // Taken before the read: a change after it gives a new stamp next time.
    let stamp = earlier.and_then(|_| FileStamp::settled(path));
    if let Some((chapter, found, _)) = earlier.filter(|e| stamp.is_some() && e.2 == stamp) {
        return Ok((Some(chapter.clone()), found.clone(), stamp, true));
    }
    let stamp = stamp.or_else(|| memo.and_then(|_| FileStamp::settled(path)));
    let bytes = match read_bytes(config, path)? {
        Some(Ok(bytes)) => bytes,
        Some(Err(d)) => return Ok((None, vec![d], None, false)),
        None => return Ok((None, Vec::new(), None, false)),
    };
    let same = earlier.filter(|(c, _, _)| bytes == c.src.text().as_bytes());
    if let Some((chapter, found, _)) = same {
        return Ok((Some(chapter.clone()), found.clone(), stamp, true));
    }
    let src = match text_of(config, path, bytes) {
        Ok(src) => src,
        Err(d) => return Ok((None, vec![d], None, false)),
    };
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (chapter, found) = chapters::read_chapter(src, stem);
    Ok((Some(chapter), found, stamp, false))
}

/// The files of `content/static/`, by their place: their bytes are not read. One whose
/// name cannot be published, or that differs from another only in case, is left out
/// and reported, so the run goes on and the editor learns which file to rename.
fn load_static(
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Vec<StaticFile>> {
    let dir = config.content_dir.join(STATIC_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let listing = folder::list(&dir, &content_bounds(config)?)?;
    let mut skipped = listing.skipped;
    let mut files = Vec::new();
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for file in listing.files {
        let reason = if !publishable(&file.relative) {
            Some(SkipReason::UnsafeName)
        } else if Path::new(&file.relative).starts_with(SEARCH_DIR) {
            Some(SkipReason::SearchIndex)
        } else {
            seen.get(&file.relative.to_lowercase())
                .map(|other| SkipReason::CaseClash {
                    other: other.clone(),
                })
        };
        if let Some(reason) = reason {
            skipped.push(Skipped {
                path: file.path,
                reason,
            });
            continue;
        }
        seen.insert(file.relative.to_lowercase(), file.relative.clone());
        let source = file
            .path
            .canonicalize()
            .with_context(|| format!("resolving {}", file.path.display()))?;
        files.push(StaticFile {
            path: file.relative,
            source,
        });
    }
    diagnostics.extend(skipped.iter().map(|s| skipped_problem(config, s)));
    Ok(files)
}

/// Where links in the content folder may lead: inside it, never into the output.
fn content_bounds(config: &Config) -> anyhow::Result<Bounds> {
    Bounds::new(&config.content_dir, Some(&config.output_dir))
}

/// A file left out, as a warning: the edition builds without it, and a link to it is
/// reported where it is written. Two static files whose names differ only in case
/// are an error: which one a reader on macOS gets would be chance.
fn skipped_problem(config: &Config, skipped: &Skipped) -> Diagnostic {
    let shown = display_path(config, &skipped.path);
    let severity = match skipped.reason {
        SkipReason::CaseClash { .. } | SkipReason::SearchIndex => Severity::Error,
        _ => Severity::Warning,
    };
    let message = format!("{}; skipped", skipped.reason.problem());
    Diagnostic::for_file(severity, shown, message).with_hint(skipped.reason.hint())
}

/// Reads a text file. `None` when it does not exist; `Some(Err)` when it is not UTF-8
/// text (a binary file saved under the wrong name is an editor's mistake, not a crash),
/// or not a regular file inside the content folder: a register that is a link to
/// `/etc/passwd` is not read, nor a FIFO (which would wait forever) or a device.
fn read_text(
    config: &Config,
    path: &Path,
) -> anyhow::Result<Option<Result<SourceText, Diagnostic>>> {
    let read = read_bytes(config, path)?;
    Ok(read.map(|bytes| bytes.and_then(|bytes| text_of(config, path, bytes))))
}

/// The bytes of the file at `path`, when it is a file [`read_text`] may read, with
/// its old-Mac line endings read as LF ([`lone_cr_as_lf`]).
fn read_bytes(config: &Config, path: &Path) -> anyhow::Result<Option<Result<Vec<u8>, Diagnostic>>> {
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        Ok(link) => link,
    };
    if let Some(reason) = not_readable(config, path, &link)? {
        let shown = display_path(config, path);
        let message = format!("{}; not read", reason.problem());
        let d = Diagnostic::for_file(Severity::Error, shown, message).with_hint(reason.hint());
        return Ok(Some(Err(d)));
    }
    let mut bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    lone_cr_as_lf(&mut bytes);
    Ok(Some(Ok(bytes)))
}

/// A carriage return not followed by a line feed (the line ending of old Mac editors)
/// ends a line in CommonMark and in YAML, but the front matter's `---` lines and the
/// line numbers of diagnostics are found at line feeds: such a file read as one line,
/// its front matter not seen. It is made a line feed, byte for byte, so every offset,
/// line and column stays the file's; a CR LF pair is left as it is.
fn lone_cr_as_lf(bytes: &mut [u8]) {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\r', &bytes[from..]).map(|i| from + i) {
        if bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
        from = i + 1;
    }
}

/// The bytes read from `path` as text (see [`read_text`]).
fn text_of(config: &Config, path: &Path, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
    let shown = display_path(config, path);
    // NUL bytes first: an image saved as .md is binary, whether or not it is UTF-8.
    if let Some(offset) = memchr::memchr(0, &bytes) {
        let lossy = SourceText::new(shown, String::from_utf8_lossy(&bytes));
        let d = lossy.diagnostic(
            Severity::Error,
            lossy_offset(&bytes, offset)..lossy_offset(&bytes, offset) + 1,
            "binary file: it holds NUL bytes",
        );
        return Err(d.with_hint("save it as plain UTF-8 text, or move it to content/static/"));
    }
    // Checked with SIMD, several times as fast as std's check on Cyrillic text (each
    // character two bytes); the text is copied into its shared string either way. Only
    // a file that is not UTF-8 is checked again, for where it is not.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(SourceText::new(shown, text));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceText::new(shown, text)),
        Err(e) => Err(not_utf8(shown, e)),
    }
}

/// Reads a YAML file as [`read_text`] does; a control character in it (other than tab
/// and line breaks) is an error at its line and column: YAML does not allow them, and
/// one pasted from a PDF would otherwise reach the pages unseen.
fn read_yaml(
    config: &Config,
    path: &Path,
) -> anyhow::Result<Option<Result<SourceText, Diagnostic>>> {
    let text = read_text(config, path)?;
    let Some(Ok(src)) = &text else {
        return Ok(text);
    };
    let control = src
        .text()
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'));
    Ok(match control {
        Some((offset, c)) => {
            let message = format!("control character U+{:04X} in YAML text", u32::from(c));
            let d = src.diagnostic(Severity::Error, offset..offset + c.len_utf8(), message);
            Some(Err(d.with_hint(
                "delete it; YAML text may hold tabs and line breaks, no other control characters",
            )))
        }
        None => text,
    })
}

/// Why the file at `path` (which exists) is not read, if it is not: a link leading
/// out of the content folder, to a hidden file or into the output, or anything but a
/// regular file. `link` is its own metadata, not its target's: a file that is not a
/// link is asked nothing more.
fn not_readable(
    config: &Config,
    path: &Path,
    link: &std::fs::Metadata,
) -> anyhow::Result<Option<SkipReason>> {
    if !link.is_symlink() {
        return Ok(not_a_file(link));
    }
    let Ok(target) = path.canonicalize() else {
        return Ok(Some(SkipReason::BrokenLink));
    };
    if let Some(reason) = content_bounds(config)?.refuse(target) {
        return Ok(Some(reason));
    }
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(not_a_file(&meta))
}

/// Why a file of this kind cannot be read as text, if it cannot.
fn not_a_file(meta: &std::fs::Metadata) -> Option<SkipReason> {
    if meta.is_dir() {
        Some(SkipReason::Folder)
    } else {
        (!meta.is_file()).then_some(SkipReason::NotAFile)
    }
}

/// Where byte `offset` of `bytes` lands in their lossy decoding: each invalid sequence
/// before it becomes the three bytes of U+FFFD.
fn lossy_offset(bytes: &[u8], offset: usize) -> usize {
    String::from_utf8_lossy(&bytes[..offset]).len()
}

/// Every file of a folder of the theme, `dir` (`themes/NAME/templates/` or `static/`),
/// by its `/`-separated path under it, in path order; nothing when `dir` does not
/// exist. Hidden files and editors' litter are left out. `dir` itself may be a symbolic
/// link; a link inside it is followed when it leads to a file inside `dir`. A link
/// leading elsewhere, a special file, or a file whose name cannot be published is an
/// error naming the file: a theme is not an editor's text, and its files must all be
/// there. A theme's files are small (styles, scripts, fonts), so they are read whole.
pub fn read_folder(dir: &Path) -> anyhow::Result<Vec<FolderFile>> {
    list_theme_folder(dir)?
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file.path)
                .with_context(|| format!("reading {}", file.path.display()))?;
            Ok(FolderFile {
                path: file.relative,
                bytes,
            })
        })
        .collect()
}

/// The paths of [`read_folder`]'s files, none read: what the check of the edition's
/// static files against the theme's needs on every rebuild of `serve`.
pub fn theme_folder_paths(dir: &Path) -> anyhow::Result<Vec<String>> {
    Ok(list_theme_folder(dir)?
        .into_iter()
        .map(|file| file.relative)
        .collect())
}

/// The files of a theme folder as [`read_folder`] says, or the first that may not be.
fn list_theme_folder(dir: &Path) -> anyhow::Result<Vec<folder::Listed>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let listing = folder::list(dir, &Bounds::new(dir, None)?)?;
    let unsafe_name = listing
        .files
        .iter()
        .find(|file| !publishable(&file.relative))
        .map(|file| Skipped {
            path: file.path.clone(),
            reason: SkipReason::UnsafeName,
        });
    if let Some(s) = listing.skipped.first().or(unsafe_name.as_ref()) {
        anyhow::bail!(
            "{}: {} ({})",
            s.path.display(),
            s.reason.problem(),
            s.reason.hint()
        );
    }
    Ok(listing.files)
}

/// Whether `relative` can be a path under `static/` of the site (the same check the
/// renderer makes, so a name it would refuse never reaches it).
fn publishable(relative: &str) -> bool {
    PagePath::new(format!("{STATIC_DIR}/{relative}")).is_some()
}

/// A path as shown to the editor: relative to the edition root, `/` separators.
pub fn display_path(config: &Config, path: &Path) -> String {
    slash_path(path.strip_prefix(&config.root).unwrap_or(path))
}
