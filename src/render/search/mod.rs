//! The search index: every passage of the edition, every register entry and every
//! source, as JavaScript files the browser loads with `<script>` elements.
//!
//! A `fetch()` of JSON fails on `file://`, so each file is a script that hands its data
//! to `letopisSearch` (defined by the theme's `search.js`), packed as [`pack`] says. The
//! index is split so that a large edition does not load all of it before the first
//! keystroke:
//!
//! * `meta.js`: the pages (URL, title, kind, how often the text refers to them), the
//!   number of documents, and the first page of each document shard;
//! * `t-N.js`: for each key (a word folded and stemmed, see [`tokens`]) whose hash falls
//!   in shard N, its postings: page, document and term weight (see [`docs`]);
//! * `d-N.js`: the documents themselves (anchor and plain text) for snippets and
//!   phrase checks, loaded only for the results shown: one shard per
//!   [`CHAPTERS_PER_DOC_SHARD`] chapters, and one per [`PAGES_PER_DOC_SHARD`] entries
//!   and sources.
//!
//! The postings are what the documents' text says, keyed: an edition whose documents
//! hold at most [`KEYED_IN_THE_BROWSER`] characters leaves them out (its term shards
//! say `null`), and the browser, on the first keystroke, loads every document and
//! keys what it needs of them itself, the same way. That keeps a small edition's index
//! about the size of its text deflated, where the postings would add more than half.
//!
//! `serve` rebuilds the index after every save, so nothing in it is made from the
//! whole edition that one page could change: a document is numbered within its page,
//! a posting's weight depends on its document alone (the browser works out each key's
//! rarity from the length of its list), the number of term shards changes only with
//! the number of pages, and document shards hold a fixed number of pages. What a
//! page contributes is kept in a [`SearchMemo`] while its inputs are unchanged, and a
//! file is packed again only when what it is made from changed.
//!
//! Words of an entry's or a source's names (and a chapter's title) are marked in their
//! postings: the browser puts such a page before any passage, and among those pages the
//! one the text refers to most first (Орджоникидзе: the People's Commissar before his
//! brother).

mod docs;
mod pack;
mod tokens;

use crate::link::Edition;
use crate::render::MemoInputs;
use docs::{DocText, PageInfo, PagePart};
use pack::Alphabet;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;
use tokens::{Keys, Normalizer};

/// The folder of the index, under the site's root.
pub(crate) const FOLDER: &str = "static/search";

/// How many chapters make one term shard (the count is rounded up to a power of two,
/// so it changes only when the number of pages does, and then seldom).
const CHAPTERS_PER_TERM_SHARD: usize = 16;
/// How many entries or sources weigh as much as a chapter in that count.
const ENTRIES_PER_CHAPTER: usize = 16;
/// How many chapters one document shard holds: few, so that a result loads little
/// beside its own text and an edit packs little again, but more than one, since
/// chapters deflated alone pack about 15 % larger than with their neighbours.
const CHAPTERS_PER_DOC_SHARD: usize = 4;
/// How many entries' and sources' pages one document shard holds.
const PAGES_PER_DOC_SHARD: usize = 64;
/// The most characters an edition's documents may hold for its term shards to leave the
/// postings to the browser: it then loads all of them on the first keystroke (about
/// 90 KB deflated at most) and splits them into words (75 ms under Node here, and 25 ms
/// to key the first query word; see docs/performance.md).
const KEYED_IN_THE_BROWSER: usize = 200_000;

/// The index of an edition: its files, and what every page's search box tells the
/// browser of it, so that the first keystroke can load what it needs all at once.
pub(crate) struct SearchIndex {
    /// The scripts.
    pub(crate) files: Vec<IndexFile>,
    /// Whether words are stemmed (the Snowball script is needed).
    pub(crate) stems: bool,
    /// How many term shards there are (which one holds a key is its hash modulo this).
    pub(crate) term_shards: usize,
}

/// A file of the index: its path under the site root and its bytes.
pub(crate) struct IndexFile {
    /// Relative to the site's root (`static/search/t-3.js`).
    pub(crate) path: String,
    /// The script.
    pub(crate) bytes: Vec<u8>,
}

