//! Chapters: reading order, page names, titles, notes, speakers and themes.

use super::resolve::Resolver;
use super::{Chapter, LinkedText, Speaker, is_valid_id};
use crate::config::{Config, FootnoteNumbering, RESERVED_FOLDERS};
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::ChapterFile;
use crate::parse::ParsedText;
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Page names a chapter cannot take: the edition's own pages.
const RESERVED_PAGES: [&str; 5] = ["index", "notes", "search", "404", "sitemap"];

/// Orders, checks and resolves the chapters, then numbers their notes.
pub(super) fn link(
    config: &Config,
    resolver: &Resolver<'_>,
    pairs: Vec<(ChapterFile, ParsedText)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Chapter> {
    check_slugs(config, pairs.iter().map(|(file, _)| file), diagnostics);
    let results: Vec<_> = pairs
        .into_par_iter()
        .map(|(file, parsed)| {
            let mut found = Vec::new();
            let chapter = link_one(resolver, file, parsed, &mut found);
            (chapter, found)
        })
        .collect();
    let mut chapters = Vec::with_capacity(results.len());
    for (chapter, found) in results {
        diagnostics.extend(found);
        chapters.push(chapter);
    }
    number_notes(config.footnote_numbering, &mut chapters);
    chapters
}

/// The chapters with their parsed text, in reading order: `order`, else the file name's
/// number, then the path.
pub(super) fn in_reading_order(
    files: Vec<ChapterFile>,
    parsed: Vec<ParsedText>,
) -> Vec<(ChapterFile, ParsedText)> {
    let mut pairs: Vec<_> = files.into_iter().zip(parsed).collect();
    pairs.sort_by_cached_key(|(file, _)| (reading_order(file), file.src.path.clone()));
    pairs
}

fn reading_order(file: &ChapterFile) -> i64 {
    file.meta
        .order
        .or_else(|| number_prefix(&file.stem))
        .unwrap_or(i64::MAX)
}

fn number_prefix(stem: &str) -> Option<i64> {
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn link_one(
    resolver: &Resolver<'_>,
    file: ChapterFile,
    parsed: ParsedText,
    diagnostics: &mut Vec<Diagnostic>,
) -> Chapter {
    let src = &file.src;
    let meta = &file.meta;
    let title = match &meta.title {
        Some(title) if !title.value.trim().is_empty() => title.value.trim().to_owned(),
        // The front matter's own error is reported; "no title" would only repeat it.
        _ if front_matter_failed(&file) => file.stem.clone(),
        _ => {
            let d = src.diagnostic(Severity::Error, 0..0, "chapter has no title");
            diagnostics.push(d.with_hint("add `title: …` to the front matter between `---` lines"));
            file.stem.clone()
        }
    };
    let mut text = resolver.text(src, parsed, diagnostics);
    resolve_note_calls(&file, &mut text, diagnostics);
    let themes = meta
        .themes
        .iter()
        .filter_map(|t| resolver.entry_of_kind(src, "theme", t, diagnostics))
        .collect();
    let speakers = meta
        .speakers
        .iter()
        .filter_map(|s| {
            let person = resolver.entry_of_kind(src, "person", &s.person, diagnostics);
            let session = s
                .session
                .as_ref()
                .and_then(|x| resolver.entry_of_kind(src, "session", x, diagnostics));
            let source = s
                .source
                .as_ref()
                .and_then(|x| resolver.source(src, &x.value, x.at.clone(), diagnostics));
            Some(Speaker {
                person: person?,
                session,
                source,
                pages: s.pages.clone(),
                role: s.role.clone(),
            })
        })
        .collect();
    Chapter {
        slug: slug(&file),
        file: file.src.path.clone(),
        title,
        editorial_title: meta.editorial_title,
        summary: meta.summary.clone(),
        note_numbers: vec![None; text.parsed.notes.len()],
        text,
        themes,
        speakers,
    }
}

/// Whether the file opens a front matter that could not be read (its error, or the
/// missing closing line, is already reported).
fn front_matter_failed(file: &ChapterFile) -> bool {
    let opens = file
        .src
        .text
        .trim_start_matches('\u{feff}')
        .starts_with("---");
    opens && !file.meta.parsed
}

/// The page name: the front matter's `slug`, else the file name without its number.
pub(super) fn slug(file: &ChapterFile) -> String {
    if let Some(slug) = &file.meta.slug {
        return slug.value.clone();
    }
    let name = file.stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let name = name.trim_start_matches(['-', '_', '.', ' ']);
    let slug = crate::slug::slugify(if name.is_empty() { &file.stem } else { name });
    if slug.is_empty() {
        "chapter".to_owned()
    } else {
        slug
    }
}

/// Matches note calls to definitions; reports calls without a note, notes never
/// called, and labels defined twice.
fn resolve_note_calls(
    file: &ChapterFile,
    text: &mut LinkedText,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let src = &file.src;
    let mut labels: HashMap<&str, usize> = HashMap::new();
    // A repeated definition is reported as such, not once more as never called.
    let mut called = vec![false; text.parsed.notes.len()];
    for (i, note) in text.parsed.notes.iter().enumerate() {
        if let Some(first) = labels.insert(&note.label, i) {
            let (line, _) = src.line_col(text.parsed.notes[first].at.start);
            let message = format!("note [^{}] is defined twice", note.label);
            let hint = format!("the first definition is at line {line}");
            diagnostics.push(
                src.diagnostic(Severity::Error, note.at.clone(), message)
                    .with_hint(hint),
            );
            labels.insert(&note.label, first);
            called[i] = true;
        }
    }
    for (i, call) in text.parsed.note_calls.iter().enumerate() {
        match labels.get(call.label.as_str()) {
            Some(&def) => {
                text.calls[i] = Some(def);
                called[def] = true;
            }
            None => {
                let message = format!("note [^{}] is called but not defined", call.label);
                let hint = format!(
                    "add `[^{}]: text` below the paragraph, or `footnotes:` in the front matter",
                    call.label
                );
                diagnostics.push(
                    src.diagnostic(Severity::Error, call.at.clone(), message)
                        .with_hint(hint),
                );
            }
        }
    }
    for (note, _) in text.parsed.notes.iter().zip(&called).filter(|(_, c)| !**c) {
        let message = format!("note [^{}] is defined but never called", note.label);
        let hint = format!(
            "call it with [^{}] where it belongs, or delete it",
            note.label
        );
        diagnostics.push(
            src.diagnostic(Severity::Error, note.at.clone(), message)
                .with_hint(hint),
        );
    }
}

/// Reports slugs that are not valid file names, that take a page or folder of the
/// edition, or that an earlier chapter (in reading order) already took; at the `slug:`
/// line when the front matter sets it, else at the file's first line.
fn check_slugs<'a>(
    config: &Config,
    files: impl Iterator<Item = &'a ChapterFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let folders: Vec<&str> = config
        .registers
        .iter()
        .map(|k| k.path.as_str())
        .chain(RESERVED_FOLDERS)
        .collect();
    for file in files {
        let slug = slug(file);
        let problem = if !is_valid_id(&slug) {
            Some(format!(
                "invalid slug '{slug}': slugs are lowercase ASCII letters, digits and hyphens"
            ))
        } else if RESERVED_PAGES.contains(&slug.as_str()) || folders.contains(&slug.as_str()) {
            Some(format!(
                "slug '{slug}' is taken by a page or folder of the edition itself"
            ))
        } else {
            match seen.entry(slug.clone()) {
                Entry::Occupied(first) => Some(format!(
                    "duplicate chapter slug '{slug}' (also {})",
                    first.get()
                )),
                Entry::Vacant(place) => {
                    place.insert(&file.src.path);
                    None
                }
            }
        };
        if let Some(message) = problem {
            let d = match &file.meta.slug {
                Some(at) => file.src.diagnostic(Severity::Error, at.at.clone(), message),
                None => file.src.diagnostic_at(Severity::Error, 1, 1, message),
            };
            diagnostics.push(d.with_hint("set another `slug:` in the front matter"));
        }
    }
}

/// Numbers notes in order of their first call: across the edition or per chapter.
fn number_notes(numbering: FootnoteNumbering, chapters: &mut [Chapter]) {
    let mut next = 1;
    for chapter in chapters {
        if numbering == FootnoteNumbering::Chapter {
            next = 1;
        }
        for def in chapter.text.calls.iter().flatten() {
            if chapter.note_numbers[*def].is_none() {
                chapter.note_numbers[*def] = Some(next);
                next += 1;
            }
        }
    }
}
