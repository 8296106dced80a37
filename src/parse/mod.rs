//! Stage 2, one chapter → [`ParsedText`]: Markdown turned into HTML with typed holes.
//!
//! The parser writes the HTML of everything it can decide alone (paragraphs, emphasis,
//! tables, highlighted code) and leaves a typed hole ([`Piece`]) wherever the output needs
//! the whole edition: a mention's link and label, a citation's short form, a note's
//! number. Beside the HTML it records every mention, citation and note call with its
//! position in the editor's file and the passage (paragraph, list item, quote, heading,
//! note) it stands in, and the plain text of each passage for snippets.
//!
//! It is pure and per file, so chapters parse in parallel; it knows nothing of registers
//! or layout, and the renderer never parses Markdown.

mod calls_in_links;
pub mod citation;
mod destination;
mod figure;
mod highlight;
mod inline;
mod locator;
mod offsets;
mod raw_block;
mod raw_html;
mod table;
pub(crate) mod typography;
mod writer;

pub(crate) use writer::PAGE_IDS;

pub use highlight::stylesheet as highlight_stylesheet;
pub use locator::{Locator, Page, PageRange, Side};

use crate::config::{Config, RawHtml};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::load::{ChapterFile, Located, RegisterFile};
use std::ops::Range;

/// A piece of rendered HTML, or a hole that render fills once references are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Finished HTML.
    Html(String),
    /// Opens the link of mention `n` (an index into [`ParsedText::mentions`]).
    MentionStart(usize),
    /// Closes the innermost open mention link.
    MentionEnd,
    /// The label of the entry of mention `n`, for a mention written with empty text.
    MentionLabel(usize),
    /// Citation `n` (an index into [`ParsedText::citations`]).
    Citation(usize),
    /// Note call `n` (an index into [`ParsedText::note_calls`]).
    NoteCall(usize),
    /// Relative URL `n` from the editor (an index into [`ParsedText::urls`]).
    Url(usize),
    /// The rest of the opening tag of passage `passage`, from its `id` on, and its
    /// anchor link (`¶`): the id is the passage's lasting anchor, known only after link
    /// (see `link::anchors`).
    Anchor {
        /// Index into [`ParsedText::passages`].
        passage: usize,
    },
    /// The ` width="…" height="…"` of the image at relative URL `n`, written when link
    /// has read its size from the file, so the page does not jump as it loads.
    ImageSize(usize),
    /// Before the image at relative URL `n`: a link to its original when the page
    /// shows the image's web derivative (see [`crate::scan`]), else nothing.
    OriginalLink(usize),
    /// After that image: the link's end, when there is one.
    OriginalLinkEnd(usize),
}

/// A run of HTML with holes.
pub type Fragment = Vec<Piece>;

/// Where a passage can be linked to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// An id in the chapter page (`p-12`, or a heading's slug).
    Id(String),
    /// The note with this index in [`ParsedText::notes`]; its id depends on numbering.
    Note(usize),
    /// Not linkable (a register entry's description).
    None,
}

/// A citable unit of text: paragraph, list item, block quote, heading or note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Its anchor.
    pub anchor: Anchor,
    /// Its plain text, for snippets and search, with the note calls where they stand
    /// (an export places each note there).
    pub text: Vec<TextRun>,
    /// The mention that opens the speech turn this passage belongs to.
    pub speaker: Option<usize>,
    /// Where blocks cut the passage's text, in order: a list item's text after its
    /// nested list, a code block in it. Empty for a passage written in one piece, as
    /// nearly all are. Snippets and search read `text` whole, a word break at each cut
    /// ([`Passage::cut_before`]); an export that writes every block where it stands
    /// reads it through [`pieces_in_order`].
    pub breaks: Vec<Break>,
}

impl Passage {
    /// Whether a block cuts the text just before run `run`: the words on either side
    /// are apart, as between two paragraphs, though no space stands between them in
    /// the runs (`- item` and a code block under it are «item» and «code», not
    /// «itemcode»).
    pub fn cut_before(&self, run: usize) -> bool {
        // The cuts are in the order of their runs.
        run > 0 && self.breaks.binary_search_by_key(&run, |b| b.run).is_ok()
    }
}

/// A cut in a passage's text (see [`Passage::breaks`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The first run after the cut.
    pub run: usize,
    /// The passage the text after the cut comes before, in the passages' order (their
    /// count when it comes after the last): the passages opened inside this one before
    /// the cut, such as a nested list's items, stand between.
    pub before: usize,
}

