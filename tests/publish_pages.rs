//! Publishing on GitHub Pages: the bundled edition built with a base URL and served under
//! `/plenum-1936/` the way Pages serves a project site, crawled link by link; the 404
//! page at a deep path; sitemap and canonical links; `.nojekyll` and `CNAME`.

mod support;

use scraper::Html;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::SocketAddr;
use std::path::PathBuf;
use support::pages_server::serve_like_github_pages;
use support::{BOOK_EN, HttpResponse, TestEdition, attrs, chapter, http_request, sel};

/// The project site's path, as GitHub Pages gives it for a repository `plenum-1936`.
const BASE: &str = "/plenum-1936/";

#[test]
fn every_link_from_the_title_page_resolves_under_the_base_path() {
    let site = PublishedSite::bundled();
    let crawl = site.crawl(&format!("{BASE}index.html"));
    assert_eq!(crawl.broken, Vec::<String>::new());
    assert_eq!(crawl.missing_anchors(), Vec::<String>::new());
    let chapters = crawl
        .pages
        .keys()
        .filter(|url| url.ends_with("june-29.html"));
    assert_eq!(chapters.count(), 1, "the crawl reached the chapters");
    let stylesheets = crawl.other.iter().filter(|url| url.ends_with(".css"));
    assert_eq!(stylesheets.count(), 2, "{:?}", crawl.other);
}

#[test]
fn not_found_page_at_a_deep_path_has_working_links_and_styles() {
    let site = PublishedSite::bundled();
    let deep = format!("{BASE}persons/nobody/at/all.html");
    let response = site.get(&deep);
    assert_eq!(response.status, 404);
    let expected = std::fs::read(site.out.join("404.html")).unwrap();
    assert_eq!(response.body, expected, "the 404 page is served as it is");
    let page = Html::parse_document(&response.text());
    let stylesheets = attrs(&page, "link[rel=stylesheet]", "href");
    assert_eq!(stylesheets.len(), 2, "{stylesheets:?}");
    for href in &stylesheets {
        let css = site.get(&resolve(&deep, href, &site.origin()).unwrap());
        assert_eq!(
            (css.status, css.content_type.as_deref()),
            (200, Some("text/css"))
        );
    }
    let links = attrs(&page, "a[href]", "href");
    assert!(links.len() > 3, "{links:?}");
    for href in links.iter().filter(|href| !href.starts_with('#')) {
        let url = resolve(&deep, href, &site.origin()).unwrap();
        assert_eq!(site.get(&url).status, 200, "{href} from the 404 page");
    }
}

#[test]
fn sitemap_lists_every_page_by_its_canonical_url() {
    let site = PublishedSite::bundled();
    let crawl = site.crawl(&format!("{BASE}index.html"));
    let sitemap = site.get(&format!("{BASE}sitemap.xml"));
    assert_eq!(sitemap.status, 200);
    let listed: BTreeSet<String> = locs(&sitemap.text()).into_iter().collect();
    let mut canonical = BTreeSet::new();
    for (url, page) in &crawl.pages {
        let found = attrs(page, "link[rel=canonical]", "href");
        let title_page = format!("{BASE}index.html");
        let published = if *url == title_page { BASE } else { url };
        assert_eq!(
            found,
            [format!("{}{published}", site.origin())],
            "canonical of {url}"
        );
        canonical.extend(found);
    }
    assert_eq!(listed, canonical);
    let html_files = support::files_under(&site.out)
        .into_iter()
        .filter(|path| path.ends_with(".html") && path != "404.html" && path != "search.html")
        .count();
    assert_eq!(
        listed.len(),
        html_files,
        "every page but 404.html and search.html is listed"
    );
    let not_found =
        Html::parse_document(&std::fs::read_to_string(site.out.join("404.html")).unwrap());
    assert_eq!(
        attrs(&not_found, "link[rel=canonical]", "href"),
        Vec::<String>::new()
    );
}

