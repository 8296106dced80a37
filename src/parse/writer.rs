//! The walk over pulldown-cmark's events that writes HTML with holes.
//!
//! One `Writer` serves a chapter (body, then front-matter notes) or a description. It
//! keeps a stack of open passages so every mention, citation and note call knows the
//! innermost paragraph, list item, quote, heading or note that holds it.

use super::calls_in_links::{self, LocatedEvent};
use super::destination::{self, Destination};
use super::figure;
use super::inline::{Pending, Token};
use super::raw_block::{RawPiece, RawText, script_diagnostic};
use super::typography;
use super::{
    Anchor, Break, Citation, Fragment, Heading, List, ListItem, LocalUrl, Markup, Mention,
    NoteCall, NoteDef, Origin, ParsedText, Passage, Piece, Settings, TextRun, UrlKind, highlight,
};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::html::{encode_url, escape};
use crate::load::Located;
use pulldown_cmark::{
    Alignment, BrokenLink, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};
use std::collections::HashSet;
use std::ops::Range;

/// The ids the theme's templates give their own elements (`<main id="main">`, the
/// headings of the page's sections), which no heading of the text may take: a heading
/// "Main" with `id="main"` would break the skip link. A template that adds an id adds it
/// here (a unit test below checks the built-in templates against this list); a theme's
/// own template should use one of these or a prefix of [`GENERATED_ID_PREFIXES`].
pub(crate) const PAGE_IDS: [&str; 21] = [
    "main",
    "document",
    "search-input",
    "search-suggestions",
    "search-status",
    "search-keys",
    "search-results",
    "toc-heading",
    "indexes-heading",
    "chapter-toc-heading",
    "notes-heading",
    "related-heading",
    "speeches-heading",
    "session-heading",
    "chapters-heading",
    "turns-heading",
    "mentions-heading",
    "cited-heading",
    "together-heading",
    // The highlight toggles' label, and the preview card `reader.js` adds.
    "highlight-label",
    "reader-preview",
];

/// The prefixes of numbered ids made for passages, notes and the templates' groups
/// (`p-3`, `fn-2`, `fnref-2`, `notes-1`, `letter-…`): a heading id that starts with one
/// and a digit gets `-h` appended, so it never collides with them.
pub(crate) const GENERATED_ID_PREFIXES: [&str; 6] =
    ["p-", "fn-", "fnref-", "notes-", "letter-", "search-option-"];

/// What is being parsed decides which blocks get anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A chapter: passages get ids, notes are collected.
    Chapter,
    /// Markdown in a YAML value: no anchors.
    Fragment,
}

/// Where output currently goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    Body,
    Note(usize),
}

/// State of the link being written, to know what its end closes.
enum OpenLink {
    Mention { index: usize, pieces_before: usize },
    Plain,
}

/// The table being written: its column alignments, the cell within the row, whether
/// the header row is being written (its cells come without a row event), whether
/// the body is open (a table of a header alone has none), and whether it is a passage
/// with its own anchor (in a chapter's body).
#[derive(Default)]
struct OpenTable {
    alignments: Vec<Alignment>,
    cell: usize,
    in_head: bool,
    in_body: bool,
    anchored: bool,
}

/// An image being written. Everything its description holds, up to its end, is its
/// alt text and nothing else (markup, code, raw HTML and nested images included, as
/// plain text): `depth` counts the tags opened inside it, so that the image's own end
/// is told from theirs.
struct OpenImage {
    dest: Destination,
    title: String,
    alt: String,
    at: Range<usize>,
    depth: usize,
}

/// A heading being written; its id is known only at its end.
struct OpenHeading {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    insert_at: usize,
    passage: usize,
    text: String,
    /// Where the heading is in the file, to point at a bad custom id.
    at: Range<usize>,
}

/// Recognises a speech turn: a paragraph that opens with `**[Name](person:id):**`.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Turn {
    #[default]
    Open,
    InStrong,
    InMention(usize),
    AfterMention(usize, bool),
    Found(usize),
    No,
}

