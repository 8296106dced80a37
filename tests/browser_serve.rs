//! `letopis serve` in a real browser: headless Chromium keeps a long chapter open in
//! two tabs, the chapter is edited on disk, and both tabs reload by themselves with the
//! new text where the reader was; broken YAML brings up the overlay, which can be
//! closed and which goes away by itself once the YAML is mended.

mod support;

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::browser::Browser;
use support::serve::{PATIENCE, build_of};
use support::{TestEdition, chapter, theme_edition};

const LONG: &str = "content/chapters/03-long.md";

/// A chapter long enough to scroll: numbered paragraphs.
fn long_chapter(marker: &str) -> String {
    let paragraphs: Vec<String> = (1..=120)
        .map(|n| format!("Paragraph {n} of the long chapter, with enough words to fill a line or two of the page. {marker}"))
        .collect();
    chapter("A long chapter", &paragraphs.join("\n\n"))
}

/// Runs `script` until it returns something other than `null` or `false`.
#[track_caller]
fn wait_for(browser: &Browser, script: &str) -> Value {
    let started = Instant::now();
    loop {
        let value = browser.execute(script, json!([]));
        if !value.is_null() && value != false {
            return value;
        }
        assert!(started.elapsed() < PATIENCE, "waited in vain for: {script}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The handles of the browser's tabs.
fn tabs(browser: &Browser) -> Vec<String> {
    let handles = browser.session_call("GET", "/window/handles", None);
    let handles = handles.as_array().expect("handles");
    handles
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect()
}

fn switch(browser: &Browser, tab: &str) {
    browser.session_call("POST", "/window", Some(json!({ "handle": tab })));
}

#[test]
#[ignore = "needs chromium"]
fn edited_chapter_reloads_in_every_tab_at_the_same_place_and_errors_show_in_an_overlay() {
    let edition: TestEdition = theme_edition("en").file(LONG, &long_chapter("old"));
    let server = edition.serve(&[]);
    let mut events = server.events();
    let build = build_of(&events.next());
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());
    let url = format!("{}long.html", server.url);

    browser.open(&url);
    browser.session_call("POST", "/window/new", Some(json!({ "type": "tab" })));
    let handles = tabs(&browser);
    assert_eq!(handles.len(), 2);
    for tab in &handles {
        switch(&browser, tab);
        browser.open(&url);
        wait_for(&browser, "return document.readyState === 'complete'");
    }
    let scrolled = browser.execute(
        "window.scrollTo(0, 2400); return window.scrollY;",
        json!([]),
    );
    let scrolled = scrolled.as_f64().unwrap();
    assert!(
        scrolled > 2000.0,
        "the chapter is too short to scroll: {scrolled}"
    );
    // The page's own script has connected once it has read the status.
    std::thread::sleep(Duration::from_millis(500));

    edition.write(LONG, long_chapter("new"));
    events.until(|s| build_of(s) > build);
    for tab in &handles {
        switch(&browser, tab);
        wait_for(
            &browser,
            "return document.body.innerText.includes('two of the page. new')",
        );
    }
    // The last tab is the one that was scrolled.
    let y = wait_for(
        &browser,
        "return document.readyState === 'complete' && window.scrollY",
    );
    assert!(
        (y.as_f64().unwrap() - scrolled).abs() < 2.0,
        "{y} ≠ {scrolled}"
    );

    let persons = "content/registers/persons.yaml";
    let good = std::fs::read_to_string(edition.root().join(persons)).unwrap();
    edition.write(persons, format!("{good}broken: [\n"));
    let overlay_text =
        "const o = document.getElementById('letopis-problems'); return o && o.innerText";
    for tab in &handles {
        switch(&browser, tab);
        let overlay = wait_for(&browser, overlay_text);
        let overlay = overlay.as_str().unwrap();
        assert!(
            overlay.contains("content/registers/persons.yaml:"),
            "{overlay}"
        );
        assert!(overlay.contains("error:"), "{overlay}");
    }
    // Closed in this tab, left open in the other.
    let close = browser.find("#letopis-problems button");
    browser.click(&close);
    assert!(browser.find_all("#letopis-problems").is_empty());

    edition.write(persons, good);
    let fixed = build_of(&events.until(|s| s["problems"] == json!([])));
    let mended = format!(
        "return document.readyState === 'complete' && !document.getElementById('letopis-problems') \
         && document.querySelector('script[data-build]').dataset.build === '{fixed}'"
    );
    for tab in &handles {
        switch(&browser, tab);
        wait_for(&browser, &mended);
    }
    let severe: Vec<_> = browser
        .log("browser")
        .into_iter()
        .filter(|entry| entry["level"] == "SEVERE")
        // The default theme has no icon; a browser asks for one anyway.
        .filter(|entry| {
            !entry["message"]
                .as_str()
                .unwrap_or("")
                .contains("favicon.ico")
        })
        .collect();
    assert!(severe.is_empty(), "{severe:?}");
}

/// A page opened while the edition does not build yet (the editor started `serve` on a
/// broken register) lists the problems over the waiting page; once the register is
/// saved mended, the way vim saves (a new file renamed over the old one), the page
/// turns by itself into the chapter it asked for, and the list is gone.
#[test]
#[ignore = "needs chromium"]
fn a_page_opened_before_the_first_good_build_shows_the_problems_then_the_chapter() {
    let persons = "content/registers/persons.yaml";
    let edition: TestEdition = theme_edition("en");
    let good = std::fs::read_to_string(edition.root().join(persons)).unwrap();
    edition.write(persons, format!("{good}broken: [\n"));
    let server = edition.serve(&[]);
    let mut events = server.events();
    assert_eq!(build_of(&events.next()), 0);
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());
    browser.open(&format!("{}opening.html", server.url));
    let overlay = wait_for(
        &browser,
        "const o = document.getElementById('letopis-problems'); return o && o.innerText",
    );
    let overlay = overlay.as_str().unwrap();
    assert!(
        overlay.contains("content/registers/persons.yaml:"),
        "{overlay}"
    );

    let temporary = edition.root().join("content/registers/.persons.yaml.swp");
    std::fs::write(&temporary, &good).unwrap();
    std::fs::rename(&temporary, edition.root().join(persons)).unwrap();
    events.until(|s| build_of(s) > 0);
    wait_for(
        &browser,
        "return document.readyState === 'complete' \
         && document.querySelector('h1')?.innerText === 'The opening session' \
         && !document.getElementById('letopis-problems')",
    );
}
