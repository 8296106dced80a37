//! Stage 3, sources + parsed chapters → [`Edition`]: every reference resolved or reported,
//! and the cross-reference index built, in one pass.
//!
//! Steps: registers and sources are checked and sorted first, so an [`EntryRef`] is a
//! final index; then each chapter's mentions, citations, notes, speakers and themes are
//! resolved against them; then notes are numbered and the back-references (who is
//! mentioned where, which pages of a source are cited where) are collected. After this
//! stage the model is read-only.

mod anchors;
pub mod authority;
mod backrefs;
mod chapters;
mod class;
pub mod collation;
mod memo;
mod registers;
mod resolve;
mod urls;

pub use crate::parse::Locator;
pub use anchors::{AnchorLock, LOCK_FILE as ANCHORS_LOCK};
pub use class::EntryClass;
pub use memo::LinkMemo;

use crate::config::{Config, Part, RegisterKind};
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::load::{Sources, StaticFile};
use crate::parse::ParsedText;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Whether `id` is a valid id: ASCII `[a-z0-9][a-z0-9-]*`. Ids become file names, so
/// this is also what keeps every page inside the output folder.
pub fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The longest id or slug: it becomes a file name with `.html` after it, and most file
/// systems allow 255 bytes in a name.
pub const MAX_ID_LEN: usize = 250;

/// The problem with an id whose file name would be too long, if it would.
pub(crate) fn too_long(what: &str, id: &str) -> Option<String> {
    (id.len() > MAX_ID_LEN).then(|| {
        format!(
            "{what} is {} characters long, and its page's file name would be too long for \
             the file system (at most {MAX_ID_LEN})",
            id.len()
        )
    })
}

/// The whole edition, every reference resolved.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The configuration it was built with.
    pub config: Config,
    /// Chapters in reading order.
    pub chapters: Vec<Chapter>,
    /// Registers in the configuration's order, entries in index order.
    pub registers: Vec<Register>,
    /// Sources in the order of `sources.yaml`.
    pub sources: Vec<Source>,
    /// Files copied as they are.
    pub static_files: Vec<StaticFile>,
    /// The passages' anchors, as `anchors.lock` should now hold them.
    pub anchors: AnchorLock,
}

/// A register entry, by position: valid for the edition it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryRef {
    /// Index into [`Edition::registers`].
    pub register: usize,
    /// Index into that register's entries.
    pub entry: usize,
}

/// One register kind with its entries.
#[derive(Debug, Clone)]
pub struct Register {
    /// Its configuration.
    pub kind: RegisterKind,
    /// Entries in index order.
    pub entries: Vec<Entry>,
    /// Every entry has a date, so the register is ordered by date, not alphabetically.
    pub chronological: bool,
}

/// One register entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its id (and file name).
    pub id: String,
    /// The heading form.
    pub name: String,
    /// The running-text form.
    pub label: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Its date, if any.
    pub date: Option<Date>,
    /// The description, resolved.
    pub description: Option<LinkedText>,
    /// Related entries, in both directions, in index order.
    pub related: Vec<EntryRef>,
    /// Keys FORMAT.md does not name.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The letter it is filed under.
    pub initial: String,
    /// Where the edition refers to it.
    pub refs: Backrefs,
}

/// Where an entry is referred to.
#[derive(Debug, Clone, Default)]
pub struct Backrefs {
    /// Mentions, in reading order.
    pub mentions: Vec<Place>,
    /// Passages spoken by this person (speech turns), in reading order.
    pub turns: Vec<PassagePlace>,
    /// `speakers` entries naming this person: (chapter, index in its speakers).
    pub speeches: Vec<(usize, usize)>,
    /// Chapters whose front matter lists this theme.
    pub chapters: Vec<usize>,
    /// `speakers` entries naming this session: (chapter, index in its speakers).
    pub session_speeches: Vec<(usize, usize)>,
    /// Chapters whose document this entry wrote (`from`), by date.
    pub from: Vec<usize>,
    /// Chapters whose document is addressed to this entry (`to`), by date.
    pub to: Vec<usize>,
    /// Chapters whose document was written at this place (`place`), by date.
    pub written_here: Vec<usize>,
}

impl Backrefs {
    /// Whether anything in the chapters refers to the entry.
    pub fn is_empty(&self) -> bool {
        self.mentions.is_empty()
            && self.turns.is_empty()
            && self.speeches.is_empty()
            && self.chapters.is_empty()
            && self.session_speeches.is_empty()
            && self.from.is_empty()
            && self.to.is_empty()
            && self.written_here.is_empty()
    }
}

/// A mention in a chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index into [`Edition::chapters`].
    pub chapter: usize,
    /// Index into the chapter's mentions.
    pub mention: usize,
}

