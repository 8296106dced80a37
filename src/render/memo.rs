//! Rendering again only the pages whose inputs changed, for `serve`.
//!
//! The pages come from the same [`Plan`] that `build` renders: a page is rendered by the
//! same code, or taken from the previous rebuild when the fingerprint of what it is made
//! from is unchanged. The fingerprint of a page is the fingerprint of every part of the
//! edition its template can show, worked out per kind of page:
//!
//! - every page: the edition's inputs other than the chapters (`book.toml`, registers,
//!   sources, static files: [`MemoInputs::global`]), the theme, the web derivatives that
//!   could be made (a page shows one or its original), and the list of chapters
//!   as the navigation, the table of contents and the links between chapters show it
//!   (file, page name, title, summary, order, part, document header) and whether any
//!   has notes;
//! - a chapter's page: its own text (the version of its file) and what link decided for
//!   it (note numbers, anchors from `anchors.lock` and redirects, image sizes), and how
//!   often each entry it mentions is mentioned (its preview cards say); a link to
//!   another chapter shows only its page name, which the list above holds;
//! - an entry's or a source's page: the passages that refer to it, each by what its
//!   snippet shows (made once per version of a file, without byte positions, so typing
//!   elsewhere in a chapter leaves them) and its anchor, the `speakers` entries naming
//!   it, and the chapters that list it whole (themes, documents' writers, addressees and
//!   places), by their place (a list shows their titles and dates, not their text);
//! - a register's or the sources' index: how often each entry or source is referred to,
//!   and who spoke at each session;
//! - the notes page: every chapter's notes, their numbers and calls;
//! - the title page: how many passages, notes and citations each chapter has (its map);
//! - the 404 page: nothing more.
//!
//! Files that are not pages (the search index, the sitemap, the theme's assets) are
//! made by the plan on every rebuild and always taken as new; the web derivatives of
//! large images are made by the caller (`pipeline::Caches`, again only for an image
//! whose file changed) and handed in.
//!
//! A mistake in this list would show as a served page that differs from `build`'s; the
//! property test in `tests/serve_incremental.rs` compares the two after random edits.

use super::text::{Focus, Snippet};
use super::{Job, Plan};
use crate::fingerprint;
use crate::link::Edition;
use crate::parse::{Anchor, ParsedText, Piece, TextRun};
use crate::site::PagePath;
use rayon::iter::Either;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The site of the last rebuild, with the fingerprint each page was rendered from.
#[derive(Debug, Default)]
pub struct PageMemo {
    site: Arc<MemoSite>,
    /// Each chapter's passage fingerprints, by its place in the reading order.
    passages: Vec<PassagePrints>,
    /// The snippets made, and the inputs other than the chapters they were made with.
    snippets: (u64, Arc<RwLock<SnippetMap>>),
}

/// Snippets by their passage's fingerprint and their focus. The keys are fingerprints
/// already, so the quick Fx hash spreads them as well as SipHash would; the snippets are
/// shared, so a page that shows one again copies nothing.
type SnippetMap = rustc_hash::FxHashMap<(u64, Focus), Arc<Snippet>>;

/// At most this many snippets are kept (about four for every place of a 1,000-chapter
/// edition); past it the memo starts again empty.
const SNIPPETS_KEPT: usize = 200_000;

/// The snippets of the places on entries' and sources' pages, kept between rebuilds:
/// a page rendered again because one of its places changed (or moved to another
/// numbered page) makes again only the snippets of the passages that changed.
///
/// A snippet shows its passage's words, mentions (an empty one by its entry's label)
/// and citations (by their sources' short names): the passage's fingerprint and the
/// inputs other than the chapters (on which the whole memo is dropped) cover them.
#[derive(Debug, Clone)]
pub(super) struct Snippets {
    /// Each chapter's passage fingerprints, this rebuild's.
    prints: Vec<Arc<[u64]>>,
    /// Read by both threads at once as they render pages; written only for a snippet
    /// made anew, so a rebuild that finds its snippets kept never waits on a lock.
    made: Arc<RwLock<SnippetMap>>,
}

impl Snippets {
    /// The snippet of `passage` of `chapter` about `focus`, as kept or as `make` makes it.
    pub(super) fn get_or_make(
        &self,
        chapter: usize,
        passage: usize,
        focus: Focus,
        make: impl FnOnce() -> Snippet,
    ) -> Arc<Snippet> {
        let Some(&print) = self.prints.get(chapter).and_then(|p| p.get(passage)) else {
            return Arc::new(make());
        };
        let kept = self
            .made
            .read()
            .ok()
            .and_then(|m| m.get(&(print, focus)).cloned());
        if let Some(snippet) = kept {
            return snippet;
        }
        let snippet = Arc::new(make());
        if let Ok(mut made) = self.made.write() {
            made.insert((print, focus), Arc::clone(&snippet));
        }
        snippet
    }
}

