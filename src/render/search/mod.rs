//! The search index: every passage of the edition, every register entry and every
//! source, as JavaScript files the browser loads with `<script>` elements.
//!
//! A `fetch()` of JSON fails on `file://`, so each file is a script that hands its data
//! to `letopisSearch` (defined by the theme's `search.js`). The index is split so that a
//! large edition does not load all of it before the first keystroke:
//!
//! * `meta.js`: the pages (URL, title, kind) and where each page's documents and each
//!   document shard start (the search box's attributes say whether words are stemmed
//!   and how many term shards there are, so the first keystroke need not wait for it);
//! * `t-N.js`: for each key (a word folded and stemmed, see [`tokens`]) whose hash falls
//!   in shard N, its postings: document and precomputed BM25 weight;
//! * `d-N.js`: the documents themselves (anchor and plain text) for snippets and
//!   phrase checks, loaded only for the results shown.
//!
//! Each file holds its JSON deflated and in base 85, which the browser inflates with
//! `DecompressionStream`: a script cannot carry bytes, and the documents' text alone
//! would make the index as large as the edition's text (a third of it, packed).
//!
//! A document is a passage (paragraph, list item, quote, heading, note) linking to its
//! anchor, a chapter's title, a register entry (name, label, aliases, description) or a
//! source (short form and title). Words of an entry's or a source's names weigh
//! [`NAME_BOOST`] more, so a query for a person offers that person's page first; among
//! pages whose names match, the one the text refers to most comes first (Орджоникидзе:
//! the People's Commissar before his brother).

mod tokens;

pub(crate) use tokens::Normalizer;

use super::links::paths;
use super::text::passage_text;
use crate::link::{Chapter, Edition};
use crate::parse::Anchor;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The folder of the index, under the site's root.
pub(crate) const FOLDER: &str = "static/search";

/// About how many bytes of postings one term shard holds, before packing.
const TERM_SHARD_BYTES: usize = 64 * 1024;

/// About how many bytes of text one document shard holds, before packing.
const DOC_SHARD_BYTES: usize = 64 * 1024;

/// Added to a document's weight for each query word found in its names: more than any
/// text can weigh, so a page whose name matches every word comes first.
const NAME_BOOST: u32 = 100_000;

/// What each place that refers to an entry (or cites a source) adds to the weight of a
/// word of its names, up to [`MAX_PROMINENCE`] places.
const PROMINENCE: u32 = 10;
/// The places counted for prominence: the boost stays below [`NAME_BOOST`].
const MAX_PROMINENCE: usize = 5_000;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;

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

/// What kind of page a document belongs to; entries and sources are shown apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "u8")]
enum PageKind {
    Chapter,
    Entry,
    Source,
}

impl From<PageKind> for u8 {
    fn from(kind: PageKind) -> u8 {
        kind as u8
    }
}

/// A page that documents belong to: `[url, title, kind]` in `meta.js`.
#[derive(Debug, Serialize)]
struct PageInfo(String, String, PageKind);

/// One searchable unit before weighing: where it links, its text, and its keys.
#[derive(Debug)]
struct Doc {
    /// The anchor in its page (empty: the page itself).
    anchor: String,
    /// The plain text shown in snippets.
    text: String,
    /// The keys of its names (entries and sources), which weigh [`NAME_BOOST`] more.
    name_keys: Vec<String>,
    /// The keys of its text.
    keys: Vec<String>,
    /// How many places refer to its page (entries and sources; 0 for passages).
    refs: usize,
}

/// A page's documents, in order.
struct PageDocs {
    info: PageInfo,
    docs: Vec<Doc>,
}

/// Builds the search index of `edition`.
pub(crate) fn index(edition: &Edition) -> SearchIndex {
    let normalizer = Normalizer::new(&edition.config.book.language);
    let mut pages: Vec<PageDocs> = edition
        .chapters
        .par_iter()
        .map(|chapter| chapter_docs(edition, chapter, &normalizer))
        .collect();
    pages.extend(entry_docs(edition, &normalizer));
    pages.extend(source_docs(edition, &normalizer));
    let index = Index::weigh(&pages);
    let term_shards = index.term_shards();
    SearchIndex {
        files: index.files(&pages, &term_shards),
        stems: normalizer.stems(),
        term_shards: term_shards.len(),
    }
}

/// A chapter: its title (the page's name, so a page so named comes before any passage),
/// then every passage with an anchor.
fn chapter_docs(edition: &Edition, chapter: &Chapter, normalizer: &Normalizer) -> PageDocs {
    let text = &chapter.text;
    let title = std::slice::from_ref(&chapter.title);
    let mut docs = vec![doc(String::new(), chapter.title.clone(), title, normalizer)];
    for (p, passage) in text.parsed.passages.iter().enumerate() {
        let anchor = match &passage.anchor {
            Anchor::Id(id) => id.clone(),
            Anchor::Note(def) => match chapter.note_numbers[*def] {
                Some(n) => format!("fn-{n}"),
                None => continue,
            },
            Anchor::None => continue,
        };
        docs.push(doc(anchor, passage_text(edition, text, p), &[], normalizer));
    }
    PageDocs {
        info: PageInfo(
            paths::chapter(&chapter.slug),
            chapter.title.clone(),
            PageKind::Chapter,
        ),
        docs,
    }
}

