//! A crawl of every page of the output: each `href`, `src` and `srcset` is relative
//! (404.html excepted, which starts from the base path), never a folder, and resolves to
//! a file of the output; each `#fragment` names an id of its target page. Run on a
//! fixture with every kind of page, the bundled edition, the theme's fixture with paged
//! lists and the correspondence scaffold. And no page asks for anything from outside
//! the site: no script, stylesheet, image, frame or font from another host (links that
//! a reader follows may lead anywhere).

mod support;

use letopis::html::decode_url;
use scraper::Html;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::{
    TestEdition, build_repo_edition, files_under, letters_edition, resolve_link, sel, theme_edition,
};

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
            for element in page.select(&sel("[href], [src], [srcset]")) {
                for (attr, url) in urls(element) {
                    if let Err(problem) = self.check(path, url, base_path) {
                        problems.push(format!("{path}: {attr}=\"{url}\": {problem}"));
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

impl Site {
    /// Every URL outside the site that a page, or a stylesheet of the output, makes the
    /// browser fetch as it opens the page: `http:`, `https:` or protocol-relative (`//`)
    /// in anything but a link the reader follows (`a`, `area`, `form`) or one that names
    /// the page (`link rel="canonical"`, `rel="alternate"`), and `url()` or `@import`
    /// of another host in a stylesheet or a `style` attribute.
    fn outside_requests(&self, out: &Path) -> Vec<String> {
        let mut found = Vec::new();
        for (path, page) in &self.pages {
            for element in page.select(&sel("[href], [src], [srcset], [poster], [data], [style]")) {
                let tag = element.value().name();
                let rel = element.value().attr("rel").unwrap_or("");
                let names_a_page = tag == "link"
                    && rel.split_whitespace().any(|r| {
                        r.eq_ignore_ascii_case("canonical") || r.eq_ignore_ascii_case("alternate")
                    });
                if matches!(tag, "a" | "area" | "form") || names_a_page {
                    continue;
                }
                let mut urls = urls(element);
                for attr in ["poster", "data"] {
                    urls.extend(element.value().attr(attr).map(|url| (attr, url)));
                }
                let style = element.value().attr("style").unwrap_or("");
                urls.extend(stylesheet_urls(style).into_iter().map(|url| ("style", url)));
                for (attr, url) in urls.into_iter().filter(|(_, url)| is_outside(url)) {
                    found.push(format!("{path}: <{tag} {attr}=\"{url}\">"));
                }
            }
            for style in page.select(&sel("style")) {
                let text: String = style.text().collect();
                for url in stylesheet_urls(&text)
                    .into_iter()
                    .filter(|url| is_outside(url))
                {
                    found.push(format!("{path}: <style> url({url})"));
                }
            }
        }
        for path in self.files.iter().filter(|path| path.ends_with(".css")) {
            let text = std::fs::read_to_string(out.join(path)).expect("a stylesheet is UTF-8");
            for url in stylesheet_urls(&text)
                .into_iter()
                .filter(|url| is_outside(url))
            {
                found.push(format!("{path}: url({url})"));
            }
        }
        found
    }
}

/// The URLs an element names in `href`, `src` and each candidate of `srcset`.
fn urls<'a>(element: scraper::ElementRef<'a>) -> Vec<(&'static str, &'a str)> {
    let value = element.value();
    let mut urls: Vec<(&str, &str)> = ["href", "src"]
        .into_iter()
        .filter_map(|attr| value.attr(attr).map(|url| (attr, url)))
        .collect();
    let candidates = value.attr("srcset").unwrap_or("").split(',');
    urls.extend(
        candidates
            .filter_map(|candidate| candidate.split_whitespace().next())
            .map(|url| ("srcset", url)),
    );
    urls
}

/// The targets of `url(…)` and `@import "…"` in CSS, quotes removed.
fn stylesheet_urls(css: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for piece in css.split("url(").skip(1) {
        found.push(unquote(piece.split(')').next().unwrap_or("")));
    }
    for piece in css.split("@import").skip(1) {
        let target = piece.trim_start();
        if target.starts_with(['"', '\'']) {
            found.push(unquote(target.split(';').next().unwrap_or("")));
        }
    }
    found
}

/// `s` without spaces and quotes around it.
fn unquote(s: &str) -> &str {
    s.trim().trim_matches(['"', '\'']).trim()
}

/// Whether a browser would fetch `url` from another host.
fn is_outside(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")
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
    assert_no_problems(&site.outside_requests(&built.out));
}

#[test]
fn every_link_of_the_bundled_edition_resolves() {
    let (_dir, built) = build_repo_edition();
    built.assert_clean();
    let site = Site::read(&built.out);
    assert!(site.pages.len() > 10, "{} pages", site.pages.len());
    assert_no_problems(&site.problems("/"));
    assert_no_problems(&site.outside_requests(&built.out));
}

#[test]
fn every_link_of_the_theme_fixture_with_paged_lists_resolves() {
    let edition = theme_edition("ru");
    let book = std::fs::read_to_string(edition.root().join("book.toml")).expect("book.toml");
    edition.write(
        "book.toml",
        format!(
            "{book}[site]\nbase-url = \"https://example.org/\"\n[build]\nplaces-per-page = 2\n"
        ),
    );
    let built = edition.build();
    built.assert_clean();
    let site = Site::read(&built.out);
    assert!(
        site.pages.contains_key("persons/elkin/2.html"),
        "{:?}",
        site.files
    );
    assert_no_problems(&site.problems("/"));
    assert_no_problems(&site.outside_requests(&built.out));
}

#[test]
fn every_link_of_the_correspondence_scaffold_resolves() {
    let (_edition, built) = letters_edition();
    built.assert_clean();
    let site = Site::read(&built.out);
    assert!(site.pages.len() > 5, "{} pages", site.pages.len());
    assert_no_problems(&site.problems("/"));
    assert_no_problems(&site.outside_requests(&built.out));
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

#[test]
fn crawl_reports_what_a_page_would_fetch_from_elsewhere() {
    let body = "<img src=\"https://example.org/a.png\" alt=\"a\">\n\n\
                <img src=\"../static/b.png\" srcset=\"../static/b.png 1x, //cdn.example.org/b.png 2x\" alt=\"b\">\n\n\
                <iframe src=\"http://example.org/frame\" title=\"f\"></iframe>\n\n\
                <span style=\"background: url('https://example.org/bg.png')\">s</span>\n\n\
                [a link the reader follows](https://example.org/page)\n";
    let edition = TestEdition::new(support::BOOK_EN)
        .file(
            "content/chapters/01-alpha.md",
            &support::chapter("Alpha", body),
        )
        .file("content/static/b.png", "");
    let built = edition.build();
    built.run.assert_success();
    let site = Site::read(&built.out);
    assert_eq!(
        site.outside_requests(&built.out),
        [
            "alpha.html: <img src=\"https://example.org/a.png\">",
            "alpha.html: <img srcset=\"//cdn.example.org/b.png\">",
            "alpha.html: <iframe src=\"http://example.org/frame\">",
            "alpha.html: <span style=\"https://example.org/bg.png\">",
        ]
    );
    assert_eq!(
        site.problems("/"),
        ["alpha.html: srcset=\"//cdn.example.org/b.png\": starts with /"]
    );
}

#[test]
fn stylesheet_urls_are_found_with_or_without_quotes() {
    let css = "@import \"https://a.example/x.css\"; p { background: url( 'b.png' ) }\n\
               q { background: url(//c.example/y.png) }";
    assert_eq!(
        stylesheet_urls(css),
        ["b.png", "//c.example/y.png", "https://a.example/x.css"]
    );
}
