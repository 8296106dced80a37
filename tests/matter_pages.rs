//! Front and back matter (issue #13): Markdown pages outside the chapter sequence,
//! declared in book.toml's `[matter]`, built by the same engine as chapters.

mod support;

use support::{BOOK_EN, Diag, TestEdition, attrs, chapter, texts};

fn edition(matter: &str) -> TestEdition {
    TestEdition::new(&format!("{BOOK_EN}\n[matter]\n{matter}"))
        .file(
            "content/chapters/01-opening.md",
            &chapter(
                "Opening",
                "[Elkin](person:elkin) opened the meeting [@steno, p. 3].\n",
            ),
        )
        .file(
            "content/EDITORIAL.md",
            &chapter(
                "Editorial note",
                "## Conventions\n\nThe speeches of [E. Elkin](person:elkin) are dated from the \
                 record [@steno, p. 1].\n",
            ),
        )
        .file(
            "content/back/abbreviations.md",
            &chapter(
                "Abbreviations",
                "NKTP: the People's Commissariat of Heavy Industry.\n",
            ),
        )
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Elkin E.\n",
        )
        .file("content/sources.yaml", "steno:\n  short: Stenogram, 1936\n")
}

const PAGES: &str = "front = [\"EDITORIAL.md\"]\nback = [\"back/abbreviations.md\"]\n\
                     editorial-note = \"EDITORIAL.md\"\n";

#[test]
fn pages_of_front_and_back_matter_stand_before_and_after_the_chapters() {
    let edition = edition(PAGES);
    let built = edition.build();
    built.assert_clean();
    let toc = attrs(&built.page("index.html"), ".toc-list a", "href");
    assert_eq!(
        toc,
        ["editorial.html", "opening.html", "abbreviations.html"]
    );
    assert_eq!(
        texts(&built.page("abbreviations.html"), "main h1"),
        ["Abbreviations"]
    );
    // Only the chapters are numbered: the editor's pages are listed apart, unnumbered.
    let index = built.page("index.html");
    assert_eq!(attrs(&index, "ol.toc-list a", "href"), ["opening.html"]);
    assert_eq!(
        attrs(&index, "ul.toc-list a", "href"),
        ["editorial.html", "abbreviations.html"]
    );
}

#[test]
fn a_page_of_matter_resolves_mentions_and_citations_like_a_chapter() {
    let edition = edition(PAGES);
    let built = edition.build();
    built.assert_clean();
    let page = built.page("editorial.html");
    assert_eq!(
        attrs(&page, "main a.mention", "href"),
        ["persons/elkin.html"]
    );
    assert_eq!(texts(&page, "main .citation"), ["[Stenogram, 1936. P. 1]"]);
    let source = built.page("sources/steno.html");
    let places = attrs(&source, "main a[href*='#']", "href");
    assert!(
        places.contains(&"../editorial.html#p-1".to_owned()),
        "{places:?}"
    );
}

#[test]
fn the_entry_page_marks_the_places_on_the_editors_pages() {
    let edition = edition(PAGES);
    let built = edition.build();
    let entry = built.page("persons/elkin.html");
    assert_eq!(
        texts(&entry, "section.mentions h3"),
        [
            "Editorial note (the editor's text) (1 mention)",
            "Opening (1 mention)"
        ]
    );
    assert_eq!(
        attrs(&entry, "section.mentions .place", "href"),
        ["../editorial.html#p-1", "../opening.html#p-1"]
    );
}

#[test]
fn the_editorial_note_is_the_tei_editorial_declaration_and_other_pages_front_and_back() {
    let edition = edition(PAGES);
    let (run, out) = edition.export_tei();
    run.assert_success();
    let text = std::fs::read_to_string(&out).expect("the export");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let parent_of = |id: &str| {
        let node = doc
            .descendants()
            .find(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "id")) == Some(id))
            .unwrap_or_else(|| panic!("no xml:id {id}"));
        node.ancestors()
            .filter(|a| a.is_element())
            .map(|a| a.tag_name().name().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        parent_of("editorial.p-1"),
        ["p", "editorialDecl", "encodingDesc", "teiHeader", "TEI"]
    );
    assert_eq!(parent_of("abbreviations"), ["div", "back", "text", "TEI"]);
    assert_eq!(parent_of("opening"), ["div", "body", "text", "TEI"]);
}

#[test]
fn a_page_of_matter_that_cannot_be_read_is_an_error_at_its_place_in_book_toml() {
    let edition = edition(
        "front = [\"missing.md\", \"chapters/01-opening.md\", \"../outside.md\"]\n\
         editorial-note = \"EDITORIAL.md\"\n",
    );
    edition.assert_diagnostics(
        1,
        &[
            Diag::error("book.toml", 6, 10, "page 'missing.md' does not exist in the content folder")
                .hint("create the file, or remove it from the list"),
            Diag::error(
                "book.toml",
                6,
                24,
                "page 'chapters/01-opening.md' is in the chapters folder, so it is a chapter already",
            )
            .hint("move it out of the chapters folder, e.g. to the content folder"),
            Diag::error("book.toml", 6, 50, "page '../outside.md' must be a .md file inside the content folder")
                .hint("write its path from the content folder, e.g. \"EDITORIAL.md\""),
            Diag::error(
                "book.toml",
                7,
                18,
                "editorial-note 'EDITORIAL.md' is not one of the pages of `front` or `back`",
            )
            .hint("list the page in `front` (or `back`) too"),
        ],
    );
}

