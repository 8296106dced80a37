//! Search in a real browser: headless Chromium opens the built bundled edition from
//! `file://` and, built with a base URL under a sub-path, over HTTP; it asks `search.html`
//! and the search box of a page, and checks what is found, how it is ranked and shown,
//! the keyboard, and that no request leaves the site.

mod support;

use serde::Deserialize;
use serde_json::Value;
use support::TestEdition;
use support::browser::Browser;
use support::pages_server::serve_like_github_pages;

/// The project site's path under which the HTTP test serves the edition.
const BASE: &str = "/plenum-1936/";

#[test]
#[ignore = "needs chromium"]
fn search_works_from_file() {
    let edition = TestEdition::bundled();
    edition.build().assert_clean();
    let out = edition.root().join("public").canonicalize().unwrap();
    let site = format!("file://{}/", out.display());
    check_search(&site, 1);
}

/// A small edition's term shards leave the postings to the browser (the bundled one's
/// do); with its chapters four times over, the index holds them, and search behaves
/// the same.
#[test]
#[ignore = "needs chromium"]
fn search_works_from_file_with_the_postings_in_the_index() {
    let edition = TestEdition::bundled_times(3);
    edition.build().assert_clean();
    let out = edition.root().join("public").canonicalize().unwrap();
    let shard = std::fs::read_to_string(out.join("static/search/t-0.js")).unwrap();
    assert!(!shard.contains("null"), "{shard:.100}");
    let site = format!("file://{}/", out.display());
    check_search(&site, 4);
}

#[test]
#[ignore = "needs chromium"]
fn search_works_over_http_under_a_sub_path() {
    let edition = TestEdition::bundled();
    let out = edition.root().join("public");
    let addr = serve_like_github_pages(out, BASE);
    let site = format!("http://{addr}{BASE}");
    edition
        .run(&["build", "--base-url", &site])
        .assert_success();
    check_search(&site, 1);
}

/// Every check, in one browser, on the site whose root URL is `site`, the bundled
/// edition with its chapters `copies` times.
fn check_search(site: &str, copies: usize) {
    let profile = tempfile::tempdir().unwrap();
    let s = Searcher {
        browser: Browser::start(profile.path()),
        site: site.to_owned(),
    };
    forms_absent_from_the_text_find_the_others(&s);
    fleeting_vowel_forms_are_found_without_flooding(&s);
    every_word_of_a_query_must_match_in_any_form(&s, copies);
    a_name_offers_the_persons_page_first(&s);
    a_surname_is_found_in_every_case(&s);
    a_quoted_phrase_matches_only_the_phrase(&s);
    english_words_are_found_by_another_form(&s);
    numbers_are_found(&s);
    no_match_says_so(&s);
    an_empty_query_asks_nothing(&s);
    hits_are_counted_per_chapter(&s);
    the_box_suggests_as_you_type_and_follows_the_keyboard(&s);
    nothing_fails_and_nothing_leaves_the_site(&s);
}

fn forms_absent_from_the_text_find_the_others(s: &Searcher) {
    let found = s.results("инженерам");
    let marks = found.marks();
    for form in ["инженеров", "инженеры", "инженерами"] {
        assert!(marks.contains(&form.to_owned()), "{form}: {marks:?}");
    }
    assert!(!marks.contains(&"инженерам".to_owned()), "{marks:?}");
}

fn fleeting_vowel_forms_are_found_without_flooding(s: &Searcher) {
    // «стахановцы» stands nowhere in the text: that form finds the others too.
    for query in ["стахановец", "стахановцы"] {
        let found = s.results(query);
        let marks = found.marks();
        for form in ["стахановец", "стахановца", "стахановцев", "стахановцами"]
        {
            assert!(
                marks.contains(&form.to_owned()),
                "{query} → {form}: {marks:?}"
            );
        }
        // Only forms of the word: not «стахановский», «стахановское движение».
        let strays: Vec<_> = marks
            .iter()
            .filter(|m| !m.starts_with("стахановц") && m.as_str() != "стахановец")
            .collect();
        assert_eq!(strays, Vec::<&String>::new(), "{query}");
        assert!(found.hits.iter().all(|h| !h.marks.is_empty()), "{found:?}");
    }
}

fn every_word_of_a_query_must_match_in_any_form(s: &Searcher, copies: usize) {
    let found = s.results("промышленность рабочим");
    assert!(found.hits.len() >= 5, "{found:?}");
    for hit in &found.hits {
        let has = |stem: &str| hit.marks.iter().any(|m| m.starts_with(stem));
        assert!(has("промышленн") && has("рабоч"), "{hit:?}");
    }
    let one = s.results("инженерам стахановца");
    assert_eq!(one.hits.len(), copies, "{one:?}");
}

