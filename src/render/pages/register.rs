//! A register's index page (grouped by letter, or by date for a chronological register)
//! and each entry's page with every place that refers to it.

use super::{
    DateView, LinkView, PlaceView, chapter_link, date_view, entry_link, place, register_title,
};
use crate::link::{Edition, EntryRef, Speaker};
use crate::render::Renderer;
use crate::render::links::{Links, paths};
use crate::render::text::{Filler, Focus};
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
    let title = register_title(r, register);
    let view = RegisterView {
        title: title.clone(),
        chronological: register.chronological,
        letters,
    };
    r.template("register.html", path, links, title, view)
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

#[derive(Serialize)]
struct SpeechView {
    chapter: LinkView,
    person: LinkView,
    session: Option<LinkView>,
    source: Option<LinkView>,
    pages: Option<String>,
    role: Option<String>,
}

/// The places of one chapter on an entry's page.
#[derive(Serialize)]
struct PlaceGroup {
    chapter: LinkView,
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
    speeches: Vec<SpeechView>,
    session_speeches: Vec<SpeechView>,
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
    let filler = Filler {
        edition,
        links,
        chapter: None,
    };
    let refs = &entry.refs;
    let view = EntryView {
        id: &entry.id,
        kind: &register.kind.name,
        register: LinkView {
            text: register_title(r, register),
            href: links.to(&paths::register(&register.kind.path)),
        },
        name: &entry.name,
        label: (entry.label != entry.name).then_some(entry.label.as_str()),
        date: entry.date.as_deref().map(|d| date_view(r, d)),
        aliases: &entry.aliases,
        description: entry
            .description
            .as_ref()
            .map(|d| filler.html(d, &d.parsed.body, &[])),
        extra: &entry.extra,
        related: entry
            .related
            .iter()
            .map(|rel| RelatedView {
                register: register_title(r, &edition.registers[rel.register]),
                link: entry_link(edition, links, *rel),
            })
            .collect(),
        speeches: refs
            .speeches
            .iter()
            .map(|&(c, s)| speech(edition, links, c, s))
            .collect(),
        session_speeches: refs
            .session_speeches
            .iter()
            .map(|&(c, s)| speech(edition, links, c, s))
            .collect(),
        turns: by_chapter(
            r,
            links,
            refs.turns.iter().map(|p| {
                let view = place(edition, links, p.chapter, p.passage, Focus::Start);
                (p.chapter, view)
            }),
            |n| r.words.turn_count(n),
        ),
        chapters: refs
            .chapters
            .iter()
            .map(|&c| chapter_link(&edition.chapters[c], links, None))
            .collect(),
        mention_count: r.words.mention_count(refs.mentions.len()),
        mentions: mention_groups(r, at, links),
    };
    r.template("entry.html", path, links, entry.name.clone(), view)
}

fn speech(edition: &Edition, links: &Links, chapter: usize, speaker: usize) -> SpeechView {
    let c = &edition.chapters[chapter];
    let s: &Speaker = &c.speakers[speaker];
    SpeechView {
        chapter: chapter_link(c, links, None),
        person: entry_link(edition, links, s.person),
        session: s.session.map(|x| entry_link(edition, links, x)),
        source: s.source.map(|x| LinkView {
            text: edition.sources[x].short.clone(),
            href: links.source(&edition.sources[x].key),
        }),
        pages: s.pages.clone(),
        role: s.role.clone(),
    }
}

/// Every mention of the entry in context, grouped by chapter in reading order.
fn mention_groups(r: &Renderer<'_>, at: EntryRef, links: &Links) -> Vec<PlaceGroup> {
    let edition = r.edition;
    let mentions = edition.registers[at.register].entries[at.entry]
        .refs
        .mentions
        .iter()
        .map(|m| {
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
            count: count(places.len()),
            places,
        })
        .collect()
}
