//! Filling the holes of parsed text: mention links, citations, note calls, URLs; and
//! snippets of passages for the register and source pages.

use super::links::Links;
use crate::html::push_escaped;
use crate::link::{Chapter, Edition, EntryRef, LinkedText, Locator, UrlTarget, WebImage};
use crate::parse::{Anchor, Fragment, Passage, Piece, TextRun, typography};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

/// How many words a snippet shows on each side of the mention.
const SNIPPET_WORDS: usize = 12;

/// What filling holes needs: the edition, where the page is, and (in a chapter) the
/// chapter with the ids of its note calls, made once for the page's body and notes.
pub(super) struct Filler<'a> {
    edition: &'a Edition,
    links: &'a Links,
    chapter: Option<(&'a Chapter, Vec<Option<String>>)>,
}

impl<'a> Filler<'a> {
    /// Text outside the chapters (a register entry's description): no note calls.
    pub(super) fn new(edition: &'a Edition, links: &'a Links) -> Self {
        Self {
            edition,
            links,
            chapter: None,
        }
    }

    /// The text of `chapter`: its body and its notes.
    pub(super) fn in_chapter(edition: &'a Edition, links: &'a Links, chapter: &'a Chapter) -> Self {
        Self {
            edition,
            links,
            chapter: Some((chapter, note_call_ids(chapter))),
        }
    }

