//! "Mentioned together with": the entries that share passages with an entry, ranked by
//! how many passages they share.
//!
//! An entry's page visits only its own passages and adds up their other entries (each
//! passage's found among its chapter's mentions), so the work is linear in the
//! mentions of the chapters concerned, and nothing is gathered for pages not rendered.

use super::round;
use crate::link::{Edition, EntryRef};
use crate::render::Renderer;
use crate::render::links::Links;
use crate::render::pages::LinkView;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// How many entries the list names; the rest are counted.
const SHOWN: usize = 10;

/// The ranked list, ready to show.
#[derive(Serialize)]
pub(in crate::render) struct TogetherView {
    entries: Vec<Item>,
    /// «и ещё 4», when more entries share passages than the list names.
    more: Option<String>,
}

/// An entry mentioned together with the page's entry.
#[derive(Serialize)]
struct Item {
    link: LinkView,
    /// The passages both are mentioned in, worded («3 абзаца»).
    count: String,
    /// The bar's length, in hundredths of the longest.
    share: f64,
}

/// The entries mentioned in the passages that mention `at`, most shared first.
pub(in crate::render) fn view(
    r: &Renderer<'_>,
    links: &Links,
    at: EntryRef,
) -> Option<TogetherView> {
    let edition = r.edition;
    let entry = &edition.registers[at.register].entries[at.entry];
    // Fx, not SipHash: the keys are small numbers made by letopis, and a popular entry
    // looks up one for every entry of each of its passages.
    let mut seen = FxHashSet::default();
    let mut counts: FxHashMap<EntryRef, usize> = FxHashMap::default();
    for place in &entry.refs.mentions {
        let passage = edition.chapters[place.chapter].text.parsed.mentions[place.mention].passage;
        if !seen.insert((place.chapter, passage)) {
            continue;
        }
        let others = entries_of(edition, place.chapter, passage);
        for other in others.iter().filter(|&&o| o != at) {
            *counts.entry(*other).or_default() += 1;
        }
    }
    let mut ranked: Vec<(EntryRef, usize)> = counts.into_iter().collect();
    let name = |e: EntryRef| &edition.registers[e.register].entries[e.entry].name;
    let order = |a: &(EntryRef, usize), b: &(EntryRef, usize)| {
        b.1.cmp(&a.1)
            .then_with(|| name(a.0).cmp(name(b.0)))
            .then(a.0.cmp(&b.0))
    };
    let more = ranked.len().saturating_sub(SHOWN);
    // Only the first few are shown: they are picked out, and only they are sorted (an
    // entry mentioned everywhere shares passages with hundreds). The order is total,
    // so the list is the one a full sort gives.
    if more > 0 {
        ranked.select_nth_unstable_by(SHOWN - 1, order);
        ranked.truncate(SHOWN);
    }
    ranked.sort_by(order);
    let max = ranked.first()?.1;
    let entries = ranked
        .into_iter()
        .map(|(e, count)| {
            let register = &edition.registers[e.register];
            let other = &register.entries[e.entry];
            Item {
                link: LinkView {
                    text: other.name.clone(),
                    href: links.entry(&register.kind, &other.id),
                },
                count: r.words.passage_count(count),
                share: round(100.0 * count as f64 / max as f64),
            }
        })
        .collect();
    Some(TogetherView {
        entries,
        more: (more > 0).then(|| r.words.and_more(more)),
    })
}

/// The distinct entries mentioned in passage `passage` of chapter `chapter`, in the
/// order of their first mention there: a chapter's mentions are few, so they are
/// looked through for the passages an entry page needs rather than gathered for every
/// passage of the edition on every plan.
fn entries_of(edition: &Edition, chapter: usize, passage: usize) -> Vec<EntryRef> {
    let text = &edition.chapters[chapter].text;
    let mut entries = Vec::new();
    for (mention, entry) in text.parsed.mentions.iter().zip(&text.mentions) {
        if let Some(entry) = entry.filter(|e| mention.passage == passage && !entries.contains(e)) {
            entries.push(entry);
        }
    }
    entries
}