/// The fingerprints of a chapter's passages as snippets show them (see
/// [`Fingerprints::passages`]), and what they were made from: they are made again only
/// for a chapter whose text, anchors or note numbers changed, or that moved.
#[derive(Debug, Clone)]
struct PassagePrints {
    /// The chapter's parse as link left it (held, so no other parse takes its address).
    parsed: Arc<ParsedText>,
    version: u64,
    note_numbers: Vec<Option<u32>>,
    prints: Arc<[u64]>,
    /// A fingerprint of its passages' anchors as link left them, for its page's.
    anchors: u64,
}

/// A rendered site as the memo holds it: the pages, and the edition's static files by
/// the file each is copied from. `serve`'s server shares it whole, so handing a new
/// site over copies nothing, and a page that did not change is the same bytes in both.
#[derive(Debug, Default)]
pub struct MemoSite {
    pages: HashMap<PagePath, Memo>,
    copies: HashMap<PagePath, PathBuf>,
}

impl MemoSite {
    /// The file at `path`, if the site has one.
    pub fn get(&self, path: &str) -> Option<MemoFile<'_>> {
        match self.pages.get(path) {
            Some(memo) => Some(MemoFile::Bytes(memo.bytes.as_slice())),
            None => self.copies.get(path).map(|source| MemoFile::Copy(source)),
        }
    }

    /// Every file of the site, by path, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&PagePath, MemoFile<'_>)> {
        let pages = self.pages.iter();
        let copies = self.copies.iter();
        pages
            .map(|(path, memo)| (path, MemoFile::Bytes(memo.bytes.as_slice())))
            .chain(copies.map(|(path, source)| (path, MemoFile::Copy(source))))
    }
}

/// A file of the site as the memo holds it.
#[derive(Debug, Clone, Copy)]
pub enum MemoFile<'a> {
    /// Rendered or made by letopis.
    Bytes(&'a [u8]),
    /// One of the edition's static files, copied as it is from this file: never read
    /// into memory by the memo, since it may be a scan of gigabytes.
    Copy(&'a Path),
}

#[derive(Debug)]
struct Memo {
    fingerprint: u64,
    /// The bytes as rendered, shared, not copied into an `Arc<[u8]>` (a numbered page
    /// of a much mentioned entry is hundreds of kilobytes).
    bytes: Arc<Vec<u8>>,
}

/// What the fingerprints are made from, beyond the edition itself: the pipeline knows
/// which inputs changed, the edition only what they became.
#[derive(Debug, Clone, Copy)]
pub struct MemoInputs<'a> {
    /// A fingerprint of every input that is not a chapter.
    pub global: u64,
    /// Each chapter's, in the edition's reading order.
    pub chapters: &'a [ChapterInputs],
}

/// What the fingerprints need of one chapter, made when it is parsed.
#[derive(Debug, Clone)]
pub struct ChapterInputs {
    /// The version of the chapter's file: a new one whenever its text changes.
    pub version: u64,
    /// A fingerprint of each passage: its anchor, its words, the kind and id of each
    /// mention and the key and locator of each citation in it, the speech turn it
    /// belongs to. Byte positions are left out, so an edit elsewhere in the file leaves
    /// the passage's fingerprint as it was.
    passages: Arc<[u64]>,
    /// A fingerprint of the chapter's notes as the notes page shows them.
    notes: u64,
}

impl ChapterInputs {
    /// The inputs of the chapter `parsed`, at `version`.
    pub fn new(version: u64, parsed: &ParsedText) -> Self {
        let print = Printer { parsed };
        Self {
            version,
            passages: parsed.passages.iter().map(|p| print.passage(p)).collect(),
            notes: {
                let mut h = DefaultHasher::new();
                for note in &parsed.notes {
                    print.fragment(&mut h, &note.content);
                }
                h.finish()
            },
        }
    }
}

/// Fingerprints of the parts of a parsed text, without byte positions.
struct Printer<'a> {
    parsed: &'a ParsedText,
}

