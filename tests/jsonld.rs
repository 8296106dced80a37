//! JSON-LD (schema.org) on the pages (issue #13): the title page is a Book, a chapter a
//! Chapter of it, an entry a Person, Organization, Event or DefinedTerm with the chapters
//! that refer to it and its authority records.

mod support;

use serde_json::Value;
use support::{Built, Diag, TestEdition, sel};

const BOOK: &str = "[book]\ntitle = \"Plenum\"\nauthors = [\"A. Editor\"]\nlanguage = \"en\"\n\
                    description = \"About the plenum.\"\n\n[registers.person]\n[registers.enterprise]\n\
                    [registers.theme]\n[registers.session]\n";

fn edition(book: &str) -> TestEdition {
    TestEdition::new(book)
        .file(
            "content/chapters/01-opening.md",
            "---\ntitle: Opening\nsummary: Who opened it.\nthemes: [norms]\n---\n\n\
             [Elkin](person:elkin) of [the plant](enterprise:plant) spoke on \
             [the first day](session:day-one).\n",
        )
        .file(
            "content/chapters/02-closing.md",
            "---\ntitle: Closing\n---\n\n[Elkin](person:elkin) closed it.\n",
        )
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Elkin E.\n  label: E. Elkin\n  description: Chair \\</script> of the meeting.\n  \
             wikidata: Q42\n  viaf: 113230702\n  gnd: 118540238\n",
        )
        .file("content/registers/enterprises.yaml", "plant:\n  name: The Plant\n")
        .file("content/registers/themes.yaml", "norms:\n  name: Norms\n")
        .file(
            "content/registers/sessions.yaml",
            "day-one:\n  name: First day\n  date: 1936-06-25\n",
        )
}

