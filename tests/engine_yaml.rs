//! YAML mistakes in front matter and registers, each reported at the character to fix,
//! in plain words, with a hint (file, line, column, message and hint pinned through
//! `check --format json`); and mentions in multi-line register descriptions reported
//! at their own line.

mod support;

use support::{BOOK_EN, Diag, TestEdition, chapter};

const TEST: &str = "content/chapters/02-test.md";
const PERSONS: &str = "content/registers/persons.yaml";

/// One person, mentioned by one clean chapter.
fn edition() -> TestEdition {
    TestEdition::new(BOOK_EN)
        .file(PERSONS, "bazhanov:\n  name: Bazhanov V.M.\n")
        .file(
            "content/chapters/01-base.md",
            &chapter("Base", "[Bazhanov](person:bazhanov).\n"),
        )
}

/// The clean edition plus `02-test.md`.
fn with_chapter(text: &str) -> TestEdition {
    edition().file(TEST, text)
}

/// The clean edition with another person register.
fn with_persons(yaml: &str) -> TestEdition {
    edition().file(PERSONS, yaml)
}

/// A chapter whose front matter is `title: Test` and then `line`.
fn with_front_matter_line(line: &str) -> TestEdition {
    with_chapter(&format!("---\ntitle: Test\n{line}\n---\n\nText.\n"))
}

#[track_caller]
fn assert_one(edition: &TestEdition, expected: Diag) {
    edition.assert_diagnostics(1, &[expected]);
}

#[test]
fn front_matter_opened_with_four_dashes_is_reported_at_the_first_line() {
    let edition = with_chapter("----\ntitle: Test\n----\n\nText.\n");
    assert_one(
        &edition,
        Diag::error(
            TEST,
            1,
            1,
            "the front matter must open with exactly three dashes",
        )
        .hint("write `---` on the first line, and on the line that closes the front matter"),
    );
}

#[test]
fn front_matter_opened_with_four_dashes_still_reports_its_yaml_errors() {
    let edition = with_chapter("----\ntitle: Test\norder: two\n----\n\nText.\n");
    let (code, found) = edition.diagnostics();
    let places: Vec<_> = found.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(places, [(1, 1), (3, 8)], "{found:?}");
    assert_eq!(code, 1);
}

#[test]
fn tab_in_front_matter_indentation_is_reported_at_the_tab() {
    let edition = with_chapter("---\ntitle: Test\n\tsummary: A day.\n---\n\nText.\n");
    assert_one(
        &edition,
        Diag::error(
            TEST,
            3,
            1,
            "a tab is used for indentation; YAML needs spaces",
        )
        .hint("replace the tab at the start of this line with spaces"),
    );
}

#[test]
fn tab_in_register_indentation_is_reported_at_the_tab() {
    let edition = with_persons("bazhanov:\n  name: Bazhanov V.M.\n  \tlabel: V.M. Bazhanov\n");
    assert_one(
        &edition,
        Diag::error(
            PERSONS,
            3,
            3,
            "a tab is used for indentation; YAML needs spaces",
        )
        .hint("replace the tab at the start of this line with spaces"),
    );
}

#[test]
fn quote_left_open_is_reported_at_the_quote_not_where_the_next_quote_stands() {
    let text =
        "---\ntitle: \"Заседания\nsummary: A day.\norder: 2\nthemes: [\"a\"]\n---\n\nText.\n";
    let edition = with_chapter(text);
    assert_one(
        &edition,
        Diag::error(TEST, 2, 8, "unclosed quote").hint(
            "close the quote (the YAML reader ran on to line 5: invalid trailing content after double-quoted scalar)",
        ),
    );
}

#[test]
fn quote_never_closed_is_reported_at_the_quote() {
    let edition = with_chapter("---\ntitle: \"Заседания\nsummary: A day.\n---\n\nText.\n");
    assert_one(
        &edition,
        Diag::error(TEST, 2, 8, "unclosed quote").hint("close the quote"),
    );
}

#[test]
fn front_matter_running_into_the_text_asks_whether_it_is_closed() {
    let text = "---\ntitle: Test\nsummary: A day.\n\nThe text starts here.\n\n---\n\nMore text.\n";
    let edition = with_chapter(text);
    assert_one(
        &edition,
        Diag::error(TEST, 5, 1, "this line is not a `key: value` pair").hint(
            "is the front matter closed with a line `---`? Line 5 reads like the chapter's text",
        ),
    );
}

#[test]
fn a_register_line_without_a_key_is_reported_in_plain_words() {
    let edition = with_persons("bazhanov:\n  name: Bazhanov V.M.\n  Director of the trust\n");
    assert_one(
        &edition,
        Diag::error(PERSONS, 3, 3, "this line is not a `key: value` pair").hint(
            "write `key: value`, or start a comment with `#` (the YAML reader said: simple key expected ':')",
        ),
    );
}

