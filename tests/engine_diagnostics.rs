//! Every diagnostic an editor can meet, each with its own small edition, pinning file,
//! line, column, message and hint (through `check --format json`); then the human
//! format, and every problem of a run reported at once, sorted.

mod support;

use support::{BOOK_EN, Diag, TestEdition, chapter};

const PERSONS: &str = "bazhanov:\n  name: Bazhanov V.M.\n";
const SOURCES: &str = "sovet1936:\n  short: \"Sovet, 1936\"\n";
const TEST: &str = "content/chapters/02-test.md";

/// A clean edition (one person, one source, a chapter mentioning both) plus `files`.
fn edition(files: &[(&str, &[u8])]) -> TestEdition {
    let edition = TestEdition::new(BOOK_EN)
        .file("content/registers/persons.yaml", PERSONS)
        .file("content/sources.yaml", SOURCES)
        .file(
            "content/chapters/01-base.md",
            &chapter("Base", "[Bazhanov](person:bazhanov) [@sovet1936, p. 1].\n"),
        );
    for (path, bytes) in files {
        edition.write(path, bytes);
    }
    edition
}

/// The clean edition plus one chapter, `02-test.md`.
fn with_chapter(text: &str) -> TestEdition {
    edition(&[(TEST, text.as_bytes())])
}

#[test]
fn unknown_id_is_reported_at_the_mention_with_a_near_id() {
    let edition = with_chapter(&chapter("Test", "See [him](person:bazanov).\n"));
    edition.assert_diagnostics(
        1,
        &[Diag::error(TEST, 5, 5, "unknown person id 'bazanov'").hint("did you mean 'bazhanov'?")],
    );
}

#[test]
fn unknown_id_with_no_near_id_says_where_to_add_it() {
    let edition = with_chapter(&chapter("Test", "See [him](person:smith).\n"));
    edition.assert_diagnostics(
        1,
        &[Diag::error(TEST, 5, 5, "unknown person id 'smith'")
            .hint("add 'smith' to content/registers/persons.yaml")],
    );
}

/// A link whose scheme is one typo away from a kind is a misspelt mention; any other
/// scheme (`planet:`) is an ordinary link in the text, but not in `related`, which only
/// names entries.
#[test]
fn unknown_register_kind_is_reported_with_the_near_kind_or_the_list() {
    let body =
        "See [him](persn:bazhanov).\n\nOn [Mars](planet:mars), from [UVZ](enterprise:uvz).\n";
    let enterprises = "uvz:\n  name: UVZ\n  related: [planet:mars]\n";
    let edition = edition(&[
        (TEST, chapter("Test", body).as_bytes()),
        ("content/registers/enterprises.yaml", enterprises.as_bytes()),
    ]);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 5, 5, "unknown register kind 'persn'").hint("did you mean 'person'?"),
            Diag::error(
                "content/registers/enterprises.yaml",
                3,
                13,
                "unknown register kind 'planet'",
            )
            .hint("the register kinds are: person, enterprise, theme"),
        ],
    );
}

#[test]
fn kind_used_in_front_matter_but_not_declared_is_reported_at_its_value() {
    let text =
        "---\ntitle: Test\nspeakers:\n  - person: bazhanov\n    session: opening\n---\n\nText.\n";
    let edition = with_chapter(text);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 5, 14, "there is no 'session' register for 'opening'")
                .hint("declare it in book.toml as [registers.session]"),
        ],
    );
}

#[test]
fn duplicate_id_in_a_register_is_reported_at_the_repeat() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nbazhanov:\n  name: Bazhanov again\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/registers/persons.yaml",
            3,
            1,
            "duplicate id 'bazhanov'",
        )
        .hint("'bazhanov' is already defined at line 1; give one of them another id")],
    );
}

#[test]
fn invalid_id_in_a_register_is_reported_with_its_valid_spelling() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nIvanov_I:\n  name: Ivanov\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/registers/persons.yaml",
            3,
            1,
            "invalid id 'Ivanov_I': ids are lowercase ASCII letters, digits and hyphens",
        )
        .hint("write it as 'ivanov-i'")],
    );
}

