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

use super::tokens::Keys;
use crate::link::{Chapter, Edition};
use crate::parse::Anchor;
use crate::render::links::paths;
use crate::render::text::passage_text;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash};
use std::ops::Range;
use std::sync::Arc;

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

/// One key of one document: the key, its term shard's hash, the document's number in
/// its page, and the weight's level (with [`NAMED`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Posting {
    pub(super) key: Arc<str>,
    pub(super) hash: u32,
    pub(super) doc: u32,
    pub(super) level: u8,
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

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut docs = serializer.serialize_seq(Some(self.docs.len()))?;
        for doc in self.docs {
            docs.serialize_element(&ShownDoc(doc, self.title))?;
        }
        docs.end()
    }
}

/// One document as [`Shown`] writes it, with its page's title.
struct ShownDoc<'a>(&'a DocText, &'a str);

impl Serialize for ShownDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple as _;
        let Self(doc, title) = self;
        let is_title =
            doc.names > 0 && doc.names == doc.text.encode_utf16().count() && doc.text == *title;
        let names = doc.names > 0 && !is_title;
        let mut out = serializer.serialize_tuple(2 + usize::from(names))?;
        out.serialize_element(&doc.anchor)?;
        if is_title {
            out.serialize_element(&0)?;
        } else {
            out.serialize_element(&doc.text)?;
        }
        if names {
            out.serialize_element(&doc.names)?;
        }
        out.end()
    }
}

/// What one page contributes to the index, with its fingerprints.
#[derive(Debug)]
pub(super) struct PagePart {
    /// Each document.
    pub(super) docs: Vec<DocText>,
    /// The postings, by term shard, then key, then document.
    pub(super) postings: Vec<Posting>,
    /// Where each term shard's postings stand in `postings`.
    pub(super) shards: Vec<Range<usize>>,
    /// A fingerprint of each term shard's postings.
    pub(super) shard_prints: Vec<u64>,
    /// A fingerprint of the documents.
    pub(super) print: u64,
    /// How often each character beyond ASCII occurs in the documents (the index's
    /// code page is made of the most frequent).
    pub(super) chars: BTreeMap<char, u64>,
    /// How many characters the documents' texts hold.
    pub(super) length: usize,
}

/// One searchable unit before weighing: where it links, its text, and its keys.
pub(super) struct Doc {
    text: DocText,
    /// The keys of its names, whose postings are marked [`NAMED`].
    name_keys: Vec<Arc<str>>,
    /// The keys of its text, in order.
    text_keys: Vec<Arc<str>>,
}

impl PagePart {
    /// The part of a page made of `docs`, its postings split into `shards` term shards.
    pub(super) fn new(docs: Vec<Doc>, shards: usize) -> Self {
        let mut postings = Vec::new();
        for (n, doc) in docs.iter().enumerate() {
            postings.extend(doc.postings(super::index_u32(n)));
        }
        let shard = |p: &Posting| p.hash as usize % shards;
        postings.sort_by(|a, b| {
            (shard(a).cmp(&shard(b)))
                .then_with(|| a.key.cmp(&b.key))
                .then(a.doc.cmp(&b.doc))
        });
        let mut ranges = Vec::with_capacity(shards);
        let mut prints = Vec::with_capacity(shards);
        let mut start = 0;
        for shard in 0..shards {
            let len = postings[start..].partition_point(|p| p.hash as usize % shards == shard);
            let range = start..start + len;
            prints.push(crate::fingerprint::of(&&postings[range.clone()]));
            ranges.push(range);
            start += len;
        }
        let docs: Vec<DocText> = docs.into_iter().map(|d| d.text).collect();
        let mut chars = BTreeMap::new();
        for c in docs
            .iter()
            .flat_map(|d| d.anchor.chars().chain(d.text.chars()))
        {
            if !c.is_ascii() {
                *chars.entry(c).or_default() += 1;
            }
        }
        Self {
            chars,
            length: docs.iter().map(|d| d.text.chars().count()).sum(),
            print: crate::fingerprint::of(&docs),
            docs,
            postings,
            shards: ranges,
            shard_prints: prints,
        }
    }
}

