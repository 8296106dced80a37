//! An editor's mistakes, as values.
//!
//! Every stage returns its [`Diagnostic`]s beside its result instead of stopping at the
//! first problem, so an editor sees every problem of a run at once. A diagnostic carries
//! the position in the editor's own file (not in an extracted front-matter block), the
//! offending line, and a hint where one helps. Failures of the environment (an unreadable
//! folder, a full disk) are not diagnostics: they are `anyhow` errors that stop the run.

mod print;
mod source;
mod suggest;

pub use print::{print_human, to_json_line, write_stderr, write_stdout};
pub use source::{SourceText, not_utf8};
pub use suggest::{did_you_mean, unknown_field_hint};

use serde::Serialize;

/// How bad a problem is: errors stop the build before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The edition cannot be built as written.
    Error,
    /// The edition builds, but something is probably not what the editor meant.
    Warning,
}

/// One problem in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the edition root, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in a short sentence without a final full stop.
    pub message: String,
    /// What to do about it, when we can tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// How many characters the caret under the line spans (at least 1).
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// A problem that concerns a whole file rather than a place in it.
    pub fn for_file(
        severity: Severity,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            width: 1,
        }
    }

    /// Adds a hint (what to do), replacing any earlier one.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, line and column so that parallel stages print stably,
/// and drops exact repeats (one bad id used twice on a line is one problem).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
    diagnostics.dedup();
}

/// Whether any of the diagnostics is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
