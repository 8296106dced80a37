//! The chapter body: stable anchors on paragraphs, list items, block quotes and
//! headings, and fenced code highlighted with CSS classes.

mod support;

use scraper::{ElementRef, Html};
use support::{BOOK_EN, Built, Diag, TestEdition, attrs, chapter, sel};

fn build(body: &str) -> (TestEdition, Built) {
    let edition =
        TestEdition::new(BOOK_EN).file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    (edition, built)
}

/// The elements of the chapter body that carry an id, as `tag#id`, in page order.
fn anchored(page: &Html) -> Vec<String> {
    page.select(&sel(".chapter-body [id]"))
        .map(|e| {
            format!(
                "{}#{}",
                e.value().name(),
                e.value().id().unwrap_or_default()
            )
        })
        .collect()
}

/// An element's text without its hover anchor.
fn own_text(element: ElementRef<'_>) -> String {
    let anchor: String = element
        .select(&sel(":scope > a.anchor"))
        .flat_map(|a| a.text())
        .collect();
    let all: String = element.text().collect();
    all.trim_start_matches(anchor.as_str()).trim().to_owned()
}

/// A table is cited as a paragraph is, by its own `¶` (it had an id but no link).
#[test]
fn paragraphs_list_items_quotes_tables_and_headings_get_anchors_linking_to_themselves() {
    let body = "\
## The Opening Session

A paragraph.

- first item
- second item

> A quote.

1. numbered

| Plant | Output |
|---|--:|
| ХТЗ | 98 |
";
    let (_edition, built) = build(body);
    let page = built.page("alpha.html");
    assert_eq!(
        anchored(&page),
        [
            "h2#the-opening-session",
            "p#p-1",
            "li#p-2",
            "li#p-3",
            "blockquote#p-4",
            "p#p-5",
            "li#p-6",
            "div#p-7"
        ]
    );
    assert_eq!(
        attrs(
            &page,
            "#p-7.table-passage > .table-wrap > table td",
            "class"
        ),
        ["align-right"]
    );
    for element in page.select(&sel(".chapter-body [id]")) {
        let id = element.value().id().unwrap_or_default();
        let anchor = element.select(&sel(":scope > a.anchor")).next();
        let href = anchor.and_then(|a| a.value().attr("href"));
        assert_eq!(href, Some(format!("#{id}").as_str()), "{id}");
    }
}

#[test]
fn every_heading_keeps_its_text_inside_its_element() {
    let body = "# First\n\nText.\n\n- item\n\n## Second\n\nMore.\n\n### Third\n";
    let (_edition, built) = build(body);
    let page = built.page("alpha.html");
    let headings: Vec<String> = page
        .select(&sel(".chapter-body h1, .chapter-body h2, .chapter-body h3"))
        .map(own_text)
        .collect();
    assert_eq!(headings, ["First", "Second", "Third"]);
    let body_text: Vec<String> = page
        .select(&sel(".chapter-body"))
        .flat_map(|body| body.children())
        .filter_map(|node| node.value().as_text().map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect();
    assert!(
        body_text.is_empty(),
        "text outside any block: {body_text:?}"
    );
}

#[test]
fn heading_ids_are_unique_and_never_look_like_paragraph_ids() {
    let body = "## Intro\n\nText.\n\n## Intro\n\n## p-1\n\n## Привет, мир\n";
    let (_edition, built) = build(body);
    let page = built.page("alpha.html");
    assert_eq!(
        attrs(&page, ".chapter-body h2", "id"),
        ["intro", "intro-2", "p-1-h", "privet-mir"]
    );
    assert_eq!(attrs(&page, ".chapter-body p", "id"), ["p-1"]);
}

#[test]
fn anchors_of_earlier_passages_stay_when_text_is_added_after_them() {
    let (edition, built) = build("One.\n\nTwo.\n");
    let before = anchored(&built.page("alpha.html"));
    edition.write(
        "content/chapters/01-alpha.md",
        chapter("Alpha", "One.\n\nTwo.\n\nThree.\n"),
    );
    let rebuilt = edition.build();
    let after = anchored(&rebuilt.page("alpha.html"));
    assert_eq!(after[..before.len()], before[..]);
}

#[test]
fn fenced_code_is_highlighted_with_css_classes_and_no_inline_styles() {
    let (_edition, built) = build("```rust\nfn main() { let x = 1; }\n```\n");
    let page = built.page("alpha.html");
    let classes = attrs(&page, ".chapter-body pre code span", "class");
    assert!(!classes.is_empty(), "no highlighted tokens");
    assert!(
        classes
            .iter()
            .all(|c| c.split_whitespace().all(|c| c.starts_with("hl-"))),
        "{classes:?}"
    );
    assert!(attrs(&page, "[style]", "style").is_empty());
    let stylesheets = attrs(&page, "link[rel=stylesheet]", "href");
    assert!(stylesheets.contains(&"static/highlight.css".to_owned()));
    let css = std::fs::read_to_string(built.out.join("static/highlight.css")).unwrap();
    assert!(css.contains(".hl-"), "{css}");
}

#[test]
fn code_in_an_unknown_language_is_escaped_as_plain_text() {
    let (_edition, built) = build("```nosuchlanguage\n<b>bold?</b> [@k] [^1]\n```\n");
    let page = built.page("alpha.html");
    let code = page.select(&sel(".chapter-body pre code")).next().unwrap();
    assert_eq!(code.text().collect::<String>(), "<b>bold?</b> [@k] [^1]\n");
    assert_eq!(code.select(&sel("*")).count(), 0, "{}", code.html());
}

#[test]
fn a_level_one_heading_in_a_chapter_is_a_warning() {
    let edition = TestEdition::new(BOOK_EN).file(
        "content/chapters/01-a.md",
        &chapter("A", "# Intro\n\nText.\n\n## Section\n"),
    );
    let (code, diagnostics) = edition.diagnostics();
    assert_eq!(code, 0);
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.severity.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            5,
            1,
            "warning",
            "a level-1 heading in a chapter: the chapter's title is already the page's level-1 heading"
        )]
    );
}

