//! Links and images an editor writes relative to the file, as Markdown previews read them:
//! `[see](03-plenum.md#p-5)` from one chapter to another, `![](../static/map.png)`.
//!
//! A chapter file becomes its page and a file under `content/static/` its copy under
//! `static/`, so the same Markdown works in an editor's preview and in the edition. A
//! link that leads to neither is kept as written and reported, because it would be a
//! broken link on the site.

use super::UrlTarget;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::load::{ChapterFile, STATIC_DIR, StaticFile};
use crate::parse::{Anchor, LocalUrl, ParsedText};
use std::collections::{HashMap, HashSet};

/// What relative links can lead to.
pub(super) struct Files {
    /// The content folder as shown in diagnostics, with a final `/` (`content/`).
    content_prefix: String,
    /// Chapter files by their path under the content folder → reading-order index.
    chapters: HashMap<String, usize>,
    /// Chapter pages by their output name (`second-plenum.html`) → reading-order index.
    pages: HashMap<String, usize>,
    /// The folders and pages of the layout a link may name directly (`persons/`, `notes.html`).
    layout: Vec<String>,
    /// The ids each chapter page has for passages and headings.
    anchors: Vec<HashSet<String>>,
    /// Files under `content/static/`, by their path under it.
    statics: HashSet<String>,
}

impl Files {
    /// Indexes the chapters (in reading order) and the static files.
    pub(super) fn new(
        config: &Config,
        chapters: &[(ChapterFile, ParsedText)],
        statics: &[StaticFile],
    ) -> Self {
        let content_prefix = format!(
            "{}/",
            crate::load::display_path(config, &config.content_dir)
        );
        let paths = chapters.iter().enumerate().filter_map(|(i, (file, _))| {
            Some((file.src.path.strip_prefix(&content_prefix)?.to_owned(), i))
        });
        let anchors = chapters
            .iter()
            .map(|(_, parsed)| {
                let ids = parsed.passages.iter().filter_map(|p| match &p.anchor {
                    Anchor::Id(id) => Some(id.clone()),
                    _ => None,
                });
                ids.collect()
            })
            .collect();
        let pages = chapters
            .iter()
            .enumerate()
            .map(|(i, (file, _))| (format!("{}.html", super::chapters::slug(file)), i));
        let folders = config.registers.iter().map(|k| format!("{}/", k.path));
        let layout = folders
            .chain(["sources/", "index.html", "notes.html"].map(String::from))
            .collect();
        Self {
            chapters: paths.collect(),
            pages: pages.collect(),
            layout,
            anchors,
            statics: statics.iter().map(|f| f.path.clone()).collect(),
            content_prefix,
        }
    }

    /// Where `url`, written in the file `src`, leads; reported when it leads nowhere.
    pub(super) fn resolve(
        &self,
        src: &SourceText,
        url: &LocalUrl,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> UrlTarget {
        let (path, fragment) = match url.dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_owned())),
            None => (url.dest.as_str(), None),
        };
        let folder = src
            .path
            .strip_prefix(&self.content_prefix)
            .and_then(|p| p.rsplit_once('/'))
            .map_or("", |(f, _)| f);
        let joined = normalise(folder, path);
        let chapter = joined
            .as_deref()
            .and_then(|p| self.chapters.get(p))
            .or_else(|| self.pages.get(path));
        if let Some(&chapter) = chapter {
            if let Some(id) = fragment
                .as_deref()
                .filter(|id| !self.anchors[chapter].contains(*id))
            {
                let message = format!("link to '#{id}' in {path}, which has no such anchor");
                diagnostics.push(src.diagnostic(Severity::Warning, url.at.clone(), message));
            }
            return UrlTarget::Chapter { chapter, fragment };
        }
        let in_static = |p: &str| {
            p.strip_prefix(STATIC_DIR)
                .and_then(|p| p.strip_prefix('/'))
                .filter(|p| self.statics.contains(*p))
                .map(str::to_owned)
        };
        // Relative to the file first (as previews read it), then to the site's root.
        if let Some(file) = joined
            .as_deref()
            .and_then(in_static)
            .or_else(|| in_static(path))
        {
            let fragment = fragment.map_or_else(String::new, |f| format!("#{f}"));
            return UrlTarget::File(format!("{STATIC_DIR}/{file}{fragment}"));
        }
        let in_layout = |page: &String| {
            path == page.as_str() || (page.ends_with('/') && path.starts_with(page.as_str()))
        };
        if self.layout.iter().any(in_layout) {
            return UrlTarget::File(url.dest.clone());
        }
        let message = format!(
            "link to '{}' leads to no chapter and no file in {}{STATIC_DIR}/",
            url.dest, self.content_prefix
        );
        let hint =
            "link a chapter by its file name (02-next.md) or put the file in the static folder";
        diagnostics.push(
            src.diagnostic(Severity::Warning, url.at.clone(), message)
                .with_hint(hint),
        );
        UrlTarget::File(url.dest.clone())
    }
}

/// `folder/path` with `.` and `..` resolved; `None` when it climbs out of the content folder.
fn normalise(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn paths_resolve_against_the_file_folder() {
        assert_eq!(
            normalise("chapters", "02-b.md").as_deref(),
            Some("chapters/02-b.md")
        );
        assert_eq!(
            normalise("chapters", "../static/map.png").as_deref(),
            Some("static/map.png")
        );
        assert_eq!(
            normalise("chapters/part", "../01-a.md").as_deref(),
            Some("chapters/01-a.md")
        );
        assert_eq!(normalise("", "../../etc/passwd"), None);
    }
}