pub(crate) struct Writer<'a> {
    src: &'a SourceText,
    mode: Mode,
    settings: &'a Settings<'a>,
    out: ParsedText,
    diagnostics: Vec<Diagnostic>,
    target: Target,
    open_passages: Vec<usize>,
    /// For each passage, how many passages there were when text was last added to it:
    /// more now means that passages of its own came in between (a nested list), and its
    /// next text is cut from the last ([`Passage::breaks`]). 0 cuts the next text off
    /// whatever follows, as after a code block.
    written_at: Vec<usize>,
    /// The open lists, innermost last: each one's index in [`ParsedText::lists`], or
    /// `None` for a list whose items are not passages (in a note).
    open_lists: Vec<Option<usize>>,
    next_paragraph: usize,
    pending: Pending,
    links: Vec<OpenLink>,
    heading: Option<OpenHeading>,
    code: Option<(String, String)>,
    image: Option<OpenImage>,
    /// The HTML block being gathered, if one is open.
    raw: Option<RawText>,
    /// The next event starts a paragraph that is a figure.
    figure_next: bool,
    /// The paragraph being written is a figure.
    in_figure: bool,
    table: OpenTable,
    turn: Turn,
    speaker: Option<usize>,
    ids: HashSet<String>,
    /// The level of the body's last heading (`None` before the first, which follows
    /// the chapter's title, a level 1).
    outline_level: Option<u8>,
    /// Note calls written inside a link or a mention, called after it: a link cannot
    /// hold the call's own link to its note.
    calls_after_link: Vec<(String, Range<usize>)>,
    /// Where [`Writer::text`] makes a run's HTML and plain text before copying them in.
    scratch: String,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(src: &'a SourceText, mode: Mode, settings: &'a Settings<'a>) -> Self {
        Self {
            src,
            mode,
            settings,
            out: ParsedText::default(),
            diagnostics: Vec::new(),
            target: Target::Body,
            open_passages: Vec::new(),
            written_at: Vec::new(),
            open_lists: Vec::new(),
            next_paragraph: 1,
            pending: Pending::default(),
            links: Vec::new(),
            heading: None,
            code: None,
            image: None,
            raw: None,
            figure_next: false,
            in_figure: false,
            table: OpenTable::default(),
            turn: Turn::No,
            speaker: None,
            ids: HashSet::new(),
            outline_level: None,
            calls_after_link: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Parses `text`, whose offsets map to the file through `origin`.
    pub(crate) fn run(&mut self, text: &str, origin: Origin<'_>) {
        if self.mode == Mode::Fragment {
            self.open_passage(Anchor::None);
        }
        let options = Options::ENABLE_FOOTNOTES
            | Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES;
        self.walk(text, options, origin);
    }

    /// Writes every event of `text`, knowing beforehand which paragraphs are figures.
    fn walk(&mut self, text: &str, options: Options, origin: Origin<'_>) {
        let (mut events, mut broken) = read(text, options);
        let masked;
        if let Some(calls) = calls_in_links::mask(text, &events) {
            masked = calls;
            let (again, broken_again) = read(&masked.text, options);
            if let Some(restored) = masked.restore(again) {
                (events, broken) = (restored, broken_again);
            }
        }
        for (span, label) in broken {
            self.warn_undefined_reference(origin.map(span), &label);
        }
        let figures = figure::paragraphs(&events);
        for (i, (event, range)) in events.into_iter().enumerate() {
            self.figure_next = figures.contains(&i);
            self.event(event, range, text, origin);
        }
        self.flush();
    }

    /// Parses a note kept in the front matter as if it were a Markdown definition.
    pub(crate) fn front_matter_note(&mut self, label: &Located<String>, text: &Located<String>) {
        self.start_note(label.value.clone(), label.at.clone());
        let origin = Origin::of_value(self.src, text);
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        self.walk(&text.value, options, origin);
        self.end_note();
    }

    pub(crate) fn finish(mut self) -> (ParsedText, Vec<Diagnostic>) {
        self.flush();
        self.out.shrink_to_fit();
        (self.out, self.diagnostics)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>, text: &str, origin: Origin<'_>) {
        self.track_turn(&event);
        if let Event::Start(Tag::TableRow) = event {
            self.warn_cells_left_out(text, range.start, origin);
        }
        if self.image.is_some() {
            self.image_event(event, range, text, origin);
            return;
        }
        match event {
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                }
            }
            Event::Text(t) => self.push_text(&t, range, text, origin),
            Event::SoftBreak => self.pending.push("\n", origin.map(range), "\n", false),
            other => {
                self.flush();
                self.structure(other, origin.map(range));
            }
        }
    }

    /// Buffers a text event, to be scanned for citations and note calls with the text
    /// around it.
    fn push_text(&mut self, t: &str, range: Range<usize>, text: &str, origin: Origin<'_>) {
        let escaped = range.start > 0 && text.as_bytes()[range.start - 1] == b'\\';
        let source = text.get(range.clone()).unwrap_or("");
        self.pending.push(t, origin.map(range), source, escaped);
    }

    fn structure(&mut self, event: Event<'_>, at: Range<usize>) {
        if let Target::Note(note) = self.target {
            self.follow_note_shape(note, &event);
        }
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::End(tag) => self.end(tag),
            Event::Code(code) => {
                self.html(&format!("<code>{}</code>", escape(&code)));
                self.markup(TextRun::Start(Markup::Code));
                self.plain(&code);
                self.markup(TextRun::End(Markup::Code));
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(&html, at),
            Event::FootnoteReference(label) => self.note_call(label.to_string(), at),
            Event::HardBreak => {
                self.html("<br>\n");
                self.plain(" ");
            }
            Event::Rule => self.html("<hr>\n"),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: Range<usize>) {
        match tag {
            Tag::Paragraph => self.start_paragraph(),
            Tag::HtmlBlock => self.raw = Some(RawText::default()),
            Tag::Heading {
                level, id, classes, ..
            } => {
                if self.mode == Mode::Chapter && matches!(self.target, Target::Body) {
                    if level == HeadingLevel::H1 {
                        self.warn_level_one_heading(at.clone());
                    }
                    self.follow_outline(level as u8, &at);
                }
                self.start_heading(level, id, classes, at);
            }
            Tag::BlockQuote(_) => self.start_quote(),
            Tag::CodeBlock(kind) => self.start_code(kind),
            Tag::List(start) => self.start_list(start),
            Tag::Item => {
                let id = self.block_id();
                self.open_tag("li", id.as_deref());
                if id.is_some() {
                    let passage = self.out.passages.len();
                    if let Some(&Some(list)) = self.open_lists.last() {
                        let end = passage + 1;
                        self.out.lists[list].items.push(ListItem { passage, end });
                    }
                }
                self.open_passage_opt(id);
            }
            Tag::FootnoteDefinition(label) => self.start_note(label.to_string(), at),
            Tag::Table(alignments) => self.start_table(alignments),
            Tag::TableHead => self.table.in_head = true,
            Tag::TableRow if !self.table.in_body => {
                self.table.in_body = true;
                self.html("<tbody>\n<tr>");
            }
            Tag::TableRow => self.html("<tr>"),
            Tag::TableCell => self.start_cell(),
            Tag::Emphasis => self.open_markup(Markup::Emphasis),
            Tag::Strong => self.open_markup(Markup::Strong),
            Tag::Strikethrough => self.open_markup(Markup::Strikethrough),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.start_link(link_type, &dest_url, &title, at),
            Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.image = Some(OpenImage {
                    dest: destination::classify(link_type, &dest_url, &[]),
                    title: title.to_string(),
                    alt: String::new(),
                    at,
                    depth: 0,
                });
            }
            _ => {}
        }
    }

    /// Raw HTML: gathered while an HTML block is open, else published at once.
    fn raw_html(&mut self, html: &str, at: Range<usize>) {
        match &mut self.raw {
            Some(raw) => raw.push(html, at, self.src),
            None => {
                let mut raw = RawText::default();
                raw.push(html, at, self.src);
                self.publish_raw(&mut raw);
            }
        }
    }

    /// Writes raw HTML out, its relative addresses as holes, and reports its scripts.
    fn publish_raw(&mut self, raw: &mut RawText) {
        let (pieces, found) = raw.take(self.src, self.settings.raw_html);
        self.diagnostics.extend(found);
        for piece in pieces {
            match piece {
                RawPiece::Html(html) => self.html(&html),
                RawPiece::Url(url) => {
                    let index = self.out.urls.len();
                    self.out.urls.push(url);
                    self.fragment().push(Piece::Url(index));
                }
            }
        }
    }

    /// A list; in a chapter's body, whose items are passages, it is recorded in
    /// [`ParsedText::lists`].
    fn start_list(&mut self, start: Option<u64>) {
        match start {
            Some(start) if start != 1 => self.html(&format!("<ol start=\"{start}\">\n")),
            Some(_) => self.html("<ol>\n"),
            None => self.html("<ul>\n"),
        }
        let recorded = self.mode == Mode::Chapter && matches!(self.target, Target::Body);
        let list = recorded.then(|| {
            self.out.lists.push(List {
                start,
                items: Vec::new(),
            });
            self.out.lists.len() - 1
        });
        self.open_lists.push(list);
    }

    fn start_paragraph(&mut self) {
        self.turn = Turn::Open;
        self.in_figure = self.figure_next;
        let id = self.block_id();
        self.open_tag(if self.in_figure { "figure" } else { "p" }, id.as_deref());
        self.open_passage_opt(id);
    }

    fn start_quote(&mut self) {
        let id = self.block_id();
        self.open_tag("blockquote", id.as_deref());
        self.html("\n");
        self.open_passage_opt(id);
    }

    /// Code is collected until its end, where it is highlighted as a whole.
    fn start_code(&mut self, kind: CodeBlockKind<'_>) {
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((language, String::new()));
    }

    /// A table is one passage, cited by its `¶` as a paragraph is. The id and the `¶`
    /// stand on a block of their own around the wrapper that lets a wide table scroll:
    /// inside that wrapper the `¶`, set in the gutter, would be cut off. The wrapper
    /// takes the keyboard's focus, so a reader without a mouse can scroll it.
    fn start_table(&mut self, alignments: Vec<Alignment>) {
        let id = self.block_id();
        self.table = OpenTable {
            alignments,
            cell: 0,
            in_head: true,
            in_body: false,
            anchored: id.is_some(),
        };
        if id.is_some() {
            self.open_tag("div class=\"table-passage\"", id.as_deref());
        }
        self.html("<div class=\"table-wrap\" tabindex=\"0\"><table>\n<thead>\n<tr>");
        self.open_passage_opt(id);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::HtmlBlock => {
                if let Some(mut raw) = self.raw.take() {
                    self.publish_raw(&mut raw);
                }
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.html("</blockquote>\n");
                self.close_passage_opt();
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::List(ordered) => {
                self.html(if ordered { "</ol>\n" } else { "</ul>\n" });
                self.open_lists.pop();
            }
            TagEnd::Item => {
                self.html("</li>\n");
                if let Some(&Some(list)) = self.open_lists.last() {
                    let end = self.out.passages.len();
                    if let Some(item) = self.out.lists[list].items.last_mut() {
                        item.end = end;
                    }
                }
                self.close_passage_opt();
            }
            TagEnd::FootnoteDefinition => self.end_note(),
            TagEnd::Table => {
                if self.table.in_body {
                    self.html("</tbody>\n");
                }
                self.html(if self.table.anchored {
                    "</table></div></div>\n"
                } else {
                    "</table></div>\n"
                });
                self.close_passage_opt();
            }
            TagEnd::TableHead => {
                self.html("</tr>\n</thead>\n");
                self.table.in_head = false;
                self.table.cell = 0;
            }
            TagEnd::TableRow => {
                self.html("</tr>\n");
                self.table.cell = 0;
            }
            TagEnd::TableCell => {
                self.html(if self.table.in_head { "</th>" } else { "</td>" });
                self.table.cell += 1;
            }
            TagEnd::Emphasis => self.close_markup(Markup::Emphasis),
            TagEnd::Strong => self.close_markup(Markup::Strong),
            TagEnd::Strikethrough => self.close_markup(Markup::Strikethrough),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.end_image(),
            _ => {}
        }
    }

    /// A paragraph that opened a speech turn makes its speaker the speaker of what
    /// follows. Only in the body: a note is the editor's, never a speech.
    fn end_paragraph(&mut self) {
        self.html(if self.in_figure {
            "</figure>\n"
        } else {
            "</p>\n"
        });
        self.in_figure = false;
        if let (Turn::Found(mention), Target::Body) = (self.turn, self.target) {
            self.speaker = Some(mention);
            let passage = self.current_passage();
            self.out.passages[passage].speaker = Some(mention);
        }
        self.turn = Turn::No;
        self.close_passage_opt();
    }

    /// The id of the next paragraph, list item or quote (chapter bodies only, not notes).
    fn block_id(&mut self) -> Option<String> {
        if self.mode != Mode::Chapter || matches!(self.target, Target::Note(_)) {
            return None;
        }
        let id = format!("p-{}", self.next_paragraph);
        self.next_paragraph += 1;
        Some(id)
    }

    /// Opens `tag`; when it has an id, its id and `¶` link are a hole for the passage
    /// about to be opened.
    fn open_tag(&mut self, tag: &str, id: Option<&str>) {
        if id.is_none() {
            return self.html(&format!("<{tag}>"));
        }
        self.html(&format!("<{tag}"));
        let passage = self.out.passages.len();
        self.fragment().push(Piece::Anchor { passage });
    }

    /// A block's id (`p-3`) need not join the ids a heading may not take: a heading
    /// never gets it anyway, as [`Writer::unique_id`] adds `-h` to an id that looks
    /// generated.
    fn open_passage_opt(&mut self, id: Option<String>) {
        if let Some(id) = id {
            self.open_passage(Anchor::Id(id));
        }
    }

    fn close_passage_opt(&mut self) {
        let innermost_is_block = self
            .open_passages
            .last()
            .is_some_and(|&p| matches!(self.out.passages[p].anchor, Anchor::Id(_)));
        if self.mode == Mode::Chapter && matches!(self.target, Target::Body) && innermost_is_block {
            self.open_passages.pop();
        }
    }

    /// Opens a passage; in the body it belongs to the current speech turn, if any.
    fn open_passage(&mut self, anchor: Anchor) -> usize {
        let index = self.out.passages.len();
        let speaker = match (&anchor, self.target) {
            (Anchor::Note(_), _) | (_, Target::Note(_)) => None,
            _ => self.speaker,
        };
        self.out.passages.push(Passage {
            anchor,
            text: Vec::new(),
            speaker,
            breaks: Vec::new(),
        });
        self.open_passages.push(index);
        self.written_at.push(index + 1);
        index
    }

    /// The passage text is added to: [`Writer::current_passage`], cut where passages
    /// of its own came in between since its last text (see [`Writer::written_at`]).
    fn writing_passage(&mut self) -> usize {
        let passage = self.current_passage();
        let now = self.out.passages.len();
        if self.written_at[passage] < now {
            let cut = &mut self.out.passages[passage];
            let run = cut.text.len();
            cut.breaks.push(Break { run, before: now });
        }
        self.written_at[passage] = now;
        passage
    }

    /// Sets the next text of the current passage apart from what it holds: a code
    /// block is a block of its own in a list item or a quote, not words of its text.
    fn set_apart(&mut self) {
        if let Some(&passage) = self.open_passages.last() {
            if !self.out.passages[passage].text.is_empty() {
                self.written_at[passage] = 0;
            }
        }
    }

    fn current_passage(&mut self) -> usize {
        match self.open_passages.last() {
            Some(&p) => p,
            // Text outside any block (a bare table cell, raw HTML) still needs a home.
            None => self.open_passage(Anchor::None),
        }
    }

    fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<pulldown_cmark::CowStr<'_>>,
        classes: Vec<pulldown_cmark::CowStr<'_>>,
        at: Range<usize>,
    ) {
        self.speaker = None;
        // The opening tag is known only at the end; an empty piece marks its place, so
        // the heading's text is not merged into the HTML before it.
        let insert_at = self.fragment().len();
        self.fragment().push(Piece::Html(String::new()));
        let passage = self.open_passage(Anchor::None);
        self.heading = Some(OpenHeading {
            level,
            id: id.map(|i| i.to_string()),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            insert_at,
            passage,
            text: String::new(),
            at,
        });
    }

    /// The chapter's title is its page's level-1 heading; a second one in the body
    /// breaks the page's outline for screen readers and the table of contents.
    fn warn_level_one_heading(&mut self, at: Range<usize>) {
        let line_end = self.src.text()[at.start..]
            .find('\n')
            .map_or(at.end, |i| at.start + i);
        let message = "a level-1 heading in a chapter: the chapter's title is already the page's level-1 heading";
        let d = self
            .src
            .diagnostic(Severity::Warning, at.start..line_end, message);
        self.diagnostics
            .push(d.with_hint("use ## for the chapter's sections"));
    }

    /// A heading more than one level below the one before it (the first, below the
    /// chapter's title, a level 1) skips a level of the page's outline: a screen
    /// reader's list of headings reads it as missing a section, and the W3C checker
    /// rejects the page. CommonMark writes `###` as `<h3>` whatever comes before, so
    /// the level is kept and the editor is told which one to write.
    fn follow_outline(&mut self, level: u8, at: &Range<usize>) {
        let above = self.outline_level.replace(level);
        if level <= above.unwrap_or(1) + 1 {
            return;
        }
        let line_end = self.src.text()[at.start..]
            .find('\n')
            .map_or(at.end, |i| at.start + i);
        let (message, hint) = match above {
            None => (
                format!("heading level {level} follows the chapter's title, level 1: the page's outline skips a level"),
                "write ## here: the chapter's title is the page's level-1 heading, so its sections start at ##".to_owned(),
            ),
            Some(above) => (
                format!("heading level {level} follows a heading of level {above}: the page's outline skips a level"),
                format!(
                    "write {} here, one level below the heading before it",
                    "#".repeat(usize::from(above) + 1)
                ),
            ),
        };
        let d = self
            .src
            .diagnostic(Severity::Warning, at.start..line_end, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        self.open_passages.pop();
        let custom = heading
            .id
            .as_deref()
            .filter(|id| self.custom_id_ok(id, &heading.at));
        let id = self
            .unique_id(custom.map_or_else(|| crate::slug::slugify(&heading.text), str::to_owned));
        if let Some(custom) = custom.filter(|c| *c != id) {
            self.warn_id_taken(custom, &id, &heading.at);
        }
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&heading.classes.join(" ")))
        };
        let open = format!(
            "<{} id=\"{id}\"{class}><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
            heading.level
        );
        self.fragment().insert(heading.insert_at, Piece::Html(open));
        self.html(&format!("</{}>\n", heading.level));
        self.out.passages[heading.passage].anchor = Anchor::Id(id.clone());
        let text = heading.text.trim().to_owned();
        self.out.headings.push(Heading {
            level: heading.level as u8,
            id,
            text,
        });
    }

    /// An editor's `{#id}` that another heading, a generated id or the page has taken:
    /// a link written to it would land elsewhere, so the id the heading got is said.
    fn warn_id_taken(&mut self, custom: &str, id: &str, heading: &Range<usize>) {
        let at = self.custom_id_at(custom, heading);
        let message = format!("heading id '{custom}' is taken, so the heading's id is '{id}'");
        let hint = "choose an id no other heading of the chapter has, not p-, fn-, fnref-, notes- or letter- with a number, nor one of the page's own (main, notes-heading…)";
        let d = self.src.diagnostic(Severity::Warning, at, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    /// Where `{#id}` stands in a heading (its first character when it cannot be found).
    fn custom_id_at(&self, id: &str, heading: &Range<usize>) -> Range<usize> {
        let written = format!("#{id}");
        self.src.text()[heading.clone()]
            .find(&written)
            .map_or(heading.start..heading.start + 1, |i| {
                heading.start + i..heading.start + i + written.len()
            })
    }

    /// Whether an editor's `{#id}` can stand in an `id` attribute and a link's fragment
    /// as it is; if not, it is reported and the heading gets its slug instead.
    fn custom_id_ok(&mut self, id: &str, heading: &Range<usize>) -> bool {
        let ok = id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            let at = self.custom_id_at(id, heading);
            let message =
                format!("heading id '{id}' may hold only letters, digits, '-', '_' and '.'");
            let d = self.src.diagnostic(Severity::Error, at, message);
            self.diagnostics
                .push(d.with_hint("write the id as a slug, e.g. {#second-plenum}"));
        }
        ok
    }

    /// A heading id that is not taken in this page (by another heading or by the page
    /// around the text, see [`PAGE_IDS`]) and cannot be mistaken for a generated one.
    fn unique_id(&mut self, slug: String) -> String {
        let looks_generated = GENERATED_ID_PREFIXES.iter().any(|p| {
            slug.strip_prefix(p)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        });
        let base = match (slug.is_empty(), looks_generated) {
            (true, _) => "section".to_owned(),
            (false, true) => format!("{slug}-h"),
            (false, false) => slug,
        };
        let mut id = base.clone();
        let mut n = 2;
        while PAGE_IDS.contains(&id.as_str()) || !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn end_code(&mut self) {
        let Some((language, code)) = self.code.take() else {
            return;
        };
        let highlighted = (!language.is_empty())
            .then(|| highlight::highlight(&code, &language))
            .flatten();
        let class = if language.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape(&language))
        };
        let inner = highlighted.unwrap_or_else(|| escape(&code));
        self.html(&format!("<pre><code{class}>{inner}</code></pre>\n"));
        self.set_apart();
        self.plain(&code);
        self.set_apart();
    }

    /// A reference link whose label no definition gives is published as its brackets;
    /// the editor meant a link.
    fn warn_undefined_reference(&mut self, at: Range<usize>, label: &str) {
        let message =
            format!("link reference [{label}] is not defined: the brackets are shown as text");
        let hint = format!(
            "define it on a line of its own, e.g. `[{label}]: ../static/map.png`, or write \\[ for a bracket that belongs to the text"
        );
        let d = self.src.diagnostic(Severity::Warning, at, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    /// GFM leaves out the cells of a row past the header's columns; the editor hears of
    /// it at the first one. `row` is where the row starts in `text`.
    fn warn_cells_left_out(&mut self, text: &str, row: usize, origin: Origin<'_>) {
        let line = &text[row..text[row..].find('\n').map_or(text.len(), |i| row + i)];
        let columns = self.table.alignments.len();
        let Some((lost, cells)) = super::table::excess_cells(line, columns) else {
            return;
        };
        let message = format!(
            "this row has {cells} cells but the table's header has {columns}: «{}» is left out",
            &line[lost.clone()]
        );
        let at = origin.map(row + lost.start..row + lost.end);
        let hint =
            "add a column to the table's header row, or write a | that belongs to the text as \\|";
        let d = self.src.diagnostic(Severity::Warning, at, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    /// A cell's text is set apart from the cell before it in the passage's plain text
    /// (snippets, search, TEI), so `| Кто | Где |` does not read as «КтоГде».
    fn start_cell(&mut self) {
        if self.table.cell > 0 || !self.table.in_head {
            self.plain(" ");
        }
        let tag = if self.table.in_head { "th" } else { "td" };
        let class = match self.table.alignments.get(self.table.cell) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        self.html(&format!("<{tag}{class}>"));
    }

    fn start_link(&mut self, link_type: LinkType, dest: &str, title: &str, at: Range<usize>) {
        let dest = destination::classify(link_type, dest, &self.settings.kinds);
        if let Destination::Mention { kind, id } = dest {
            let passage = self.current_passage();
            let index = self.out.mentions.len();
            self.out.mentions.push(Mention {
                kind,
                id,
                at,
                passage,
            });
            let pieces_before = self.fragment().len();
            self.fragment().push(Piece::MentionStart(index));
            self.links.push(OpenLink::Mention {
                index,
                pieces_before,
            });
            return;
        }
        if let (Destination::External(url), Mode::Chapter) = (&dest, self.mode) {
            if let Some(id) = url.strip_prefix('#') {
                let id = crate::html::decode_url(id);
                let at = at.clone();
                self.out.page_anchors.push(super::PageAnchor { id, at });
            }
        }
        self.html("<a href=\"");
        self.url(&dest, at, UrlKind::Link);
        if !title.is_empty() {
            self.html(&format!("\" title=\"{}", escape(title)));
        }
        self.html("\">");
        self.links.push(OpenLink::Plain);
    }

    fn end_link(&mut self) {
        self.close_link();
        if self.links.is_empty() {
            for (label, at) in std::mem::take(&mut self.calls_after_link) {
                self.note_call(label, at);
            }
        }
    }

    fn close_link(&mut self) {
        match self.links.pop() {
            Some(OpenLink::Mention {
                index,
                pieces_before,
            }) => {
                if self.fragment().len() == pieces_before + 1 {
                    self.fragment().push(Piece::MentionLabel(index));
                    // The link is already closed, so record the run as the mention's
                    // directly: snippets show the entry's label there.
                    let passage = self.writing_passage();
                    self.out.passages[passage].text.push(TextRun::Mention {
                        mention: index,
                        text: String::new(),
                    });
                }
                self.fragment().push(Piece::MentionEnd);
            }
            Some(OpenLink::Plain) => self.html("</a>"),
            None => {}
        }
    }

    /// An event inside an image's description: its text goes to the alt text, as the
    /// reference renderer writes it; the image's own end writes the image. A note call
    /// there (`![A plant[^z]](plant.png)`) cannot be published, the alt text being plain
    /// text: it is reported and left out. A call whose note is in the front matter is
    /// text to pulldown-cmark, so text is buffered as in a paragraph and scanned for
    /// calls before anything else joins the alt text.
    fn image_event(
        &mut self,
        event: Event<'_>,
        range: Range<usize>,
        text: &str,
        origin: Origin<'_>,
    ) {
        if let Event::Text(t) = &event {
            return self.push_text(t, range, text, origin);
        }
        self.flush_alt();
        let Some(image) = &mut self.image else {
            return;
        };
        match event {
            Event::Start(_) => image.depth += 1,
            Event::End(_) if image.depth == 0 => self.end_image(),
            Event::End(_) => image.depth -= 1,
            Event::Code(t) | Event::InlineHtml(t) => image.alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => image.alt.push(' '),
            Event::FootnoteReference(label) => self.warn_call_in_image(&label, origin.map(range)),
            _ => {}
        }
    }

    /// Writes the buffered text of an image's description into its alt text, without
    /// its note calls.
    fn flush_alt(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        for token in pending.scan_note_calls(self.src) {
            match token {
                Token::Text(range) => {
                    if let Some(image) = &mut self.image {
                        image.alt.push_str(pending.text(range));
                    }
                }
                Token::NoteCall(label, at) => self.warn_call_in_image(&label, at),
                Token::Citation(_) => {}
            }
        }
        self.pending = pending;
        self.pending.clear();
    }

    fn warn_call_in_image(&mut self, label: &str, at: Range<usize>) {
        let message = format!(
            "note [^{label}] is called in an image's description: it is left out of the alt text and not called"
        );
        let hint = "a note cannot be called from an image's description; call it after the image";
        let d = self.src.diagnostic(Severity::Warning, at, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        // A large image's web derivative links its original, unless the image is
        // itself inside a link (a link cannot hold another).
        let original = matches!(image.dest, Destination::Local(_)) && self.links.is_empty();
        let index = self.out.urls.len();
        if original {
            self.fragment().push(Piece::OriginalLink(index));
        }
        self.html("<img src=\"");
        let local = self.url(&image.dest, image.at, UrlKind::Image);
        self.html(&format!("\" alt=\"{}\"", escape(&image.alt)));
        if let Some(index) = local {
            self.fragment().push(Piece::ImageSize(index));
        }
        if !self.in_figure && !image.title.is_empty() {
            self.html(&format!(" title=\"{}\"", escape(&image.title)));
        }
        self.html(">");
        if original {
            self.fragment().push(Piece::OriginalLinkEnd(index));
        }
        if self.in_figure {
            self.html(&format!(
                "<figcaption>{}</figcaption>",
                escape(&image.title)
            ));
            self.plain(&image.title);
        }
    }

    /// A URL from the editor, percent-encoded as the reference renderer does: relative
    /// ones become holes that link resolves (to a chapter's page or a static file) and
    /// render writes relative to the page, and their index is returned. A
    /// `javascript:` address is reported as a script in raw HTML is.
    fn url(&mut self, dest: &Destination, at: Range<usize>, kind: UrlKind) -> Option<usize> {
        match dest {
            Destination::External(url) => {
                if url.starts_with('/') && !url.starts_with("//") {
                    self.warn_from_root(url, at.clone());
                }
                if super::raw_html::is_script_url(url) {
                    let what = match kind {
                        UrlKind::Link => "a javascript: URL in a link",
                        UrlKind::Image => "a javascript: URL in an image",
                    };
                    let what = what.to_owned();
                    let d = script_diagnostic(self.src, at, what, self.settings.raw_html);
                    self.diagnostics.push(d);
                }
                self.html(&escape(&encode_url(url)));
                None
            }
            Destination::Local(path) => {
                let index = self.out.urls.len();
                self.out.urls.push(LocalUrl {
                    dest: path.clone(),
                    at,
                    kind,
                    raw_html: false,
                });
                self.fragment().push(Piece::Url(index));
                Some(index)
            }
            Destination::Mention { .. } | Destination::Empty => None,
        }
    }

    /// `/static/map.png` works on a site served from a domain's root only: offline, the
    /// root is the disk's, and on GitHub Pages the edition lives under `/repo/`.
    fn warn_from_root(&mut self, url: &str, at: Range<usize>) {
        let message = format!(
            "the address '{url}' starts from the root of the web server, which is not the \
             edition's folder when it is read offline or published under a sub-path"
        );
        let hint = "write it relative to the file, e.g. ../static/map.png";
        let d = self.src.diagnostic(Severity::Warning, at, message);
        self.diagnostics.push(d.with_hint(hint));
    }

    fn start_note(&mut self, label: String, at: Range<usize>) {
        let index = self.out.notes.len();
        let passage = self.open_passage(Anchor::Note(index));
        self.out.notes.push(NoteDef {
            label,
            content: Fragment::new(),
            at,
            passage,
            inline: true,
        });
        self.target = Target::Note(index);
    }

    /// A note stays `inline` while it holds one paragraph (not a figure) and nothing
    /// else; a second block or a call of a note ends that.
    fn follow_note_shape(&mut self, note: usize, event: &Event<'_>) {
        let def = &mut self.out.notes[note];
        let block = match event {
            Event::Start(Tag::Paragraph) => !def.content.is_empty() || self.figure_next,
            Event::Start(
                Tag::HtmlBlock
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Table(_),
            )
            | Event::Rule => true,
            _ => false,
        };
        def.inline &= !block;
    }

    fn end_note(&mut self) {
        self.open_passages.pop();
        self.target = Target::Body;
    }

    fn note_call(&mut self, label: String, at: Range<usize>) {
        if !self.links.is_empty() {
            return self.calls_after_link.push((label, at));
        }
        if let Target::Note(note) = self.target {
            self.out.notes[note].inline = false;
        }
        let passage = self.writing_passage();
        let index = self.out.note_calls.len();
        let in_heading = self.heading.is_some();
        self.out.note_calls.push(NoteCall {
            label,
            at,
            passage,
            in_heading,
        });
        self.fragment().push(Piece::NoteCall(index));
        self.out.passages[passage]
            .text
            .push(TextRun::NoteCall(index));
    }

    /// Writes out buffered text: plain text, citations and literal note calls.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // Taken out while its tokens are written, so their text is read in place.
        let mut pending = std::mem::take(&mut self.pending);
        for token in pending.scan(self.src, &mut self.diagnostics) {
            match token {
                Token::Text(range) => self.text(pending.text(range)),
                Token::NoteCall(label, at) => self.note_call(label, at),
                Token::Citation(items) => {
                    let passage = self.writing_passage();
                    let index = self.out.citations.len();
                    let in_link = !self.links.is_empty();
                    self.out.citations.push(Citation {
                        items,
                        passage,
                        in_link,
                    });
                    self.fragment().push(Piece::Citation(index));
                    self.out.passages[passage]
                        .text
                        .push(TextRun::Citation(index));
                }
            }
        }
        pending.clear();
        self.pending = pending;
    }

    /// Running text. Its HTML and plain text are made apart and then copied in: written
    /// straight into the fragment and the passage, they took fewer instructions but
    /// left the heap so fragmented that peak memory grew by half (docs/performance.md).
    /// They are made in the writer's own scratch string, which every run reuses.
    fn text(&mut self, text: &str) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        typography::push_html(&mut scratch, text);
        self.html(&scratch);
        scratch.clear();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                scratch.push(' ');
            }
            scratch.push_str(line);
        }
        self.plain(&scratch);
        self.scratch = scratch;
    }

    /// Opens `markup`'s element in the HTML and its run in the passage's text.
    fn open_markup(&mut self, markup: Markup) {
        self.html(&format!("<{}>", element_of(markup)));
        self.markup(TextRun::Start(markup));
    }

    /// Closes what [`Self::open_markup`] opened.
    fn close_markup(&mut self, markup: Markup) {
        self.html(&format!("</{}>", element_of(markup)));
        self.markup(TextRun::End(markup));
    }

    /// Where inline markup opens or closes in the passage's text; not inside a mention,
    /// whose text stays one run (snippets pick it out whole), nor in an image's alt
    /// text, which has no markup.
    fn markup(&mut self, run: TextRun) {
        let in_mention = self
            .links
            .iter()
            .any(|l| matches!(l, OpenLink::Mention { .. }));
        if in_mention {
            return;
        }
        let passage = self.writing_passage();
        self.out.passages[passage].text.push(run);
    }

    /// Adds plain text to the passage (and the heading being written).
    fn plain(&mut self, text: &str) {
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
        self.push_run(text);
    }

    /// Appends `text` to the passage's last run when it continues it; only a new run
    /// takes a string of its own.
    fn push_run(&mut self, text: &str) {
        let mention = self.links.iter().rev().find_map(|l| match l {
            OpenLink::Mention { index, .. } => Some(*index),
            OpenLink::Plain => None,
        });
        let passage = self.writing_passage();
        let Passage {
            text: runs, breaks, ..
        } = &mut self.out.passages[passage];
        // A run that starts a piece is never merged into the last piece's.
        let last = match breaks.last() {
            Some(cut) if cut.run == runs.len() => None,
            _ => runs.last_mut(),
        };
        match (mention, last) {
            (Some(m), Some(TextRun::Mention { mention, text: t })) if *mention == m => {
                t.push_str(text)
            }
            (Some(m), _) => runs.push(TextRun::Mention {
                mention: m,
                text: text.to_owned(),
            }),
            (None, Some(TextRun::Text(t))) => t.push_str(text),
            (None, _) => runs.push(TextRun::Text(text.to_owned())),
        }
    }

    fn html(&mut self, html: &str) {
        let fragment = self.fragment();
        match fragment.last_mut() {
            Some(Piece::Html(last)) => last.push_str(html),
            _ => fragment.push(Piece::Html(html.to_owned())),
        }
    }

    fn fragment(&mut self) -> &mut Fragment {
        match self.target {
            Target::Body => &mut self.out.body,
            Target::Note(i) => &mut self.out.notes[i].content,
        }
    }

    /// Follows the opening events of a paragraph to see whether it opens a speech turn.
    fn track_turn(&mut self, event: &Event<'_>) {
        let mention_next = self.out.mentions.len();
        self.turn = match (self.turn, event) {
            (Turn::Open, Event::Start(Tag::Strong)) => Turn::InStrong,
            (
                Turn::InStrong,
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }),
            ) if matches!(
                destination::classify(*link_type, dest_url, &self.settings.kinds),
                Destination::Mention { .. }
            ) =>
            {
                Turn::InMention(mention_next)
            }
            (Turn::InMention(m), Event::End(TagEnd::Link)) => Turn::AfterMention(m, true),
            (Turn::InMention(m), _) => Turn::InMention(m),
            (Turn::AfterMention(m, true), Event::End(TagEnd::Strong)) => {
                Turn::AfterMention(m, false)
            }
            (Turn::AfterMention(m, _), Event::Text(t)) if t.starts_with([':', '.']) => {
                Turn::Found(m)
            }
            (Turn::Found(m), _) => Turn::Found(m),
            (Turn::Open, Event::Start(Tag::Paragraph)) => Turn::Open,
            _ => Turn::No,
        };
    }
}

