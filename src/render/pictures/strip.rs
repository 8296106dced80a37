//! The strip on an entry's page: the edition from its first chapter to its last, with a
//! mark for each chapter that mentions the entry, as tall as its mentions are many.

use super::{Bins, WIDTH, bar, round, run_title};
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
    let bins = Bins::new(chapters.len());
    // Per mark: the mentions, the chapters that hold them, and the first place.
    let mut counts: Vec<(usize, usize, Option<(usize, usize)>)> = vec![(0, 0, None); bins.count];
    let mut last_chapter = None;
    for place in &entry.refs.mentions {
        let slot = &mut counts[bins.of(place.chapter)];
        slot.0 += 1;
        if last_chapter != Some(place.chapter) {
            slot.1 += 1;
            last_chapter = Some(place.chapter);
        }
        let passage = chapters[place.chapter].text.parsed.mentions[place.mention].passage;
        slot.2.get_or_insert((place.chapter, passage));
    }
    let max = counts.iter().map(|c| c.0).max().filter(|&m| m > 0)?;
    let marks = counts
        .iter()
        .enumerate()
        .filter_map(|(bin, &(count, _, first))| {
            let (chapter, passage) = first?;
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
                    run_title(&chapters[bins.chapters(bin, chapters.len())]),
                    r.words.mention_count(count)
                ),
                count,
            })
        })
        .collect();
    let in_chapters = counts.iter().map(|c| c.1).sum();
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
