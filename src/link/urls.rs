//! Links and images an editor writes relative to the file, as Markdown previews read them:
//! `[see](03-plenum.md#p-5)` from one chapter to another, `![](../static/map.png)`.
//!
//! A chapter file becomes its page and a file under `content/static/` its copy under
//! `static/`, so the same Markdown works in an editor's preview and in the edition. A
//! link that leads to neither is kept as written and reported, because it would be a
//! broken link on the site.

use super::chapters::ChapterInput;
use super::resolve::Reporter;
use super::{UrlTarget, WebImage};
use crate::config::Config;
use crate::diagnostics::SourceText;
use crate::html::{decode_url, encode_url};
use crate::load::{STATIC_DIR, StaticFile};
use crate::parse::{Anchor, LocalUrl, ParsedText, UrlKind};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Each chapter's parse and its redirects' ids: where its page's anchors are
    /// looked up (only for a link with a fragment, so nothing is copied for them).
    anchors: Vec<(Arc<ParsedText>, Vec<String>)>,
    /// Files under `content/static/`, by their path under it.
    statics: HashSet<String>,
    /// The folder `content/static/` itself, where images' sizes are read.
    static_dir: PathBuf,
}

impl Files {
    /// Indexes the chapters (in reading order) and the static files.
    pub(super) fn new(config: &Config, chapters: &[ChapterInput], statics: &[StaticFile]) -> Self {
        let content_prefix = format!(
            "{}/",
            crate::load::display_path(config, &config.content_dir)
        );
        let paths = chapters.iter().enumerate().filter_map(|(i, input)| {
            Some((
                input
                    .file
                    .src
                    .path
                    .strip_prefix(&content_prefix)?
                    .to_owned(),
                i,
            ))
        });
        let anchors = chapters
            .iter()
            .map(|input| {
                let redirects = input.redirects.iter().map(|(_, id)| id.clone());
                (Arc::clone(&input.parsed), redirects.collect())
            })
            .collect();
        let pages = chapters
            .iter()
            .enumerate()
            .map(|(i, input)| (format!("{}.html", input.slug), i));
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
            static_dir: config.content_dir.join(STATIC_DIR),
            content_prefix,
        }
    }

    /// Where `url`, written in the file being linked, leads: a chapter, a static file or
    /// a page of the layout, tried in that order; reported when it leads nowhere.
    pub(super) fn resolve(&self, out: &mut Reporter<'_>, url: &LocalUrl) -> UrlTarget {
        let (path, fragment) = match url.dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (url.dest.as_str(), None),
        };
        // `old%20map.png` names the file `old map.png`, as a preview reads it.
        let decoded = decode_url(path);
        let path = decoded.as_str();
        // Relative to the file first, as previews read it, then to the site's root.
        let joined = normalise(self.folder_of(out.src), path);
        if let Some(chapter) = self.chapter(joined.as_deref(), path) {
            if let Some(id) = fragment.filter(|id| !self.has_anchor(chapter, id)) {
                let message = format!("link to '#{id}' in {path}, which has no such anchor");
                out.report(out.warning(url.at.clone(), message));
            }
            let fragment = fragment.map(str::to_owned);
            return UrlTarget::Chapter { chapter, fragment };
        }
        if let Some(file) = self.static_file(joined.as_deref(), path) {
            let fragment = fragment.map_or_else(String::new, |f| format!("#{f}"));
            let path = encode_url(&format!("{STATIC_DIR}/{file}{fragment}"));
            return match self.image_size(url, file) {
                Some((width, height)) => UrlTarget::Image {
                    path,
                    width,
                    height,
                    web: crate::scan::derivative(file, width, height).map(|d| WebImage {
                        path: encode_url(&format!("{STATIC_DIR}/{}", d.name)),
                        name: d.name,
                        width: d.width,
                        height: d.height,
                    }),
                },
                None => UrlTarget::File(path),
            };
        }
        if url.kind == UrlKind::Image {
            self.report_missing_image(out, url);
        } else if !self.in_layout(path) {
            self.report_dead_link(out, url);
        }
        // Raw HTML is published as written; a Markdown address as CommonMark writes it.
        if url.raw_html {
            UrlTarget::File(url.dest.clone())
        } else {
            UrlTarget::File(encode_url(&url.dest))
        }
    }

    /// Whether chapter `chapter`'s page has the anchor `id`: a passage's, or a
    /// redirect's of a passage that is gone.
    fn has_anchor(&self, chapter: usize, id: &str) -> bool {
        let (parsed, redirects) = &self.anchors[chapter];
        let passage = |p: &crate::parse::Passage| matches!(&p.anchor, Anchor::Id(a) if a == id);
        parsed.passages.iter().any(passage) || redirects.iter().any(|r| r == id)
    }

    /// The folder of `src` under the content folder (`chapters`), where its links start.
    fn folder_of<'s>(&self, src: &'s SourceText) -> &'s str {
        src.path
            .strip_prefix(&self.content_prefix)
            .and_then(|p| p.rsplit_once('/'))
            .map_or("", |(folder, _)| folder)
    }

    /// The chapter whose file is `joined` or whose page is `path` (`second-plenum.html`).
    fn chapter(&self, joined: Option<&str>, path: &str) -> Option<usize> {
        joined
            .and_then(|p| self.chapters.get(p))
            .or_else(|| self.pages.get(path))
            .copied()
    }

    /// The path under `static/` of the static file that `joined` or `path` names.
    fn static_file<'p>(&self, joined: Option<&'p str>, path: &'p str) -> Option<&'p str> {
        let in_static = |p: &'p str| {
            p.strip_prefix(STATIC_DIR)
                .and_then(|p| p.strip_prefix('/'))
                .filter(|p| self.statics.contains(*p))
        };
        joined.and_then(in_static).or_else(|| in_static(path))
    }

    /// The width and height of an image, read from its file's header (a few bytes, not
    /// the file); `None` for a file that is not an image or whose header is unknown.
    fn image_size(&self, url: &LocalUrl, file: &str) -> Option<(usize, usize)> {
        if url.kind != UrlKind::Image {
            return None;
        }
        let size = imagesize::size(self.static_dir.join(file)).ok()?;
        Some((size.width, size.height))
    }

    /// Whether `path` names a page or folder of the edition's own layout.
    fn in_layout(&self, path: &str) -> bool {
        self.layout.iter().any(|page| {
            path == page.as_str() || (page.ends_with('/') && path.starts_with(page.as_str()))
        })
    }

    /// A missing image is an error: the page would show a broken picture.
    fn report_missing_image(&self, out: &mut Reporter<'_>, url: &LocalUrl) {
        let message = format!(
            "image '{}' is not a file in {}{STATIC_DIR}/",
            url.dest, self.content_prefix
        );
        let hint = format!(
            "put the image in {}{STATIC_DIR}/ and write its path from the file, e.g. ../static/map.png",
            self.content_prefix
        );
        out.report(out.error(url.at.clone(), message).with_hint(hint));
    }

    fn report_dead_link(&self, out: &mut Reporter<'_>, url: &LocalUrl) {
        let message = format!(
            "link to '{}' leads to no chapter and no file in {}{STATIC_DIR}/",
            url.dest, self.content_prefix
        );
        let hint =
            "link a chapter by its file name (02-next.md) or put the file in the static folder";
        out.report(out.warning(url.at.clone(), message).with_hint(hint));
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
