//! Pictures of the default theme for people to look at: headless Chromium photographs
//! the bundled edition's title page, a chapter with notes (mentions highlighted), a
//! person's page and the sessions register at a phone's and a desktop's width, in the
//! light and the dark scheme, and prints a chapter to PDF.
//!
//! `scripts/screenshots.sh` runs this test with `LETOPIS_SCREENSHOTS=docs/screenshots`,
//! where the pictures are kept; without it they go to a temporary folder and the test
//! only checks that each is what it should be (a PNG of the width asked for, a PDF).
//! `LETOPIS_SCREENSHOT_STORAGE` (`key=value;key=value`) is put in the site's
//! `localStorage` and `LETOPIS_SCREENSHOT_CLICK` (a CSS selector) is clicked, where
//! present, on the chapter before it is photographed: the theme's highlighting switches.

mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use support::TestEdition;
use support::browser::Browser;
use support::pages_server::serve_like_github_pages;

/// The project site's path under which the edition is served.
const BASE: &str = "/plenum-1936/";

/// A chapter with many notes.
const CHAPTER: &str = "stakhanov-movement.html";

/// What is photographed, under which name.
const SHOTS: [(&str, &str); 4] = [
    ("title", "index.html"),
    ("chapter", CHAPTER),
    ("person", "persons/ordzhonikidze-gk.html"),
    ("sessions", "sessions/index.html"),
];

/// Phone and desktop: the viewport's width and height in CSS pixels; a picture holds
/// the page's top, one and a half viewports tall at most, so the files stay small.
const SCREENS: [(u32, u32); 2] = [(375, 812), (1280, 800)];

#[test]
#[ignore = "needs chromium"]
fn screenshots_of_the_default_theme() {
    let keep = std::env::var_os("LETOPIS_SCREENSHOTS").map(PathBuf::from);
    let scratch = tempfile::tempdir().unwrap();
    let folder = keep.unwrap_or_else(|| scratch.path().to_owned());
    std::fs::create_dir_all(&folder).expect("the screenshots' folder");
    let edition = TestEdition::bundled();
    let addr = serve_like_github_pages(edition.root().join("public"), BASE);
    let site = format!("http://{addr}{BASE}");
    edition
        .run(&["build", "--base-url", &site])
        .assert_success();

    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());
    browser.open(&format!("{site}index.html"));
    set_storage(
        &browser,
        &std::env::var("LETOPIS_SCREENSHOT_STORAGE").unwrap_or_default(),
    );
    let click = std::env::var("LETOPIS_SCREENSHOT_CLICK").unwrap_or_default();
    for scheme in ["light", "dark"] {
        browser.emulate_color_scheme(scheme);
        for (width, height) in SCREENS {
            browser.emulate_viewport(width, height);
            for (name, page) in SHOTS {
                browser.open(&format!("{site}{page}"));
                settle(&browser);
                if page == CHAPTER && !click.is_empty() {
                    let toggles =
                        "document.querySelectorAll(arguments[0]).forEach(t => t.click());";
                    browser.execute(toggles, json!([click]));
                    settle(&browser);
                }
                let png = browser.screenshot_png(height * 3 / 2);
                let (shot_width, shot_height) = png_size(&png);
                assert_eq!(shot_width, width, "{name}");
                assert!(shot_height <= height * 3 / 2, "{name}: {shot_height}");
                write(&folder, &format!("{name}-{width}-{scheme}.png"), &png);
            }
        }
    }
    browser.emulate_color_scheme("light");
    browser.open(&format!("{site}{CHAPTER}"));
    settle(&browser);
    let pdf = browser.print_pdf();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    write(&folder, "chapter-print.pdf", &pdf);
}

/// Puts each `key=value` of `pairs` (separated by `;`) in the open site's `localStorage`.
fn set_storage(browser: &Browser, pairs: &str) {
    for pair in pairs.split(';').filter(|pair| !pair.trim().is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        browser.execute(
            "localStorage.setItem(arguments[0], arguments[1]);",
            json!([key.trim(), value.trim()]),
        );
    }
}

/// Waits until the page has loaded, its fonts are ready and two frames were drawn, so
/// that what scripts lay out (notes in the margin) is in the picture.
fn settle(browser: &Browser) {
    let ready = "const done = arguments[arguments.length - 1];\
                 const drawn = () => requestAnimationFrame(() => requestAnimationFrame(() => done(true)));\
                 if (document.readyState === 'complete') document.fonts.ready.then(drawn);\
                 else addEventListener('load', () => document.fonts.ready.then(drawn));";
    browser.execute_async(ready, json!([]));
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
    (number(16), number(20))
}

fn write(folder: &Path, name: &str, bytes: &[u8]) {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