/// Notepad and other Windows editors may open a UTF-8 file with a byte order mark;
/// they do not show it or count it as a column, and the diagnostic does not either.
#[test]
fn a_byte_order_mark_is_not_a_column_of_the_first_line() {
    let persons = "\u{feff}Bazhanov:\n  name: Bazhanov V.M.\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    let (_, found) = edition.check_json();
    let invalid = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("invalid id"))
        .expect("the invalid id is reported");
    assert_eq!(
        (
            &invalid["line"],
            &invalid["column"],
            &invalid["source_line"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!("Bazhanov:")
        ),
        "{invalid}"
    );
    let run = edition.run(&["check"]);
    let printed = "content/registers/persons.yaml:1:1: error: invalid id 'Bazhanov': ids are \
                   lowercase ASCII letters, digits and hyphens\n  |\n1 | Bazhanov:\n  | ^^^^^^^^\n";
    assert!(run.stderr.contains(printed), "{}", run.stderr);
}

#[test]
fn invalid_id_in_a_mention_suggests_the_near_id() {
    let edition = with_chapter(&chapter("Test", "See [him](person:Bazhanov).\n"));
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            TEST,
            5,
            5,
            "invalid person id 'Bazhanov': ids are lowercase ASCII letters, digits and hyphens",
        )
        .hint("did you mean 'bazhanov'?")],
    );
}

#[test]
fn entry_without_a_name_is_reported_at_its_id() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nivanov:\n  label: I. Ivanov\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/registers/persons.yaml",
            3,
            1,
            "person 'ivanov' has no name",
        )
        .hint("add `name:` with the heading form, e.g. `name: Бажанов В.М.`")],
    );
}

#[test]
fn invalid_date_is_reported_at_the_date() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\n  date: 25.06.1936\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/registers/persons.yaml",
            3,
            9,
            "invalid date '25.06.1936'",
        )
        .hint(letopis::date::DATE_HINT)],
    );
}

#[test]
fn note_called_but_not_defined_is_reported_at_the_call() {
    let edition = with_chapter(&chapter("Test", "Text.[^7]\n"));
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 5, 6, "note [^7] is called but not defined")
                .hint("add `[^7]: text` below the paragraph, or `footnotes:` in the front matter"),
        ],
    );
}

#[test]
fn note_defined_but_never_called_is_reported_at_its_definition() {
    let text = "---\ntitle: Test\nfootnotes:\n  \"9\": Kept in the front matter.\n---\n\nText.\n\n[^7]: Orphan.\n";
    let edition = with_chapter(text);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 4, 3, "note [^9] is defined but never called")
                .hint("call it with [^9] where it belongs, or delete it"),
            Diag::error(TEST, 9, 1, "note [^7] is defined but never called")
                .hint("call it with [^7] where it belongs, or delete it"),
        ],
    );
}

#[test]
fn note_defined_twice_is_reported_at_the_second_definition() {
    let body = "Text.[^1]\n\n[^1]: First.\n\n[^1]: Second.\n";
    let edition = with_chapter(&chapter("Test", body));
    edition.assert_diagnostics(
        1,
        &[Diag::error(TEST, 9, 1, "note [^1] is defined twice")
            .hint("the first definition is at line 7")],
    );
}

#[test]
fn duplicate_chapter_slug_is_reported_at_the_slug_or_the_first_line() {
    let by_front_matter = "---\ntitle: Test\nslug: base\n---\n\nText.\n";
    let by_file_name = chapter("Again", "Text.\n");
    let edition = edition(&[
        (TEST, by_front_matter.as_bytes()),
        ("content/chapters/03-base.md", by_file_name.as_bytes()),
    ]);
    let hint = "set another `slug:` in the front matter";
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(
                TEST,
                3,
                7,
                "duplicate chapter slug 'base' (also content/chapters/01-base.md)",
            )
            .hint(hint),
            Diag::error(
                "content/chapters/03-base.md",
                1,
                1,
                "duplicate chapter slug 'base' (also content/chapters/01-base.md)",
            )
            .hint(hint),
        ],
    );
}

#[test]
fn slug_of_a_page_of_the_edition_itself_is_reported() {
    let edition = with_chapter("---\ntitle: Test\nslug: notes\n---\n\nText.\n");
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            TEST,
            3,
            7,
            "slug 'notes' is taken by a page or folder of the edition itself",
        )
        .hint("set another `slug:` in the front matter")],
    );
}

