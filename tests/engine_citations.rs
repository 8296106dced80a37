//! Pandoc citations `[@key, с. 38]`: the short form in the text, linked to the source's
//! page, and the source's page as a concordance of cited pages in numeric order.

mod support;

use scraper::Html;
use support::{TestEdition, attrs, chapter, sel, texts};

const BOOK: &str = "[book]\ntitle = \"Цитаты\"\nlanguage = \"ru\"\n";

const SOURCES: &str = "sovet1936:\n  short: \"Совет…, 1936\"\n  title: \"Стенограмма заседаний.\"\nkhlevniuk1996:\n  short: \"Хлевнюк, 1996\"\n";

fn edition(chapters: &[(&str, &str)]) -> TestEdition {
    let mut edition = TestEdition::new(BOOK).file("content/sources.yaml", SOURCES);
    for (i, (title, body)) in chapters.iter().enumerate() {
        let path = format!("content/chapters/{:02}-{}.md", i + 1, title.to_lowercase());
        edition = edition.file(&path, &chapter(title, body));
    }
    edition
}

/// The concordance of a source page: each locator with the links listed under it.
fn concordance(page: &Html) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for item in page.select(&sel("dl.concordance > dt, dl.concordance > dd")) {
        let text = item.text().collect::<String>().trim().to_owned();
        match item.value().name() {
            "dt" => groups.push((text, Vec::new())),
            _ => {
                let href = item
                    .select(&sel("a"))
                    .next()
                    .and_then(|a| a.value().attr("href"))
                    .unwrap_or_default();
                groups
                    .last_mut()
                    .expect("a place under a locator")
                    .1
                    .push(href.to_owned());
            }
        }
    }
    groups
}

#[test]
fn citation_shows_the_short_form_and_locator_linked_to_the_source() {
    let edition = edition(&[("Alpha", "Сказано [@sovet1936, с. 38].\n")]);
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(texts(&page, "span.citation"), ["[Совет…, 1936. С. 38]"]);
    assert_eq!(
        attrs(&page, "span.citation a", "href"),
        ["sources/sovet1936.html"]
    );
}

#[test]
fn a_place_citing_several_pages_is_listed_under_each_of_them() {
    let edition = edition(&[
        ("Alpha", "Списком [@sovet1936, с. 57, 71, 174-179].\n"),
        ("Beta", "Отдельно [@sovet1936, с. 71].\n"),
    ]);
    let built = edition.build();
    built.run.assert_success();
    let groups = concordance(&built.page("sources/sovet1936.html"));
    let expected = [
        ("С. 57", vec!["../alpha.html#p-1"]),
        ("С. 71", vec!["../alpha.html#p-1", "../beta.html#p-1"]),
        ("С. 174–179", vec!["../alpha.html#p-1"]),
    ];
    let expected: Vec<(String, Vec<String>)> = expected
        .into_iter()
        .map(|(l, hrefs)| (l.to_owned(), hrefs.into_iter().map(String::from).collect()))
        .collect();
    assert_eq!(groups, expected);
}

#[test]
fn source_page_lists_cited_places_by_page_number() {
    let edition = edition(&[
        (
            "Alpha",
            "Сначала [@sovet1936, с. 100].\n\nЗатем [@sovet1936, с. 38].\n",
        ),
        ("Beta", "Потом [@sovet1936, с. 9] и [@sovet1936].\n"),
    ]);
    let built = edition.build();
    built.run.assert_success();
    let groups = concordance(&built.page("sources/sovet1936.html"));
    let locators: Vec<&str> = groups.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(locators[..3], ["С. 9", "С. 38", "С. 100"]);
    assert_eq!(groups.len(), 4, "a citation without a page comes last");
    assert_eq!(groups[0].1, ["../beta.html#p-1"]);
    assert_eq!(groups[1].1, ["../alpha.html#p-2"]);
    assert_eq!(groups[2].1, ["../alpha.html#p-1"]);
    assert_eq!(groups[3].1, ["../beta.html#p-1"]);
}

#[test]
fn several_works_in_one_bracket_each_link_to_their_source() {
    let edition = edition(&[(
        "Alpha",
        "См. [@khlevniuk1996, с. 174; @sovet1936, с. 16].\n",
    )]);
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(
        texts(&page, "span.citation"),
        ["[Хлевнюк, 1996. С. 174; Совет…, 1936. С. 16]"]
    );
    assert_eq!(
        attrs(&page, "span.citation a", "href"),
        ["sources/khlevniuk1996.html", "sources/sovet1936.html"]
    );
    let khlevniuk = concordance(&built.page("sources/khlevniuk1996.html"));
    assert_eq!(
        khlevniuk,
        [("С. 174".to_owned(), vec!["../alpha.html#p-1".to_owned()])]
    );
}

