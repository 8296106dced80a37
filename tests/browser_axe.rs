//! Accessibility audit: axe-core in headless Chromium on every kind of page of the
//! bundled edition, served as GitHub Pages serves a project site (so that the 404 page
//! is what a reader meets), in the light and the dark colour scheme, at a phone's and a
//! desktop's width, with mentions plain and highlighted, must find no violation of WCAG
//! 2.1 A and AA; and no page may request anything outside the site.
//!
//! axe-core is never fetched by the page: `.ci/run` installs a pinned release with npm
//! and names its `axe.min.js` in `AXE_CORE_JS`; the test injects that source.

mod support;

use serde_json::{Value, json};
use support::browser::Browser;
use support::pages_server::serve_like_github_pages;
use support::{TestEdition, theme_edition};

/// The project site's path under which the edition is served.
const BASE: &str = "/plenum-1936/";

/// One page of every kind, relative to the site's root; the last is no page at all, so
/// the server answers with the edition's 404 page.
const BUNDLED_PAGES: [&str; 18] = [
    "index.html",
    "stakhanov-movement.html",
    "june-25-26.html",
    "editorial.html",
    "notes.html",
    "persons/index.html",
    "persons/ordzhonikidze-gk.html",
    "enterprises/index.html",
    "enterprises/khtz.html",
    "themes/index.html",
    "themes/labour-norms.html",
    "sessions/index.html",
    "sessions/1936-06-25-evening.html",
    "sources/index.html",
    "sources/sovet1936.html",
    "search.html?q=%D1%81%D1%82%D0%B0%D1%85%D0%B0%D0%BD%D0%BE%D0%B2%D0%B5%D1%86",
    "search.html?q=zzzz",
    NOT_A_PAGE,
];

/// A page that does not exist: the server answers with the 404 page.
const NOT_A_PAGE: &str = "no-such-page.html";

/// A phone's and a desktop's viewport, in CSS pixels: the layouts differ (notes in the
/// margin only on a wide screen), and so may what they show.
const SCREENS: [(u32, u32); 2] = [(375, 812), (1280, 800)];

/// The rule sets of WCAG 2.1 levels A and AA.
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

#[test]
#[ignore = "needs chromium and axe-core"]
fn every_kind_of_page_of_the_bundled_edition_passes_axe_and_stays_inside_the_site() {
    audit_edition(&TestEdition::bundled(), &BUNDLED_PAGES);
}

/// The theme's fixture edition holds what the bundled one lacks: highlighted code, a
/// wide table, a figure, quotations, an English interface.
#[test]
#[ignore = "needs chromium and axe-core"]
fn every_element_of_the_theme_passes_axe_and_stays_inside_the_site() {
    let pages = [
        "index.html",
        "opening.html",
        "closing.html",
        "persons/elkin.html",
        "sessions/index.html",
        "sources/steno.html",
    ];
    audit_edition(&theme_edition("en"), &pages);
}