    /// The chapter, when the text is one's.
    pub(super) fn chapter(&self) -> Option<&'a Chapter> {
        self.chapter.as_ref().map(|(chapter, _)| *chapter)
    }

    /// The id of each note call of the chapter (`fnref-5`), by call; empty outside one.
    pub(super) fn call_ids(&self) -> &[Option<String>] {
        self.chapter.as_ref().map_or(&[], |(_, ids)| ids)
    }

    /// The links as seen from the page being made.
    pub(super) fn links(&self) -> &'a Links {
        self.links
    }

    /// The HTML of a fragment of `text`.
    pub(super) fn html(&self, text: &LinkedText, fragment: &Fragment) -> String {
        self.write(text, fragment, false)
    }

    /// The HTML of a chapter's body, where the first call of each one-paragraph note is
    /// followed by a copy of the note for the margin of a wide screen (`span.sidenote`).
    /// The copy carries no id: the note listed at the chapter's end keeps `fn-5`, so every
    /// link to a note and back resolves whether the margin is shown or not.
    pub(super) fn body_html(&self, text: &LinkedText, fragment: &Fragment) -> String {
        self.write(text, fragment, true)
    }

    fn write(&self, text: &LinkedText, fragment: &Fragment, sidenotes: bool) -> String {
        let mut out = String::with_capacity(capacity_for(fragment));
        for piece in fragment {
            match piece {
                Piece::Html(html) => out.push_str(html),
                Piece::MentionStart(m) => self.mention_start(&mut out, text.mentions[*m]),
                Piece::MentionEnd => out.push_str("</a>"),
                Piece::MentionLabel(m) => match text.mentions[*m] {
                    Some(entry) => typography::push_html(&mut out, &self.entry(entry).label),
                    None => push_escaped(&mut out, &text.parsed.mentions[*m].id),
                },
                Piece::Citation(c) => self.citation(&mut out, text, *c),
                Piece::NoteCall(n) => self.note_call(&mut out, text, *n, sidenotes),
                Piece::Url(u) => push_escaped(&mut out, &self.url(&text.urls[*u])),
                Piece::Anchor { passage } => self.anchor(&mut out, *passage),
                Piece::ImageSize(u) => {
                    let target = &text.urls[*u];
                    let size = match (self.web(target), target) {
                        (Some(web), _) => Some((web.width, web.height)),
                        (None, UrlTarget::Image { width, height, .. }) => Some((*width, *height)),
                        (None, _) => None,
                    };
                    if let Some((width, height)) = size {
                        let _ = write!(out, " width=\"{width}\" height=\"{height}\"");
                    }
                }
                Piece::OriginalLink(u) => {
                    if let (Some(_), UrlTarget::Image { path, .. }) =
                        (self.web(&text.urls[*u]), &text.urls[*u])
                    {
                        out.push_str("<a class=\"original\" href=\"");
                        push_escaped(&mut out, &self.links.to(path));
                        out.push_str("\">");
                    }
                }
                Piece::OriginalLinkEnd(u) => {
                    if self.web(&text.urls[*u]).is_some() {
                        out.push_str("</a>");
                    }
                }
            }
        }
        out
    }

    /// ` id="p-3">`, the `¶` link, and an empty element for each gone anchor that now
    /// lands here (so old links still find the passage).
    fn anchor(&self, out: &mut String, passage: usize) {
        let Some(chapter) = self.chapter() else {
            return out.push('>');
        };
        // Written straight into the page, not formatted and escaped into strings of
        // their own first: a chapter has a passage every few lines.
        let id = anchor_id(chapter, passage).unwrap_or_default();
        out.push_str(" id=\"");
        push_escaped(out, &id);
        out.push_str("\"><a class=\"anchor\" href=\"#");
        push_escaped(out, &id);
        out.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">¶</a>");
        for (_, old) in chapter.redirects.iter().filter(|(p, _)| *p == passage) {
            out.push_str("<span id=\"");
            push_escaped(out, old);
            out.push_str("\"></span>");
        }
    }

    fn url(&self, target: &UrlTarget) -> String {
        match target {
            UrlTarget::Chapter { chapter, fragment } => self
                .links
                .chapter(&self.edition.chapters[*chapter].slug, fragment.as_deref()),
            UrlTarget::File(path) | UrlTarget::Image { path, .. } => match self.web(target) {
                Some(web) => self.links.to(&web.path),
                None => self.links.to(path),
            },
        }
    }

    /// The web derivative the page shows for an image, when it was made.
    fn web<'t>(&self, target: &'t UrlTarget) -> Option<&'t WebImage> {
        match target {
            UrlTarget::Image { web: Some(web), .. } if self.links.is_made(&web.name) => Some(web),
            _ => None,
        }
    }

    fn entry(&self, entry: EntryRef) -> &crate::link::Entry {
        &self.edition.registers[entry.register].entries[entry.entry]
    }

    fn mention_start(&self, out: &mut String, target: Option<EntryRef>) {
        let Some(target) = target else {
            out.push_str("<a class=\"mention unresolved\">");
            return;
        };
        let kind = &self.edition.registers[target.register].kind;
        let entry = self.entry(target);
        let href = self.links.entry(kind, &entry.id);
        out.push_str("<a class=\"mention mention-");
        out.push_str(&kind.name);
        out.push_str("\" href=\"");
        push_escaped(out, &href);
        out.push_str("\" title=\"");
        push_escaped(out, &entry.name);
        out.push_str("\">");
    }

    /// A citation, each work linked to its source's page (as text inside a link).
    fn citation(&self, out: &mut String, text: &LinkedText, c: usize) {
        let citation = &text.parsed.citations[c];
        out.push_str("<span class=\"citation\">[");
        for (i, work) in citation.items.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            match text.citations[c][i].map(|s| &self.edition.sources[s]) {
                Some(source) => {
                    if !citation.in_link {
                        out.push_str("<a href=\"");
                        push_escaped(out, &self.links.source(&source.key));
                        out.push_str("\">");
                    }
                    push_escaped(out, &source.short);
                    if !citation.in_link {
                        out.push_str("</a>");
                    }
                    push_escaped(out, &locator_suffix(&source.short, work.locator.as_ref()));
                }
                None => push_escaped(out, &format!("@{}", work.key)),
            }
        }
        out.push_str("]</span>");
    }

    fn note_call(&self, out: &mut String, text: &LinkedText, n: usize, sidenote: bool) {
        let def = text.calls[n];
        let number = self
            .chapter()
            .zip(def)
            .and_then(|(chapter, def)| chapter.note_numbers[def]);
        match (
            number,
            def,
            self.call_ids().get(n).and_then(Option::as_deref),
        ) {
            (Some(number), Some(def), Some(id)) => {
                // Written into the page (a `String` never fails to take it).
                let _ = write!(
                    out,
                    "<sup class=\"note-ref\" id=\"{id}\"><a href=\"#fn-{number}\">{number}</a></sup>"
                );
                // Only the first call (`fnref-5`, not `fnref-5-2`) has the note beside it,
                // and not in a heading, which may not hold a note.
                let first = id.strip_prefix("fnref-").is_some_and(|n| !n.contains('-'));
                if sidenote && first && !text.parsed.note_calls[n].in_heading {
                    self.sidenote(out, text, def, number);
                }
            }
            _ => push_escaped(out, &format!("[^{}]", text.parsed.note_calls[n].label)),
        }
    }

    /// The copy of note `def` that stands beside its call: the note's one paragraph
    /// without its tags, so that it is phrasing content, valid inside the call's
    /// paragraph. A note of several blocks has none (see `NoteDef::inline`).
    fn sidenote(&self, out: &mut String, text: &LinkedText, def: usize, number: u32) {
        let note = &text.parsed.notes[def];
        if !note.inline {
            return;
        }
        let html = self.html(text, &note.content);
        // The writer opens an inline note's paragraph with `<p>` and closes it with `</p>\n`.
        let inner = html
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>\n"));
        if let Some(inner) = inner {
            let _ = write!(
                out,
                "<span class=\"sidenote\" role=\"note\"><span class=\"sidenote-number\">{number}</span> {inner}</span>"
            );
        }
    }
}

/// About how long the HTML of `fragment` is: its finished HTML and a link's or an
/// anchor's length for each hole. A chapter's body is tens of kilobytes, which a
/// string grown from empty copied over a dozen times as it doubled.
fn capacity_for(fragment: &Fragment) -> usize {
    /// What a hole takes, about (a mention's link with its title, a passage's anchor).
    const HOLE: usize = 96;
    fragment
        .iter()
        .map(|piece| match piece {
            Piece::Html(html) => html.len(),
            _ => HOLE,
        })
        .sum()
}

