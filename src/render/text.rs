//! Filling the holes of parsed text: mention links, citations, note calls, URLs; and
//! snippets of passages for the register and source pages.

use super::links::Links;
use crate::html::{escape, push_escaped};
use crate::link::{Chapter, Edition, EntryRef, LinkedText, Locator, UrlTarget};
use crate::parse::{Anchor, Fragment, Piece, TextRun};
use serde::Serialize;

/// How many words a snippet shows on each side of the mention.
const SNIPPET_WORDS: usize = 12;

/// What filling holes needs: the edition, where the page is, and (in a chapter) the ids
/// of the note calls.
pub(super) struct Filler<'a> {
    pub(super) edition: &'a Edition,
    pub(super) links: &'a Links,
    pub(super) chapter: Option<&'a Chapter>,
}

impl Filler<'_> {
    /// The HTML of a fragment of `text`.
    pub(super) fn html(
        &self,
        text: &LinkedText,
        fragment: &Fragment,
        call_ids: &[Option<String>],
    ) -> String {
        let mut out = String::new();
        for piece in fragment {
            match piece {
                Piece::Html(html) => out.push_str(html),
                Piece::MentionStart(m) => self.mention_start(&mut out, text.mentions[*m]),
                Piece::MentionEnd => out.push_str("</a>"),
                Piece::MentionLabel(m) => match text.mentions[*m] {
                    Some(entry) => push_escaped(&mut out, &self.entry(entry).label),
                    None => push_escaped(&mut out, &text.parsed.mentions[*m].id),
                },
                Piece::Citation(c) => self.citation(&mut out, text, *c),
                Piece::NoteCall(n) => self.note_call(&mut out, text, *n, call_ids),
                Piece::Url(u) => push_escaped(&mut out, &self.url(&text.urls[*u])),
            }
        }
        out
    }

    fn url(&self, target: &UrlTarget) -> String {
        match target {
            UrlTarget::Chapter { chapter, fragment } => self
                .links
                .chapter(&self.edition.chapters[*chapter].slug, fragment.as_deref()),
            UrlTarget::File(path) => self.links.to(path),
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
        out.push_str(&format!(
            "<a class=\"mention mention-{}\" href=\"{}\" title=\"{}\">",
            kind.name,
            escape(&href),
            escape(&entry.name)
        ));
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
                    out.push_str(&format!(
                        "<a href=\"{}\">{}</a>",
                        escape(&href),
                        escape(&source.short)
                    ));
                    push_escaped(out, &locator_suffix(&source.short, work.locator.as_deref()));
                }
                None => push_escaped(out, &format!("@{}", work.key)),
            }
        }
        out.push_str("]</span>");
    }

    fn note_call(
        &self,
        out: &mut String,
        text: &LinkedText,
        n: usize,
        call_ids: &[Option<String>],
    ) {
        let number = self
            .chapter
            .zip(text.calls[n])
            .and_then(|(chapter, def)| chapter.note_numbers[def]);
        match (number, call_ids.get(n).cloned().flatten()) {
            (Some(number), Some(id)) => out.push_str(&format!(
                "<sup class=\"note-ref\" id=\"{id}\"><a href=\"#fn-{number}\">{number}</a></sup>"
            )),
            _ => push_escaped(out, &format!("[^{}]", text.parsed.note_calls[n].label)),
        }
    }
}