impl Printer<'_> {
    fn passage(&self, passage: &crate::parse::Passage) -> u64 {
        let mut h = DefaultHasher::new();
        match &passage.anchor {
            Anchor::Id(id) => (0u8, id).hash(&mut h),
            Anchor::Note(n) => (1u8, n).hash(&mut h),
            Anchor::None => 2u8.hash(&mut h),
        }
        passage.speaker.hash(&mut h);
        if let Some(m) = passage.speaker {
            self.mention(&mut h, m);
        }
        for run in &passage.text {
            match run {
                TextRun::Text(text) => (0u8, text).hash(&mut h),
                TextRun::Mention { mention, text } => {
                    (1u8, mention, text).hash(&mut h);
                    self.mention(&mut h, *mention);
                }
                TextRun::Citation(c) => {
                    (2u8, c).hash(&mut h);
                    self.citation(&mut h, *c);
                }
                TextRun::NoteCall(n) => (3u8, n).hash(&mut h),
                TextRun::Start(markup) => (4u8, markup).hash(&mut h),
                TextRun::End(markup) => (5u8, markup).hash(&mut h),
            }
        }
        // Where blocks cut the text, which parts its words in snippets and search.
        for cut in &passage.breaks {
            cut.run.hash(&mut h);
        }
        h.finish()
    }

    fn fragment(&self, h: &mut DefaultHasher, fragment: &crate::parse::Fragment) {
        for piece in fragment {
            match piece {
                Piece::Html(html) => (0u8, html).hash(h),
                Piece::MentionStart(m) | Piece::MentionLabel(m) => {
                    (1u8, matches!(piece, Piece::MentionLabel(_)), m).hash(h);
                    self.mention(h, *m);
                }
                Piece::MentionEnd => 2u8.hash(h),
                Piece::Citation(c) => {
                    (3u8, c).hash(h);
                    self.citation(h, *c);
                }
                Piece::NoteCall(n) => (4u8, n).hash(h),
                Piece::Url(u) => (5u8, &self.parsed.urls[*u].dest).hash(h),
                Piece::Anchor { passage } => (6u8, passage).hash(h),
                Piece::ImageSize(u) => (7u8, &self.parsed.urls[*u].dest).hash(h),
                Piece::OriginalLink(u) => (8u8, &self.parsed.urls[*u].dest).hash(h),
                Piece::OriginalLinkEnd(u) => (9u8, &self.parsed.urls[*u].dest).hash(h),
            }
        }
    }

    fn mention(&self, h: &mut DefaultHasher, m: usize) {
        let m = &self.parsed.mentions[m];
        (&m.kind, &m.id).hash(h);
    }

    fn citation(&self, h: &mut DefaultHasher, c: usize) {
        for work in &self.parsed.citations[c].items {
            let locator = work.locator.as_ref().map(|l| format!("{l:?}"));
            (&work.key, locator).hash(h);
        }
    }
}

/// How a rebuild went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoStats {
    /// Pages rendered again.
    pub rendered: usize,
    /// Files in the site.
    pub total: usize,
}

impl PageMemo {
    /// Brings the memo to the site of `plan`: pages whose fingerprint changed are
    /// rendered, the others kept, pages the site no longer has dropped. On an error the
    /// memo is left as it was, so the previous site stays whole.
    ///
    /// `derived` are the large images' web derivatives, made by the caller (whose
    /// names the plan was told with [`Plan::show_derivatives`]).
    pub fn update(
        &mut self,
        plan: Plan<'_>,
        inputs: MemoInputs<'_>,
        derived: impl Iterator<Item = (PagePath, Arc<Vec<u8>>)>,
    ) -> anyhow::Result<MemoStats> {
        let (passages, anchors) = self.passage_prints(plan.renderer.edition, inputs);
        let mut plan = plan;
        plan.renderer.snippets = Some(self.snippets(inputs.global, &passages));
        let prints = Fingerprints::new(&plan.renderer, inputs, passages, anchors);
        let renderer = &plan.renderer;
        // Fingerprinted first, all of them, then the pages that changed rendered one job
        // each: in one pass, rayon would hand each thread a long run of pages to go
        // through in turn, and the pages a save changes lie side by side (an entry's
        // numbered pages), so one thread rendered them all while the other sat idle.
        let (kept, changed): (Vec<(PagePath, Memo)>, Vec<_>) =
            plan.jobs.into_par_iter().partition_map(|(job, path)| {
                let fingerprint = prints.of(job);
                match (self.site.pages.get(&path)).filter(|m| m.fingerprint == fingerprint) {
                    Some(old) => {
                        let bytes = Arc::clone(&old.bytes);
                        Either::Left((path, Memo { fingerprint, bytes }))
                    }
                    None => Either::Right((job, path, fingerprint)),
                }
            });
        let rendered = changed.len();
        let fresh: Vec<anyhow::Result<(PagePath, Memo)>> = changed
            .into_par_iter()
            .with_max_len(1)
            .map(|(job, path, fingerprint)| {
                let page = renderer.page(job, path)?;
                let bytes = Arc::new(page.bytes);
                Ok((page.path, Memo { fingerprint, bytes }))
            })
            .collect();
        let mut pages = HashMap::with_capacity(kept.len() + rendered + plan.files.len());
        pages.extend(kept);
        for result in fresh {
            let (path, memo) = result?;
            pages.insert(path, memo);
        }
        for (path, bytes) in derived {
            let memo = Memo {
                fingerprint: 0,
                bytes,
            };
            pages.insert(path, memo);
        }
        for file in plan.files {
            let memo = Memo {
                fingerprint: 0,
                bytes: Arc::new(file.bytes),
            };
            pages.insert(file.path, memo);
        }
        let copies: HashMap<PagePath, PathBuf> = (plan.copies.into_iter())
            .map(|copy| (copy.path, copy.source))
            .collect();
        let total = pages.len() + copies.len();
        self.site = Arc::new(MemoSite { pages, copies });
        Ok(MemoStats { rendered, total })
    }