/// The id of each note call in a chapter page: `fnref-5`, and `fnref-5-2` for the second
/// call of the same note.
fn note_call_ids(chapter: &Chapter) -> Vec<Option<String>> {
    let mut seen = vec![0; chapter.note_numbers.len()];
    chapter
        .text
        .calls
        .iter()
        .map(|def| {
            let def = (*def)?;
            let number = chapter.note_numbers[def]?;
            seen[def] += 1;
            Some(match seen[def] {
                1 => format!("fnref-{number}"),
                k => format!("fnref-{number}-{k}"),
            })
        })
        .collect()
}

/// The id a passage can be linked to in its chapter page.
pub(super) fn anchor_id(chapter: &Chapter, passage: usize) -> Option<Cow<'_, str>> {
    match &chapter.text.parsed.passages.get(passage)?.anchor {
        Anchor::Id(id) => Some(Cow::Borrowed(id)),
        Anchor::Note(def) => chapter.note_numbers[*def].map(|n| Cow::Owned(format!("fn-{n}"))),
        Anchor::None => None,
    }
}

/// A passage's whole plain text as the reader sees it (mentions by their text or label,
/// citations by their short forms), for the search index.
pub(super) fn passage_text(edition: &Edition, text: &LinkedText, passage: usize) -> String {
    // Joined at once, not grown run by run (its reallocations were a twentieth of the
    // search stage).
    let shown: Vec<Cow<'_, str>> =
        shown_texts(edition, text, &text.parsed.passages[passage]).collect();
    shown.concat()
}

/// The runs of `passage` as the reader sees them (see [`run_text`]), a space where a
/// block cuts its text ([`Passage::cut_before`]).
fn shown_texts<'t>(
    edition: &'t Edition,
    text: &'t LinkedText,
    passage: &'t Passage,
) -> impl Iterator<Item = Cow<'t, str>> {
    (passage.text.iter().enumerate()).flat_map(move |(i, run)| {
        let cut = passage.cut_before(i).then_some(Cow::Borrowed(" "));
        cut.into_iter().chain([run_text(edition, text, run)])
    })
}

/// What a snippet is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Focus {
    /// A mention: it is picked out, with words on each side.
    Mention(usize),
    /// A citation: it is picked out, with words on each side.
    Citation(usize),
    /// The passage as a whole: its opening words.
    Start,
}

/// A passage in short, the mention or citation it is about picked out.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Snippet {
    /// Words before the focus.
    pub(super) before: String,
    /// The focus as the reader sees it (empty for [`Focus::Start`]).
    pub(super) hit: String,
    /// Words after it.
    pub(super) after: String,
}

/// Where a snippet's focus stands among its passage's runs: the runs before it
/// (`..before`), its own (`before`, when `after` is past it), and those after it
/// (`after..`). With no focus (or one not found) there is no run of its own, and every
/// run lies after it ([`Focus::Start`]) or before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split<'t> {
    passage: &'t Passage,
    before: usize,
    after: usize,
}

/// Where `focus` stands in passage `passage` of `text`: the reads of a snippet that go
/// far in memory (the passage's runs, the focus's run among them), apart from the words
/// read around it, so that a page's places can be located all together first (see
/// `pages::places`).
pub(super) fn split(text: &LinkedText, passage: usize, focus: Focus) -> Split<'_> {
    let passage = &text.parsed.passages[passage];
    let runs = &passage.text;
    let (before, after) = match focus {
        Focus::Start => (0, 0),
        _ => {
            match focus_run(text, focus).filter(|&f| f < runs.len() && is_focus(&runs[f], focus)) {
                Some(f) => (f, f + 1),
                None => (runs.len(), runs.len()),
            }
        }
    };
    Split {
        passage,
        before,
        after,
    }
}

/// About 25 words of a passage of `text` around its focus, the passage split there by
/// [`split`]; only the runs next to the focus are read (see [`SideWords`]).
pub(super) fn snippet_at(edition: &Edition, text: &LinkedText, at: Split<'_>) -> Snippet {
    let shown = |run| shown_run(edition, text, run);
    let Split {
        passage,
        before,
        after,
    } = at;
    let runs = &passage.text;
    let hit = match after > before {
        true => run_text(edition, text, &runs[before]).trim().to_owned(),
        false => String::new(),
    };
    // Each side read outwards from the focus, a cut ([`Passage::cut_before`]) between
    // two runs read as a space.
    let cut = |i: usize| passage.cut_before(i).then_some(Shown::Cut);
    let after_runs =
        move || (after..runs.len()).flat_map(move |i| cut(i).into_iter().chain([shown(&runs[i])]));
    let before_runs = (0..before)
        .rev()
        .flat_map(|i| cut(i + 1).into_iter().chain([shown(&runs[i])]));
    // About 25 words in all: a side that runs short lends its words to the other. Each
    // side is read for its own share first, and further only when the other runs
    // short: reading both for the whole 25 was half of the snippets' time.
    let total = 2 * SNIPPET_WORDS;
    let after_of = |limit| SideWords::new(after_runs(), Side::After, limit);
    let mut after = after_of(SNIPPET_WORDS);
    // More than its share after the focus (the share and one more were read) leaves the
    // share before it; fewer, all of them were read.
    let before_words = SNIPPET_WORDS.max(total - after.words.min(total));
    let before = SideWords::new(before_runs, Side::Before, before_words);
    let before_has = before.words.min(before_words);
    let after_words = total - before_has;
    if after_words > SNIPPET_WORDS && after.words > SNIPPET_WORDS {
        after = after_of(after_words);
    }
    Snippet {
        before: before.show(before_words),
        hit,
        after: after.show(after_words),
    }
}