#[test]
fn citation_spanning_a_line_break_is_one_citation() {
    let edition = edition(&[("Alpha", "Сказано [@sovet1936,\nс. 57–58] дальше.\n")]);
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(texts(&page, "span.citation"), ["[Совет…, 1936. С. 57–58]"]);
    let groups = concordance(&built.page("sources/sovet1936.html"));
    assert_eq!(groups[0].0, "С. 57–58");
}

#[test]
fn citations_that_the_markdown_parser_splits_are_recognised() {
    // Each of these reaches the parser's text as several pieces: at the start of a
    // paragraph, inside emphasis, right before a note call, two brackets side by side,
    // after a mention, and with spaces inside the bracket.
    let body = "\
[@sovet1936, с. 1]: в начале абзаца.

*[@sovet1936, с. 2]* и [@sovet1936, с. 3][^1] и [@khlevniuk1996][@sovet1936, с. 4].

[Иванов](person:ivanov) [@sovet1936, с. 5] и [ @sovet1936 , с. 6 ].

[^1]: Примечание.
";
    let edition = edition(&[("Alpha", body)]).file(
        "content/registers/persons.yaml",
        "ivanov:\n  name: Иванов\n",
    );
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(texts(&page, ".chapter-body span.citation").len(), 7);
    let text = texts(&page, ".chapter-body").join(" ");
    assert!(!text.contains("[@"), "a citation was left as text: {text}");
    let locators: Vec<String> = concordance(&built.page("sources/sovet1936.html"))
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(locators, ["С. 1", "С. 2", "С. 3", "С. 4", "С. 5", "С. 6"]);
}

#[test]
fn escaped_bracket_is_not_a_citation() {
    let edition = edition(&[("Alpha", "Пишут \\[@sovet1936, с. 1] так.\n")]);
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert!(texts(&page, "span.citation").is_empty());
    assert!(texts(&page, "#p-1")[0].contains("[@sovet1936, с. 1]"));
}

#[test]
fn citation_in_a_footnote_is_listed_at_the_note() {
    let edition = edition(&[("Alpha", "Текст.[^1]\n\n[^1]: См. [@sovet1936, с. 5].\n")]);
    let built = edition.build();
    built.run.assert_success();
    let groups = concordance(&built.page("sources/sovet1936.html"));
    assert_eq!(
        groups,
        [("С. 5".to_owned(), vec!["../alpha.html#fn-1".to_owned()])]
    );
}

#[test]
fn bibliography_lists_every_source_with_its_page() {
    let edition = edition(&[("Alpha", "[@sovet1936, с. 1] [@khlevniuk1996, с. 2]\n")]);
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("sources/index.html");
    assert_eq!(
        attrs(&page, "ul.source-list a", "href"),
        ["../sources/sovet1936.html", "../sources/khlevniuk1996.html"]
    );
    let source = built.page("sources/sovet1936.html");
    assert_eq!(texts(&source, "h1"), ["Совет…, 1936"]);
}

/// The raw HTML of an output page: a link inside a link is undone by an HTML parser,
/// so what was written is read as written.
fn raw_page(built: &support::Built, path: &str) -> String {
    std::fs::read_to_string(built.out.join(path)).expect("the page")
}

#[test]
fn a_citation_inside_a_link_or_a_mention_writes_no_link_inside_the_link() {
    let edition = edition(&[(
        "Alpha",
        "[Сказано [@sovet1936, с. 2] здесь](https://example.org) и \
         [Бажанов [@sovet1936, с. 3]](person:bazhanov).\n",
    )])
    .file(
        "content/registers/persons.yaml",
        "bazhanov:\n  name: Бажанов В.М.\n",
    );
    let built = edition.build();
    built.run.assert_success();
    let raw = raw_page(&built, "alpha.html");
    assert!(
        raw.contains(
            "<a href=\"https://example.org\">Сказано <span class=\"citation\">[Совет…, 1936. С. 2]</span> здесь</a>"
        ),
        "{raw}"
    );
    assert!(
        raw.contains("title=\"Бажанов В.М.\">Бажанов <span class=\"citation\">[Совет…, 1936. С. 3]</span></a>"),
        "{raw}"
    );
    // Both places are still in the source's concordance.
    let source = built.page("sources/sovet1936.html");
    assert_eq!(
        concordance(&source),
        [
            ("С. 2".to_owned(), vec!["../alpha.html#p-1".to_owned()]),
            ("С. 3".to_owned(), vec!["../alpha.html#p-1".to_owned()]),
        ]
    );
}

#[test]
fn a_table_cited_in_is_quoted_with_its_cells_apart() {
    let edition = edition(&[(
        "Alpha",
        "| Кто | Где |\n| --- | --- |\n| Бажанов | [@sovet1936, с. 5] |\n| Гудов | там же |\n",
    )]);
    let built = edition.build();
    built.run.assert_success();
    let source = built.page("sources/sovet1936.html");
    let places = texts(&source, "dl.concordance dd");
    assert_eq!(places.len(), 1, "{places:?}");
    assert!(
        places[0].ends_with("Кто Где Бажанов [Совет…, 1936. С. 5] Гудов там же"),
        "{places:?}"
    );
}
