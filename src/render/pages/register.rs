//! A register's index page (grouped by letter, or by date for a chronological register)
//! and each entry's page with every place that refers to it.

use super::entry_pages;
use super::paging::PagerView;
use super::{
    DateView, LinkView, PlaceView, SpeakerView, Spot, chapter_link, date_view, entry_link, places,
    register_title, speaker,
};
use crate::link::{Backrefs, Entry, EntryRef, PassagePlace, Place, Register};
use crate::render::links::{Links, paths};
use crate::render::pictures::{self, StripView, TimelineView, TogetherView};
use crate::render::text::{Filler, Focus, plain_text};
use crate::render::{Head, Renderer, jsonld};
use crate::site::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct EntryItem {
    name: String,
    href: String,
    date: Option<DateView>,
    /// The number of mentions; `None` for an entry never mentioned (a letter's author
    /// need not be), which «0 упоминаний» would only make look forgotten.
    count: Option<String>,
    /// The people who spoke at it (a session), each once, in the order they spoke.
    speakers: Vec<LinkView>,
}

#[derive(Serialize)]
struct LetterView {
    letter: String,
    id: String,
    entries: Vec<EntryItem>,
}

#[derive(Serialize)]
struct RegisterView {
    title: String,
    chronological: bool,
    letters: Vec<LetterView>,
    /// The timeline of the entries along their dates, when they have dates.
    timeline: Option<TimelineView>,
}

pub(super) fn render_index(
    r: &Renderer<'_>,
    reg: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let register = &r.edition.registers[reg];
    let mut letters: Vec<LetterView> = Vec::new();
    for entry in &register.entries {
        let letter = if register.chronological {
            String::new()
        } else {
            entry.initial.clone()
        };
        let item = EntryItem {
            name: entry.name.clone(),
            href: links.entry(&register.kind, &entry.id),
            date: entry.date.as_ref().map(|d| date_view(r, d)),
            count: match entry.refs.mentions.len() {
                0 => None,
                n => Some(r.words.mention_count(n)),
            },
            speakers: speakers_at(r, links, entry),
        };
        match letters.last_mut() {
            Some(group) if group.letter == letter => group.entries.push(item),
            _ => letters.push(LetterView {
                id: letter_id(&letter),
                letter,
                entries: vec![item],
            }),
        }
    }
    let title = register_title(&r.words, register);
    let view = RegisterView {
        title: title.clone(),
        chronological: register.chronological,
        letters,
        timeline: pictures::timeline(r, links, register),
    };
    r.template("register.html", path, links, Head::titled(title), view)
}

/// The people who spoke at a session, each once, in the order of its speeches.
fn speakers_at(r: &Renderer<'_>, links: &Links, entry: &Entry) -> Vec<LinkView> {
    let mut people: Vec<EntryRef> = Vec::new();
    for &(c, s) in &entry.refs.session_speeches {
        let person = r.edition.chapters[c].speakers[s].person;
        if !people.contains(&person) {
            people.push(person);
        }
    }
    people
        .into_iter()
        .map(|p| entry_link(r.edition, links, p))
        .collect()
}

/// The id of a letter's group: the letter itself, or `letter-other` for the group of
/// names opening with a digit or sign (`#` cannot stand in a URL's fragment).
fn letter_id(letter: &str) -> String {
    if letter.chars().all(char::is_alphabetic) {
        format!("letter-{letter}")
    } else {
        "letter-other".to_owned()
    }
}

/// The places of one chapter on an entry's page.
#[derive(Serialize)]
pub(super) struct PlaceGroup<'a> {
    chapter: LinkView,
    /// The places are on a page of front or back matter: the editor's words.
    editorial: bool,
    count: String,
    places: Vec<PlaceView<'a>>,
}

#[derive(Serialize)]
struct RelatedView {
    register: String,
    link: LinkView,
}

#[derive(Serialize)]
struct EntryView<'a> {
    id: &'a str,
    kind: &'a str,
    register: LinkView,
    name: &'a str,
    /// The running-text form, when it differs from the heading form.
    label: Option<&'a str>,
    date: Option<DateView>,
    aliases: &'a [String],
    description: Option<String>,
    extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
    related: Vec<RelatedView>,
    speeches: Vec<SpeakerView>,
    session_speeches: Vec<SpeakerView>,
    turns: Vec<PlaceGroup<'a>>,
    chapters: Vec<LinkView>,
    mention_count: String,
    mentions: Vec<PlaceGroup<'a>>,
    /// The pages of the turns and mentions, when there are more than one page holds.
    pager: Option<PagerView>,
    documents: Vec<DocumentSection<'a>>,
    headings: Headings<'a>,
    /// The strip of the entry's mentions across the chapters.
    strip: Option<StripView>,
    /// The entries mentioned in the same passages.
    together: Option<TogetherView>,
}

