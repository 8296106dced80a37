//! The bibliography and each source's page: a concordance of the places citing it,
//! grouped by locator in page order.

use super::paging::{PagerView, Paging, Shared, pager};
use super::{LinkView, PlaceView, place, shown_title, source_link};
use crate::link::Edition;
use crate::parse::{Locator, PageRange};
use crate::render::links::{Links, paths};
use crate::render::text::{Focus, Snippet};
use crate::render::{Head, Renderer};
use crate::site::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct SourceItem {
    link: LinkView,
    title: Option<String>,
    /// `None` for a source no text cites (only a document's `source`): «0 ссылок»
    /// would make it look forgotten.
    count: Option<String>,
}

#[derive(Serialize)]
struct SourcesView {
    sources: Vec<SourceItem>,
}

pub(super) fn render_index(
    r: &Renderer<'_>,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let sources = r
        .edition
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| SourceItem {
            link: source_link(r.edition, links, i),
            title: s.title.clone(),
            count: (!s.citations.is_empty()).then(|| r.words.citation_count(s.citations.len())),
        })
        .collect();
    r.template(
        "sources.html",
        path,
        links,
        Head::titled(r.words.sources.to_owned()),
        SourcesView { sources },
    )
}

/// The id `chapter.html` gives a document's header (its date, authors, original).
const DOCUMENT_ID: &str = "document";

#[derive(Serialize)]
struct LocatorGroup<'a> {
    locator: String,
    places: Vec<PlaceView<'a>>,
}

#[derive(Serialize)]
struct SourceView<'a> {
    bibliography: LinkView,
    short: &'a str,
    title: Option<&'a str>,
    kind: Option<&'a str>,
    archival: Option<String>,
    count: String,
    groups: Vec<LocatorGroup<'a>>,
    /// The pages of the concordance, when there are more than one page holds.
    pager: Option<PagerView>,
}

/// Where a group of places stands in a concordance: pages and sheets in order (л. 12 <
/// л. 12 об. < л. 13), then locators without numbers, then places without a locator.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Heading {
    Pages(PageRange),
    Unnumbered,
    NoLocator,
}

/// Where a citation stands in a source's concordance, with the locator as written.
type GroupKey = (Heading, Option<String>);

/// A source's concordance in order: each place under every head it belongs to.
pub(in crate::render) struct Concordance(Vec<(GroupKey, Place)>);

/// Each source's concordance, shared by its numbered pages (see [`Shared`]).
pub(in crate::render) fn concordances(edition: &Edition) -> Vec<Shared<Concordance>> {
    (0..edition.sources.len())
        .map(|s| Shared::new(concordance_paging(edition, s).count()))
        .collect()
}

/// What a concordance lists: a citation of the source in a text, or a document of the
/// edition whose original the source is (its front matter's `source`). Under one
/// heading the originals come first: a reader looking up a sheet wants the document
/// written on it before the texts that cite it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// A document, by index into [`Edition::chapters`].
    Original(usize),
    /// A citation, by index into the source's citations.
    Citation(usize),
}

/// The heads a locator files a place under: each page or sheet, else the locator as
/// written, else «no locator».
fn heads(locator: Option<&Locator>) -> Vec<GroupKey> {
    match locator.map(|l| (l.each_page(), l)) {
        Some((pages, _)) if !pages.is_empty() => pages
            .into_iter()
            .map(|(p, h)| (Heading::Pages(p), Some(h)))
            .collect(),
        Some((_, locator)) => vec![(Heading::Unnumbered, Some(locator.display()))],
        None => vec![(Heading::NoLocator, None)],
    }
}

/// The source's concordance in order: each place under every head it belongs to. Only
/// the heads' order is kept here; their text is made for the places a page shows.
fn concordance(edition: &Edition, s: usize) -> Concordance {
    let source = &edition.sources[s];
    let originals = source.documents.iter().map(|&c| {
        let kept = edition.chapters[c].document.source.as_ref();
        (kept.and_then(|k| k.locator.as_ref()), Place::Original(c))
    });
    let citations = source.citations.iter().enumerate().map(|(i, cite)| {
        let locator = edition.cited_work(cite).locator.as_ref();
        (locator, Place::Citation(i))
    });
    let mut entries: Vec<(GroupKey, Place)> = originals
        .chain(citations)
        .flat_map(|(locator, place)| heads(locator).into_iter().map(move |h| (h, place)))
        .collect();
    // Under one head: originals first, then citations in the order they are kept in
    // (reading order).
    entries.sort();
    Concordance(entries)
}