/// What `serve` keeps of the index between rebuilds: each chapter's part and the
/// entries' and sources' parts, by a fingerprint of what they are made from, and each
/// file's script, by a fingerprint of its data.
#[derive(Debug, Default)]
pub struct SearchMemo {
    chapters: HashMap<String, (u64, Arc<PagePart>)>,
    others: Option<(u64, Arc<Vec<PagePart>>)>,
    files: HashMap<String, (u64, Arc<[u8]>)>,
}

/// Builds the search index of `edition`, reusing what `memo` holds of the parts whose
/// inputs are unchanged (`inputs` says which; without them, as in a build, nothing is
/// reused or kept, and nothing is fingerprinted).
pub(crate) fn index(
    edition: &Edition,
    memo: &mut SearchMemo,
    inputs: Option<MemoInputs<'_>>,
) -> SearchIndex {
    let normalizer = Normalizer::new(&edition.config.book.language);
    let shards = term_shards(edition);
    let chapters = chapter_parts(edition, &normalizer, shards, memo, inputs);
    let others = other_parts(edition, &normalizer, shards, memo, inputs);
    let infos: Vec<PageInfo> = (edition.chapters.iter().map(docs::chapter_info))
        .chain(docs::other_infos(edition))
        .collect();
    let parts: Vec<&PagePart> = (chapters.iter().map(|p| &**p))
        .chain(others.iter())
        .collect();
    let others = docs::Others::new(edition);
    let texts = |page: usize| match edition.chapters.get(page) {
        Some(chapter) => docs::chapter_texts(edition, chapter),
        None => vec![others.text(page - edition.chapters.len())],
    };
    let files = Files {
        infos: &infos,
        texts: &texts,
        postings: parts.iter().map(|p| p.length).sum::<usize>() > KEYED_IN_THE_BROWSER,
        parts: &parts,
        chapters: chapters.len(),
        term_shards: shards,
        printed: inputs.is_some(),
    }
    .pack(&mut memo.files);
    SearchIndex {
        files,
        stems: normalizer.stems(),
        term_shards: shards,
    }
}

/// The number of term shards: one per [`CHAPTERS_PER_TERM_SHARD`] chapters (entries and
/// sources counted as [`ENTRIES_PER_CHAPTER`] to a chapter), rounded up to a power of
/// two. Every page's search box says it, so it must not change with a chapter's text.
fn term_shards(edition: &Edition) -> usize {
    let entries: usize = edition.registers.iter().map(|r| r.entries.len()).sum();
    let weight = edition.chapters.len() + (entries + edition.sources.len()) / ENTRIES_PER_CHAPTER;
    weight
        .div_ceil(CHAPTERS_PER_TERM_SHARD)
        .max(1)
        .next_power_of_two()
}

/// Each chapter's part, taken from `memo` when its file, what link decided for it and
/// the other inputs are unchanged, made (in parallel) otherwise.
fn chapter_parts(
    edition: &Edition,
    normalizer: &Normalizer,
    shards: usize,
    memo: &mut SearchMemo,
    inputs: Option<MemoInputs<'_>>,
) -> Vec<Arc<PagePart>> {
    let prints: Vec<Option<u64>> = edition
        .chapters
        .iter()
        .enumerate()
        .map(|(c, chapter)| {
            let inputs = inputs?;
            let mut h = DefaultHasher::new();
            (inputs.global, inputs.chapters.get(c)?.version, shards).hash(&mut h);
            docs::chapter_print(chapter, &mut h);
            Some(h.finish())
        })
        .collect();
    let cached = &memo.chapters;
    let parts: Vec<Arc<PagePart>> = (edition.chapters.par_iter().zip(&prints))
        .map_init(
            || Keys::new(normalizer),
            |keys, (chapter, print)| match cached.get(&chapter.file) {
                Some((old, part)) if Some(*old) == *print => Arc::clone(part),
                _ => Arc::new(docs::chapter(
                    edition,
                    chapter,
                    keys,
                    shards,
                    inputs.is_some(),
                )),
            },
        )
        .collect();
    memo.chapters = (edition.chapters.iter().zip(prints).zip(&parts))
        .filter_map(|((chapter, print), part)| {
            Some((chapter.file.clone(), (print?, Arc::clone(part))))
        })
        .collect();
    parts
}

