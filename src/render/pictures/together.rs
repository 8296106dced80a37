//! "Mentioned together with": the entries that share passages with an entry, ranked by
//! how many passages they share.
//!
//! The entries of each passage are gathered once for the whole edition (one pass over
//! the mentions); an entry's page then visits only its own passages and adds up their
//! other entries, so the work is linear in the mentions of the passages concerned.

use super::round;
use crate::link::{Edition, EntryRef};
use crate::render::Renderer;
use crate::render::links::Links;
use crate::render::pages::LinkView;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How many entries the list names; the rest are counted.
const SHOWN: usize = 10;

/// The distinct entries of every passage, by chapter and passage.
pub(in crate::render) struct Together {
    passages: Vec<Vec<Vec<EntryRef>>>,
}

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

impl Together {
    /// Gathers the entries of each passage of `edition`.
    pub(in crate::render) fn new(edition: &Edition) -> Self {
        let passages = edition
            .chapters
            .iter()
            .map(|chapter| {
                let parsed = &chapter.text.parsed;
                let mut entries: Vec<Vec<EntryRef>> = vec![Vec::new(); parsed.passages.len()];
                for (mention, entry) in parsed.mentions.iter().zip(&chapter.text.mentions) {
                    let (Some(list), Some(entry)) = (entries.get_mut(mention.passage), entry)
                    else {
                        continue;
                    };
                    if !list.contains(entry) {
                        list.push(*entry);
                    }
                }
                entries
            })
            .collect();
        Self { passages }
    }

    /// The entries mentioned in the passages that mention `at`, most shared first.
    pub(in crate::render) fn view(
        &self,
        r: &Renderer<'_>,
        links: &Links,
        at: EntryRef,
    ) -> Option<TogetherView> {
        let edition = r.edition;
        let entry = &edition.registers[at.register].entries[at.entry];
        let mut seen = HashSet::new();
        let mut counts: HashMap<EntryRef, usize> = HashMap::new();
        for place in &entry.refs.mentions {
            let passage =
                edition.chapters[place.chapter].text.parsed.mentions[place.mention].passage;
            if !seen.insert((place.chapter, passage)) {
                continue;
            }
            let others = self.passages[place.chapter][passage].iter();
            for other in others.filter(|&&o| o != at) {
                *counts.entry(*other).or_default() += 1;
            }
        }
        let mut ranked: Vec<(EntryRef, usize)> = counts.into_iter().collect();
        let name = |e: EntryRef| &edition.registers[e.register].entries[e.entry].name;
        ranked.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| name(a.0).cmp(name(b.0)))
                .then(a.0.cmp(&b.0))
        });
        let max = ranked.first()?.1;
        let more = ranked.len().saturating_sub(SHOWN);
        ranked.truncate(SHOWN);
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
}
