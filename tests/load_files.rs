//! Issue 7: what letopis reads and publishes, and what `check` catches before `build`.
//! Only regular files inside the edition are read; links out of the content folder,
//! to hidden files or into the output, and special files, are reported and skipped;
//! every name `build` could not write is reported at the line that makes it; a
//! register's repeated field or control character is an error at its place that hides
//! no other.

mod support;

use std::fs;
use support::{BOOK_EN, Diag, TestEdition, chapter, tree};

/// An edition of one chapter.
fn edition() -> TestEdition {
    TestEdition::new(BOOK_EN).file("content/chapters/01-one.md", &chapter("One", "Text.\n"))
}

/// Item 6: a link to the edition's `.env` or `.git` is not published.
#[cfg(unix)]
#[test]
fn links_to_hidden_files_the_root_or_the_output_are_skipped_with_warnings() {
    let edition = edition()
        .file(".env", "TOKEN=secret\n")
        .file(".git/config", "[remote]\n")
        .file("content/.notes/private.txt", "private\n");
    edition.build().assert_clean();
    let root = edition.root().canonicalize().unwrap();
    let static_dir = edition.root().join("content/static");
    fs::create_dir_all(&static_dir).unwrap();
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, static_dir.join(name)).unwrap();
    };
    link("../../.env", "env.txt");
    link("../../.git", "git");
    link("../.notes/private.txt", "private.txt");
    link("../../public", "old-output");
    let content = root.join("content");
    let before = tree(edition.root());
    edition.assert_diagnostics(
        0,
        &[
            Diag::warning(
                "content/static/env.txt",
                0,
                0,
                &format!(
                    "symbolic link to {}, outside {}; skipped",
                    root.join(".env").display(),
                    content.display()
                ),
            )
            .hint("copy the file into the edition, or link to a file inside it"),
            Diag::warning(
                "content/static/git",
                0,
                0,
                &format!(
                    "symbolic link to {}, outside {}; skipped",
                    root.join(".git").display(),
                    content.display()
                ),
            )
            .hint("copy the file into the edition, or link to a file inside it"),
            Diag::warning(
                "content/static/old-output",
                0,
                0,
                &format!(
                    "symbolic link into the output folder ({}); skipped",
                    root.join("public").display()
                ),
            )
            .hint("delete the link: the output is made from the content"),
            Diag::warning(
                "content/static/private.txt",
                0,
                0,
                &format!(
                    "symbolic link to the hidden file {}; skipped",
                    content.join(".notes/private.txt").display()
                ),
            )
            .hint(
                "hidden files are never published; copy what should be published into the edition",
            ),
        ],
    );
    let built = edition.build();
    built.run.assert_success();
    let files = built.files();
    assert!(
        !files.iter().any(|f| f.contains("env")
            || f.contains("git")
            || f.contains("private")
            || f.contains("old-output")),
        "{files:?}"
    );
    let mut after = tree(edition.root());
    after.retain(|(path, _)| !path.starts_with("public/"));
    let mut before = before;
    before.retain(|(path, _)| !path.starts_with("public/"));
    assert!(after == before, "a file of the edition changed");
}

/// Item 6: a register that is a link out of the edition, or a FIFO, is not read.
#[cfg(unix)]
#[test]
fn a_register_linked_to_etc_passwd_and_a_fifo_sources_file_are_errors_not_reads() {
    let edition = edition();
    fs::create_dir_all(edition.root().join("content/registers")).unwrap();
    std::os::unix::fs::symlink(
        "/etc/passwd",
        edition.root().join("content/registers/persons.yaml"),
    )
    .unwrap();
    let fifo = edition.root().join("content/sources.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(
                "content/registers/persons.yaml",
                0,
                0,
                &format!(
                    "symbolic link to /etc/passwd, outside {}; not read",
                    edition
                        .root()
                        .join("content")
                        .canonicalize()
                        .unwrap()
                        .display()
                ),
            )
            .hint("copy the file into the edition, or link to a file inside it"),
            Diag::error(
                "content/sources.yaml",
                0,
                0,
                "not a regular file (a FIFO, device or socket); not read",
            )
            .hint("replace it with a regular file, or move it out of the edition"),
        ],
    );
}