#[test]
fn missing_title_is_reported_at_the_first_line() {
    let hint = "add `title: …` to the front matter between `---` lines";
    for text in ["---\norder: 2\n---\n\nText.\n", "No front matter.\n"] {
        let edition = with_chapter(text);
        edition.assert_diagnostics(
            1,
            &[Diag::error(TEST, 1, 1, "chapter has no title").hint(hint)],
        );
    }
}

#[test]
fn unknown_source_key_is_reported_at_the_key_with_a_near_key() {
    let body = "As said [@sovet1963, p. 38] and [@pravda].\n";
    let edition = with_chapter(&chapter("Test", body));
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 5, 10, "unknown source 'sovet1963'")
                .hint("did you mean 'sovet1936'?"),
            Diag::error(TEST, 5, 34, "unknown source 'pravda'")
                .hint("add 'pravda' to content/sources.yaml"),
        ],
    );
}

#[test]
fn malformed_citation_is_reported_at_its_bracket() {
    let edition = with_chapter(&chapter("Test", "As said [@sovet1936; see].\n"));
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            TEST,
            5,
            9,
            "'see' in a citation is not a reference: each part must start with @key",
        )
        .hint("write citations as [@key, p. 38] or [@key1, p. 5; @key2]")],
    );
}

/// A citation whose `]` never comes is published as text, as Pandoc would; the editor
/// hears of it at its `[`. A closed one, an escaped `\[@`, an e-mail address and a `[@`
/// with no key after it are not reported.
#[test]
fn a_citation_left_open_is_reported_at_its_bracket_and_kept_as_text() {
    let body = "As said [@sovet1936, p. 12 and more\n\
                text. Mail a@b.org, [@sovet1936, p. 2] is closed, \\[@not one,\n\
                [see [@sovet1936, p. 3] here] and [@ handle.\n";
    let edition = with_chapter(&chapter("Test", body));
    edition.assert_diagnostics(
        0,
        &[Diag::warning(
            TEST,
            5,
            9,
            "citation '[@sovet1936' is not closed: it is published as text",
        )
        .hint("close the citation with ] in the same paragraph, with no emphasis, code or link inside it: [@key, p. 38]")],
    );
    let built = edition.build();
    built.run.assert_success();
    let text = support::texts(&built.page("test.html"), ".chapter-body p");
    assert!(
        text[0]
            .replace('\u{a0}', " ")
            .starts_with("¶As said [@sovet1936, p. 12 and more text."),
        "{text:?}"
    );
}

/// CommonMark and YAML end a line at a lone CR (old Mac editors) as at LF or CR LF: the
/// front matter is read, and a diagnostic's line is the one the editor sees. A file of
/// CR alone read as one line, its front matter not seen ("chapter has no title").
#[test]
fn a_chapter_with_cr_or_crlf_line_endings_is_read_as_with_lf() {
    let lines = [
        "---",
        "title: Old Mac",
        "summary: Lines end in CR.",
        "---",
        "",
        "First paragraph.",
        "",
        "Second, [Bazhanov](person:bazhanov) [@sovet1936, p. 2 open.",
        "",
    ];
    for ending in ["\r", "\r\n"] {
        let edition = with_chapter(&lines.join(ending));
        edition.assert_diagnostics(
            0,
            &[Diag::warning(
                TEST,
                8,
                37,
                "citation '[@sovet1936' is not closed: it is published as text",
            )
            .hint("close the citation with ] in the same paragraph, with no emphasis, code or link inside it: [@key, p. 38]")],
        );
        let built = edition.build();
        built.run.assert_success();
        let page = built.page("test.html");
        assert_eq!(support::texts(&page, "h1"), ["Old Mac"], "{ending:?}");
        assert_eq!(
            support::attrs(&page, ".chapter-body p[id]", "id"),
            ["p-1", "p-2"],
            "{ending:?}"
        );
        let entry = built.page("persons/bazhanov.html");
        let places = support::attrs(&entry, ".mentions a.place", "href");
        assert!(
            places.contains(&"../test.html#p-2".to_owned()),
            "{places:?}"
        );
    }
}