fn a_name_offers_the_persons_page_first(s: &Searcher) {
    let found = s.results("Орджоникидзе");
    assert_eq!(
        found.hits[0].href, "persons/ordzhonikidze-gk.html",
        "{found:?}"
    );
    assert_eq!(found.hits[0].title, "Орджоникидзе Г.К.");
    // Every page so named (his brother's, the works named after him) before any passage.
    let named = |h: &Hit| !h.href.contains('#') && h.title.contains("Орджоникидзе");
    let last_named = found.hits.iter().rposition(named).unwrap();
    let first_passage = found
        .hits
        .iter()
        .position(|h| h.href.contains('#'))
        .unwrap();
    assert!(last_named >= 1 && last_named < first_passage, "{found:?}");
}

/// Snowball cuts -ов from «Бажанов» but not from «Бажанова»: each case of the name must
/// still find the others and offer his page first.
fn a_surname_is_found_in_every_case(s: &Searcher) {
    for query in ["Бажанов", "Бажанова", "бажановым"] {
        let found = s.results(query);
        assert_eq!(
            found.hits[0].href, "persons/bazhanov.html",
            "{query}: {found:?}"
        );
        let marks = found.marks();
        for form in ["бажанов", "бажанова", "бажановым"] {
            assert!(
                marks.contains(&form.to_owned()),
                "{query} → {form}: {marks:?}"
            );
        }
    }
}

fn a_quoted_phrase_matches_only_the_phrase(s: &Searcher) {
    let loose = s.results("декабрьского пленума");
    let phrase = s.results("\"декабрьского пленума\"");
    assert!(!phrase.hits.is_empty(), "{phrase:?}");
    assert!(phrase.hits.len() < loose.hits.len(), "{phrase:?} {loose:?}");
    for hit in &phrase.hits {
        assert!(
            loose.hits.iter().any(|h| h.href == hit.href),
            "{hit:?} is not among {loose:?}"
        );
        let adjacent = hit
            .snippet
            .split("</mark>")
            .any(|rest| rest.trim_start().starts_with("<mark>"));
        assert!(adjacent, "{hit:?}");
    }
}

fn english_words_are_found_by_another_form(s: &Searcher) {
    // The abstract sets «People’s» with a typographic apostrophe; a keyboard types '.
    let forms = [
        ("engineer", "engineers"),
        ("analyzed", "analyzes"),
        ("people", "people’s"),
        ("People's", "people’s"),
    ];
    for (query, form) in forms {
        let found = s.results(query);
        let abstract_hit = found
            .hits
            .iter()
            .find(|h| h.href.starts_with("abstract.html#p-"))
            .unwrap_or_else(|| panic!("{query}: {found:?}"));
        assert!(
            abstract_hit.marks.contains(&form.to_owned()),
            "{abstract_hit:?}"
        );
    }
}

fn numbers_are_found(s: &Searcher) {
    let found = s.results("1936");
    assert!(found.hits.len() > 10, "{found:?}");
    assert!(
        found
            .hits
            .iter()
            .all(|h| h.marks.contains(&"1936".to_owned()))
    );
}

fn no_match_says_so(s: &Searcher) {
    let found = s.results("абырвалг");
    assert!(found.hits.is_empty());
    assert_eq!(found.summary, "Ничего не найдено по запросу «абырвалг».");
}

/// The search button pressed on an empty box opens `search.html?q=`: that is no query,
/// and the page must not answer that nothing matches it.
fn an_empty_query_asks_nothing(s: &Searcher) {
    let b = &s.browser;
    for query in ["", "%20%20"] {
        b.open(&format!("{}search.html?q={query}", s.site));
        // search.js has run by the time the page has loaded (it is deferred).
        let shown = b.execute(
            "const r = document.getElementById('search-results');\
             return [r.innerText.trim(), r.getAttribute('data-answered')];",
            serde_json::json!([]),
        );
        assert_eq!(shown, serde_json::json!(["", null]), "?q={query}");
    }
}

fn hits_are_counted_per_chapter(s: &Searcher) {
    let found = s.results("стахановец");
    assert_eq!(found.summary, format!("Найдено: {}", found.hits.len()));
    let mut expected: Vec<(String, usize)> = Vec::new();
    for hit in found.hits.iter().filter(|h| !h.href.contains('/')) {
        let page = hit.href.split('#').next().unwrap().to_owned();
        match expected.iter_mut().find(|(p, _)| *p == page) {
            Some((_, n)) => *n += 1,
            None => expected.push((page, 1)),
        }
    }
    let mut counted = found.chapters.clone();
    counted.sort();
    expected.sort();
    assert_eq!(counted, expected);
}

