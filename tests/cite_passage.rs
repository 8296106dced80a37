//! "Cite this passage" (issue #13): each chapter page carries its citation and its
//! passages' as text in the book's language, CSL-JSON and BibTeX; the page's script
//! copies them, and the copied URL leads back to the passage.

mod support;

use serde_json::Value;
use support::browser::Browser;
use support::{Built, TestEdition, chapter, sel};

const BOOK: &str = "[book]\ntitle = \"Plenum\"\nauthors = [\"A. Author\"]\n\
                    editors = [\"E. Editor\", \"F. Editor\"]\npublisher = \"Letopis Press\"\n\
                    year = 2026\nedition = \"2nd edition\"\nlicence = \"CC BY 4.0\"\nlanguage = \"en\"\n";
const SITE: &str = "\n[site]\nbase-url = \"https://example.org/plenum/\"\n";

fn edition(book: &str) -> TestEdition {
    TestEdition::new(book).file(
        "content/chapters/01-opening.md",
        &chapter("Opening", "The first passage.\n\nThe second passage.\n"),
    )
}

/// The citations a page carries, parsed.
#[track_caller]
fn cite_data(built: &Built, page: &str) -> Value {
    let html = built.page(page);
    let data: Vec<String> = html
        .select(&sel("script.cite-data[type='application/json']"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(data.len(), 1, "one block of citations");
    serde_json::from_str(&data[0]).expect("the citations are JSON")
}

/// A passage's citation as the page's script makes it from the template.
fn passage(data: &Value, form: &str, id: &str) -> String {
    let number = id.trim_start_matches("p-");
    data["passage"][form]
        .as_str()
        .expect("a form")
        .replace("%ID%", id)
        .replace("%N%", number)
}

#[test]
fn a_passage_is_cited_as_text_in_the_books_language_with_its_url() {
    let edition = edition(&format!("{BOOK}{SITE}"));
    let built = edition.build();
    built.assert_clean();
    let data = cite_data(&built, "opening.html");
    assert_eq!(
        passage(&data, "text", "p-2"),
        "A. Author. “Opening.” In Plenum, edited by E. Editor, F. Editor. 2nd edition. \
         Letopis Press, 2026, para. 2. https://example.org/plenum/opening.html#p-2"
    );
    assert_eq!(
        data["page"]["text"],
        "A. Author. “Opening.” In Plenum, edited by E. Editor, F. Editor. 2nd edition. \
         Letopis Press, 2026. https://example.org/plenum/opening.html"
    );
}

#[test]
fn in_russian_the_citation_follows_gost() {
    let book = BOOK.replace("language = \"en\"", "language = \"ru\"");
    let edition = edition(&book);
    let built = edition.build();
    let data = cite_data(&built, "opening.html");
    assert_eq!(
        passage(&data, "text", "p-1"),
        "A. Author. Opening // Plenum / под ред. E. Editor, F. Editor. — 2nd edition. — \
         Letopis Press, 2026. — Абз. 1. — URL: opening.html#p-1"
    );
    assert_eq!(data["words"]["copy"], "Копировать");
}

#[test]
fn the_csl_json_of_a_passage_has_the_fields_of_the_chapter_and_the_passage() {
    let edition = edition(&format!("{BOOK}{SITE}"));
    let built = edition.build();
    let data = cite_data(&built, "opening.html");
    let items: Value = serde_json::from_str(&passage(&data, "csl", "p-2")).expect("CSL-JSON");
    let item = &items[0];
    assert_eq!(item["type"], "chapter");
    assert_eq!(item["id"], "opening-p-2");
    assert_eq!(item["title"], "Opening");
    assert_eq!(item["container-title"], "Plenum");
    assert_eq!(
        item["author"],
        serde_json::json!([{ "literal": "A. Author" }])
    );
    assert_eq!(item["editor"][1]["literal"], "F. Editor");
    assert_eq!(item["publisher"], "Letopis Press");
    assert_eq!(item["issued"]["date-parts"], serde_json::json!([[2026]]));
    assert_eq!(item["edition"], "2nd edition");
    assert_eq!(item["license"], "CC BY 4.0");
    assert_eq!(item["URL"], "https://example.org/plenum/opening.html#p-2");
    assert_eq!(
        (&item["locator"], &item["label"]),
        (&Value::from("2"), &Value::from("paragraph"))
    );
    let page: Value =
        serde_json::from_str(data["page"]["csl"].as_str().expect("CSL")).expect("CSL-JSON");
    assert_eq!(page[0]["URL"], "https://example.org/plenum/opening.html");
    assert_eq!(page[0].get("locator"), None);
}

#[test]
fn the_bibtex_of_a_passage_is_an_incollection_entry() {
    let edition = edition(&format!("{BOOK}{SITE}"));
    let built = edition.build();
    let data = cite_data(&built, "opening.html");
    assert_eq!(
        passage(&data, "bibtex", "p-2"),
        "@incollection{opening-p-2,\n  author = {A. Author},\n  editor = {E. Editor and F. Editor},\n  \
         title = {Opening},\n  booktitle = {Plenum},\n  publisher = {Letopis Press},\n  year = {2026},\n  \
         edition = {2nd edition},\n  note = {para. 2},\n  url = {https://example.org/plenum/opening.html#p-2},\n  \
         language = {en}\n}"
    );
}

#[test]
fn offline_the_url_is_the_pages_place_in_the_edition() {
    let edition = edition(BOOK);
    let built = edition.build();
    let data = cite_data(&built, "opening.html");
    assert!(passage(&data, "text", "p-2").ends_with(", para. 2. opening.html#p-2"));
    let page = built.page("opening.html");
    let scripts: Vec<&str> = page
        .select(&sel("script[src]"))
        .filter_map(|s| s.value().attr("src"))
        .collect();
    assert!(scripts.contains(&"static/cite.js"), "{scripts:?}");
    assert!(built.out.join("static/cite.js").is_file());
}

#[test]
#[ignore = "needs chromium"]
fn the_copied_citation_of_a_passage_leads_back_to_it() {
    let edition = edition(BOOK);
    let built = edition.build();
    built.assert_clean();
    let root = format!("file://{}/", built.out.display());
    let profile = tempfile::tempdir().expect("a profile folder");
    let browser = Browser::start(profile.path());
    browser.open(&format!("{root}opening.html"));
    // The clipboard of a headless browser cannot be read back, so the page's copy is
    // caught where it hands the text over.
    let catch = "window.copied = []; navigator.clipboard.writeText = function (t) { \
                 window.copied.push(t); return Promise.resolve(); };";
    browser.execute(catch, serde_json::json!([]));
    browser.execute(
        "document.querySelector('a.anchor[href=\"#p-2\"]').click();",
        serde_json::json!([]),
    );
    let copied = browser.execute("return window.copied;", serde_json::json!([]));
    let text = copied[0]
        .as_str()
        .expect("a citation was copied")
        .to_owned();
    assert!(
        text.starts_with("A. Author. “Opening.” In Plenum"),
        "{text}"
    );
    let shown = browser.execute(
        "return document.querySelector('dialog.cite-dialog[open] pre.cite-csl').textContent;",
        serde_json::json!([]),
    );
    let csl: Value =
        serde_json::from_str(shown.as_str().expect("the CSL-JSON shown")).expect("CSL-JSON");
    assert_eq!(csl[0]["locator"], "2");
    let url = text.rsplit(' ').next().expect("a URL");
    assert_eq!(url, "opening.html#p-2");
    browser.open(&format!("{root}index.html"));
    browser.open(&format!("{root}{url}"));
    let target = browser.execute(
        "return document.querySelector(':target').textContent;",
        serde_json::json!([]),
    );
    assert!(
        target
            .as_str()
            .is_some_and(|t| t.contains("The second passage.")),
        "{target}"
    );
    // The key `c` copies the citation of the passage in the address.
    browser.execute(catch, serde_json::json!([]));
    let body = browser.find("body");
    browser.send_keys(&body, "c");
    let copied = browser.execute("return window.copied;", serde_json::json!([]));
    assert_eq!(copied[0].as_str(), Some(text.as_str()));
    // So does the same key on a Russian layout, where it types the Cyrillic «с».
    browser.execute(
        "document.querySelector('dialog.cite-dialog').close();",
        serde_json::json!([]),
    );
    browser.execute(catch, serde_json::json!([]));
    // WebDriver types only the keys of its own layout; DevTools presses any.
    let key = serde_json::json!({
        "type": "keyDown", "key": "с", "code": "KeyC", "text": "с", "windowsVirtualKeyCode": 67,
    });
    browser.cdp("Input.dispatchKeyEvent", key);
    let copied = browser.execute("return window.copied;", serde_json::json!([]));
    assert_eq!(copied[0].as_str(), Some(text.as_str()), "the key «с»");
}