#[test]
fn tables_strikethrough_and_heading_attributes_render_as_html() {
    let body =
        "## Figures {#figures .wide}\n\n| Plant | Output |\n|:--|--:|\n| ХТЗ | ~~100~~ 98 |\n";
    let (_edition, built) = build(body);
    let page = built.page("alpha.html");
    assert_eq!(attrs(&page, ".chapter-body h2", "id"), ["figures"]);
    assert_eq!(attrs(&page, ".chapter-body h2", "class"), ["wide"]);
    let cells: Vec<String> = page
        .select(&sel(".table-wrap table tbody td"))
        .map(|td| td.text().collect::<String>())
        .collect();
    assert_eq!(cells, ["ХТЗ", "100 98"]);
    assert_eq!(
        attrs(&page, "tbody td", "class"),
        ["align-left", "align-right"]
    );
    assert_eq!(page.select(&sel("td del")).count(), 1);
}

#[test]
fn chapters_link_to_the_previous_and_next_in_reading_order() {
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters/02-beta.md", &chapter("Beta", "B.\n"))
        .file("content/chapters/01-alpha.md", &chapter("Alpha", "A.\n"))
        .file("content/chapters/03-gamma.md", &chapter("Gamma", "C.\n"));
    let built = edition.build();
    built.run.assert_success();
    let beta = built.page("beta.html");
    assert_eq!(attrs(&beta, "a[rel=prev]", "href"), ["alpha.html"]);
    assert_eq!(attrs(&beta, "a[rel=next]", "href"), ["gamma.html"]);
    assert!(attrs(&built.page("alpha.html"), "a[rel=prev]", "href").is_empty());
    assert!(attrs(&built.page("gamma.html"), "a[rel=next]", "href").is_empty());
}

#[test]
fn a_heading_never_takes_an_id_the_page_itself_uses() {
    let body = "## Main\n\nText.[^1]\n\n## Notes heading\n\n## In this chapter {#chapter-toc-heading}\n\n\
                ## Notes 1\n\n[^1]: A note.\n";
    let (_edition, built) = build(body);
    let page = built.page("alpha.html");
    assert_eq!(
        attrs(&page, ".chapter-body h2", "id"),
        [
            "main-2",
            "notes-heading-2",
            "chapter-toc-heading-2",
            "notes-1-h"
        ]
    );
    assert_eq!(attrs(&page, "main", "id"), ["main"]);
    assert_eq!(attrs(&page, "a.skip-link", "href"), ["#main"]);
    let ids = attrs(&page, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "every id once: {ids:?}");
}

