//! schema.org descriptions of the pages as JSON-LD, for search engines and library
//! tools: the title page is a `Book`, a chapter a `Chapter` that `isPartOf` it, an entry
//! a `Person`, `Organization`, `Event` or `DefinedTerm` (see [`EntryClass`]) whose
//! `subjectOf` lists the chapters that refer to it and whose `sameAs` are its authority
//! records (see [`crate::link::authority`]).
//!
//! URLs are absolute when the edition has a base URL, else relative to the page (JSON-LD
//! resolves them against the page's own address, so they hold offline too).

use super::Renderer;
use super::links::{Links, paths};
use super::text::plain_text;
use crate::config::Part;
use crate::link::{EntryClass, EntryRef};
use serde::Serialize;

/// One schema.org thing; fields left empty are not written.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Thing<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative_headline: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternate_name: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    editor: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    book_edition: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_part_of: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_defined_term_set: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_part: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    subject_of: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<String>,
}

const SCHEMA_ORG: &str = "https://schema.org";

/// The title page: the edition as a `Book` with its chapters as parts.
pub(super) fn book(r: &Renderer<'_>, links: &Links) -> String {
    let book = &r.edition.config.book;
    let mut thing = book_thing(r, links);
    thing.context = Some(SCHEMA_ORG);
    thing.alternative_headline = book.subtitle.as_deref();
    thing.description = book.description.clone();
    thing.in_language = Some(&book.language);
    thing.author = people(&book.authors);
    thing.editor = people(&book.editors);
    thing.publisher = book.publisher.as_deref().map(|name| {
        Box::new(Thing {
            kind: "Organization",
            name,
            ..Thing::default()
        })
    });
    thing.date_published = book.year.map(|y| y.to_string());
    thing.book_edition = book.edition.as_deref();
    thing.license = book.licence.as_deref();
    thing.has_part = (0..r.edition.chapters.len())
        .map(|c| chapter_thing(r, c, links))
        .collect();
    script(&thing)
}

/// A chapter (a page of front or back matter is a `CreativeWork`), part of the book.
pub(super) fn chapter(r: &Renderer<'_>, c: usize, links: &Links) -> String {
    let chapter = &r.edition.chapters[c];
    let mut thing = chapter_thing(r, c, links);
    thing.context = Some(SCHEMA_ORG);
    thing.description = chapter.summary.clone();
    thing.in_language = Some(&r.edition.config.book.language);
    thing.author = people(&r.edition.config.book.authors);
    thing.is_part_of = Some(Box::new(book_thing(r, links)));
    script(&thing)
}

/// A register entry, with the chapters that refer to it.
pub(super) fn entry(r: &Renderer<'_>, at: EntryRef, links: &Links) -> String {
    let edition = r.edition;
    let register = &edition.registers[at.register];
    let entry = &register.entries[at.entry];
    let class = register.class();
    let mut alternate: Vec<&str> = Vec::new();
    for name in std::iter::once(&entry.label).chain(&entry.aliases) {
        if *name != entry.name && !alternate.contains(&name.as_str()) {
            alternate.push(name);
        }
    }
    let mut chapters: Vec<usize> = entry.refs.mentions.iter().map(|m| m.chapter).collect();
    chapters.extend(entry.refs.turns.iter().map(|t| t.chapter));
    chapters.extend(entry.refs.speeches.iter().map(|s| s.0));
    chapters.extend(&entry.refs.chapters);
    chapters.extend(entry.refs.session_speeches.iter().map(|s| s.0));
    chapters.sort_unstable();
    chapters.dedup();
    let thing = Thing {
        context: Some(SCHEMA_ORG),
        kind: match class {
            EntryClass::Person => "Person",
            EntryClass::Organization => "Organization",
            EntryClass::Event => "Event",
            EntryClass::Term => "DefinedTerm",
        },
        name: &entry.name,
        alternate_name: alternate,
        url: Some(url(r, links, &paths::entry(&register.kind.path, &entry.id))),
        description: entry
            .description
            .as_ref()
            .map(|d| plain_text(edition, d))
            .filter(|d| !d.is_empty()),
        start_date: entry
            .date
            .as_ref()
            .filter(|_| class == EntryClass::Event)
            .and_then(|d| d.datetime()),
        in_defined_term_set: (class == EntryClass::Term).then(|| {
            Box::new(Thing {
                kind: "DefinedTermSet",
                name: register
                    .kind
                    .title
                    .as_deref()
                    .unwrap_or(&register.kind.name),
                url: Some(url(r, links, &paths::register(&register.kind.path))),
                ..Thing::default()
            })
        }),
        subject_of: chapters
            .into_iter()
            .map(|c| chapter_thing(r, c, links))
            .collect(),
        same_as: crate::link::authority::same_as(entry),
        ..Thing::default()
    };
    script(&thing)
}

fn book_thing<'a>(r: &Renderer<'a>, links: &Links) -> Thing<'a> {
    Thing {
        kind: "Book",
        name: &r.edition.config.book.title,
        url: Some(url(r, links, paths::INDEX)),
        ..Thing::default()
    }
}

/// A chapter in short: its type, title, address and (for a chapter) its number.
fn chapter_thing<'a>(r: &Renderer<'a>, c: usize, links: &Links) -> Thing<'a> {
    let chapters = &r.edition.chapters;
    let chapter = &chapters[c];
    let body = chapter.part == Part::Body;
    Thing {
        kind: if body { "Chapter" } else { "CreativeWork" },
        name: &chapter.title,
        url: Some(url(r, links, &paths::chapter(&chapter.slug))),
        position: body.then(|| {
            chapters[..=c]
                .iter()
                .filter(|x| x.part == Part::Body)
                .count()
        }),
        ..Thing::default()
    }
}

fn people(names: &[String]) -> Vec<Thing<'_>> {
    names
        .iter()
        .map(|name| Thing {
            kind: "Person",
            name,
            ..Thing::default()
        })
        .collect()
}

/// The address of the output file `to`: absolute under the base URL, else relative to
/// the page.
fn url(r: &Renderer<'_>, links: &Links, to: &str) -> String {
    match &r.edition.config.base_url {
        Some(base) => super::published_url(base, to),
        None => links.to(to),
    }
}

fn script(thing: &Thing<'_>) -> String {
    super::json_for_script(thing)
}