/// A register or `sources.yaml` that is a folder (made by a slip in a file manager) is
/// called a folder, not "a FIFO, device or socket"; a `content/chapters` that is a file
/// is not said not to exist. And with the chapters unread, no entry is "never
/// mentioned": that advice to remove entries would be wrong.
#[test]
fn a_folder_where_a_file_belongs_and_a_file_where_a_folder_belongs_are_named_so() {
    let edition = edition().file("content/registers/persons.yaml/old.yaml", "x: 1\n");
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "content/registers/persons.yaml",
            0,
            0,
            "a folder, not a file; not read",
        )
        .hint("move the folder away: this name is the file letopis reads")],
    );
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters", "not a folder\n")
        .file(
            "content/registers/persons.yaml",
            "ivanov:\n  name: Ivanov\n",
        );
    edition.assert_diagnostics(
        1,
        &[
            Diag::error("content/chapters", 0, 0, "the chapters folder is a file")
                .hint("put the chapters, one Markdown file each, in a folder of this name"),
        ],
    );
}

/// `static/search/` is where the search index is written: an edition's own files there
/// are errors at each file, found by `check` as by `build` (it stopped with exit 2 and
/// "two output files would be written at static/search/d-0.js", located nowhere).
#[test]
fn files_in_the_search_index_folder_are_errors_at_each_file() {
    let edition = edition()
        .file("content/static/search/d-0.js", "// mine\n")
        .file("content/static/search/notes.txt", "mine too\n");
    let message = "static/search/ holds the search index letopis writes, so this file would \
                   collide with it; skipped";
    let hint = "move it to another folder under content/static/";
    edition.assert_diagnostics(
        1,
        &[
            Diag::error("content/static/search/d-0.js", 0, 0, message).hint(hint),
            Diag::error("content/static/search/notes.txt", 0, 0, message).hint(hint),
        ],
    );
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!edition.root().join("public").exists());
}

/// Item 6: a FIFO among the static files is skipped, never opened.
#[cfg(unix)]
#[test]
fn a_fifo_in_static_is_skipped_with_a_warning() {
    let edition = edition();
    fs::create_dir_all(edition.root().join("content/static")).unwrap();
    let fifo = edition.root().join("content/static/pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    edition.assert_diagnostics(
        0,
        &[Diag::warning(
            "content/static/pipe",
            0,
            0,
            "not a regular file (a FIFO, device or socket); skipped",
        )
        .hint("replace it with a regular file, or move it out of the edition")],
    );
    let built = edition.build();
    built.run.assert_success();
    assert!(!built.out.join("static/pipe").exists());
}