/// A passage of a chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassagePlace {
    /// Index into [`Edition::chapters`].
    pub chapter: usize,
    /// Index into the chapter's passages.
    pub passage: usize,
}

/// One cited work.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its key (and file name).
    pub key: String,
    /// How a citation shows it.
    pub short: String,
    /// The full reference, if known.
    pub title: Option<String>,
    /// A free word: book, article, stenogram…
    pub kind: Option<String>,
    /// Where it is kept, when it is an archival file.
    pub archival: Option<ArchivalFile>,
    /// Every place citing it, ordered by locator.
    pub citations: Vec<CitePlace>,
    /// Chapters whose document it keeps (their `source`), ordered by locator.
    pub documents: Vec<usize>,
}

/// An archival file: archive, fond, inventory and file, each as written (`Р-841`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchivalFile {
    /// The archive (`ГАСО`, `RGAE`).
    pub archive: Option<String>,
    /// The fond (ф., f.).
    pub fond: Option<String>,
    /// The inventory (оп., op.).
    pub inventory: Option<String>,
    /// The file (д., d.).
    pub file: Option<String>,
}

impl Edition {
    /// The work a citing place wrote: its key and its locator.
    pub fn cited_work(&self, place: &CitePlace) -> &crate::parse::CitedWork {
        &self.chapters[place.chapter].text.parsed.citations[place.citation].items[place.item]
    }
}

/// A place that cites a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitePlace {
    /// Index into [`Edition::chapters`].
    pub chapter: usize,
    /// Index into the chapter's citations.
    pub citation: usize,
    /// Index of the work within that bracket.
    pub item: usize,
}

/// A chapter, resolved.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The file it came from, as shown in diagnostics.
    pub file: String,
    /// Its page name (`second-plenum` → `second-plenum.html`).
    pub slug: String,
    /// Its title.
    pub title: String,
    /// The title is the editor's.
    pub editorial_title: bool,
    /// One sentence about it.
    pub summary: Option<String>,
    /// Its text, resolved; shared with link's memo, so that `serve` hands an unchanged
    /// chapter's text to the edition without copying it.
    pub text: Arc<LinkedText>,
    /// Themes of the chapter as a whole.
    pub themes: Vec<EntryRef>,
    /// Who speaks in it.
    pub speakers: Vec<Speaker>,
    /// The number of each note definition (`None` for a note never called).
    pub note_numbers: Vec<Option<u32>>,
    /// Anchors whose passage is gone, each with the passage it now stands at.
    pub redirects: Vec<(usize, String)>,
    /// A chapter, or a page of front or back matter (the editor's, not the text's).
    pub part: Part,
    /// The document it presents: date, place, authors, addressees, genre, original.
    pub document: Document,
    /// The language of its text when it is not the book's (`en`).
    pub language: Option<String>,
}

/// What a chapter's front matter says of the document it presents, resolved.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// When it was written.
    pub date: Option<Date>,
    /// Where it was written.
    pub place: Option<Party>,
    /// Its authors.
    pub from: Vec<Party>,
    /// Its addressees.
    pub to: Vec<Party>,
    /// Its genre, as the editor wrote it.
    pub kind: Option<String>,
    /// Where the original is kept: a source and the sheets in it.
    pub source: Option<DocumentSource>,
}

impl Document {
    /// Whether the front matter describes the document at all.
    pub fn is_empty(&self) -> bool {
        self.date.is_none()
            && self.place.is_none()
            && self.from.is_empty()
            && self.to.is_empty()
            && self.kind.is_none()
            && self.source.is_none()
    }
}

/// A place, author or addressee: an entry of a register, or the editor's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// A register entry (`person:bazhanov`).
    Entry(EntryRef),
    /// Text, shown as written.
    Text(String),
}

/// The `source` of a document: the cited work and the locator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSource {
    /// Index into [`Edition::sources`].
    pub source: usize,
    /// The sheets or pages (`л. 12–13 об.`).
    pub locator: Option<Locator>,
}

/// A `speakers` entry, resolved.
#[derive(Debug, Clone)]
pub struct Speaker {
    /// The person.
    pub person: EntryRef,
    /// The session, when given and known.
    pub session: Option<EntryRef>,
    /// The source of the record, when given and known.
    pub source: Option<usize>,
    /// Pages in that source.
    pub pages: Option<String>,
    /// Office at the time.
    pub role: Option<String>,
}

