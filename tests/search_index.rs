//! Search without a browser: the search box on every page (a plain form that works
//! without JavaScript), `search.html`, and the index scripts under `static/search/`: every
//! page listed, every document linking to an anchor that exists, stemming by language.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use support::{
    Built, TestEdition, attrs, resolve_link, sel, texts, theme_edition, unpack_search_file,
};

#[test]
fn every_page_has_a_search_box_that_sends_its_query_to_search_html() {
    let edition = theme_edition("en");
    let built = edition.build();
    built.assert_clean();
    let pages: Vec<String> = built
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .collect();
    assert!(pages.len() > 10, "{pages:?}");
    for path in &pages {
        let page = built.page(path);
        let action = attrs(&page, "form.search-box[role=search]", "action");
        assert_eq!(action.len(), 1, "{path}");
        assert_eq!(resolve_link(path, &action[0]).0, "search.html", "{path}");
        let script = attrs(&page, "head script[defer]", "src");
        assert_eq!(
            resolve_link(path, &script[0]).0,
            "static/search.js",
            "{path}"
        );
        assert_eq!(
            attrs(&page, "form.search-box input[type=search]", "name"),
            ["q"]
        );
        assert_eq!(
            texts(&page, "form.search-box label[for=search-input]"),
            ["Search the edition"]
        );
        assert_eq!(
            texts(&page, "form.search-box button[type=submit]"),
            ["Search"]
        );
    }
    // The 404 page is served at any depth: its box starts from the base path.
    let not_found = built.page("404.html");
    assert_eq!(
        attrs(&not_found, "form.search-box", "action"),
        ["/search.html"]
    );
}

#[test]
fn search_page_says_in_the_books_language_that_it_needs_javascript() {
    for (language, title, needs) in [
        ("en", "Search", "Search needs JavaScript."),
        (
            "ru",
            "Поиск",
            "Поиск работает только при включённом JavaScript.",
        ),
    ] {
        let edition = theme_edition(language);
        let built = edition.build();
        built.assert_clean();
        let page = built.page("search.html");
        assert_eq!(texts(&page, "main h1"), [title]);
        assert_eq!(page.select(&sel("#search-results")).count(), 1);
        let noscript = page
            .select(&sel("#search-results noscript"))
            .next()
            .expect("a noscript")
            .inner_html();
        assert!(noscript.contains(needs), "{noscript}");
    }
}

#[test]
fn index_lists_every_page_and_each_document_links_to_an_existing_anchor() {
    let edition = TestEdition::bundled();
    let built = edition.build();
    built.assert_clean();
    let meta = script_data(&built, "meta.js", "letopisSearch.meta(", "");
    let pages = meta["pages"].as_array().unwrap();
    let files = built.files();
    let chapters = pages.iter().filter(|p| p[2] == 0).count();
    assert_eq!(chapters, 11, "ten chapters and the editorial note (#13)");
    let entries: Vec<&str> = pages
        .iter()
        .filter(|p| p[2] == 1)
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert!(
        entries.contains(&"persons/ordzhonikidze-gk.html"),
        "{entries:?}"
    );
    let sources = pages.iter().filter(|p| p[2] == 2).count();
    assert_eq!(
        sources,
        files.iter().filter(|f| f.starts_with("sources/")).count() - 1
    );
    for page in pages {
        assert!(
            files.contains(&page[0].as_str().unwrap().to_owned()),
            "{page}"
        );
    }

    // Each page's documents, in the shard its number falls in.
    let alphabet = meta["alphabet"].as_str().unwrap();
    assert!(
        alphabet.contains('я') && alphabet.contains('«'),
        "{alphabet}"
    );
    let docs = documents(&built, &meta, alphabet);
    assert_eq!(docs.len(), pages.len());
    let count: usize = docs.iter().map(Vec::len).sum();
    assert_eq!(meta["docs"], count);
    let mut ids_by_page: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (page, docs) in pages.iter().zip(&docs) {
        let page = page[0].as_str().unwrap();
        assert!(!docs.is_empty(), "{page}");
        for doc in docs {
            let anchor = doc[0].as_str().unwrap();
            assert!(
                !doc[1].as_str().unwrap().trim().is_empty(),
                "{page}#{anchor}"
            );
            if !anchor.is_empty() {
                ids_by_page.entry(page).or_default().push(anchor.to_owned());
            }
        }
    }
    assert!(ids_by_page["june-25-26.html"].len() >= 13);
    for (page, ids) in ids_by_page {
        let html = built.page(page);
        for id in ids {
            let found = html.select(&sel(&format!("[id=\"{id}\"]"))).count();
            assert_eq!(found, 1, "{page}#{id}");
        }
    }
}

