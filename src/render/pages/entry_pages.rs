//! The numbered pages of an entry whose speech turns and mentions are more than one page
//! holds (see [`super::paging`]): the turns, then the mentions, as one list cut into
//! pages, so that each page holds at most `places-per-page` places of either.

use super::paging::{ContinuedView, PagerView, Paging};
use super::register::{Headings, PlaceGroup, mention_groups, register_link, turn_groups};
use crate::link::{Backrefs, Edition, EntryRef};
use crate::render::links::{Links, paths};
use crate::render::{Head, Renderer};
use crate::site::PagePath;
use serde::Serialize;
use std::ops::Range;

/// An entry's places (turns, then mentions) cut into pages of `places-per-page`.
pub(in crate::render) fn paging(edition: &Edition, refs: &Backrefs) -> Paging {
    let places = refs.turns.len() + refs.mentions.len();
    Paging::new(places, edition.config.places_per_page)
}

/// The turns and the mentions page `number` shows, as ranges of each.
pub(super) struct OnPage {
    pub(super) turns: Range<usize>,
    pub(super) mentions: Range<usize>,
}

/// What page `number` of the entry's places shows.
pub(super) fn on_page(edition: &Edition, refs: &Backrefs, number: usize) -> OnPage {
    let range = paging(edition, refs).range(number);
    let turns = refs.turns.len();
    OnPage {
        turns: range.start.min(turns)..range.end.min(turns),
        mentions: range.start.saturating_sub(turns)..range.end.saturating_sub(turns),
    }
}

/// The pager of the entry's places seen from page `number`: each page named by the
/// first and last chapter it quotes.
pub(super) fn pager(
    r: &Renderer<'_>,
    at: EntryRef,
    number: usize,
    links: &Links,
) -> Option<PagerView> {
    let edition = r.edition;
    let register = &edition.registers[at.register];
    let entry = &register.entries[at.entry];
    let refs = &entry.refs;
    let first = paths::entry(&register.kind.path, &entry.id);
    // The chapter of the place at `i` of the whole list.
    let title = |i: usize| {
        let chapter = match refs.turns.get(i) {
            Some(turn) => turn.chapter,
            None => refs.mentions[i - refs.turns.len()].chapter,
        };
        super::chapter_title(&edition.chapters[chapter])
    };
    super::paging::pager(r, paging(edition, refs), &first, links, number, |range| {
        (title(range.start), title(range.end - 1))
    })
}

/// The places of a numbered page: its part of the turns and of the mentions.
#[derive(Serialize)]
struct PlacesView<'a> {
    /// The register's headings (its own words for "Mentions", "Speech turns").
    headings: Headings<'a>,
    turns: Vec<PlaceGroup<'a>>,
    turn_count: String,
    mentions: Vec<PlaceGroup<'a>>,
    mention_count: String,
}

/// Page `number` (from 2) of an entry's places.
pub(super) fn render<'a>(
    r: &'a Renderer<'a>,
    at: EntryRef,
    number: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let edition = r.edition;
    let register = &edition.registers[at.register];
    let entry = &register.entries[at.entry];
    let refs = &entry.refs;
    let here = on_page(edition, refs, number);
    let view = ContinuedView {
        owner: super::entry_link(edition, links, at),
        parent: register_link(r, register, links),
        pager: pager(r, at, number, links),
        list: PlacesView {
            headings: Headings::of(r, register),
            turns: turn_groups(r, &refs.turns[here.turns], links),
            turn_count: r.words.turn_count(refs.turns.len()),
            mentions: mention_groups(r, &refs.mentions[here.mentions], links),
            mention_count: r.words.mention_count(refs.mentions.len()),
        },
    };
    let count = paging(edition, refs).count();
    let title = format!("{} — {}", entry.name, r.words.list_page(number, count));
    r.template("entry-page.html", path, links, Head::titled(title), view)
}
