//! YAML with positions in the editor's file.
//!
//! A chapter's front matter is parsed as its own text, so serde-saphyr's positions count
//! from the `---` line; [`YamlDoc`] shifts them to the file's own byte offsets. Register
//! files are the same case with the block starting at offset 0.

use super::yaml_error;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

/// A value together with the byte range it came from in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the file (byte offsets into the file's text).
    pub at: Range<usize>,
}

impl Located<String> {
    /// Where byte `offset` of the value stands in `src`, for a value the file does not
    /// hold byte for byte: a block scalar (`>-`, `|`) drops each line's indentation and
    /// `>` joins the lines with spaces, and a plain value may wrap. Each line of the
    /// file is found again in the value, in order, with only line breaks and spaces
    /// between; an offset between two lines maps to the end of the first. `None` when a
    /// line is not in the value as written (a quoted value with escapes), for the caller
    /// to fall back to the value's start.
    pub fn file_offset(&self, src: &SourceText, offset: usize) -> Option<usize> {
        let value = self.value.as_str();
        let mut cursor = 0;
        let mut line_start = self.at.start;
        let mut previous_end = None;
        for line in src.text().get(self.at.start..)?.split_inclusive('\n') {
            let content = line.trim_matches(YAML_SPACE);
            if !content.is_empty() {
                let found = cursor + value[cursor..].find(content)?;
                if !value[cursor..found]
                    .chars()
                    .all(|c| YAML_SPACE.contains(&c))
                {
                    return None;
                }
                let file_start =
                    line_start + (line.len() - line.trim_start_matches(YAML_SPACE).len());
                if offset < found {
                    return Some(previous_end.unwrap_or(file_start));
                }
                if offset <= found + content.len() {
                    return Some(file_start + (offset - found));
                }
                cursor = found + content.len();
                previous_end = Some(file_start + content.len());
            }
            if cursor == value.len() {
                break;
            }
            line_start += line.len();
        }
        previous_end.filter(|_| value[cursor..].chars().all(|c| YAML_SPACE.contains(&c)))
    }
}

/// What YAML strips around the lines of a value.
const YAML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// A block of YAML inside a file.
#[derive(Clone, Copy)]
pub(crate) struct YamlDoc<'a> {
    src: &'a SourceText,
    start: usize,
    end: usize,
    /// A chapter's front matter, which prose may run into when its closing line is missing.
    front_matter: bool,
}

impl<'a> YamlDoc<'a> {
    /// The YAML text `src.text[range]`: a whole register or sources file.
    pub(crate) fn new(src: &'a SourceText, range: Range<usize>) -> Self {
        Self {
            src,
            start: range.start,
            end: range.end,
            front_matter: false,
        }
    }

    /// The front matter `src.text[range]` of a chapter.
    pub(crate) fn front_matter(src: &'a SourceText, range: Range<usize>) -> Self {
        Self {
            front_matter: true,
            ..Self::new(src, range)
        }
    }