/// A piece of a passage's text where it stands among the passages (see
/// [`pieces_in_order`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPiece<'a> {
    /// The passage it belongs to.
    pub passage: usize,
    /// Its runs.
    pub runs: &'a [TextRun],
    /// Whether it is the passage's first piece, written where the passage opens (with
    /// its anchor); a later one goes on the passage's text after a block of its own.
    pub first: bool,
}

/// Every passage's text in the order it is written in the file: each passage's first
/// piece where the passage stands, each later piece just before the passage its
/// [`Break`] names. A piece is written after the passages opened inside its own before
/// it, so `- outer` / `  - inner` / `  text` reads "outer", "inner", "text", where the
/// passages' runs alone read "outer text", "inner".
pub fn pieces_in_order(passages: &[Passage]) -> Vec<TextPiece<'_>> {
    let mut later: Vec<(usize, std::cmp::Reverse<usize>, TextPiece<'_>)> = Vec::new();
    let mut first = Vec::with_capacity(passages.len());
    for (p, passage) in passages.iter().enumerate() {
        let ends = passage
            .breaks
            .iter()
            .map(|b| b.run)
            .chain([passage.text.len()]);
        let mut starts = std::iter::once(0).chain(passage.breaks.iter().map(|b| b.run));
        let mut runs = starts
            .by_ref()
            .zip(ends)
            .map(|(start, end)| &passage.text[start..end]);
        first.push(TextPiece {
            passage: p,
            runs: runs.next().unwrap_or_default(),
            first: true,
        });
        for (cut, runs) in passage.breaks.iter().zip(runs) {
            // Of two pieces before one passage, the inner passage's (opened later) was
            // written first: it closed before the outer one went on.
            let piece = TextPiece {
                passage: p,
                runs,
                first: false,
            };
            later.push((cut.before, std::cmp::Reverse(p), piece));
        }
    }
    later.sort_by_key(|&(before, inner, _)| (before, inner));
    let mut later = later.into_iter().peekable();
    let mut ordered = Vec::with_capacity(first.len() + later.len());
    for piece in first {
        while let Some((_, _, before)) = later.next_if(|(b, _, _)| *b <= piece.passage) {
            ordered.push(before);
        }
        ordered.push(piece);
    }
    ordered.extend(later.map(|(_, _, piece)| piece));
    ordered
}

/// Part of a passage's plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextRun {
    /// Ordinary text.
    Text(String),
    /// The text of mention `mention` (empty when the editor left it empty).
    Mention {
        /// Index into [`ParsedText::mentions`].
        mention: usize,
        /// The text as written.
        text: String,
    },
    /// Citation `n` (an index into [`ParsedText::citations`]), shown as the reader sees it.
    Citation(usize),
    /// Note call `n` (an index into [`ParsedText::note_calls`]): no words of its own.
    NoteCall(usize),
    /// Inline markup opens: the runs up to its [`TextRun::End`] are emphasised, struck
    /// through or code. No words of its own: snippets and search read the words only,
    /// an export writes the markup (TEI's `hi`, `code`). Markup inside a mention's text
    /// is not recorded, so a mention stays one run.
    Start(Markup),
    /// The markup the innermost [`TextRun::Start`] opened closes.
    End(Markup),
}

/// Inline markup of a passage's text (see [`TextRun::Start`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Markup {
    /// `*emphasis*`.
    Emphasis,
    /// `**strong emphasis**`.
    Strong,
    /// `~~strikethrough~~`.
    Strikethrough,
    /// `` `inline code` ``.
    Code,
}

/// A list of a chapter's body whose items are passages (see [`ParsedText::lists`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The number of an ordered list's first item (`3.` gives 3); `None` for bullets.
    pub start: Option<u64>,
    /// Its items, in order.
    pub items: Vec<ListItem>,
}

/// An item of a [`List`]: its passage and those inside it (its paragraphs, a nested
/// list's items), `passage..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The item's own passage.
    pub passage: usize,
    /// The first passage after the item.
    pub end: usize,
}

/// `[text](kind:id)` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The register kind as written.
    pub kind: String,
    /// The id as written.
    pub id: String,
    /// The link's byte range in the file.
    pub at: Range<usize>,
    /// The passage it stands in.
    pub passage: usize,
}

