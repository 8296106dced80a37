//! The strip on an entry's page: the edition from its first chapter to its last, with a
//! mark for each chapter that mentions the entry, as tall as its mentions are many.

use super::{Bins, MAX_MARKS, WIDTH, bar, round, run_title};
use crate::link::Entry;
use crate::render::Renderer;
use crate::render::links::Links;
use crate::render::text::anchor_id;
use serde::Serialize;

/// The height of the tallest mark.
const HEIGHT: f64 = 40.0;

/// The strip, ready to draw.
#[derive(Serialize)]
pub(in crate::render) struct StripView {
    width: f64,
    height: f64,
    /// What the strip shows, in words: its caption and its SVG's name.
    label: String,
    marks: Vec<Mark>,
}

/// A chapter (or run of neighbouring chapters) that mentions the entry.
#[derive(Serialize)]
struct Mark {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// The entry's first passage in the chapter.
    href: String,
    /// The chapter and its number of mentions: the link's name.
    label: String,
    count: usize,
}

/// The strip of `entry`, when the edition mentions it.
pub(in crate::render) fn strip(
    r: &Renderer<'_>,
    links: &Links,
    entry: &Entry,
) -> Option<StripView> {
    let chapters = &r.edition.chapters;
    let bins = Bins::new(chapters.len(), MAX_MARKS);
    let mut slots = vec![Slot::default(); bins.count];
    let mut last_chapter = None;
    // The mentions come chapter by chapter in the edition's order; the marks follow
    // the table of contents, which may be by date.
    for place in &entry.refs.mentions {
        let at = r.reading.place(place.chapter);
        let slot = &mut slots[bins.of(at)];
        slot.mentions += 1;
        if last_chapter != Some(place.chapter) {
            slot.chapters += 1;
            last_chapter = Some(place.chapter);
        }
        if slot.first.is_none_or(|(first, _, _)| at < first) {
            slot.first = Some((at, place.chapter, place.mention));
        }
    }
    let max = slots.iter().map(|s| s.mentions).max().filter(|&m| m > 0)?;
    let marks = slots
        .iter()
        .enumerate()
        .filter_map(|(bin, slot)| {
            let (_, chapter, mention) = slot.first?;
            // Only a mark's first place is looked up in its chapter: a lookup for every
            // mention reads as many chapters from memory as the entry has mentions.
            let passage = r.mention_table().passage(chapter, mention);
            let count = slot.mentions;
            let (x, width) = bins.x(bin);
            let height = bar(count, max, HEIGHT);
            let c = &chapters[chapter];
            Some(Mark {
                x,
                y: round(HEIGHT - height),
                width,
                height,
                href: links.chapter(&c.slug, anchor_id(c, passage).as_deref()),
                label: format!(
                    "{}: {}",
                    run_title(r, bins.chapters(bin, chapters.len())),
                    r.words.mention_count(count)
                ),
                count,
            })
        })
        .collect();
    let in_chapters = slots.iter().map(|s| s.chapters).sum();
    Some(StripView {
        width: WIDTH,
        height: HEIGHT,
        label: format!(
            "{}: {} {}",
            r.words.figures.strip,
            r.words.mention_count(entry.refs.mentions.len()),
            r.words.in_chapters(in_chapters)
        ),
        marks,
    })
}

/// What one mark gathers: the mentions, the chapters that hold them, and the first
/// mention in reading order (its chapter's place in it, its chapter, its index there),
/// which the mark links to.
#[derive(Default, Clone)]
struct Slot {
    mentions: usize,
    chapters: usize,
    first: Option<(usize, usize, usize)>,
}
