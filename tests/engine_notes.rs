//! Footnotes: numbered 1…N across the edition (or per chapter), from Markdown
//! definitions and from the front matter, each linking back to every call.

mod support;

use scraper::Html;
use support::{BOOK_EN, Built, Diag, TestEdition, attrs, chapter, sel, texts};

const ALPHA: &str = "One.[^a] Two.[^b]\n\n[^a]: Note A.\n[^b]: Note B.\n";
const BETA: &str = "Three.[^x]\n\n[^x]: Note X.\n";

fn two_chapters(book: &str) -> TestEdition {
    TestEdition::new(book)
        .file("content/chapters/01-alpha.md", &chapter("Alpha", ALPHA))
        .file("content/chapters/02-beta.md", &chapter("Beta", BETA))
}

/// The numbers shown at the note calls of a page.
fn call_numbers(page: &Html) -> Vec<String> {
    texts(page, ".chapter-body sup.note-ref")
}

/// Every `#id` link among `links` points to an element of `page` matching `target`.
#[track_caller]
fn assert_targets(page: &Html, links: &[String], target: &str) {
    for link in links {
        let id = link.strip_prefix('#').unwrap_or_else(|| panic!("{link}"));
        let selector = format!("[id='{id}']");
        let found = page.select(&sel(&selector)).next();
        let found = found.unwrap_or_else(|| panic!("no element with id {id}"));
        let matches = sel(target).matches(&found);
        assert!(matches, "#{id} is not a {target}");
    }
}

/// Calls link to their notes and notes link back to their calls, on one page.
#[track_caller]
fn assert_round_trip(built: &Built, path: &str) {
    let page = built.page(path);
    let calls = attrs(&page, ".chapter-body sup.note-ref a", "href");
    assert!(!calls.is_empty(), "no note calls in {path}");
    assert_targets(&page, &calls, ".notes-list li");
    let backlinks = attrs(&page, ".notes-list a.backlink", "href");
    assert_eq!(backlinks.len(), calls.len(), "{path}");
    assert_targets(&page, &backlinks, "sup.note-ref");
}

#[test]
fn notes_are_numbered_across_chapters_with_working_back_links() {
    let edition = two_chapters(BOOK_EN);
    let built = edition.build();
    built.run.assert_success();
    assert_eq!(call_numbers(&built.page("alpha.html")), ["1", "2"]);
    assert_eq!(call_numbers(&built.page("beta.html")), ["3"]);
    assert_round_trip(&built, "alpha.html");
    assert_round_trip(&built, "beta.html");
    let beta = built.page("beta.html");
    assert_eq!(attrs(&beta, ".notes-list li", "value"), ["3"]);
    assert_eq!(texts(&beta, ".notes-list .note-text"), ["Note X."]);
}

#[test]
fn chapter_numbering_restarts_in_each_chapter() {
    let book = format!("{BOOK_EN}\n[build]\nfootnote-numbering = \"chapter\"\n");
    let edition = two_chapters(&book);
    let built = edition.build();
    built.run.assert_success();
    assert_eq!(call_numbers(&built.page("alpha.html")), ["1", "2"]);
    assert_eq!(call_numbers(&built.page("beta.html")), ["1"]);
    assert_round_trip(&built, "beta.html");
    let notes = built.page("notes.html");
    let ids = attrs(&notes, ".notes-list li", "id");
    assert_eq!(ids.len(), 3);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "ids on the notes page repeat: {ids:?}");
}

#[test]
fn notes_are_numbered_in_the_order_they_are_called() {
    let body = "First[^z] then[^a].\n\n[^a]: Defined first.\n\n[^z]: Defined second.\n";
    let edition =
        TestEdition::new(BOOK_EN).file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(texts(&page, "#fn-1 .note-text"), ["Defined second."]);
    assert_eq!(texts(&page, "#fn-2 .note-text"), ["Defined first."]);
}

#[test]
fn front_matter_footnotes_are_notes_with_markdown_and_mentions() {
    let text = "---\ntitle: Alpha\nfootnotes:\n  \"11\": \"Pravda. 1935. On [Ivanov](person:ivanov).\"\n---\n\nCalled here.[^11] And a Markdown one.[^m]\n\n[^m]: Markdown note.\n";
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters/01-alpha.md", text)
        .file(
            "content/registers/persons.yaml",
            "ivanov:\n  name: Ivanov\n",
        );
    let built = edition.build();
    built.assert_clean();
    let page = built.page("alpha.html");
    assert_eq!(call_numbers(&page), ["1", "2"]);
    assert_eq!(
        texts(&page, "#fn-1 .note-text"),
        ["Pravda. 1935. On Ivanov."]
    );
    assert_eq!(
        attrs(&page, "#fn-1 a.mention", "href"),
        ["persons/ivanov.html"]
    );
    assert_round_trip(&built, "alpha.html");
}

#[test]
fn note_called_twice_links_back_to_both_calls() {
    let body = "Once[^n] and again[^n].\n\n[^n]: The note.\n";
    let edition =
        TestEdition::new(BOOK_EN).file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(call_numbers(&page), ["1", "1"]);
    let backlinks = attrs(&page, "#fn-1 a.backlink", "href");
    assert_eq!(backlinks.len(), 2);
    assert_targets(&page, &backlinks, "sup.note-ref");
}