/// A heading that skips a level of the page's outline (`###` right under the chapter's
/// title, `####` under `##`) made the W3C checker reject the page without a word; the
/// editor hears which level to write. Going up, or one level down, is not reported.
#[test]
fn a_heading_that_skips_a_level_is_reported_with_the_level_to_write() {
    let body = "### Раздел\n\nText.\n\n## Two\n\n#### Four\n\n### Three\n\n## Two again\n";
    let edition = with_chapter(&chapter("Test", body));
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(
                TEST,
                5,
                1,
                "heading level 3 follows the chapter's title, level 1: the page's outline skips a level",
            )
            .hint("write ## here: the chapter's title is the page's level-1 heading, so its sections start at ##"),
            Diag::warning(
                TEST,
                11,
                1,
                "heading level 4 follows a heading of level 2: the page's outline skips a level",
            )
            .hint("write ### here, one level below the heading before it"),
        ],
    );
}

#[test]
fn unknown_key_in_book_toml_is_reported_at_its_line_with_the_near_key() {
    let book = format!("{BOOK_EN}\n[build]\nfootnote-numberng = \"chapter\"\n");
    let edition = TestEdition::new(&book);
    edition.assert_diagnostics(1,
        &[Diag::error(
            "book.toml",
            6,
            1,
            "unknown field `footnote-numberng`, expected one of `content-dir`, `output-dir`, `theme`, `footnote-numbering`, `places-per-page`, `raw-html`, `toc`",
        )
        .hint("did you mean `footnote-numbering`?")],
    );
}

#[test]
fn unknown_key_in_front_matter_is_reported_at_its_line_with_the_near_key() {
    let text = "---\ntitle: Test\nspeakrs: []\n---\n\nText.\n";
    let edition = with_chapter(text);
    edition.assert_diagnostics(1,
        &[Diag::error(
            TEST,
            3,
            1,
            "unknown field `speakrs`, expected one of title, order, slug, summary, themes, speakers, footnotes, editorial-title, date, place, from, to, kind, source, language",
        )
        .hint("did you mean `speakers`?")],
    );
}

#[test]
fn unknown_key_in_sources_is_reported_at_its_line() {
    let sources = "sovet1936:\n  short: \"Sovet, 1936\"\n  titel: Full title.\n";
    let edition = edition(&[("content/sources.yaml", sources.as_bytes())]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/sources.yaml",
            3,
            3,
            "unknown field `titel`, expected one of short, title, kind, archive, fond, inventory, file",
        )
        .hint("did you mean `title`?")],
    );
}

#[test]
fn yaml_syntax_error_in_front_matter_is_reported_at_the_line_of_the_chapter_file() {
    let text = "---\ntitle: Test\nsummary: A day.\nthemes: [planning, records\n---\n\nText.\n";
    let edition = with_chapter(text);
    edition.assert_diagnostics(1, &[Diag::error(TEST, 4, 9, "unclosed bracket '['")]);
}

#[test]
fn repeated_key_in_front_matter_is_reported_at_the_repeat() {
    let text = "---\ntitle: Test\nsummary: One.\nsummary: Two.\n---\n\nText.\n";
    let edition = with_chapter(text);
    edition.assert_diagnostics(1, &[Diag::error(TEST, 4, 1, "duplicate field `summary`")]);
}

#[test]
fn front_matter_that_is_not_closed_is_reported_at_its_opening() {
    let edition = with_chapter("---\ntitle: Test\n\nText.\n");
    edition.assert_diagnostics(
        1,
        &[Diag::error(TEST, 1, 1, "front matter is not closed")
            .hint("end the front matter with a line holding only `---`")],
    );
}

#[test]
fn yaml_error_in_a_register_is_reported_at_its_line_and_nowhere_else() {
    // The mention of `bazhanov` in 01-base.md is not reported as unknown: the
    // register's own error says all there is.
    let persons = "bazhanov:\n  name: Bazhanov V.M.\n  description: \"Unclosed\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error("content/registers/persons.yaml", 3, 16, "unclosed quote")
                .hint("close the quote"),
        ],
    );
}

#[test]
fn register_entry_never_mentioned_is_a_warning_that_does_not_fail_the_build() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nlonely:\n  name: Lonely L.\n";
    let edition = edition(&[("content/registers/persons.yaml", persons.as_bytes())]);
    edition.assert_diagnostics(
        0,
        &[Diag::warning(
            "content/registers/persons.yaml",
            3,
            1,
            "person 'lonely' is never mentioned in the chapters",
        )
        .hint("mark a mention as [Lonely L.](person:lonely), or remove the entry")],
    );
    let built = edition.build();
    built.run.assert_success();
    assert!(built.out.join("persons/lonely.html").is_file());
}

