//! The first thing a newcomer does: `letopis init`, then build it with no warnings.

mod support;

use std::process::Command;
use support::{Run, texts};

#[test]
fn init_scaffold_builds_with_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("edition");
    let mut init = Command::new(env!("CARGO_BIN_EXE_letopis"));
    init.arg("init").arg(&root);
    Run::of(init).assert_success();
    let mut build = Command::new(env!("CARGO_BIN_EXE_letopis"));
    build.args(["build", "--root"]).arg(&root);
    let run = Run::of(build);
    run.assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let index = scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("public/index.html")).unwrap(),
    );
    assert_eq!(texts(&index, ".toc-list a"), ["Introduction"]);
}

/// The command `init` suggests can be pasted as it is, also for a folder whose name
/// holds a space or a quote: run through the shell, it builds the new edition.
#[cfg(unix)]
#[test]
fn the_build_command_init_prints_runs_as_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("Plenum 1936 (Ivan's copy)");
    let mut init = Command::new(env!("CARGO_BIN_EXE_letopis"));
    init.arg("init").arg(&root);
    let run = Run::of(init);
    run.assert_success();
    let suggested = run
        .stderr
        .split_once("build it with: ")
        .map(|(_, command)| command.trim_end())
        .expect("a command to run");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_letopis"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut shell = Command::new("/bin/sh");
    shell.arg("-c").arg(suggested).env("PATH", path);
    Run::of(shell).assert_success();
    assert!(root.join("public/index.html").is_file());
}
