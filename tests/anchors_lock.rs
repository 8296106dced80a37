//! Edit-stable anchors (issue #13): passages keep their `p-N` across edits by way of
//! `anchors.lock`, which `build` updates and `check --locked` guards.

mod support;

use support::{BOOK_EN, Built, Diag, TestEdition, attrs, chapter, sel};

const A: &str =
    "The chairman opened the meeting of the council and welcomed the directors of the plants.";
const B: &str = "Production norms were discussed at length by [Bazhanov](person:bazhanov), who spoke of coal output in the Donbass trusts.";
const C: &str = "In the evening the delegates visited the exhibition of new machine tools made in Moscow factories.";
const NEW: &str = "A telegram from the Kharkov tractor plant reported that the quarterly plan had been fulfilled early.";
const FILE: &str = "content/chapters/01-opening.md";

fn edition(paragraphs: &[&str]) -> TestEdition {
    TestEdition::new(BOOK_EN)
        .file(FILE, &chapter("Opening", &paragraphs.join("\n\n")))
        .file(
            "content/registers/persons.yaml",
            "bazhanov:\n  name: Bazhanov V.M.\n",
        )
}

/// Rewrites the chapter and builds again.
fn rewrite(edition: &TestEdition, paragraphs: &[&str]) -> Built {
    edition.write(FILE, chapter("Opening", &paragraphs.join("\n\n")));
    edition.build()
}

/// The anchor of the paragraph that holds `words`.
#[track_caller]
fn id_of(built: &Built, words: &str) -> String {
    let page = built.page("opening.html");
    let found: Vec<String> = page
        .select(&sel(".chapter-body p[id]"))
        .filter(|p| p.text().collect::<String>().contains(words))
        .filter_map(|p| p.value().attr("id").map(str::to_owned))
        .collect();
    assert_eq!(found.len(), 1, "one paragraph holds {words:?}: {found:?}");
    found[0].clone()
}

/// The anchors of the paragraphs A, B and C.
fn ids_of_a_b_c(built: &Built) -> [String; 3] {
    [A, B, C].map(|p| id_of(built, start(p)))
}

/// The ids of the empty redirect elements inside the paragraph `id`.
fn redirects_in(built: &Built, id: &str) -> Vec<String> {
    attrs(
        &built.page("opening.html"),
        &format!("p#{id} > span[id]"),
        "id",
    )
}

/// The first words of a sentence, as the paragraph shows them.
fn start(sentence: &str) -> &str {
    &sentence[..24]
}

#[test]
fn a_first_build_numbers_passages_in_order_and_writes_the_lock() {
    let edition = edition(&[A, B, C]);
    let built = edition.build();
    built.assert_clean();
    assert_eq!(ids_of_a_b_c(&built), ["p-1", "p-2", "p-3"]);
    let lock = std::fs::read_to_string(edition.root().join("anchors.lock"))
        .expect("anchors.lock is written");
    let lines: Vec<&str> = lock.lines().filter(|l| l.starts_with("p-")).collect();
    assert_eq!(lines.len(), 3, "{lock}");
    assert!(
        lock.contains("\n[content/chapters/01-opening.md]\n"),
        "{lock}"
    );
    assert!(
        without_digest(lines[0]).ends_with("# The chairman opened the meeting of the council…"),
        "{lock}"
    );
}

#[test]
fn a_passage_inserted_before_another_leaves_its_anchor_alone() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let built = rewrite(&edition, &[A, NEW, B, C]);
    built.assert_clean();
    assert_eq!(id_of(&built, start(B)), "p-2");
    assert_eq!(id_of(&built, start(C)), "p-3");
    assert_eq!(
        id_of(&built, start(NEW)),
        "p-4",
        "a new passage takes the next free number"
    );
}

#[test]
fn an_edited_word_keeps_the_anchor() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let edited = B.replace("at length", "in detail");
    let built = rewrite(&edition, &[A, &edited, C]);
    built.assert_clean();
    assert_eq!(id_of(&built, "in detail"), "p-2");
}

#[test]
fn the_first_part_of_a_split_passage_keeps_the_anchor() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let (first, second) = B.split_at(B.find(", who").expect("a comma"));
    let built = rewrite(
        &edition,
        &[A, &format!("{first}."), &format!("He{}", &second[1..]), C],
    );
    built.assert_clean();
    assert_eq!(id_of(&built, "Production norms"), "p-2");
    assert_eq!(id_of(&built, "He who spoke"), "p-4");
    assert_eq!(id_of(&built, start(C)), "p-3");
}

#[test]
fn merged_passages_keep_the_first_anchor_and_redirect_the_second() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let built = rewrite(&edition, &[A, &format!("{B} {C}")]);
    built.run.assert_success();
    assert_eq!(id_of(&built, start(C)), "p-2");
    assert_eq!(redirects_in(&built, "p-2"), ["p-3"]);
    assert!(
        built.run.stderr.contains("anchor 'p-3'"),
        "{}",
        built.run.stderr
    );
}

