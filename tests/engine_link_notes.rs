//! Note labels that do not match: a call without a definition and a definition never
//! called whose labels are a typo apart name each other in their hints; unrelated
//! labels keep the plain hints.

mod support;

use support::{BOOK_EN, Diag, TestEdition, chapter};

const FILE: &str = "content/chapters/01-text.md";

/// Fails unless `check` on a one-chapter edition holding `body` finds exactly `expected`.
#[track_caller]
fn assert_notes(body: &str, expected: &[Diag]) {
    let edition = TestEdition::new(BOOK_EN).file(FILE, &chapter("Text", body));
    let (exit, found) = edition.diagnostics();
    assert_eq!(found, expected);
    assert_eq!(exit, 1, "exit code");
}

#[test]
fn call_with_a_typo_in_its_label_points_to_the_uncalled_note_and_back() {
    assert_notes(
        "Text[^l] here.\n\n[^1]: A note.\n",
        &[
            Diag::error(FILE, 5, 5, "note [^l] is called but not defined")
                .hint("did you mean [^1]? It is defined at line 7 but never called"),
            Diag::error(FILE, 7, 1, "note [^1] is defined but never called").hint(
                "[^l] at line 5 is called but not defined: if it is a typo, write it as [^1]",
            ),
        ],
    );
}

#[test]
fn typo_hint_names_only_a_note_that_is_never_called() {
    assert_notes(
        "One[^source] two[^sorce].\n\n[^source]: Called.\n",
        &[
            Diag::error(FILE, 5, 17, "note [^sorce] is called but not defined").hint(
                "add `[^sorce]: text` below the paragraph, or `footnotes:` in the front matter",
            ),
        ],
    );
}

#[test]
fn labels_far_apart_keep_the_plain_hints() {
    assert_notes(
        "Text[^first] here.\n\n[^second]: A note.\n",
        &[
            Diag::error(FILE, 5, 5, "note [^first] is called but not defined").hint(
                "add `[^first]: text` below the paragraph, or `footnotes:` in the front matter",
            ),
            Diag::error(FILE, 7, 1, "note [^second] is defined but never called")
                .hint("call it with [^second] where it belongs, or delete it"),
        ],
    );
}
