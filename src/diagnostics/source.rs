//! A file's text with a table of line starts, so byte offsets from the parsers become
//! the `line:column` an editor sees.

use super::{Diagnostic, Severity};
use std::io::Read as _;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The byte order mark (see [`SourceText::line_col`]).
const BOM: char = '\u{feff}';

/// The text of one input file and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path shown in diagnostics: relative to the edition root, `/` separators.
    pub path: String,
    /// The whole file, as read, or deflated once it is parsed ([`SourceText::pack`]).
    held: Held,
    line_starts: Vec<usize>,
}

/// How a [`SourceText`] holds its text.
#[derive(Debug, Clone)]
enum Held {
    /// As read.
    Text(Arc<str>),
    /// Deflated, and inflated again (and kept) the first time it is asked for.
    Packed {
        deflated: Box<[u8]>,
        text: OnceLock<Arc<str>>,
    },
}

impl SourceText {
    /// Indexes the line starts of `text`.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        // Every input file's lines, on every build: memchr finds them with SIMD.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Self {
            path: path.into(),
            held: Held::Text(text),
            line_starts,
        }
    }

    /// The whole file, as read.
    pub fn text(&self) -> &str {
        self.shared_text_ref()
    }

    /// The whole file, as read, to be kept beside this one without a copy.
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(self.shared_text_ref())
    }

    fn shared_text_ref(&self) -> &Arc<str> {
        match &self.held {
            Held::Text(text) => text,
            Held::Packed { deflated, text } => text.get_or_init(|| inflate(deflated)),
        }
    }

    /// Deflates the text, once every stage that reads it whole is done with it (a
    /// chapter, once parsed): all that is still asked of it is the line of a
    /// diagnostic that link reports, and few chapters have one. At 10,000 chapters the
    /// texts are some 180 MB held through link; deflated at the fastest level, 40 % of
    /// that for the bundled edition's chapters (docs/performance.md, "Peak memory,
    /// second look").
    ///
    /// Why deflated and not read again from the file when a diagnostic needs its line:
    /// the file may have been saved again since it was read (an editor at work while
    /// `serve` rebuilds), and then its line and column would no longer be those of
    /// the text that was checked. Deflated text is the text that was checked, so
    /// every diagnostic reads exactly as before.
    ///
    /// Nothing is done when someone else holds the same text (`serve`'s caches, which
    /// compare a file's new text with it): deflating it would free nothing.
    pub fn pack(&mut self) {
        let Held::Text(text) = &mut self.held else {
            return;
        };
        if Arc::get_mut(text).is_none() {
            return;
        }
        self.held = Held::Packed {
            deflated: deflate(text.as_bytes()),
            text: OnceLock::new(),
        };
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text().len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = if line == 1 {
            self.bom_len().min(offset)
        } else {
            self.line_starts[line - 1]
        };
        (line, self.text()[start..offset].chars().count() + 1)
    }

    /// The length of the byte order mark the file opens with, if any: Windows editors
    /// may save one, and neither show it nor count it as a column, so neither do the
    /// diagnostics.
    fn bom_len(&self) -> usize {
        if self.text().starts_with(BOM) {
            BOM.len_utf8()
        } else {
            0
        }
    }

    /// The byte offset where a 1-based line starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let mut start = self.line_start(line)?;
        if line == 1 {
            start += self.bom_len();
        }
        let end = self.line_start(line + 1).unwrap_or(self.text().len());
        Some(self.text()[start..end].trim_end_matches(['\n', '\r']))
    }

    /// A diagnostic pointing at a byte range of this file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(range.start);
        let end = self.floor_char_boundary(range.end.min(self.text().len()));
        let start = self.floor_char_boundary(range.start.min(end));
        let width = self.text()[start..end]
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
        while !self.text().is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// `bytes` deflated at the fastest level by this thread's kept deflater
/// ([`crate::deflate`]), then copied to a slice of their exact size: a buffer given up
/// for each text would leave its unused room (the most of it: a chapter deflates to a
/// fifth or less) as holes in the heap between the texts kept.
fn deflate(bytes: &[u8]) -> Box<[u8]> {
    crate::deflate::deflated(bytes, 1, |deflated| deflated.into())
}

/// The text that [`SourceText::pack`] deflated.
fn inflate(deflated: &[u8]) -> Arc<str> {
    let mut text = String::new();
    flate2::read::DeflateDecoder::new(deflated)
        .read_to_string(&mut text)
        .expect("SourceText::pack deflated whole UTF-8 text in memory");
    text.into()
}

impl Diagnostic {
    /// Sets how many characters the caret spans.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }
}

/// The error for a file that is not UTF-8, at its first bad byte, so the editor finds
/// the stray character (often a file saved in Windows-1251) rather than just the file.
/// `shown` is the path shown in diagnostics.
pub fn not_utf8(shown: String, error: std::string::FromUtf8Error) -> Diagnostic {
    let offset = error.utf8_error().valid_up_to();
    let byte = error.as_bytes()[offset];
    // Everything before `offset` is valid, so positions there survive the lossy decoding.
    let lossy = SourceText::new(shown, String::from_utf8_lossy(error.as_bytes()));
    let message = format!("not UTF-8 text (invalid byte 0x{byte:02X})");
    lossy
        .diagnostic(Severity::Error, offset..offset + 1, message)
        .with_hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let src = SourceText::new("a.md", "первая\nвторая строка\n");
        assert_eq!(src.line_col(0), (1, 1));
        let offset = src.text().find("строка").unwrap();
        assert_eq!(src.line_col(offset), (2, 8));
        assert_eq!(src.line_text(2), Some("вторая строка"));
        // An offset inside a multi-byte character does not panic.
        assert_eq!(src.line_col(1), (1, 1));
    }

    #[test]
    fn a_packed_text_gives_the_same_diagnostics() {
        let text = "первая\nвторая [[строка]]\n".repeat(50);
        let src = SourceText::new("a.md", text.as_str());
        let mut packed = src.clone();
        packed.pack();
        // `src` shares the text, so nothing is packed while it lives.
        assert!(matches!(packed.held, Held::Text(_)));
        let at = text.find("[[").unwrap()..text.find("]]").unwrap() + 2;
        let before = src.diagnostic(Severity::Error, at.clone(), "m");
        drop(src);
        packed.pack();
        assert!(matches!(packed.held, Held::Packed { .. }));
        assert_eq!(packed.diagnostic(Severity::Error, at, "m"), before);
        assert_eq!(packed.text(), text);
    }

    /// One thread's compressor is reset between texts: each text must come back whole
    /// by itself, however much it shares with the text deflated before it.
    #[test]
    fn texts_deflated_one_after_another_each_inflate_alone() {
        let words = [
            "трестов",
            "инженеров",
            "плана",
            "norm",
            "завод",
            "техников",
            "of",
        ];
        let mut seed = 7u64;
        let mut texts = Vec::new();
        for n in 0..40 {
            let mut text = String::new();
            for _ in 0..(200 + n * 97) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(words[(seed >> 33) as usize % words.len()]);
                text.push(if seed % 11 == 0 { '\n' } else { ' ' });
            }
            texts.push(text);
        }
        for text in &texts {
            let deflated = deflate(text.as_bytes());
            assert_eq!(&*inflate(&deflated), text.as_str());
        }
    }
}
