//! A register's index page (grouped by letter, or by date for a chronological register)
//! and each entry's page with every place that refers to it.

use super::{
    DateView, LinkView, PlaceView, SpeakerView, chapter_link, date_view, entry_link, place,
    register_title, speaker,
};
use crate::link::{Backrefs, Entry, EntryRef, Register};
use crate::render::links::{Links, paths};
use crate::render::text::{Filler, Focus};
use crate::render::{Head, Renderer, jsonld};
use crate::site::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct EntryItem {
    name: String,
    href: String,
    date: Option<DateView>,
    count: String,
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
}

pub(super) fn render_index(
    r: &Renderer<'_>,
    reg: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<String> {
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
            date: entry.date.as_deref().map(|d| date_view(r, d)),
            count: r.words.mention_count(entry.refs.mentions.len()),
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
    };
    r.template("register.html", path, links, Head::titled(title), view)
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
struct PlaceGroup {
    chapter: LinkView,
    /// The places are on a page of front or back matter: the editor's words.
    editorial: bool,
    count: String,
    places: Vec<PlaceView>,
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
    turns: Vec<PlaceGroup>,
    chapters: Vec<LinkView>,
    mention_count: String,
    mentions: Vec<PlaceGroup>,
}

pub(super) fn render_entry(
    r: &Renderer<'_>,
    at: EntryRef,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<String> {
    let edition = r.edition;
    let register = &edition.registers[at.register];
    let entry = &register.entries[at.entry];
    let refs = &entry.refs;
    let view = EntryView {
        id: &entry.id,
        kind: &register.kind.name,
        register: LinkView {
            text: register_title(&r.words, register),
            href: links.to(&paths::register(&register.kind.path)),
        },
        name: &entry.name,
        label: (entry.label != entry.name).then_some(entry.label.as_str()),
        date: entry.date.as_deref().map(|d| date_view(r, d)),
        aliases: &entry.aliases,
        description: entry
            .description
            .as_ref()
            .map(|d| Filler::new(edition, links).html(d, &d.parsed.body)),
        extra: &entry.extra,
        related: related(r, entry, links),
        speeches: speeches(r, &refs.speeches, links),
        session_speeches: speeches(r, &refs.session_speeches, links),
        turns: turn_groups(r, refs, links),
        chapters: refs
            .chapters
            .iter()
            .map(|&c| chapter_link(&edition.chapters[c], links, None))
            .collect(),
        mention_count: r.words.mention_count(refs.mentions.len()),
        mentions: mention_groups(r, refs, links),
    };
    let head = Head::titled(entry.name.clone()).with_jsonld(jsonld::entry(r, at, links));
    r.template("entry.html", path, links, head, view)
}

/// The entries the editor related to this one, each with its register's title.
fn related(r: &Renderer<'_>, entry: &Entry, links: &Links) -> Vec<RelatedView> {
    let registers: &[Register] = &r.edition.registers;
    entry
        .related
        .iter()
        .map(|rel| RelatedView {
            register: register_title(&r.words, &registers[rel.register]),
            link: entry_link(r.edition, links, *rel),
        })
        .collect()
}

/// `speakers` entries, given as (chapter, index in its speakers).
fn speeches(r: &Renderer<'_>, speeches: &[(usize, usize)], links: &Links) -> Vec<SpeakerView> {
    speeches
        .iter()
        .map(|&(c, s)| speaker(r.edition, links, c, s))
        .collect()
}

/// Every speech turn of the person, its opening words, grouped by chapter.
fn turn_groups(r: &Renderer<'_>, refs: &Backrefs, links: &Links) -> Vec<PlaceGroup> {
    let turns = refs.turns.iter().map(|p| {
        let view = place(r.edition, links, p.chapter, p.passage, Focus::Start);
        (p.chapter, view)
    });
    by_chapter(r, links, turns, |n| r.words.turn_count(n))
}

/// Every mention of the entry in context, grouped by chapter in reading order.
fn mention_groups(r: &Renderer<'_>, refs: &Backrefs, links: &Links) -> Vec<PlaceGroup> {
    let edition = r.edition;
    let mentions = refs.mentions.iter().map(|m| {
        let passage = edition.chapters[m.chapter].text.parsed.mentions[m.mention].passage;
        let focus = Focus::Mention(m.mention);
        (m.chapter, place(edition, links, m.chapter, passage, focus))
    });
    by_chapter(r, links, mentions, |n| r.words.mention_count(n))
}

/// Places in reading order, one group per chapter, each counted with `count`.
fn by_chapter(
    r: &Renderer<'_>,
    links: &Links,
    places: impl Iterator<Item = (usize, PlaceView)>,
    count: impl Fn(usize) -> String,
) -> Vec<PlaceGroup> {
    let mut groups: Vec<(usize, Vec<PlaceView>)> = Vec::new();
    for (chapter, view) in places {
        match groups.last_mut() {
            Some((c, places)) if *c == chapter => places.push(view),
            _ => groups.push((chapter, vec![view])),
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
