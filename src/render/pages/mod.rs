//! The view of each kind of page, built from the model for its template.

mod chapter;
mod register;
mod sources;

use super::links::{Links, paths};
use super::text::{Filler, Focus, anchor_id};
use super::{Job, Renderer};
use crate::link::{Chapter, Edition, EntryRef};
use crate::site::PagePath;
use serde::Serialize;

/// A link: the text and where it goes.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LinkView {
    pub(super) text: String,
    pub(super) href: String,
}

/// Renders one page.
pub(super) fn render(
    r: &Renderer<'_>,
    job: Job,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<String> {
    let e = r.edition;
    match job {
        Job::Index => r.template(
            "index.html",
            path,
            links,
            e.config.book.title.clone(),
            index(r, links),
        ),
        Job::Chapter(c) => chapter::render(r, c, path, links),
        Job::Register(reg) => register::render_index(r, reg, path, links),
        Job::Entry(reg, entry) => register::render_entry(
            r,
            EntryRef {
                register: reg,
                entry,
            },
            path,
            links,
        ),
        Job::Sources => sources::render_index(r, path, links),
        Job::Source(s) => sources::render_source(r, s, path, links),
        Job::Notes => r.template(
            "notes.html",
            path,
            links,
            r.words.notes.to_owned(),
            notes(e, links),
        ),
        Job::NotFound => r.template("404.html", path, links, r.words.not_found.to_owned(), ()),
    }
}

/// A link of the site's navigation, marked for `aria-current` when the page is its
/// target (`page`) or lies in its section, as an entry lies in its register (`true`).
#[derive(Debug, Clone, Serialize)]
pub(super) struct NavLink {
    text: String,
    href: String,
    current: Option<&'static str>,
}

/// The links every page shows: the registers, the sources, the notes.
pub(super) fn nav(r: &Renderer<'_>, links: &Links, page: &PagePath) -> Vec<NavLink> {
    let mut targets: Vec<(String, String)> = r
        .edition
        .registers
        .iter()
        .filter(|reg| !reg.entries.is_empty())
        .map(|reg| (register_title(r, reg), paths::register(&reg.kind.path)))
        .collect();
    if !r.edition.sources.is_empty() {
        targets.push((r.words.sources.to_owned(), paths::SOURCES.to_owned()));
    }
    if r.edition
        .chapters
        .iter()
        .any(|c| c.note_numbers.iter().any(Option::is_some))
    {
        targets.push((r.words.notes.to_owned(), paths::NOTES.to_owned()));
    }
    targets
        .into_iter()
        .map(|(text, target)| NavLink {
            href: links.to(&target),
            current: current(&target, page),
            text,
        })
        .collect()
}

/// How the page at `page` stands to the navigation target `target`.
fn current(target: &str, page: &PagePath) -> Option<&'static str> {
    if page.as_str() == target {
        return Some("page");
    }
    let (folder, _) = target.rsplit_once('/')?;
    let inside = page.as_str().strip_prefix(folder)?.starts_with('/');
    inside.then_some("true")
}

fn register_title(r: &Renderer<'_>, register: &crate::link::Register) -> String {
    register
        .kind
        .title
        .clone()
        .unwrap_or_else(|| r.words.register_title(&register.kind.name))
}

/// A link to an entry's page, showing its name.
fn entry_link(edition: &Edition, links: &Links, entry: EntryRef) -> LinkView {
    let register = &edition.registers[entry.register];
    let e = &register.entries[entry.entry];
    LinkView {
        text: e.name.clone(),
        href: links.entry(&register.kind, &e.id),
    }
}

/// A link to a chapter, showing its title.
fn chapter_link(chapter: &Chapter, links: &Links, anchor: Option<&str>) -> LinkView {
    LinkView {
        text: chapter_title(chapter),
        href: links.chapter(&chapter.slug, anchor),
    }
}

