//! The view of each kind of page, built from the model for its template.
//!
//! Views are built here, in Rust, rather than in the templates, so that a template only
//! lays out values: every URL comes from [`Links`], every count and date is worded by
//! the theme's words, and every choice (which notes, which snippet, which link is the
//! current one) is made once, typed and tested, whichever theme shows it. A theme can
//! then change the layout without redoing any of it.

mod chapter;
mod entry_pages;
pub(super) mod paging;
mod register;
mod sources;

pub(super) use entry_pages::paging as entry_paging;
pub(super) use sources::{Concordance, concordance_paging, concordances};

use super::jsonld;
use super::links::{Links, paths};
use super::text::{Filler, Focus, Split, anchor_id, split};
use super::words::Words;
use super::{Head, Job, Renderer};
use crate::config::{Part, TocOrder};
use crate::date::Date;
use crate::link::{Chapter, Edition, EntryRef};
use crate::site::PagePath;
use serde::Serialize;
use std::borrow::Cow;

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
) -> anyhow::Result<Vec<u8>> {
    let e = r.edition;
    match job {
        Job::Index => r.template(
            "index.html",
            path,
            links,
            Head::titled(e.config.book.title.clone()).with_jsonld(jsonld::book(r, links)),
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
        Job::Notes => notes_page(r, 1, path, links),
        Job::NotesPage(n) => notes_page(r, n, path, links),
        Job::EntryPage(reg, entry, n) => entry_pages::render(
            r,
            EntryRef {
                register: reg,
                entry,
            },
            n,
            path,
            links,
        ),
        Job::SourcePage(s, n) => sources::render_source_page(r, s, n, path, links),
        Job::Search => r.template(
            "search.html",
            path,
            links,
            Head::titled(r.words.search.to_owned()),
            (),
        ),
        Job::NotFound => r.template(
            "404.html",
            path,
            links,
            Head::titled(r.words.not_found.to_owned()),
            (),
        ),
    }
}

/// A target of the site's navigation: its text and its output path.
pub(super) struct NavTarget {
    text: String,
    path: String,
}

/// The targets every page's navigation shows: the registers that have entries, the
/// sources and the notes when there are any. The same for every page, so made once.
pub(super) fn nav_targets(edition: &Edition, words: &Words) -> Vec<NavTarget> {
    let mut targets: Vec<NavTarget> = edition
        .registers
        .iter()
        .filter(|reg| !reg.entries.is_empty())
        .map(|reg| NavTarget {
            text: register_title(words, reg),
            path: paths::register(&reg.kind.path),
        })
        .collect();
    if !edition.sources.is_empty() {
        targets.push(NavTarget {
            text: words.sources.to_owned(),
            path: paths::SOURCES.to_owned(),
        });
    }
    let has_notes = edition
        .chapters
        .iter()
        .any(|c| c.note_numbers.iter().any(Option::is_some));
    if has_notes {
        targets.push(NavTarget {
            text: words.notes.to_owned(),
            path: paths::NOTES.to_owned(),
        });
    }
    targets
}

/// A link of the site's navigation, marked for `aria-current` when the page is its
/// target (`page`) or lies in its section, as an entry lies in its register (`true`).
#[derive(Debug, Clone, Serialize)]
pub(super) struct NavLink {
    text: String,
    href: String,
    current: Option<&'static str>,
}

/// How the page at `page` stands to each navigation target (see [`current`]).
pub(super) fn nav_currents(targets: &[NavTarget], page: &PagePath) -> Vec<Option<&'static str>> {
    targets
        .iter()
        .map(|target| current(&target.path, page))
        .collect()
}

