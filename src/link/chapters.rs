//! Chapters, linked one by one in parallel against the shared, read-only [`Resolver`].
//!
//! What depends on the other chapters cannot happen in that pass, so it happens here,
//! in reading order, around it: page names must be unique across the edition (checked
//! before; the URL table needs them too, so each is computed once), and notes are
//! numbered across the edition (after). A chapter's own notes are matched to their calls
//! in the pass, because labels are local to the file.

use super::memo::{Outcome, Resolved, TextMemo};
use super::resolve::{Reporter, Resolver};
use super::{Chapter, Document, LinkedText, Party, Speaker, is_valid_id};
use crate::config::{Config, FootnoteNumbering, Part, RESERVED_FOLDERS};
use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::load::{ChapterFile, DocumentMeta, FrontMatter, Located};
use crate::parse::{Anchor, ParsedText};
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// Page names a chapter cannot take: the edition's own pages.
const RESERVED_PAGES: [&str; 5] = ["index", "notes", "search", "404", "sitemap"];

/// A chapter file with its parsed text and its page name.
pub(super) struct ChapterInput {
    /// The file, with its front matter.
    pub(super) file: ChapterFile,
    /// Its Markdown, parsed.
    pub(super) parsed: Arc<ParsedText>,
    /// Its page name (see [`slug`]).
    pub(super) slug: String,
    /// Anchors whose passage is gone, with the passage each now stands at.
    pub(super) redirects: Vec<(usize, String)>,
    /// Front matter, a chapter, or back matter.
    pub(super) part: Part,
}

/// Orders, checks and resolves the chapters, then numbers their notes.
pub(super) fn link(
    config: &Config,
    resolver: &Resolver<'_>,
    inputs: Vec<ChapterInput>,
    diagnostics: &mut Vec<Diagnostic>,
    memo: Option<&mut TextMemo>,
) -> Vec<Chapter> {
    check_slugs(config, &inputs, diagnostics);
    let earlier = memo.as_deref();
    let results: Vec<_> = inputs
        .into_par_iter()
        .map(|input| {
            let mut found = Vec::new();
            let (chapter, outcome) = link_one(resolver, input, &mut found, earlier);
            (chapter, found, outcome)
        })
        .collect();
    let mut chapters = Vec::with_capacity(results.len());
    let mut outcomes = Vec::with_capacity(results.len());
    for (chapter, found, outcome) in results {
        diagnostics.extend(found);
        chapters.push(chapter);
        outcomes.push(outcome);
    }
    if let Some(memo) = memo {
        memo.keep(chapters.iter().map(|c| c.file.as_str()).zip(outcomes));
    }
    number_notes(config.footnote_numbering, &mut chapters);
    chapters
}

/// The chapters with their parsed text and page name, in reading order: `order`, else
/// the file name's number, then the path.
pub(super) fn in_reading_order(
    config: &Config,
    files: Vec<ChapterFile>,
    parsed: Vec<Arc<ParsedText>>,
) -> Vec<ChapterInput> {
    let content_prefix = format!(
        "{}/",
        crate::load::display_path(config, &config.content_dir)
    );
    let mut inputs: Vec<_> = files
        .into_iter()
        .zip(parsed)
        .map(|(file, parsed)| {
            let under_content = file.src.path.strip_prefix(&content_prefix).unwrap_or("");
            let (part, place) = config.matter.part_of(under_content);
            let order = match part {
                Part::Body => reading_order(&file),
                Part::Front | Part::Back => place as i64,
            };
            let input = ChapterInput {
                slug: slug(&file),
                file,
                parsed,
                redirects: Vec::new(),
                part,
            };
            (part, order, input)
        })
        .collect();
    inputs.sort_by_cached_key(|(part, order, input)| (*part, *order, input.file.src.path.clone()));
    inputs.into_iter().map(|(_, _, input)| input).collect()
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
    input: ChapterInput,
    diagnostics: &mut Vec<Diagnostic>,
    memo: Option<&TextMemo>,
) -> (Chapter, Outcome) {
    let ChapterInput {
        file,
        parsed,
        slug,
        redirects,
        part,
    } = input;
    let out = &mut Reporter::new(&file.src, diagnostics);
    let meta = &file.meta;
    let title = match &meta.title {
        Some(title) if !title.value.trim().is_empty() => title.value.trim().to_owned(),
        // The front matter's own error is reported; "no title" would only repeat it.
        _ if meta.front_matter == FrontMatter::Failed => file.stem.clone(),
        _ => {
            let d = out.error(0..0, "chapter has no title");
            out.report(d.with_hint("add `title: …` to the front matter between `---` lines"));
            file.stem.clone()
        }
    };
    let (text, outcome) = resolve_text(resolver, out, parsed, memo);
    check_page_anchors(out, &text.parsed, &redirects);
    let themes = meta
        .themes
        .iter()
        .filter_map(|t| resolver.entry_of_kind(out, "theme", t))
        .collect();
    let speakers = meta
        .speakers
        .iter()
        .filter_map(|s| {
            let person = resolver.entry_of_kind(out, "person", &s.person);
            let session = s
                .session
                .as_ref()
                .and_then(|x| resolver.entry_of_kind(out, "session", x));
            let source = s
                .source
                .as_ref()
                .and_then(|x| resolver.source(out, &x.value, x.at.clone()));
            Some(Speaker {
                person: person?,
                session,
                source,
                pages: s.pages.clone(),
                role: s.role.clone(),
            })
        })
        .collect();
    let chapter = Chapter {
        slug,
        file: file.src.path.clone(),
        title,
        editorial_title: meta.editorial_title,
        summary: meta.summary.clone(),
        note_numbers: vec![None; text.parsed.notes.len()],
        document: document(resolver, out, &meta.document),
        language: meta.language.clone(),
        text,
        themes,
        speakers,
        redirects,
        part,
    };
    (chapter, outcome)
}

