//! Links and images an editor writes relative to the chapter file, as a Markdown preview
//! reads them: they lead to the chapter's page and to the copied static file.

mod support;

use support::{BOOK_EN, Diag, TestEdition, attrs, chapter};

fn edition() -> TestEdition {
    TestEdition::new(BOOK_EN)
        .file(
            "content/chapters/01-first.md",
            &chapter(
                "First",
                "See [the second](part/02-second.md#p-1) and ![map](../static/map.svg).",
            ),
        )
        .file(
            "content/chapters/part/02-second.md",
            &chapter(
                "Second",
                "Back to [the first](../01-first.md), or [by page name](first.html).",
            ),
        )
        .file(
            "content/static/map.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
}

#[test]
fn a_link_to_a_chapter_file_leads_to_its_page_and_anchor() {
    let edition = edition();
    let built = edition.build();
    built.assert_clean();
    let first = built.page("first.html");
    assert_eq!(
        attrs(&first, ".chapter-body a[href^='second']", "href"),
        ["second.html#p-1"]
    );
    let second = built.page("second.html");
    assert_eq!(
        attrs(&second, ".chapter-body p a:not(.anchor)", "href"),
        ["first.html", "first.html"]
    );
}

#[test]
fn an_image_beside_the_chapters_is_served_from_static() {
    let edition = edition();
    let built = edition.build();
    assert_eq!(
        attrs(&built.page("first.html"), ".chapter-body img", "src"),
        ["static/map.svg"]
    );
    assert!(built.out.join("static/map.svg").is_file());
}

#[test]
fn a_link_that_leads_nowhere_is_a_warning_at_its_place() {
    let edition = edition().file(
        "content/chapters/03-third.md",
        &chapter(
            "Third",
            "A [dead link](04-missing.md) and [a bad anchor](01-first.md#p-99).",
        ),
    );
    let (code, diagnostics) = edition.diagnostics();
    assert_eq!(code, 0, "warnings do not fail a check");
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            (
                d.file.as_str(),
                d.line,
                d.column,
                d.severity.as_str(),
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/chapters/03-third.md",
                5,
                3,
                "warning",
                "link to '04-missing.md' leads to no chapter and no file in content/static/"
            ),
            (
                "content/chapters/03-third.md",
                5,
                34,
                "warning",
                "link to '#p-99' in 01-first.md, which has no such anchor"
            ),
        ]
    );
}

#[test]
fn a_link_to_an_anchor_of_its_own_page_that_does_not_exist_is_a_warning() {
    let body = "## Sources {#sources}\n\nSee [above](#sources), [the text](#p-1), [note](#fn-1), \
                [top](#main) and [nowhere](#nowehre).[^a]\n\n[^a]: A note.\n";
    let edition = TestEdition::new(BOOK_EN).file("content/chapters/01-a.md", &chapter("A", body));
    let file = "content/chapters/01-a.md";
    edition.assert_diagnostics(
        0,
        &[Diag::warning(
            file,
            7,
            74,
            "link to '#nowehre', an anchor this page does not have",
        )
        .hint("a passage's anchor is p-1, p-2…, a heading's its slug or the {#id} it sets")],
    );
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("a.html");
    let hrefs = attrs(&page, ".chapter-body p a:not(.anchor)", "href");
    assert!(
        hrefs.contains(&"#nowehre".to_owned()),
        "kept as written: {hrefs:?}"
    );
}

#[test]
fn an_address_from_the_sites_root_is_a_warning_at_the_link() {
    let body = "A [map](/static/map.svg) and ![map](/static/map.svg).\n";
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters/01-a.md", &chapter("A", body))
        .file(
            "content/static/map.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    let file = "content/chapters/01-a.md";
    let message = "the address '/static/map.svg' starts from the root of the web server, \
                   which is not the edition's folder when it is read offline or published \
                   under a sub-path";
    let hint = "write it relative to the file, e.g. ../static/map.png";
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(file, 5, 3, message).hint(hint),
            Diag::warning(file, 5, 30, message).hint(hint),
        ],
    );
}
