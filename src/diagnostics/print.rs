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
        let line = line.replace('\t', " ");
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {line}");
        if d.column > 0 {
            let indent = " ".repeat(d.column - 1);
            let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(d.width));
        }
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  = hint: {hint}");
    }
    out.push('\n');
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
        let start = src.text.find("person:").unwrap();
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
}