/// Where the focus stands among its passage's runs, as link recorded it: looking it up
/// run by run would take time in the square of a paragraph's mentions.
fn focus_run(text: &LinkedText, focus: Focus) -> Option<usize> {
    match focus {
        Focus::Mention(m) => text.mention_runs.get(m).copied().flatten(),
        Focus::Citation(c) => text.citation_runs.get(c).copied().flatten(),
        Focus::Start => None,
    }
}

fn is_focus(run: &TextRun, focus: Focus) -> bool {
    match run {
        TextRun::Text(_) | TextRun::NoteCall(_) | TextRun::Start(_) | TextRun::End(_) => false,
        TextRun::Mention { mention, .. } => focus == Focus::Mention(*mention),
        TextRun::Citation(c) => focus == Focus::Citation(*c),
    }
}

/// A run as the reader sees it: a mention with no text of its own shows the entry's
/// label, a citation its sources' short forms.
fn run_text<'t>(edition: &'t Edition, text: &'t LinkedText, run: &'t TextRun) -> Cow<'t, str> {
    match shown_run(edition, text, run) {
        Shown::Text(t) => Cow::Borrowed(t),
        Shown::Cut => Cow::Borrowed(" "),
        Shown::Citation(cite) => {
            let mut out = String::new();
            cite.push(&mut out);
            Cow::Owned(out)
        }
    }
}

/// A run as the reader sees it (see [`run_text`]), the words of a citation not yet
/// made: a snippet writes them into a buffer of its own, not into a string apiece.
#[derive(Clone, Copy)]
enum Shown<'t> {
    /// Text of the edition's own: the passage's, or an entry's label.
    Text(&'t str),
    /// A citation, shown by its sources' short forms.
    Citation(Cite<'t>),
    /// Not a run: a block cuts the text between two runs ([`Passage::cut_before`]).
    Cut,
}

/// A citation of a text, to be written as the reader sees it: `[Совет…, 1936. С. 38]`.
#[derive(Clone, Copy)]
struct Cite<'t> {
    edition: &'t Edition,
    text: &'t LinkedText,
    citation: usize,
}

impl Cite<'_> {
    /// Appends the citation to `out`.
    fn push(self, out: &mut String) {
        let Self {
            edition,
            text,
            citation: c,
        } = self;
        out.push('[');
        let works = text.parsed.citations[c].items.iter();
        for (i, (work, source)) in works.zip(&text.citations[c]).enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            match source.map(|s| &edition.sources[s]) {
                Some(source) => {
                    out.push_str(&source.short);
                    out.push_str(&locator_suffix(&source.short, work.locator.as_ref()));
                }
                None => {
                    out.push('@');
                    out.push_str(&work.key);
                }
            }
        }
        out.push(']');
    }
}

/// How `run` shows (see [`Shown`]).
fn shown_run<'t>(edition: &'t Edition, text: &'t LinkedText, run: &'t TextRun) -> Shown<'t> {
    match run {
        TextRun::Text(t) => Shown::Text(t),
        TextRun::Mention { mention, text: t } if t.is_empty() => {
            Shown::Text(label_of(edition, text.mentions[*mention]))
        }
        TextRun::Mention { text: t, .. } => Shown::Text(t),
        TextRun::Citation(c) => Shown::Citation(Cite {
            edition,
            text,
            citation: *c,
        }),
        TextRun::NoteCall(_) | TextRun::Start(_) | TextRun::End(_) => Shown::Text(""),
    }
}

/// `text` with its whitespace folded, and, when longer than `max` characters, cut after
/// its last whole word that fits, without a trailing comma, semicolon or colon, and
/// ending in «…» (a page's description, a preview card's sentence).
pub(super) fn cut_at_word(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let gap = usize::from(!out.is_empty());
        if chars + gap + len > max {
            out.truncate(out.trim_end_matches([',', ';', ':']).len());
            out.push('…');
            break;
        }
        if gap == 1 {
            out.push(' ');
        }
        out.push_str(word);
        chars += gap + len;
    }
    out
}