/// The documents an entry wrote, received or saw written, in date order, under the
/// register's heading for them.
#[derive(Serialize)]
struct DocumentSection<'a> {
    /// Its class (`letters-from`).
    class: &'static str,
    heading: &'a str,
    items: Vec<DatedLink>,
}

/// The non-empty sections of documents from, to and written at the entry.
fn document_sections<'a>(
    r: &Renderer<'_>,
    links: &Links,
    refs: &Backrefs,
    headings: &Headings<'a>,
) -> Vec<DocumentSection<'a>> {
    [
        ("letters-from", headings.from, &refs.from),
        ("letters-to", headings.to, &refs.to),
        ("written-here", headings.written_here, &refs.written_here),
    ]
    .into_iter()
    .filter(|(_, _, list)| !list.is_empty())
    .map(|(class, heading, list)| DocumentSection {
        class,
        heading,
        items: dated(r, links, list),
    })
    .collect()
}

/// A chapter listed by its document's date.
#[derive(Serialize)]
struct DatedLink {
    link: LinkView,
    date: Option<DateView>,
}

/// The headings of an entry page's sections: the register's own words, else the theme's.
#[derive(Serialize)]
pub(super) struct Headings<'a> {
    from: &'a str,
    to: &'a str,
    written_here: &'a str,
    mentions: &'a str,
    speaks: &'a str,
    speeches: &'a str,
    session_speeches: &'a str,
    chapters: &'a str,
    related: &'a str,
}

impl<'a> Headings<'a> {
    pub(super) fn of(r: &'a Renderer<'_>, register: &'a Register) -> Self {
        let own = &register.kind.headings;
        let words = &r.words;
        let or = |own: &'a Option<String>, word: &'static str| own.as_deref().unwrap_or(word);
        Self {
            from: or(&own.from, words.letters_from),
            to: or(&own.to, words.letters_to),
            written_here: or(&own.written_here, words.written_here),
            mentions: or(&own.mentions, words.mentions),
            speaks: or(&own.speaks, words.speaks),
            speeches: or(&own.speeches, words.speeches),
            session_speeches: or(&own.session_speeches, words.session_speeches),
            chapters: or(&own.chapters, words.theme_chapters),
            related: or(&own.related, words.related),
        }
    }
}

/// The chapters of `list` (already in date order), each with its document's date.
fn dated(r: &Renderer<'_>, links: &Links, list: &[usize]) -> Vec<DatedLink> {
    list.iter()
        .map(|&c| {
            let chapter = &r.edition.chapters[c];
            DatedLink {
                link: chapter_link(chapter, links, None),
                date: chapter.document.date.as_ref().map(|d| date_view(r, d)),
            }
        })
        .collect()
}

/// A link to a register's index, showing its title: an entry page's breadcrumb.
pub(super) fn register_link(r: &Renderer<'_>, register: &Register, links: &Links) -> LinkView {
    LinkView {
        text: register_title(&r.words, register),
        href: links.to(&paths::register(&register.kind.path)),
    }
}

pub(super) fn render_entry<'a>(
    r: &'a Renderer<'a>,
    at: EntryRef,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let edition = r.edition;
    let register = &edition.registers[at.register];
    let entry = &register.entries[at.entry];
    let refs = &entry.refs;
    // A long list of places starts here and goes on in numbered pages.
    let first = entry_pages::on_page(edition, refs, 1);
    let headings = Headings::of(r, register);
    let view = EntryView {
        id: &entry.id,
        kind: &register.kind.name,
        register: register_link(r, register, links),
        name: &entry.name,
        label: (entry.label != entry.name).then_some(entry.label.as_str()),
        date: entry.date.as_ref().map(|d| date_view(r, d)),
        aliases: &entry.aliases,
        description: entry
            .description
            .as_ref()
            .map(|d| Filler::new(edition, links).html(d, &d.parsed.body)),
        extra: &entry.extra,
        related: related(r, entry, links),
        speeches: speeches(r, &refs.speeches, links),
        session_speeches: speeches(r, &refs.session_speeches, links),
        turns: turn_groups(r, &refs.turns[first.turns.clone()], links),
        chapters: (r.reading.sorted(&refs.chapters).into_iter())
            .map(|c| chapter_link(&edition.chapters[c], links, None))
            .collect(),
        mention_count: r.words.mention_count(refs.mentions.len()),
        mentions: mention_groups(r, &refs.mentions[first.mentions], links),
        pager: entry_pages::pager(r, at, 1, links),
        documents: document_sections(r, links, refs, &headings),
        headings,
        strip: pictures::strip(r, links, entry),
        together: crate::render::pictures::together(r, links, at),
    };
    let head = Head::titled(entry.name.clone())
        .with_description(Some(entry_description(r, entry)))
        .with_jsonld(jsonld::entry(r, at, links));
    r.template("entry.html", path, links, head, view)
}