    /// The file the block is in.
    pub(crate) fn src(&self) -> &'a SourceText {
        self.src
    }

    /// Deserialises the block; a YAML or shape error becomes a diagnostic at its place.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        // Duplicate keys reach our own visitors, which report them with their ids.
        let options = serde_saphyr::options! {
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        };
        let value = serde_saphyr::from_str_with_options(self.text(), options)
            .map_err(|e| self.error(&e))?;
        match yaml_error::item_indented_too_far(self.text()) {
            Some(found) => Err(self.item_too_far(found)),
            None => Ok(value),
        }
    }

    /// The block's top-level keys, each with the lines that hold it and its value, to
    /// be read again one by one when the block as a whole has an error: then every
    /// unknown key and every value of the wrong type is reported in one run, and what is
    /// right is kept. `None` when the block is not a mapping of keys on lines of their
    /// own (YAML that does not parse, or a flow mapping): its error is then the one to
    /// report, as the reader gives it.
    pub(crate) fn key_blocks(&self) -> Option<Vec<(Spanned<String>, YamlDoc<'a>)>> {
        let Pairs(keys) = self.parse::<Option<Pairs<IgnoredAny>>>().ok()??;
        let text = self.src.text();
        let starts: Vec<usize> = keys
            .iter()
            .map(|(key, _)| {
                let at = self.range(&key.referenced).start;
                text[..at].rfind('\n').map_or(0, |i| i + 1).max(self.start)
            })
            .collect();
        if starts.windows(2).any(|pair| pair[0] >= pair[1]) {
            return None;
        }
        let blocks = keys.into_iter().enumerate().map(|(i, (key, _))| {
            let end = starts.get(i + 1).copied().unwrap_or(self.end);
            let block = Self {
                start: starts[i],
                end,
                ..*self
            };
            (key, block)
        });
        Some(blocks.collect())
    }

    /// [`YamlDoc::key_blocks`] of a mapping of fields: a field given twice is reported
    /// where it is repeated and left out, so that its first value stands.
    pub(crate) fn field_blocks(
        &self,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Vec<(Spanned<String>, YamlDoc<'a>)>> {
        let mut seen = std::collections::HashSet::new();
        let mut blocks = self.key_blocks()?;
        blocks.retain(|(key, _)| {
            let first = seen.insert(key.value.clone());
            if !first {
                let message = format!("duplicate field `{}`", key.value);
                found.push(self.diagnostic_at(self.range(&key.referenced), message));
            }
            first
        });
        Some(blocks)
    }

    /// The lines after the first line of the block: the value of a block that holds one
    /// key, when that value is a mapping written on lines of its own.
    pub(crate) fn after_first_line(&self) -> Self {
        let first = self
            .text()
            .find('\n')
            .map_or(self.end, |i| self.start + i + 1);
        Self {
            start: first,
            ..*self
        }
    }

    /// A list item that YAML read as more text of the item above (see
    /// [`yaml_error::item_indented_too_far`]), reported at its dash.
    fn item_too_far(&self, (dash, indent, above): (usize, usize, usize)) -> Diagnostic {
        let at = self.start + dash;
        let message =
            format!("this list item is indented {indent} spaces; the item above it uses {above}");
        let hint = format!(
            "indent its dash by {above} spaces, like the item above: YAML reads a deeper line as more text of the item above"
        );
        self.src
            .diagnostic(Severity::Error, at..at + 1, message)
            .with_hint(hint)
    }

    /// An error at `range` of the file (byte offsets, as [`YamlDoc::locate`] gives them).
    pub(crate) fn diagnostic_at(&self, range: Range<usize>, message: String) -> Diagnostic {
        self.src.diagnostic(Severity::Error, range, message)
    }

    /// Converts a located value to file coordinates.
    pub(crate) fn locate<T>(&self, spanned: Spanned<T>) -> Located<T> {
        Located {
            at: self.range(&spanned.referenced),
            value: spanned.value,
        }
    }

    /// The file byte range of a saphyr location.
    pub(crate) fn range(&self, location: &Location) -> Range<usize> {
        let span = location.span();
        let yaml_len = self.end - self.start;
        if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len()) {
            let (offset, len) = (offset as usize, len as usize);
            if offset <= yaml_len {
                let start = self.start + offset;
                return start..(start + len).min(self.end);
            }
        }
        let start = self.offset_of(location.line() as usize, location.column() as usize);
        start..start
    }

    fn offset_of(&self, line: usize, column: usize) -> usize {
        let (first_line, _) = self.src.line_col(self.start);
        let Some(line_start) = self.src.line_start(first_line + line.saturating_sub(1)) else {
            return self.end;
        };
        let rest = &self.src.text()[line_start..];
        line_start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }

    /// A YAML or shape error as the editor needs it: at the place to fix (a tab, the
    /// opening of a quote, rather than where the reader gave up) and in plain words.
    fn error(&self, error: &serde_saphyr::Error) -> Diagnostic {
        if let Some(tab) = yaml_error::tab_indentation(self.text()) {
            let at = self.start + tab;
            return self
                .src
                .diagnostic(Severity::Error, at..at + 1, yaml_error::TAB_MESSAGE)
                .with_hint(yaml_error::TAB_HINT);
        }
        let error = error.without_snippet();
        let range = self.error_range(error);
        let (line_start, line) = self.line_around(range.start);
        let context = yaml_error::Context {
            line,
            column: range.start - line_start,
            above: &self.text()[..line_start.saturating_sub(self.start)],
        };
        let explained = yaml_error::explain(error, &context);
        let range = match explained.column {
            Some(column) => line_start + column..line_start + column + 1,
            None => range,
        };
        let diagnostic = explained
            .quote
            .and_then(|quote| self.open_quote(quote, line_start, error))
            .unwrap_or_else(|| {
                self.src
                    .diagnostic(Severity::Error, range, explained.message)
                    .with_hint_opt(explained.hint)
            });
        match self.prose_before(line_start + line.len()) {
            Some(prose) => diagnostic.with_hint(format!(
                "is the front matter closed with a line `---`? Line {prose} reads like the chapter's text"
            )),
            None => diagnostic,
        }
    }

    /// The YAML text.
    fn text(&self) -> &'a str {
        let text: &'a str = self.src.text();
        &text[self.start..self.end]
    }

    /// The quote left open above the line where the reader stopped, as the error.
    fn open_quote(
        &self,
        quote: char,
        line_start: usize,
        error: &serde_saphyr::Error,
    ) -> Option<Diagnostic> {
        let above = &self.text()[..line_start.saturating_sub(self.start)];
        let at = self.start + yaml_error::open_quote(above, quote)?;
        let (line, _) = self.src.line_col(line_start);
        let hint = format!(
            "close the quote (the YAML reader ran on to line {line}: {})",
            yaml_error::said(error)
        );
        let d = self
            .src
            .diagnostic(Severity::Error, at..at + 1, "unclosed quote");
        Some(d.with_hint(hint))
    }

    /// The line number of prose in a front matter up to `end`: its closing line is
    /// probably missing, and the YAML reader is reading the chapter's text.
    fn prose_before(&self, end: usize) -> Option<usize> {
        if !self.front_matter {
            return None;
        }
        let end = end.clamp(self.start, self.end);
        let prose = yaml_error::prose_after_blank_line(&self.text()[..end - self.start])?;
        Some(self.src.line_col(self.start + prose).0)
    }

    /// Where a saphyr error points, in the file; a repeated key at its repeat.
    fn error_range(&self, error: &serde_saphyr::Error) -> Range<usize> {
        let range = match error.location() {
            Some(location) => self.range(&location),
            None => self.start..self.start,
        };
        match yaml_error::repeated_key(error) {
            Some(key) => self.repeated_key(&key, range.start).unwrap_or(range),
            None => range,
        }
    }

    /// The start and text of the line holding `offset` (without its line break).
    fn line_around(&self, offset: usize) -> (usize, &'a str) {
        let text: &'a str = self.src.text();
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        (start, text[start..end].trim_end_matches('\r'))
    }

    /// Where `key` is written the second time in the mapping that starts at `mapping`:
    /// serde reports a repeated key at the start of its mapping, and the editor needs
    /// the repeat. Keys of a block mapping stand in one column, so only that column is
    /// searched, on lines with nothing before it.
    fn repeated_key(&self, key: &str, mapping: usize) -> Option<Range<usize>> {
        let line_start = self.src.text()[..mapping].rfind('\n').map_or(0, |i| i + 1);
        let column = mapping - line_start;
        let mut offset = line_start;
        let mut seen = false;
        for line in self.src.text()[line_start..self.end].split_inclusive('\n') {
            let lead_ok = offset == line_start
                || line
                    .get(..column)
                    .is_some_and(|lead| lead.trim().is_empty());
            let rest = line.get(column..).unwrap_or("");
            let is_key = rest
                .strip_prefix(key)
                .is_some_and(|after| after.trim_start().starts_with(':'));
            if lead_ok && is_key {
                if seen {
                    return Some(offset + column..offset + column + key.len());
                }
                seen = true;
            }
            offset += line.len();
        }
        None
    }
}