/// The whole of a text as the reader sees it, without markup (a description for
/// machine-readable data); its passages are joined by spaces.
pub(super) fn plain_text(edition: &Edition, text: &LinkedText) -> String {
    let passages =
        (text.parsed.passages.iter()).map(|p| shown_texts(edition, text, p).collect::<String>());
    let joined = passages.collect::<Vec<_>>().join(" ");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which side of the focus runs are gathered for, read outwards from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// What follows a source's short form in a citation: `. С. 38` (no second full stop
/// when the short form ends with one).
pub(super) fn locator_suffix(short: &str, locator: Option<&Locator>) -> String {
    let Some(locator) = locator else {
        return String::new();
    };
    let joiner = if short.ends_with('.') { " " } else { ". " };
    format!("{joiner}{}", locator.display())
}

fn label_of(edition: &Edition, entry: Option<EntryRef>) -> &str {
    entry.map_or("", |e| {
        &edition.registers[e.register].entries[e.entry].label
    })
}

/// The most words a side holds: a whole snippet's, one more to know whether words were
/// cut, and the first word of a run that goes on the word before it, until the two are
/// joined. A side has at most as many phrases as words.
const SIDE_MAX: usize = 2 * SNIPPET_WORDS + 2;

/// Where the text of a [`Phrase`] is.
#[derive(Debug, Clone, Copy)]
enum Span<'t> {
    /// In a run of the passage's own text, or of an entry's label.
    Own(&'t str),
    /// Made up (a citation's words, a word joined across two runs): bytes of
    /// [`SideWords::made`].
    Made(usize, usize),
}

/// Words of one side of a snippet that stand in one run with a single space between
/// each two, as the snippet shows them: copied into it at once, not word by word.
#[derive(Debug, Clone, Copy)]
struct Phrase<'t> {
    span: Span<'t>,
    /// How many words it holds.
    words: usize,
}

/// The words of one side of a snippet's focus, nearest the focus first: as many as a
/// snippet may show and one more, to know whether words were cut.
///
/// A snippet is made for every mention and citation and a passage may be long, so the
/// runs are read outwards from the focus only until there are enough words, and each
/// word is found once. The words are kept where they stand, as phrases in an array on
/// the stack; a citation's text is written into one buffer, `made`, not into strings of
/// its own: a vector per run read and a string per citation and per word of one were
/// most of what a snippet cost.
struct SideWords<'t> {
    side: Side,
    /// The phrases, nearest the focus first.
    phrases: [Phrase<'t>; SIDE_MAX],
    /// How many of `phrases` were found.
    len: usize,
    /// How many words they hold.
    words: usize,
    /// The made-up words' text.
    made: String,
    /// Whether a space parts the side from the focus.
    spaced: bool,
}

impl<'t> SideWords<'t> {
    /// Reads `runs`, given outwards from the focus, until there are `limit + 1` words
    /// (`limit` at most a whole snippet's).
    fn new(runs: impl Iterator<Item = Shown<'t>>, side: Side, limit: usize) -> Self {
        let limit = limit.min(SIDE_MAX - 2);
        let empty = Phrase {
            span: Span::Made(0, 0),
            words: 0,
        };
        let mut phrases = [empty; SIDE_MAX];
        let (mut len, mut words) = (0, 0);
        let mut made = String::new();
        let mut spaced = None;
        // Whether the words so far end (outwards) inside a word that the next run may go on.
        let mut edge_in_word = false;
        for run in runs {
            let base = made.len();
            let text = match run {
                Shown::Text(t) => t,
                Shown::Citation(cite) => {
                    cite.push(&mut made);
                    &made[base..]
                }
                Shown::Cut => {
                    // The words on either side of a cut are apart, as across a space.
                    spaced.get_or_insert(true);
                    edge_in_word = false;
                    continue;
                }
            };
            let (Some(inner), Some(outer)) =
                (run_edge(text, side, true), run_edge(text, side, false))
            else {
                continue;
            };
            spaced.get_or_insert(inner.is_whitespace());
            let joins = edge_in_word && !inner.is_whitespace();
            let wanted = limit + 1 - words + usize::from(joins);
            let start = len;
            side_words(text, side, wanted, |bytes, count| {
                phrases[len] = Phrase {
                    span: match run {
                        Shown::Text(t) => Span::Own(&t[bytes]),
                        Shown::Citation(_) | Shown::Cut => {
                            Span::Made(base + bytes.start, base + bytes.end)
                        }
                    },
                    words: count,
                };
                len += 1;
                words += count;
            });
            if joins && start > 0 && len > start {
                // The run goes on the word the last run ended with (`[@k]x`): the two
                // phrases become one, its words a space apart but for the joined one.
                let (near, far) = (phrases[start - 1], phrases[start]);
                let (near_text, far_text) =
                    (span_text(near.span, &made), span_text(far.span, &made));
                let joined = match side {
                    Side::After => [near_text, far_text].concat(),
                    Side::Before => [far_text, near_text].concat(),
                };
                let at = made.len();
                made.push_str(&joined);
                phrases[start - 1] = Phrase {
                    span: Span::Made(at, made.len()),
                    words: near.words + far.words - 1,
                };
                phrases.copy_within(start + 1..len, start);
                len -= 1;
                words -= 1;
            }
            edge_in_word = !outer.is_whitespace();
            if words > limit {
                break;
            }
        }
        Self {
            side,
            phrases,
            len,
            words,
            made,
            spaced: spaced.unwrap_or(false),
        }
    }