/// What an entry's page says of it in `<head>`: its description as plain text, else
/// its name and how often the edition mentions it.
fn entry_description(r: &Renderer<'_>, entry: &Entry) -> String {
    let own = entry.description.as_ref().map(|d| plain_text(r.edition, d));
    own.filter(|d| !d.is_empty()).unwrap_or_else(|| {
        let count = r.words.mention_count(entry.refs.mentions.len());
        format!("{}: {count}", entry.name)
    })
}

/// The entries the editor related to this one, each with what its register calls one
/// entry (`singular`), else the register's title.
fn related(r: &Renderer<'_>, entry: &Entry, links: &Links) -> Vec<RelatedView> {
    let registers: &[Register] = &r.edition.registers;
    entry
        .related
        .iter()
        .map(|rel| RelatedView {
            register: registers[rel.register]
                .kind
                .singular
                .clone()
                .unwrap_or_else(|| register_title(&r.words, &registers[rel.register])),
            link: entry_link(r.edition, links, *rel),
        })
        .collect()
}

/// `speakers` entries, given as (chapter, index in its speakers).
fn speeches(r: &Renderer<'_>, speeches: &[(usize, usize)], links: &Links) -> Vec<SpeakerView> {
    speeches
        .iter()
        .map(|&(c, s)| speaker(r, links, c, s))
        .collect()
}

/// Every speech turn of the person, its opening words, grouped by chapter.
pub(super) fn turn_groups<'a>(
    r: &Renderer<'a>,
    turns: &[PassagePlace],
    links: &Links,
) -> Vec<PlaceGroup<'a>> {
    let spots: Vec<Spot> = (turns.iter())
        .map(|p| Spot {
            chapter: p.chapter,
            passage: p.passage,
            focus: Focus::Start,
        })
        .collect();
    by_chapter(r, links, &spots, |n| r.words.turn_count(n))
}

/// Mentions of the entry in context, grouped by chapter in reading order.
pub(super) fn mention_groups<'a>(
    r: &Renderer<'a>,
    mentions: &[Place],
    links: &Links,
) -> Vec<PlaceGroup<'a>> {
    // Each mention's passage, looked up for all of them before any is shown, for the
    // reason `places` gives.
    let table = r.mention_table();
    let spots: Vec<Spot> = (mentions.iter())
        .map(|m| Spot {
            chapter: m.chapter,
            passage: table.passage(m.chapter, m.mention),
            focus: Focus::Mention(m.mention),
        })
        .collect();
    by_chapter(r, links, &spots, |n| r.words.mention_count(n))
}

/// The places at `spots` (in reading order), one group per chapter, each counted with
/// `count`.
fn by_chapter<'a>(
    r: &Renderer<'a>,
    links: &Links,
    spots: &[Spot],
    count: impl Fn(usize) -> String,
) -> Vec<PlaceGroup<'a>> {
    let mut groups: Vec<(usize, Vec<PlaceView<'a>>)> = Vec::new();
    for (spot, view) in spots.iter().zip(places(r, links, spots)) {
        match groups.last_mut() {
            Some((c, places)) if *c == spot.chapter => places.push(view),
            _ => groups.push((spot.chapter, vec![view])),
        }
    }
    groups
        .into_iter()
        .map(|(c, places)| PlaceGroup {
            chapter: chapter_link(&r.edition.chapters[c], links, None),
            editorial: r.edition.chapters[c].part != crate::config::Part::Body,
            count: count(places.len()),
            places,
        })
        .collect()
}
