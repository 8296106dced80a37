//! Register entries and source keys with an error of their own: the reserved id `index`,
//! an entry with no name, an invalid id. Each is reported once, at the entry, and the
//! references to it are not reported again; an extra key a typo away from a key of the
//! format is a warning with "did you mean". Then the unreferenced-entry warning's place
//! when the index order differs from the file order.

mod support;

use support::{BOOK_EN, Diag, TestEdition, chapter};

const PERSONS: &str = "content/registers/persons.yaml";
const SOURCES: &str = "content/sources.yaml";

/// An edition with `persons` and `sources` and one chapter holding `body`.
fn edition(persons: &str, sources: &str, body: &str) -> TestEdition {
    TestEdition::new(BOOK_EN)
        .file(PERSONS, persons)
        .file(SOURCES, sources)
        .file(
            "content/chapters/01-text.md",
            &chapter("Text", &format!("{body}\n")),
        )
}

#[test]
fn entry_id_index_is_rejected_because_it_would_replace_the_register_index() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nindex:\n  name: Index I.\n";
    let edition = edition(
        persons,
        "sovet:\n  short: Sovet\n",
        "[Bazhanov](person:bazhanov) and [I.](person:index) [@sovet].",
    );
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            PERSONS,
            3,
            1,
            "id 'index' would replace the register's index page",
        )
        .hint("'index' is the name of the register's index page; choose another id")],
    );
    let built = edition.build();
    assert_eq!(built.run.code, 1, "{}", built.run.stderr);
    assert!(!built.out.join("persons/index.html").exists());
}

#[test]
fn source_key_index_is_rejected_because_it_would_replace_the_bibliography_index() {
    let edition = edition(
        "bazhanov:\n  name: Bazhanov V.M.\n",
        "sovet:\n  short: Sovet\nindex:\n  short: Index\n",
        "[Bazhanov](person:bazhanov) [@sovet; @index, p. 2].",
    );
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            SOURCES,
            3,
            1,
            "source key 'index' would replace the bibliography's index page",
        )
        .hint("'index' is the name of the bibliography's index page; choose another source key")],
    );
}

#[test]
fn entry_without_a_name_is_reported_once_not_at_every_reference() {
    let persons =
        "bazhanov:\n  name: Bazhanov V.M.\n  related: [person:ivanov]\nivanov:\n  label: Ivanov\n";
    let text = "---\ntitle: Text\nspeakers:\n  - person: ivanov\n---\n\n\
                [Bazhanov](person:bazhanov) and [Ivanov](person:ivanov).\n";
    let edition = edition(persons, "", "").file("content/chapters/01-text.md", text);
    edition.assert_diagnostics(
        1,
        &[Diag::error(PERSONS, 4, 1, "person 'ivanov' has no name")
            .hint("add `name:` with the heading form, e.g. `name: Бажанов В.М.`")],
    );
}

#[test]
fn entry_with_an_invalid_id_is_reported_once_and_references_to_its_valid_spelling_are_not() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nStalin:\n  name: Stalin I.V.\n";
    let body = "[Bazhanov](person:bazhanov), [Stalin](person:stalin), [He](person:Stalin).";
    let edition = edition(persons, "", body);
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            PERSONS,
            3,
            1,
            "invalid id 'Stalin': ids are lowercase ASCII letters, digits and hyphens",
        )
        .hint("write it as 'stalin'")],
    );
}

#[test]
fn citations_of_a_source_with_an_invalid_key_are_not_reported_again() {
    let edition = edition(
        "bazhanov:\n  name: Bazhanov V.M.\n",
        "Pravda_1936:\n  short: Pravda\n",
        "[Bazhanov](person:bazhanov) [@pravda-1936, p. 1].",
    );
    edition.assert_diagnostics(1,
        &[Diag::error(
            SOURCES,
            1,
            1,
            "invalid source key 'Pravda_1936': source keys are lowercase ASCII letters, digits and hyphens",
        )
        .hint("write it as 'pravda-1936'")],
    );
}