#[test]
fn a_word_where_a_number_belongs_asks_for_a_whole_number() {
    assert_one(
        &with_front_matter_line("order: two"),
        Diag::error(TEST, 3, 8, "`order` must be a whole number")
            .hint("write it with digits only, e.g. `order: 3` (the YAML reader said: invalid i64)"),
    );
}

#[test]
fn a_word_where_a_boolean_belongs_asks_for_true_or_false() {
    assert_one(
        &with_front_matter_line("editorial-title: maybe"),
        Diag::error(TEST, 3, 18, "`editorial-title` must be true or false").hint(
            "write `true` or `false`, e.g. `editorial-title: true` (the YAML reader said: invalid boolean)",
        ),
    );
}

#[test]
fn a_single_word_where_a_list_belongs_shows_the_list() {
    assert_one(
        &with_front_matter_line("themes: planning"),
        Diag::error(TEST, 3, 9, "`themes` must be a list: [a, b]").hint(
            "put the items in brackets, e.g. `themes: [planning]` (the YAML reader said: expected sequence start)",
        ),
    );
}

#[test]
fn a_key_inside_a_list_of_text_asks_for_quotes() {
    let edition =
        with_persons("bazhanov:\n  name: Bazhanov V.M.\n  related: [enterprise: donbassugol]\n");
    assert_one(
        &edition,
        Diag::error(
            PERSONS,
            3,
            13,
            "an item of `related` must be text; put it in quotes",
        )
        .hint(
            "write \"enterprise: donbassugol\": a colon followed by a space makes YAML read a key (the YAML reader said: expected string scalar)",
        ),
    );
}

#[test]
fn a_list_where_text_belongs_is_reported() {
    assert_one(
        &with_front_matter_line("summary: [draft]"),
        Diag::error(TEST, 3, 10, "`summary` must be a single value, not a list").hint(
            "if the brackets belong to the text, put the whole value in quotes (the YAML reader said: expected string scalar)",
        ),
    );
}

#[test]
fn a_colon_inside_an_unquoted_value_asks_for_quotes() {
    assert_one(
        &with_front_matter_line("summary: Заседание: утро"),
        Diag::error(
            TEST,
            3,
            19,
            "a colon followed by a space ends a key; put the value in quotes",
        )
        .hint(
            "write `summary: \"Заседание: утро\"` (the YAML reader said: mapping values are not allowed in this context)",
        ),
    );
}

#[test]
fn a_mention_on_the_third_line_of_a_folded_description_is_reported_at_its_own_line() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\n  description: >-\n    Head of the trust,\n    appointed in 1935,\n    praised by [Ordzhonikidze](person:ordzonikidze).\n";
    let edition = with_persons(persons);
    assert_one(
        &edition,
        Diag::error(PERSONS, 6, 16, "unknown person id 'ordzonikidze'")
            .hint("add 'ordzonikidze' to content/registers/persons.yaml"),
    );
}

#[test]
fn a_mention_in_a_literal_description_after_a_blank_line_is_reported_at_its_own_line() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\n  description: |\n    Head of the trust.\n\n      See [him](person:bazanov).\n";
    let edition = with_persons(persons);
    assert_one(
        &edition,
        Diag::error(PERSONS, 6, 11, "unknown person id 'bazanov'").hint("did you mean 'bazhanov'?"),
    );
}

#[test]
fn every_unknown_key_and_type_error_of_a_front_matter_is_reported_in_one_run() {
    let edition = with_chapter(
        "---\ntitle: Test\nplac: Moscow\norder: two\ndate: 1936-02-30\nkidn: letter\n---\n\nText.\n",
    );
    let expected = "expected one of title, order, slug, summary, themes, speakers, footnotes, editorial-title, date, place, from, to, kind, source, language";
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 3, 1, &format!("unknown field `plac`, {expected}"))
                .hint("did you mean `place`?"),
            Diag::error(TEST, 4, 8, "`order` must be a whole number").hint(
                "write it with digits only, e.g. `order: 3` (the YAML reader said: invalid i64)",
            ),
            Diag::error(
                TEST,
                5,
                7,
                "invalid date '1936-02-30': 1936-02 has only 29 days",
            )
            .hint(letopis::date::DATE_HINT),
            Diag::error(TEST, 6, 1, &format!("unknown field `kidn`, {expected}"))
                .hint("did you mean `kind`?"),
        ],
    );
}

#[test]
fn a_speakers_entry_without_its_dash_is_one_error_and_the_notes_stay() {
    let edition = with_chapter(
        "---\ntitle: Test\nspeakers:\n  person: bazhanov\n  pages: \"38\"\nfootnotes:\n  \"2\": A note.\n---\n\nText.[^2]\n",
    );
    assert_one(
        &edition,
        Diag::error(
            TEST,
            4,
            3,
            "a list belongs here, and this line is not one of its items: each item starts with `- `",
        )
        .hint("start the item with a dash, `- person: bazhanov`, and indent its other keys to stand under its first (the YAML reader said: expected sequence start)"),
    );
}

