//! The correspondence scaffold (`letopis init --template letters`) as the fixture of a
//! documentary edition that is not a stenogram: letters with dates, places, authors,
//! addressees and archival originals, sheet locators with verso, labels in the
//! edition's own words. Built with the real binary and checked on the parsed pages.

mod support;

use support::{Built, TestEdition, letters_edition, texts};

/// The letters edition, built with no warnings.
fn letters() -> (TestEdition, Built) {
    let (edition, built) = letters_edition();
    built.assert_clean();
    (edition, built)
}

#[test]
fn each_letter_has_a_header_with_its_document_fields() {
    let (_edition, built) = letters();
    let page = built.page("uralmash.html");
    assert_eq!(
        texts(&page, ".document-meta dt"),
        ["Документ", "Дата", "Место", "От кого", "Кому", "Подлинник"]
    );
    assert_eq!(
        texts(&page, ".document-meta dd")[..3],
        ["письмо", "14 января 1937 г.", "Свердловск"]
    );
    assert_eq!(
        support::attrs(&page, ".document-meta time", "datetime"),
        ["1937-01-14"]
    );
    assert_eq!(
        texts(&page, ".document-to li"),
        ["Орджоникидзе Г.К.", "Наркомтяжпром"]
    );
    assert_eq!(
        support::attrs(&page, ".document-from a", "href"),
        ["persons/muzrukov.html"]
    );
    assert_eq!(
        texts(&page, ".document-source"),
        ["ГАСО. Ф. Р-841. Оп. 1. Д. 36. Л. 12–13 об."]
    );
    let range = built.page("gaz.html");
    let dd = texts(&range, ".document-meta dd");
    assert_eq!(dd[1..3], ["12–13 января 1937 г.", "Горький"]);
    // Text that is no `kind:id` of a register is shown as written, unlinked.
    assert_eq!(
        texts(&range, ".document-to li"),
        [
            "Орджоникидзе Г.К.",
            "Главное управление автотракторной промышленности"
        ]
    );
    assert_eq!(texts(&range, ".document-to a"), ["Орджоникидзе Г.К."]);
    let approximate = built.page("reply.html");
    assert_eq!(
        texts(&approximate, ".document-meta dd")[..2],
        ["телеграмма", "ок. февраль 1937 г."]
    );
}

#[test]
fn letters_from_and_to_an_entry_are_listed_in_date_order() {
    let (_edition, built) = letters();
    let person = built.page("persons/ordzhonikidze.html");
    assert_eq!(texts(&person, ".letters-to h2"), ["Письма к"]);
    assert_eq!(
        texts(&person, ".letters-to li a"),
        [
            "Письмо директора Горьковского автозавода в НКТП",
            "Письмо директора Уралмашзавода наркому тяжёлой промышленности"
        ]
    );
    let muzrukov = built.page("persons/muzrukov.html");
    assert_eq!(texts(&muzrukov, ".letters-from h2"), ["Письма от"]);
    assert_eq!(
        texts(&muzrukov, ".letters-to li a"),
        ["[Телеграмма наркома директорам заводов]"]
    );
    let place = built.page("places/sverdlovsk.html");
    assert_eq!(
        texts(&place, ".written-here h2"),
        ["Документы, написанные здесь"]
    );
}

#[test]
fn the_edition_s_own_labels_replace_the_theme_s() {
    let (_edition, built) = letters();
    let nktp = built.page("enterprises/nktp.html");
    assert_eq!(texts(&nktp, ".letters-from h2"), ["Письма от учреждения"]);
    assert_eq!(texts(&nktp, ".letters-to h2"), ["Письма в учреждение"]);
    assert_eq!(
        texts(&nktp, "#mentions-heading")[0].split(" (").next(),
        Some("Упоминания в письмах")
    );
    assert_eq!(texts(&nktp, ".related .register-name"), ["(Лицо)"]);
    let letter = built.page("uralmash.html");
    assert_eq!(
        texts(&letter, ".chapter-meta:not(.document-meta) dt"),
        ["Корреспонденты"]
    );
    // A speaker's sheets keep their own unit: no «С.» is added.
    assert_eq!(
        texts(&letter, ".speech-source"),
        ["(ГАСО. Ф. Р-841. Оп. 1. Д. 36. Л. 12–13 об.)"]
    );
}

