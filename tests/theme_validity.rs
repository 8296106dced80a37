//! Every page the default theme writes passes the W3C HTML checker (Nu Html Checker,
//! vnu), and so does its stylesheet: the bundled edition, the correspondence scaffold
//! (`init --template letters`) and the theme fixture edition in Russian and in English.
//! Needs Java and `vnu.jar` named by `VNU_JAR`, so it is ignored by a plain `cargo test`;
//! CI runs it with `cargo test --test theme_validity -- --ignored`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Built, TestEdition, build_repo_edition, letters_edition, theme_edition};

#[test]
#[ignore = "needs java and vnu.jar (VNU_JAR)"]
fn every_page_and_the_stylesheet_pass_the_w3c_checker() {
    let jar = std::env::var("VNU_JAR").expect("VNU_JAR names the Nu Html Checker's vnu.jar");
    let (_dir, bundled) = build_repo_edition();
    let fixtures: Vec<(TestEdition, Built)> = ["ru", "en"]
        .into_iter()
        .map(|language| {
            let edition = theme_edition(language);
            let built = edition.build();
            (edition, built)
        })
        .collect();
    bundled.run.assert_success();
    let (_letters_dir, letters) = letters_edition();
    letters.assert_clean();
    let mut outputs: Vec<&Path> = vec![&bundled.out, &letters.out];
    for (_, built) in &fixtures {
        built.assert_clean();
        outputs.push(&built.out);
    }
    vnu(&jar, &["--skip-non-html"], &outputs);
    let stylesheet: PathBuf = bundled.out.join("static/style.css");
    vnu(&jar, &["--css"], &[&stylesheet]);
}

/// Runs the checker on `paths`, failing with everything it reported.
#[track_caller]
fn vnu(jar: &str, mode: &[&str], paths: &[&Path]) {
    let output = Command::new("java")
        .args(["-jar", jar, "--errors-only"])
        .args(mode)
        .args(paths)
        .output()
        .expect("run java (is a JRE installed?)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the W3C checker reported problems:\n{report}"
    );
}