    /// The site of the last rebuild.
    pub fn site(&self) -> &Arc<MemoSite> {
        &self.site
    }

    /// The snippets kept, for a rebuild whose inputs other than the chapters are
    /// `global` and whose passages' fingerprints are `passages`.
    fn snippets(&mut self, global: u64, passages: &[Arc<[u64]>]) -> Snippets {
        let full = (self.snippets.1.read()).map_or(true, |m| m.len() > SNIPPETS_KEPT);
        if self.snippets.0 != global || full {
            self.snippets = (global, Arc::default());
        }
        Snippets {
            prints: passages.to_vec(),
            made: Arc::clone(&self.snippets.1),
        }
    }

    /// Each chapter's passage fingerprints and the fingerprint of its anchors: those of
    /// the last rebuild for a chapter at the same place with the same parse, version
    /// and note numbers, else made.
    fn passage_prints(
        &mut self,
        edition: &Edition,
        inputs: MemoInputs<'_>,
    ) -> (Vec<Arc<[u64]>>, Vec<u64>) {
        let earlier = &self.passages;
        let fresh: Vec<PassagePrints> = (edition.chapters.par_iter().enumerate())
            .zip(inputs.chapters)
            .map(|((c, chapter), input)| {
                let same = earlier.get(c).filter(|old| {
                    Arc::ptr_eq(&old.parsed, &chapter.text.parsed)
                        && old.version == input.version
                        && old.note_numbers == chapter.note_numbers
                });
                if let Some(old) = same {
                    return old.clone();
                }
                let mut anchors = DefaultHasher::new();
                for passage in &chapter.text.parsed.passages {
                    passage.anchor.hash(&mut anchors);
                }
                PassagePrints {
                    parsed: Arc::clone(&chapter.text.parsed),
                    version: input.version,
                    note_numbers: chapter.note_numbers.clone(),
                    prints: passages(c, chapter, input).into(),
                    anchors: anchors.finish(),
                }
            })
            .collect();
        self.passages = fresh;
        let prints = self.passages.iter().map(|p| Arc::clone(&p.prints));
        let anchors = self.passages.iter().map(|p| p.anchors);
        (prints.collect(), anchors.collect())
    }
}

/// Each passage of chapter `c` as a snippet shows it, with where it links to.
fn passages(c: usize, chapter: &crate::link::Chapter, input: &ChapterInputs) -> Vec<u64> {
    let prints = &input.passages;
    let parsed = &chapter.text.parsed.passages;
    (0..parsed.len().max(prints.len()))
        .map(|p| {
            let mut h = DefaultHasher::new();
            (c, p, prints.get(p)).hash(&mut h);
            // The anchor as link left it (anchors.lock, note numbers), not as parsed.
            match parsed.get(p).map(|p| &p.anchor) {
                Some(Anchor::Id(id)) => id.hash(&mut h),
                Some(Anchor::Note(def)) => chapter.note_numbers[*def].hash(&mut h),
                Some(Anchor::None) | None => {}
            }
            h.finish()
        })
        .collect()
}

