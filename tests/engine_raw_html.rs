//! Raw HTML in chapters and register descriptions: published as written, its scripts
//! (`<script>`, `on…=` handlers, `javascript:` URLs) reported where they stand, as
//! warnings or, with `[build] raw-html = "deny"`, as errors; its relative `src` and
//! `href` resolved like Markdown links.

mod support;

use support::{BOOK_EN, Diag, TestEdition, attrs, chapter};

const CHAPTER: &str = "content/chapters/01-alpha.md";
const PERSONS: &str = "content/registers/persons.yaml";

/// Line 5 of the chapter is the first line of its body.
const BODY: &str = "[Ivanov](person:ivanov) <b onclick=\"go()\">bold</b>\n\n\
<script>alert(1)</script>\n\n\
<div>\n<a href=\"JavaScript:alert(1)\">a</a>\n</div>\n\n\
[void](javascript:void(0))\n";

const DESCRIPTION: &str = "ivanov:\n  name: Ivanov I.I.\n  description: A <img src=\"https://example.org/x.png\" onerror=\"alert(1)\"> man.\n";

fn edition(book: &str) -> TestEdition {
    TestEdition::new(book)
        .file(PERSONS, DESCRIPTION)
        .file(CHAPTER, &chapter("Alpha", BODY))
}

/// Every script, in the chapter and in the description, as `make` makes it.
fn scripts(make: fn(&str, u64, u64, &str) -> Diag, hint: &str) -> Vec<Diag> {
    let what = ": a script in the text would run on readers' pages";
    [
        (CHAPTER, 5, 28, "raw HTML event handler 'onclick'"),
        (CHAPTER, 7, 2, "raw HTML <script>"),
        (CHAPTER, 10, 10, "a javascript: URL in 'href' of raw HTML"),
        (CHAPTER, 13, 1, "a javascript: URL in a link"),
        (PERSONS, 3, 55, "raw HTML event handler 'onerror'"),
    ]
    .into_iter()
    .map(|(file, line, column, message)| {
        make(file, line, column, &format!("{message}{what}")).hint(hint)
    })
    .collect()
}

#[test]
fn scripts_in_raw_html_are_warnings_located_where_they_stand() {
    let hint = "remove it: the edition works without scripts ([build] raw-html = \"deny\" makes this an error)";
    edition(BOOK_EN).assert_diagnostics(0, &scripts(Diag::warning, hint));
}

#[test]
fn raw_html_deny_makes_every_script_an_error() {
    let book = format!("{BOOK_EN}\n[build]\nraw-html = \"deny\"\n");
    let hint = "remove it: book.toml sets [build] raw-html = \"deny\"";
    edition(&book).assert_diagnostics(1, &scripts(Diag::error, hint));
}

#[test]
fn relative_src_and_href_of_raw_html_are_resolved_like_markdown_links() {
    let body = "[Ivanov](person:ivanov)\n\n\
<figure><img src=\"../static/map.png\" alt=\"Map\"><figcaption><a href=\"02-beta.md#p-1\">Beta</a></figcaption></figure>\n\n\
Text <a href='https://example.org/a b'>out</a>.\n";
    let edition = TestEdition::new(BOOK_EN)
        .file(PERSONS, "ivanov:\n  name: Ivanov I.I.\n")
        .file(CHAPTER, &chapter("Alpha", body))
        .file("content/chapters/02-beta.md", &chapter("Beta", "B.\n"))
        .file("content/static/map.png", "not really a picture");
    let built = edition.build();
    built.assert_clean();
    let page = built.page("alpha.html");
    assert_eq!(attrs(&page, "figure img", "src"), ["static/map.png"]);
    assert_eq!(attrs(&page, "figcaption a", "href"), ["beta.html#p-1"]);
    assert_eq!(
        attrs(
            &page,
            ".chapter-body p a:not(.anchor):not(.mention)",
            "href"
        ),
        ["https://example.org/a b"]
    );
}