#[test]
fn a_deleted_passage_is_reported_and_its_anchor_lands_on_the_nearest_passage() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    edition.write(FILE, chapter("Opening", &[A, C].join("\n\n")));
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(
                "anchors.lock",
                6,
                1,
                "the passage of anchor 'p-2' in content/chapters/01-opening.md is gone \
                 (deleted, or rewritten past recognition); links to it now land on 'p-1'",
            )
            .hint("`letopis build` records the redirect in anchors.lock; commit it"),
            Diag::warning(
                "content/registers/persons.yaml",
                1,
                1,
                "person 'bazhanov' is never mentioned in the chapters",
            )
            .hint("mark a mention as [Bazhanov V.M.](person:bazhanov), or remove the entry"),
        ],
    );
    let built = edition.build();
    built.run.assert_success();
    assert_eq!(redirects_in(&built, "p-1"), ["p-2"]);
    assert_eq!(id_of(&built, start(C)), "p-3");
    // Recorded: the next build is quiet about it and keeps the redirect.
    let again = edition.build();
    assert!(
        !again.run.stderr.contains("anchor 'p-2'"),
        "{}",
        again.run.stderr
    );
    assert_eq!(redirects_in(&again, "p-1"), ["p-2"]);
    let lock = std::fs::read_to_string(edition.root().join("anchors.lock")).expect("the lock");
    assert!(lock.contains("\np-2 -> p-1\n"), "{lock}");
}

#[test]
fn a_renamed_chapter_file_keeps_its_anchors() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    std::fs::remove_file(edition.root().join(FILE)).expect("remove the old file");
    edition.write(
        "content/chapters/01-the-opening.md",
        "---\ntitle: Opening\nslug: opening\n---\n\n".to_owned() + &[A, NEW, B, C].join("\n\n"),
    );
    let built = edition.build();
    built.assert_clean();
    assert_eq!(id_of(&built, start(B)), "p-2");
    assert_eq!(id_of(&built, start(NEW)), "p-4");
    let lock = std::fs::read_to_string(edition.root().join("anchors.lock")).expect("the lock");
    assert!(
        lock.contains("[content/chapters/01-the-opening.md]"),
        "{lock}"
    );
    assert!(!lock.contains("[content/chapters/01-opening.md]"), "{lock}");
}

#[test]
fn back_references_point_to_the_lasting_anchor() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let built = rewrite(&edition, &[NEW, A, B, C]);
    let links = attrs(
        &built.page("persons/bazhanov.html"),
        "main .places a[href*='opening.html#']",
        "href",
    );
    assert_eq!(links, ["../opening.html#p-2"]);
}

#[test]
fn check_locked_fails_on_a_stale_lock_and_says_how_to_update_it() {
    let edition = edition(&[A, B, C]);
    let first = edition.run(&["check", "--locked"]);
    assert_eq!(first.code, 1, "no lock yet: {}", first.stderr);
    edition.build().assert_clean();
    edition.run(&["check", "--locked"]).assert_success();
    edition.write(FILE, chapter("Opening", &[A, NEW, B, C].join("\n\n")));
    let stale = edition.run(&["check", "--locked"]);
    assert_eq!(stale.code, 1);
    assert!(
        stale.stderr.contains("error: anchors.lock is not up to date with the text; run `letopis build` to update it, then commit it"),
        "{}",
        stale.stderr
    );
    edition.run(&["check"]).assert_success();
}

#[test]
fn an_unreadable_lock_line_is_an_error_at_its_place() {
    let edition = edition(&[A, B, C]).file(
        "anchors.lock",
        "[content/chapters/01-opening.md]\np-1 0149cc40\n<<<<<<< HEAD\np-1 0149cc41\n",
    );
    let hint = "anchors.lock is written by `letopis build`: after a merge conflict keep either \
                side and build again, or delete the file to number the passages afresh";
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(
                "anchors.lock",
                3,
                1,
                "expected `[chapter file]`, `p-N HASH…` or `p-N -> p-M`",
            )
            .hint(hint),
            Diag::error(
                "anchors.lock",
                4,
                1,
                "this anchor is listed twice for the chapter",
            )
            .hint(hint),
        ],
    );
}

/// `anchors.lock` as it is now.
fn lock_of(edition: &TestEdition) -> String {
    std::fs::read_to_string(edition.root().join("anchors.lock")).expect("the lock")
}

/// The passage lines of a lock.
fn passage_lines(lock: &str) -> Vec<&str> {
    lock.lines().filter(|l| l.starts_with("p-")).collect()
}

