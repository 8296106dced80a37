//! Runs of text → plain text, Pandoc citations and note calls.
//!
//! pulldown-cmark hands a citation such as `[@sovet1936, с. 38]` over as several text
//! events (`[`, `@sovet1936, с. 38`, `]`), split again at a line break, and a note call
//! whose note lives in the front matter as literal `[^11]`. So text is buffered until the
//! next non-text event and scanned as one string, keeping a map back to file offsets.

use super::citation;
use super::offsets::OffsetMap;
use super::{CitedWork, Locator};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use std::ops::Range;

/// Text waiting to be scanned, with where each part came from.
#[derive(Default)]
pub(crate) struct Pending {
    buf: String,
    offsets: OffsetMap,
    /// Where the events whose first character was written with a backslash (`\[`)
    /// start in `buf`, in order.
    escaped: Vec<usize>,
}

/// What a scanned run holds, in order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// Text (may hold `\n` where the source had a soft line break): its range in the
    /// buffer, read with [`Pending::text`] before the buffer is cleared.
    Text(Range<usize>),
    /// A bracket of citations.
    Citation(Vec<CitedWork>),
    /// `[^label]` with its file range.
    NoteCall(String, Range<usize>),
}

impl Pending {
    /// Adds a text event; `file` is its range in the file, `source_text` what the file
    /// holds there, `escaped` whether a backslash precedes it.
    pub(crate) fn push(
        &mut self,
        text: &str,
        file: Range<usize>,
        source_text: &str,
        escaped: bool,
    ) {
        if escaped {
            self.escaped.push(self.buf.len());
        }
        self.offsets.push(self.buf.len(), file, source_text == text);
        self.buf.push_str(text);
    }

    /// Whether nothing is buffered.
    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Scans the buffer; the text of its [`Token::Text`] stays in the buffer until
    /// [`Pending::clear`], so no run of text is copied out of it on the way.
    pub(crate) fn scan(&self, src: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> Vec<Token> {
        Scanner {
            pending: self,
            src,
            diagnostics,
            tokens: Vec::new(),
            text_from: 0,
            citations: true,
        }
        .scan()
    }

    /// Scans the buffer for note calls alone, for text that is not published as HTML
    /// (an image's description, its alt text): a citation there is left as its text,
    /// and nothing is reported but what [`Token::NoteCall`] tells the caller.
    pub(crate) fn scan_note_calls(&self, src: &SourceText) -> Vec<Token> {
        Scanner {
            pending: self,
            src,
            diagnostics: &mut Vec::new(),
            tokens: Vec::new(),
            text_from: 0,
            citations: false,
        }
        .scan()
    }

    /// The text of a [`Token::Text`] that [`Pending::scan`] gave.
    pub(crate) fn text(&self, range: Range<usize>) -> &str {
        &self.buf[range]
    }

    /// Empties the buffer, keeping its room for the next run.
    pub(crate) fn clear(&mut self) {
        self.buf.clear();
        self.offsets.clear();
        self.escaped.clear();
    }

    fn file_range(&self, range: Range<usize>) -> Range<usize> {
        self.offsets.file_range(range)
    }

    /// Whether the text event that starts at `at` was written with a backslash. The
    /// starts are in buffer order, so this is a binary search, not a walk.
    fn is_escaped(&self, at: usize) -> bool {
        self.escaped.binary_search(&at).is_ok()
    }
}

struct Scanner<'a> {
    pending: &'a Pending,
    src: &'a SourceText,
    diagnostics: &'a mut Vec<Diagnostic>,
    tokens: Vec<Token>,
    text_from: usize,
    /// Whether brackets are read as citations too, or only as note calls.
    citations: bool,
}