/// pulldown-cmark's events of `text`, and the reference links whose label no
/// definition gives (each once, with its span).
fn read(text: &str, options: Options) -> (Vec<LocatedEvent<'_>>, Vec<(Range<usize>, String)>) {
    let mut broken = Vec::new();
    let note_broken = |link: BrokenLink<'_>| {
        // `[text][label]` and `[label][]` only: a lone `[sic]` is the editor's bracket.
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            broken.push((link.span, link.reference.to_string()));
        }
        None
    };
    let events = Parser::new_with_broken_link_callback(text, options, Some(note_broken))
        .into_offset_iter()
        .collect();
    broken.dedup();
    (events, broken)
}

/// The HTML element CommonMark writes for `markup` (inline code is written whole, with
/// its text escaped, where its event is read).
fn element_of(markup: Markup) -> &'static str {
    match markup {
        Markup::Emphasis => "em",
        Markup::Strong => "strong",
        Markup::Strikethrough => "del",
        Markup::Code => "code",
    }
}

#[cfg(test)]
mod tests {
    use super::{GENERATED_ID_PREFIXES, PAGE_IDS};

    /// Every id a built-in template writes is one no heading of the text can take: a
    /// fixed id is in `PAGE_IDS`, a numbered one (`notes-{{ loop.index }}`) starts with
    /// one of `GENERATED_ID_PREFIXES`, and `{{ note.id }}`, `{{ group.id }}` are made by
    /// the renderer from those prefixes.
    #[test]
    fn headings_of_the_text_cannot_take_an_id_of_the_templates() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let mut seen = 0;
        for file in std::fs::read_dir(folder).expect("the built-in templates") {
            let path = file.expect("a template").path();
            let template = std::fs::read_to_string(&path).expect("a template's text");
            for (at, attr) in template.match_indices(" id=\"") {
                let rest = &template[at + attr.len()..];
                let id = &rest[..rest.find('"').expect("a closed attribute")];
                let ok = match id.split_once("{{") {
                    None => PAGE_IDS.contains(&id),
                    Some(("", made)) => ["note.id }}", "group.id }}"].contains(&made.trim_start()),
                    Some((prefix, _)) => GENERATED_ID_PREFIXES.contains(&prefix),
                };
                assert!(ok, "{}: id=\"{id}\" is not reserved", path.display());
                seen += 1;
            }
        }
        assert!(seen > PAGE_IDS.len(), "the templates' ids were read");
    }
}
