//! What a chapter page gives its reader script (`static/reader.js`), read from the
//! built page: the highlight toggles, rendered hidden and labelled in the book's
//! language, and the preview cards' data (each mentioned entry's name, the first
//! sentence of its description and its mention count; each cited source's reference),
//! keyed by the very `href` of the page's links and holding only what the page names.

mod support;

use scraper::Html;
use serde_json::{Value, json};
use support::{Built, TestEdition, attrs, sel, texts, theme_edition};

/// The persons of `theme_edition` with a description of two sentences, whose first
/// holds initials and a mention.
const PERSONS: &str = "elkin:\n  name: Елкин Е.Е.\n  label: E. Elkin\n  \
    description: Chair of the meeting, elected by G.K. Petrov on [day one](session:day-one). \
    Dismissed in 1937.\nyolkin:\n  name: Ёлкин Ё.Ё.\n  label: Yolkin\nabramov:\n  name: Абрамов А.А.\n";

/// `theme_edition` in `language` with [`PERSONS`], built; the edition holds the output.
fn build(language: &str) -> (TestEdition, Built) {
    let edition = theme_edition(language).file("content/registers/persons.yaml", PERSONS);
    let built = edition.build();
    built.assert_clean();
    (edition, built)
}

/// The JSON of the page's `script.reader-data`.
#[track_caller]
fn reader_data(page: &Html) -> Value {
    let script = page
        .select(&sel("script.reader-data"))
        .next()
        .expect("a reader-data script");
    serde_json::from_str(&script.text().collect::<String>()).expect("reader data is JSON")
}

#[test]
fn a_mention_card_has_the_entry_name_its_first_sentence_and_its_mention_count() {
    let (_edition, built) = build("en");
    let page = built.page("opening.html");
    let data = reader_data(&page);
    let entries = data["entries"].as_object().expect("entries");
    // Elkin is mentioned three times, all in this chapter: twice in the text, once in a note.
    assert_eq!(
        entries["persons/elkin.html"],
        json!({
            "name": "Елкин Е.Е.",
            "text": "Chair of the meeting, elected by G.K. Petrov on day one.",
            "count": "3 mentions",
        })
    );
    assert_eq!(
        entries["persons/yolkin.html"],
        json!({ "name": "Ёлкин Ё.Ё.", "text": null, "count": "3 mentions" })
    );
    assert_eq!(
        entries["themes/norms.html"]["text"],
        "Output norms and their revision."
    );
    // Exactly the entries the page mentions, by the href of its mention links.
    let mut hrefs = attrs(&page, "a.mention", "href");
    hrefs.sort();
    hrefs.dedup();
    assert_eq!(entries.keys().cloned().collect::<Vec<_>>(), hrefs);
    assert!(!entries.contains_key("persons/abramov.html"));
}

#[test]
fn a_citation_card_has_the_full_reference_and_the_notes_word() {
    let (_edition, built) = build("en");
    let data = reader_data(&built.page("opening.html"));
    assert_eq!(
        data["sources"],
        json!({
            "sources/press.html": { "title": "Press, 1936", "archival": null },
            "sources/steno.html": {
                "title": "The stenographic record of the meeting. Moscow, 1936.",
                "archival": null,
            },
        })
    );
    assert_eq!(data["note"], "Note");
    assert_eq!(data["root"], "");
    // The second chapter cites only the stenogram and mentions Abramov.
    let data = reader_data(&built.page("closing.html"));
    let sources: Vec<&String> = data["sources"].as_object().unwrap().keys().collect();
    assert_eq!(sources, ["sources/steno.html"]);
    assert_eq!(
        data["entries"]["persons/abramov.html"]["count"],
        "1 mention"
    );
}

#[test]
fn russian_cards_count_in_russian() {
    let (_edition, built) = build("ru");
    let data = reader_data(&built.page("opening.html"));
    assert_eq!(
        data["entries"]["persons/elkin.html"]["count"],
        "3 упоминания"
    );
    assert_eq!(data["note"], "Примечание");
}

#[test]
fn toggles_name_the_kinds_the_chapter_mentions_and_wait_hidden_for_the_script() {
    let (_edition, built) = build("en");
    let page = built.page("opening.html");
    let group = sel(".highlight-toggles[role=group][hidden]");
    assert_eq!(page.select(&group).count(), 1, "one hidden group");
    assert_eq!(texts(&page, "#highlight-label"), ["Highlight in the text:"]);
    assert_eq!(
        attrs(&page, ".highlight-toggles", "aria-labelledby"),
        ["highlight-label"]
    );
    // The chapter mentions persons and a theme (not a session, not an enterprise); each
    // kind's colour slot is its place among the book's registers: the undeclared
    // default `enterprise` first, then person, theme, session as book.toml lists them.
    let toggles = sel("button.hl-toggle[type=button][aria-pressed=false]");
    let shown: Vec<(String, String, String)> = page
        .select(&toggles)
        .map(|b| {
            let attr = |name| b.value().attr(name).unwrap_or_default().to_owned();
            (attr("data-kind"), attr("data-slot"), b.text().collect())
        })
        .collect();
    let expected = [("person", "2", "Persons"), ("theme", "3", "Themes")]
        .map(|(k, s, t)| (k.to_owned(), s.to_owned(), t.to_owned()));
    assert_eq!(shown, expected);
    // The script that shows them is the theme's, deferred, from this page.
    assert_eq!(
        attrs(&page, "script[src$='reader.js'][defer]", "src"),
        ["static/reader.js"]
    );
    assert!(built.out.join("static/reader.js").is_file());

    let closing = built.page("closing.html");
    assert_eq!(
        attrs(&closing, "button.hl-toggle", "data-kind"),
        ["person", "session"]
    );
    let (_russian, built) = build("ru");
    let russian = built.page("opening.html");
    assert_eq!(texts(&russian, "#highlight-label"), ["Выделить в тексте:"]);
    assert_eq!(texts(&russian, "button.hl-toggle"), ["Персоналии", "Темы"]);
}

#[test]
fn mentions_keep_their_links_and_kinds_for_the_script() {
    let (_edition, built) = build("en");
    let page = built.page("opening.html");
    // Every mention is a link to its entry with the kind's class, so the page reads
    // and navigates without the script.
    for mention in page.select(&sel("a.mention")) {
        let class = mention.value().attr("class").unwrap();
        let href = mention.value().attr("href").unwrap();
        let kind = class.strip_prefix("mention mention-").expect(class);
        let folder = href.split('/').next().unwrap();
        assert_eq!(format!("{kind}s"), folder, "{href}");
    }
}