/// One bracket of Pandoc citations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The cited works, in order.
    pub items: Vec<CitedWork>,
    /// The passage it stands in.
    pub passage: usize,
    /// It stands inside a link or a mention, which cannot hold the links to its
    /// sources: it is shown as text there (and still listed in the concordance).
    pub in_link: bool,
}

/// One work cited in a bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedWork {
    /// The source key.
    pub key: String,
    /// The locator (`с. 38`), parsed once here for every stage that shows or sorts it.
    pub locator: Option<Locator>,
    /// Where `@key` stands in the file.
    pub at: Range<usize>,
}

/// `[^label]` in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCall {
    /// The label.
    pub label: String,
    /// Where it stands in the file.
    pub at: Range<usize>,
    /// The passage it stands in.
    pub passage: usize,
    /// It stands in a heading, which may not hold the note itself (the theme's
    /// sidenote, a `role="note"`): the note is read in the list only.
    pub in_heading: bool,
}

/// A footnote's text, from a Markdown definition or the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDef {
    /// The label.
    pub label: String,
    /// The note's content.
    pub content: Fragment,
    /// Where the definition (or the front-matter key) stands in the file.
    pub at: Range<usize>,
    /// The note's passage (for mentions and citations inside it).
    pub passage: usize,
    /// The note is one paragraph of phrasing content that calls no note, so its content
    /// without the paragraph's tags may also stand inside its call's paragraph (the
    /// theme's sidenote). Notes of several blocks are listed at the chapter's end only.
    pub inline: bool,
}

/// A link or image address the editor wrote relative to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalUrl {
    /// As written (`02-next.md#p-3`, `../static/map.png`).
    pub dest: String,
    /// Where the link or image stands in the file.
    pub at: Range<usize>,
    /// What the address is for.
    pub kind: UrlKind,
    /// Written in raw HTML, so kept as written when it leads nowhere (a Markdown
    /// address is percent-encoded).
    pub raw_html: bool,
}

/// What a relative address is for: a missing image is a broken page, a link that leads
/// nowhere only a dead end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// A link (`[text](02-next.md)`, or `href` in raw HTML).
    Link,
    /// An image (`![alt](../static/map.png)`, or `src` of a raw `<img>`).
    Image,
}

/// A heading of the chapter body, for the page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// Its id in the page.
    pub id: String,
    /// Its plain text.
    pub text: String,
}

/// A parsed chapter body, register description or note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedText {
    /// The body's HTML with holes.
    pub body: Fragment,
    /// Every citable passage, in reading order.
    pub passages: Vec<Passage>,
    /// Every mention, in reading order.
    pub mentions: Vec<Mention>,
    /// Every citation bracket, in reading order.
    pub citations: Vec<Citation>,
    /// Every note call, in reading order.
    pub note_calls: Vec<NoteCall>,
    /// Every note definition: Markdown ones in order, then front-matter ones.
    pub notes: Vec<NoteDef>,
    /// The body's headings.
    pub headings: Vec<Heading>,
    /// Every relative link or image address, in reading order.
    pub urls: Vec<LocalUrl>,
    /// The links of a chapter to an anchor of its own page (`[above](#sources)`): link
    /// checks them once the passages have their ids.
    pub page_anchors: Vec<PageAnchor>,
    /// The lists of a chapter's body, in the order they open, so that an export can
    /// write a list where the page has one: the pages have them in `body`'s HTML, and
    /// the passages alone read as paragraphs. Lists in notes are not recorded (their
    /// items are not passages).
    pub lists: Vec<List>,
}

/// `[text](#id)` in a chapter: the id as written (percent-decoded) and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAnchor {
    /// The id it names.
    pub id: String,
    /// The link's byte range in the file.
    pub at: Range<usize>,
}

impl ParsedText {
    /// Gives back the room its strings and lists grew into while they were written
    /// (a string that doubles as it grows holds up to twice its text): the parse of
    /// every chapter is kept until the last page is rendered, so at 10,000 chapters
    /// that room is tens of megabytes of the build's peak memory.
    fn shrink_to_fit(&mut self) {
        let fragments =
            std::iter::once(&mut self.body).chain(self.notes.iter_mut().map(|n| &mut n.content));
        for fragment in fragments {
            fragment.shrink_to_fit();
            for piece in fragment {
                if let Piece::Html(html) = piece {
                    html.shrink_to_fit();
                }
            }
        }
        for passage in &mut self.passages {
            passage.text.shrink_to_fit();
            for run in &mut passage.text {
                if let TextRun::Text(text) | TextRun::Mention { text, .. } = run {
                    text.shrink_to_fit();
                }
            }
        }
        self.passages.shrink_to_fit();
        self.mentions.shrink_to_fit();
        self.citations.shrink_to_fit();
        self.note_calls.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.page_anchors.shrink_to_fit();
        self.lists.shrink_to_fit();
    }
}