/// The navigation as seen from a page with `links`, which stands to each target as
/// `currents` say ([`nav_currents`]).
pub(super) fn nav(
    targets: &[NavTarget],
    links: &Links,
    currents: &[Option<&'static str>],
) -> Vec<NavLink> {
    targets
        .iter()
        .zip(currents)
        .map(|(target, &current)| NavLink {
            text: target.text.clone(),
            href: links.to(&target.path),
            current,
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

pub(super) fn register_title(words: &Words, register: &crate::link::Register) -> String {
    register
        .kind
        .title
        .clone()
        .unwrap_or_else(|| words.register_title(&register.kind.name))
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

/// A link to a source's page, showing its short form.
fn source_link(edition: &Edition, links: &Links, source: usize) -> LinkView {
    let source = &edition.sources[source];
    LinkView {
        text: source.short.clone(),
        href: links.source(&source.key),
    }
}

/// A link to a chapter, showing its title.
fn chapter_link(chapter: &Chapter, links: &Links, anchor: Option<&str>) -> LinkView {
    LinkView {
        text: chapter_title(chapter),
        href: links.chapter(&chapter.slug, anchor),
    }
}

/// A chapter's title as listed (see [`shown_title`]).
fn chapter_title(chapter: &Chapter) -> String {
    shown_title(chapter).into_owned()
}

/// A chapter's title as listed: an editor's title stands in square brackets, as
/// editions mark any text that is not the source's. Borrowed when it is the source's,
/// as most are: an entry's page names the chapter of every place it lists.
fn shown_title(chapter: &Chapter) -> Cow<'_, str> {
    if chapter.editorial_title {
        Cow::Owned(format!("[{}]", chapter.title))
    } else {
        Cow::Borrowed(&chapter.title)
    }
}

/// A `speakers` entry of a chapter: shown on the chapter's page, and on the person's and
/// the session's pages, where its chapter leads back to the speech.
#[derive(Serialize)]
struct SpeakerView {
    chapter: LinkView,
    person: LinkView,
    role: Option<String>,
    session: Option<LinkView>,
    source: Option<LinkView>,
    pages: Option<String>,
}

fn speaker(r: &Renderer<'_>, links: &Links, chapter: usize, speaker: usize) -> SpeakerView {
    let edition = r.edition;
    let c = &edition.chapters[chapter];
    let s = &c.speakers[speaker];
    SpeakerView {
        chapter: chapter_link(c, links, None),
        person: entry_link(edition, links, s.person),
        role: s.role.clone(),
        session: s.session.map(|x| entry_link(edition, links, x)),
        source: s.source.map(|x| source_link(edition, links, x)),
        pages: s.pages.as_deref().map(|p| pages(&r.words, p)),
    }
}

/// A speaker's `pages` as shown: with the theme's «С.» in front, unless they name their
/// own unit (`л. 12–13 об.`).
fn pages(words: &Words, pages: &str) -> String {
    let locator = crate::parse::Locator::parse(pages);
    match locator.unit() {
        Some(_) => locator.display(),
        None => format!("{} {pages}", words.pages),
    }
}

#[derive(Serialize)]
struct TocEntry {
    link: LinkView,
    summary: Option<String>,
    editorial: bool,
    date: Option<DateView>,
}

/// The table of contents: the numbered chapters, with the editor's front and back
/// matter listed apart, unnumbered, so that «От редактора» is not read as chapter 1.
#[derive(Serialize)]
struct IndexView {
    front: Vec<TocEntry>,
    chapters: Vec<TocEntry>,
    back: Vec<TocEntry>,
    /// The map of the edition's chapters.
    map: Option<super::pictures::MapView>,
}

/// The order the table of contents lists the chapters in, which everything that lists
/// chapters follows (previous and next links, the title page's map, an entry's strip and
/// chapter lists, the JSON-LD's parts and positions): front matter, the chapters, back
/// matter, each in the edition's order, or by `date` with `toc = "date"` (undated ones
/// last). Made once for all pages.
pub(in crate::render) struct ReadingOrder {
    /// The chapters' indices, in reading order.
    order: Vec<usize>,
    /// Each chapter's place in `order`.
    place: Vec<usize>,
    /// Each chapter's number among the body's chapters in reading order, from 1; `None`
    /// for front and back matter. Counted once for the site: counting for each chapter
    /// named (every chapter on the title page, every chapter citing an entry) took time
    /// in the square of the chapters.
    position: Vec<Option<usize>>,
}

impl ReadingOrder {
    pub(in crate::render) fn new(edition: &Edition) -> Self {
        let chapters = &edition.chapters;
        let mut order: Vec<usize> = (0..chapters.len()).collect();
        let by_date = edition.config.toc == TocOrder::Date;
        // Stable: chapters of one date, and undated ones, stay in the edition's order.
        order.sort_by_key(|&c| {
            let date = &chapters[c].document.date;
            let date = by_date.then(|| (date.is_none(), date.clone()));
            (chapters[c].part, date)
        });
        let mut place = vec![0; order.len()];
        let mut position = vec![None; order.len()];
        let mut body = 0;
        for (at, &c) in order.iter().enumerate() {
            place[c] = at;
            if chapters[c].part == Part::Body {
                body += 1;
                position[c] = Some(body);
            }
        }
        Self {
            order,
            place,
            position,
        }
    }

    /// The chapters' indices, in reading order.
    pub(in crate::render) fn chapters(&self) -> &[usize] {
        &self.order
    }

    /// The `c`th chapter's place in reading order.
    pub(in crate::render) fn place(&self, c: usize) -> usize {
        self.place[c]
    }

    /// The `c`th chapter's number among the body's chapters; `None` for front and back
    /// matter.
    pub(in crate::render) fn position(&self, c: usize) -> Option<usize> {
        self.position[c]
    }

    /// `chapters` (indices, as the link stage lists an entry's) in reading order.
    pub(in crate::render) fn sorted(&self, chapters: &[usize]) -> Vec<usize> {
        let mut sorted = chapters.to_vec();
        sorted.sort_by_key(|&c| self.place[c]);
        sorted
    }

    /// The chapters before and after the `c`th in reading order.
    fn neighbours(&self, c: usize) -> (Option<usize>, Option<usize>) {
        let at = self.place[c];
        let previous = at.checked_sub(1).map(|at| self.order[at]);
        (previous, self.order.get(at + 1).copied())
    }
}

fn index(r: &Renderer<'_>, links: &Links) -> IndexView {
    let chapters: Vec<&Chapter> = (r.reading.order.iter())
        .map(|&c| &r.edition.chapters[c])
        .collect();
    let part = |part: Part| {
        chapters
            .iter()
            .filter(|c| c.part == part)
            .map(|c| TocEntry {
                link: chapter_link(c, links, None),
                summary: c.summary.clone(),
                editorial: c.editorial_title,
                date: c.document.date.as_ref().map(|d| date_view(r, d)),
            })
            .collect()
    };
    IndexView {
        front: part(Part::Front),
        chapters: part(Part::Body),
        back: part(Part::Back),
        map: super::pictures::edition_map(r, links),
    }
}

/// A footnote as listed under a chapter or on the notes page.
#[derive(Serialize)]
struct NoteView {
    number: u32,
    id: String,
    html: String,
    backlinks: Vec<String>,
}

/// The page a chapter's notes are listed on, which decides their ids and where their
/// links back to the calls lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotesOn {
    /// Under the chapter's text: ids `fn-5`, links back within the page.
    ChapterPage,
    /// On the page of every note: ids `SLUG-fn-5`, links back to the chapter's page.
    NotesPage,
}

impl NotesOn {
    fn note_id(self, chapter: &Chapter, number: u32) -> String {
        match self {
            Self::ChapterPage => format!("fn-{number}"),
            Self::NotesPage => format!("{}-fn-{number}", chapter.slug),
        }
    }

    fn backlink(self, links: &Links, chapter: &Chapter, call_id: &str) -> String {
        match self {
            Self::ChapterPage => format!("#{call_id}"),
            Self::NotesPage => links.chapter(&chapter.slug, Some(call_id)),
        }
    }
}

/// The notes of the chapter `filler` fills, in number order, each with links back to
/// its calls.
fn chapter_notes(filler: &Filler<'_>, on: NotesOn) -> Vec<NoteView> {
    let Some(chapter) = filler.chapter() else {
        return Vec::new();
    };
    let text = &chapter.text;
    // The calls of each note, gathered in one pass: looking them up note by note would
    // take time in the square of a chapter's notes.
    let mut calls: Vec<Vec<&str>> = vec![Vec::new(); text.parsed.notes.len()];
    for (definition, id) in text.calls.iter().zip(filler.call_ids()) {
        if let (Some(d), Some(id)) = (definition, id.as_deref()) {
            calls[*d].push(id);
        }
    }
    let mut notes: Vec<NoteView> = text
        .parsed
        .notes
        .iter()
        .enumerate()
        .filter_map(|(d, note)| {
            let number = chapter.note_numbers[d]?;
            let backlinks = calls[d]
                .iter()
                .map(|id| on.backlink(filler.links(), chapter, id))
                .collect();
            Some(NoteView {
                number,
                id: on.note_id(chapter, number),
                html: filler.html(text, &note.content),
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
    pager: Option<paging::PagerView>,
}

/// The notes of the edition in reading order, cut into pages of `places-per-page`.
pub(super) fn notes_paging(edition: &Edition) -> paging::Paging {
    let total = edition.chapters.iter().map(note_count).sum();
    paging::Paging::new(total, edition.config.places_per_page)
}

/// How many notes the chapter lists (those that have a number: the called ones).
fn note_count(chapter: &Chapter) -> usize {
    chapter.note_numbers.iter().flatten().count()
}

/// Where each chapter's notes start in the list of all the edition's notes, and where
/// the last chapter's end: made once for every page of the notes, which made it each
/// (pages × chapters).
pub(super) fn note_starts(edition: &Edition) -> Vec<usize> {
    super::starts(edition.chapters.iter().map(note_count))
}

/// Page `number` of the notes: the chapters whose notes fall on it, each with its notes
/// on this page (a chapter whose notes run over a page break is named on both pages).
fn notes_page(
    r: &Renderer<'_>,
    number: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let edition = r.edition;
    let starts = &r.note_starts;
    let paging = paging::Paging::new(
        starts.last().copied().unwrap_or(0),
        edition.config.places_per_page,
    );
    let range = paging.range(number);
    // The chapters from the one the page's first note is in (or an empty one before
    // it) until the first that starts after the page.
    let first = starts[..edition.chapters.len()]
        .partition_point(|&start| start <= range.start)
        .saturating_sub(1);
    let mut chapters = Vec::new();
    for (c, chapter) in edition.chapters.iter().enumerate().skip(first) {
        if starts[c] >= range.end {
            break;
        }
        let here = starts[c]..starts[c + 1];
        let (from, to) = (here.start.max(range.start), here.end.min(range.end));
        if from >= to {
            continue;
        }
        let filler = Filler::in_chapter(edition, links, chapter);
        let mut notes = chapter_notes(&filler, NotesOn::NotesPage);
        notes.truncate(to - here.start);
        notes.drain(..from - here.start);
        chapters.push(ChapterNotes {
            chapter: chapter_link(chapter, links, None),
            notes,
        });
    }
    // The chapter of the note at `i` of the whole list.
    let chapter_of = |i: usize| {
        let c = starts
            .partition_point(|&start| start <= i)
            .saturating_sub(1);
        chapter_title(&edition.chapters[c])
    };
    let pager = paging::pager(r, paging, paths::NOTES, links, number, |range| {
        (chapter_of(range.start), chapter_of(range.end - 1))
    });
    let title = match &pager {
        Some(_) => format!(
            "{} — {}",
            r.words.notes,
            r.words.list_page(number, paging.count())
        ),
        None => r.words.notes.to_owned(),
    };
    let view = NotesView { chapters, pager };
    r.template("notes.html", path, links, Head::titled(title), view)
}

/// A date for `<time>`; `datetime` only for a single exact date, the one kind HTML's
/// attribute can hold.
#[derive(Serialize)]
struct DateView {
    datetime: Option<String>,
    text: String,
}

fn date_view(r: &Renderer<'_>, date: &Date) -> DateView {
    DateView {
        datetime: date.datetime(),
        text: r.words.date(date),
    }
}

/// A passage quoted on a register or source page, linking to its place. Its chapter's
/// title is borrowed from the edition (see [`shown_title`]).
#[derive(Serialize)]
struct PlaceView<'a> {
    href: String,
    chapter: Cow<'a, str>,
    snippet: std::sync::Arc<super::text::Snippet>,
}

/// A place to quote: its chapter, its passage there, and what its snippet is about.
#[derive(Debug, Clone, Copy)]
struct Spot {
    chapter: usize,
    passage: usize,
    focus: Focus,
}

fn place<'a>(
    r: &Renderer<'a>,
    links: &Links,
    chapter: usize,
    passage: usize,
    focus: Focus,
) -> PlaceView<'a> {
    let spot = Spot {
        chapter,
        passage,
        focus,
    };
    place_at(r, links, spot, locate(r.edition, spot))
}

/// Where the place at `spot` is in its chapter: its passage's anchor, and the passage
/// split at its focus.
fn locate(edition: &Edition, spot: Spot) -> (Option<Cow<'_, str>>, Split<'_>) {
    let chapter = &edition.chapters[spot.chapter];
    (
        anchor_id(chapter, spot.passage),
        split(&chapter.text, spot.passage, spot.focus),
    )
}

/// The views of a list's places, in their order, made in two passes: every place
/// located first ([`locate`]), then the links and snippets. Locating a place is a chain
/// of reads (the chapter, its linked text, its parse, the passage, its runs, the focus's
/// run), each somewhere else in a heap of a gigabyte at 10,000 chapters and seldom still
/// in the processor's caches. Made one place at a time, each place's chain waited for
/// memory between two snippets' work (`place` and `snippet` spent 4 % of such a build
/// on four loads); a loop that does nothing but locate lets the processor follow many
/// chains at once, and the second pass finds them in the caches.
fn places<'a>(r: &Renderer<'a>, links: &Links, spots: &[Spot]) -> Vec<PlaceView<'a>> {
    let located: Vec<_> = (spots.iter()).map(|&s| locate(r.edition, s)).collect();
    (spots.iter().zip(located))
        .map(|(&spot, at)| place_at(r, links, spot, at))
        .collect()
}

/// The view of the place at `spot`, located by [`locate`].
fn place_at<'a>(
    r: &Renderer<'a>,
    links: &Links,
    spot: Spot,
    (anchor, at): (Option<Cow<'_, str>>, Split<'_>),
) -> PlaceView<'a> {
    let c = &r.edition.chapters[spot.chapter];
    PlaceView {
        href: links.chapter(&c.slug, anchor.as_deref()),
        chapter: shown_title(c),
        snippet: r.snippet(spot.chapter, spot.passage, spot.focus, at),
    }
}