/// The entries' and sources' parts, taken from `memo` when the inputs that are not
/// chapters are unchanged (how often the text refers to each is in its [`PageInfo`],
/// made afresh by [`docs::other_infos`]).
fn other_parts(
    edition: &Edition,
    normalizer: &Normalizer,
    shards: usize,
    memo: &mut SearchMemo,
    inputs: Option<MemoInputs<'_>>,
) -> Arc<Vec<PagePart>> {
    let print = inputs.map(|i| crate::fingerprint::of(&(i.global, shards)));
    let parts = match &memo.others {
        Some((old, parts)) if Some(*old) == print => Arc::clone(parts),
        _ => Arc::new(docs::others(edition, normalizer, shards, inputs.is_some())),
    };
    memo.others = print.map(|p| (p, Arc::clone(&parts)));
    parts
}

/// The pages and parts of one rebuild, to be packed into files.
struct Files<'a> {
    infos: &'a [PageInfo],
    /// The documents of a page, made again: the parts keep only their fingerprint.
    texts: &'a (dyn Fn(usize) -> Vec<DocText> + Sync),
    parts: &'a [&'a PagePart],
    /// The chapters come first, one document shard each.
    chapters: usize,
    term_shards: usize,
    /// Whether the term shards hold the postings (else the browser keys the documents).
    postings: bool,
    /// Whether the parts and the files are fingerprinted and the files kept in the memo
    /// (`serve`; [`docs::PagePart::new`]): else every file is packed and none kept.
    printed: bool,
}

/// A file of the index and what it is made from.
enum Data {
    Meta(Vec<u8>),
    /// A term shard and the pages with postings in it.
    Terms(usize, Vec<u32>),
    Docs(usize, Range<usize>),
}