#[test]
fn russian_and_english_books_are_stemmed_and_others_only_folded() {
    for (language, stems) in [("ru", true), ("en-GB", true), ("de", false)] {
        let edition = theme_edition(language);
        let built = edition.build();
        built.assert_clean();
        let page = built.page("index.html");
        let stemmed = attrs(&page, "form.search-box", "data-stems");
        assert_eq!(stemmed, [stems.to_string()], "{language}");
        let shards = attrs(&page, "form.search-box", "data-term-shards");
        let count = built
            .files()
            .iter()
            .filter(|f| f.starts_with("static/search/t-"))
            .count();
        assert_eq!(shards, [count.to_string()], "{language}");
    }
}

/// The data a script of the index hands to `letopisSearch` (by `call`), unpacked.
#[track_caller]
fn script_data(built: &Built, file: &str, call: &str, alphabet: &str) -> Value {
    let text = std::fs::read_to_string(built.out.join("static/search").join(file)).unwrap();
    assert!(text.starts_with(call), "{file}: {text:.100}");
    unpack_search_file(&text, alphabet)
}

/// Every page's documents, in order: `[anchor, text]` (a document written
/// `[anchor, 0]` is its page's title, as `meta.js` lists it); the shards hold pages from
/// the first page each starts with.
fn documents(built: &Built, meta: &Value, alphabet: &str) -> Vec<Vec<Value>> {
    let mut pages: Vec<Vec<Value>> = Vec::new();
    for (n, start) in numbers(&meta["docShards"]).into_iter().enumerate() {
        assert_eq!(pages.len(), start);
        let call = format!("letopisSearch.docs({n},");
        let shard = script_data(built, &format!("d-{n}.js"), &call, alphabet);
        for docs in shard.as_array().unwrap() {
            let title = &meta["pages"][pages.len()][1];
            let docs = (docs.as_array().unwrap().iter())
                .map(|doc| match &doc[1] {
                    Value::Number(_) => serde_json::json!([doc[0], title]),
                    _ => doc.clone(),
                })
                .collect();
            pages.push(docs);
        }
    }
    pages
}

fn numbers(value: &Value) -> Vec<usize> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap() as usize)
        .collect()
}

#[test]
fn a_static_file_where_the_index_goes_stops_the_build_before_anything_is_written() {
    let edition = theme_edition("en").file("content/static/search/meta.js", "// mine\n");
    let built = edition.build();
    assert_eq!(built.run.code, 1, "{}", built.run.stderr);
    assert!(
        built.run.stderr.starts_with(
            "content/static/search/meta.js: error: static/search/ holds the search index \
             letopis writes, so this file would collide with it; skipped\n"
        ),
        "{}",
        built.run.stderr
    );
    assert!(!built.out.exists());
}

/// A list item's text and a code block under it (or its text after the code) are
/// words apart, as two paragraphs are: the search index and an entry's snippets read
/// «itemcode», so neither word was found alone.
#[test]
fn an_items_text_and_its_code_block_are_words_apart_in_search_and_snippets() {
    let body = "- tight [Smith](person:smith) item\n  ```\n  codetwo\n  ```\n  \
                [Smith](person:smith) after\n- other\n";
    let edition = TestEdition::new(support::BOOK_EN)
        .file(
            "content/chapters/01-alpha.md",
            &support::chapter("Alpha", body),
        )
        .file(
            "content/registers/persons.yaml",
            "smith:\n  name: Smith J.\n",
        );
    let built = edition.build();
    built.assert_clean();
    let meta = script_data(&built, "meta.js", "letopisSearch.meta(", "");
    let alphabet = meta["alphabet"].as_str().unwrap();
    let docs = &documents(&built, &meta, alphabet)[0];
    assert_eq!(docs[1][0], "p-1");
    assert_eq!(docs[1][1], "tight Smith item codetwo\n Smith after");
    let entry = built.page("persons/smith.html");
    let snippets: Vec<String> = texts(&entry, ".mentions a.place")
        .iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        snippets,
        [
            "tight Smith item codetwo Smith after",
            "tight Smith item codetwo Smith after"
        ]
    );
}
