//! The documents of each page of the index and their postings: what one page
//! contributes, made from that page alone so that `serve` can keep it while the page's
//! inputs are unchanged.
//!
//! A document is a passage (paragraph, list item, quote, heading, note) linking to its
//! anchor, a chapter's title, a register entry (name, label, aliases, description) or a
//! source (short form and title). A posting gives, for one key of one document, its
//! BM25 term weight: how often the key occurs there against the document's length,
//! measured from a fixed typical length rather than the edition's average, so that no
//! page's postings change when another page does. The browser multiplies it by the
//! key's rarity over the edition (its idf), which it works out from the list's length.

use super::pack::{CodeJson, TABLE, char_at};
use super::tokens::{Keys, Normalizer};
use crate::link::{Chapter, Edition, Entry};
use crate::parse::Anchor;
use crate::render::links::paths;
use crate::render::text::passage_text;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher as _};
use std::ops::Range;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;
/// The length, in words, against which a document counts as long or short: a typical
/// passage's, fixed so that one page's postings depend on that page alone.
const TYPICAL_LENGTH: f64 = 40.0;
/// The steps of a term weight: the weight (at most `K1 + 1`) in 63rds, 1 to 63.
pub(super) const LEVELS: f64 = 63.0;
/// Added to a posting's level when the key is among its document's names (an entry's
/// or a source's, or a chapter's title): such a page comes first.
pub(super) const NAMED: u8 = 64;

/// What kind of page a document belongs to; entries and sources are shown apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "u8")]
pub(super) enum PageKind {
    Chapter,
    Entry,
    Source,
}

impl From<PageKind> for u8 {
    fn from(kind: PageKind) -> u8 {
        kind as u8
    }
}

/// A page that documents belong to, as `meta.js` lists it: `[url, title, kind, refs]`,
/// where `refs` counts the places that refer to an entry or cite a source (the browser
/// puts the page the text refers to most first among those whose names match).
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageInfo(
    pub(super) String,
    pub(super) String,
    pub(super) PageKind,
    pub(super) usize,
);

/// One key of one document as a page's part holds it: the key, the document's number
/// in its page, and the weight's level (with [`NAMED`]).
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting<'a> {
    pub(super) key: &'a str,
    pub(super) doc: u32,
    pub(super) level: u8,
}

/// A posting packed in a number: the document's number above the level's eight bits.
pub(super) fn packed(doc: usize, level: u8) -> u32 {
    u32::try_from(doc)
        .ok()
        .filter(|doc| *doc < 1 << 24)
        .expect("fewer than 16 million documents in a page")
        << 8
        | u32::from(level)
}

/// The document and the level of a packed posting.
pub(super) fn unpacked(posting: u32) -> (u32, u8) {
    (posting >> 8, posting as u8)
}

/// A document's anchor and text, and how much of the text its names take.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct DocText {
    /// The passage's anchor, empty for the page itself.
    pub(super) anchor: String,
    pub(super) text: String,
    /// The length of the names at the text's start, in UTF-16 units (0: none).
    pub(super) names: usize,
}

impl DocText {
    /// A document of `names` then `body`, parted by a middle dot.
    pub(super) fn new(anchor: String, names: &[String], body: Option<String>) -> Self {
        let named = names.join(NAMES_APART);
        let text = match body {
            Some(body) if !named.is_empty() => format!("{named}{NAMES_APART}{body}"),
            Some(body) => body,
            None => named.clone(),
        };
        Self {
            anchor,
            text,
            names: named.encode_utf16().count(),
        }
    }

    /// The names at the text's start.
    fn names(&self) -> &str {
        let mut units = 0;
        let end = (self.text.char_indices())
            .find(|(_, c)| {
                units += c.len_utf16();
                units > self.names
            })
            .map_or(self.text.len(), |(at, _)| at);
        &self.text[..end]
    }
}

/// A page's documents as a document shard holds them: each `[anchor, text]`;
/// `[anchor, text, names]` when the text begins with names (an entry's, a source's),
/// `names` being how many UTF-16 units of the text they take, so that a browser keying
/// the documents itself marks their words [`NAMED`] as the build does; and `[anchor, 0]`
/// for a document that is all names and the page's title as `meta.js` lists it (a
/// chapter's first document), which it does not repeat.
pub(super) struct Shown<'a> {
    pub(super) docs: &'a [DocText],
    /// The page's title.
    pub(super) title: &'a str,
}