/// Item 5: an `output-dir` naming the content folder is an error at its line in
/// `book.toml`, for `check` and `build` alike; nothing is written.
#[test]
fn an_output_dir_overlapping_the_content_is_an_error_at_its_line() {
    for (dir, part) in [
        ("content", "the content folder"),
        (".", "the edition's root folder"),
        ("themes/site", "the themes folder"),
    ] {
        let book = format!("{BOOK_EN}\n[build]\noutput-dir = \"{dir}\"\n");
        let edition =
            TestEdition::new(&book).file("content/chapters/01-one.md", &chapter("One", "Text.\n"));
        let message =
            format!("output-dir '{dir}' overlaps {part}: a build replaces its output folder whole");
        edition.assert_diagnostics(
            1,
            &[Diag::error("book.toml", 6, 14, &message)
                .hint("choose a folder of its own beside the content, such as \"public\"")],
        );
        let before = tree(edition.root());
        let run = edition.run(&["build"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr
                .starts_with(&format!("book.toml:6:14: error: {message}\n")),
            "{}",
            run.stderr
        );
        assert!(tree(edition.root()) == before, "build wrote something");
    }
}

/// Item 5: `check` reports every name that `build` could not write, where it is made.
#[test]
fn check_reports_names_too_long_and_case_clashes_where_they_are_made() {
    let long = "a".repeat(300);
    let message = |what: &str| {
        format!(
            "{what} is 300 characters long, and its page's file name would be too long for the \
             file system (at most 250)"
        )
    };
    let fixed = TestEdition::new(BOOK_EN)
        .file(
            "content/chapters/01-one.md",
            &format!("---\ntitle: One\nslug: {long}\n---\n\nText.\n"),
        )
        .file(
            "content/registers/persons.yaml",
            &format!("{long}:\n  name: A\n"),
        )
        .file("content/static/Map.png", "a map")
        .file("content/static/map.png", "another map");
    fixed.assert_diagnostics(
        1,
        &[
            Diag::error("content/chapters/01-one.md", 3, 7, &message("slug"))
                .hint("set another `slug:` in the front matter"),
            Diag::error("content/registers/persons.yaml", 1, 1, &message("id"))
                .hint("choose a shorter id"),
            Diag::error(
                "content/static/map.png",
                0,
                0,
                "this name differs from Map.png only in upper and lower case, so on macOS and \
                 Windows one would overwrite the other; skipped",
            )
            .hint("rename one of them"),
        ],
    );
    let before = tree(fixed.root());
    let run = fixed.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(tree(fixed.root()) == before, "build wrote something");
}

/// Item 8: a repeated field is reported, and the file's other errors with it.
#[test]
fn a_repeated_field_in_a_register_hides_none_of_its_other_errors() {
    let persons = "x:\n  name: A\n  name: B\n  related: [person:nobody]\ny:\n  label: Y\n";
    let edition = edition().file("content/registers/persons.yaml", persons);
    let file = "content/registers/persons.yaml";
    let (code, found) = edition.diagnostics();
    assert_eq!(code, 1);
    let at: Vec<_> = found
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (file, 3, 3, "duplicate field `name`"),
            (file, 4, 13, "unknown person id 'nobody'"),
            (file, 5, 1, "person 'y' has no name"),
        ]
    );
}

/// Item 8: NUL and other control characters are errors at their line and column.
#[test]
fn nul_and_control_characters_in_yaml_are_errors_at_their_place() {
    let edition = edition()
        .file(
            "content/registers/persons.yaml",
            "x:\n  name: A\n  label: \"a\u{1}b\"\n",
        )
        .file("content/sources.yaml", "s:\n  short: S\u{0}\n");
    edition.assert_diagnostics(
        1,
        &[
            Diag::error(
                "content/registers/persons.yaml",
                3,
                12,
                "control character U+0001 in YAML text",
            )
            .hint(
                "delete it; YAML text may hold tabs and line breaks, no other control characters",
            ),
            Diag::error(
                "content/sources.yaml",
                2,
                11,
                "binary file: it holds NUL bytes",
            )
            .hint("save it as plain UTF-8 text, or move it to content/static/"),
        ],
    );
}

/// Item 5: a static file that differs from one of the theme's only in case fails
/// `check` as it fails `build`, naming both; nothing is written.
#[test]
fn check_refuses_a_static_file_clashing_in_case_with_the_themes() {
    let edition = edition().file("content/static/Style.css", "body {}\n");
    let message = "error: the site has two files whose paths differ only in upper and lower \
                   case, static/Style.css and static/style.css: on a case-insensitive file \
                   system (macOS, Windows) one would overwrite the other; rename one of them\n";
    let before = tree(edition.root());
    for command in ["check", "build"] {
        let run = edition.run(&[command]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{command}: {}", run.stderr);
    }
    assert!(tree(edition.root()) == before, "a file changed");
}