/// What parsing needs to know of the edition's settings.
#[derive(Debug, Clone, Default)]
pub struct Settings<'a> {
    /// The edition's register kinds: `[text](kind:id)` is a mention only when `kind` is
    /// one of them (or a typo of one, which link reports).
    pub kinds: Vec<&'a str>,
    /// What a script in raw HTML is (`[build] raw-html`).
    pub raw_html: RawHtml,
}

impl<'a> Settings<'a> {
    /// The settings of the edition that `config` describes.
    pub fn of(config: &'a Config) -> Self {
        Self {
            kinds: config.registers.iter().map(|k| k.name.as_str()).collect(),
            raw_html: config.raw_html,
        }
    }
}

/// Parses a chapter: its body, then the notes its front matter holds.
pub fn parse_chapter(
    chapter: &ChapterFile,
    settings: &Settings<'_>,
) -> (ParsedText, Vec<Diagnostic>) {
    let mut writer = writer::Writer::new(&chapter.src, writer::Mode::Chapter, settings);
    writer.run(
        &chapter.src.text()[chapter.body.clone()],
        Origin::exact(chapter.body.start),
    );
    for (label, text) in &chapter.meta.footnotes {
        writer.front_matter_note(label, text);
    }
    writer.finish()
}

/// Parses Markdown kept in a YAML value (a register entry's description).
pub fn parse_fragment(
    src: &SourceText,
    text: &Located<String>,
    settings: &Settings<'_>,
) -> (ParsedText, Vec<Diagnostic>) {
    let mut writer = writer::Writer::new(src, writer::Mode::Fragment, settings);
    writer.run(&text.value, Origin::of_value(src, text));
    writer.finish()
}

/// How byte offsets of a parsed text map to offsets in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// Where the text starts in the file.
    base: usize,
    /// The YAML value the text is, when the file does not hold it byte for byte (a
    /// block scalar, a value over several lines); `None` for a chapter body or a
    /// one-line value, which stand in the file as they are.
    value: Option<(&'a SourceText, &'a Located<String>)>,
}

impl<'a> Origin<'a> {
    pub(crate) fn exact(base: usize) -> Self {
        Self { base, value: None }
    }

    /// A YAML value: exact when the file holds it verbatim at its position, else mapped
    /// line by line (see [`Located::file_offset`]).
    pub(crate) fn of_value(src: &'a SourceText, value: &'a Located<String>) -> Self {
        let verbatim = src
            .text()
            .get(value.at.start..)
            .is_some_and(|rest| rest.starts_with(&value.value));
        Self {
            base: value.at.start,
            value: (!verbatim).then_some((src, value)),
        }
    }

    /// The file range of a range of the text; the value's start where a position
    /// cannot be told.
    pub(crate) fn map(&self, range: Range<usize>) -> Range<usize> {
        let Some((src, value)) = self.value else {
            return self.base + range.start..self.base + range.end;
        };
        match value.file_offset(src, range.start) {
            Some(start) => {
                let end = value.file_offset(src, range.end).unwrap_or(start);
                start..end.max(start)
            }
            None => self.base..self.base,
        }
    }
}

/// Parses every register entry's description, in file order (`None` where an entry has
/// none). Descriptions are few and short, so this needs no parallelism.
pub fn parse_descriptions(
    registers: &[RegisterFile],
    settings: &Settings<'_>,
) -> (Vec<Vec<Option<ParsedText>>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let parsed = registers
        .iter()
        .map(|file| {
            file.entries
                .iter()
                .map(|(_, entry)| {
                    let (src, text) = (file.src.as_ref()?, entry.description.as_ref()?);
                    let (parsed, found) = parse_fragment(src, text, settings);
                    diagnostics.extend(found);
                    Some(parsed)
                })
                .collect()
        })
        .collect();
    (parsed, diagnostics)
}