fn the_box_suggests_as_you_type_and_follows_the_keyboard(s: &Searcher) {
    let b = &s.browser;
    b.open(&format!("{}index.html", s.site));
    let input = b.find("#search-input");
    assert_eq!(b.attribute(&input, "role"), "combobox");
    b.send_keys(&input, "Орджоникидзе");
    let state = s.wait("box", SUGGESTIONS);
    assert_eq!(state["expanded"], "true", "{state}");
    assert!(
        state["status"].as_str().unwrap().starts_with("Найдено: "),
        "{state}"
    );
    assert_eq!(
        state["options"][0], "persons/ordzhonikidze-gk.html",
        "{state}"
    );
    let last = state["options"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last,
        "search.html?q=%D0%9E%D1%80%D0%B4%D0%B6%D0%BE%D0%BD%D0%B8%D0%BA%D0%B8%D0%B4%D0%B7%D0%B5"
    );

    b.send_keys(&input, "\u{E015}"); // ArrowDown
    let state = s.wait("box", SUGGESTIONS);
    assert_eq!(state["active"], "search-option-0", "{state}");
    assert_eq!(state["selected"], "search-option-0", "{state}");
    b.send_keys(&input, "\u{E015}\u{E013}"); // down, up: back to the first
    assert_eq!(s.wait("box", SUGGESTIONS)["active"], "search-option-0");

    b.send_keys(&input, "\u{E00C}"); // Escape closes the list
    let state = s.wait("box", SUGGESTIONS);
    assert_eq!(state["expanded"], "false", "{state}");
    assert_eq!(state["hidden"], true, "{state}");

    b.send_keys(&input, "\u{E015}"); // reopens the list
    let expanded = "return document.getElementById('search-input')\
                    .getAttribute('aria-expanded') === 'true' || null;";
    b.wait_for("the list reopened", expanded);
    b.send_keys(&input, "\u{E015}\u{E007}"); // choose the first, Enter
    b.wait_for_url("/persons/ordzhonikidze-gk.html");

    // Enter with no option chosen opens search.html with the query.
    let input = b.find("#search-input");
    b.send_keys(&input, "1936\u{E007}");
    let found = s.wait("page", RESULTS);
    assert!(b.url().ends_with("/search.html?q=1936"), "{}", b.url());
    assert!(found["summary"].as_str().unwrap().starts_with("Найдено: "));
}

fn nothing_fails_and_nothing_leaves_the_site(s: &Searcher) {
    let expected = [
        "static/search/meta.js",
        "static/snowball.js",
        "static/search/t-0.js",
    ];
    s.browser.assert_nothing_failed_or_left(&s.site, &expected);
}

/// The browser and the site's root URL (ending in `/`).
struct Searcher {
    browser: Browser,
    site: String,
}

/// What `search.html` showed.
#[derive(Debug, Deserialize)]
struct Results {
    summary: String,
    hits: Vec<Hit>,
    chapters: Vec<(String, usize)>,
}

/// One result: its link, title, snippet (HTML) and marked words (lower case).
#[derive(Debug, Deserialize)]
struct Hit {
    href: String,
    title: String,
    snippet: String,
    marks: Vec<String>,
}

impl Results {
    /// Every marked word of every hit, once each.
    fn marks(&self) -> Vec<String> {
        let mut marks: Vec<String> = self.hits.iter().flat_map(|h| h.marks.clone()).collect();
        marks.sort();
        marks.dedup();
        marks
    }
}

/// The state of `search.html` once it has answered and shows every hit (`null` before:
/// it shows them 50 at a time, and this asks for more, once each time more are shown).
const RESULTS: &str = "
const r = document.getElementById('search-results');
if (!r || r.getAttribute('data-answered') === null) return null;
const all = (el, css) => Array.from(el.querySelectorAll(css));
const more = r.querySelector('button');
if (more) {
  const shown = String(all(r, '.search-hit').length);
  if (r.dataset.asked !== shown) { r.dataset.asked = shown; more.click(); }
  return null;
}
return {
  summary: r.querySelector('.search-summary').textContent,
  hits: all(r, '.search-hit').map(li => ({
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    snippet: li.querySelector('.snippet').innerHTML,
    marks: all(li, 'mark').map(m => m.textContent.toLowerCase()),
  })),
  chapters: all(r, '.search-chapters li').map(li =>
    [li.querySelector('a').getAttribute('href'), Number(li.getAttribute('data-count'))]),
};";

/// The state of the search box once it has answered its current text.
const SUGGESTIONS: &str = "
const input = document.getElementById('search-input');
const form = input.form;
if (input.value.trim() && form.getAttribute('data-answered') !== input.value) return null;
const list = document.getElementById('search-suggestions');
const selected = list.querySelector('[aria-selected=\"true\"]');
return {
  expanded: input.getAttribute('aria-expanded'),
  active: input.getAttribute('aria-activedescendant'),
  selected: selected && selected.id,
  hidden: list.hidden,
  status: document.getElementById('search-status').textContent,
  options: Array.from(list.querySelectorAll('[role=option]')).map(o => o.getAttribute('data-href')),
};";

impl Searcher {
    /// Opens `search.html?q=QUERY` and reads what it found.
    #[track_caller]
    fn results(&self, query: &str) -> Results {
        self.browser
            .open(&format!("{}search.html?q={}", self.site, encode(query)));
        serde_json::from_value(self.wait(query, RESULTS)).expect("the results' shape")
    }

    /// Runs `script` until it returns something other than `null`.
    #[track_caller]
    fn wait(&self, what: &str, script: &str) -> Value {
        self.browser.wait_for(what, script)
    }
}

/// `query` percent-encoded for a URL's query string.
fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
