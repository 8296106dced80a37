//! A chapter's page: the text, its speakers and themes, its notes, previous and next.

use super::{
    DateView, LinkView, NoteView, NotesOn, SpeakerView, chapter_link, chapter_notes, chapter_title,
    date_view, entry_link, source_link, speaker,
};
use crate::link::{Chapter, Document, Locator, Party};
use crate::render::links::Links;
use crate::render::text::Filler;
use crate::render::{Head, Renderer};
use crate::site::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct HeadingView {
    level: u8,
    text: String,
    href: String,
}

#[derive(Serialize)]
struct ChapterView<'a> {
    title: String,
    editorial_title: bool,
    summary: Option<String>,
    body: String,
    notes: Vec<NoteView>,
    speakers: Vec<SpeakerView>,
    themes: Vec<LinkView>,
    headings: Vec<HeadingView>,
    speakers_heading: &'a str,
    document: Option<DocumentView>,
    /// The language of the title and text when it is not the book's (their `lang`).
    language: Option<&'a str>,
    previous: Option<LinkView>,
    next: Option<LinkView>,
    /// The citations the page offers (JSON), and the script that offers them.
    cite: String,
    cite_script: String,
    /// Highlighting and previews (see `render::previews`).
    reader: crate::render::previews::ReaderView,
}

pub(super) fn render(
    r: &Renderer<'_>,
    c: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let edition = r.edition;
    let chapter = &edition.chapters[c];
    let filler = Filler::in_chapter(edition, links, chapter);
    let (previous, next) = neighbours(r, c, links);
    let view = ChapterView {
        title: chapter.title.clone(),
        editorial_title: chapter.editorial_title,
        summary: chapter.summary.clone(),
        body: filler.body_html(&chapter.text, &chapter.text.parsed.body),
        notes: chapter_notes(&filler, NotesOn::ChapterPage),
        speakers: (0..chapter.speakers.len())
            .map(|s| speaker(r, links, c, s))
            .collect(),
        themes: chapter
            .themes
            .iter()
            .map(|t| entry_link(edition, links, *t))
            .collect(),
        headings: headings(chapter),
        speakers_heading: edition
            .config
            .labels
            .speakers
            .as_deref()
            .unwrap_or(r.words.speakers),
        document: (!chapter.document.is_empty()).then(|| document(r, links, &chapter.document)),
        language: chapter.language.as_deref(),
        previous,
        next,
        cite: crate::render::cite::chapter_citations(r, c),
        cite_script: links.to(&crate::render::links::paths::static_file("cite.js")),
        reader: crate::render::previews::chapter_reader(r, chapter, links),
    };
    // The summary is "one sentence for lists and meta description" (FORMAT.md).
    let head = Head {
        title: chapter_title(chapter),
        description: chapter.summary.clone(),
        jsonld: Some(crate::render::jsonld::chapter(r, c, links)),
    };
    r.template("chapter.html", path, links, head, view)
}

/// The header of the document a chapter presents.
#[derive(Serialize)]
struct DocumentView {
    kind: Option<String>,
    date: Option<DateView>,
    place: Option<PartyView>,
    from: Vec<PartyView>,
    to: Vec<PartyView>,
    source: Option<DocumentSourceView>,
}

/// An author, addressee or place: linked when it is a register entry.
#[derive(Serialize)]
struct PartyView {
    text: String,
    href: Option<String>,
}

/// Where the original is kept: the source's short form, linked, and the sheets.
#[derive(Serialize)]
struct DocumentSourceView {
    link: LinkView,
    locator: Option<String>,
}

fn document(r: &Renderer<'_>, links: &Links, document: &Document) -> DocumentView {
    let party = |p: &Party| match p {
        Party::Entry(e) => {
            let link = entry_link(r.edition, links, *e);
            PartyView {
                text: link.text,
                href: Some(link.href),
            }
        }
        Party::Text(text) => PartyView {
            text: text.clone(),
            href: None,
        },
    };
    DocumentView {
        kind: document.kind.clone(),
        date: document.date.as_ref().map(|d| date_view(r, d)),
        place: document.place.as_ref().map(party),
        from: document.from.iter().map(party).collect(),
        to: document.to.iter().map(party).collect(),
        source: document.source.as_ref().map(|s| DocumentSourceView {
            link: source_link(r.edition, links, s.source),
            locator: s.locator.as_ref().map(Locator::display),
        }),
    }
}

/// The chapter's headings, for its table of contents.
fn headings(chapter: &Chapter) -> Vec<HeadingView> {
    chapter
        .text
        .parsed
        .headings
        .iter()
        .map(|h| HeadingView {
            level: h.level,
            text: h.text.clone(),
            href: format!("#{}", h.id),
        })
        .collect()
}

/// Links to the chapters before and after the `c`th in reading order: the order of the
/// table of contents (see [`super::ReadingOrder`]).
fn neighbours(r: &Renderer<'_>, c: usize, links: &Links) -> (Option<LinkView>, Option<LinkView>) {
    let link = |i: usize| chapter_link(&r.edition.chapters[i], links, None);
    let (previous, next) = r.reading.neighbours(c);
    (previous.map(link), next.map(link))
}
