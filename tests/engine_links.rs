//! A crawl of every page of the output: each `href` and `src` is relative (404.html
//! excepted, which starts from the base path), never a folder, and resolves to a file
//! of the output; each `#fragment` names an id of its target page. Run on a fixture
//! with every kind of page and on the bundled edition.

mod support;

use letopis::html::decode_url;
use scraper::Html;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::{TestEdition, build_repo_edition, files_under, resolve_link, sel};

/// The output as the crawl sees it: every file, and the ids of every page.
struct Site {
    files: BTreeSet<String>,
    ids: BTreeMap<String, BTreeSet<String>>,
    pages: BTreeMap<String, Html>,
}

impl Site {
    fn read(out: &Path) -> Self {
        let files: BTreeSet<String> = files_under(out).into_iter().collect();
        let pages: BTreeMap<String, Html> = files
            .iter()
            .filter(|path| path.ends_with(".html"))
            .map(|path| {
                let text = std::fs::read_to_string(out.join(path)).expect("a page is UTF-8");
                (path.clone(), Html::parse_document(&text))
            })
            .collect();
        let ids = pages
            .iter()
            .map(|(path, page)| {
                let ids = page
                    .select(&sel("[id]"))
                    .filter_map(|e| e.value().id().map(str::to_owned))
                    .collect();
                (path.clone(), ids)
            })
            .collect();
        Self { files, ids, pages }
    }

    /// Every problem with the links of every page; `base_path` is where 404.html links from.
    fn problems(&self, base_path: &str) -> Vec<String> {
        let mut problems = Vec::new();
        for (path, page) in &self.pages {
            for element in page.select(&sel("[href], [src]")) {
                for attr in ["href", "src"] {
                    if let Some(url) = element.value().attr(attr) {
                        if let Err(problem) = self.check(path, url, base_path) {
                            problems.push(format!("{path}: {attr}=\"{url}\": {problem}"));
                        }
                    }
                }
            }
        }
        problems
    }

    fn check(&self, page: &str, url: &str, base_path: &str) -> Result<(), String> {
        // A `data:` URL (the pages' empty icon) holds what it names: nothing to resolve.
        if ["http:", "https:", "mailto:", "data:"]
            .iter()
            .any(|scheme| url.starts_with(scheme))
        {
            return Ok(());
        }
        let (file, fragment) = url.split_once('#').unwrap_or((url, ""));
        if file.ends_with('/') {
            return Err("links to a folder".to_owned());
        }
        let target = if file.is_empty() {
            page.to_owned()
        } else if page == "404.html" {
            let rest = file.strip_prefix(base_path);
            decode_url(rest.ok_or("404.html must link from the base path")?)
        } else if file.starts_with('/') {
            return Err("starts with /".to_owned());
        } else {
            resolve_link(page, &decode_url(file)).0
        };
        if !(target.ends_with(".html") || target.starts_with("static/")) {
            return Err(format!("{target} is neither a page nor a static file"));
        }
        if !self.files.contains(&target) {
            return Err(format!("no file {target}"));
        }
        let fragment = decode_url(fragment);
        let ids = self.ids.get(&target);
        if !fragment.is_empty() && !ids.is_some_and(|ids| ids.contains(&fragment)) {
            return Err(format!("no id {fragment:?} in {target}"));
        }
        Ok(())
    }
}

#[track_caller]
fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_link_of_an_edition_with_every_kind_of_page_resolves() {
    let edition = TestEdition::fixture("all-pages");
    let built = edition.build();
    built.assert_clean();
    let site = Site::read(&built.out);
    for page in [
        "index.html",
        "opening.html",
        "second.html",
        "notes.html",
        "404.html",
        "persons/index.html",
        "persons/bazhanov.html",
        "enterprises/khtz.html",
        "themes/planning.html",
        "sessions/1936-06-25-evening.html",
        "places/moscow.html",
        "sources/index.html",
        "sources/sovet1936.html",
    ] {
        assert!(site.pages.contains_key(page), "no page {page}");
    }
    assert!(site.files.contains("static/images/facsimile.svg"));
    assert_no_problems(&site.problems("/edition/"));
}

#[test]
fn every_link_of_the_bundled_edition_resolves() {
    let (_dir, built) = build_repo_edition();
    built.assert_clean();
    let site = Site::read(&built.out);
    assert!(site.pages.len() > 10, "{} pages", site.pages.len());
    assert_no_problems(&site.problems("/"));
}

#[test]
fn not_found_page_links_from_the_base_path_and_every_other_page_is_relative() {
    let edition = TestEdition::fixture("all-pages");
    let built = edition.build();
    built.run.assert_success();
    let site = Site::read(&built.out);
    let links = |page: &Html| -> Vec<String> {
        page.select(&sel("a[href], link[href]"))
            .filter_map(|e| e.value().attr("href").map(str::to_owned))
            .filter(|href| !href.starts_with("http") && !href.starts_with('#'))
            .filter(|href| !href.starts_with("data:"))
            .collect()
    };
    let not_found = links(&site.pages["404.html"]);
    assert!(!not_found.is_empty());
    for href in &not_found {
        assert!(href.starts_with("/edition/"), "404.html: {href}");
    }
    for (path, page) in site.pages.iter().filter(|(path, _)| *path != "404.html") {
        for href in links(page) {
            assert!(!href.starts_with('/'), "{path}: {href}");
            assert!(!href.ends_with('/'), "{path}: {href}");
        }
    }
}

#[test]
fn crawl_reports_a_link_to_a_missing_page_or_id() {
    let body = "See [nothing](missing.html) and [no such place](#p-99).\n";
    let edition = TestEdition::new(support::BOOK_EN).file(
        "content/chapters/01-alpha.md",
        &support::chapter("Alpha", body),
    );
    let built = edition.build();
    built.run.assert_success();
    let problems = Site::read(&built.out).problems("/");
    assert_eq!(
        problems,
        [
            "alpha.html: href=\"missing.html\": no file missing.html",
            "alpha.html: href=\"#p-99\": no id \"p-99\" in alpha.html"
        ]
    );
}
