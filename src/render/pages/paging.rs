//! Long lists cut into numbered pages, so that no page of a large edition grows without
//! bound: an entry mentioned in thousands of chapters, a source cited thousands of
//! times, the notes page of a correspondence of 20,000 letters.
//!
//! A list of at most `places-per-page` places stays whole on its page, as in any edition
//! of ordinary size. A longer one shows its first places on its own page (the entry's,
//! the source's, `notes.html`) and the rest on numbered pages in a folder named after it
//! (`persons/p0/2.html`, `notes/2.html`); every page of the list carries the same pager,
//! which names the first and last chapter (or locator) of each page, so a reader sees the
//! whole list's extent at once and can cite "page 3".

use super::LinkView;
use crate::render::links::Links;
use serde::Serialize;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

/// A list of `total` places shown at most `per_page` to a page.
#[derive(Debug, Clone, Copy)]
pub(in crate::render) struct Paging {
    total: usize,
    per_page: NonZeroUsize,
}

impl Paging {
    pub(in crate::render) fn new(total: usize, per_page: NonZeroUsize) -> Self {
        Self { total, per_page }
    }

    /// How many pages the list takes: one at least, even for an empty list.
    pub(in crate::render) fn count(self) -> usize {
        self.total.div_ceil(self.per_page.get()).max(1)
    }

    /// The places on page `number` (from 1).
    pub(in crate::render) fn range(self, number: usize) -> Range<usize> {
        let start = (number - 1) * self.per_page.get();
        start.min(self.total)..(start + self.per_page.get()).min(self.total)
    }

    /// The numbers of the pages after the first.
    pub(in crate::render) fn more(self) -> Range<usize> {
        2..self.count() + 1
    }
}

/// Where page `number` of the list whose first page is `first` lies: `first` itself for
/// page 1, else `NUMBER.html` in a folder named after it (`persons/p0.html` →
/// `persons/p0/2.html`), which no other page of the layout can take.
pub(in crate::render) fn page_path(first: &str, number: usize) -> String {
    if number == 1 {
        return first.to_owned();
    }
    let stem = first.strip_suffix(".html").unwrap_or(first);
    format!("{stem}/{number}.html")
}

/// The pager every page of a long list shows.
#[derive(Debug, Serialize)]
pub(super) struct PagerView {
    /// "page 2 of 5", also the pager's accessible name.
    label: String,
    pages: Vec<PagerLink>,
}

/// One page of the list in the pager: its number, where it is, what it holds.
#[derive(Debug, Serialize)]
struct PagerLink {
    number: usize,
    href: String,
    /// The first and last chapter (or locator) on the page.
    first: String,
    last: String,
    current: bool,
}

/// The pager of a list whose first page is `first`, seen from page `current`; `None`
/// when the list fits on one page. `bounds` names the first and last place of a range.
pub(super) fn pager(
    r: &crate::render::Renderer<'_>,
    paging: Paging,
    first: &str,
    links: &Links,
    current: usize,
    bounds: impl Fn(Range<usize>) -> (String, String),
) -> Option<PagerView> {
    let count = paging.count();
    if count == 1 {
        return None;
    }
    let pages = (1..=count)
        .map(|number| {
            let (first_place, last_place) = bounds(paging.range(number));
            PagerLink {
                number,
                href: links.to(&page_path(first, number)),
                first: first_place,
                last: last_place,
                current: number == current,
            }
        })
        .collect();
    Some(PagerView {
        label: r.words.list_page(current, count),
        pages,
    })
}

/// What the pages of one long list are cut from, made by the first of them to be
/// rendered and kept for the others until the last has been: made again for every
/// page, a source's concordance (each citation looked up across the edition, then
/// sorted) cost pages × citations, the one stage of a build that grew faster than the
/// edition. A list of one page keeps nothing.
pub(in crate::render) struct Shared<T> {
    /// The pages not rendered yet, and what they are cut from once made.
    kept: Mutex<(usize, Option<Arc<T>>)>,
}

impl<T> Shared<T> {
    /// Nothing made yet, for a list of `pages` pages.
    pub(in crate::render) fn new(pages: usize) -> Self {
        Self {
            kept: Mutex::new((pages, None)),
        }
    }

    /// What `make` makes, made once for all the list's pages, for one page: once every
    /// page has had it, it is dropped. (A page rendered again, as `serve` may, makes it
    /// again if it is gone.)
    pub(in crate::render) fn get(&self, make: impl FnOnce() -> T) -> Arc<T> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let made = kept.1.take().unwrap_or_else(|| Arc::new(make()));
        kept.0 = kept.0.saturating_sub(1);
        if kept.0 > 0 {
            kept.1 = Some(Arc::clone(&made));
        }
        made
    }
}

/// The view of a numbered page of an entry's places: the entry linking back to its
/// first page, the pager, and the page's places.
#[derive(Serialize)]
pub(super) struct ContinuedView<T: Serialize> {
    /// The entry or source, linking to its own page.
    pub(super) owner: LinkView,
    /// Its register, as the first page's breadcrumb.
    pub(super) parent: LinkView,
    pub(super) pager: Option<PagerView>,
    pub(super) list: T,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(total: usize, per_page: usize) -> Paging {
        Paging::new(total, NonZeroUsize::new(per_page).unwrap())
    }

    #[test]
    fn a_list_is_cut_into_full_pages_and_a_last_one() {
        let p = paging(7, 3);
        assert_eq!(p.count(), 3);
        assert_eq!([p.range(1), p.range(2), p.range(3)], [0..3, 3..6, 6..7]);
        assert_eq!(p.more(), 2..4);
        assert_eq!(paging(0, 3).count(), 1);
        assert_eq!(paging(0, 3).range(1), 0..0);
        assert_eq!(paging(6, 3).count(), 2);
        assert!(paging(3, 3).more().is_empty());
    }

    #[test]
    fn what_a_list_is_cut_from_is_made_once_and_dropped_after_its_last_page() {
        let made = std::cell::Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            made.get()
        };
        let shared = Shared::new(3);
        let pages = [shared.get(make), shared.get(make), shared.get(make)];
        assert_eq!(pages.each_ref().map(|p| **p), [1, 1, 1]);
        assert_eq!(
            Arc::strong_count(&pages[2]),
            3,
            "nothing kept after the last page"
        );
        // A page rendered once more makes it again.
        assert_eq!(*shared.get(make), 2);
        let alone = Shared::new(1);
        assert_eq!(
            Arc::strong_count(&alone.get(|| 0)),
            1,
            "one page keeps nothing"
        );
    }

    #[test]
    fn later_pages_lie_in_a_folder_named_after_the_first() {
        assert_eq!(page_path("persons/p0.html", 1), "persons/p0.html");
        assert_eq!(page_path("persons/p0.html", 2), "persons/p0/2.html");
        assert_eq!(page_path("notes.html", 12), "notes/12.html");
    }
}