/// With `toc = "date"`, a chapter's previous and next links follow the table of
/// contents (front matter, the chapters by date with undated ones last, back matter):
/// they followed the files' order, so «next» from the earliest letter led back to a
/// later one.
#[test]
fn with_toc_by_date_previous_and_next_follow_the_table_of_contents() {
    let dated =
        |title: &str, date: &str| format!("---\ntitle: {title}\ndate: {date}\n---\n\nText.\n");
    let book = format!("{BOOK_EN}\n[build]\ntoc = \"date\"\n\n[matter]\n{PAGES}");
    let edition = edition(PAGES)
        .file("book.toml", &book)
        .file(
            "content/chapters/01-opening.md",
            &dated("Opening", "1937-03-01"),
        )
        .file("content/chapters/02-march.md", &dated("March", "1936-03"))
        .file(
            "content/chapters/03-undated.md",
            &chapter("Undated", "Text.\n"),
        )
        .file("content/chapters/04-june.md", &dated("June", "1936-06-25"));
    let built = edition.build();
    built.assert_clean();
    let reading = [
        "editorial.html",
        "march.html",
        "june.html",
        "opening.html",
        "undated.html",
        "abbreviations.html",
    ];
    let toc = attrs(&built.page("index.html"), ".toc-list a", "href");
    assert_eq!(toc, reading);
    for (at, page) in reading.iter().enumerate() {
        let html = built.page(page);
        let previous = at.checked_sub(1).map(|at| reading[at]);
        let next = reading.get(at + 1).copied();
        let pager = |rel: &str| attrs(&html, &format!(".pager a[rel={rel}]"), "href");
        assert_eq!(
            pager("prev"),
            Vec::from_iter(previous),
            "previous of {page}"
        );
        assert_eq!(pager("next"), Vec::from_iter(next), "next of {page}");
    }
}

/// With `toc = "date"`, every list of the chapters follows the table of contents, as
/// previous and next do: the JSON-LD's parts and chapter numbers, the title page's map,
/// an entry's strip, a theme's chapters and the chapters an entry's JSON-LD names all
/// followed the files' order.
#[test]
fn with_toc_by_date_every_list_of_chapters_follows_the_table_of_contents() {
    let dated = |title: &str, date: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\nthemes: [norms]\n---\n\n\
             [Elkin](person:elkin) wrote.\n"
        )
    };
    let book = format!("{BOOK_EN}\n[build]\ntoc = \"date\"\n");
    let edition = TestEdition::new(&book)
        .file("content/chapters/01-late.md", &dated("Late", "1937-03-01"))
        .file("content/chapters/02-early.md", &dated("Early", "1936-03"))
        .file(
            "content/chapters/03-middle.md",
            &dated("Middle", "1936-06-25"),
        )
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Elkin E.\n",
        )
        .file("content/registers/themes.yaml", "norms:\n  name: Norms\n");
    let built = edition.build();
    built.assert_clean();
    let reading = ["early.html", "middle.html", "late.html"];
    let index = built.page("index.html");
    assert_eq!(attrs(&index, ".toc-list a", "href"), reading);
    assert_eq!(attrs(&index, "svg.map-svg a", "href"), reading);
    let book = jsonld(&index);
    let parts: Vec<(&str, u64)> = (book["hasPart"].as_array().expect("parts").iter())
        .map(|part| {
            (
                part["url"].as_str().unwrap(),
                part["position"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [("early.html", 1), ("middle.html", 2), ("late.html", 3)]
    );
    assert_eq!(jsonld(&built.page("late.html"))["position"], 3);
    let person = built.page("persons/elkin.html");
    let strip: Vec<String> = attrs(&person, "svg.strip-svg a", "href");
    assert_eq!(
        strip,
        [
            "../early.html#p-1",
            "../middle.html#p-1",
            "../late.html#p-1"
        ]
    );
    let person_ld = jsonld(&person);
    let named: Vec<&str> = (person_ld["subjectOf"].as_array().expect("chapters"))
        .iter()
        .map(|c| c["url"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["../early.html", "../middle.html", "../late.html"]);
    let theme = built.page("themes/norms.html");
    assert_eq!(
        attrs(&theme, "#chapters-heading + ul a", "href"),
        ["../early.html", "../middle.html", "../late.html"]
    );
}

/// The JSON-LD block of a page, parsed.
fn jsonld(page: &scraper::Html) -> serde_json::Value {
    let selector = support::sel("head script[type='application/ld+json']");
    let block: String = page.select(&selector).flat_map(|s| s.text()).collect();
    serde_json::from_str(&block).expect("JSON-LD")
}