    /// The `count` words nearest the focus in reading order, with `…` where words were
    /// cut, and the space that parts them from the focus.
    fn show(&self, count: usize) -> String {
        if self.words == 0 {
            // Nothing to show, and no string made for it.
            return String::new();
        }
        // The phrases kept, nearest the focus first, and the words kept of the last.
        let (mut kept, mut last, mut left) = (0, 0, count);
        while kept < self.len && left > 0 {
            last = self.phrases[kept].words.min(left);
            left -= last;
            kept += 1;
        }
        // The last phrase kept is cut only when `count` is not what the side was read
        // for (see [`side_words`]).
        let text = |i: usize| {
            let phrase = &self.phrases[i];
            let text = span_text(phrase.span, &self.made);
            match i + 1 == kept && last < phrase.words {
                true => nearest_words(text, self.side, last),
                false => text,
            }
        };
        let cut = self.words > count;
        let space = if self.spaced && kept > 0 { " " } else { "" };
        // Written into one string sized once: a snippet is made for every place.
        let length = (0..kept).map(|i| text(i).len() + 1).sum::<usize>() + "… ".len() + 1;
        let mut shown = String::with_capacity(length);
        match self.side {
            Side::Before => {
                if cut {
                    shown.push_str("… ");
                }
                push_joined(&mut shown, (0..kept).rev().map(text));
                shown.push_str(space);
            }
            Side::After => {
                shown.push_str(space);
                push_joined(&mut shown, (0..kept).map(text));
                if cut {
                    shown.push_str(" …");
                }
            }
        }
        shown
    }
}

/// The text of `span`, whose made-up words are in `made`.
fn span_text<'w>(span: Span<'w>, made: &'w str) -> &'w str {
    match span {
        Span::Own(text) => text,
        Span::Made(from, to) => &made[from..to],
    }
}

/// The `count` words of the phrase `text` nearest the focus (`count` fewer than it
/// holds): its words are a single space apart.
fn nearest_words(text: &str, side: Side, count: usize) -> &str {
    // The bytes of the `count` words and the spaces between them.
    let length = |words: &mut dyn Iterator<Item = &str>| {
        words.take(count).map(|w| w.len() + 1).sum::<usize>() - 1
    };
    match side {
        Side::After => &text[..length(&mut text.split(' '))],
        Side::Before => &text[text.len() - length(&mut text.rsplit(' '))..],
    }
}

