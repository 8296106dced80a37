//! The text as the reader gets it (issue 12): no-break spaces bound at build time with
//! the editor's text otherwise unchanged, the editor's summaries marked as the editor's,
//! and a description and Open Graph facts in the head of every page.

mod support;

use scraper::Html;
use support::{Built, TestEdition, attrs, sel, texts, theme_edition};

/// The paragraph of the typography fixture, as the editor wrote it (one line per
/// source line), and the register entry its empty mention takes its label from.
const PARAGRAPH: &str = "Открыто [Г.К. Орджоникидзе](person:ordzh) в 1936 г. (с. 38), рост 50 % — так.\n\
                         Выступил Г.К.Орджоникидзе, затем Сталин И.В. и [](person:ordzh)\n\
                         – а в коде `1936 г. — с. 5` всё как есть.";

fn typography_edition() -> (TestEdition, Built) {
    let edition = TestEdition::new(
        "[book]\ntitle = \"Типографика\"\nlanguage = \"ru\"\n\n[registers.person]\n",
    )
    .file(
        "content/chapters/01-one.md",
        &format!("---\ntitle: Первая\n---\n\n{PARAGRAPH}\n"),
    )
    .file(
        "content/registers/persons.yaml",
        "ordzh:\n  name: Орджоникидзе Г.К.\n  label: Г.К. Орджоникидзе\n",
    );
    let built = edition.build();
    built.assert_clean();
    (edition, built)
}

/// The text of the chapter's paragraph, without its `¶` link.
fn paragraph_text(page: &Html) -> String {
    let p = page
        .select(&sel(".chapter-body p"))
        .next()
        .expect("a paragraph");
    let text: String = p.text().collect();
    text.trim_start_matches('¶').to_owned()
}