impl Shown<'_> {
    /// Writes the page's documents as JSON.
    pub(super) fn write(&self, json: &mut CodeJson<'_>) {
        json.raw("[");
        for (n, doc) in self.docs.iter().enumerate() {
            if n > 0 {
                json.raw(",");
            }
            let is_title = doc.names > 0
                && doc.text == self.title
                && doc.names == doc.text.encode_utf16().count();
            json.raw("[");
            json.string(&doc.anchor);
            if is_title {
                json.raw(",0");
            } else {
                json.raw(",");
                json.string(&doc.text);
                if doc.names > 0 {
                    json.raw(",");
                    json.number(doc.names);
                }
            }
            json.raw("]");
        }
        json.raw("]");
    }
}

/// What one page contributes to the index, with its fingerprints. Its postings are
/// packed, and only the term shards it has postings in are listed: a page's part is
/// kept whole for every page until the files are packed, and a list of every shard for
/// every page grew as the square of the edition (a quarter of the peak memory of
/// 10,000 chapters).
#[derive(Debug)]
pub(super) struct PagePart {
    /// How many documents it has (their text is made again for its document shard:
    /// held for every page, it was a third of the index's memory).
    pub(super) docs: usize,
    /// The page's distinct keys, by term shard then key, end to end.
    keys: String,
    /// For each key, where it ends in `keys` and where its postings end in `postings`.
    ends: Vec<(u32, u32)>,
    /// The postings ([`packed`]), by term shard, then key, then document.
    postings: Vec<u32>,
    /// The term shards the page has postings in, in order.
    pub(super) shards: Vec<ShardSpan>,
    /// A fingerprint of the documents.
    pub(super) print: u64,
    /// How often each character beyond ASCII occurs in the documents, by character
    /// (the index's code page is made of the most frequent).
    pub(super) chars: Vec<(char, u64)>,
    /// How many characters the documents' texts hold.
    pub(super) length: usize,
}

/// The keys of one page in one term shard (16 bytes: a chapter has postings in a few
/// hundred shards of a large edition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ShardSpan {
    /// The term shard.
    shard: u32,
    /// Where its keys end among the page's (they start where the span before ends).
    end: u32,
    /// A fingerprint of its keys and postings.
    pub(super) print: u64,
}

impl ShardSpan {
    /// The term shard.
    pub(super) fn shard(&self) -> usize {
        self.shard as usize
    }
}

