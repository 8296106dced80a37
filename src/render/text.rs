//! Filling the holes of parsed text: mention links, citations, note calls, URLs; and
//! snippets of passages for the register and source pages.

use super::links::Links;
use crate::html::push_escaped;
use crate::link::{Chapter, Edition, EntryRef, LinkedText, Locator, UrlTarget, WebImage};
use crate::parse::{Anchor, Fragment, Piece, TextRun, typography};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;

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
                Piece::Anchor { passage, control } => self.anchor(&mut out, *passage, *control),
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
    fn anchor(&self, out: &mut String, passage: usize, control: bool) {
        let Some(chapter) = self.chapter() else {
            return out.push('>');
        };
        // Written straight into the page, not formatted and escaped into strings of
        // their own first: a chapter has a passage every few lines.
        let id = anchor_id(chapter, passage).unwrap_or_default();
        out.push_str(" id=\"");
        push_escaped(out, &id);
        out.push_str("\">");
        if control {
            out.push_str("<a class=\"anchor\" href=\"#");
            push_escaped(out, &id);
            out.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">¶</a>");
        }
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

    fn citation(&self, out: &mut String, text: &LinkedText, c: usize) {
        out.push_str("<span class=\"citation\">[");
        for (i, work) in text.parsed.citations[c].items.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            match text.citations[c][i].map(|s| &self.edition.sources[s]) {
                Some(source) => {
                    let href = self.links.source(&source.key);
                    out.push_str("<a href=\"");
                    push_escaped(out, &href);
                    out.push_str("\">");
                    push_escaped(out, &source.short);
                    out.push_str("</a>");
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
                // Only the first call (`fnref-5`, not `fnref-5-2`) has the note beside it.
                let first = id.strip_prefix("fnref-").is_some_and(|n| !n.contains('-'));
                if sidenote && first {
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
    let runs = &text.parsed.passages[passage].text;
    let shown: Vec<Cow<'_, str>> = runs
        .iter()
        .map(|run| run_text(edition, text, run))
        .collect();
    shown.concat()
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

/// About 25 words of a passage around its focus; only the runs next to the focus are
/// read (see [`SideWords`]).
pub(super) fn snippet(
    edition: &Edition,
    text: &LinkedText,
    passage: usize,
    focus: Focus,
) -> Snippet {
    let runs = &text.parsed.passages[passage].text;
    let shown = |run| run_text(edition, text, run);
    // Where the focus is; with none (or not found), every run lies before it.
    let (hit, before_runs, after_runs) = match focus {
        Focus::Start => (String::new(), &runs[..0], &runs[..]),
        _ => {
            match focus_run(text, focus).filter(|&f| f < runs.len() && is_focus(&runs[f], focus)) {
                Some(f) => (
                    shown(&runs[f]).trim().to_owned(),
                    &runs[..f],
                    &runs[f + 1..],
                ),
                None => (String::new(), &runs[..], &runs[..0]),
            }
        }
    };
    // About 25 words in all: a side that runs short lends its words to the other. Each
    // side is read for its own share first, and further only when the other runs
    // short: reading both for the whole 25 was half of the snippets' time.
    let total = 2 * SNIPPET_WORDS;
    let after_of = |limit| SideWords::new(after_runs.iter().map(shown), Side::After, limit);
    let mut after = after_of(SNIPPET_WORDS);
    // More than its share after the focus (the share and one more were read) leaves the
    // share before it; fewer, all of them were read.
    let before_words = SNIPPET_WORDS.max(total - after.words.len().min(total));
    let before = SideWords::new(
        before_runs.iter().rev().map(shown),
        Side::Before,
        before_words,
    );
    let before_has = before.words.len().min(before_words);
    let after_words = total - before_has;
    if after_words > SNIPPET_WORDS && after.words.len() > SNIPPET_WORDS {
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
        TextRun::Text(_) | TextRun::NoteCall(_) => false,
        TextRun::Mention { mention, .. } => focus == Focus::Mention(*mention),
        TextRun::Citation(c) => focus == Focus::Citation(*c),
    }
}

/// A run as the reader sees it: a mention with no text of its own shows the entry's
/// label, a citation its sources' short forms.
fn run_text<'t>(edition: &Edition, text: &'t LinkedText, run: &'t TextRun) -> Cow<'t, str> {
    match run {
        TextRun::Text(t) => Cow::Borrowed(t),
        TextRun::Mention { mention, text: t } if t.is_empty() => {
            Cow::Owned(label_of(edition, text.mentions[*mention]))
        }
        TextRun::Mention { text: t, .. } => Cow::Borrowed(t),
        TextRun::Citation(c) => Cow::Owned(citation_text(edition, text, *c)),
        TextRun::NoteCall(_) => Cow::Borrowed(""),
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
    let passages = text.parsed.passages.iter().map(|p| {
        p.text
            .iter()
            .map(|run| run_text(edition, text, run))
            .collect::<String>()
    });
    let joined = passages.collect::<Vec<_>>().join(" ");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which side of the focus runs are gathered for, read outwards from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// A citation as plain text, as the reader sees it: `[Совет…, 1936. С. 38]`.
fn citation_text(edition: &Edition, text: &LinkedText, c: usize) -> String {
    let works: Vec<String> = text.parsed.citations[c]
        .items
        .iter()
        .zip(&text.citations[c])
        .map(|(work, source)| match source.map(|s| &edition.sources[s]) {
            Some(source) => format!(
                "{}{}",
                source.short,
                locator_suffix(&source.short, work.locator.as_ref())
            ),
            None => format!("@{}", work.key),
        })
        .collect();
    format!("[{}]", works.join("; "))
}

/// What follows a source's short form in a citation: `. С. 38` (no second full stop
/// when the short form ends with one).
fn locator_suffix(short: &str, locator: Option<&Locator>) -> String {
    let Some(locator) = locator else {
        return String::new();
    };
    let joiner = if short.ends_with('.') { " " } else { ". " };
    format!("{joiner}{}", locator.display())
}

fn label_of(edition: &Edition, entry: Option<EntryRef>) -> String {
    entry.map_or_else(String::new, |e| {
        edition.registers[e.register].entries[e.entry].label.clone()
    })
}

/// The words of one side of a snippet's focus, nearest the focus first: as many as a
/// snippet may show and one more, to know whether words were cut.
///
/// A snippet is made for every mention and citation and a passage may be long, so the
/// runs are read outwards from the focus only until there are enough words, and each
/// word is found once; only words of made-up runs (citations, labels) are copied.
struct SideWords<'t> {
    side: Side,
    words: Vec<Cow<'t, str>>,
    /// Whether a space parts the side from the focus.
    spaced: bool,
}

impl<'t> SideWords<'t> {
    /// Reads `runs`, given outwards from the focus, until there are `limit + 1` words.
    fn new(runs: impl Iterator<Item = Cow<'t, str>>, side: Side, limit: usize) -> Self {
        let mut words: Vec<Cow<'t, str>> = Vec::new();
        let mut spaced = None;
        // Whether the words so far end (outwards) inside a word that the next run may go on.
        let mut edge_in_word = false;
        for run in runs {
            let (Some(inner), Some(outer)) =
                (run_edge(&run, side, true), run_edge(&run, side, false))
            else {
                continue;
            };
            spaced.get_or_insert(inner.is_whitespace());
            let joins = edge_in_word && !inner.is_whitespace();
            let wanted = limit + 1 - words.len() + usize::from(joins);
            let start = words.len();
            match run {
                Cow::Borrowed(text) => {
                    words.extend(
                        side_split(text, side, wanted)
                            .into_iter()
                            .map(Cow::Borrowed),
                    );
                }
                Cow::Owned(text) => words.extend(
                    side_split(&text, side, wanted)
                        .into_iter()
                        .map(|w| Cow::Owned(w.to_owned())),
                ),
            }
            if joins && start > 0 && words.len() > start {
                // The run goes on the word the last run ended with (`[@k]x`).
                let first = words.remove(start);
                let last = std::mem::take(&mut words[start - 1]);
                words[start - 1] = match side {
                    Side::After => Cow::Owned(last.into_owned() + &first),
                    Side::Before => Cow::Owned(first.into_owned() + &last),
                };
            }
            edge_in_word = !outer.is_whitespace();
            if words.len() > limit {
                break;
            }
        }
        Self {
            side,
            words,
            spaced: spaced.unwrap_or(false),
        }
    }

    /// The `count` words nearest the focus in reading order, with `…` where words were
    /// cut, and the space that parts them from the focus.
    fn show(&self, count: usize) -> String {
        let kept = &self.words[..count.min(self.words.len())];
        let cut = self.words.len() > count;
        let space = if self.spaced && !kept.is_empty() {
            " "
        } else {
            ""
        };
        // Written into one string sized once: a snippet is made for every place.
        let length = kept.iter().map(|w| w.len() + 1).sum::<usize>() + "… ".len() + 1;
        let mut shown = String::with_capacity(length);
        match self.side {
            Side::Before => {
                if cut {
                    shown.push_str("… ");
                }
                push_joined(&mut shown, kept.iter().rev());
                shown.push_str(space);
            }
            Side::After => {
                shown.push_str(space);
                push_joined(&mut shown, kept.iter());
                if cut {
                    shown.push_str(" …");
                }
            }
        }
        shown
    }
}

/// Appends `words` to `out`, a space between each two.
fn push_joined<'w>(out: &mut String, words: impl Iterator<Item = &'w Cow<'w, str>>) {
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

/// Up to `count` words of `text`, nearest the focus first: what
/// `split_whitespace` gives, found faster: the bytes are scanned for the few that can
/// start a whitespace character (see [`space_len`]) and only those are decoded.
fn side_split(text: &str, side: Side, count: usize) -> Vec<&str> {
    // Sized once: growing it word by word was half of this function's time.
    let mut words = Vec::with_capacity(count.min(2 * SNIPPET_WORDS + 2));
    let bytes = text.as_bytes();
    match side {
        Side::After => {
            // `start`: where the word being read began.
            let (mut i, mut start) = (0, None);
            while words.len() < count {
                let next = next_space_start(bytes, i).unwrap_or(bytes.len());
                if next > i {
                    start.get_or_insert(i);
                }
                if next == bytes.len() {
                    break;
                }
                match space_len(text, next) {
                    0 => {
                        start.get_or_insert(next);
                        i = next + 1;
                    }
                    n => {
                        words.extend(start.take().map(|s| &text[s..next]));
                        i = next + n;
                    }
                }
            }
            if words.len() < count {
                words.extend(start.map(|s| &text[s..]));
            }
        }
        Side::Before => {
            // `end`: where the word being read (backwards) ends.
            let (mut i, mut end) = (bytes.len(), None);
            while words.len() < count {
                let Some(p) = last_space_start(bytes, i) else {
                    if i > 0 {
                        end.get_or_insert(i);
                    }
                    break;
                };
                let n = space_len(text, p);
                if n == 0 || p + n < i {
                    end.get_or_insert(i);
                }
                if n > 0 {
                    words.extend(end.take().map(|e| &text[p + n..e]));
                }
                i = p;
            }
            if words.len() < count {
                words.extend(end.map(|e| &text[..e]));
            }
        }
    }
    words
}

/// Where the first byte at or after `from` that [`may_start_space`] is.
///
/// Eight bytes are looked at together (see [`chunk_may_start_space`]) and only a chunk
/// that may hold one is read byte by byte: a snippet's side reads hundreds of bytes of
/// words for every place on an entry's page, and byte by byte that was a fortieth of a
/// build.
fn next_space_start(bytes: &[u8], from: usize) -> Option<usize> {
    let mut start = from;
    loop {
        while let Some(chunk) = bytes.get(start..start + 8) {
            if chunk_may_start_space(chunk) {
                break;
            }
            start += 8;
        }
        let end = (start + 8).min(bytes.len());
        if let Some(p) = bytes[start..end].iter().position(|&b| may_start_space(b)) {
            return Some(start + p);
        }
        if end == bytes.len() {
            return None;
        }
        start = end;
    }
}

/// Where the last byte before `before` that [`may_start_space`] is: the same as
/// [`next_space_start`], backwards.
fn last_space_start(bytes: &[u8], before: usize) -> Option<usize> {
    let mut end = before;
    loop {
        while let Some(chunk) = end.checked_sub(8).map(|start| &bytes[start..end]) {
            if chunk_may_start_space(chunk) {
                break;
            }
            end -= 8;
        }
        let start = end.saturating_sub(8);
        if let Some(p) = bytes[start..end].iter().rposition(|&b| may_start_space(b)) {
            return Some(start + p);
        }
        if start == 0 {
            return None;
        }
        end = start;
    }
}

/// Whether any of the eight bytes of `chunk` may be one that [`may_start_space`]: a
/// byte below `!`, `C2`, or `E0` to `E3`. It may say yes for a chunk without one (a
/// control character, `E0`), never no for a chunk with one.
fn chunk_may_start_space(chunk: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut eight = [0; 8];
    eight.copy_from_slice(chunk);
    let x = u64::from_le_bytes(eight);
    // Whether a byte of `v` is below `n` (`n` at most 0x80), and whether one is zero.
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH != 0;
    below(x, 0x21) || below(x ^ (ONES * 0xC2), 1) || below((x & (ONES * 0xFC)) ^ (ONES * 0xE0), 1)
}

/// Whether the byte `b` can start a whitespace character: ASCII whitespace, or the lead
/// byte of U+0085 and U+00A0 (`C2`), U+1680 (`E1`), U+2000–U+205F (`E2`), U+3000 (`E3`).
fn may_start_space(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3
    )
}

/// The length in bytes of the whitespace character that starts at byte `i` of `text`,
/// a byte for which [`may_start_space`] holds; 0 when it starts another character.
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
            let runs = [Cow::Borrowed(text)].into_iter();
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

    #[test]
    fn a_chunk_with_a_byte_that_may_start_a_space_is_always_read() {
        for b in 0..=u8::MAX {
            for at in 0..8 {
                // Cyrillic letters around it: their bytes (D0, D1, 80–BF) start no space.
                let mut chunk = *b"\xd0\xb6\xd1\x91\xd0\xb6\xd1\x91";
                chunk[at] = b;
                if may_start_space(b) {
                    assert!(chunk_may_start_space(&chunk), "{b:#x} at {at}");
                }
            }
        }
        assert!(!chunk_may_start_space("жёжё".as_bytes()));
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
    }
}
