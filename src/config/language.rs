//! `book.language`: a BCP 47 language tag (`ru`, `en`, `de-AT`), checked and written
//! in its usual case, so that the theme's words, the collation, the citations and the
//! search, which each look at its first part, all read it alike. Tags are
//! case-insensitive, so `RU` is Russian; `ru_RU` or `Russian` are not tags at all, and
//! would give an invalid `<html lang>` and, quietly, an English edition.

use crate::diagnostics::{Diagnostic, Severity, SourceText};
use serde::Deserialize;
use toml::Spanned;

/// Where book.toml writes `language`, read apart from the rest (the [`super::Book`]
/// that templates see holds it as plain text).
#[derive(Deserialize)]
struct LanguageAt {
    book: BookLanguage,
}

/// `[book] language`, with its place.
#[derive(Deserialize)]
struct BookLanguage {
    language: Option<Spanned<String>>,
}

/// The tag `language` as usually written, or an error at its value in `src`.
pub(super) fn check(language: &str, src: &SourceText) -> Result<String, Diagnostic> {
    if let Some(tag) = canonical_tag(language) {
        return Ok(tag);
    }
    let at = toml::from_str::<LanguageAt>(src.text())
        .ok()
        .and_then(|t| t.book.language)
        .map_or(0..0, |l| l.span());
    let message = format!("language '{language}' is not a BCP 47 language tag");
    Err(src
        .diagnostic(Severity::Error, at, message)
        .with_hint(hint(language)))
}

/// What to write instead of `written`.
fn hint(written: &str) -> String {
    if let Some(tag) = canonical_tag(&written.replace('_', "-")) {
        return format!("write it with a hyphen: {tag}");
    }
    let code = match written.trim().to_lowercase().as_str() {
        "russian" | "русский" | "russkij" => Some("ru"),
        "english" | "английский" => Some("en"),
        "ukrainian" | "украинский" | "українська" => Some("uk"),
        "german" | "deutsch" | "немецкий" => Some("de"),
        "french" | "français" | "francais" | "французский" => Some("fr"),
        _ => None,
    };
    match code {
        Some(code) => format!("write the language's code: {code}"),
        None => "write a BCP 47 language tag, such as ru (Russian) or en (English)".to_owned(),
    }
}

/// `tag` in the case BCP 47 recommends (`ru`, `sr-Latn-RS`, `de-AT-x-old`), if it is
/// well formed: a language of two or three letters, then subtags of one to eight
/// letters and digits. Used for the book's `language` and a chapter's.
pub fn canonical_tag(tag: &str) -> Option<String> {
    let mut parts = tag.split('-');
    let language = parts.next()?;
    let letters =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic());
    if !letters {
        return None;
    }
    let mut out = language.to_ascii_lowercase();
    // Script and region casing holds up to the first one-character subtag (an
    // extension or private use), after which everything is lowercase.
    let mut extension = false;
    for part in parts {
        let fits = (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric());
        if !fits {
            return None;
        }
        extension |= part.len() == 1;
        let alphabetic = part.bytes().all(|b| b.is_ascii_alphabetic());
        let cased = match (extension, part.len(), alphabetic) {
            (false, 4, true) => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            (false, 2, true) => part.to_ascii_uppercase(),
            _ => part.to_ascii_lowercase(),
        };
        out.push('-');
        out.push_str(&cased);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_written_in_their_usual_case() {
        for (written, usual) in [
            ("ru", "ru"),
            ("RU", "ru"),
            ("ru-ru", "ru-RU"),
            ("SR-LATN-rs", "sr-Latn-RS"),
            ("de-AT-x-OLD", "de-AT-x-old"),
            ("es-419", "es-419"),
        ] {
            assert_eq!(canonical_tag(written).as_deref(), Some(usual), "{written}");
        }
    }

    #[test]
    fn what_is_not_a_tag_is_refused() {
        for written in [
            "",
            "r",
            "Russian",
            "ru_RU",
            "ru-",
            "ru--RU",
            "ру",
            "en-toolongsubtag",
        ] {
            assert_eq!(canonical_tag(written), None, "{written}");
        }
    }
}