/// What an entry's pages are made from: what every one of its numbered pages shows,
/// and each of its places (turns, then mentions: the order the pages cut), two words
/// a place (see [`Fingerprints::entry`]).
struct EntryPrints {
    shared: u64,
    places: Vec<u64>,
    paging: super::pages::paging::Paging,
}

impl EntryPrints {
    /// Adds what page `number` of the entry shows to `h`. The first page shows more
    /// than its own places: what is drawn from all of them (the entries mentioned
    /// together with it, the pictures, the JSON-LD) is there too.
    fn page(&self, number: usize, h: &mut DefaultHasher) {
        let range = match number {
            1 => 0..self.places.len() / 2,
            _ => self.paging.range(number),
        };
        (self.shared, number, &range).hash(h);
        // One write of the slice's bytes, however many places it holds.
        self.places.get(range.start * 2..range.end * 2).hash(h);
    }
}

/// The fingerprints of one rebuild: the shared part and each chapter's, made once.
struct Fingerprints<'a> {
    edition: &'a Edition,
    inputs: MemoInputs<'a>,
    /// What every page depends on.
    common: u64,
    /// Every chapter's notes, as the notes page shows them: their text, numbers and
    /// calls.
    notes: u64,
    /// What each entry's pages show of the chapters, by register.
    entries: Vec<Vec<EntryPrints>>,
    /// What each source's pages show of the chapters.
    sources: Vec<u64>,
    /// Each chapter's passages as a snippet shows them, by chapter and passage: what
    /// an entry's or a source's places are made of, hashed once a passage rather than
    /// once a place (and kept by [`PageMemo`] for the chapters that did not change).
    passages: Vec<Arc<[u64]>>,
    /// A fingerprint of each chapter's passage anchors (kept the same way).
    anchors: Vec<u64>,
}

impl<'a> Fingerprints<'a> {
    fn new(
        renderer: &super::Renderer<'a>,
        inputs: MemoInputs<'a>,
        passages: Vec<Arc<[u64]>>,
        anchors: Vec<u64>,
    ) -> Self {
        let edition = renderer.edition;
        let listed: Vec<_> = edition
            .chapters
            .iter()
            .map(|c| {
                let header = format!("{:?}", (&c.part, &c.document, &c.language));
                (
                    &c.file,
                    &c.slug,
                    &c.title,
                    c.editorial_title,
                    &c.summary,
                    header,
                )
            })
            .collect();
        let has_notes = edition
            .chapters
            .iter()
            .any(|c| c.note_numbers.iter().any(Option::is_some));
        // Which web derivatives could be made: an image's page shows it or its original.
        let mut made: Vec<&String> = renderer.made.iter().collect();
        made.sort();
        let theme = renderer.theme.digest();
        let common = fingerprint::of(&(inputs.global, theme, listed, has_notes, made));
        let mut notes = DefaultHasher::new();
        for (c, i) in edition.chapters.iter().zip(inputs.chapters) {
            (i.notes, &c.note_numbers, &c.text.calls).hash(&mut notes);
        }
        let mut prints = Self {
            edition,
            inputs,
            common,
            notes: notes.finish(),
            entries: Vec::new(),
            sources: Vec::new(),
            passages,
            anchors,
        };
        // Once per entry and source, not once per numbered page of its list.
        // In parallel by entry: one register (persons) holds most of the places.
        prints.entries = (edition.registers.iter())
            .map(|r| {
                let entries = r.entries.par_iter();
                entries.map(|e| prints.entry(&e.refs)).collect()
            })
            .collect();
        prints.sources = (0..edition.sources.len())
            .into_par_iter()
            .map(|s| prints.hash(|h| prints.source(h, s)))
            .collect();
        prints
    }

    /// What `add` adds to a new hasher.
    fn hash(&self, add: impl FnOnce(&mut DefaultHasher)) -> u64 {
        let mut h = DefaultHasher::new();
        add(&mut h);
        h.finish()
    }

