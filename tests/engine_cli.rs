//! The command line around the engine: exit codes (0 success, 1 the edition has
//! errors, 2 usage or I/O failure), the summary line that ends a build or check, a
//! failed build leaving the previous output alone, and `check --format json`.

mod support;

use std::process::Command;
use support::{BOOK_EN, Diag, Run, TestEdition, chapter};

fn clean() -> TestEdition {
    TestEdition::new(BOOK_EN)
        .file(
            "content/registers/persons.yaml",
            "ivanov:\n  name: Ivanov\n",
        )
        .file(
            "content/chapters/01-alpha.md",
            &chapter("Alpha", "[Ivanov](person:ivanov).\n"),
        )
        .file("content/chapters/02-beta.md", &chapter("Beta", "Text.\n"))
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

#[test]
fn build_exits_0_and_ends_with_a_summary_line() {
    let edition = clean();
    let built = edition.build();
    built.assert_clean();
    let summary = last_line(&built.run.stderr);
    assert!(
        summary.starts_with("built 2 chapters, 4 register pages in "),
        "{summary}"
    );
    assert!(built.out.join("index.html").is_file());
    // A folder typed with its slash (as a shell completes it) is shown with one slash.
    let mut build = Command::new(env!("CARGO_BIN_EXE_letopis"));
    build
        .args(["build", "--out", "site/"])
        .current_dir(edition.root());
    let run = Run::of(build);
    run.assert_success();
    assert!(edition.root().join("site/index.html").is_file());
    assert!(
        last_line(&run.stderr).ends_with(" s → site/"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_with_an_error_exits_1_and_leaves_the_previous_output_untouched() {
    let edition = clean();
    let first = edition.build();
    first.run.assert_success();
    let index = std::fs::read(first.out.join("index.html")).unwrap();
    edition.write(
        "content/chapters/02-beta.md",
        chapter("Changed", "[Nobody](person:nobody).\n"),
    );
    let second = edition.build();
    assert_eq!(second.run.code, 1, "{}", second.run.stderr);
    assert!(
        second
            .run
            .stderr
            .starts_with("content/chapters/02-beta.md:5:1: error: unknown person id 'nobody'"),
        "{}",
        second.run.stderr
    );
    assert_eq!(
        last_line(&second.run.stderr),
        "not built: 1 error, 0 warnings; the previous output is untouched"
    );
    assert_eq!(std::fs::read(second.out.join("index.html")).unwrap(), index);
    assert!(!second.out.join("changed.html").exists());
}

#[test]
fn warnings_alone_exit_0_and_are_counted_in_the_summary() {
    let edition = clean().file(
        "content/registers/persons.yaml",
        "ivanov:\n  name: Ivanov\nlonely:\n  name: Lonely\n",
    );
    let built = edition.build();
    built.run.assert_success();
    assert!(
        built.run.stderr.starts_with(
            "content/registers/persons.yaml:3:1: warning: person 'lonely' is never mentioned"
        ),
        "{}",
        built.run.stderr
    );
    assert!(
        last_line(&built.run.stderr).ends_with("(0 errors, 1 warning)"),
        "{}",
        built.run.stderr
    );
}

#[test]
fn folder_without_book_toml_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command.args(["build", "--root"]).arg(dir.path());
    let run = Run::of(command);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: reading "), "{}", run.stderr);
    assert!(run.stderr.contains("book.toml"), "{}", run.stderr);
}

#[test]
fn usage_error_exits_2() {
    for args in [&["build", "--no-such-flag"][..], &["no-such-command"][..]] {
        let run = Run::of({
            let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
            command.args(args);
            command
        });
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
    }
}

#[test]
fn check_of_a_clean_edition_exits_0_prints_no_json_and_writes_nothing() {
    let edition = clean();
    let (code, values) = edition.check_json();
    assert_eq!((code, values), (0, Vec::new()));
    let human = edition.run(&["check"]);
    assert_eq!(human.code, 0);
    let summary = last_line(&human.stderr);
    assert!(
        summary.starts_with("checked 2 chapters, ") && summary.ends_with(": 0 errors, 0 warnings"),
        "{summary}"
    );
    assert!(!edition.root().join("public").exists());
}

#[test]
fn check_json_prints_one_object_per_diagnostic_and_nothing_else() {
    let edition = clean()
        .file(
            "content/chapters/02-beta.md",
            &chapter("Beta", "[x](person:nobody) and [@nothing].[^1]\n"),
        )
        .file(
            "content/registers/persons.yaml",
            "ivanov:\n  name: Ivanov\nlonely:\n  name: Lonely\n",
        );
    let run = edition.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    let found: Vec<Diag> = lines
        .iter()
        .map(|line| Diag::from_json(&serde_json::from_str(line).unwrap()))
        .collect();
    let severities: Vec<&str> = found.iter().map(|d| d.severity.as_str()).collect();
    assert_eq!(severities, ["error", "error", "error", "warning"]);
}

#[test]
fn check_renders_in_memory_so_a_broken_theme_template_fails_it_as_build_would() {
    let edition = clean().file(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.missing.field }}{% endblock content %}",
    );
    let run = edition.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: rendering 404.html"),
        "{}",
        run.stderr
    );
    assert!(
        !edition.root().join("public").exists(),
        "check wrote output"
    );
}

/// Runs `letopis ARGS` on `edition` with its stdout (`closed_stdout`) or its stderr a
/// pipe whose reader has gone (`letopis check --format json | head -1` once head has
/// its line), and returns the exit code and what the other stream held.
fn run_with_closed(
    edition: &TestEdition,
    args: &[&str],
    closed_stdout: bool,
) -> (Option<i32>, String) {
    use std::io::Read as _;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_letopis"))
        .args(args)
        .arg("--root")
        .arg(edition.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (stdout, stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let mut other = String::new();
    if closed_stdout {
        drop(stdout);
        { stderr }.read_to_string(&mut other).unwrap();
    } else {
        drop(stderr);
        { stdout }.read_to_string(&mut other).unwrap();
    }
    (child.wait().unwrap().code(), other)
}

/// A reader that goes away early is no crash: the run goes on to the end (the build
/// is written) and its exit code still says how it ended.
#[test]
fn a_closed_pipe_neither_crashes_nor_stops_a_run() {
    let broken = TestEdition::new(BOOK_EN).file(
        "content/chapters/01-a.md",
        &chapter(
            "A",
            "[x](person:nobody) [y](person:nobody) [z](person:nobody)\n",
        ),
    );
    let (code, stderr) = run_with_closed(&broken, &["check", "--format", "json"], true);
    assert_eq!((code, stderr.as_str()), (Some(1), ""));
    let (code, _) = run_with_closed(&broken, &["check"], false);
    assert_eq!(code, Some(1));
    let warned = clean().file("content/registers/themes.yaml", "unused:\n  name: Unused\n");
    let (code, _) = run_with_closed(&warned, &["build"], false);
    assert_eq!(code, Some(0));
    assert!(warned.root().join("public/alpha.html").is_file());
}