#[test]
fn the_table_of_contents_lists_letters_by_date() {
    let (_edition, built) = letters();
    let index = built.page("index.html");
    // The editor's introduction stands before the letters, unnumbered.
    assert_eq!(texts(&index, "ul.toc-list li > a"), ["От составителя"]);
    assert_eq!(
        texts(&index, "ol.toc-list li > a"),
        [
            "Письмо директора Горьковского автозавода в НКТП",
            "Письмо директора Уралмашзавода наркому тяжёлой промышленности",
            "[Телеграмма наркома директорам заводов]"
        ]
    );
}

#[test]
fn the_concordance_keeps_verso_in_its_headings_and_order() {
    let (_edition, built) = letters();
    let source = built.page("sources/gaso-841.html");
    assert_eq!(
        texts(&source, ".archival"),
        ["ГАСО. Ф. Р-841. Оп. 1. Д. 36"]
    );
    assert_eq!(
        texts(&source, ".concordance dt"),
        [
            "Л. 12",
            "Л. 12–13 об.",
            "Л. 12 об.",
            "Л. 13",
            "Л. 21–22 об.",
            "Л. 21 об.–22",
            "Л. 30"
        ]
    );
}

#[test]
fn a_documents_original_is_a_place_of_its_sources_concordance() {
    let (_edition, built) = letters();
    let source = built.page("sources/gaso-841.html");
    // Filed under its sheets, first under a heading it shares with citations, linking
    // to the document's header; not listed a second time elsewhere on the page.
    assert_eq!(
        support::attrs(&source, ".concordance dd a", "href"),
        [
            "../uralmash.html#p-1",
            "../uralmash.html#document",
            "../uralmash.html#p-2",
            "../gaz.html#p-2",
            "../gaz.html#p-1",
            "../gaz.html#document",
            "../gaz.html#p-2",
            "../reply.html#document",
            "../reply.html#p-1",
        ]
    );
    let originals: Vec<_> = texts(&source, ".concordance dd mark")
        .into_iter()
        .filter(|m| m == "Подлинник")
        .collect();
    assert_eq!(originals.len(), 3);
    assert_eq!(texts(&source, "section h2"), ["Места ссылок (9 ссылок)"]);
    let letter = built.page("gaz.html");
    assert_eq!(
        support::attrs(&letter, "#document", "class"),
        ["chapter-meta document-meta"]
    );
}

#[test]
fn an_entry_never_mentioned_shows_no_zero_count() {
    let (_edition, built) = letters();
    let places = built.page("places/index.html");
    assert_eq!(texts(&places, ".entry-list li"), ["Москва", "Свердловск"]);
    let persons = built.page("persons/index.html");
    assert!(
        texts(&persons, ".count")
            .iter()
            .all(|c| !c.starts_with('0'))
    );
}

#[test]
fn a_source_that_only_keeps_documents_files_them_in_its_concordance() {
    let edition = TestEdition::new(support::BOOK_EN)
        .file(
            "content/sources.yaml",
            "rgae:\n  short: RGAE, f. 7297\n  archive: RGAE\n  fond: \"7297\"\n  inventory: \"38\"\n  file: \"217\"\n",
        )
        .file(
            "content/chapters/01-letter.md",
            "---\ntitle: A letter\ndate: 1937-02\nsource: \"[@rgae, ff. 3r–4v]\"\n---\n\nText.\n",
        );
    let built = edition.build();
    built.assert_clean();
    let index = built.page("sources/index.html");
    assert!(texts(&index, ".count").is_empty());
    let source = built.page("sources/rgae.html");
    assert_eq!(
        texts(&source, ".archival"),
        ["RGAE, f. 7297, op. 38, d. 217"]
    );
    assert_eq!(texts(&source, ".concordance dt"), ["Ff. 3r–4v"]);
    assert_eq!(texts(&source, ".concordance dd"), ["A letter Original"]);
    assert_eq!(
        support::attrs(&source, ".concordance dd a", "href"),
        ["../letter.html#document"]
    );
    let letter = built.page("letter.html");
    assert_eq!(
        texts(&letter, ".document-meta dd"),
        ["February 1937", "RGAE, f. 7297. Ff. 3r–4v"]
    );
}