/// Parsed Markdown with its references resolved (`None` where a reference was reported).
#[derive(Debug, Clone, Default)]
pub struct LinkedText {
    /// The parsed text, shared with the cache of parsed chapters that `serve` keeps, so
    /// a rebuild reuses an unchanged chapter's parse without copying it.
    pub parsed: Arc<ParsedText>,
    /// The entry of each mention.
    pub mentions: Vec<Option<EntryRef>>,
    /// The source of each work of each citation.
    pub citations: Vec<Vec<Option<usize>>>,
    /// The note definition each note call calls.
    pub calls: Vec<Option<usize>>,
    /// Where each relative link or image address leads.
    pub urls: Vec<UrlTarget>,
    /// Where each mention stands among its passage's runs (`None`: in no run, as in a
    /// heading's text), so that a snippet finds it without scanning the passage.
    pub mention_runs: Vec<Option<usize>>,
    /// The same for each citation.
    pub citation_runs: Vec<Option<usize>>,
}

/// Where a relative link or image address of the editor's leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UrlTarget {
    /// A chapter's page, at an anchor or at its top.
    Chapter {
        /// Index into [`Edition::chapters`].
        chapter: usize,
        /// The anchor, without `#`.
        fragment: Option<String>,
    },
    /// A file of the output, by its path from the output root (a fragment may follow),
    /// percent-encoded as it stands in the page.
    File(String),
    /// An image of `content/static/` whose size its file's header tells.
    Image {
        /// Its path from the output root, percent-encoded.
        path: String,
        /// Its width in pixels.
        width: usize,
        /// Its height in pixels.
        height: usize,
        /// The smaller copy the page shows instead, when the image is a large scan
        /// (see [`crate::scan`]) and `build` made it.
        web: Option<WebImage>,
    },
}

/// The web derivative of a large image, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WebImage {
    /// Its name under `static/`, as [`crate::scan::Derivative::name`].
    pub name: String,
    /// Its path from the output root, percent-encoded.
    pub path: String,
    /// Its width in pixels.
    pub width: usize,
    /// Its height in pixels.
    pub height: usize,
}

/// Links the edition. Every problem is returned as a diagnostic; the edition is built
/// even when there are errors, so `check` can report them all.
pub fn link(
    config: &Config,
    sources: Sources,
    chapters: Vec<Arc<ParsedText>>,
    descriptions: Vec<Vec<Option<ParsedText>>>,
) -> (Edition, Vec<Diagnostic>) {
    link_with(config, sources, chapters, descriptions, None)
}

/// [`link`], with what `serve` keeps between rebuilds ([`LinkMemo`]): the passage
/// anchors and the resolved texts of the chapters that did not change are taken from
/// `memo`.
pub fn link_with(
    config: &Config,
    sources: Sources,
    chapters: Vec<Arc<ParsedText>>,
    descriptions: Vec<Vec<Option<ParsedText>>>,
    mut memo: Option<&mut LinkMemo>,
) -> (Edition, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let all_chapters_read = sources.all_chapters_read;
    let checked = registers::build(config, &sources.registers, descriptions, &mut diagnostics);
    for file in &sources.registers {
        authority::check(file, &mut diagnostics);
    }
    let (mut bibliography, keys) =
        registers::build_sources(&sources.bibliography, &mut diagnostics);
    let mut chapters = chapters::in_reading_order(config, sources.chapters, chapters);
    let anchors = anchors::assign(
        sources.anchors.as_ref(),
        &mut chapters,
        &mut diagnostics,
        memo.as_deref_mut().map(|m| &mut m.anchors),
    );
    let files = urls::Files::new(config, &chapters, &sources.static_files);
    let resolver = resolve::Resolver::new(config, checked.ids, keys, files);
    let mut registers = resolver.resolve_registers(
        checked.registers,
        checked.descriptions,
        &sources.registers,
        &mut diagnostics,
    );
    let (texts, backrefs) = match memo {
        Some(m) => {
            (m.texts).follow(config, &sources.registers, &sources.bibliography);
            (Some(&mut m.texts), Some(&mut m.backrefs))
        }
        None => (None, None),
    };
    let chapters = chapters::link(config, &resolver, chapters, &mut diagnostics, texts);
    backrefs::collect(&chapters, &mut registers, &mut bibliography, backrefs);
    // An entry may be mentioned in a chapter that could not be read (an error already):
    // "never mentioned, remove the entry" would then be wrong advice.
    if all_chapters_read {
        backrefs::warn_unreferenced(&resolver, &registers, &sources.registers, &mut diagnostics);
    }
    let edition = Edition {
        config: config.clone(),
        chapters,
        registers,
        sources: bibliography,
        static_files: sources.static_files,
        anchors,
    };
    (edition, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_ascii() {
        assert!(is_valid_id("ordzhonikidze-gk") && is_valid_id("1936-06-25-evening"));
        for bad in ["", "-x", "Bazhanov", "баж", "a_b", "../x", "a.b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
