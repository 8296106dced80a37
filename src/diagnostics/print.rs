//! Printing diagnostics for people and for programs.
//!
//! The human form opens with `file:line:col: error: message`, the form compilers use, so
//! editors and terminals turn it into a link; then the line and a caret; then the hint.
//! We print it ourselves rather than through a snippet crate because that first line is
//! what editors' problem matchers parse, and the rustc layout puts the position second.

use super::{Diagnostic, Severity};
use std::fmt::Write;

/// Renders diagnostics for a terminal, one block each, in the order given.
pub fn print_human(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        write_one(&mut out, d);
    }
    out
}

/// One diagnostic as one line of JSON (for `check --format json`).
pub fn to_json_line(diagnostic: &Diagnostic) -> String {
    // Serialising a struct of strings and integers cannot fail.
    serde_json::to_string(diagnostic).unwrap_or_default()
}

fn write_one(out: &mut String, d: &Diagnostic) {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let place = match (d.line, d.column) {
        (0, _) => d.file.clone(),
        (line, 0) => format!("{}:{line}", d.file),
        (line, column) => format!("{}:{line}:{column}", d.file),
    };
    let _ = writeln!(out, "{place}: {severity}: {}", d.message);
    if let Some(line) = &d.source_line {
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        let shown = Excerpt::new(&line.replace('\t', " "), d.column, d.width);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {}", shown.text);
        if d.column > 0 {
            let indent = " ".repeat(shown.caret_at);
            let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(shown.width));
        }
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  = hint: {hint}");
    }
    out.push('\n');
}

/// How many characters of a long line are shown on each side of the caret. A paragraph
/// is one line of Markdown, often a thousand characters; printed whole, it wraps over a
/// screen and the caret is lost.
const CONTEXT: usize = 60;

/// The part of a source line that is printed, and where the caret goes in it.
struct Excerpt {
    /// The text, with `…` where it was cut.
    text: String,
    /// Characters before the caret.
    caret_at: usize,
    /// Characters under the caret.
    width: usize,
}

impl Excerpt {
    /// About [`CONTEXT`] characters on each side of the caret (characters, not bytes, so
    /// the caret stays under its place in Cyrillic text).
    fn new(line: &str, column: usize, width: usize) -> Self {
        let chars: Vec<char> = line.chars().collect();
        let caret = column.saturating_sub(1).min(chars.len());
        let from = caret.saturating_sub(CONTEXT);
        let to = (caret + width.max(1) + CONTEXT).min(chars.len());
        let mut text: String = chars[from..to].iter().collect();
        if to < chars.len() {
            text.push('…');
        }
        let mut caret_at = caret - from;
        if from > 0 {
            text.insert(0, '…');
            caret_at += 1;
        }
        let width = width.min(to.saturating_sub(caret)).max(1);
        Self {
            text,
            caret_at,
            width,
        }
    }
}

/// Writes to stderr as `eprint!` does, but a stderr whose reader has gone away
/// (`letopis check 2>&1 | head`) or that is closed is no panic: there is no one left to
/// tell, the run goes on to the end, and its exit code still says how it ended.
pub fn write_stderr(text: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    // Nowhere is left to report a failure to write to stderr.
    let _ = std::io::stderr().write_fmt(text);
}

/// Writes to stdout as `print!` does, with [`write_stderr`]'s care for a reader that
/// has gone away (`letopis check --format json | head -1`); any other failure (a full
/// disk under `> file`) is told on stderr.
pub fn write_stdout(text: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().write_fmt(text)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        write_stderr(format_args!("error: writing to standard output: {e}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    #[test]
    fn human_form_shows_position_line_caret_and_hint() {
        let src = SourceText::new(
            "content/chapters/01-a.md",
            "---\ntitle: A\n---\nСм. [x](person:bazanov).\n",
        );
        let start = src.text().find("person:").unwrap();
        let d = src
            .diagnostic(
                Severity::Error,
                start..start + 14,
                "unknown person id 'bazanov'",
            )
            .with_hint("did you mean 'bazhanov'?");
        let text = print_human(&[d]);
        assert_eq!(
            text,
            "content/chapters/01-a.md:4:9: error: unknown person id 'bazanov'\n  |\n4 | См. [x](person:bazanov).\n  |         ^^^^^^^^^^^^^^\n  = hint: did you mean 'bazhanov'?\n\n"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let line = format!(
            "{}[x](person:bazanov){}",
            "Слово ".repeat(100),
            "ещё ".repeat(100)
        );
        let column = "Слово ".repeat(100).chars().count() + 1;
        let d = Diagnostic {
            line: 7,
            column,
            source_line: Some(line),
            width: 19,
            ..Diagnostic::for_file(Severity::Error, "c.md", "unknown person id 'bazanov'")
        };
        let text = print_human(&[d]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!("c.md:7:{column}: error: unknown person id 'bazanov'")
        );
        let shown = lines[2].strip_prefix("7 | ").unwrap();
        let caret = lines[3].strip_prefix("  | ").unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), 1 + 60 + 19 + 60 + 1);
        // The caret line is spaces, then carets: its byte offset is its character offset.
        let under: String = shown
            .chars()
            .skip(caret.find('^').unwrap())
            .take(19)
            .collect();
        assert_eq!(under, "[x](person:bazanov)");
        assert_eq!(caret.trim_start(), "^".repeat(19));
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let shown = Excerpt::new("title: [A", 8, 1);
        assert_eq!(
            (shown.text.as_str(), shown.caret_at, shown.width),
            ("title: [A", 7, 1)
        );
    }
}