/// Appends `words` to `out`, a space between each two.
fn push_joined<'w>(out: &mut String, words: impl Iterator<Item = &'w str>) {
    for (i, word) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The character of `run` next to the focus (`inner`) or away from it.
fn run_edge(run: &str, side: Side, inner: bool) -> Option<char> {
    match (side, inner) {
        (Side::After, true) | (Side::Before, false) => run.chars().next(),
        (Side::After, false) | (Side::Before, true) => run.chars().next_back(),
    }
}

/// Up to `count` words of `text`, nearest the focus first, as phrases: each run of
/// words that stand a single space (` `) apart is given to `phrase` as its byte range
/// and its number of words. The words are what `split_whitespace` finds (see
/// [`each_word`]); a snippet copies a phrase at once, where word by word was a fifth
/// of its time.
fn side_words(text: &str, side: Side, count: usize, mut phrase: impl FnMut(Range<usize>, usize)) {
    if count == 0 {
        return;
    }
    let bytes = text.as_bytes();
    // The phrase being gathered: its bytes and its words.
    let mut open: Option<(Range<usize>, usize)> = None;
    let mut found = 0;
    each_word(text, side, |word| {
        // The last word wanted is one more than a snippet shows, to tell that words were
        // cut: it stands apart, so that the snippet ends with a whole phrase.
        let last = found + 1 == count;
        // Whether the word stands a single space outwards from the phrase, and goes on it.
        let goes_on = |open: &Range<usize>| match side {
            Side::After => open.end + 1 == word.start && bytes[open.end] == b' ',
            Side::Before => word.end + 1 == open.start && bytes[word.end] == b' ',
        };
        match &mut open {
            Some((open, words)) if !last && goes_on(open) => {
                match side {
                    Side::After => open.end = word.end,
                    Side::Before => open.start = word.start,
                }
                *words += 1;
            }
            _ => {
                if let Some((done, words)) = open.replace((word, 1)) {
                    phrase(done, words);
                }
            }
        }
        found += 1;
        found < count
    });
    if let Some((done, words)) = open {
        phrase(done, words);
    }
}

/// Gives `word` the byte range of each word of `text`, nearest the focus first, until
/// it says to stop: what `split_whitespace` finds, found faster. The bytes are looked
/// at eight at a time for the few that can start a whitespace character (see
/// [`space_starts`]), and only those are decoded (see [`space_len`]).
fn each_word(text: &str, side: Side, mut word: impl FnMut(Range<usize>) -> bool) {
    let bytes = text.as_bytes();
    let chunks = bytes.len().div_ceil(8);
    // The length of the whitespace character at `at`, a marked byte (the plain space
    // without a call).
    let space_at = |at: usize| match bytes[at] {
        b' ' => 1,
        _ => space_len(text, at),
    };
    match side {
        Side::After => {
            // Where the word being read begins: just after the last space.
            let mut start = 0;
            for chunk in 0..chunks {
                let mut starts = space_starts(bytes, chunk * 8);
                while starts != 0 {
                    let at = chunk * 8 + starts.trailing_zeros() as usize / 8;
                    starts &= starts - 1;
                    let n = space_at(at);
                    if n == 0 {
                        continue;
                    }
                    if at > start && !word(start..at) {
                        return;
                    }
                    start = at + n;
                }
            }
            if start < bytes.len() {
                word(start..bytes.len());
            }
        }
        Side::Before => {
            // Where the word being read ends: just before the last space met, backwards.
            let mut end = bytes.len();
            for chunk in (0..chunks).rev() {
                let mut starts = space_starts(bytes, chunk * 8);
                while starts != 0 {
                    let bit = 63 - starts.leading_zeros();
                    let at = chunk * 8 + bit as usize / 8;
                    starts ^= 1 << bit;
                    let n = space_at(at);
                    if n == 0 {
                        continue;
                    }
                    if at + n < end && !word(at + n..end) {
                        return;
                    }
                    end = at;
                }
            }
            if end > 0 {
                word(0..end);
            }
        }
    }
}

/// The bytes from `at` to `at + 8` of `bytes` that may start a whitespace character,
/// each marked by its top bit (the first byte's is bit 7): a byte below `!` (ASCII
/// whitespace and control characters), or `C0` to `C3` (U+0085, U+00A0, and Latin
/// letters) or `E0` to `E3` (U+1680, U+2000–U+205F, U+3000, and other characters). Past
/// the end of `bytes` none is marked.
///
/// Each byte is tested apart, so no byte is marked for its neighbour's sake, and the
/// marks are read with `trailing_zeros` and `leading_zeros`: a chunk of a word costs
/// a dozen instructions, whatever it holds. A marked byte that starts no space costs a
/// decoding (see [`space_len`]); Cyrillic letters start with `D0` and `D1`.
fn space_starts(bytes: &[u8], at: usize) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    const LOW: u64 = ONES * 0x7F;
    // Bytes past the end are letters, which start no space.
    let mut eight = [b'a'; 8];
    match bytes.get(at..at + 8) {
        Some(chunk) => eight.copy_from_slice(chunk),
        None => {
            let tail = &bytes[at..];
            eight[..tail.len()].copy_from_slice(tail);
        }
    }
    let x = u64::from_le_bytes(eight);
    // Below 0x21: the low seven bits plus 0x5F reach the top bit from 0x21 on, and
    // never carry into the next byte.
    let below = !(((x & LOW) + ONES * (0x5F)) | x) & HIGH;
    // `C0`–`C3` and `E0`–`E3`: the bytes that differ from `C2` only in bits 5, 1 and 0;
    // the rest of those bits is zero when its low seven bits plus 0x7F do not reach the
    // top bit.
    let lead = (x ^ (ONES * 0xC2)) & (ONES * 0xDC);
    below | (!(((lead & LOW) + LOW) | lead) & HIGH)
}

