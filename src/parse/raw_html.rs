//! The start tags of raw HTML, with their attributes and where each stands.
//!
//! Raw HTML in a chapter or a description is published as written, but two things in it
//! need its structure: scripts (`<script>`, `on…=` handlers, `javascript:` URLs), which
//! are reported, and the `src` and `href` an editor writes relative to the file, which
//! are resolved like Markdown links. This scanner reads start tags as the HTML tokenizer
//! does (comments, end tags, declarations and processing instructions are skipped) and
//! keeps the byte range of every name and value, so both can point at, or replace,
//! exactly the text the editor wrote.

use std::ops::Range;

/// A start tag: `<img src="../static/map.png" alt="Map">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawTag {
    /// The tag name, lowercase.
    pub(crate) name: String,
    /// Where the name stands in the scanned text.
    pub(crate) name_at: Range<usize>,
    /// Its attributes, in order.
    pub(crate) attributes: Vec<RawAttribute>,
}

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawAttribute {
    /// The name, lowercase.
    pub(crate) name: String,
    /// Where the whole attribute (`name="value"`) stands.
    pub(crate) at: Range<usize>,
    /// Where the value stands without its quotes; `None` for a bare `hidden`.
    pub(crate) value_at: Option<Range<usize>>,
}

impl RawAttribute {
    /// The value with its character references decoded, as a browser reads it.
    pub(crate) fn value(&self, html: &str) -> Option<String> {
        self.value_at.clone().map(|at| decode(&html[at]))
    }
}

/// Every start tag of `html`, in order.
pub(crate) fn start_tags(html: &str) -> Vec<RawTag> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[open + 1..];
        at = if rest.starts_with("!--") {
            html[open..]
                .find("-->")
                .map_or(html.len(), |i| open + i + 3)
        } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (tag, end) = start_tag(html, open + 1);
            tags.push(tag);
            end
        } else if rest.starts_with(['/', '!', '?']) {
            html[open..].find('>').map_or(html.len(), |i| open + i + 1)
        } else {
            open + 1
        };
    }
    tags
}

/// The start tag whose name begins at `from`, and where it ends.
fn start_tag(html: &str, from: usize) -> (RawTag, usize) {
    let bytes = html.as_bytes();
    let name_end = scan(bytes, from, |b| {
        !b.is_ascii_whitespace() && b != b'/' && b != b'>'
    });
    let mut tag = RawTag {
        name: html[from..name_end].to_ascii_lowercase(),
        name_at: from..name_end,
        attributes: Vec::new(),
    };
    let mut at = name_end;
    loop {
        at = scan(bytes, at, |b| b.is_ascii_whitespace() || b == b'/');
        match bytes.get(at) {
            None => return (tag, at),
            Some(b'>') => return (tag, at + 1),
            Some(_) => {}
        }
        let (attribute, end) = attribute(html, at);
        tag.attributes.push(attribute);
        at = end;
    }
}

/// The attribute that begins at `from`, and where it ends.
fn attribute(html: &str, from: usize) -> (RawAttribute, usize) {
    let bytes = html.as_bytes();
    // The tokenizer takes a first `=` as part of the name (`<a =x>`).
    let name_end = scan(bytes, from + 1, |b| {
        !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'=')
    });
    let name = html[from..name_end].to_ascii_lowercase();
    let after_space = scan(bytes, name_end, |b| b.is_ascii_whitespace());
    if bytes.get(after_space) != Some(&b'=') {
        let attribute = RawAttribute {
            name,
            at: from..name_end,
            value_at: None,
        };
        return (attribute, name_end);
    }
    let value_start = scan(bytes, after_space + 1, |b| b.is_ascii_whitespace());
    let (value_at, end) = match bytes.get(value_start) {
        Some(&quote @ (b'"' | b'\'')) => {
            let close = scan(bytes, value_start + 1, |b| b != quote);
            (value_start + 1..close, (close + 1).min(html.len()))
        }
        _ => {
            let end = scan(bytes, value_start, |b| {
                !b.is_ascii_whitespace() && b != b'>'
            });
            (value_start..end, end)
        }
    };
    let attribute = RawAttribute {
        name,
        at: from..end,
        value_at: Some(value_at),
    };
    (attribute, end)
}

/// The first offset from `from` whose byte does not satisfy `take`.
fn scan(bytes: &[u8], from: usize, take: impl Fn(u8) -> bool) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&b| !take(b))
        .map_or(bytes.len(), |i| from + i)
}

/// An attribute value with its numeric references and the named ones that can hide a
/// URL's scheme (`&colon;`, `&Tab;`, `&NewLine;`) and the usual escapes decoded.
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `text` stands for, and its length (the
/// `;` may be missing after a number, as browsers allow).
fn reference(text: &str) -> Option<(char, usize)> {
    if let Some(number) = text.strip_prefix("&#") {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (number, 10, 2),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let code = u32::from_str_radix(&digits[..len], radix).ok()?;
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((char::from_u32(code)?, skip + len + semicolon));
    }
    const NAMED: [(&str, char); 8] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&colon;", ':'),
        ("&Tab;", '\t'),
        ("&NewLine;", '\n'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| text.starts_with(name))
        .map(|&(name, c)| (c, name.len()))
}

/// Whether a URL runs a script when followed: `javascript:` after the spaces and
/// control characters a browser strips, in any case, tabs and newlines inside ignored.
pub(crate) fn is_script_url(url: &str) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take("javascript:".len())
        .collect();
    url.eq_ignore_ascii_case("javascript:")
}

#[cfg(test)]
mod tests {
    use super::{is_script_url, start_tags};

    #[test]
    fn start_tags_keep_names_values_and_positions() {
        let html = "<!-- <a href=x> --><p>A <img SRC='../static/a.png' alt=\"A &amp; B\" hidden>\n<a href=b.md>b</a></p>";
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "img", "a"]);
        let img = &tags[1];
        let src = &img.attributes[0];
        assert_eq!(src.name, "src");
        assert_eq!(&html[src.at.clone()], "SRC='../static/a.png'");
        assert_eq!(src.value(html).as_deref(), Some("../static/a.png"));
        assert_eq!(img.attributes[1].value(html).as_deref(), Some("A & B"));
        assert_eq!(img.attributes[2].value_at, None);
        assert_eq!(tags[2].attributes[0].value(html).as_deref(), Some("b.md"));
    }

    #[test]
    fn an_unclosed_tag_ends_with_the_text() {
        let tags = start_tags("<a href=\"x");
        assert_eq!(
            tags[0].attributes[0].value("<a href=\"x").as_deref(),
            Some("x")
        );
        assert!(start_tags("a < b <").is_empty());
    }

    #[test]
    fn script_urls_are_found_however_disguised() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "\u{1}javascript:x",
        ] {
            assert!(is_script_url(url), "{url:?}");
        }
        for url in [
            "https://x",
            "javascript",
            "/javascript:x",
            "notes.html#javascript:",
        ] {
            assert!(!is_script_url(url), "{url:?}");
        }
    }
}
