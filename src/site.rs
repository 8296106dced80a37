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

/// A path is looked up by its text (`serve` finds a requested file by it).
impl std::borrow::Borrow<str> for PagePath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Refuses two output files at one path: the second would hide the first (an entry
/// page over its register's index, say).
pub fn check_unique<'a>(paths: impl Iterator<Item = &'a PagePath>) -> anyhow::Result<()> {
    let mut sorted: Vec<&PagePath> = paths.collect();
    sorted.sort();
    match sorted.windows(2).find(|pair| pair[0] == pair[1]) {
        Some(pair) => anyhow::bail!("two output files would be written at {}", pair[0]),
        None => Ok(()),
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
    /// Sorts the pages by path. Two pages with one path are an error, never a silent
    /// replacement: the second would hide the first (an entry page over its register's
    /// index, say). Overrides that are meant, such as the edition's static files over
    /// the theme's, are settled by the renderer before the site is made.
    pub fn new(mut pages: Vec<Page>) -> anyhow::Result<Self> {
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        check_unique(pages.iter().map(|page| &page.path))?;
        Ok(Self { pages })
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
        Self::new(pages.collect()).expect("tests give each page its own path")
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

    fn page(path: &str, bytes: &[u8]) -> Page {
        Page {
            path: PagePath::new(path).unwrap(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn pages_are_ordered_by_path() {
        let site = Site::new(vec![page("b.html", b"1"), page("a.html", b"2")]).unwrap();
        let paths: Vec<_> = site.pages().iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a.html", "b.html"]);
        assert_eq!(site.get("b.html").unwrap().bytes, b"1");
    }

    #[test]
    fn two_pages_with_one_path_are_an_error_naming_the_path() {
        let err = Site::new(vec![
            page("persons/index.html", b"register"),
            page("a.html", b"2"),
            page("persons/index.html", b"entry"),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "two output files would be written at persons/index.html"
        );
    }
}