#[test]
fn an_author_or_addressee_named_twice_is_a_warning_at_the_repeat_and_shown_once() {
    let chapter = "---\ntitle: Letter\nfrom: [person:a, Friend]\nto: [person:b, person:a, person:b]\n---\n\nText.\n";
    let edition = TestEdition::new(support::BOOK_EN)
        .file("content/chapters/01-letter.md", chapter)
        .file(
            "content/registers/persons.yaml",
            "a:\n  name: A.\nb:\n  name: B.\n",
        );
    edition.assert_diagnostics(
        0,
        &[support::Diag::warning(
            "content/chapters/01-letter.md",
            4,
            26,
            "person:b is named twice in `to`",
        )
        .hint("leave out the repeat")],
    );
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("letter.html");
    assert_eq!(
        texts(&page, ".document-meta dd li"),
        ["A.", "Friend", "B.", "A."]
    );
}

#[test]
fn a_letter_in_another_language_than_the_book_says_so_in_its_page_tei_and_jsonld() {
    let english = "---\ntitle: Garnett to Chekhov\nlanguage: en\nkind: letter\n---\n\nDear Sir.\n";
    let bad = "---\ntitle: Bad\nlanguage: english\n---\n\nText.\n";
    let edition = TestEdition::new("[book]\ntitle = \"Письма\"\nlanguage = \"ru\"\n")
        .file("content/chapters/01-garnett.md", english)
        .file(
            "content/chapters/02-russian.md",
            "---\ntitle: Письмо\n---\n\nТекст.\n",
        );
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("garnett.html");
    assert_eq!(
        support::attrs(&page, "html", "lang"),
        ["ru"],
        "the theme's words stay the book's"
    );
    assert_eq!(support::attrs(&page, "h1", "lang"), ["en"]);
    assert_eq!(support::attrs(&page, ".chapter-body", "lang"), ["en"]);
    assert!(support::attrs(&built.page("russian.html"), ".chapter-body", "lang").is_empty());
    let jsonld: Vec<String> = page
        .select(&support::sel("script[type='application/ld+json']"))
        .map(|s| s.text().collect())
        .collect();
    let jsonld: serde_json::Value = serde_json::from_str(&jsonld[0]).expect("JSON-LD");
    assert_eq!(jsonld["inLanguage"], "en");
    let (run, out) = edition.export_tei();
    run.assert_success();
    let tei = std::fs::read_to_string(out).expect("the TEI");
    assert!(
        tei.contains("<div type=\"chapter\" xml:id=\"garnett\" n=\"1\" decls=\"#garnett.document\" xml:lang=\"en\">"),
        "{tei}"
    );
    edition.write("content/chapters/03-bad.md", bad);
    edition.assert_diagnostics(
        1,
        &[support::Diag::error(
            "content/chapters/03-bad.md",
            3,
            11,
            "`language` 'english' is not a language tag",
        )
        .hint("write a BCP 47 tag, as `language` in book.toml: en, de, fr, ru, fr-CA…")],
    );
}

#[test]
fn a_party_whose_kind_is_capitalised_is_a_reference_reported_not_text() {
    let chapter =
        "---\ntitle: Letter\nfrom: [Person:a]\nto: [Moscow:Kremlin]\n---\n\n[A](person:a).\n";
    let edition = TestEdition::new(support::BOOK_EN)
        .file("content/chapters/01-letter.md", chapter)
        .file("content/registers/persons.yaml", "a:\n  name: A.\n");
    edition.assert_diagnostics(
        1,
        &[support::Diag::error(
            "content/chapters/01-letter.md",
            3,
            8,
            "unknown register kind 'Person'",
        )
        .hint("did you mean 'person'?")],
    );
}