impl PagePart {
    /// The part of a page made of `docs` (keyed by `keys`), its postings split into
    /// `shards` term shards; with the fingerprints of its documents and of its keys in
    /// each term shard when `printed` (`serve` compares them with the last rebuild's; a
    /// build keeps nothing, and hashing every text and posting was a twentieth of its
    /// search stage), else with 0 for each.
    pub(super) fn new(docs: Vec<Doc>, keys: &mut Keys<'_>, shards: usize, printed: bool) -> Self {
        // A number per key of the table, all zero between uses: each document's counts
        // of its keys, then the rank of each of the page's keys (the postings were
        // sorted and searched for, a third of the part's time).
        let mut room = keys.take_room();
        // (key's number, document, level), then the distinct keys in their order.
        let mut postings: Vec<(u32, u32, u8)> = Vec::new();
        let mut met = Vec::new();
        for (n, doc) in docs.iter().enumerate() {
            doc.postings(super::index_u32(n), &mut room, &mut met, &mut postings);
        }
        // Each distinct key's (term shard, number), by shard then key: no two numbers
        // have one key, so the order is the same whatever the order they were met in.
        let mut order: Vec<(u32, u32)> = Vec::new();
        for (n, _, _) in &postings {
            let seen = &mut room[*n as usize];
            if *seen == 0 {
                *seen = 1;
                order.push((index(keys.hash(*n) as usize % shards), *n));
            }
        }
        order.sort_unstable_by(|a, b| {
            (a.0.cmp(&b.0)).then_with(|| keys.key(a.1).cmp(keys.key(b.1)))
        });
        for (r, (_, n)) in order.iter().enumerate() {
            room[*n as usize] = index(r);
        }
        // The postings by their key's rank, each key's by document as they were made:
        // counted, then each put in its place (a sort of them all was a sixth of the
        // part's time). `ends[r]` is where key `r`'s postings start, then end.
        let mut ends = vec![0_u32; order.len()];
        for (n, _, _) in &postings {
            ends[room[*n as usize] as usize] += 1;
        }
        let mut start = 0;
        for end in &mut ends {
            (start, *end) = (start + *end, start);
        }
        let mut listed = vec![0; postings.len()];
        for (n, doc, level) in &postings {
            let r = room[*n as usize] as usize;
            listed[ends[r] as usize] = packed(*doc as usize, *level);
            ends[r] += 1;
        }
        let mut part = Self {
            keys: String::new(),
            ends: Vec::with_capacity(order.len()),
            postings: listed,
            shards: Vec::new(),
            print: 0,
            chars: Vec::new(),
            length: 0,
            docs: docs.len(),
        };
        for (r, ((shard, n), end)) in order.iter().zip(ends).enumerate() {
            part.keys.push_str(keys.key(*n));
            part.ends.push((index(part.keys.len()), end));
            match part.shards.last_mut() {
                Some(span) if span.shard == *shard => span.end = index(r + 1),
                _ => part.shards.push(ShardSpan {
                    shard: *shard,
                    end: index(r + 1),
                    print: 0,
                }),
            }
        }
        for (_, n) in &order {
            room[*n as usize] = 0;
        }
        keys.give_room(room);
        if printed {
            let prints: Vec<u64> = (0..part.shards.len())
                .map(|at| crate::fingerprint::of(&part.lists(part.span(at)).collect::<Vec<_>>()))
                .collect();
            for (span, print) in part.shards.iter_mut().zip(prints) {
                span.print = print;
            }
        }
        part.keys.shrink_to_fit();
        part.shards.shrink_to_fit();
        let docs: Vec<DocText> = docs.into_iter().map(|d| d.text).collect();
        part.chars = char_counts(&docs);
        part.length = docs.iter().map(|d| d.text.chars().count()).sum();
        if printed {
            // XXH3, not the fingerprints' SipHash: the documents' text is long, and the
            // print is compared only with the same page's in the same process.
            let mut print = xxhash_rust::xxh3::Xxh3Default::new();
            docs.hash(&mut print);
            part.print = print.finish();
        }
        part
    }

    /// The keys numbered `keys` with each one's postings ([`unpacked`]), by key.
    fn lists(&self, keys: Range<usize>) -> impl Iterator<Item = (&str, &[u32])> {
        keys.map(|k| {
            let (key_start, posting_start) = match k {
                0 => (0, 0),
                _ => self.ends[k - 1],
            };
            let (key_end, posting_end) = self.ends[k];
            (
                &self.keys[key_start as usize..key_end as usize],
                &self.postings[posting_start as usize..posting_end as usize],
            )
        })
    }

    /// The page's keys in `shard` with each one's postings, by key (none when it has no
    /// postings there).
    pub(super) fn lists_in(&self, shard: usize) -> impl Iterator<Item = (&str, &[u32])> {
        let keys = match self.shards.binary_search_by_key(&shard, ShardSpan::shard) {
            Ok(at) => self.span(at),
            Err(_) => 0..0,
        };
        self.lists(keys)
    }

    /// The numbers of the keys of the `at`th span.
    fn span(&self, at: usize) -> Range<usize> {
        let start = match at {
            0 => 0,
            _ => self.shards[at - 1].end as usize,
        };
        start..self.shards[at].end as usize
    }

    /// Every posting of the page, by term shard, then key, then document.
    #[cfg(test)]
    pub(super) fn postings(&self) -> impl Iterator<Item = Posting<'_>> {
        (0..self.shards.len()).flat_map(|at| {
            self.lists(self.span(at)).flat_map(|(key, list)| {
                list.iter().map(move |p| {
                    let (doc, level) = unpacked(*p);
                    Posting { key, doc, level }
                })
            })
        })
    }
}

/// A length or an offset in a page's part as a `u32`.
fn index(n: usize) -> u32 {
    u32::try_from(n).expect("a page's keys and postings under 4 GB")
}

