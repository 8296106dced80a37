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
use crate::link::{EntryClass, EntryRef, Party};
use serde::Serialize;
use std::borrow::Cow;

/// One schema.org thing; fields left empty are not written.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Thing<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: Cow<'a, str>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_created: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<Box<Thing<'a>>>,
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
            name: Cow::Borrowed(name),
            ..Thing::default()
        })
    });
    thing.date_published = book.year.map(|y| y.to_string());
    thing.book_edition = book.edition.as_deref();
    thing.license = book.licence.as_deref();
    // At most `places-per-page` parts, so that the title page of a large edition stays
    // small; every chapter's own JSON-LD says that it is part of the book.
    thing.has_part = (r.reading.chapters().iter())
        .take(r.edition.config.places_per_page.get())
        .map(|&c| chapter_thing(r, c, links))
        .collect();
    script(&thing)
}

/// A chapter (a page of front or back matter is a `CreativeWork`), part of the book.
/// A document's chapter is described as the document: its authors (`from`) are the
/// authors, the edition's are its editors; its date, place, genre and original are
/// `dateCreated`, `locationCreated`, `genre` and `isBasedOn`.
pub(super) fn chapter(r: &Renderer<'_>, c: usize, links: &Links) -> String {
    let chapter = &r.edition.chapters[c];
    let book = &r.edition.config.book;
    let document = &chapter.document;
    let mut thing = chapter_thing(r, c, links);
    thing.context = Some(SCHEMA_ORG);
    thing.description = chapter.summary.clone();
    thing.in_language = Some(chapter.language.as_deref().unwrap_or(&book.language));
    if document.from.is_empty() {
        thing.author = people(&book.authors);
    } else {
        thing.author = document
            .from
            .iter()
            .map(|party| party_thing(r, links, party, None))
            .collect();
        thing.editor = people(&book.authors);
        thing.editor.extend(people(&book.editors));
    }
    thing.date_created = document.date.as_ref().and_then(|d| d.datetime());
    thing.location_created = (document.place.as_ref())
        .map(|place| Box::new(party_thing(r, links, place, Some("Place"))));
    thing.genre = document.kind.as_deref();
    thing.is_based_on = document.source.as_ref().map(|original| {
        let source = &r.edition.sources[original.source];
        let suffix = super::text::locator_suffix(&source.short, original.locator.as_ref());
        Box::new(Thing {
            kind: "CreativeWork",
            name: Cow::Owned(format!("{}{suffix}", source.short)),
            url: Some(url(r, links, &paths::source(&source.key))),
            ..Thing::default()
        })
    });
    thing.is_part_of = Some(Box::new(book_thing(r, links)));
    script(&thing)
}

/// An author or a place of a document: its entry (typed by its register, or `kind`,
/// with the entry's page) or the editor's text (a `Thing`, or `kind`).
fn party_thing<'a>(
    r: &Renderer<'a>,
    links: &Links,
    party: &'a Party,
    kind: Option<&'static str>,
) -> Thing<'a> {
    match party {
        Party::Entry(at) => {
            let register = &r.edition.registers[at.register];
            let entry = &register.entries[at.entry];
            Thing {
                kind: kind.unwrap_or_else(|| schema_type(register.class())),
                name: Cow::Borrowed(&entry.name),
                url: Some(url(r, links, &paths::entry(&register.kind.path, &entry.id))),
                ..Thing::default()
            }
        }
        Party::Text(text) => Thing {
            kind: kind.unwrap_or("Thing"),
            name: Cow::Borrowed(text),
            ..Thing::default()
        },
    }
}

/// The schema.org type of a register's entries.
fn schema_type(class: EntryClass) -> &'static str {
    match class {
        EntryClass::Person => "Person",
        EntryClass::Organization => "Organization",
        EntryClass::Place => "Place",
        EntryClass::Event => "Event",
        EntryClass::Term => "DefinedTerm",
    }
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
    chapters.extend(entry.refs.from.iter().chain(&entry.refs.to));
    chapters.extend(&entry.refs.written_here);
    chapters.sort_unstable_by_key(|&c| r.reading.place(c));
    chapters.dedup();
    let thing = Thing {
        context: Some(SCHEMA_ORG),
        kind: schema_type(class),
        name: Cow::Borrowed(&entry.name),
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
                name: Cow::Borrowed(
                    register
                        .kind
                        .title
                        .as_deref()
                        .unwrap_or(&register.kind.name),
                ),
                url: Some(url(r, links, &paths::register(&register.kind.path))),
                ..Thing::default()
            })
        }),
        // The first `places-per-page` chapters, as the page's own list of places is cut:
        // 9,000 chapters named in JSON-LD made one entry page 0.8 MB.
        subject_of: chapters
            .into_iter()
            .take(edition.config.places_per_page.get())
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
        name: Cow::Borrowed(&r.edition.config.book.title),
        url: Some(url(r, links, paths::INDEX)),
        ..Thing::default()
    }
}

/// A chapter in short: its type, title, address and (for a chapter) its number.
fn chapter_thing<'a>(r: &Renderer<'a>, c: usize, links: &Links) -> Thing<'a> {
    let chapter = &r.edition.chapters[c];
    let body = chapter.part == Part::Body;
    Thing {
        kind: if body { "Chapter" } else { "CreativeWork" },
        name: Cow::Borrowed(&chapter.title),
        url: Some(url(r, links, &paths::chapter(&chapter.slug))),
        position: r.reading.position(c),
        ..Thing::default()
    }
}

fn people(names: &[String]) -> Vec<Thing<'_>> {
    names
        .iter()
        .map(|name| Thing {
            kind: "Person",
            name: Cow::Borrowed(name),
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