/// A source's concordance cut into pages of `places-per-page`.
/// Counted without making and sorting the concordance: every site plan needs each
/// source's count, while only the source's own pages need its order.
pub(in crate::render) fn concordance_paging(edition: &Edition, s: usize) -> Paging {
    let source = &edition.sources[s];
    let originals = source.documents.iter().map(|&c| {
        let kept = edition.chapters[c].document.source.as_ref();
        head_count(kept.and_then(|k| k.locator.as_ref()))
    });
    let citations =
        (source.citations.iter()).map(|cite| head_count(edition.cited_work(cite).locator.as_ref()));
    let places = originals.chain(citations).sum();
    Paging::new(places, edition.config.places_per_page)
}

/// How many heads [`heads`] files a place with `locator` under.
fn head_count(locator: Option<&Locator>) -> usize {
    locator.map_or(1, |l| l.pages.len().max(1))
}

pub(super) fn render_source(
    r: &Renderer<'_>,
    s: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    render_source_page(r, s, 1, path, links)
}

/// Page `number` of a source's page: the places of its concordance that fall on it.
pub(super) fn render_source_page(
    r: &Renderer<'_>,
    s: usize,
    number: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<Vec<u8>> {
    let edition = r.edition;
    let source = &edition.sources[s];
    let all = r.concordances[s].get(|| concordance(edition, s));
    let all = &all.0;
    let paging = Paging::new(all.len(), edition.config.places_per_page);
    let mut groups: Vec<LocatorGroup<'_>> = Vec::new();
    let mut last: Option<&GroupKey> = None;
    for (head, at) in &all[paging.range(number)] {
        let view = match *at {
            Place::Citation(i) => {
                let cite = &source.citations[i];
                let chapter = &edition.chapters[cite.chapter];
                let passage = chapter.text.parsed.citations[cite.citation].passage;
                let focus = Focus::Citation(cite.citation);
                place(r, links, cite.chapter, passage, focus)
            }
            Place::Original(c) => original(r, links, c),
        };
        match groups.last_mut() {
            Some(group) if last == Some(head) => group.places.push(view),
            _ => groups.push(LocatorGroup {
                locator: locator_text(r, head),
                places: vec![view],
            }),
        }
        last = Some(head);
    }
    let pager = pager(
        r,
        paging,
        &paths::source(&source.key),
        links,
        number,
        |range| {
            (
                locator_text(r, &all[range.start].0),
                locator_text(r, &all[range.end - 1].0),
            )
        },
    );
    let view = SourceView {
        bibliography: LinkView {
            text: r.words.sources.to_owned(),
            href: links.to(paths::SOURCES),
        },
        short: &source.short,
        title: source.title.as_deref(),
        kind: source.kind.as_deref(),
        archival: source.archival.as_ref().map(|f| r.words.archival_file(f)),
        count: r
            .words
            .citation_count(source.citations.len() + source.documents.len()),
        groups,
        pager,
    };
    let title = match number {
        1 => source.short.clone(),
        _ => format!(
            "{} — {}",
            source.short,
            r.words.list_page(number, paging.count())
        ),
    };
    r.template("source.html", path, links, Head::titled(title), view)
}

/// A document kept in the source, as a place of its concordance: its title, marked
/// «Подлинник» where a citation shows its words, linking to the document's header.
fn original<'a>(r: &Renderer<'a>, links: &Links, c: usize) -> PlaceView<'a> {
    let chapter = &r.edition.chapters[c];
    PlaceView {
        href: links.chapter(&chapter.slug, Some(DOCUMENT_ID)),
        chapter: shown_title(chapter),
        snippet: std::sync::Arc::new(Snippet {
            before: String::new(),
            hit: r.words.original.to_owned(),
            after: String::new(),
        }),
    }
}

/// The heading of a group of the concordance: the page or locator as written.
fn locator_text(r: &Renderer<'_>, head: &GroupKey) -> String {
    head.1
        .clone()
        .unwrap_or_else(|| r.words.no_locator.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_counted_under_as_many_heads_as_it_is_filed_under() {
        for text in ["с. 57", "с. 57, 71", "л. 21 об.–22, 30", "без номера", ""] {
            let locator = Locator::parse(text);
            assert_eq!(
                head_count(Some(&locator)),
                heads(Some(&locator)).len(),
                "{text}"
            );
        }
        assert_eq!(head_count(None), heads(None).len());
    }
}
