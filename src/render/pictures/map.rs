//! The map of the edition on the title page: the chapters in a row, each with three
//! bars (its passages, notes and citations), each chapter a link to its page.

use super::{Bins, MAX_COLUMNS, WIDTH, bar, round, run_title};
use crate::link::Chapter;
use crate::parse::Anchor;
use crate::render::Renderer;
use crate::render::links::Links;
use serde::Serialize;
use std::ops::Range;

/// The height of one row of bars, and the gap under it.
const ROW: f64 = 24.0;
const GAP: f64 = 6.0;

/// The map, ready to draw.
#[derive(Serialize)]
pub(in crate::render) struct MapView {
    width: f64,
    height: f64,
    columns: Vec<Column>,
}

/// A chapter (or a run of neighbouring chapters) and its three bars.
#[derive(Serialize)]
struct Column {
    x: f64,
    width: f64,
    href: String,
    /// The chapter and its three counts, in words: the link's name.
    label: String,
    bars: [Bar; 3],
}

/// One bar: its class (`map-passages`, `map-notes`, `map-citations`) and its extent.
#[derive(Serialize)]
struct Bar {
    class: &'static str,
    y: f64,
    height: f64,
}

/// The passages, notes and citations of a chapter.
pub(in crate::render) type Counts = [usize; 3];

/// The map of the edition, when it has chapters.
pub(in crate::render) fn edition_map(r: &Renderer<'_>, links: &Links) -> Option<MapView> {
    let chapters = &r.edition.chapters;
    if chapters.is_empty() {
        return None;
    }
    let bins = Bins::new(chapters.len(), MAX_COLUMNS);
    let mut counts: Vec<Counts> = vec![[0; 3]; bins.count];
    // The columns follow the table of contents, which may be by date.
    let order = r.reading.chapters();
    for (at, &c) in order.iter().enumerate() {
        let own = counts_of(&chapters[c]);
        let bin = &mut counts[bins.of(at)];
        for (sum, n) in bin.iter_mut().zip(own) {
            *sum += n;
        }
    }
    let max: Counts = [0, 1, 2].map(|k| counts.iter().map(|c| c[k]).max().unwrap_or(0));
    let columns = counts
        .iter()
        .enumerate()
        .map(|(bin, counts)| {
            let run = bins.chapters(bin, chapters.len());
            let (x, width) = bins.x(bin);
            let first = &chapters[order[run.start]];
            let classes = ["map-passages", "map-notes", "map-citations"];
            Column {
                x,
                width,
                href: links.chapter(&first.slug, None),
                label: label(r, run, counts),
                bars: [0, 1, 2].map(|k| {
                    let height = bar(counts[k], max[k], ROW);
                    Bar {
                        class: classes[k],
                        y: round((ROW + GAP) * k as f64 + ROW - height),
                        height,
                    }
                }),
            }
        })
        .collect();
    Some(MapView {
        width: WIDTH,
        height: 3.0 * ROW + 2.0 * GAP,
        columns,
    })
}

/// How many passages (paragraphs, items, quotes and headings: those with an id), notes
/// (those with a number) and citations `chapter` has.
pub(in crate::render) fn counts_of(chapter: &Chapter) -> Counts {
    let parsed = &chapter.text.parsed;
    let passages = parsed
        .passages
        .iter()
        .filter(|p| matches!(p.anchor, Anchor::Id(_)))
        .count();
    let notes = chapter.note_numbers.iter().flatten().count();
    [passages, notes, parsed.citations.len()]
}

/// «Глава: 12 абзацев, 3 примечания, 5 ссылок», with «first – last» for a run.
fn label(r: &Renderer<'_>, run: Range<usize>, counts: &Counts) -> String {
    let w = &r.words;
    format!(
        "{}: {}, {}, {}",
        run_title(r, run),
        w.passage_count(counts[0]),
        w.note_count(counts[1]),
        w.citation_count(counts[2])
    )
}
