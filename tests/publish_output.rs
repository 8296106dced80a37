//! The output folder never loses data: a build that fails half-way leaves the previous
//! output as it was, letopis refuses every folder it must not replace, never follows a
//! symlink out of the output, and the same input builds to the same bytes.

mod support;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};
use support::{BOOK_EN, TestEdition, chapter, files_under, tree};

/// An edition of three chapters, built once into `public/`.
fn built_edition() -> TestEdition {
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters/01-one.md", &chapter("One", "First.\n"))
        .file("content/chapters/02-two.md", &chapter("Two", "Second.\n"))
        .file(
            "content/chapters/03-three.md",
            &chapter("Three", "Third.\n"),
        );
    edition.build().assert_clean();
    edition
}

/// The names in the edition's folder, to see that no temporary folder is left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn template_error_on_the_last_page_leaves_the_previous_output_untouched() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    let built_in =
        fs::read_to_string(support::repo_root().join("themes/default/templates/chapter.html"))
            .unwrap();
    let failing = built_in.replacen(
        "{% block content %}",
        "{% block content %}{% if page.title == \"Three\" %}{{ no_such_variable }}{% endif %}",
        1,
    );
    assert_ne!(failing, built_in);
    edition.write("themes/default/templates/chapter.html", failing);
    edition.write("content/chapters/01-one.md", chapter("One", "Changed.\n"));
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The render stage words the rest of the message; this test pins only which page
    // and which template failed.
    let first_line = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("error: rendering three.html")
            && first_line.contains("chapter.html"),
        "{}",
        run.stderr
    );
    assert!(tree(&out) == before, "the previous output changed");
    assert_eq!(
        names(edition.root()),
        ["anchors.lock", "book.toml", "content", "public", "themes"]
    );
}

#[test]
fn write_failing_half_way_leaves_the_previous_output_untouched() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    // `static/style.css` is the theme's file, so a folder of that name cannot be
    // created: the write fails after the pages sorted before it were written.
    edition.write("content/static/style.css/picture.png", "not a picture");
    edition.write("content/chapters/01-one.md", chapter("One", "Changed.\n"));
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Folders are made first and files written in parallel, so either side of the
    // clash may be the one reported.
    assert!(
        run.stderr.starts_with("error: writing static/style.css")
            && run
                .stderr
                .contains("(the previous output is left as it was)"),
        "{}",
        run.stderr
    );
    assert!(tree(&out) == before, "the previous output changed");
    assert_eq!(
        names(edition.root()),
        ["anchors.lock", "book.toml", "content", "public"]
    );
}

/// Runs `build --out OUT` and checks that it was refused with `message`, leaving
/// `watched` (a folder that must not change) exactly as it was.
#[track_caller]
fn assert_refused(edition: &TestEdition, out: &str, message: &str, watched: &Path) {
    let before = tree(watched);
    let run = edition.run(&["build", "--out", out]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "{message:?} not in:\n{}",
        run.stderr
    );
    assert!(tree(watched) == before, "{} changed", watched.display());
}

/// `build --out` with the edition's own folder given as an absolute path.
fn at(edition: &TestEdition, path: &str) -> String {
    edition.root().join(path).to_string_lossy().into_owned()
}

#[test]
fn refuses_the_edition_root() {
    let edition = built_edition();
    let message = "/: it is the edition's root folder; choose a folder inside it";
    assert_refused(&edition, &at(&edition, "."), message, edition.root());
}

#[test]
fn refuses_a_folder_that_contains_the_edition() {
    let edition = built_edition();
    let message = "it contains the edition root";
    assert_refused(&edition, &at(&edition, ".."), message, edition.root());
}

#[test]
fn refuses_the_content_folder() {
    let edition = built_edition();
    let content = edition.root().join("content");
    assert_refused(
        &edition,
        &at(&edition, "content"),
        "it is the content folder",
        &content,
    );
}

#[test]
fn refuses_a_folder_inside_the_content_folder() {
    let edition = built_edition();
    let content = edition.root().join("content");
    let message = "content/html/: it lies inside the content folder";
    assert_refused(&edition, &at(&edition, "content/html"), message, &content);
    assert!(!content.join("html").exists());
}