/// Builds `edition` for the site under [`BASE`], serves it, and audits each of `pages`
/// in both colour schemes; fails with every violation, then with every request that
/// left the site.
#[track_caller]
fn audit_edition(edition: &TestEdition, pages: &[&str]) {
    let axe_path = std::env::var("AXE_CORE_JS").expect("AXE_CORE_JS names axe-core's axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| panic!("{axe_path}: {e}"));
    let out = edition.root().join("public");
    let addr = serve_like_github_pages(out.clone(), BASE);
    let site = format!("http://{addr}{BASE}");
    let run = edition.run(&["build", "--base-url", &site]);
    run.assert_success();
    for page in pages.iter().filter(|page| !page.starts_with(NOT_A_PAGE)) {
        let file = page.split('?').next().unwrap_or(page);
        assert!(out.join(file).is_file(), "no page {file}");
    }
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());
    browser.script_timeout(60);
    let mut violations = Vec::new();
    let mut highlighted = 0;
    for scheme in ["light", "dark"] {
        browser.emulate_color_scheme(scheme);
        for (width, height) in SCREENS {
            browser.emulate_viewport(width, height);
            for page in pages {
                browser.open(&format!("{site}{page}"));
                if page.starts_with("search.html") {
                    browser.wait_for("search results", SEARCH_ANSWERED);
                }
                let found = audit(&browser, &axe);
                assert_eq!(
                    browser.execute(SCHEME, json!([])),
                    json!(scheme == "dark"),
                    "{page}: the emulated colour scheme"
                );
                violations.extend(describe(&found, &format!("{page} ({scheme}, {width} px)")));
                // With every kind of mention highlighted, then back as the reader left it.
                if browser.execute(SWITCH_HIGHLIGHTS, json!(["false"])) != json!(0) {
                    let found = audit(&browser, &axe);
                    highlighted += 1;
                    browser.execute(SWITCH_HIGHLIGHTS, json!(["true"]));
                    let place = format!("{page} ({scheme}, {width} px, highlighted)");
                    violations.extend(describe(&found, &place));
                }
            }
        }
    }
    assert!(highlighted > 0, "no chapter page has highlighting switches");
    assert!(
        violations.is_empty(),
        "axe-core found {} violations of WCAG 2.1 AA:\n{}",
        violations.len(),
        violations.join("\n")
    );
    let requests = browser.requests_from(&site);
    assert!(requests.len() > pages.len(), "{requests:?}");
    let outside: Vec<_> = requests.iter().filter(|u| !u.starts_with(&site)).collect();
    assert_eq!(outside, Vec::<&String>::new(), "requests outside {site}");
}

/// Returns `true` once the search page has answered its query.
const SEARCH_ANSWERED: &str = "const r = document.getElementById('search-results');\
     return r && r.getAttribute('data-answered') !== null || null;";

/// Clicks every highlighting switch of the page whose `aria-pressed` is `arguments[0]`;
/// returns how many.
const SWITCH_HIGHLIGHTS: &str = "const on = document.querySelectorAll(\
     `.hl-toggle[aria-pressed=\"${arguments[0]}\"]`);\
     on.forEach(t => t.click()); return on.length;";

/// Whether the page sees the dark colour scheme.
const SCHEME: &str = "return matchMedia('(prefers-color-scheme: dark)').matches;";

/// Injects axe-core into the open page (once per page) and runs the WCAG 2.1 AA rules;
/// returns axe's `violations`.
fn audit(browser: &Browser, axe: &str) -> Value {
    browser.execute(&format!("{axe}\nreturn null;"), json!([]));
    let run = "const done = arguments[arguments.length - 1];\
               axe.run(document, { runOnly: { type: 'tag', values: arguments[0] },\
                                   resultTypes: ['violations'] })\
                  .then(r => done({ violations: r.violations, passes: r.passes.map(p => p.id) }),                        e => done({ error: String(e) }));";
    let found = browser.execute_async(run, json!([TAGS]));
    assert!(found["error"].is_null(), "axe-core failed: {found}");
    // Every page has text on a background: a run that did not check its contrast did
    // not audit the page.
    let passes = found["passes"].as_array().expect("axe's passes");
    assert!(passes.contains(&json!("color-contrast")), "{found}");
    found["violations"].clone()
}

/// One readable line per element that breaks a rule: where (the page, the scheme and
/// the width), the rule, its impact, the element's selector and what axe says is wrong.
fn describe(violations: &Value, place: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for rule in violations.as_array().into_iter().flatten() {
        for node in rule["nodes"].as_array().into_iter().flatten() {
            let summary = node["failureSummary"].as_str().unwrap_or("");
            lines.push(format!(
                "{place}: {} [{}] {} — {}: {}",
                rule["id"].as_str().unwrap_or("?"),
                rule["impact"].as_str().unwrap_or("?"),
                node["target"],
                rule["help"].as_str().unwrap_or(""),
                summary.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
    }
    lines
}