#[test]
fn a_key_indented_unlike_its_siblings_is_said_so_without_a_quoting_hint() {
    let edition = with_persons("bazhanov:\n  name: Bazhanov V.M.\n   related: [enterprise:nkmz]\n");
    assert_one(
        &edition,
        Diag::error(PERSONS, 3, 4, "this line is indented 3 spaces; its siblings use 2").hint(
            "indent `related:` by 2 spaces, like `name:` above it (the YAML reader said: mapping values are not allowed in this context)",
        ),
    );
}

#[test]
fn a_list_item_indented_too_far_is_reported_at_its_dash_not_as_a_strange_id() {
    let edition = with_persons(
        "bazhanov:\n  name: Bazhanov V.M.\n  related:\n    - enterprise:uvz\n     - enterprise:nkmz\n",
    );
    assert_one(
        &edition,
        Diag::error(
            PERSONS,
            5,
            6,
            "this list item is indented 5 spaces; the item above it uses 4",
        )
        .hint("indent its dash by 4 spaces, like the item above: YAML reads a deeper line as more text of the item above"),
    );
}

#[test]
fn a_register_date_the_calendar_lacks_is_reported_at_the_value() {
    let edition = with_persons("bazhanov:\n  name: Bazhanov V.M.\n  date: 1936-02-30\n");
    assert_one(
        &edition,
        Diag::error(
            PERSONS,
            3,
            9,
            "invalid date '1936-02-30': 1936-02 has only 29 days",
        )
        .hint(letopis::date::DATE_HINT),
    );
}

#[test]
fn a_document_s_unknown_author_and_bad_source_are_reported_where_written() {
    let edition = with_chapter(
        "---\ntitle: Test\nfrom: [person:bazanov, Неизвестный]\nplace: place:moscow\nsource: \"л. 12\"\n---\n\nText.\n",
    );
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 3, 8, "unknown person id 'bazanov'")
                .hint("did you mean 'bazhanov'?"),
            Diag::error(TEST, 4, 8, "unknown register kind 'place'")
                .hint("the register kinds are: person, enterprise, theme"),
            Diag::error(TEST, 5, 9, "`source` 'л. 12' is not one citation").hint(
                "write it as a citation of one source, e.g. `source: \"[@gaso-841, л. 12–13 об.]\"`",
            ),
        ],
    );
}

#[test]
fn a_date_the_calendar_lacks_does_not_hide_a_missing_title() {
    let edition = with_chapter("---\ndate: 1936-02-30\n---\n\nText.\n");
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(TEST, 1, 1, "chapter has no title")
                .hint("add `title: …` to the front matter between `---` lines"),
            Diag::error(
                TEST,
                2,
                7,
                "invalid date '1936-02-30': 1936-02 has only 29 days",
            )
            .hint(letopis::date::DATE_HINT),
        ],
    );
}

#[test]
fn a_key_indented_less_than_its_siblings_names_both_places_it_may_belong() {
    let edition = with_persons("bazhanov:\n  name: Bazhanov V.M.\n related: [enterprise:nkmz]\n");
    assert_one(
        &edition,
        Diag::error(PERSONS, 3, 2, "this line is indented 1 space; its siblings use 2").hint(
            "indent `related:` by 2 spaces to go with `name:` above it, or by 0 spaces to stand beside `bazhanov` (the YAML reader said: while parsing a block mapping, did not find expected key)",
        ),
    );
}

/// Issue 7: a type error in one register entry does not hide the file's other errors
/// (another entry's type error, a repeated field, an unknown id further down), and a
/// reference to an entry that could not be read is not reported again.
#[test]
fn every_error_of_a_register_file_is_reported_in_one_run() {
    let edition = with_persons(
        "bazhanov:\n  name: Bazhanov V.M.\n  related: nope\n  aliases: {a: b}\n\
         kaganovich:\n  name: Kaganovich L.M.\n  aliases: {a: b}\n\
         molotov:\n  name: Molotov V.M.\n  label: Molotov\n  name: Molotov\n\
         ordzhonikidze:\n  name: Ordzhonikidze G.K.\n  related: [person:nobody]\n",
    );
    let (code, found) = edition.diagnostics();
    let errors: Vec<_> = found
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(code, 1);
    assert_eq!(
        errors,
        [
            (PERSONS, 3, 12, "`related` must be a list: [a, b]"),
            (PERSONS, 4, 12, "`aliases` must be a list: [a, b]"),
            (PERSONS, 7, 12, "`aliases` must be a list: [a, b]"),
            (PERSONS, 11, 3, "duplicate field `name`"),
            (PERSONS, 14, 13, "unknown person id 'nobody'"),
        ],
        "{found:?}"
    );
}