#[test]
fn chapter_that_is_not_utf8_is_reported_at_the_first_bad_byte() {
    let bytes = b"---\ntitle: Test\n---\n\nCaf\xe9 au lait.\n";
    let edition = edition(&[(TEST, bytes)]);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 5, 4, "not UTF-8 text (invalid byte 0xE9)")
                .hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)"),
        ],
    );
}

/// The mentions of a chapter that cannot be read are unknown, not absent: the entries
/// it mentions are not reported as never mentioned (with a hint to remove them) on top
/// of the one error that matters.
#[test]
fn an_unreadable_chapter_does_not_make_its_entries_never_mentioned() {
    let base = b"---\ntitle: Base\n---\n\n[Bazh\xe0nov](person:bazhanov) [@sovet1936, p. 1].\n";
    let edition = edition(&[("content/chapters/01-base.md", base)]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/chapters/01-base.md",
            5,
            6,
            "not UTF-8 text (invalid byte 0xE0)",
        )
        .hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)")],
    );
}

#[test]
fn binary_chapter_is_an_error_at_its_first_nul_byte() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let edition = edition(&[(TEST, png)]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(TEST, 3, 1, "binary file: it holds NUL bytes")
            .hint("save it as plain UTF-8 text, or move it to content/static/")],
    );
}

#[test]
fn register_that_is_not_utf8_is_reported_at_the_first_bad_byte_and_nowhere_else() {
    let persons = b"bazhanov:\n  name: \xc1\xe0\xe6\xe0\xed\xee\xe2\n";
    let edition = edition(&[("content/registers/persons.yaml", persons)]);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/registers/persons.yaml",
            2,
            9,
            "not UTF-8 text (invalid byte 0xC1)",
        )
        .hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)")],
    );
}

/// A Russian editor's book.toml saved in Windows-1251 is found at its first bad byte,
/// like every other input, not reported for the file alone.
#[test]
fn book_toml_that_is_not_utf8_is_reported_at_the_first_bad_byte() {
    let book = b"[book]\ntitle = \"\xcf\xeb\xe5\xed\xf3\xec\"\n";
    let edition = edition(&[("book.toml", book)]);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error("book.toml", 2, 10, "not UTF-8 text (invalid byte 0xCF)")
                .hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)"),
        ],
    );
}

/// `anchors.lock` that is not UTF-8 (an editor's encoding, a merge gone wrong) is an
/// error at its first bad byte, not a failure of the run, and `build` then leaves it
/// as it is rather than numbering the passages afresh over it.
#[test]
fn anchors_lock_that_is_not_utf8_is_reported_at_the_first_bad_byte_and_kept() {
    let lock = b"[content/chapters/01-base.md]\np-1 0494bd5b # Bazh\xe0nov\n";
    let edition = edition(&[("anchors.lock", lock)]);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error("anchors.lock", 2, 20, "not UTF-8 text (invalid byte 0xE0)")
                .hint("save the file as UTF-8 (most editors offer it under “Save as… / Encoding”)"),
        ],
    );
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        std::fs::read(edition.root().join("anchors.lock")).unwrap(),
        lock
    );
    assert!(!edition.root().join("public").exists());
}

/// `language` is a BCP 47 tag. A slip that is not one (a locale written as in a
/// POSIX locale, a language's name) is an error at the value with the tag to write:
/// it would make every page's `<html lang>` invalid and quietly give an English
/// edition, since nothing else recognises it.
#[test]
fn a_book_language_that_is_not_a_language_tag_is_an_error_at_its_value() {
    for (written, hint) in [
        ("ru_RU", "write it with a hyphen: ru-RU"),
        ("Russian", "write the language's code: ru"),
        (
            "",
            "write a BCP 47 language tag, such as ru (Russian) or en (English)",
        ),
    ] {
        let book = format!("[book]\ntitle = \"Test Edition\"\nlanguage = \"{written}\"\n");
        let edition = edition(&[("book.toml", book.as_bytes())]);
        let message = format!("language '{written}' is not a BCP 47 language tag");
        edition.assert_diagnostics(1, &[Diag::error("book.toml", 3, 12, &message).hint(hint)]);
    }
}