/// One document per register entry: its names, then its description.
fn entry_docs<'e>(
    edition: &'e Edition,
    normalizer: &'e Normalizer,
) -> impl Iterator<Item = PageDocs> + 'e {
    edition.registers.iter().flat_map(move |register| {
        register.entries.iter().map(move |entry| {
            let mut names: Vec<String> = Vec::new();
            for name in [&entry.name, &entry.label]
                .into_iter()
                .chain(&entry.aliases)
            {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
            let description = entry.description.as_ref().map(|d| {
                (0..d.parsed.passages.len())
                    .map(|p| passage_text(edition, d, p))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            let text = names
                .iter()
                .map(String::as_str)
                .chain(description.as_deref())
                .collect::<Vec<_>>()
                .join(" · ");
            PageDocs {
                info: PageInfo(
                    paths::entry(&register.kind.path, &entry.id),
                    entry.name.clone(),
                    PageKind::Entry,
                ),
                docs: vec![Doc {
                    refs: entry.refs.mentions.len() + entry.refs.turns.len(),
                    ..doc(String::new(), text, &names, normalizer)
                }],
            }
        })
    })
}

/// One document per source: its short form and its full reference, both names.
fn source_docs<'e>(
    edition: &'e Edition,
    normalizer: &'e Normalizer,
) -> impl Iterator<Item = PageDocs> + 'e {
    edition.sources.iter().map(move |source| {
        let names: Vec<String> = std::iter::once(&source.short)
            .chain(&source.title)
            .cloned()
            .collect();
        PageDocs {
            info: PageInfo(
                paths::source(&source.key),
                source.short.clone(),
                PageKind::Source,
            ),
            docs: vec![Doc {
                refs: source.citations.len(),
                ..doc(String::new(), names.join(" · "), &names, normalizer)
            }],
        }
    })
}

fn doc(anchor: String, text: String, names: &[String], normalizer: &Normalizer) -> Doc {
    let name_keys = names.iter().flat_map(|n| normalizer.keys(n)).collect();
    Doc {
        anchor,
        keys: normalizer.keys(&text),
        text,
        name_keys,
        refs: 0,
    }
}

/// The postings of every key: `(document, weight)` by document.
struct Index {
    postings: BTreeMap<String, Vec<(u32, u32)>>,
}

impl Index {
    /// Weighs every key of every document by BM25 over the whole edition, and adds
    /// [`NAME_BOOST`] and the page's prominence for a key among a document's names.
    fn weigh(pages: &[PageDocs]) -> Self {
        let docs: Vec<&Doc> = pages.iter().flat_map(|p| &p.docs).collect();
        let total: usize = docs.iter().map(|d| d.keys.len()).sum();
        let average = (total as f64 / docs.len().max(1) as f64).max(1.0);
        let mut frequencies: BTreeMap<&str, Vec<(u32, u32)>> = BTreeMap::new();
        for (id, doc) in docs.iter().enumerate() {
            let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
            for key in doc.keys.iter().chain(&doc.name_keys) {
                *counts.entry(key).or_default() += 1;
            }
            for (key, count) in counts {
                frequencies
                    .entry(key)
                    .or_default()
                    .push((index_u32(id), count));
            }
        }
        let n = docs.len() as f64;
        let postings = frequencies
            .into_iter()
            .map(|(key, list)| {
                let df = list.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                let weighed = list
                    .into_iter()
                    .map(|(id, tf)| {
                        let doc = docs[id as usize];
                        let length = doc.keys.len() as f64 / average;
                        let tf = f64::from(tf);
                        let bm25 = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length));
                        let named = doc.name_keys.iter().any(|k| k == key);
                        let weight = snap(bm25 * 100.0);
                        (id, weight + if named { name_boost(doc) } else { 0 })
                    })
                    .collect();
                (key.to_owned(), weighed)
            })
            .collect();
        Self { postings }
    }

    /// The scripts: `meta.js`, the term shards and the document shards.
    fn files(
        &self,
        pages: &[PageDocs],
        term_shards: &[BTreeMap<&str, Vec<u32>>],
    ) -> Vec<IndexFile> {
        let (doc_shards, doc_starts) = doc_shards(pages);
        let mut page_starts = Vec::with_capacity(pages.len());
        let mut next = 0;
        for page in pages {
            page_starts.push(next);
            next += page.docs.len();
        }
        let meta = Meta {
            doc_shards: doc_starts,
            pages: pages.iter().map(|p| &p.info).collect(),
            page_starts,
        };
        let mut files = vec![script("meta.js", &format!("meta(\"{}\")", pack(&meta)))];
        let terms: Vec<String> = term_shards.par_iter().map(pack).collect();
        let docs: Vec<String> = doc_shards.par_iter().map(pack).collect();
        for (n, packed) in terms.iter().enumerate() {
            files.push(script(
                &format!("t-{n}.js"),
                &format!("terms({n},\"{packed}\")"),
            ));
        }
        for (n, packed) in docs.iter().enumerate() {
            files.push(script(
                &format!("d-{n}.js"),
                &format!("docs({n},\"{packed}\")"),
            ));
        }
        files
    }

    /// The postings split by the hash of their key, each list as `[doc, weight, …]` with
    /// every document number but the first written as the gap from the one before.
    fn term_shards(&self) -> Vec<BTreeMap<&str, Vec<u32>>> {
        let bytes: usize = self
            .postings
            .iter()
            .map(|(key, list)| key.len() + 8 * list.len())
            .sum();
        let count = bytes.div_ceil(TERM_SHARD_BYTES).max(1);
        let mut shards = vec![BTreeMap::new(); count];
        for (key, list) in &self.postings {
            let mut flat = Vec::with_capacity(2 * list.len());
            let mut previous = 0;
            for &(id, weight) in list {
                flat.extend([id - previous, weight]);
                previous = id;
            }
            shards[shard_of(key, count)].insert(key.as_str(), flat);
        }
        shards
    }
}