/// The length in bytes of the whitespace character that starts at byte `i` of `text`,
/// a byte that [`space_starts`] marks; 0 when it starts another character.
///
/// Cyrillic and most other letters start with other bytes, so a word is passed over
/// without decoding its characters, where `split_whitespace` decodes each: that was a
/// tenth of a large build.
fn space_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return usize::from(b.is_ascii_whitespace() || b == 0x0B);
    }
    match text[i..].chars().next() {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_with_ellipses() {
        let long = (1..=20)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let show = |text: &str, side| {
            let runs = [Shown::Text(text)].into_iter();
            SideWords::new(runs, side, SNIPPET_WORDS).show(SNIPPET_WORDS)
        };
        assert_eq!(
            show(&format!("{long} "), Side::Before),
            "… 9 10 11 12 13 14 15 16 17 18 19 20 "
        );
        assert_eq!(
            show(&format!(" {long}"), Side::After),
            " 1 2 3 4 5 6 7 8 9 10 11 12 …"
        );
        assert_eq!(show(", и всё.", Side::After), ", и всё.");
    }

    /// Whether [`space_starts`] should mark the byte `b`.
    fn marked(b: u8) -> bool {
        b < 0x21 || (0xC0..=0xC3).contains(&b) || (0xE0..=0xE3).contains(&b)
    }

    #[test]
    fn every_whitespace_character_starts_with_a_marked_byte() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut utf8 = [0; 4];
                let first = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(marked(first), "{c:?}");
            }
        }
    }

    #[test]
    fn the_bytes_marked_are_exactly_those_that_may_start_a_space() {
        let marks = |bytes: &[u8]| {
            let starts = space_starts(bytes, 0);
            (0..8)
                .filter(|i| starts >> (8 * i + 7) & 1 == 1)
                .collect::<Vec<_>>()
        };
        // Neighbours that are marked, that are not, and that sit at the edges of the
        // ranges tested.
        let neighbours = [
            0x00, 0x20, 0x21, 0x7F, 0x80, 0xC1, 0xC2, 0xC3, 0xD0, 0xE3, 0xE4, 0xFF,
        ];
        for b in 0..=u8::MAX {
            for neighbour in neighbours {
                for at in 0..8 {
                    let mut chunk = [neighbour; 8];
                    chunk[at] = b;
                    let expected: Vec<usize> = (0..8).filter(|&i| marked(chunk[i])).collect();
                    assert_eq!(
                        marks(&chunk),
                        expected,
                        "{b:#x} at {at} among {neighbour:#x}"
                    );
                }
            }
        }
        // Past the end of the text nothing is marked.
        assert_eq!(marks(b" a"), [0]);
        assert_eq!(marks("жё\u{A0}".as_bytes()), [4]);
    }

    /// What a side of a snippet shows, the plain way: the words `split_whitespace`
    /// finds in its runs laid end to end (a word goes on across runs that no space
    /// parts), the `count` nearest the focus, with `…` where more were found.
    fn side_as_joined(runs: &[String], side: Side, limit: usize, count: usize) -> (usize, String) {
        let joined = runs.concat();
        let mut words: Vec<&str> = joined.split_whitespace().collect();
        let inner = match side {
            Side::After => joined.chars().next(),
            Side::Before => {
                words.reverse();
                joined.chars().next_back()
            }
        };
        words.truncate(limit + 1);
        let found = words.len();
        let cut = found > count;
        words.truncate(count);
        let space = match inner {
            Some(c) if c.is_whitespace() && !words.is_empty() => " ",
            _ => "",
        };
        let shown = match side {
            Side::After => format!("{space}{}{}", words.join(" "), if cut { " …" } else { "" }),
            Side::Before => {
                words.reverse();
                format!("{}{}{space}", if cut { "… " } else { "" }, words.join(" "))
            }
        };
        (found, shown)
    }

    /// The words [`side_words`] gives, nearest the focus first, each phrase's a single
    /// space apart.
    fn side_split(text: &str, side: Side, count: usize) -> Vec<&str> {
        let mut words = Vec::new();
        side_words(text, side, count, |phrase, count| {
            let phrase = text[phrase].split(' ');
            let outwards: Vec<&str> = match side {
                Side::After => phrase.collect(),
                Side::Before => phrase.rev().collect(),
            };
            assert_eq!(outwards.len(), count, "{outwards:?}");
            words.extend(outwards);
        });
        words
    }

    proptest::proptest! {
        #[test]
        fn words_are_those_split_whitespace_finds(
            text in "[ a\t\n\u{0B}\u{85}\u{A0}\u{1680}\u{2003}\u{2028}\u{202F}\u{3000}\u{2010}\u{E0}\u{800}жё€]{0,40}|[ жё€\u{A0}]{0,12}[жё]{8,60}[ жё\n\u{2003}]{0,12}",
            count in 0usize..8,
        ) {
            let after: Vec<&str> = text.split_whitespace().take(count).collect();
            let before: Vec<&str> = text.split_whitespace().rev().take(count).collect();
            proptest::prop_assert_eq!(side_split(&text, Side::After, count), after);
            proptest::prop_assert_eq!(side_split(&text, Side::Before, count), before);
        }

        #[test]
        fn a_side_shows_the_words_of_its_runs_laid_end_to_end(
            runs in proptest::collection::vec("[  a\n\u{A0}\u{2003}жё,é]{0,9}", 0..8),
            limit in 0usize..=2 * SNIPPET_WORDS,
            count in 0usize..=2 * SNIPPET_WORDS,
        ) {
            // Words past `limit + 1` are not read, so a side is shown up to its limit
            // (or whole, when it has no more words).
            for side in [Side::After, Side::Before] {
                let shown = runs.iter().map(|run| Shown::Text(run));
                let words = match side {
                    Side::After => SideWords::new(shown, side, limit),
                    Side::Before => SideWords::new(shown.rev(), side, limit),
                };
                let (found, expected) = side_as_joined(&runs, side, limit, count);
                proptest::prop_assert_eq!(words.words, found);
                if count <= limit || found <= limit {
                    proptest::prop_assert_eq!(words.show(count), expected);
                }
            }
        }
    }
}