#[test]
fn refuses_a_folder_holding_content_or_book_toml_even_with_the_marker() {
    for name in ["content/chapters/x.md", "book.toml"] {
        let edition = built_edition();
        edition.write("other/.letopis-output", "");
        edition.write(&format!("other/{name}"), "an edition's file");
        let first = name.split('/').next().unwrap();
        let message = format!("other/: it contains {first}, so it looks like an edition");
        let other = edition.root().join("other");
        assert_refused(&edition, &at(&edition, "other"), &message, &other);
    }
}

#[test]
fn refuses_a_folder_letopis_did_not_create() {
    let edition = built_edition();
    edition.write("thesis/chapter-1.docx", "years of work");
    let message = "thesis/: it was not created by letopis (no .letopis-output marker); empty it or choose another --out";
    let thesis = edition.root().join("thesis");
    assert_refused(&edition, &at(&edition, "thesis"), message, &thesis);
}

#[test]
fn replaces_an_empty_folder_and_marks_it() {
    let edition = built_edition();
    let empty = edition.root().join("empty");
    fs::create_dir(&empty).unwrap();
    edition
        .run(&["build", "--out", &at(&edition, "empty")])
        .assert_success();
    assert!(empty.join(".letopis-output").is_file());
    assert!(empty.join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn refuses_an_output_that_is_a_symlink() {
    let edition = built_edition();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join(".letopis-output"), "").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), edition.root().join("link")).unwrap();
    let message = "link/: it is a symbolic link";
    assert_refused(&edition, &at(&edition, "link"), message, elsewhere.path());
    assert!(
        fs::symlink_metadata(edition.root().join("link"))
            .unwrap()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn replacing_the_output_never_follows_a_symlink_out_of_it() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let precious = tempfile::tempdir().unwrap();
    fs::write(precious.path().join("notes.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(precious.path(), out.join("static/linked")).unwrap();
    std::os::unix::fs::symlink(precious.path().join("notes.txt"), out.join("notes.txt")).unwrap();
    edition.build().assert_clean();
    assert!(fs::symlink_metadata(out.join("static/linked")).is_err());
    assert!(fs::symlink_metadata(out.join("notes.txt")).is_err());
    assert_eq!(
        fs::read_to_string(precious.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(files_under(precious.path()), ["notes.txt"]);
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let edition = TestEdition::bundled();
    for out in ["first", "second"] {
        let args = [
            "build",
            "--base-url",
            "https://user.github.io/plenum-1936/",
            "--out",
        ];
        let mut args = args.to_vec();
        let out = at(&edition, out);
        args.push(&out);
        edition.run(&args).assert_success();
    }
    let first = tree(&edition.root().join("first"));
    assert!(first.len() > 100, "{} files", first.len());
    assert!(
        tree(&edition.root().join("second")) == first,
        "the two builds differ"
    );
}

#[test]
fn refuses_two_files_whose_paths_differ_only_in_case_and_keeps_the_previous_output() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    edition.write("content/static/Map.png", "a map");
    edition.write("content/static/map.png", "another map");
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let message = "error: the site has two files whose paths differ only in upper and lower \
                   case, static/Map.png and static/map.png: on a case-insensitive file system \
                   (macOS, Windows) one would overwrite the other; rename one of them\n";
    assert!(run.stderr.ends_with(message), "{}", run.stderr);
    assert!(tree(&out) == before, "the previous output changed");
}

#[test]
fn build_removes_what_killed_builds_left_beside_the_output_and_nothing_else() {
    let edition = built_edition();
    // A build killed between its two renames leaves both outputs in its folder.
    edition.write(".letopis-build-killed/site/index.html", "new");
    edition.write(".letopis-build-killed/previous/.letopis-output", "");
    edition.write(".letopis-build-killed/previous/index.html", "old");
    edition.write(".letopis-build-notes/site/index.html", "new");
    edition.write(".letopis-build-notes/notes.txt", "not letopis's");
    let hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    for left in ["killed", "notes"] {
        for folder in ["site", "previous", ""] {
            let path = edition
                .root()
                .join(format!(".letopis-build-{left}/{folder}"));
            if let Ok(folder) = fs::File::open(path) {
                folder.set_modified(hours_ago).unwrap();
            }
        }
    }
    edition.write(".letopis-build-running/site/index.html", "being written");
    edition.build().assert_clean();
    assert_eq!(
        names(edition.root()),
        [
            ".letopis-build-notes",
            ".letopis-build-running",
            "anchors.lock",
            "book.toml",
            "content",
            "public"
        ]
    );
}