/// What parts the names at a document's start, and its names from the rest.
const NAMES_APART: &str = " · ";

impl Doc {
    /// A passage: its text, no names.
    pub(super) fn passage(anchor: String, text: String, keys: &mut Keys<'_>) -> Self {
        Self::new(anchor, &[], Some(text), keys)
    }

    /// A document of `names` then `body`, parted by a middle dot; the names' keys are
    /// those of the text's start that they take, so the browser can find them again.
    pub(super) fn new(
        anchor: String,
        names: &[String],
        body: Option<String>,
        keys: &mut Keys<'_>,
    ) -> Self {
        let named = names.join(NAMES_APART);
        let text = match body {
            Some(body) if !named.is_empty() => format!("{named}{NAMES_APART}{body}"),
            Some(body) => body,
            None => named.clone(),
        };
        Self {
            name_keys: keys.of(&named),
            text_keys: keys.of(&text),
            text: DocText {
                anchor,
                text,
                names: named.encode_utf16().count(),
            },
        }
    }

    /// A posting for each distinct key of its text and names, weighed by BM25's term
    /// part: `tf · (K1 + 1) / (tf + K1 · (1 − B + B · length / TYPICAL_LENGTH))`.
    fn postings(&self, doc: u32) -> impl Iterator<Item = Posting> + '_ {
        let mut counts: BTreeMap<&Arc<str>, u32> = BTreeMap::new();
        for key in self.text_keys.iter().chain(&self.name_keys) {
            *counts.entry(key).or_default() += 1;
        }
        let length = self.text_keys.len() as f64 / TYPICAL_LENGTH;
        counts.into_iter().map(move |(key, tf)| {
            let tf = f64::from(tf);
            let weight = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length));
            let level = (weight / (K1 + 1.0) * LEVELS).round().clamp(1.0, LEVELS) as u8;
            let named = self.name_keys.contains(key);
            Posting {
                hash: super::key_hash(key),
                key: Arc::clone(key),
                doc,
                level: level + if named { NAMED } else { 0 },
            }
        })
    }
}

/// A chapter: its title (the page's name, so a page so named comes before any passage),
/// then every passage with an anchor.
pub(super) fn chapter(
    edition: &Edition,
    chapter: &Chapter,
    keys: &mut Keys<'_>,
    shards: usize,
) -> PagePart {
    let text = &chapter.text;
    let title = std::slice::from_ref(&chapter.title);
    let mut docs = vec![Doc::new(String::new(), title, None, keys)];
    for (p, passage) in text.parsed.passages.iter().enumerate() {
        let anchor = match &passage.anchor {
            Anchor::Id(id) => id.clone(),
            Anchor::Note(def) => match chapter.note_numbers[*def] {
                Some(n) => format!("fn-{n}"),
                None => continue,
            },
            Anchor::None => continue,
        };
        docs.push(Doc::passage(anchor, passage_text(edition, text, p), keys));
    }
    PagePart::new(docs, shards)
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

/// The parts of the entries' pages, then the sources', one document each: an entry's
/// names then its description; a source's short form and its full reference, both
/// names.
pub(super) fn others(edition: &Edition, keys: &mut Keys<'_>, shards: usize) -> Vec<PagePart> {
    let mut parts = Vec::new();
    for entry in edition.registers.iter().flat_map(|r| &r.entries) {
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
        let doc = Doc::new(String::new(), &names, description, keys);
        parts.push(PagePart::new(vec![doc], shards));
    }
    for source in &edition.sources {
        let names: Vec<String> = std::iter::once(&source.short)
            .chain(&source.title)
            .cloned()
            .collect();
        let doc = Doc::new(String::new(), &names, None, keys);
        parts.push(PagePart::new(vec![doc], shards));
    }
    parts
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
