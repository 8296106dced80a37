//! The bibliography and each source's page: a concordance of the places citing it,
//! grouped by locator in page order.

use super::{LinkView, PlaceView, chapter_link, place, source_link};
use crate::parse::{Locator, PageRange};
use crate::render::links::{Links, paths};
use crate::render::text::Focus;
use crate::render::{Head, Renderer};
use crate::site::PagePath;
use serde::Serialize;
use std::collections::BTreeMap;

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
) -> anyhow::Result<String> {
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

pub(super) fn render_source(
    r: &Renderer<'_>,
    s: usize,
    path: &PagePath,
    links: &Links,
) -> anyhow::Result<String> {
    let edition = r.edition;
    let source = &edition.sources[s];
    // A concordance: each place under every page it cites, pages in numeric order,
    // places without a page last.
    let mut groups: BTreeMap<(Heading, String), Vec<PlaceView>> = BTreeMap::new();
    for cite in &source.citations {
        let passage = edition.chapters[cite.chapter].text.parsed.citations[cite.citation].passage;
        let written = edition.cited_work(cite);
        let heads = match written.locator.as_ref().map(|l| (l.each_page(), l)) {
            Some((pages, _)) if !pages.is_empty() => pages
                .into_iter()
                .map(|(p, h)| (Heading::Pages(p), h))
                .collect(),
            Some((_, locator)) => vec![(Heading::Unnumbered, locator.display())],
            None => vec![(Heading::NoLocator, r.words.no_locator.to_owned())],
        };
        for head in heads {
            let view = place(
                edition,
                links,
                cite.chapter,
                passage,
                Focus::Citation(cite.citation),
            );
            groups.entry(head).or_default().push(view);
        }
    }
    let groups = groups
        .into_iter()
        .map(|((_, locator), places)| LocatorGroup { locator, places })
        .collect();
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
    let head = Head::titled(source.short.clone());
    r.template("source.html", path, links, head, view)
}