/// A chapter's title as listed: an editor's title stands in square brackets, as
/// editions mark any text that is not the source's.
fn chapter_title(chapter: &Chapter) -> String {
    if chapter.editorial_title {
        format!("[{}]", chapter.title)
    } else {
        chapter.title.clone()
    }
}

#[derive(Serialize)]
struct TocEntry {
    link: LinkView,
    summary: Option<String>,
    editorial: bool,
}

#[derive(Serialize)]
struct IndexView {
    chapters: Vec<TocEntry>,
}

fn index(r: &Renderer<'_>, links: &Links) -> IndexView {
    let chapters = r
        .edition
        .chapters
        .iter()
        .map(|c| TocEntry {
            link: chapter_link(c, links, None),
            summary: c.summary.clone(),
            editorial: c.editorial_title,
        })
        .collect();
    IndexView { chapters }
}

/// A footnote as listed under a chapter or on the notes page.
#[derive(Serialize)]
struct NoteView {
    number: u32,
    id: String,
    html: String,
    backlinks: Vec<String>,
}

/// A chapter's notes in number order, each with links back to its calls.
fn chapter_notes(
    edition: &Edition,
    chapter: &Chapter,
    links: &Links,
    id_prefix: &str,
    calls_on_page: bool,
) -> Vec<NoteView> {
    let call_ids = super::text::note_call_ids(chapter);
    let filler = Filler {
        edition,
        links,
        chapter: Some(chapter),
    };
    let mut notes: Vec<NoteView> = chapter
        .text
        .parsed
        .notes
        .iter()
        .enumerate()
        .filter_map(|(d, note)| {
            let number = chapter.note_numbers[d]?;
            let backlinks = chapter
                .text
                .calls
                .iter()
                .zip(&call_ids)
                .filter(|(def, _)| **def == Some(d))
                .filter_map(|(_, id)| id.as_deref())
                .map(|id| {
                    if calls_on_page {
                        format!("#{id}")
                    } else {
                        links.chapter(&chapter.slug, Some(id))
                    }
                })
                .collect();
            let html = filler.html(&chapter.text, &note.content, &call_ids);
            Some(NoteView {
                number,
                id: format!("{id_prefix}fn-{number}"),
                html,
                backlinks,
            })
        })
        .collect();
    notes.sort_by_key(|n| n.number);
    notes
}

#[derive(Serialize)]
struct ChapterNotes {
    chapter: LinkView,
    notes: Vec<NoteView>,
}

#[derive(Serialize)]
struct NotesView {
    chapters: Vec<ChapterNotes>,
}

fn notes(edition: &Edition, links: &Links) -> NotesView {
    let chapters = edition
        .chapters
        .iter()
        .map(|c| ChapterNotes {
            chapter: chapter_link(c, links, None),
            notes: chapter_notes(edition, c, links, &format!("{}-", c.slug), false),
        })
        .filter(|c| !c.notes.is_empty())
        .collect();
    NotesView { chapters }
}

/// A date for `<time>`; `datetime` only when the calendar has that day, so that the
/// attribute is always valid HTML and the editor's text still shows when it is not.
#[derive(Serialize)]
struct DateView {
    datetime: Option<String>,
    text: String,
}

fn date_view(r: &Renderer<'_>, iso: &str) -> DateView {
    match r.words.date(iso) {
        Some(text) => DateView {
            datetime: Some(iso.to_owned()),
            text,
        },
        None => DateView {
            datetime: None,
            text: iso.to_owned(),
        },
    }
}

/// A passage quoted on a register or source page, linking to its place.
#[derive(Serialize)]
struct PlaceView {
    href: String,
    chapter: String,
    snippet: super::text::Snippet,
}

fn place(
    edition: &Edition,
    links: &Links,
    chapter: usize,
    passage: usize,
    focus: Focus,
) -> PlaceView {
    let c = &edition.chapters[chapter];
    let anchor = anchor_id(c, passage);
    PlaceView {
        href: links.chapter(&c.slug, anchor.as_deref()),
        chapter: chapter_title(c),
        snippet: super::text::snippet(edition, &c.text, passage, focus),
    }
}
