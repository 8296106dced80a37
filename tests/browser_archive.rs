//! The unpacked archive in a real browser: headless Chromium, driven through
//! chromedriver's WebDriver HTTP API, opens it from `file://`, goes from the title page
//! to a chapter, to a person's page, and back to the passage by the back-reference link,
//! searches for a person from the box, and no request fails or leaves the archive.

mod support;

use std::path::PathBuf;
use std::process::Command;
use support::browser::Browser;
use support::{Run, TestEdition, unzip};

/// The chapter the walk goes through: it mentions persons who have pages.
const CHAPTER: &str = "june-25-26.html";

#[test]
#[ignore = "needs chromium"]
fn archive_opened_from_file_walks_from_title_page_to_person_and_back_to_the_passage() {
    // With a base URL, so the pages carry canonical links, which a browser must not fetch.
    let book = std::fs::read_to_string(support::repo_root().join("book.toml")).unwrap();
    let site = "[site]\nbase-url = \"https://user.github.io/plenum-1936/\"\n";
    let edition = TestEdition::bundled().file("book.toml", &format!("{book}\n{site}"));
    let top = unpacked_archive(&edition);
    assert!(top.ends_with("plenum-1936"), "{}", top.display());
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());

    browser.open(&format!("file://{}", top.join("index.html").display()));
    let toc_link = browser.find(&format!(".toc-list a[href=\"{CHAPTER}\"]"));
    browser.click(&toc_link);
    assert!(
        browser.url().ends_with(&format!("/{CHAPTER}")),
        "{}",
        browser.url()
    );

    let mention = browser.find("a.mention-person");
    let person = browser.attribute(&mention, "href");
    browser.click(&mention);
    assert!(
        browser.url().ends_with(&format!("/{person}")),
        "{}",
        browser.url()
    );

    let back = browser.find(&format!("a.place[href^=\"../{CHAPTER}#p-\"]"));
    let anchor = browser.attribute(&back, "href");
    let anchor = anchor.split_once('#').unwrap().1.to_owned();
    browser.click(&back);
    let url = browser.url();
    assert!(url.ends_with(&format!("/{CHAPTER}#{anchor}")), "{url}");
    assert!(
        anchor.strip_prefix("p-").unwrap().parse::<u32>().is_ok(),
        "{anchor}"
    );
    browser.find(&format!("[id=\"{anchor}\"]"));

    search_finds_the_person_from_the_archive(&browser);

    let site = format!("file://{}/", top.display());
    let expected = [
        "/static/style.css",
        "/static/search/meta.js",
        "/static/snowball.js",
    ];
    browser.assert_nothing_failed_or_left(&site, &expected);
}

/// From a person's page in the archive, the search box finds the People's Commissar by
/// name, and Enter on its first suggestion opens his page.
fn search_finds_the_person_from_the_archive(browser: &Browser) {
    let input = browser.find("#search-input");
    browser.send_keys(&input, "Орджоникидзе");
    let first = "return document.querySelector('#search-suggestions [role=option]');";
    browser.wait_for("suggestion", first);
    browser.send_keys(&input, "\u{E015}\u{E007}"); // ArrowDown, Enter
    browser.wait_for_url("/persons/ordzhonikidze-gk.html");
}

/// Archives `edition`, unpacks the zip in its folder and returns the top folder.
fn unpacked_archive(edition: &TestEdition) -> PathBuf {
    let zip = edition.root().join("edition.zip");
    let mut archive = Command::new(env!("CARGO_BIN_EXE_letopis"));
    archive
        .args(["archive", "--out"])
        .arg(&zip)
        .arg("--root")
        .arg(edition.root())
        .env("SOURCE_DATE_EPOCH", "1751328000");
    Run::of(archive).assert_success();
    let into = edition.root().join("unpacked");
    unzip(&zip, &into);
    let top = std::fs::read_dir(&into)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    top.canonicalize().unwrap()
}
