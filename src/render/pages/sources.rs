//! The bibliography and each source's page: a concordance of the places citing it,
//! grouped by locator in page order.

use super::paging::{PagerView, Paging, pager};
use super::{LinkView, PlaceView, chapter_link, place, source_link};
use crate::link::Edition;
use crate::parse::{Locator, PageRange};
use crate::render::links::{Links, paths};
use crate::render::text::Focus;
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

#[derive(Serialize)]
struct LocatorGroup {
    locator: String,
    places: Vec<PlaceView>,
}

#[derive(Serialize)]
struct SourceView<'a> {
    bibliography: LinkView,
    short: &'a str,
    title: Option<&'a str>,
    kind: Option<&'a str>,
    archival: Option<String>,
    count: String,
    groups: Vec<LocatorGroup>,
    /// The pages of the concordance, when there are more than one page holds.
    pager: Option<PagerView>,
    documents: Vec<KeptDocument>,
}

/// A document of the edition whose original the source is: its sheets and its chapter.
#[derive(Serialize)]
struct KeptDocument {
    locator: Option<String>,
    link: LinkView,
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

/// The source's concordance in order: each place (an index into its citations) under
/// every head it belongs to. Only the heads' order is kept here; their text is made
/// for the places a page shows.
fn concordance(edition: &Edition, s: usize) -> Vec<(GroupKey, usize)> {
    let source = &edition.sources[s];
    let mut entries = Vec::with_capacity(source.citations.len());
    for (i, cite) in source.citations.iter().enumerate() {
        let written = edition.cited_work(cite);
        match written.locator.as_ref().map(|l| (l.each_page(), l)) {
            Some((pages, _)) if !pages.is_empty() => {
                entries.extend(
                    pages
                        .into_iter()
                        .map(|(p, h)| ((Heading::Pages(p), Some(h)), i)),
                );
            }
            Some((_, locator)) => entries.push(((Heading::Unnumbered, Some(locator.display())), i)),
            None => entries.push(((Heading::NoLocator, None), i)),
        }
    }
    // Stable: places under one head stay in reading order.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

/// A source's concordance cut into pages of `places-per-page`.
pub(in crate::render) fn concordance_paging(edition: &Edition, s: usize) -> Paging {
    let places = edition.sources[s]
        .citations
        .iter()
        .map(|cite| {
            let locator = edition.cited_work(cite).locator.as_ref();
            locator.map_or(1, |l| l.each_page().len().max(1))
        })
        .sum();
    Paging::new(places, edition.config.places_per_page)
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
    let all = concordance(edition, s);
    let paging = concordance_paging(edition, s);
    let mut groups: Vec<LocatorGroup> = Vec::new();
    let mut last: Option<&GroupKey> = None;
    for (head, i) in &all[paging.range(number)] {
        let cite = &source.citations[*i];
        let passage = edition.chapters[cite.chapter].text.parsed.citations[cite.citation].passage;
        let focus = Focus::Citation(cite.citation);
        let view = place(edition, links, cite.chapter, passage, focus);
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
        count: r.words.citation_count(source.citations.len()),
        groups,
        pager,
        documents: source
            .documents
            .iter()
            .map(|&c| {
                let chapter = &edition.chapters[c];
                let kept = chapter.document.source.as_ref();
                KeptDocument {
                    locator: kept.and_then(|k| k.locator.as_ref()).map(Locator::display),
                    link: chapter_link(chapter, links, None),
                }
            })
            .collect(),
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

/// The heading of a group of the concordance: the page or locator as written.
fn locator_text(r: &Renderer<'_>, head: &GroupKey) -> String {
    head.1
        .clone()
        .unwrap_or_else(|| r.words.no_locator.to_owned())
}