/// The JSON-LD block of a page, parsed.
#[track_caller]
fn jsonld(built: &Built, page: &str) -> Value {
    let html = built.page(page);
    let blocks: Vec<String> = html
        .select(&sel("head script[type='application/ld+json']"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(blocks.len(), 1, "{page}: one JSON-LD block");
    serde_json::from_str(&blocks[0]).unwrap_or_else(|e| panic!("{page}: not JSON: {e}"))
}

#[test]
fn the_title_page_describes_the_book_and_its_chapters() {
    let edition = edition(BOOK);
    let built = edition.build();
    built.assert_clean();
    let book = jsonld(&built, "index.html");
    assert_eq!(book["@context"], "https://schema.org");
    assert_eq!(book["@type"], "Book");
    assert_eq!(book["name"], "Plenum");
    assert_eq!(book["inLanguage"], "en");
    assert_eq!(book["description"], "About the plenum.");
    assert_eq!(book["author"][0]["name"], "A. Editor");
    let parts: Vec<(&str, &str, i64)> = book["hasPart"]
        .as_array()
        .expect("hasPart")
        .iter()
        .map(|p| {
            (
                p["@type"].as_str().unwrap_or(""),
                p["url"].as_str().unwrap_or(""),
                p["position"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("Chapter", "opening.html", 1),
            ("Chapter", "closing.html", 2)
        ]
    );
}

#[test]
fn the_book_names_its_editors_publisher_year_edition_and_licence() {
    let book = BOOK.replace(
        "language = \"en\"",
        "editors = [\"E. Editor\"]\npublisher = \"Letopis Press\"\nyear = 2026\n\
         edition = \"2nd edition\"\nlicence = \"CC BY 4.0\"\nlanguage = \"en\"",
    );
    let edition = edition(&book);
    let built = edition.build();
    let book = jsonld(&built, "index.html");
    assert_eq!(book["editor"][0]["name"], "E. Editor");
    assert_eq!(book["publisher"]["@type"], "Organization");
    assert_eq!(book["publisher"]["name"], "Letopis Press");
    assert_eq!(book["datePublished"], "2026");
    assert_eq!(book["bookEdition"], "2nd edition");
    assert_eq!(book["license"], "CC BY 4.0");
}

#[test]
fn a_chapter_is_part_of_the_book() {
    let edition = edition(BOOK);
    let built = edition.build();
    let chapter = jsonld(&built, "closing.html");
    assert_eq!(chapter["@type"], "Chapter");
    assert_eq!(chapter["name"], "Closing");
    assert_eq!(chapter["position"], 2);
    assert_eq!(chapter["isPartOf"]["@type"], "Book");
    assert_eq!(chapter["isPartOf"]["name"], "Plenum");
    assert_eq!(chapter["isPartOf"]["url"], "index.html");
}

#[test]
fn entries_have_their_type_their_chapters_and_their_authority_records() {
    let edition = edition(BOOK);
    let built = edition.build();
    let person = jsonld(&built, "persons/elkin.html");
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Elkin E.");
    assert_eq!(person["alternateName"], serde_json::json!(["E. Elkin"]));
    assert_eq!(person["description"], "Chair </script> of the meeting.");
    let subjects: Vec<&str> = person["subjectOf"]
        .as_array()
        .expect("subjectOf")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(subjects, ["Opening", "Closing"]);
    assert_eq!(
        person["sameAs"],
        serde_json::json!([
            "https://www.wikidata.org/entity/Q42",
            "https://viaf.org/viaf/113230702",
            "https://d-nb.info/gnd/118540238"
        ])
    );
    assert_eq!(
        jsonld(&built, "enterprises/plant.html")["@type"],
        "Organization"
    );
    let term = jsonld(&built, "themes/norms.html");
    assert_eq!(term["@type"], "DefinedTerm");
    assert_eq!(term["inDefinedTermSet"]["url"], "../themes/index.html");
    assert_eq!(term["subjectOf"][0]["name"], "Opening");
    let session = jsonld(&built, "sessions/day-one.html");
    assert_eq!(session["@type"], "Event");
    assert_eq!(session["startDate"], "1936-06-25");
}

#[test]
fn with_a_base_url_every_address_is_absolute() {
    let book = BOOK.replace(
        "\n\n[registers.person]",
        "\n\n[site]\nbase-url = \"https://example.org/plenum/\"\n\n[registers.person]",
    );
    let edition = edition(&book);
    let built = edition.build();
    let person = jsonld(&built, "persons/elkin.html");
    assert_eq!(
        person["url"],
        "https://example.org/plenum/persons/elkin.html"
    );
    assert_eq!(
        person["subjectOf"][0]["url"],
        "https://example.org/plenum/opening.html"
    );
    assert_eq!(
        jsonld(&built, "index.html")["url"],
        "https://example.org/plenum/"
    );
}

#[test]
fn an_authority_value_that_is_not_an_id_is_reported_and_not_linked() {
    let edition = edition(BOOK).file(
        "content/registers/persons.yaml",
        "elkin:\n  name: Elkin E.\n  wikidata: https://www.wikidata.org/wiki/Q42\n",
    );
    edition.assert_diagnostics(
        0,
        &[Diag::warning(
            "content/registers/persons.yaml",
            1,
            1,
            "wikidata of person 'elkin' is not an id of that catalogue (Q and digits, e.g. Q42)",
        )
        .hint("write the record's id alone, not its URL; no link is made until then")],
    );
    let built = edition.build();
    assert_eq!(jsonld(&built, "persons/elkin.html").get("sameAs"), None);
}

#[test]
fn a_document_is_described_by_its_own_authors_date_place_genre_and_original() {
    let book = "[book]\ntitle = \"Letters\"\nauthors = [\"A. Editor\"]\nlanguage = \"en\"\n\n\
                [registers.place]\n";
    let edition = TestEdition::new(book)
        .file(
            "content/chapters/01-to-suvorin.md",
            "---\ntitle: To Suvorin\nkind: letter\ndate: 1888-10-27\nplace: place:moscow\n\
             from: [person:chekhov, A friend]\nto: [person:suvorin]\n\
             source: \"[@rgali, ff. 1–2v]\"\n---\n\nDear [Suvorin](person:suvorin).\n",
        )
        .file(
            "content/chapters/02-undated.md",
            "---\ntitle: Undated\nplace: Sumy\ndate: ~1889\n---\n\nText.\n",
        )
        .file(
            "content/registers/persons.yaml",
            "chekhov:\n  name: Chekhov A.\nsuvorin:\n  name: Suvorin A.\n",
        )
        .file("content/registers/places.yaml", "moscow:\n  name: Moscow\n")
        .file("content/sources.yaml", "rgali:\n  short: RGALI, f. 549\n");
    let built = edition.build();
    built.run.assert_success();
    let letter = jsonld(&built, "to-suvorin.html");
    assert_eq!(
        letter["author"],
        serde_json::json!([
            {"@type": "Person", "name": "Chekhov A.", "url": "persons/chekhov.html"},
            {"@type": "Thing", "name": "A friend"}
        ]),
        "the letter's authors, not the edition's"
    );
    assert_eq!(
        letter["editor"],
        serde_json::json!([{"@type": "Person", "name": "A. Editor"}])
    );
    assert_eq!(letter["dateCreated"], "1888-10-27");
    assert_eq!(
        letter["locationCreated"],
        serde_json::json!({"@type": "Place", "name": "Moscow", "url": "places/moscow.html"})
    );
    assert_eq!(letter["genre"], "letter");
    assert_eq!(
        letter["isBasedOn"],
        serde_json::json!({"@type": "CreativeWork", "name": "RGALI, f. 549. Ff. 1–2v", "url": "sources/rgali.html"})
    );
    // An author who is never mentioned is still the subject of the letter's page.
    assert_eq!(jsonld(&built, "places/moscow.html")["@type"], "Place");
    let chekhov = jsonld(&built, "persons/chekhov.html");
    assert_eq!(chekhov["subjectOf"][0]["name"], "To Suvorin");
    let undated = jsonld(&built, "undated.html");
    assert_eq!(
        undated["author"],
        serde_json::json!([{"@type": "Person", "name": "A. Editor"}])
    );
    assert_eq!(
        undated["locationCreated"],
        serde_json::json!({"@type": "Place", "name": "Sumy"})
    );
    assert!(
        undated.get("dateCreated").is_none(),
        "an approximate date is no schema.org Date"
    );
}