impl Files<'_> {
    /// Every file, each taken from `memo` when the fingerprint of its data is
    /// unchanged and packed (in parallel) otherwise; `memo` is left with these files
    /// (with none unless [`Self::printed`]).
    fn pack(&self, memo: &mut HashMap<String, (u64, Arc<[u8]>)>) -> Vec<IndexFile> {
        let doc_shards = self.doc_shards();
        let alphabet = self.alphabet();
        let meta = pack::json(&Meta {
            docs: self.parts.iter().map(|p| p.docs).sum(),
            doc_shards: doc_shards.iter().map(|r| r.start).collect(),
            alphabet: &alphabet,
            pages: self.infos,
        });
        let print = self.print(&meta);
        let mut wanted = vec![("meta.js".to_owned(), print, Data::Meta(meta.into_bytes()))];
        let (prints, holders) = self.terms_prints(&alphabet);
        for (shard, (print, pages)) in prints.into_iter().zip(holders).enumerate() {
            wanted.push((format!("t-{shard}.js"), print, Data::Terms(shard, pages)));
        }
        for (n, pages) in doc_shards.into_iter().enumerate() {
            let prints: Vec<u64> = self.parts[pages.clone()].iter().map(|p| p.print).collect();
            let titles: Vec<&str> = self.infos[pages.clone()].iter().map(|i| &*i.1).collect();
            let print = self.print(&(&pages, prints, titles, &alphabet));
            wanted.push((format!("d-{n}.js"), print, Data::Docs(n, pages)));
        }
        if !self.printed {
            memo.clear();
        }
        let files: Vec<(String, u64, Arc<[u8]>)> = wanted
            .into_par_iter()
            .map(|(name, print, data)| {
                let path = format!("{FOLDER}/{name}");
                let bytes = match memo.get(&path) {
                    Some((old, bytes)) if *old == print => Arc::clone(bytes),
                    _ => self.script(data, &alphabet).into(),
                };
                (path, print, bytes)
            })
            .collect();
        if self.printed {
            *memo = (files.iter())
                .map(|(path, print, bytes)| (path.clone(), (*print, Arc::clone(bytes))))
                .collect();
        }
        files
            .into_iter()
            .map(|(path, _, bytes)| IndexFile {
                path,
                bytes: bytes.to_vec(),
            })
            .collect()
    }

    /// The fingerprint of `data` when the files are [`Self::printed`], else 0.
    fn print<T: Hash>(&self, data: &T) -> u64 {
        if self.printed {
            crate::fingerprint::of(data)
        } else {
            0
        }
    }

    /// The pages of each document shard: the chapters [`CHAPTERS_PER_DOC_SHARD`] at a
    /// time, then the entries and sources [`PAGES_PER_DOC_SHARD`] at a time; all in one
    /// when the browser keys them, which loads them all at once anyway (deflated in one
    /// stream they pack a tenth smaller).
    fn doc_shards(&self) -> Vec<Range<usize>> {
        if !self.postings {
            return std::iter::once(0..self.parts.len()).collect();
        }
        let mut shards = Vec::new();
        let mut start = 0;
        while start < self.parts.len() {
            let (size, end) = if start < self.chapters {
                (CHAPTERS_PER_DOC_SHARD, self.chapters)
            } else {
                (PAGES_PER_DOC_SHARD, self.parts.len())
            };
            shards.push(start..(start + size).min(end));
            start = (start + size).min(end);
        }
        shards
    }

    /// The code page of the index's text: the most frequent characters of every
    /// page's documents.
    fn alphabet(&self) -> Alphabet {
        let mut counts = BTreeMap::new();
        for part in self.parts {
            for (c, n) in &part.chars {
                *counts.entry(*c).or_default() += n;
            }
        }
        Alphabet::new(&counts)
    }

    /// A fingerprint of each term shard's postings (each page's, with its number) and
    /// of the code page its keys are written in, of nothing but its number when it
    /// holds no postings; and the pages with postings in each.
    fn terms_prints(&self, alphabet: &Alphabet) -> (Vec<u64>, Vec<Vec<u32>>) {
        let mut prints: Vec<DefaultHasher> = (0..self.term_shards)
            .map(|shard| {
                let mut h = DefaultHasher::new();
                (shard, self.postings).hash(&mut h);
                if self.postings {
                    (self.term_shards, alphabet).hash(&mut h);
                }
                h
            })
            .collect();
        let mut holders = vec![Vec::new(); self.term_shards];
        let parts = if self.postings { self.parts } else { &[] };
        for (page, part) in parts.iter().enumerate() {
            for span in &part.shards {
                if self.printed {
                    (page, span.print).hash(&mut prints[span.shard()]);
                }
                holders[span.shard()].push(index_u32(page));
            }
        }
        (prints.iter().map(Hasher::finish).collect(), holders)
    }

    /// The script of one file.
    fn script(&self, data: Data, alphabet: &Alphabet) -> Vec<u8> {
        match data {
            Data::Meta(json) => pack::script("meta(", &json, pack::LEVEL),
            Data::Terms(shard, _) if !self.postings => {
                format!("letopisSearch.terms({shard},null);\n").into_bytes()
            }
            Data::Terms(shard, pages) => {
                let mut lists: Vec<(&str, u32, &[u32])> = Vec::new();
                for page in pages {
                    let part = self.parts[page as usize];
                    lists.extend(part.lists_in(shard).map(|(key, list)| (key, page, list)));
                }
                // By key; each page's keys are in order already, and the sort is stable,
                // so each key's lists stay by page.
                lists.sort_by(|a, b| a.0.cmp(b.0));
                pack::script(
                    &format!("terms({shard},"),
                    &pack::term_shard(&lists, alphabet),
                    pack::LEVEL,
                )
            }
            Data::Docs(n, pages) => {
                // About a byte a character, sized once (grown, it was copied ten times).
                let chars: usize = self.parts[pages.clone()].iter().map(|p| p.length).sum();
                let mut json = alphabet.json(chars + chars / 8);
                json.raw("[");
                for (at, (page, info)) in pages.clone().zip(&self.infos[pages]).enumerate() {
                    if at > 0 {
                        json.raw(",");
                    }
                    let docs = (self.texts)(page);
                    docs::Shown {
                        docs: &docs,
                        title: &info.1,
                    }
                    .write(&mut json);
                }
                json.raw("]");
                pack::script(&format!("docs({n},"), &json.into_bytes(), pack::DOC_LEVEL)
            }
        }
    }
}

/// What `meta.js` holds.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta<'a> {
    /// How many documents the index holds (the browser's idf needs it).
    docs: usize,
    /// The first page of each document shard.
    doc_shards: Vec<usize>,
    /// The code page of the documents' text and the keys.
    alphabet: &'a Alphabet,
    pages: &'a [PageInfo],
}

/// The hash that picks a key's term shard (modulo their number): FNV-1a over its code
/// points, as `search.js` computes it.
fn key_hash(key: &str) -> u32 {
    key.chars().fold(0x811c_9dc5_u32, |h, c| {
        (h ^ u32::from(c)).wrapping_mul(0x0100_0193)
    })
}

fn index_u32(id: usize) -> u32 {
    u32::try_from(id).expect("fewer than 4 billion pages and documents")
}

#[cfg(test)]
mod tests;
