//! A chapter opening with `----` is not accepted in silence: link takes the front
//! matter's status from load instead of looking at the first line itself, so the two
//! cannot disagree and leave a chapter with no title and no diagnostic.

mod support;

use support::{BOOK_EN, TestEdition};

#[test]
fn chapter_opening_with_four_dashes_is_not_accepted_in_silence() {
    let file = "content/chapters/01-text.md";
    let edition = TestEdition::new(BOOK_EN).file(file, "----\ntitle: Text\n---\n\nBody.\n");
    let (exit, found) = edition.diagnostics();
    assert_eq!(exit, 1, "{found:#?}");
    assert!(
        found.iter().any(|d| d.file == file && d.line <= 1),
        "no diagnostic at the opening line: {found:#?}"
    );
}