/// The id of each note call in a chapter page: `fnref-5`, and `fnref-5-2` for the second
/// call of the same note.
pub(super) fn note_call_ids(chapter: &Chapter) -> Vec<Option<String>> {
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
pub(super) fn anchor_id(chapter: &Chapter, passage: usize) -> Option<String> {
    match &chapter.text.parsed.passages.get(passage)?.anchor {
        Anchor::Id(id) => Some(id.clone()),
        Anchor::Note(def) => chapter.note_numbers[*def].map(|n| format!("fn-{n}")),
        Anchor::None => None,
    }
}

/// What a snippet is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// About 25 words of a passage around its focus.
pub(super) fn snippet(
    edition: &Edition,
    text: &LinkedText,
    passage: usize,
    focus: Focus,
) -> Snippet {
    let (mut before, mut hit, mut after) = (String::new(), String::new(), String::new());
    let mut found = false;
    for run in &text.parsed.passages[passage].text {
        let (part, is_focus) = match run {
            TextRun::Text(t) => (t.clone(), false),
            TextRun::Mention {
                mention: m,
                text: t,
            } => {
                let shown = if t.is_empty() {
                    label_of(edition, text.mentions[*m])
                } else {
                    t.clone()
                };
                (shown, focus == Focus::Mention(*m))
            }
            TextRun::Citation(c) => (
                citation_text(edition, text, *c),
                focus == Focus::Citation(*c),
            ),
        };
        let target = match (is_focus && !found, found || focus == Focus::Start) {
            (true, _) => &mut hit,
            (false, true) => &mut after,
            (false, false) => &mut before,
        };
        target.push_str(&part);
        found |= is_focus;
    }
    // About 25 words in all: a side that runs short lends its words to the other.
    let total = 2 * SNIPPET_WORDS;
    let after_has = after.split_whitespace().take(total).count();
    let before_words = SNIPPET_WORDS.max(total - after_has);
    let before_has = before.split_whitespace().rev().take(before_words).count();
    Snippet {
        before: tail_words(&before, before_words),
        hit: hit.trim().to_owned(),
        after: head_words(&after, total - before_has),
    }
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
                locator_suffix(&source.short, work.locator.as_deref())
            ),
            None => format!("@{}", work.key),
        })
        .collect();
    format!("[{}]", works.join("; "))
}

/// What follows a source's short form in a citation: `. С. 38` (no second full stop
/// when the short form ends with one).
fn locator_suffix(short: &str, locator: Option<&str>) -> String {
    let Some(locator) = locator else {
        return String::new();
    };
    let joiner = if short.ends_with('.') { " " } else { ". " };
    format!("{joiner}{}", Locator::parse(locator).display())
}

fn label_of(edition: &Edition, entry: Option<EntryRef>) -> String {
    entry.map_or_else(String::new, |e| {
        edition.registers[e.register].entries[e.entry].label.clone()
    })
}

/// The last `count` words of `text`, with `…` when words were cut. Only the
/// words kept are visited: a snippet is made for every mention, and passages are long.
fn tail_words(text: &str, count: usize) -> String {
    let mut words: Vec<&str> = text.split_whitespace().rev().take(count + 1).collect();
    let cut = words.len() > count;
    words.truncate(count);
    words.reverse();
    let lead = if cut { "… " } else { "" };
    let space = if text.ends_with(char::is_whitespace) && !words.is_empty() {
        " "
    } else {
        ""
    };
    format!("{lead}{}{space}", words.join(" "))
}

/// The first `count` words of `text`, with `…` when words were cut.
fn head_words(text: &str, count: usize) -> String {
    let mut words: Vec<&str> = text.split_whitespace().take(count + 1).collect();
    let cut = words.len() > count;
    words.truncate(count);
    let space = if text.starts_with(char::is_whitespace) && !words.is_empty() {
        " "
    } else {
        ""
    };
    let trail = if cut { " …" } else { "" };
    format!("{space}{}{trail}", words.join(" "))
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
        assert_eq!(
            tail_words(&format!("{long} "), SNIPPET_WORDS),
            "… 9 10 11 12 13 14 15 16 17 18 19 20 "
        );
        assert_eq!(
            head_words(&format!(" {long}"), SNIPPET_WORDS),
            " 1 2 3 4 5 6 7 8 9 10 11 12 …"
        );
        assert_eq!(head_words(", и всё.", SNIPPET_WORDS), ", и всё.");
    }
}