/// The mentions, citations and note calls of a chapter's text resolved, by `resolver`
/// or, when the text and the tables are those of the last link, as `memo` kept them.
fn resolve_text(
    resolver: &Resolver<'_>,
    out: &mut Reporter<'_>,
    parsed: Arc<ParsedText>,
    memo: Option<&TextMemo>,
) -> (Arc<LinkedText>, Outcome) {
    if let Some(kept) = memo.and_then(|m| m.get(&out.src.path, &parsed)) {
        kept.found.iter().for_each(|d| out.report(d.clone()));
        return (Arc::clone(&kept.text), Outcome::Kept);
    }
    let mut found = Vec::new();
    let mut text = resolver.text(&mut Reporter::new(out.src, &mut found), parsed);
    resolve_note_calls(&mut Reporter::new(out.src, &mut found), &mut text);
    let text = Arc::new(text);
    let outcome = match memo {
        Some(_) if TextMemo::can_keep(&text.parsed) => Outcome::Fresh(Resolved {
            text: Arc::clone(&text),
            found: found.clone(),
        }),
        _ => Outcome::Unkept,
    };
    found.into_iter().for_each(|d| out.report(d));
    (text, outcome)
}

/// Reports each link of the chapter to an anchor its page lacks (`[above](#sectoins)`):
/// a passage's or heading's id, a redirect's, the templates' own ids and the notes'.
/// Checked here, where the passages have their ids from `anchors.lock`.
fn check_page_anchors(out: &mut Reporter<'_>, parsed: &ParsedText, redirects: &[(usize, String)]) {
    for link in &parsed.page_anchors {
        let id = link.id.as_str();
        let known = parsed
            .passages
            .iter()
            .any(|p| matches!(&p.anchor, Anchor::Id(a) if a == id))
            || redirects.iter().any(|(_, r)| r == id)
            || crate::parse::PAGE_IDS.contains(&id)
            || ["fn-", "fnref-"].iter().any(|p| id.starts_with(p));
        if !known {
            let message = format!("link to '#{id}', an anchor this page does not have");
            let hint = "a passage's anchor is p-1, p-2…, a heading's its slug or the {#id} it sets";
            out.report(out.warning(link.at.clone(), message).with_hint(hint));
        }
    }
}

/// Resolves the document's references: `place`, `from` and `to` values that are
/// `kind:id` of a register, and the `source` citation.
fn document(resolver: &Resolver<'_>, out: &mut Reporter<'_>, meta: &DocumentMeta) -> Document {
    let place = meta.place.as_ref().and_then(|p| resolver.party(out, p));
    let from = parties(resolver, out, "from", &meta.from);
    let to = parties(resolver, out, "to", &meta.to);
    Document {
        date: meta.date.as_ref().map(|d| d.value.clone()),
        place,
        from,
        to,
        kind: meta.kind.clone(),
        source: meta
            .source
            .as_ref()
            .and_then(|s| resolver.document_source(out, s)),
    }
}

/// The parties of `from` or `to`, each once: a repeat is reported at its value (an
/// addressee listed twice would be shown twice in the letter's header).
fn parties(
    resolver: &Resolver<'_>,
    out: &mut Reporter<'_>,
    field: &str,
    values: &[Located<String>],
) -> Vec<Party> {
    let mut found: Vec<Party> = Vec::new();
    for value in values {
        let Some(p) = resolver.party(out, value) else {
            continue;
        };
        if found.contains(&p) {
            let message = format!("{} is named twice in `{field}`", value.value.trim());
            out.report(
                out.warning(value.at.clone(), message)
                    .with_hint("leave out the repeat"),
            );
        } else {
            found.push(p);
        }
    }
    found
}

