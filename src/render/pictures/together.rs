//! "Mentioned together with": the entries that share passages with an entry, ranked by
//! how many passages they share.
//!
//! An entry's page visits only its own passages and adds up their other entries (each
//! passage's found among its chapter's mentions), so the work is linear in the
//! mentions of the chapters concerned. The chapters' mentions are read from
//! [`MentionTable`], not from the parsed texts: one compact table of the whole
//! edition's, made only when an entry page is rendered.

use super::round;
use crate::link::{Edition, EntryRef};
use crate::render::links::Links;
use crate::render::pages::LinkView;
use crate::render::{Renderer, starts};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// Every mention of the edition as its passage and its entry, chapter after chapter in
/// one array of 8 bytes a mention (3 MB at 10,000 chapters), made once per build, when
/// the first entry page needs it.
///
/// An entry's page looks up each of its mentions' passage, and the other entries of
/// that passage, in chapters all over the edition. Read from the parsed texts, that was
/// a chapter's `Mention`s (72 bytes each, with their kind and id) and its resolved
/// entries, two arrays in their own corners of a heap of a gigabyte: the page's time
/// grew 18 times from 1,000 to 10,000 chapters, for 10 times the work, most of it in
/// misses of the processor's caches and address translation.
pub(in crate::render) struct MentionTable {
    /// Where each chapter's mentions start in `cells`, and where the last one's end.
    starts: Vec<usize>,
    /// Each chapter's mentions in their order there.
    cells: Vec<Cell>,
    /// Where each register's entries start in the edition's numbering of its entries
    /// (and where the last one's end).
    firsts: Vec<usize>,
}

/// One mention: its passage, and its entry by the edition's numbering ([`NO_ENTRY`]
/// when it names none). 32 bits hold either: a chapter of 4 billion passages or an
/// edition of 4 billion entries would not fit in memory.
#[derive(Debug, Clone, Copy)]
struct Cell {
    passage: u32,
    entry: u32,
}

/// The entry of a mention that names none (an unknown id was already reported).
const NO_ENTRY: u32 = u32::MAX;

/// `n` in 32 bits (see [`Cell`]).
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl MentionTable {
    /// The table of `edition`'s mentions, its chapters read in parallel.
    pub(in crate::render) fn new(edition: &Edition) -> Self {
        let firsts = starts(edition.registers.iter().map(|r| r.entries.len()));
        let starts = starts(
            edition
                .chapters
                .iter()
                .map(|c| c.text.parsed.mentions.len()),
        );
        let cells = edition
            .chapters
            .par_iter()
            .flat_map_iter(|chapter| {
                let text = &chapter.text;
                text.parsed.mentions.iter().enumerate().map(|(m, mention)| {
                    let entry = text.mentions.get(m).copied().flatten();
                    Cell {
                        passage: narrow(mention.passage),
                        entry: entry.map_or(NO_ENTRY, |e| narrow(firsts[e.register] + e.entry)),
                    }
                })
            })
            .collect();
        Self {
            starts,
            cells,
            firsts,
        }
    }

    /// The mentions of chapter `chapter`.
    fn chapter(&self, chapter: usize) -> &[Cell] {
        &self.cells[self.starts[chapter]..self.starts[chapter + 1]]
    }

    /// The passage that mention `mention` of chapter `chapter` stands in.
    pub(in crate::render) fn passage(&self, chapter: usize, mention: usize) -> usize {
        self.chapter(chapter)[mention].passage as usize
    }

    /// The edition's number of the entry `at`.
    fn number(&self, at: EntryRef) -> u32 {
        narrow(self.firsts[at.register] + at.entry)
    }

    /// The entry numbered `number`.
    fn entry(&self, number: u32) -> EntryRef {
        let number = number as usize;
        let register = self.firsts.partition_point(|&first| first <= number) - 1;
        EntryRef {
            register,
            entry: number - self.firsts[register],
        }
    }
}

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
    let table = r.mention_table();
    let entry = &edition.registers[at.register].entries[at.entry];
    let own = table.number(at);
    // Fx, not SipHash: the keys are small numbers made by letopis, and a popular entry
    // looks up one for every entry of each of its passages.
    let mut seen = FxHashSet::default();
    let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
    // The other entries of one passage, each once.
    let mut others: Vec<u32> = Vec::new();
    for place in &entry.refs.mentions {
        let mentions = table.chapter(place.chapter);
        let passage = mentions[place.mention].passage;
        if !seen.insert((place.chapter, passage)) {
            continue;
        }
        // A chapter's mentions are few (40 in the generated editions: 320 bytes), so
        // they are looked through rather than indexed by passage.
        others.clear();
        for cell in mentions.iter().filter(|c| c.passage == passage) {
            if cell.entry != NO_ENTRY && cell.entry != own && !others.contains(&cell.entry) {
                others.push(cell.entry);
            }
        }
        for &other in &others {
            *counts.entry(other).or_default() += 1;
        }
    }
    let mut ranked: Vec<(EntryRef, usize)> = counts
        .into_iter()
        .map(|(number, count)| (table.entry(number), count))
        .collect();
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