impl Scanner<'_> {
    /// A bracket is a `[` and the first `]` after it with no other `[` between (so
    /// `[a [@k] b]` holds one citation). Each `[` and `]` is searched for once, from
    /// where the last search of its kind ended, so a long run of brackets stays linear.
    fn scan(mut self) -> Vec<Token> {
        let buf = &self.pending.buf;
        let find = |c: char, from: usize| buf[from..].find(c).map(|i| from + i);
        let mut open = find('[', 0);
        let mut close = None;
        while let Some(start) = open {
            let end = match close {
                Some(end) if end > start => end,
                _ => match find(']', start) {
                    Some(end) => end,
                    None => break,
                },
            };
            close = Some(end);
            open = find('[', start + 1);
            let innermost = open.is_none_or(|next| next > end);
            if !innermost || self.pending.is_escaped(start) {
                continue;
            }
            if let Some(token) = self.bracket(start, &buf[start + 1..end]) {
                self.push_text_until(start);
                self.tokens.push(token);
                self.text_from = end + 1;
            }
        }
        self.push_text_until(buf.len());
        self.warn_unclosed();
        self.tokens
    }

    /// A citation whose `]` never comes is published as its text; Pandoc would do the
    /// same, and the editor meant a citation. A `[` is closed by the `]` that balances
    /// it (found in one pass with a stack, so a run of many brackets stays linear); a
    /// `[@key` left open at the end of the run is reported.
    fn warn_unclosed(&mut self) {
        let buf = &self.pending.buf;
        if !self.citations || !buf.contains('@') {
            return;
        }
        let mut open = Vec::new();
        for (at, c) in buf.match_indices(['[', ']']) {
            if self.pending.is_escaped(at) {
                continue;
            }
            if c == "[" {
                open.push(at);
            } else {
                open.pop();
            }
        }
        for at in open {
            let Some(len) = citation::opening(&buf[at + 1..]) else {
                continue;
            };
            let span = self.pending.file_range(at..at + 1 + len);
            let message = format!(
                "citation '[{}' is not closed: it is published as text",
                buf[at + 1..at + 1 + len].trim_start()
            );
            let hint = "close the citation with ] in the same paragraph, with no emphasis, code or link inside it: [@key, p. 38]";
            let d = self.src.diagnostic(Severity::Warning, span, message);
            self.diagnostics.push(d.with_hint(hint));
        }
    }

    /// The token a bracket `[inner]` at `open` stands for, if it is one.
    fn bracket(&mut self, open: usize, inner: &str) -> Option<Token> {
        if let Some(label) = inner.strip_prefix('^') {
            let ok = !label.is_empty() && !label.contains(char::is_whitespace);
            let at = self.pending.file_range(open..open + inner.len() + 2);
            return ok.then(|| Token::NoteCall(label.to_owned(), at));
        }
        if !self.citations || !citation::looks_like_citation(inner) {
            return None;
        }
        match citation::parse_items(inner) {
            Ok(items) => Some(Token::Citation(self.cited_works(open, items))),
            Err(message) => {
                let at = self.pending.file_range(open..open + inner.len() + 2);
                let d = self
                    .src
                    .diagnostic(Severity::Error, at, message)
                    .with_hint("write citations as [@key, p. 38] or [@key1, p. 5; @key2]");
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn cited_works(&self, open: usize, items: Vec<citation::CiteItem>) -> Vec<CitedWork> {
        items
            .into_iter()
            .map(|item| {
                let key_at = open + 1 + item.key_at.start..open + 1 + item.key_at.end;
                CitedWork {
                    key: item.key,
                    locator: item.locator.as_deref().map(Locator::parse),
                    at: self.pending.file_range(key_at),
                }
            })
            .collect()
    }

    fn push_text_until(&mut self, end: usize) {
        if end > self.text_from {
            self.tokens.push(Token::Text(self.text_from..end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scanned token, its text read from the buffer.
    #[derive(Debug, PartialEq, Eq)]
    enum Read {
        Text(String),
        Citation(Vec<CitedWork>),
        NoteCall(String, Range<usize>),
    }

    fn scan(events: &[(&str, Range<usize>)], file: &str) -> (Vec<Read>, Vec<Diagnostic>) {
        let src = SourceText::new("c.md", file);
        let mut pending = Pending::default();
        for (text, range) in events {
            let escaped = range.start > 0 && file.as_bytes()[range.start - 1] == b'\\';
            pending.push(text, range.clone(), &file[range.clone()], escaped);
        }
        let mut diagnostics = Vec::new();
        let tokens = pending.scan(&src, &mut diagnostics);
        let read = tokens
            .into_iter()
            .map(|token| match token {
                Token::Text(range) => Read::Text(pending.text(range).to_owned()),
                Token::Citation(works) => Read::Citation(works),
                Token::NoteCall(label, at) => Read::NoteCall(label, at),
            })
            .collect();
        (read, diagnostics)
    }

    #[test]
    fn citation_split_over_events_and_a_line_break() {
        let file = "См. [@k,\nс. 4; @b]";
        let events = [
            ("См. ", 0..6),
            ("[", 6..7),
            ("@k,", 7..10),
            ("\n", 10..11),
            ("с. 4; @b", 11..20),
            ("]", 20..21),
        ];
        let (tokens, diagnostics) = scan(&events, file);
        assert!(diagnostics.is_empty());
        let Read::Citation(works) = &tokens[1] else {
            panic!("{tokens:?}")
        };
        assert_eq!(
            works[0].locator.as_ref().map(|l| l.text.as_str()),
            Some("с. 4")
        );
        assert_eq!(&file[works[1].at.clone()], "@b");
        assert_eq!(tokens[0], Read::Text("См. ".into()));
    }

    #[test]
    fn note_call_and_escaped_bracket() {
        let file = r"a[^11] \[@x]";
        let events = [
            ("a", 0..1),
            ("[", 1..2),
            ("^11", 2..5),
            ("]", 5..6),
            (" ", 6..7),
            ("[@x", 8..11),
            ("]", 11..12),
        ];
        let (tokens, _) = scan(&events, file);
        assert_eq!(tokens[1], Read::NoteCall("11".into(), 1..6));
        assert_eq!(tokens[2], Read::Text(" [@x]".into()));
    }

    #[test]
    fn the_innermost_bracket_is_the_citation() {
        let file = r"[see [@k, p. 1] and \[@x] or [@y] there]";
        let slash = file.find('\\').unwrap();
        let events = [
            (&file[..slash], 0..slash),
            (&file[slash + 1..], slash + 1..file.len()),
        ];
        let (tokens, diagnostics) = scan(&events, file);
        assert!(diagnostics.is_empty());
        let keys: Vec<&str> = tokens
            .iter()
            .filter_map(|t| match t {
                Read::Citation(works) => Some(works[0].key.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(keys, ["k", "y"]);
        assert_eq!(tokens[0], Read::Text("[see ".into()));
        assert_eq!(tokens.last(), Some(&Read::Text(" there]".into())));
    }

    #[test]
    fn malformed_citation_is_reported_and_kept_as_text() {
        let file = "[@k; see]";
        let (tokens, diagnostics) = scan(&[(file, 0..9)], file);
        assert_eq!(tokens, [Read::Text(file.into())]);
        assert_eq!(diagnostics[0].column, 1);
    }
}