/// A passage line without the digest of its text (16 hex digits at its end), as
/// written before there were digests.
fn without_digest(line: &str) -> String {
    let (line, digest) = line.rsplit_once(' ').expect("a digest at the end");
    assert_eq!(digest.len(), 16, "a digest: {line}");
    assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
    line.to_owned()
}

#[test]
fn an_unchanged_chapter_keeps_its_anchors_and_its_lock() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let lock = lock_of(&edition);
    // Every passage line ends its sketch with the digest of the text it was made from.
    let lines = passage_lines(&lock);
    assert_eq!(lines.len(), 3, "{lock}");
    lines.iter().for_each(|l| drop(without_digest(l)));
    let built = edition.build();
    built.assert_clean();
    assert_eq!(
        lock_of(&edition),
        lock,
        "an unchanged chapter's lock is not rewritten"
    );
    assert_eq!(ids_of_a_b_c(&built), ["p-1", "p-2", "p-3"]);
    edition.run(&["check", "--locked"]).assert_success();
}

#[test]
fn an_edited_passage_changes_its_own_line_only() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let before = lock_of(&edition);
    let edited = B.replace("at length", "in detail");
    let built = rewrite(&edition, &[A, &edited, C]);
    built.assert_clean();
    assert_eq!(id_of(&built, "in detail"), "p-2");
    let after = lock_of(&edition);
    let (old, new) = (passage_lines(&before), passage_lines(&after));
    assert_eq!([old[0], old[2]], [new[0], new[2]], "{after}");
    assert_ne!(
        old[1], new[1],
        "the edited passage's sketch and digest: {after}"
    );
    assert!(new[1].starts_with("p-2 "), "{after}");
    without_digest(new[1]);
}

#[test]
fn a_lock_written_before_digests_keeps_its_anchors_and_gets_them() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let lock = lock_of(&edition);
    // The lock of an earlier version: no digests, and (to show that its anchors are
    // the ones taken) the first and last passages' numbers swapped.
    let old: Vec<String> = lock
        .lines()
        .map(|line| match line.strip_prefix("p-") {
            Some(rest) => {
                let line = without_digest(line);
                match rest.split(' ').next() {
                    Some("1") => line.replacen("p-1", "p-3", 1),
                    Some("3") => line.replacen("p-3", "p-1", 1),
                    _ => line,
                }
            }
            None => line.to_owned(),
        })
        .collect();
    edition.write("anchors.lock", old.join("\n") + "\n");
    let built = edition.build();
    built.assert_clean();
    assert_eq!(ids_of_a_b_c(&built), ["p-3", "p-2", "p-1"]);
    let written = lock_of(&edition);
    let lines = passage_lines(&written);
    let old_lines: Vec<&str> = old
        .iter()
        .filter(|l| l.starts_with("p-"))
        .map(String::as_str)
        .collect();
    let stripped: Vec<String> = lines.iter().map(|l| without_digest(l)).collect();
    assert_eq!(
        stripped, old_lines,
        "the same lines, each with its digest: {written}"
    );
}

#[test]
fn a_sketch_edited_by_hand_is_not_taken_for_the_text_s() {
    let edition = edition(&[A, B, C]);
    edition.build().assert_clean();
    let lock = lock_of(&edition);
    let lines = passage_lines(&lock);
    // p-2's line given p-1's sketch, its digest (of B's text and B's sketch) kept: the
    // digest no longer agrees with the line, so B's text is sketched, and found unlike
    // the line's sketch.
    let sketch = |line: &str| -> String {
        let (sketch, _) = line.split_once(" # ").expect("a preview");
        sketch.split_once(' ').expect("an anchor").1.to_owned()
    };
    let (b_sketch, a_sketch) = (sketch(lines[1]), sketch(lines[0]));
    let edited = lock.replacen(&format!("p-2 {b_sketch} "), &format!("p-2 {a_sketch} "), 1);
    assert_ne!(edited, lock);
    edition.write("anchors.lock", &edited);
    let built = edition.build();
    built.run.assert_success();
    assert_eq!(id_of(&built, start(A)), "p-1");
    assert_eq!(id_of(&built, start(B)), "p-4", "{}", lock_of(&edition));
    assert!(
        built.run.stderr.contains("anchor 'p-2'"),
        "{}",
        built.run.stderr
    );
}

/// `anchors.lock` is committed and shared with the edition: it is created like any other
/// file (readable by others, as the umask allows), not owner-only like the temporary
/// file it is written through.
#[cfg(unix)]
#[test]
fn the_lock_is_readable_like_the_pages_beside_it() {
    use std::os::unix::fs::PermissionsExt as _;
    let edition = edition(&[A, B]);
    edition.build().assert_clean();
    let mode = |path: &str| {
        std::fs::metadata(edition.root().join(path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        format!("{:o}", mode("anchors.lock")),
        format!("{:o}", mode("public/index.html"))
    );
}