/// Language tags are read without regard to case, as BCP 47 says: `RU` is Russian
/// throughout (the theme's words, not only the search), written `ru` in the pages.
#[test]
fn a_book_language_in_capitals_is_the_language() {
    let book = "[book]\ntitle = \"Test Edition\"\nlanguage = \"RU\"\n";
    let edition = edition(&[("book.toml", book.as_bytes())]);
    let built = edition.build();
    built.assert_clean();
    let index = built.page("index.html");
    let html = index.root_element();
    assert_eq!(html.value().attr("lang"), Some("ru"));
    let words = support::texts(&index, "main h2");
    assert!(words.iter().any(|w| w == "Содержание"), "{words:?}");
}

#[test]
fn sources_that_do_not_parse_are_reported_once_not_at_every_citation() {
    let sources = "sovet1936:\n  short: [Sovet\n";
    let edition = edition(&[("content/sources.yaml", sources.as_bytes())]);
    let (code, found) = edition.diagnostics();
    let files: Vec<&str> = found.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["content/sources.yaml"], "{found:?}");
    assert_eq!(code, 1);
}

#[test]
fn json_diagnostic_carries_the_source_line() {
    let edition = with_chapter(&chapter("Test", "See [him](person:bazanov).\n"));
    let (_, values) = edition.check_json();
    assert_eq!(
        values,
        [serde_json::json!({
            "severity": "error",
            "file": TEST,
            "line": 5,
            "column": 5,
            "message": "unknown person id 'bazanov'",
            "hint": "did you mean 'bazhanov'?",
            "source_line": "See [him](person:bazanov).",
        })]
    );
}