#[test]
fn without_base_url_there_is_no_sitemap_or_canonical_link_but_always_nojekyll() {
    let edition = small_edition("");
    let built = edition.build();
    built.assert_clean();
    assert_eq!(std::fs::read(built.out.join(".nojekyll")).unwrap(), b"");
    assert!(!built.out.join("sitemap.xml").exists());
    assert!(!built.out.join("CNAME").exists());
    let index = built.page("index.html");
    assert_eq!(
        attrs(&index, "link[rel=canonical]", "href"),
        Vec::<String>::new()
    );
    let not_found = built.page("404.html");
    assert_eq!(
        attrs(&not_found, "link[rel=stylesheet]", "href")[0],
        "/static/style.css",
        "with no base URL, the 404 page's links start at the host's root"
    );
}

#[test]
fn custom_domain_writes_cname_and_roots_the_404_page_at_the_domain() {
    let edition = small_edition(
        "[site]\nbase-url = \"https://plenum.example.org/\"\ncname = \"plenum.example.org\"\n",
    );
    let built = edition.build();
    built.assert_clean();
    assert_eq!(
        std::fs::read_to_string(built.out.join("CNAME")).unwrap(),
        "plenum.example.org\n"
    );
    assert!(built.out.join(".nojekyll").is_file());
    let index = built.page("index.html");
    assert_eq!(
        attrs(&index, "link[rel=canonical]", "href"),
        ["https://plenum.example.org/"]
    );
    let not_found = built.page("404.html");
    assert_eq!(attrs(&not_found, ".site-title", "href"), ["/index.html"]);
}

#[test]
fn base_url_option_overrides_book_toml() {
    let edition = small_edition("[site]\nbase-url = \"https://old.example.org/\"\n");
    edition
        .run(&["build", "--base-url", "https://user.github.io/plenum-1936"])
        .assert_success();
    let out = edition.root().join("public");
    let index = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(
        attrs(&index, "link[rel=canonical]", "href"),
        ["https://user.github.io/plenum-1936/"]
    );
    let not_found = Html::parse_document(&std::fs::read_to_string(out.join("404.html")).unwrap());
    assert_eq!(
        attrs(&not_found, ".site-title", "href"),
        ["/plenum-1936/index.html"]
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        locs(&sitemap)
            .iter()
            .all(|loc| loc.starts_with("https://user.github.io/plenum-1936/")),
        "{sitemap}"
    );
}

/// A one-chapter edition with `site` appended to its `book.toml`.
fn small_edition(site: &str) -> TestEdition {
    TestEdition::new(&format!("{BOOK_EN}{site}")).file(
        "content/chapters/01-one.md",
        &chapter("One", "The first paragraph.\n"),
    )
}

/// The `<loc>` URLs of a sitemap.
fn locs(sitemap: &str) -> Vec<String> {
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</loc>"))
        .map(|(loc, _)| loc.to_owned())
        .collect()
}

/// The bundled edition built for `http://127.0.0.1:PORT/plenum-1936/` and served there.
struct PublishedSite {
    _edition: TestEdition,
    out: PathBuf,
    addr: SocketAddr,
}