#[test]
fn unknown_id_near_a_broken_one_is_still_reported() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\nivanov:\n  label: Ivanov\n";
    let body = "[Bazhanov](person:bazhanov) and [Petrov](person:petrov).";
    let edition = edition(persons, "", body);
    let file = "content/chapters/01-text.md";
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(file, 5, 33, "unknown person id 'petrov'")
                .hint("add 'petrov' to content/registers/persons.yaml"),
            Diag::error(PERSONS, 3, 1, "person 'ivanov' has no name")
                .hint("add `name:` with the heading form, e.g. `name: Бажанов В.М.`"),
        ],
    );
}

#[test]
fn extra_key_a_typo_away_from_a_format_key_is_a_warning_at_the_key() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\n  lable: Bazhanov\n  born: 1890\n";
    let edition = edition(persons, "", "[Bazhanov](person:bazhanov).");
    edition.assert_diagnostics(
        0,
        &[Diag::warning(
            PERSONS,
            3,
            3,
            "unknown key `lable` in an entry is kept for themes as entry.extra",
        )
        .hint("did you mean `label`?")],
    );
}

#[test]
fn misspelt_name_gives_the_missing_name_error_and_a_did_you_mean_warning() {
    let persons = "bazhanov:\n  name: Bazhanov V.M.\n\"ivanov\":\n  \"nmae\": Ivanov I.I.\n";
    let body = "[Bazhanov](person:bazhanov) and [Ivanov](person:ivanov).";
    let edition = edition(persons, "", body);
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(PERSONS, 3, 1, "person 'ivanov' has no name")
                .hint("add `name:` with the heading form, e.g. `name: Бажанов В.М.`"),
            Diag::warning(
                PERSONS,
                4,
                4,
                "unknown key `nmae` in an entry is kept for themes as entry.extra",
            )
            .hint("did you mean `name`?"),
        ],
    );
}

#[test]
fn unreferenced_entries_are_warned_at_their_own_lines_whatever_the_index_order() {
    let persons =
        "zeta:\n  name: Zeta Z.\nbazhanov:\n  name: Bazhanov V.M.\nalpha:\n  name: Alpha A.\n";
    let edition = edition(persons, "", "[Bazhanov](person:bazhanov).");
    let warning = |line, id: &str, name: &str| {
        Diag::warning(
            PERSONS,
            line,
            1,
            &format!("person '{id}' is never mentioned in the chapters"),
        )
        .hint(&format!(
            "mark a mention as [{name}](person:{id}), or remove the entry"
        ))
    };
    edition.assert_diagnostics(
        0,
        &[
            warning(1, "zeta", "Zeta Z."),
            warning(5, "alpha", "Alpha A."),
        ],
    );
}

/// The bundled edition with `edit` applied to its persons register; the line (1-based)
/// of `anchor` in the edited file.
fn bundled_with_persons(edit: impl Fn(&str) -> String, anchor: &str) -> (TestEdition, u64) {
    let edition = TestEdition::bundled();
    let path = edition.root().join(PERSONS);
    let persons = edit(&std::fs::read_to_string(&path).expect("the bundled persons.yaml"));
    let line = persons
        .lines()
        .position(|l| l == anchor)
        .unwrap_or_else(|| panic!("no line {anchor:?} in persons.yaml"));
    edition.write(PERSONS, &persons);
    (edition, line as u64 + 1)
}

#[test]
fn bundled_edition_with_a_misspelt_name_reports_the_entry_not_its_41_references() {
    let (edition, line) = bundled_with_persons(
        |text| {
            text.replacen(
                "ordzhonikidze-gk:\n  name:",
                "ordzhonikidze-gk:\n  nmae:",
                1,
            )
        },
        "ordzhonikidze-gk:",
    );
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(PERSONS, line, 1, "person 'ordzhonikidze-gk' has no name")
                .hint("add `name:` with the heading form, e.g. `name: Бажанов В.М.`"),
            Diag::warning(
                PERSONS,
                line + 1,
                3,
                "unknown key `nmae` in an entry is kept for themes as entry.extra",
            )
            .hint("did you mean `name`?"),
        ],
    );
}

#[test]
fn bundled_edition_with_a_capitalised_id_reports_the_id_not_its_references() {
    let (edition, line) = bundled_with_persons(
        |text| text.replacen("\nstalin:\n", "\nStalin:\n", 1),
        "Stalin:",
    );
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            PERSONS,
            line,
            1,
            "invalid id 'Stalin': ids are lowercase ASCII letters, digits and hyphens",
        )
        .hint("write it as 'stalin'")],
    );
}
