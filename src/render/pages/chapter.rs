//! A chapter's page: the text, its speakers and themes, its notes, previous and next.

use super::{LinkView, NoteView, chapter_link, chapter_notes, chapter_title, entry_link};
use crate::render::Renderer;
use crate::render::links::Links;
use crate::render::text::{Filler, note_call_ids};
use crate::site::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct SpeakerView {
    person: LinkView,
    role: Option<String>,
    session: Option<LinkView>,
    source: Option<LinkView>,
    pages: Option<String>,
}

#[derive(Serialize)]
struct HeadingView {
    level: u8,
    text: String,
    href: String,
}

#[derive(Serialize)]
struct ChapterView {
    title: String,
    editorial_title: bool,
    summary: Option<String>,
    body: String,
    notes: Vec<NoteView>,
    speakers: Vec<SpeakerView>,
    themes: Vec<LinkView>,
    headings: Vec<HeadingView>,
    previous: Option<LinkView>,
    next: Option<LinkView>,
}

pub(super) fn render(
    r: &Renderer<'_>,
    c: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<String> {
    let edition = r.edition;
    let chapter = &edition.chapters[c];
    let filler = Filler {
        edition,
        links,
        chapter: Some(chapter),
    };
    let body = filler.html(
        &chapter.text,
        &chapter.text.parsed.body,
        &note_call_ids(chapter),
    );
    let speakers = chapter
        .speakers
        .iter()
        .map(|s| SpeakerView {
            person: entry_link(edition, links, s.person),
            role: s.role.clone(),
            session: s.session.map(|x| entry_link(edition, links, x)),
            source: s.source.map(|x| {
                let source = &edition.sources[x];
                LinkView {
                    text: source.short.clone(),
                    href: links.source(&source.key),
                }
            }),
            pages: s.pages.clone(),
        })
        .collect();
    let headings = chapter
        .text
        .parsed
        .headings
        .iter()
        .map(|h| HeadingView {
            level: h.level,
            text: h.text.clone(),
            href: format!("#{}", h.id),
        })
        .collect();
    let view = ChapterView {
        title: chapter.title.clone(),
        editorial_title: chapter.editorial_title,
        summary: chapter.summary.clone(),
        body,
        notes: chapter_notes(edition, chapter, links, "", true),
        speakers,
        themes: chapter
            .themes
            .iter()
            .map(|t| entry_link(edition, links, *t))
            .collect(),
        headings,
        previous: c
            .checked_sub(1)
            .map(|p| chapter_link(&edition.chapters[p], links, None)),
        next: edition
            .chapters
            .get(c + 1)
            .map(|n| chapter_link(n, links, None)),
    };
    r.template("chapter.html", path, links, chapter_title(chapter), view)
}
