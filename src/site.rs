//! The built edition as values: every output file with its relative path and bytes.
//!
//! `render` produces a [`Site`]; `output` writes it to a folder, packs it into a zip, or
//! (for `serve`) keeps it in memory. Keeping the site as plain values is what lets the
//! three uses share one build and lets a failed build leave nothing half-written.

use std::fmt;

/// A path of an output file, relative to the output folder, with `/` separators.
///
/// Validated on construction so that no input can name a file outside the output:
/// no empty, `.` or `..` components, no leading `/`, no backslash, no NUL, no drive letter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct PagePath(String);

impl PagePath {
    /// Checks `path` and wraps it; `None` if it could leave the output folder.
    pub fn new(path: impl Into<String>) -> Option<Self> {
        let path = path.into();
        let safe = !path.is_empty()
            && !path.contains(['\\', '\0', ':'])
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        safe.then_some(Self(path))
    }

    /// The path as written in links and in the zip archive.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many folders deep the file lies (`index.html` is 0, `persons/x.html` is 1).
    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }
}

impl fmt::Display for PagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where the file goes, relative to the output folder.
    pub path: PagePath,
    /// The file's contents, exactly as written.
    pub bytes: Vec<u8>,
}

/// Every file of a built edition, sorted by path, each path once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pages: Vec<Page>,
}

impl Site {
    /// Sorts the pages by path; a later page with the same path as an earlier one
    /// replaces it (theme files overridden by the edition's own `static/`).
    pub fn new(mut pages: Vec<Page>) -> Self {
        pages.reverse();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages.dedup_by(|later, earlier| later.path == earlier.path);
        Self { pages }
    }

    /// The pages in path order.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The page at `path`, if the site has one.
    pub fn get(&self, path: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|page| page.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.pages[i])
    }
}

#[cfg(test)]
impl Site {
    /// A site of text pages, for tests of the stages that consume sites.
    pub(crate) fn from_texts(pages: &[(&str, &str)]) -> Self {
        let pages = pages.iter().map(|(path, text)| Page {
            path: PagePath::new(*path).expect("tests use valid paths"),
            bytes: text.as_bytes().to_vec(),
        });
        Self::new(pages.collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_path_rejects_escapes() {
        for bad in [
            "",
            "/etc/passwd",
            "../x.html",
            "a/../../x",
            "a//b",
            "a\\b",
            "c:x",
            "a/./b",
        ] {
            assert_eq!(PagePath::new(bad), None, "{bad:?} must be rejected");
        }
        assert_eq!(PagePath::new("persons/bazhanov.html").unwrap().depth(), 1);
    }

    #[test]
    fn later_page_wins_and_order_is_by_path() {
        let page = |p: &str, b: &[u8]| Page {
            path: PagePath::new(p).unwrap(),
            bytes: b.to_vec(),
        };
        let site = Site::new(vec![
            page("b.html", b"1"),
            page("a.html", b"2"),
            page("b.html", b"3"),
        ]);
        let paths: Vec<_> = site.pages().iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a.html", "b.html"]);
        assert_eq!(site.get("b.html").unwrap().bytes, b"3");
    }
}
