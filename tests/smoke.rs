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
