//! The one place URLs are made.
//!
//! Every internal link is relative and ends in `.html`, which makes the same output work
//! on GitHub Pages under a sub-path, on any host and from `file://` (a link to a folder
//! would show a folder listing there). The only exception is `404.html`: a host serves it
//! at any depth, so its links start from the site's absolute base path instead.

use crate::config::RegisterKind;
use crate::site::PagePath;
use std::collections::HashSet;
use std::sync::Arc;

/// The output path of each kind of page, relative to the output root.
pub mod paths {
    /// The title page.
    pub const INDEX: &str = "index.html";
    /// All notes.
    pub const NOTES: &str = "notes.html";
    /// The bibliography.
    pub const SOURCES: &str = "sources/index.html";
    /// The page served for a missing page.
    pub const NOT_FOUND: &str = "404.html";
    /// The search results page.
    pub const SEARCH: &str = "search.html";

    /// A chapter's page.
    pub fn chapter(slug: &str) -> String {
        format!("{slug}.html")
    }

    /// A register's index page.
    pub fn register(folder: &str) -> String {
        format!("{folder}/index.html")
    }

    /// An entry's page.
    pub fn entry(folder: &str, id: &str) -> String {
        format!("{folder}/{id}.html")
    }

    /// A source's page.
    pub fn source(key: &str) -> String {
        format!("sources/{key}.html")
    }

    /// A file of the theme or of `content/static/`.
    pub fn static_file(name: &str) -> String {
        format!("static/{name}")
    }
}

/// URLs as seen from one page.
#[derive(Debug, Clone)]
pub struct Links {
    root: String,
    /// The web derivatives of large images that were made (see [`crate::scan`]), by
    /// name under `static/`: a page shows one only when it exists (`serve` and `check` make none).
    made: Arc<HashSet<String>>,
}

impl Links {
    /// Links relative to the page at `path`.
    pub fn from_page(path: &PagePath) -> Self {
        Self {
            root: "../".repeat(path.depth()),
            made: Arc::default(),
        }
    }

    /// Links from the site's absolute base path (`/plenum-1936/`), for `404.html`.
    pub fn from_base_path(base_path: &str) -> Self {
        let mut root = base_path.to_owned();
        if !root.ends_with('/') {
            root.push('/');
        }
        Self {
            root,
            made: Arc::default(),
        }
    }

    /// These links, showing the web derivatives named in `made`.
    pub fn with_made(self, made: Arc<HashSet<String>>) -> Self {
        Self { made, ..self }
    }

    /// Whether the web derivative named `name` (under `static/`) was made.
    pub fn is_made(&self, name: &str) -> bool {
        self.made.contains(name)
    }

    /// The prefix that leads from the page to the output root (`""`, `"../"`, or a base path).
    pub fn root(&self) -> &str {
        &self.root
    }

    /// A URL to any output path.
    pub fn to(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// A URL to a place in a chapter: the URL of [`paths::chapter`], made in one piece.
    pub fn chapter(&self, slug: &str, anchor: Option<&str>) -> String {
        match anchor {
            Some(anchor) => self.joined(&[slug, ".html#", anchor]),
            None => self.joined(&[slug, ".html"]),
        }
    }

    /// A URL to an entry's page: the URL of [`paths::entry`], made in one piece.
    pub fn entry(&self, kind: &RegisterKind, id: &str) -> String {
        self.joined(&[&kind.path, "/", id, ".html"])
    }

    /// The root followed by `parts`, in one allocation: a large edition makes a URL for
    /// every mention and every place listed, and `format!` on `format!` made three.
    fn joined(&self, parts: &[&str]) -> String {
        let length = self.root.len() + parts.iter().map(|p| p.len()).sum::<usize>();
        let mut url = String::with_capacity(length);
        url.push_str(&self.root);
        parts.iter().for_each(|part| url.push_str(part));
        url
    }

    /// A URL to a source's page.
    pub fn source(&self, key: &str) -> String {
        self.to(&paths::source(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        let kind = RegisterKind {
            name: "person".into(),
            title: None,
            file: String::new(),
            path: "persons".into(),
            singular: None,
            headings: crate::config::EntryHeadings::default(),
        };
        let from_entry = Links::from_page(&PagePath::new("persons/x.html").unwrap());
        assert_eq!(
            from_entry.chapter("plenum", Some("p-3")),
            "../plenum.html#p-3"
        );
        assert_eq!(
            from_entry.entry(&kind, "bazhanov"),
            "../persons/bazhanov.html"
        );
        assert_eq!(
            from_entry.entry(&kind, "bazhanov"),
            from_entry.to(&paths::entry("persons", "bazhanov"))
        );
        assert_eq!(from_entry.chapter("plenum", None), "../plenum.html");
        assert_eq!(
            from_entry.chapter("plenum", None),
            from_entry.to(&paths::chapter("plenum"))
        );
        let from_top = Links::from_page(&PagePath::new("index.html").unwrap());
        assert_eq!(from_top.source("sovet1936"), "sources/sovet1936.html");
        assert_eq!(
            Links::from_base_path("/plenum-1936/").to("index.html"),
            "/plenum-1936/index.html"
        );
    }
}