/// The page name: the front matter's `slug`, else the file name without its number.
fn slug(file: &ChapterFile) -> String {
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
/// called, and labels defined twice. A call without a note and a note never called
/// whose labels are near are most likely one typo (`[^l]` for `[^1]`), so each of the
/// two errors names the other.
fn resolve_note_calls(out: &mut Reporter<'_>, text: &mut LinkedText) {
    let parsed = &text.parsed;
    let (labels, mut called) = note_labels(out, parsed);
    let mut undefined = Vec::new();
    for (i, call) in parsed.note_calls.iter().enumerate() {
        match labels.get(call.label.as_str()) {
            Some(&def) => {
                text.calls[i] = Some(def);
                called[def] = true;
            }
            None => undefined.push(i),
        }
    }
    let uncalled: Vec<usize> = (0..parsed.notes.len()).filter(|&n| !called[n]).collect();
    let near: Vec<Option<usize>> = undefined
        .iter()
        .map(|&call| near_note(parsed, &uncalled, &parsed.note_calls[call].label))
        .collect();
    for (&call, &note) in undefined.iter().zip(&near) {
        report_undefined(out, parsed, call, note);
    }
    for &note in &uncalled {
        let typo = undefined.iter().zip(&near).find(|(_, n)| **n == Some(note));
        report_uncalled(out, parsed, note, typo.map(|(&call, _)| call));
    }
}

/// The note among `notes` whose label is nearest to `label`, if one is near enough.
fn near_note(parsed: &ParsedText, notes: &[usize], label: &str) -> Option<usize> {
    let label_of = |n: usize| parsed.notes[n].label.as_str();
    let near = did_you_mean(label, notes.iter().map(|&n| label_of(n)))?;
    notes.iter().copied().find(|&n| label_of(n) == near)
}

/// The definition of each label (the first, when it is defined twice; the repeat is
/// reported), and which definitions count as called so far: only repeats, which are
/// reported as such, not once more as never called.
fn note_labels<'p>(
    out: &mut Reporter<'_>,
    parsed: &'p ParsedText,
) -> (HashMap<&'p str, usize>, Vec<bool>) {
    let mut labels: HashMap<&str, usize> = HashMap::new();
    let mut called = vec![false; parsed.notes.len()];
    for (i, note) in parsed.notes.iter().enumerate() {
        if let Some(first) = labels.insert(&note.label, i) {
            let (line, _) = out.src.line_col(parsed.notes[first].at.start);
            let message = format!("note [^{}] is defined twice", note.label);
            let hint = format!("the first definition is at line {line}");
            out.report(out.error(note.at.clone(), message).with_hint(hint));
            labels.insert(&note.label, first);
            called[i] = true;
        }
    }
    (labels, called)
}

/// Reports a call without a note; `near` is a note never called with a near label.
fn report_undefined(out: &mut Reporter<'_>, parsed: &ParsedText, call: usize, near: Option<usize>) {
    let label = &parsed.note_calls[call].label;
    let hint = match near {
        Some(note) => {
            let (line, _) = out.src.line_col(parsed.notes[note].at.start);
            let near = &parsed.notes[note].label;
            format!("did you mean [^{near}]? It is defined at line {line} but never called")
        }
        None => format!(
            "add `[^{label}]: text` below the paragraph, or `footnotes:` in the front matter"
        ),
    };
    let message = format!("note [^{label}] is called but not defined");
    let at = parsed.note_calls[call].at.clone();
    out.report(out.error(at, message).with_hint(hint));
}

/// Reports a note never called; `typo` is a call without a note whose label is near.
fn report_uncalled(out: &mut Reporter<'_>, parsed: &ParsedText, note: usize, typo: Option<usize>) {
    let label = &parsed.notes[note].label;
    let hint = match typo {
        Some(call) => {
            let (line, _) = out.src.line_col(parsed.note_calls[call].at.start);
            let typo = &parsed.note_calls[call].label;
            format!(
                "[^{typo}] at line {line} is called but not defined: if it is a typo, write it as [^{label}]"
            )
        }
        None => format!("call it with [^{label}] where it belongs, or delete it"),
    };
    let message = format!("note [^{label}] is defined but never called");
    let at = parsed.notes[note].at.clone();
    out.report(out.error(at, message).with_hint(hint));
}

/// Reports slugs that are not valid file names, that take a page or folder of the
/// edition, or that an earlier chapter (in reading order) already took; at the `slug:`
/// line when the front matter sets it, else at the file's first line.
fn check_slugs(config: &Config, inputs: &[ChapterInput], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let folders: Vec<&str> = config
        .registers
        .iter()
        .map(|k| k.path.as_str())
        .chain(RESERVED_FOLDERS)
        .collect();
    for ChapterInput { file, slug, .. } in inputs {
        let problem = if !is_valid_id(slug) {
            Some(format!(
                "invalid slug '{slug}': slugs are lowercase ASCII letters, digits and hyphens"
            ))
        } else if let Some(message) = super::too_long("slug", slug) {
            Some(message)
        } else if RESERVED_PAGES.contains(&slug.as_str()) || folders.contains(&slug.as_str()) {
            Some(format!(
                "slug '{slug}' is taken by a page or folder of the edition itself"
            ))
        } else {
            match seen.entry(slug) {
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
