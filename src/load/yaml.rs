//! YAML with positions in the editor's file.
//!
//! A chapter's front matter is parsed as its own text, so serde-saphyr's positions count
//! from the `---` line; [`YamlDoc`] shifts them to the file's own byte offsets. Register
//! files are the same case with the block starting at offset 0.

use crate::diagnostics::{Diagnostic, Severity, SourceText, unknown_field_hint};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
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

/// A block of YAML inside a file.
pub(crate) struct YamlDoc<'a> {
    src: &'a SourceText,
    start: usize,
    end: usize,
}

impl<'a> YamlDoc<'a> {
    /// The YAML text `src.text[range]`.
    pub(crate) fn new(src: &'a SourceText, range: Range<usize>) -> Self {
        Self {
            src,
            start: range.start,
            end: range.end,
        }
    }

    /// Deserialises the block; a YAML or shape error becomes a diagnostic at its place.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let text = &self.src.text[self.start..self.end];
        // Duplicate keys reach our own visitors, which report them with their ids.
        let options = serde_saphyr::options! {
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        };
        serde_saphyr::from_str_with_options(text, options).map_err(|e| self.error(&e))
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
        let rest = &self.src.text[line_start..];
        line_start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }

    fn error(&self, error: &serde_saphyr::Error) -> Diagnostic {
        let error = error.without_snippet();
        let text = error.to_string();
        // saphyr appends " at line L, column C"; we show our own position instead.
        let message = text.split(" at line ").next().unwrap_or(&text);
        let message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
        let hint = unknown_field_hint(&message);
        let mut range = match error.location() {
            Some(location) => self.range(&location),
            None => self.start..self.start,
        };
        let repeated = message.strip_prefix("duplicate field `");
        if let Some(key) = repeated.and_then(|rest| rest.split('`').next()) {
            range = self.repeated_key(key, range.start).unwrap_or(range);
        }
        self.src
            .diagnostic(Severity::Error, range, message)
            .with_hint_opt(hint)
    }

    /// Where `key` is written the second time in the mapping that starts at `mapping`:
    /// serde reports a repeated key at the start of its mapping, and the editor needs
    /// the repeat. Keys of a block mapping stand in one column, so only that column is
    /// searched, on lines with nothing before it.
    fn repeated_key(&self, key: &str, mapping: usize) -> Option<Range<usize>> {
        let line_start = self.src.text[..mapping].rfind('\n').map_or(0, |i| i + 1);
        let column = mapping - line_start;
        let mut offset = line_start;
        let mut seen = false;
        for line in self.src.text[line_start..self.end].split_inclusive('\n') {
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

    #[test]
    fn pairs_keep_order_and_key_positions() {
        let src = SourceText::new("r.yaml", "b: 1\na: 2\nb: 3\n");
        let doc = YamlDoc::new(&src, 0..src.text.len());
        let Pairs(pairs) = doc.parse::<Pairs<u32>>().unwrap();
        let keys: Vec<_> = pairs.iter().map(|(k, _)| k.value.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(doc.locate(pairs[2].0.clone()).at, 10..11);
    }
}
