//! Fenced code, highlighted by syntect with CSS classes (no inline styles, so the theme's
//! stylesheet and print styles stay in charge).
//!
//! The syntax set takes tens of milliseconds to load; it is loaded once, and only when a
//! code block asks for a language, so a book without code never pays for it.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted tokens, shared with the stylesheet.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The inner HTML of `<code>` for `code` in `language`; `None` when the language is
/// unknown (the caller then escapes the code as plain text).
pub(crate) fn highlight(code: &str, language: &str) -> Option<String> {
    let syntaxes = syntaxes();
    let syntax = syntaxes
        .find_syntax_by_token(language)
        .or_else(|| syntaxes.find_syntax_by_extension(language))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for the highlighting classes (a light theme that prints well).
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    themes
        .themes
        .get("InspiredGitHub")
        .and_then(|theme| syntect::html::css_for_theme_with_class_style(theme, STYLE).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_gets_none() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert_eq!(highlight("x", "no-such-language"), None);
        assert!(stylesheet().contains(".hl-"));
    }
}
