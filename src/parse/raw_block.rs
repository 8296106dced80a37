//! Raw HTML as the writer publishes it: checked for scripts, with the `src` and `href`
//! an editor wrote relative to the file turned into holes that link resolves, as it
//! does for Markdown links and images.
//!
//! pulldown-cmark hands an HTML block over line by line, so the lines are gathered
//! first (a tag may span several), keeping a map back to file offsets.

use super::destination::{self, Destination};
use super::offsets::OffsetMap;
use super::raw_html::{self, RawTag};
use super::{LocalUrl, UrlKind};
use crate::config::RawHtml;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use pulldown_cmark::LinkType;
use std::ops::Range;

/// Raw HTML gathered from one or more events.
#[derive(Default)]
pub(crate) struct RawText {
    buf: String,
    offsets: OffsetMap,
}

/// What raw HTML becomes, in order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RawPiece {
    /// HTML published as written.
    Html(String),
    /// A relative address, resolved by link.
    Url(LocalUrl),
}

impl RawText {
    /// Adds an event's HTML, which stands at `file` in `src`.
    pub(crate) fn push(&mut self, html: &str, file: Range<usize>, src: &SourceText) {
        let verbatim = src.text().get(file.clone()) == Some(html);
        self.offsets.push(self.buf.len(), file, verbatim);
        self.buf.push_str(html);
    }

    /// The gathered HTML as pieces to publish, and the scripts it holds reported as
    /// `policy` says; the buffer is emptied.
    pub(crate) fn take(
        &mut self,
        src: &SourceText,
        policy: RawHtml,
    ) -> (Vec<RawPiece>, Vec<Diagnostic>) {
        let tags = raw_html::start_tags(&self.buf);
        let mut diagnostics = Vec::new();
        for tag in &tags {
            for (at, message) in scripts(&self.buf, tag) {
                diagnostics.push(script_diagnostic(src, self.file_range(at), message, policy));
            }
        }
        let pieces = self.pieces(&tags);
        self.buf.clear();
        self.offsets.clear();
        (pieces, diagnostics)
    }

    /// The HTML split around the relative `src` and `href` values. A value with
    /// character references (`&ouml;`) is kept as written: it could not be written
    /// back exactly once decoded.
    fn pieces(&self, tags: &[RawTag]) -> Vec<RawPiece> {
        let mut pieces = Vec::new();
        let mut written = 0;
        for tag in tags {
            let kind = if tag.name == "img" {
                UrlKind::Image
            } else {
                UrlKind::Link
            };
            for attribute in &tag.attributes {
                let (Some(value), Some(at)) = (attribute.value(&self.buf), &attribute.value_at)
                else {
                    continue;
                };
                if !matches!(attribute.name.as_str(), "src" | "href")
                    || self.buf[at.clone()].contains('&')
                {
                    continue;
                }
                let Destination::Local(dest) = destination::classify(LinkType::Inline, &value, &[])
                else {
                    continue;
                };
                pieces.push(RawPiece::Html(self.buf[written..at.start].to_owned()));
                pieces.push(RawPiece::Url(LocalUrl {
                    dest,
                    at: self.file_range(at.clone()),
                    kind,
                    raw_html: true,
                }));
                written = at.end;
            }
        }
        pieces.push(RawPiece::Html(self.buf[written..].to_owned()));
        pieces.retain(|p| !matches!(p, RawPiece::Html(h) if h.is_empty()));
        pieces
    }

    /// The file range of a range of the gathered HTML (an empty value stays empty).
    fn file_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.offsets.file_offset(range.start);
            return at..at;
        }
        self.offsets.file_range(range)
    }
}

/// The scripts one tag holds: itself if it is `<script>`, its event handlers, and its
/// `javascript:` URLs, each with where it stands and what to say.
fn scripts(html: &str, tag: &RawTag) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    if tag.name == "script" {
        found.push((tag.name_at.clone(), "raw HTML <script>".to_owned()));
    }
    for attribute in &tag.attributes {
        if attribute.name.starts_with("on") && attribute.name.len() > 2 {
            let message = format!("raw HTML event handler '{}'", attribute.name);
            found.push((attribute.at.clone(), message));
        } else if let (Some(value), Some(at)) = (attribute.value(html), &attribute.value_at) {
            if raw_html::is_script_url(&value) {
                let message = format!("a javascript: URL in '{}' of raw HTML", attribute.name);
                found.push((at.clone(), message));
            }
        }
    }
    found
}

/// A script in the text, reported as `book.toml`'s `raw-html` says.
pub(crate) fn script_diagnostic(
    src: &SourceText,
    at: Range<usize>,
    what: String,
    policy: RawHtml,
) -> Diagnostic {
    let message = format!("{what}: a script in the text would run on readers' pages");
    match policy {
        RawHtml::Warn => src.diagnostic(Severity::Warning, at, message).with_hint(
            "remove it: the edition works without scripts ([build] raw-html = \"deny\" makes this an error)",
        ),
        RawHtml::Deny => src
            .diagnostic(Severity::Error, at, message)
            .with_hint("remove it: book.toml sets [build] raw-html = \"deny\""),
    }
}

#[cfg(test)]
mod tests {
    use super::{RawPiece, RawText};
    use crate::config::RawHtml;
    use crate::diagnostics::SourceText;
    use crate::parse::{LocalUrl, UrlKind};

    #[test]
    fn a_block_over_two_lines_is_scanned_whole_and_located_in_the_file() {
        let file = "<div><img\n  src=\"../static/a.png\" onload=\"x()\"></div>\n";
        let src = SourceText::new("c.md", file);
        let mut raw = RawText::default();
        let second = file.find("  src").unwrap_or_default();
        raw.push(&file[..second], 0..second, &src);
        raw.push(&file[second..], second..file.len(), &src);
        let (pieces, diagnostics) = raw.take(&src, RawHtml::Warn);
        let value = file.find("../static").unwrap_or_default();
        assert_eq!(
            pieces,
            [
                RawPiece::Html(file[..value].to_owned()),
                RawPiece::Url(LocalUrl {
                    dest: "../static/a.png".to_owned(),
                    at: value..value + "../static/a.png".len(),
                    kind: UrlKind::Image,
                    raw_html: true,
                }),
                RawPiece::Html(file[value + "../static/a.png".len()..].to_owned()),
            ]
        );
        let d = &diagnostics[0];
        assert_eq!((d.line, d.column, d.width), (2, 25, 12), "{d:?}");
        assert!(raw.buf.is_empty());
    }
}
