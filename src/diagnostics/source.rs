//! A file's text with a table of line starts, so byte offsets from the parsers become
//! the `line:column` an editor sees.

use super::{Diagnostic, Severity};
use std::ops::Range;
use std::sync::Arc;

/// The text of one input file and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path shown in diagnostics: relative to the edition root, `/` separators.
    pub path: String,
    /// The whole file, as read.
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Indexes the line starts of `text`.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The byte offset where a 1-based line starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = self.line_start(line)?;
        let end = self.line_start(line + 1).unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// A diagnostic pointing at a byte range of this file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(range.start);
        let end = self.floor_char_boundary(range.end.min(self.text.len()));
        let start = self.floor_char_boundary(range.start.min(end));
        let width = self.text[start..end]
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .count();
        self.diagnostic_at(severity, line, column, message)
            .with_width(width)
    }

    /// A diagnostic pointing at a 1-based line and character column of this file.
    pub fn diagnostic_at(
        &self,
        severity: Severity,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: self.path.clone(),
            line,
            column,
            message: message.into(),
            hint: None,
            source_line: self.line_text(line).map(str::to_owned),
            width: 1,
        }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

impl Diagnostic {
    /// Sets how many characters the caret spans.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let src = SourceText::new("a.md", "первая\nвторая строка\n");
        assert_eq!(src.line_col(0), (1, 1));
        let offset = src.text.find("строка").unwrap();
        assert_eq!(src.line_col(offset), (2, 8));
        assert_eq!(src.line_text(2), Some("вторая строка"));
        // An offset inside a multi-byte character does not panic.
        assert_eq!(src.line_col(1), (1, 1));
    }
}