/// Ratio between neighbouring weights a posting may hold.
const WEIGHT_STEP: f64 = 1.2;

/// `weight` (at least 1) moved to the nearest power of [`WEIGHT_STEP`], rounded: ranking
/// needs no finer steps, and a few dozen distinct numbers pack far smaller than
/// thousands.
fn snap(weight: f64) -> u32 {
    let steps = (weight.max(1.0).ln() / WEIGHT_STEP.ln()).round();
    WEIGHT_STEP.powf(steps).round() as u32
}

/// What a word of a document's names adds: [`NAME_BOOST`], and [`PROMINENCE`] for each
/// place that refers to its page.
fn name_boost(doc: &Doc) -> u32 {
    NAME_BOOST + PROMINENCE * index_u32(doc.refs.min(MAX_PROMINENCE))
}

/// A key's term shard: FNV-1a over its code points, as `search.js` computes it.
fn shard_of(key: &str, count: usize) -> usize {
    let hash = key.chars().fold(0x811c_9dc5_u32, |h, c| {
        (h ^ u32::from(c)).wrapping_mul(0x0100_0193)
    });
    hash as usize % count
}

/// A shard of documents, each as `[anchor, text]`.
type DocShard<'a> = Vec<(&'a str, &'a str)>;

/// The documents cut into shards of about [`DOC_SHARD_BYTES`] of text, and the number of
/// each shard's first document.
fn doc_shards(pages: &[PageDocs]) -> (Vec<DocShard<'_>>, Vec<usize>) {
    let mut shards: Vec<DocShard<'_>> = vec![Vec::new()];
    let mut starts = vec![0];
    let (mut bytes, mut id) = (0, 0);
    for doc in pages.iter().flat_map(|p| &p.docs) {
        if bytes >= DOC_SHARD_BYTES {
            shards.push(Vec::new());
            starts.push(id);
            bytes = 0;
        }
        bytes += doc.text.len();
        id += 1;
        shards
            .last_mut()
            .expect("shards start with one")
            .push((&doc.anchor, &doc.text));
    }
    (shards, starts)
}

/// What `meta.js` holds.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta<'a> {
    doc_shards: Vec<usize>,
    pages: Vec<&'a PageInfo>,
    page_starts: Vec<usize>,
}

/// The script `letopisSearch.CALL;` at `name` in the index's folder.
fn script(name: &str, call: &str) -> IndexFile {
    IndexFile {
        path: format!("{FOLDER}/{name}"),
        bytes: format!("letopisSearch.{call};\n").into_bytes(),
    }
}

/// `data` as JSON, deflated (raw, as `DecompressionStream('deflate-raw')` reads it) and
/// in base 85, which a JavaScript string holds as it is.
fn pack<T: Serialize>(data: &T) -> String {
    use std::io::Write as _;
    let json = serde_json::to_vec(data).expect("index data serializes: strings and numbers");
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    deflate
        .write_all(&json)
        .and_then(|()| deflate.finish())
        .map(|bytes| base85(&bytes))
        .expect("deflating into memory does not fail")
}

/// The digits of [`base85`]: none needs escaping in a JavaScript string or in HTML.
pub(crate) const BASE85: &[u8; 85] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%()*+,-./:;=?@[]^_|~";

/// Four bytes as five digits (a big-endian number in base 85, as Ascii85 does); a last
/// group of k bytes as its first k + 1 digits. A quarter more than the bytes, where
/// base64 is a third more: the index's text is most of its size.
fn base85(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(4) * 5);
    for chunk in bytes.chunks(4) {
        let mut group = [0; 4];
        group[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(group);
        let mut digits = [0; 5];
        for digit in digits.iter_mut().rev() {
            *digit = BASE85[(n % 85) as usize];
            n /= 85;
        }
        out.extend(digits[..=chunk.len()].iter().map(|&d| char::from(d)));
    }
    out
}

fn index_u32(id: usize) -> u32 {
    u32::try_from(id).expect("fewer than 4 billion documents")
}

#[cfg(test)]
mod tests;