#[test]
fn a_custom_heading_id_that_cannot_stand_in_an_attribute_is_an_error_at_the_id() {
    let edition = TestEdition::new(BOOK_EN).file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "Text.\n\n## Odd {#a\"b}\n"),
    );
    let (code, found) = edition.diagnostics();
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [Diag::error(
            "content/chapters/01-alpha.md",
            7,
            9,
            "heading id 'a\"b' may hold only letters, digits, '-', '_' and '.'"
        )
        .hint("write the id as a slug, e.g. {#second-plenum}")]
    );
}

#[test]
fn a_custom_heading_id_of_letters_digits_and_dots_is_kept() {
    let (_edition, built) = build("## Первая {#глава-1.2_a}\n\nText.\n");
    let page = built.page("alpha.html");
    assert_eq!(attrs(&page, ".chapter-body h2", "id"), ["глава-1.2_a"]);
    assert_eq!(
        attrs(&page, ".chapter-body h2 a.anchor", "href"),
        ["#глава-1.2_a"]
    );
}

#[test]
fn a_table_row_with_more_cells_than_the_header_is_a_warning_at_the_cell_left_out() {
    let body = "| Who | Where |\n| --- | --- |\n| Adams | London | 1937 | extra |\n\
                | Brown | `a|b` |\n| Clark | a \\| b |\n\n> | A | B |\n> | - | - |\n> | 1 | 2 | 3 |\n";
    let edition = TestEdition::new(BOOK_EN).file("content/chapters/01-a.md", &chapter("A", body));
    let file = "content/chapters/01-a.md";
    let hint =
        "add a column to the table's header row, or write a | that belongs to the text as \\|";
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(
                file,
                7,
                20,
                "this row has 4 cells but the table's header has 2: «1937 | extra» is left out",
            )
            .hint(hint),
            Diag::warning(
                file,
                8,
                14,
                "this row has 3 cells but the table's header has 2: «b`» is left out",
            )
            .hint(hint),
            Diag::warning(
                file,
                13,
                13,
                "this row has 3 cells but the table's header has 2: «3» is left out",
            )
            .hint(hint),
        ],
    );
}

#[test]
fn a_reference_link_whose_label_is_not_defined_is_a_warning_at_the_link() {
    let body = "See [the map][map] and [atlas][] and [Adams][adams].\n\n\
                Brackets [sic] stay text.\n\n[adams]: https://example.org/adams\n";
    let edition = TestEdition::new(BOOK_EN).file("content/chapters/01-a.md", &chapter("A", body));
    let file = "content/chapters/01-a.md";
    let hint = "define it on a line of its own, e.g. `[map]: ../static/map.png`, or write \\[ for a bracket that belongs to the text";
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(
                file,
                5,
                5,
                "link reference [map] is not defined: the brackets are shown as text",
            )
            .hint(hint),
            Diag::warning(
                file,
                5,
                24,
                "link reference [atlas] is not defined: the brackets are shown as text",
            )
            .hint(&hint.replace("[map]", "[atlas]")),
        ],
    );
}

#[test]
fn a_heading_id_the_editor_set_that_must_change_is_a_warning_naming_the_new_one() {
    let body =
        "## One {#p-3}\n\n## Two {#main}\n\n## Three {#end}\n\n## Four {#end}\n\n## Five {#fine}\n";
    let edition = TestEdition::new(BOOK_EN).file("content/chapters/01-a.md", &chapter("A", body));
    let file = "content/chapters/01-a.md";
    let hint = "choose an id no other heading of the chapter has, not p-, fn-, fnref-, notes- or letter- with a number, nor one of the page's own (main, notes-heading…)";
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(
                file,
                5,
                9,
                "heading id 'p-3' is taken, so the heading's id is 'p-3-h'",
            )
            .hint(hint),
            Diag::warning(
                file,
                7,
                9,
                "heading id 'main' is taken, so the heading's id is 'main-2'",
            )
            .hint(hint),
            Diag::warning(
                file,
                11,
                10,
                "heading id 'end' is taken, so the heading's id is 'end-2'",
            )
            .hint(hint),
        ],
    );
}
