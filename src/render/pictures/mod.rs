//! Pictures of the edition, drawn at build time as inline SVG with no script: the strip
//! of an entry's mentions across the chapters, the entries mentioned together with it,
//! the timeline of a dated register's sittings, and the map of the edition on the title
//! page.
//!
//! Each picture is a view of numbers already placed in a fixed `viewBox` (the SVG scales
//! to the width of a phone or a wide screen); the templates draw the shapes and give
//! them classes, so a theme restyles them and dark mode recolours them through CSS
//! (`currentColor`) alone. Every mark is a link with a name, and every picture stands
//! beside text that says the same (a caption, the lists of the page), for readers who
//! do not see it.
//!
//! The text alternative: each SVG is a `role="group"` named by its caption's words, each
//! mark a link named by `aria-label` (with a `<title>` for the pointer's tooltip). Not
//! `role="img"`: an image's children are presentational, so its links would be hidden
//! from assistive technology yet still take focus. No visually hidden copy is added: the
//! page's own lists already say everything a picture shows (the mentions by chapter on
//! an entry's page, the dated list under the timeline, the table of contents above the
//! map), and the "mentioned together" picture is itself a list.
//!
//! A row of chapters holds at most [`MAX_MARKS`] marks ([`MAX_COLUMNS`] on the title
//! page's map): a larger edition puts runs of neighbouring chapters into one mark (see
//! [`Bins`]), so a page stays small and quick to draw at 10,000 chapters.

mod map;
mod strip;
mod timeline;
mod together;

use super::Renderer;
use std::ops::Range;

pub(super) use map::{MapView, counts_of, edition_map};
pub(super) use strip::{StripView, strip};
pub(super) use timeline::{TimelineView, timeline};
pub(super) use together::view as together;
pub(super) use together::{MentionTable, TogetherView};

/// The most marks a row of chapters holds; more chapters share marks.
const MAX_MARKS: usize = 200;

/// The most columns of the title page's map, a small picture whose every column
/// carries three bars and a name: the title page stays light at any size of edition.
const MAX_COLUMNS: usize = 60;

/// The width of the bar pictures' `viewBox`; the SVG scales to the page's width (the
/// timeline, which has text and dots, has its own narrower one).
const WIDTH: f64 = 600.0;

/// Chapters grouped into runs of neighbours in reading order, one mark each; a
/// chapter is counted by its place in that order (`Renderer::reading`).
#[derive(Debug, Clone, Copy)]
struct Bins {
    /// How many chapters one mark stands for.
    size: usize,
    /// How many marks the row has.
    count: usize,
}

impl Bins {
    /// The bins of `chapters` chapters into at most `max` marks: one chapter per mark
    /// while they fit.
    fn new(chapters: usize, max: usize) -> Self {
        let size = chapters.div_ceil(max.max(1)).max(1);
        Self {
            size,
            count: chapters.div_ceil(size),
        }
    }

    /// The mark of the chapter at place `c`.
    fn of(self, c: usize) -> usize {
        c / self.size
    }

    /// The places of the chapters of mark `bin`, among `chapters`.
    fn chapters(self, bin: usize, chapters: usize) -> Range<usize> {
        bin * self.size..((bin + 1) * self.size).min(chapters)
    }

    /// The left edge and width of mark `bin` in a row [`WIDTH`] wide, with a gap
    /// between marks.
    fn x(self, bin: usize) -> (f64, f64) {
        let slot = WIDTH / self.count.max(1) as f64;
        (round(bin as f64 * slot + slot * 0.1), round(slot * 0.8))
    }
}

/// The title of a mark's chapters, `run` being their places in reading order (see
/// [`Bins::chapters`]): the chapter's own, or «first – last» for a run.
fn run_title(r: &Renderer<'_>, run: Range<usize>) -> String {
    let title = |c: &usize| &r.edition.chapters[*c].title;
    match &r.reading.chapters()[run] {
        [first, .., last] => format!("{} – {}", title(first), title(last)),
        [one] => title(one).clone(),
        [] => String::new(),
    }
}

/// A coordinate rounded to hundredths: enough for any screen, short in the page.
fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The height of a bar for `value` when `max` fills `full`; a value above nought never
/// falls under a visible sliver of 1.
fn bar(value: usize, max: usize, full: f64) -> f64 {
    if value == 0 || max == 0 {
        return 0.0;
    }
    round((full * value as f64 / max as f64).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::{Bins, MAX_MARKS, bar};

    #[test]
    fn chapters_share_marks_only_past_the_limit() {
        let small = Bins::new(10, MAX_MARKS);
        assert_eq!((small.size, small.count), (1, 10));
        let large = Bins::new(10_000, MAX_MARKS);
        assert!(large.count <= MAX_MARKS, "{large:?}");
        assert_eq!(large.of(9_999), large.count - 1);
        assert_eq!(large.chapters(large.count - 1, 10_000).end, 10_000);
    }

    #[test]
    fn bars_are_proportional() {
        assert_eq!(bar(2, 4, 40.0), 20.0);
        assert_eq!(bar(4, 4, 40.0), 40.0);
        assert_eq!(bar(0, 4, 40.0), 0.0);
        assert_eq!(bar(1, 1000, 40.0), 1.0);
    }
}
