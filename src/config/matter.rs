//! `[matter]`: Markdown pages outside the chapter sequence (an editorial note, an
//! introduction, a list of abbreviations), built like chapters and placed before or
//! after them.
//!
//! ```toml
//! [matter]
//! front = ["EDITORIAL.md"]          # before the chapters, in this order
//! back = ["abbreviations.md"]       # after them
//! editorial-note = "EDITORIAL.md"   # which page is the edition's editorial note
//! ```

use crate::diagnostics::{Diagnostic, Severity, SourceText};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The `[matter]` table as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct MatterToml {
    #[serde(default)]
    front: Vec<Spanned<String>>,
    #[serde(default)]
    back: Vec<Spanned<String>>,
    editorial_note: Option<Spanned<String>>,
}

/// The pages outside the chapter sequence, by their path under the content folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matter {
    /// Pages before the chapters, in order.
    pub front: Vec<String>,
    /// Pages after the chapters, in order.
    pub back: Vec<String>,
    /// The page that is the edition's editorial note, if any (one of the above).
    pub editorial_note: Option<String>,
}

/// Where a page stands in the edition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Front matter: the editor's pages before the text.
    Front,
    /// The text: the chapters.
    #[default]
    Body,
    /// Back matter: the editor's pages after the text.
    Back,
}

impl Matter {
    /// Every page, front then back.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.front.iter().chain(&self.back).map(String::as_str)
    }

    /// The part of a file under the content folder and its place in that part's list
    /// (a chapter is [`Part::Body`]).
    pub fn part_of(&self, path: &str) -> (Part, usize) {
        let find = |list: &[String]| list.iter().position(|p| p == path);
        match (find(&self.front), find(&self.back)) {
            (Some(i), _) => (Part::Front, i),
            (_, Some(i)) => (Part::Back, i),
            _ => (Part::Body, 0),
        }
    }
}

/// Checks the table: each page a `.md` file inside the content folder, outside the
/// chapters folder, listed once; the editorial note one of them.
pub(super) fn check(
    raw: MatterToml,
    content_dir: &Path,
    src: &SourceText,
    problems: &mut Vec<Diagnostic>,
) -> Matter {
    let mut seen = Vec::new();
    let mut list = |pages: Vec<Spanned<String>>, problems: &mut Vec<Diagnostic>| -> Vec<String> {
        let mut kept = Vec::new();
        for page in pages {
            let at = page.span();
            let path = page.into_inner();
            let problem = page_problem(&path, content_dir, &seen);
            seen.push(path.clone());
            match problem {
                Some((message, hint)) => {
                    let d = src.diagnostic(Severity::Error, at, message).with_hint(hint);
                    problems.push(d);
                }
                None => kept.push(path),
            }
        }
        kept
    };
    let front = list(raw.front, problems);
    let back = list(raw.back, problems);
    let editorial_note = raw.editorial_note.and_then(|note| {
        let at = note.span();
        let path = note.into_inner();
        if front.contains(&path) || back.contains(&path) {
            return Some(path);
        }
        let message =
            format!("editorial-note '{path}' is not one of the pages of `front` or `back`");
        let d = src.diagnostic(Severity::Error, at, message);
        problems.push(d.with_hint("list the page in `front` (or `back`) too"));
        None
    });
    Matter {
        front,
        back,
        editorial_note,
    }
}

/// What is wrong with a page's path, and what to do, if anything.
fn page_problem(path: &str, content_dir: &Path, seen: &[String]) -> Option<(String, &'static str)> {
    let inside = !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|part| !part.is_empty() && part != "..");
    if !inside || !path.ends_with(".md") {
        let message = format!("page '{path}' must be a .md file inside the content folder");
        return Some((
            message,
            "write its path from the content folder, e.g. \"EDITORIAL.md\"",
        ));
    }
    if path.starts_with(&format!("{}/", crate::load::CHAPTERS_DIR)) {
        let message =
            format!("page '{path}' is in the chapters folder, so it is a chapter already");
        return Some((
            message,
            "move it out of the chapters folder, e.g. to the content folder",
        ));
    }
    if seen.iter().any(|s| s == path) {
        return Some((
            format!("page '{path}' is listed twice"),
            "list each page once",
        ));
    }
    if !content_dir.join(path).is_file() {
        let message = format!("page '{path}' does not exist in the content folder");
        return Some((message, "create the file, or remove it from the list"));
    }
    None
}