#[test]
fn human_format_shows_position_source_line_caret_and_hint() {
    let edition = with_chapter(&chapter("Test", "See [him](person:bazanov).\n"));
    let run = edition.run(&["check"]);
    assert_eq!(run.code, 1);
    let expected = "\
content/chapters/02-test.md:5:5: error: unknown person id 'bazanov'
  |
5 | See [him](person:bazanov).
  |     ^^^^^^^^^^^^^^^^^^^^^
  = hint: did you mean 'bazhanov'?
";
    assert!(
        run.stderr.starts_with(expected),
        "expected:\n{expected}\nprinted:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn every_problem_of_a_run_is_reported_at_once_sorted_by_file_and_line() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nBad:\n  name: Bad\n";
    let third = chapter("Third", "[x](person:nobody)\n");
    let second = chapter("Second", "Text.[^1]\n\nAnd [@pravda].\n");
    let edition = edition(&[
        ("content/chapters/03-third.md", third.as_bytes()),
        (TEST, second.as_bytes()),
        ("content/registers/persons.yaml", persons.as_bytes()),
    ]);
    let (code, found) = edition.diagnostics();
    let places: Vec<(&str, u64, u64)> = found
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        places,
        [
            (TEST, 5, 6),
            (TEST, 7, 6),
            ("content/chapters/03-third.md", 5, 1),
            ("content/registers/persons.yaml", 3, 1),
        ]
    );
    assert_eq!(code, 1);
    let human = edition.run(&["check"]).stderr;
    let printed: Vec<&str> = human
        .lines()
        .filter(|line| line.contains(": error: "))
        .map(|line| line.split(": error: ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        printed,
        [
            "content/chapters/02-test.md:5:6",
            "content/chapters/02-test.md:7:6",
            "content/chapters/03-third.md:5:1",
            "content/registers/persons.yaml:3:1"
        ]
    );
}

#[test]
fn static_file_whose_name_cannot_be_published_is_skipped_with_a_warning() {
    let name = "content/static/Скан 12:30.png";
    let edition = edition(&[(name, b"\x89PNG")]);
    let hint = "rename it: a published file's name may not contain ':' or '\\'";
    edition.assert_diagnostics(
        0,
        &[Diag::warning(name, 0, 0, "this file name cannot be published; skipped").hint(hint)],
    );
    let built = edition.build();
    built.run.assert_success();
    assert!(built.out.join("base.html").is_file());
    assert!(!built.files().iter().any(|f| f.contains("Скан")));
}

#[cfg(unix)]
#[test]
fn symlinked_chapter_inside_the_edition_is_read() {
    let edition = edition(&[(
        "content/drafts/02-linked.md",
        chapter("Linked", "Text.\n").as_bytes(),
    )]);
    let link = edition.root().join("content/chapters/02-linked.md");
    std::os::unix::fs::symlink("../drafts/02-linked.md", link).expect("a symbolic link");
    let built = edition.build();
    built.assert_clean();
    assert_eq!(support::texts(&built.page("linked.html"), "h1"), ["Linked"]);
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_the_edition_or_nowhere_are_skipped_with_a_warning() {
    let outside = tempfile::tempdir().expect("a temporary folder");
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "key").expect("a file outside the edition");
    let edition = edition(&[]);
    let root = edition.root();
    std::os::unix::fs::symlink(&secret, root.join("content/chapters/02-out.md")).expect("a link");
    std::os::unix::fs::symlink("missing.md", root.join("content/chapters/03-gone.md"))
        .expect("a link");
    std::fs::create_dir_all(root.join("content/static")).expect("a folder");
    std::os::unix::fs::symlink(&secret, root.join("content/static/secret.txt")).expect("a link");
    let outside_message = |file: &str| {
        let target = secret.canonicalize().expect("the target");
        let within = root
            .join("content")
            .canonicalize()
            .expect("the content folder");
        Diag::warning(
            file,
            0,
            0,
            &format!(
                "symbolic link to {}, outside {}; skipped",
                target.display(),
                within.display()
            ),
        )
        .hint("copy the file into the edition, or link to a file inside it")
    };
    edition.assert_diagnostics(
        0,
        &[
            outside_message("content/chapters/02-out.md"),
            Diag::warning(
                "content/chapters/03-gone.md",
                0,
                0,
                "symbolic link to a file that does not exist; skipped",
            )
            .hint("point the link at an existing file, or delete it"),
            outside_message("content/static/secret.txt"),
        ],
    );
    let built = edition.build();
    built.run.assert_success();
    assert!(!built.out.join("static/secret.txt").exists());
}

#[test]
fn theme_in_book_toml_is_reported_at_its_value_not_at_an_earlier_line_starting_alike() {
    let book = format!(
        "{BOOK_EN}description = \"\"\"An edition\ntheme of the year\"\"\"\n\n[build]\ntheme = \"nowhere\"\n"
    );
    let edition = TestEdition::new(&book);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "book.toml",
            8,
            9,
            "theme 'nowhere' not found: no folder themes/nowhere/",
        )
        .hint("remove `theme` to use the built-in theme")],
    );
}

#[test]
fn site_settings_in_book_toml_are_reported_one_problem_each_in_line_order() {
    let book = format!(
        "{BOOK_EN}\n[site]\ncname = \"https://edition.example.org/\"\nbase-url = \"https://example.org/a b/\"\n"
    );
    let edition = TestEdition::new(&book);
    edition.assert_diagnostics(1,
        &[
            Diag::error(
                "book.toml",
                6,
                9,
                "cname 'https://edition.example.org/' must be a host name only, without https://",
            )
            .hint("write only the host name: cname = \"edition.example.org\""),
            Diag::error(
                "book.toml",
                7,
                12,
                "base-url 'https://example.org/a b/' contains a space; write a space in a URL as %20",
            ),
        ],
    );
}

#[test]
fn human_format_cuts_a_long_line_around_the_caret() {
    let before = "Слово ".repeat(120);
    let after = " и дальше".repeat(100);
    let edition = with_chapter(&chapter(
        "Test",
        &format!("{before}[him](person:bazanov){after}\n"),
    ));
    let run = edition.run(&["check"]);
    let column = before.chars().count() + 1;
    let expected = format!(
        "content/chapters/02-test.md:5:{column}: error: unknown person id 'bazanov'\n  |\n5 | …{}[him](person:bazanov){}…\n  | {}^^^^^^^^^^^^^^^^^^^^^\n",
        before
            .chars()
            .skip(before.chars().count() - 60)
            .collect::<String>(),
        after.chars().take(60).collect::<String>(),
        " ".repeat(61),
    );
    assert!(
        run.stderr.starts_with(&expected),
        "expected:\n{expected}\nprinted:\n{}",
        run.stderr
    );
}