/// A YAML mapping read in file order with the position of every key, so duplicate and
/// malformed ids can be reported where they stand.
#[derive(Debug)]
pub(crate) struct Pairs<V>(pub(crate) Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from ids to entries")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Pairs(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    pairs.push((key, map.next_value()?));
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_into_the_file_not_the_block() {
        let text = "---\ntitle: A\nspeakers: 5\n---\nbody\n";
        let src = SourceText::new("c.md", text);
        let doc = YamlDoc::new(&src, 4..25);
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)] // reason: only the error matters here
        struct Fm {
            title: String,
            speakers: Vec<String>,
        }
        let d = doc.parse::<Fm>().unwrap_err();
        assert_eq!((d.line, d.column), (3, 11), "{d:?}");
    }

    #[test]
    fn a_repeated_key_is_reported_where_it_is_repeated() {
        let text = "---\ntitle: A\nsummary: a\n\nspeakers:\n  - person: x\n    person: y\nsummary: b\n---\n";
        let src = SourceText::new("c.md", text);
        let doc = YamlDoc::new(&src, 4..text.len() - 4);
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)] // reason: only the error matters here
        struct Fm {
            title: String,
            summary: String,
        }
        let d = doc.parse::<Fm>().unwrap_err();
        assert_eq!((d.line, d.column), (8, 1), "{d:?}");
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)] // reason: only the error matters here
        struct Speaker {
            person: String,
        }
        let speakers = YamlDoc::new(
            &src,
            text.find("  - ").unwrap()..text.find("summary: b").unwrap(),
        );
        let d = speakers.parse::<Vec<Speaker>>().unwrap_err();
        assert_eq!((d.line, d.column), (7, 5), "{d:?}");
    }

    /// Where each value offset of `needle` in the value lands in the file.
    fn file_offsets(text: &str, key: &str, needle: &str) -> (usize, Option<usize>) {
        let src = SourceText::new("r.yaml", text);
        let doc = YamlDoc::new(&src, 0..text.len());
        let map = doc
            .parse::<std::collections::BTreeMap<String, Spanned<String>>>()
            .unwrap();
        let value = doc.locate(map[key].clone());
        let offset = value.value.find(needle).unwrap();
        (text.find(needle).unwrap(), value.file_offset(&src, offset))
    }

    #[test]
    fn offsets_in_block_scalars_map_to_their_own_lines() {
        let folded = "d: >-\n  one\n  two\n\n  three [x](y)\ne: end\n";
        let (expected, found) = file_offsets(folded, "d", "[x]");
        assert_eq!(found, Some(expected));
        let literal = "d: |\n  one\n    two [x](y)\n";
        let (expected, found) = file_offsets(literal, "d", "[x]");
        assert_eq!(found, Some(expected));
        let wrapped = "d: one\n  two [x](y)\n";
        let (expected, found) = file_offsets(wrapped, "d", "[x]");
        assert_eq!(found, Some(expected));
    }

    #[test]
    fn offsets_in_a_value_with_escapes_are_not_guessed() {
        let (_, found) = file_offsets("d: \"one\\ttwo\n  [x](y)\"\n", "d", "[x]");
        assert_eq!(found, None);
    }

    #[test]
    fn pairs_keep_order_and_key_positions() {
        let src = SourceText::new("r.yaml", "b: 1\na: 2\nb: 3\n");
        let doc = YamlDoc::new(&src, 0..src.text().len());
        let Pairs(pairs) = doc.parse::<Pairs<u32>>().unwrap();
        let keys: Vec<_> = pairs.iter().map(|(k, _)| k.value.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(doc.locate(pairs[2].0.clone()).at, 10..11);
    }
}
