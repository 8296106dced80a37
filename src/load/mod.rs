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

pub use chapters::{ChapterFile, ChapterMeta, FrontMatter, SpeakerMeta};
pub use registers::{BibliographyFile, RawEntry, RawSource, RegisterFile};
pub use yaml::Located;

pub use folder::is_editor_litter;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::site::PagePath;
use anyhow::Context as _;
use folder::{SkipReason, Skipped, slash_path};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// The folder under the content folder that holds the chapters.
pub const CHAPTERS_DIR: &str = "chapters";
/// The folder under the content folder copied to `static/` as it is.
pub const STATIC_DIR: &str = "static";
/// The bibliography file under the content folder.
pub const SOURCES_FILE: &str = "sources.yaml";

/// Every input of an edition, read.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Chapters sorted by file path.
    pub chapters: Vec<ChapterFile>,
    /// One register per configured kind, in the configuration's order.
    pub registers: Vec<RegisterFile>,
    /// `sources.yaml`.
    pub bibliography: BibliographyFile,
    /// Files under `content/static/`, copied as they are.
    pub static_files: Vec<StaticFile>,
}

/// A file copied to the output unchanged (from `content/static/` or a theme).
#[derive(Debug, Clone)]
pub struct StaticFile {
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
#[derive(Debug, Default)]
pub struct ReadMemo {
    chapters: HashMap<String, (ChapterFile, Vec<Diagnostic>)>,
}

/// [`load`], taking unchanged chapter files from `memo` (and leaving the files read
/// this time in it) when there is one.
pub fn load_with(
    config: &Config,
    memo: Option<&mut ReadMemo>,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let chapters = load_chapters(config, memo, &mut diagnostics)?;
    let registers = config
        .registers
        .par_iter()
        .map(|kind| {
            let text = read_text(config, &config.content_dir.join(&kind.file))?;
            Ok(registers::read_register(&kind.name, text))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let registers = registers
        .into_iter()
        .map(|(register, found)| {
            diagnostics.extend(found);
            register
        })
        .collect();
    let text = read_text(config, &config.content_dir.join(SOURCES_FILE))?;
    let (bibliography, found) = registers::read_bibliography(text);
    diagnostics.extend(found);
    let static_files = load_static(config, &mut diagnostics)?;
    let sources = Sources {
        chapters,
        registers,
        bibliography,
        static_files,
    };
    Ok((sources, diagnostics))
}

fn load_chapters(
    config: &Config,
    memo: Option<&mut ReadMemo>,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Vec<ChapterFile>> {
    let dir = config.content_dir.join(CHAPTERS_DIR);
    if !dir.is_dir() {
        let shown = display_path(config, &dir);
        diagnostics.push(
            Diagnostic::for_file(Severity::Error, shown, "the chapters folder does not exist")
                .with_hint("put the chapters, one Markdown file each, in this folder"),
        );
        return Ok(Vec::new());
    }
    let listing = folder::list(&dir, &config.root)?;
    diagnostics.extend(listing.skipped.iter().map(|s| skipped(config, s)));
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
    let earlier = memo.as_deref();
    let results = paths
        .par_iter()
        .map(|path| read_chapter_file(config, path, earlier))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut chapters = Vec::new();
    let mut read = HashMap::new();
    for (chapter, found) in results {
        if let (Some(chapter), Some(_)) = (&chapter, &memo) {
            read.insert(chapter.src.path.clone(), (chapter.clone(), found.clone()));
        }
        diagnostics.extend(found);
        chapters.extend(chapter);
    }
    if let Some(memo) = memo {
        memo.chapters = read;
    }
    Ok(chapters)
}

fn read_chapter_file(
    config: &Config,
    path: &Path,
    memo: Option<&ReadMemo>,
) -> anyhow::Result<(Option<ChapterFile>, Vec<Diagnostic>)> {
    let bytes = read_bytes(path)?;
    let earlier = memo.and_then(|memo| memo.chapters.get(&display_path(config, path)));
    match earlier.filter(|(c, _)| bytes.as_deref() == Some(c.src.text.as_bytes())) {
        Some((chapter, found)) => Ok((Some(chapter.clone()), found.clone())),
        None => Ok(chapter_from(config, path, bytes)),
    }
}

/// Checks the bytes read from the chapter file at `path` and parses its front matter.
fn chapter_from(
    config: &Config,
    path: &Path,
    bytes: Option<Vec<u8>>,
) -> (Option<ChapterFile>, Vec<Diagnostic>) {
    let src = match text_of(config, path, bytes) {
        Some(Ok(src)) => src,
        Some(Err(d)) => return (None, vec![d]),
        None => return (None, Vec::new()),
    };
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (chapter, diagnostics) = chapters::read_chapter(src, stem);
    (Some(chapter), diagnostics)
}

/// The files of `content/static/`. One whose name cannot be published is left out and
/// reported, so the run goes on and the editor learns which file to rename.
fn load_static(
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Vec<StaticFile>> {
    let dir = config.content_dir.join(STATIC_DIR);
    let (files, left_out) = read_files(&dir, &config.root)?;
    diagnostics.extend(left_out.iter().map(|s| skipped(config, s)));
    Ok(files)
}

/// A file left out, as a warning: the edition builds without it, and a link to it is
/// reported where it is written.
fn skipped(config: &Config, skipped: &Skipped) -> Diagnostic {
    let shown = display_path(config, &skipped.path);
    let message = format!("{}; skipped", skipped.reason.problem());
    Diagnostic::for_file(Severity::Warning, shown, message).with_hint(skipped.reason.hint())
}

/// Reads a text file. `None` when it does not exist; `Some(Err)` when it is not UTF-8
/// text (a binary file saved under the wrong name is an editor's mistake, not a crash).
fn read_text(
    config: &Config,
    path: &Path,
) -> anyhow::Result<Option<Result<SourceText, Diagnostic>>> {
    Ok(text_of(config, path, read_bytes(path)?))
}

/// The bytes of the file at `path`; `None` when it does not exist.
fn read_bytes(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// The bytes read from `path` as text (see [`read_text`]).
fn text_of(
    config: &Config,
    path: &Path,
    bytes: Option<Vec<u8>>,
) -> Option<Result<SourceText, Diagnostic>> {
    let bytes = bytes?;
    let shown = display_path(config, path);
    // NUL bytes first: an image saved as .md is binary, whether or not it is UTF-8.
    if bytes.contains(&0) {
        let d = Diagnostic::for_file(Severity::Error, shown, "binary file: it holds NUL bytes");
        return Some(Err(d.with_hint(
            "save it as plain UTF-8 text, or move it to content/static/",
        )));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Some(Err(not_utf8(shown, e))),
    };
    Some(Ok(SourceText::new(shown, text)))
}

/// Points at the first byte that is not UTF-8, so the editor finds the stray
/// character (often a file saved in Windows-1251) rather than just the file.
fn not_utf8(shown: String, error: std::string::FromUtf8Error) -> Diagnostic {
    let offset = error.utf8_error().valid_up_to();
    let byte = error.as_bytes()[offset];
    // Everything before `offset` is valid, so positions there survive the lossy decoding.
    let lossy = SourceText::new(shown, String::from_utf8_lossy(error.as_bytes()));
    let message = format!("not UTF-8 text (invalid byte 0x{byte:02X})");
    lossy
        .diagnostic(Severity::Error, offset..offset + 1, message)
        .with_hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)")
}

/// Every file of a folder of the theme, `dir` (`themes/NAME/templates/` or `static/`),
/// by its `/`-separated path under it, in path order; nothing when `dir` does not exist. Hidden files and editors'
/// litter are left out. `dir` itself may be a symbolic link; a link inside it is
/// followed when it leads to a file inside `dir`. A link leading elsewhere, or a file
/// whose name cannot be published, is an error naming the file: a theme is not an
/// editor's text, and its files must all be there.
pub fn read_folder(dir: &Path) -> anyhow::Result<Vec<StaticFile>> {
    let (files, left_out) = read_files(dir, dir)?;
    match left_out.first() {
        Some(s) => Err(anyhow::anyhow!(
            "{}: {} ({})",
            s.path.display(),
            s.reason.problem(),
            s.reason.hint()
        )),
        None => Ok(files),
    }
}

/// Reads the files under `dir` (links followed inside `within`), leaving out those
/// whose name cannot be a path of the published site.
fn read_files(dir: &Path, within: &Path) -> anyhow::Result<(Vec<StaticFile>, Vec<Skipped>)> {
    let mut listing = folder::list(dir, within)?;
    let mut files = Vec::new();
    for file in listing.files {
        if !publishable(&file.relative) {
            listing.skipped.push(Skipped {
                path: file.path,
                reason: SkipReason::UnsafeName,
            });
            continue;
        }
        let bytes = std::fs::read(&file.path)
            .with_context(|| format!("reading {}", file.path.display()))?;
        files.push(StaticFile {
            path: file.relative,
            bytes,
        });
    }
    Ok((files, listing.skipped))
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