/// How often each character beyond ASCII occurs in `docs`' anchors and texts, by
/// character: counted in a table for the first 2,048 code points (Latin, Greek,
/// Cyrillic: nearly every letter of a text), in a map beyond. The text is read with
/// [`char_at`]: read as `char`s it was over half the time of making a page's part.
fn char_counts(docs: &[DocText]) -> Vec<(char, u64)> {
    // On the stack, in `u32`s (a page's text is under 4 GB): a vector of `u64`s was
    // allocated and zeroed for every page.
    let mut table = [0_u32; TABLE];
    let mut beyond: BTreeMap<char, u64> = BTreeMap::new();
    for text in docs.iter().flat_map(|d| [&d.anchor, &d.text]) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&lead) = bytes.get(at) {
            // ASCII skipped without decoding; any other character counted at its code
            // point.
            if lead < 0x80 {
                at += 1;
                continue;
            }
            let (c, len) = char_at(text, at);
            at += len;
            match c as usize {
                n if n < TABLE => table[n] += 1,
                _ => {
                    let c = char::from_u32(c).expect("a character of the text");
                    *beyond.entry(c).or_default() += 1;
                }
            }
        }
    }
    (table.into_iter().enumerate())
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| {
            (
                char::from_u32(c as u32).expect("a code point below 0x800"),
                u64::from(n),
            )
        })
        .chain(beyond)
        .collect()
}

/// One searchable unit before weighing: where it links, its text, and its keys.
pub(super) struct Doc {
    text: DocText,
    /// The numbers of the keys of its names, whose postings are marked [`NAMED`].
    name_keys: Vec<u32>,
    /// The numbers of the keys of its text, in order.
    text_keys: Vec<u32>,
}

/// What parts the names at a document's start, and its names from the rest.
const NAMES_APART: &str = " · ";

impl Doc {
    /// A passage: its text, no names.
    #[cfg(test)]
    pub(super) fn passage(anchor: String, text: String, keys: &mut Keys<'_>) -> Self {
        Self::new(anchor, &[], Some(text), keys)
    }

    /// A document of `names` then `body`, parted by a middle dot; the names' keys are
    /// those of the text's start that they take, so the browser can find them again.
    #[cfg(test)]
    pub(super) fn new(
        anchor: String,
        names: &[String],
        body: Option<String>,
        keys: &mut Keys<'_>,
    ) -> Self {
        Self::of(DocText::new(anchor, names, body), keys)
    }

    /// The document of `text`, keyed.
    pub(super) fn of(text: DocText, keys: &mut Keys<'_>) -> Self {
        Self {
            name_keys: keys.of(text.names()),
            text_keys: keys.of(&text.text),
            text,
        }
    }

    /// A posting `(key's number, doc, level)` for each distinct key of its text and
    /// names, weighed by BM25's term part:
    /// `tf · (K1 + 1) / (tf + K1 · (1 − B + B · length / TYPICAL_LENGTH))`; `room` (a
    /// number per key, all zero, and left so) counts them, `met` is room for the
    /// distinct keys.
    fn postings(
        &self,
        doc: u32,
        room: &mut [u32],
        met: &mut Vec<u32>,
        out: &mut Vec<(u32, u32, u8)>,
    ) {
        met.clear();
        for key in self.text_keys.iter().chain(&self.name_keys) {
            let count = &mut room[*key as usize];
            if *count == 0 {
                met.push(*key);
            }
            *count += 1;
        }
        let length = self.text_keys.len() as f64 / TYPICAL_LENGTH;
        for key in met.iter() {
            let tf = f64::from(std::mem::take(&mut room[*key as usize]));
            let weight = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length));
            let level = (weight / (K1 + 1.0) * LEVELS).round().clamp(1.0, LEVELS) as u8;
            let named = self.name_keys.contains(key);
            out.push((*key, doc, level + if named { NAMED } else { 0 }));
        }
    }
}

/// A chapter: its title (the page's name, so a page so named comes before any passage),
/// then every passage with an anchor.
pub(super) fn chapter(
    edition: &Edition,
    chapter: &Chapter,
    keys: &mut Keys<'_>,
    shards: usize,
    printed: bool,
) -> PagePart {
    let docs = (chapter_texts(edition, chapter).into_iter())
        .map(|text| Doc::of(text, keys))
        .collect();
    PagePart::new(docs, keys, shards, printed)
}

/// The documents of a chapter, unkeyed: made again when its document shard is packed,
/// so that no page's text is held until then.
pub(super) fn chapter_texts(edition: &Edition, chapter: &Chapter) -> Vec<DocText> {
    let text = &chapter.text;
    let title = std::slice::from_ref(&chapter.title);
    let mut docs = vec![DocText::new(String::new(), title, None)];
    for (p, passage) in text.parsed.passages.iter().enumerate() {
        let anchor = match &passage.anchor {
            Anchor::Id(id) => id.clone(),
            Anchor::Note(def) => match chapter.note_numbers[*def] {
                Some(n) => format!("fn-{n}"),
                None => continue,
            },
            Anchor::None => continue,
        };
        docs.push(DocText::new(
            anchor,
            &[],
            Some(passage_text(edition, text, p)),
        ));
    }
    docs
}

