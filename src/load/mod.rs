//! Stage 1, disk → [`Sources`]: every input file read, checked to be text, its YAML
//! parsed with positions in the editor's file.
//!
//! Files are read in parallel; the result is sorted by path so the build does not depend
//! on the order the file system lists them in.

mod chapters;
mod registers;
mod yaml;

pub use chapters::{ChapterFile, ChapterMeta, SpeakerMeta};
pub use registers::{BibliographyFile, RawEntry, RawSource, RegisterFile};
pub use yaml::Located;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use anyhow::Context as _;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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
    let mut diagnostics = Vec::new();
    let chapters = load_chapters(config, &mut diagnostics)?;
    let registers = config
        .registers
        .par_iter()
        .map(|kind| load_register(config, &kind.name, &kind.file))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let registers = registers
        .into_iter()
        .map(|(register, found)| {
            diagnostics.extend(found);
            register
        })
        .collect();
    let bibliography = match read_text(config, &config.content_dir.join(SOURCES_FILE))? {
        Some(Ok(src)) => {
            let (bibliography, found) = registers::read_bibliography(src);
            diagnostics.extend(found);
            bibliography
        }
        Some(Err(d)) => {
            diagnostics.push(d);
            BibliographyFile {
                failed: true,
                ..BibliographyFile::default()
            }
        }
        None => BibliographyFile::default(),
    };
    let static_files = read_folder(&config.content_dir.join(STATIC_DIR))?;
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
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || is_editor_litter(&name) {
            continue;
        }
        if name.ends_with(".md") {
            paths.push(entry.into_path());
        } else {
            let shown = display_path(config, entry.path());
            let message = "not a chapter (only .md files are read); ignored";
            diagnostics.push(Diagnostic::for_file(Severity::Warning, shown, message));
        }
    }
    let results = paths
        .par_iter()
        .map(|path| read_chapter_file(config, path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut chapters = Vec::new();
    for (chapter, found) in results {
        diagnostics.extend(found);
        chapters.extend(chapter);
    }
    Ok(chapters)
}

fn read_chapter_file(
    config: &Config,
    path: &Path,
) -> anyhow::Result<(Option<ChapterFile>, Vec<Diagnostic>)> {
    let src = match read_text(config, path)? {
        Some(Ok(src)) => src,
        Some(Err(d)) => return Ok((None, vec![d])),
        None => return Ok((None, Vec::new())),
    };
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let unclosed = chapters::unclosed_front_matter(&src);
    let (chapter, mut diagnostics) = chapters::read_chapter(src, stem);
    diagnostics.extend(unclosed);
    Ok((Some(chapter), diagnostics))
}

fn load_register(
    config: &Config,
    kind: &str,
    file: &str,
) -> anyhow::Result<(RegisterFile, Vec<Diagnostic>)> {
    let empty = |found: Vec<Diagnostic>| {
        let register = RegisterFile {
            kind: kind.to_owned(),
            src: None,
            entries: Vec::new(),
            failed: !found.is_empty(),
        };
        (register, found)
    };
    Ok(match read_text(config, &config.content_dir.join(file))? {
        Some(Ok(src)) => registers::read_register(kind, src),
        Some(Err(d)) => empty(vec![d]),
        None => empty(Vec::new()),
    })
}

/// Reads a text file. `None` when it does not exist; `Some(Err)` when it is not UTF-8
/// text (a binary file saved under the wrong name is an editor's mistake, not a crash).
fn read_text(
    config: &Config,
    path: &Path,
) -> anyhow::Result<Option<Result<SourceText, Diagnostic>>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let shown = display_path(config, path);
    // NUL bytes first: an image saved as .md is binary, whether or not it is UTF-8.
    if bytes.contains(&0) {
        let d = Diagnostic::for_file(Severity::Error, shown, "binary file: it holds NUL bytes");
        return Ok(Some(Err(d.with_hint(
            "save it as plain UTF-8 text, or move it to content/static/",
        ))));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Ok(Some(Err(not_utf8(shown, e)))),
    };
    Ok(Some(Ok(SourceText::new(shown, text))))
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

/// Every file under `dir`, by its `/`-separated path under it, in path order; nothing
/// when `dir` does not exist. Hidden files and editors' litter are skipped, and symlinks
/// are not followed: a link must not pull files from outside the edition into it.
pub fn read_folder(dir: &Path) -> anyhow::Result<Vec<StaticFile>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || is_editor_litter(&name) {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        files.push(StaticFile {
            path: slash_path(relative),
            bytes,
        });
    }
    Ok(files)
}

/// Hidden files, backups and editors' swap files are never content.
pub fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913"
}

/// A path as shown to the editor: relative to the edition root, `/` separators.
pub fn display_path(config: &Config, path: &Path) -> String {
    slash_path(path.strip_prefix(&config.root).unwrap_or(path))
}

fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// The chapters folder of an edition.
pub fn chapters_dir(config: &Config) -> PathBuf {
    config.content_dir.join(CHAPTERS_DIR)
}