#[test]
fn notes_page_lists_every_note_with_links_into_the_chapters() {
    let edition = two_chapters(BOOK_EN);
    let built = edition.build();
    built.run.assert_success();
    let notes = built.page("notes.html");
    assert_eq!(attrs(&notes, ".notes-list li", "value"), ["1", "2", "3"]);
    assert_eq!(
        attrs(&notes, ".notes-list a.backlink", "href"),
        [
            "alpha.html#fnref-1",
            "alpha.html#fnref-2",
            "beta.html#fnref-3"
        ]
    );
}

/// Builds `body` (a whole chapter file) with the person `adams`, and checks that the
/// link and the mention around each call of note 1 stand, with the call right after
/// them, and that the entry's page lists the passage.
fn assert_called_after_link_and_mention(body: &str) {
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters/01-alpha.md", body)
        .file(
            "content/registers/persons.yaml",
            "adams:\n  name: Adams D.\n",
        );
    let built = edition.build();
    built.run.assert_success();
    let raw = std::fs::read_to_string(built.out.join("alpha.html")).expect("the page");
    assert!(
        raw.contains("<a href=\"https://example.org\">a link</a><sup class=\"note-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"),
        "{raw}"
    );
    assert!(
        raw.contains("title=\"Adams D.\">Adams</a><sup class=\"note-ref\" id=\"fnref-1-2\"><a href=\"#fn-1\">1</a></sup>"),
        "{raw}"
    );
    let entry = built.page("persons/adams.html");
    assert_eq!(
        attrs(&entry, ".mentions a.place", "href"),
        ["../alpha.html#p-1"]
    );
    assert_round_trip(&built, "alpha.html");
    assert_eq!(call_numbers(&built.page("alpha.html")), ["1", "1"]);
}

#[test]
fn a_note_called_inside_a_link_or_a_mention_is_called_after_it() {
    assert_called_after_link_and_mention(
        "---\ntitle: Alpha\nfootnotes:\n  \"11\": Note eleven.\n---\n\n\
         [a link[^11]](https://example.org) and [Adams[^11]](person:adams) here.\n",
    );
}

/// A note the body defines is read by pulldown-cmark as a link of its own, which used
/// to cost the link around its call: `[Adams[^z]](person:adams)` was published as its
/// brackets, and the entry's page did not list the passage.
#[test]
fn a_note_defined_in_the_body_and_called_inside_a_mention_or_a_link_keeps_it() {
    assert_called_after_link_and_mention(&chapter(
        "Alpha",
        "[a link[^z]](https://example.org) and [Adams[^z]](person:adams) spoke.\n\n\
         [^z]: Note zed.\n",
    ));
}

#[test]
fn a_note_first_called_in_a_heading_is_not_set_beside_it() {
    let body = "## Sources[^a]\n\nText.[^b]\n\n[^a]: Note A.\n[^b]: Note B.\n";
    let edition =
        TestEdition::new(BOOK_EN).file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    // A note (role="note") may not stand inside a heading: the W3C checker refuses it.
    assert!(texts(&page, "h2 .sidenote").is_empty());
    assert_eq!(texts(&page, "h2 sup.note-ref"), ["1"]);
    assert_eq!(texts(&page, "p .sidenote"), ["2 Note B."]);
    assert_round_trip(&built, "alpha.html");
}

/// A chapter whose images call a note of the front matter (`y`) and one of the body
/// (`z`) from their descriptions; `after` follows the images.
fn calls_in_images(after: &str) -> TestEdition {
    let body = format!(
        "---\ntitle: Alpha\nfootnotes:\n  y: Note Y.\n---\n\n\
         ![A plant[^z]](../static/plant.png)\n\n![A tree[^y]](../static/tree.png)\n\n\
         {after}\n\n[^z]: Note Z.\n"
    );
    let png = support::image(2, 2, image::ImageFormat::Png);
    let edition = TestEdition::new(BOOK_EN).file("content/chapters/01-alpha.md", &body);
    edition.write("content/static/plant.png", &png);
    edition.write("content/static/tree.png", &png);
    edition
}

fn call_in_image(line: u64, column: u64, label: &str) -> Diag {
    let message = format!(
        "note [^{label}] is called in an image's description: it is left out of the alt text and not called"
    );
    Diag::warning("content/chapters/01-alpha.md", line, column, &message)
        .hint("a note cannot be called from an image's description; call it after the image")
}

/// The alt text is plain text and cannot call a note: `![A plant[^z]](plant.png)`
/// published `alt="A plant[^z]"` and the note was never called, without a word.
#[test]
fn a_note_called_in_an_image_description_is_reported_at_the_call() {
    calls_in_images("Text.[^y]").assert_diagnostics(
        1,
        &[
            call_in_image(7, 10, "z"),
            call_in_image(9, 9, "y"),
            Diag::error(
                "content/chapters/01-alpha.md",
                13,
                1,
                "note [^z] is defined but never called",
            )
            .hint("call it with [^z] where it belongs, or delete it"),
        ],
    );
}

#[test]
fn a_note_called_in_an_image_description_is_left_out_of_its_alt_text() {
    let edition = calls_in_images("Text.[^z] More.[^y]");
    edition.assert_diagnostics(0, &[call_in_image(7, 10, "z"), call_in_image(9, 9, "y")]);
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(attrs(&page, "img", "alt"), ["A plant", "A tree"]);
    assert_eq!(call_numbers(&page), ["1", "2"]);
    assert_round_trip(&built, "alpha.html");
}