/// A chapter's page as `meta.js` lists it.
pub(super) fn chapter_info(chapter: &Chapter) -> PageInfo {
    PageInfo(
        paths::chapter(&chapter.slug),
        chapter.title.clone(),
        PageKind::Chapter,
        0,
    )
}

/// The parts of the entries' pages, then the sources', one document each (made in
/// parallel, each thread with its own table of keys): an entry's names then its
/// description; a source's short form and its full reference, both names (`printed`
/// as [`PagePart::new`] says).
pub(super) fn others(
    edition: &Edition,
    normalizer: &Normalizer,
    shards: usize,
    printed: bool,
) -> Vec<PagePart> {
    let texts = Others::new(edition);
    (0..texts.len())
        .into_par_iter()
        .map_init(
            || Keys::new(normalizer),
            |keys, n| PagePart::new(vec![Doc::of(texts.text(n), keys)], keys, shards, printed),
        )
        .collect()
}

/// The entries' and sources' pages, in the order of [`others`], whose documents are made
/// again when their document shard is packed.
pub(super) struct Others<'a> {
    edition: &'a Edition,
    entries: Vec<&'a Entry>,
}

impl<'a> Others<'a> {
    /// The entries' and sources' pages of `edition`.
    pub(super) fn new(edition: &'a Edition) -> Self {
        let entries = edition.registers.iter().flat_map(|r| &r.entries).collect();
        Self { edition, entries }
    }

    /// How many there are.
    pub(super) fn len(&self) -> usize {
        self.entries.len() + self.edition.sources.len()
    }

    /// The document of the `n`th.
    pub(super) fn text(&self, n: usize) -> DocText {
        match self.entries.get(n) {
            Some(entry) => entry_text(self.edition, entry),
            None => {
                let source = &self.edition.sources[n - self.entries.len()];
                let names: Vec<String> = std::iter::once(&source.short)
                    .chain(&source.title)
                    .cloned()
                    .collect();
                DocText::new(String::new(), &names, None)
            }
        }
    }
}

/// An entry's document: its names then its description.
fn entry_text(edition: &Edition, entry: &Entry) -> DocText {
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
    DocText::new(String::new(), &names, description)
}

/// The entries' and sources' pages as `meta.js` lists them, in the order of
/// [`others`], each with how often the text refers to it.
pub(super) fn other_infos(edition: &Edition) -> impl Iterator<Item = PageInfo> + '_ {
    let entries = edition.registers.iter().flat_map(|register| {
        register.entries.iter().map(|entry| {
            PageInfo(
                paths::entry(&register.kind.path, &entry.id),
                entry.name.clone(),
                PageKind::Entry,
                entry.refs.mentions.len() + entry.refs.turns.len(),
            )
        })
    });
    let sources = edition.sources.iter().map(|source| {
        PageInfo(
            paths::source(&source.key),
            source.short.clone(),
            PageKind::Source,
            source.citations.len(),
        )
    });
    entries.chain(sources)
}

/// A fingerprint of what a chapter's part is made from beyond its file's text and the
/// inputs that are not chapters: what link decided for it.
pub(super) fn chapter_print(chapter: &Chapter, h: &mut DefaultHasher) {
    (&chapter.note_numbers, &chapter.title).hash(h);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_counted_as_read_one_by_one() {
        let doc = |anchor: &str, text: &str| DocText::new(anchor.into(), &[], Some(text.into()));
        let docs = [
            doc("", "Ёлкин и ёлка: café, ß, Ω; 中文 😀😀 ߿ \u{800} ꯍ"),
            doc("глава-1", "ascii only"),
            doc("", ""),
            doc("ж", "текст в конце: ё"),
        ];
        let mut expected: BTreeMap<char, u64> = BTreeMap::new();
        for c in (docs.iter()).flat_map(|d| d.anchor.chars().chain(d.text.chars())) {
            if !c.is_ascii() {
                *expected.entry(c).or_default() += 1;
            }
        }
        assert_eq!(char_counts(&docs), expected.into_iter().collect::<Vec<_>>());
        assert!(char_counts(&docs).contains(&('😀', 2)));
        assert!(char_counts(&docs).contains(&('л', 3)));
    }
}