    fn of(&self, job: Job) -> u64 {
        let e = self.edition;
        let mut h = DefaultHasher::new();
        (self.common, job).hash(&mut h);
        match job {
            Job::NotFound | Job::Search => {}
            // The map of the edition counts each chapter's passages, notes, citations.
            Job::Index => e
                .chapters
                .iter()
                .for_each(|c| super::pictures::counts_of(c).hash(&mut h)),
            // A numbered page of a list depends on what the whole list does.
            Job::Notes | Job::NotesPage(_) => self.notes.hash(&mut h),
            Job::Chapter(c) => {
                let chapter = &e.chapters[c];
                let version = self.inputs.chapters[c].version;
                // What link decided for it beyond its text: note numbers, anchors kept
                // by anchors.lock and their redirects, image sizes read from files.
                (version, &chapter.note_numbers, &chapter.redirects).hash(&mut h);
                chapter.text.urls.hash(&mut h);
                self.anchors[c].hash(&mut h);
                // Its preview cards count each mentioned entry's mentions in the whole
                // edition (their names and descriptions are in the global inputs).
                for target in chapter.text.mentions.iter().flatten() {
                    let entry = &e.registers[target.register].entries[target.entry];
                    entry.refs.mentions.len().hash(&mut h);
                }
            }
            Job::Register(r) => {
                let counts = e.registers[r].entries.iter().map(|e| e.refs.mentions.len());
                counts.for_each(|n| n.hash(&mut h));
                // A session's speakers, as its line in the index names them.
                for entry in &e.registers[r].entries {
                    for &(c, s) in &entry.refs.session_speeches {
                        e.chapters[c].speakers[s].person.hash(&mut h);
                    }
                }
            }
            Job::Sources => e
                .sources
                .iter()
                .for_each(|s| s.citations.len().hash(&mut h)),
            Job::Entry(r, i) => self.entries[r][i].page(1, &mut h),
            Job::EntryPage(r, i, n) => self.entries[r][i].page(n, &mut h),
            Job::Source(s) | Job::SourcePage(s, _) => self.sources[s].hash(&mut h),
        }
        h.finish()
    }

    /// What a source's page shows of the chapters: the passages citing it.
    fn source(&self, h: &mut DefaultHasher, s: usize) {
        let e = self.edition;
        for cite in &e.sources[s].citations {
            let passage = e.chapters[cite.chapter].text.parsed.citations[cite.citation].passage;
            (
                cite.citation,
                cite.item,
                self.passage(cite.chapter, passage),
            )
                .hash(h);
        }
    }

    /// What an entry's pages show of the chapters: its speech turns and mentions in
    /// context (each place apart, so that a numbered page after the first is rendered
    /// again only when its own places change), the `speakers` entries naming it, the chapters listing
    /// it as a theme.
    ///
    /// A place is two words: its passage's fingerprint (which holds the chapter and the
    /// passage) and the mention's index in its chapter (`u64::MAX` for a turn).
    fn entry(&self, refs: &crate::link::Backrefs) -> EntryPrints {
        let chapters = &self.edition.chapters;
        let mut places = Vec::with_capacity(2 * (refs.turns.len() + refs.mentions.len()));
        for turn in &refs.turns {
            places.extend([self.passage(turn.chapter, turn.passage), u64::MAX]);
        }
        for m in &refs.mentions {
            let passage = chapters[m.chapter].text.parsed.mentions[m.mention].passage;
            places.extend([self.passage(m.chapter, passage), m.mention as u64]);
        }
        let paging = super::pages::entry_paging(self.edition, refs);
        let shared = self.hash(|h| {
            // How many turns and mentions (each page counts both), and the pager's first
            // and last chapter of each page (a place's own chapter is in its print).
            (refs.turns.len(), refs.mentions.len()).hash(h);
            let chapter = |i: usize| match refs.turns.get(i) {
                Some(turn) => turn.chapter,
                None => refs.mentions[i - refs.turns.len()].chapter,
            };
            for range in (1..=paging.count()).map(|n| paging.range(n)) {
                if !range.is_empty() {
                    (chapter(range.start), chapter(range.end - 1)).hash(h);
                }
            }
            for &(c, s) in refs.speeches.iter().chain(&refs.session_speeches) {
                (c, s, format!("{:?}", chapters[c].speakers[s])).hash(h);
            }
            // Chapters listed whole (a theme's, a document's writer, addressee or
            // place), by their place in the reading order: such a list shows of each
            // its title, page name, number and document's date, which every page's
            // fingerprint holds, and nothing of its text (so a save does not render
            // again the page of a theme that lists every chapter).
            (&refs.chapters, &refs.from, &refs.to, &refs.written_here).hash(h);
        });
        EntryPrints {
            shared,
            places,
            paging,
        }
    }

    /// The fingerprint of passage `passage` of chapter `chapter` as a snippet shows it
    /// (made by [`passages`]).
    fn passage(&self, chapter: usize, passage: usize) -> u64 {
        // A place always points at a passage of its chapter; `MAX` would only make a
        // page render again.
        (self.passages[chapter].get(passage)).map_or(u64::MAX, |&p| p)
    }
}