#[test]
fn no_break_spaces_bind_initials_numbers_and_dashes_in_the_html_only() {
    let (edition, built) = typography_edition();
    let page = built.page("one.html");
    let text = paragraph_text(&page);
    for bound in [
        "Г.К.\u{a0}Орджоникидзе в",
        "1936\u{a0}г.",
        "с.\u{a0}38",
        "50\u{a0}%\u{a0}— так",
        "Сталин\u{a0}И.В.",
        "Орджоникидзе\u{a0}– а",
    ] {
        assert!(text.contains(bound), "{bound:?} not in {text:?}");
    }
    // Initials printed without a space get none, but are kept on one line.
    assert_eq!(texts(&page, ".chapter-body .nobr"), ["Г.К.Орджоникидзе"]);
    // The label of an empty mention comes from the register, bound the same way.
    let labels: Vec<String> = page
        .select(&sel(".chapter-body a.mention"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(labels, ["Г.К.\u{a0}Орджоникидзе", "Г.К.\u{a0}Орджоникидзе"]);
    // Code and attributes are left as they are.
    assert_eq!(texts(&page, ".chapter-body code"), ["1936 г. — с. 5"]);
    let code: String = page
        .select(&sel(".chapter-body code"))
        .flat_map(|c| c.text())
        .collect();
    assert!(!code.contains('\u{a0}'), "{code:?}");
    let titles = attrs(&page, ".chapter-body a.mention", "title");
    assert!(titles.iter().all(|t| !t.contains('\u{a0}')), "{titles:?}");
    // Otherwise the text is the editor's: undo the no-break spaces and compare (a line
    // break of the source is a space of the text; the one before the en dash is bound).
    let source = PARAGRAPH
        .replace("[Г.К. Орджоникидзе](person:ordzh)", "Г.К. Орджоникидзе")
        .replace("[](person:ordzh)", "Г.К. Орджоникидзе")
        .replace('`', "")
        .replace('\n', " ");
    let unbound = text.replace(['\u{a0}', '\n'], " ");
    assert_eq!(unbound.trim(), source.trim());
    // The editor's file is never touched.
    let file = std::fs::read_to_string(edition.root().join("content/chapters/01-one.md"))
        .expect("the chapter file");
    assert_eq!(file, format!("---\ntitle: Первая\n---\n\n{PARAGRAPH}\n"));
    // Search and snippets keep the plain spaces of the source.
    let entry = built.page("persons/ordzh.html");
    let snippets = texts(&entry, ".places a");
    assert!(
        snippets
            .iter()
            .any(|s| s.contains("Открыто Г.К. Орджоникидзе")),
        "{snippets:?}"
    );
}

#[test]
fn a_summary_is_marked_as_the_editors_on_the_chapter_page_and_in_the_contents() {
    for (language, label) in [("en", "Editor's summary:"), ("ru", "От редактора:")] {
        let edition = theme_edition(language);
        let built = edition.build();
        built.assert_clean();
        let summary = "Who opened the meeting and what was said.";
        let chapter = built.page("opening.html");
        assert_eq!(
            texts(&chapter, ".chapter-header .summary"),
            [format!("{label} {summary}")]
        );
        assert_eq!(
            texts(&chapter, ".chapter-header .summary .editorial-label"),
            [label]
        );
        let index = built.page("index.html");
        assert_eq!(
            texts(&index, ".toc-list .summary"),
            [format!("{label} {summary}")]
        );
        assert_eq!(
            texts(&index, ".toc-list .summary .editorial-label"),
            [label]
        );
    }
}

/// The `content` of the `<meta>` whose `key` attribute is `name`, on `page`.
fn meta(page: &Html, key: &str, name: &str) -> Vec<String> {
    attrs(page, &format!("head meta[{key}=\"{name}\"]"), "content")
}

#[test]
fn every_page_has_a_description_and_open_graph_facts() {
    let edition = theme_edition("en");
    let book = std::fs::read_to_string(edition.root().join("book.toml")).expect("book.toml");
    edition.write(
        "book.toml",
        format!("{book}\n[site]\nbase-url = \"https://example.org/ed/\"\n"),
    );
    let built = edition.build();
    built.assert_clean();
    let pages: Vec<String> = built
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10, "{pages:?}");
    for path in &pages {
        let page = built.page(path);
        let description = meta(&page, "name", "description");
        assert_eq!(description.len(), 1, "{path}: {description:?}");
        assert!(!description[0].trim().is_empty(), "{path}");
        assert_eq!(
            meta(&page, "property", "og:description"),
            description,
            "{path}"
        );
        let title = meta(&page, "property", "og:title");
        assert_eq!(title.len(), 1, "{path}");
        assert!(!title[0].is_empty(), "{path}");
        let kind = if path == "opening.html" || path == "closing.html" {
            "article"
        } else {
            "website"
        };
        assert_eq!(meta(&page, "property", "og:type"), [kind], "{path}");
        // og:url wherever the page has a canonical address (all but the 404 page).
        let canonical = attrs(&page, "head link[rel=canonical]", "href");
        assert_eq!(meta(&page, "property", "og:url"), canonical, "{path}");
        assert_eq!(canonical.is_empty(), path == "404.html", "{path}");
    }
    let described = |path: &str| meta(&built.page(path), "name", "description").remove(0);
    assert_eq!(
        described("index.html"),
        "Every element of the default theme."
    );
    assert_eq!(
        described("opening.html"),
        "Who opened the meeting and what was said."
    );
    assert_eq!(
        described("persons/elkin.html"),
        "Chair of the meeting on day one."
    );
    assert_eq!(described("persons/abramov.html"), "Абрамов А.А.: 1 mention");
    assert_eq!(
        described("persons/index.html"),
        "Persons — Theme Check. Every element of the default theme."
    );
    assert_eq!(
        meta(&built.page("persons/index.html"), "property", "og:url"),
        ["https://example.org/ed/persons/index.html"]
    );
    // Without a base URL there is no address to give.
    let unpublished = theme_edition("en");
    let plain = unpublished.build();
    let page = plain.page("index.html");
    assert!(meta(&page, "property", "og:url").is_empty());
    assert_eq!(meta(&page, "property", "og:title"), ["Theme Check"]);
}
