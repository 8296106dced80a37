//! What every page tells link previews and search engines in its `<head>`: a
//! description and the Open Graph title, description, type and URL.
//!
//! Every page gets a description, because a shared link or a search result shows one
//! whatever the page: its own when it has one (a chapter's summary, an entry's
//! description), the book's on the title page, and otherwise the page's title with the
//! book's, so that no two kinds of page read alike.

use crate::config::Book;

/// A description longer than this is cut at a word and ends in «…»: previews show
/// about this much, and a register entry's description may run to pages.
const MAX_CHARS: usize = 200;

/// The `<head>` facts of one page besides its title.
pub(super) struct Meta {
    /// `<meta name="description">` and `og:description`.
    pub(super) description: String,
    /// `og:type`: `article` for a chapter, `website` for every other page.
    pub(super) og_type: &'static str,
}

impl Meta {
    /// The facts of the page `title`, drawn with `template`, whose own description (if
    /// any) is `own`.
    pub(super) fn new(book: &Book, template: &str, title: &str, own: Option<String>) -> Self {
        let description = own
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| fallback(book, title));
        Self {
            description: shorten(&description),
            og_type: if template == "chapter.html" {
                "article"
            } else {
                "website"
            },
        }
    }
}

/// The description of a page that has none of its own: the book's (or its subtitle) on
/// the title page; elsewhere the page's title, the book's, and the book's description.
fn fallback(book: &Book, title: &str) -> String {
    let about = book.description.as_deref().or(book.subtitle.as_deref());
    match about {
        Some(about) if title == book.title => about.to_owned(),
        None if title == book.title => book.title.clone(),
        Some(about) => format!("{title} — {}. {about}", book.title),
        None => format!("{title} — {}", book.title),
    }
}

/// `text` with its whitespace folded, cut at a word when longer than [`MAX_CHARS`].
fn shorten(text: &str) -> String {
    super::text::cut_at_word(text, MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::{MAX_CHARS, shorten};

    #[test]
    fn a_long_description_is_cut_at_a_word() {
        let long = "слово ".repeat(100);
        let short = shorten(&long);
        assert!(short.chars().count() <= MAX_CHARS + 1, "{short}");
        assert!(short.ends_with("слово…"), "{short}");
        assert_eq!(shorten(" a\n b "), "a b");
    }
}