impl PublishedSite {
    fn bundled() -> Self {
        let edition = TestEdition::bundled();
        let out = edition.root().join("public");
        let addr = serve_like_github_pages(out.clone(), BASE);
        let base_url = format!("http://{addr}{BASE}");
        edition
            .run(&["build", "--base-url", &base_url])
            .assert_success();
        Self {
            _edition: edition,
            out,
            addr,
        }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn get(&self, path: &str) -> HttpResponse {
        http_request(self.addr, "GET", path, None)
    }

    /// Follows every link, stylesheet and source from `start`, breadth first.
    fn crawl(&self, start: &str) -> Crawl {
        let mut crawl = Crawl::default();
        let mut queue = VecDeque::from([(String::from("(start)"), start.to_owned())]);
        let mut seen = BTreeSet::from([start.to_owned()]);
        while let Some((from, url)) = queue.pop_front() {
            let response = self.get(&url);
            if response.status != 200 {
                crawl
                    .broken
                    .push(format!("{from} → {url}: {}", response.status));
                continue;
            }
            for link in self.links_in(&url, &response, &mut crawl) {
                let (target, fragment) = match link.split_once('#') {
                    Some((target, fragment)) => (target.to_owned(), Some(fragment.to_owned())),
                    None => (link.clone(), None),
                };
                if let Some(fragment) = fragment {
                    crawl.anchors.push((url.clone(), target.clone(), fragment));
                }
                if seen.insert(target.clone()) {
                    queue.push_back((url.clone(), target));
                }
            }
        }
        crawl
    }

    /// The same-site URLs a response refers to; remembers the page or file as fetched.
    fn links_in(&self, url: &str, response: &HttpResponse, crawl: &mut Crawl) -> Vec<String> {
        let text = response.text();
        let hrefs = match response.content_type.as_deref() {
            Some(html) if html.starts_with("text/html") => {
                let page = Html::parse_document(&text);
                let mut hrefs = attrs(&page, "a[href], link[href]", "href");
                hrefs.extend(attrs(&page, "[src]", "src"));
                crawl.pages.insert(url.to_owned(), page);
                hrefs
            }
            Some("text/css") => {
                crawl.other.insert(url.to_owned());
                css_urls(&text)
            }
            _ => {
                crawl.other.insert(url.to_owned());
                Vec::new()
            }
        };
        hrefs
            .iter()
            .filter_map(|href| resolve(url, href, &self.origin()))
            .collect()
    }
}

/// What a crawl found.
#[derive(Default)]
struct Crawl {
    /// Every HTML page fetched, by URL path.
    pages: BTreeMap<String, Html>,
    /// Every other file fetched.
    other: BTreeSet<String>,
    /// `from → to: status` for every link that did not answer 200.
    broken: Vec<String>,
    /// (from, target page, fragment) for every link to a place in a page.
    anchors: Vec<(String, String, String)>,
}

impl Crawl {
    /// Links whose fragment names no element of the target page.
    fn missing_anchors(&self) -> Vec<String> {
        self.anchors
            .iter()
            .filter(|(_, target, fragment)| {
                self.pages.get(target).is_some_and(|page| {
                    let id = sel("[id]");
                    !page.select(&id).any(|e| e.value().id() == Some(fragment))
                })
            })
            .map(|(from, target, fragment)| format!("{from} → {target}#{fragment}"))
            .collect()
    }
}

/// The URL path that `href` on the page at `page` leads to, or `None` when it leaves
/// the site (another host, `mailto:`) or is data.
fn resolve(page: &str, href: &str, origin: &str) -> Option<String> {
    let href = href.strip_prefix(origin).unwrap_or(href);
    let scheme = href
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains(['/', '#', '?']));
    if scheme || href.starts_with("//") {
        return None;
    }
    let joined = if href.starts_with('/') {
        href.to_owned()
    } else if href.starts_with('#') {
        format!("{page}{href}")
    } else {
        format!("{}{href}", &page[..=page.rfind('/')?])
    };
    Some(normalise(&joined))
}

/// Removes `.` and `..` parts of an absolute URL path.
fn normalise(path: &str) -> String {
    let (path, fragment) = path
        .split_once('#')
        .map_or((path, None), |(p, f)| (p, Some(f)));
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, part) in segments.iter().enumerate() {
        match *part {
            "." => {}
            ".." => {
                parts.pop();
            }
            _ if part.is_empty() && i + 1 < segments.len() => {}
            _ => parts.push(part),
        }
    }
    let mut normal = format!("/{}", parts.join("/"));
    if let Some(fragment) = fragment {
        normal = format!("{normal}#{fragment}");
    }
    normal
}

/// The `url(…)` and `@import "…"` references of a stylesheet, `data:` URLs left out.
fn css_urls(css: &str) -> Vec<String> {
    let quoted = |s: &str| s.trim().trim_matches(['"', '\'']).to_owned();
    let urls = css
        .split("url(")
        .skip(1)
        .filter_map(|rest| rest.split_once(')'))
        .map(|(url, _)| quoted(url));
    let imports = css
        .split("@import")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix(['"', '\'']))
        .filter_map(|rest| rest.split_once(['"', '\'']))
        .map(|(url, _)| url.to_owned());
    urls.chain(imports)
        .filter(|url| !url.starts_with("data:"))
        .collect()
}
