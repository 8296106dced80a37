//! A small builder for integration tests: write an edition into a temporary folder, run
//! the real `letopis` binary on it, and read the output back as parsed HTML.

#![allow(dead_code, unreachable_pub)] // reason: a helper module shared by test crates; each uses a different part

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A minimal `book.toml` in English with the three default registers.
pub const BOOK_EN: &str = "[book]\ntitle = \"Test Edition\"\nlanguage = \"en\"\n";

/// An edition in a temporary folder.
pub struct TestEdition {
    dir: tempfile::TempDir,
}

impl TestEdition {
    /// An empty edition folder with `book.toml` holding `book`.
    pub fn new(book: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let edition = Self { dir };
        edition.write("book.toml", book);
        edition
    }

    /// Adds (or replaces) a file, creating its folders.
    #[track_caller]
    pub fn file(self, path: &str, text: &str) -> Self {
        self.write(path, text);
        self
    }

    /// Writes a file, creating its folders.
    #[track_caller]
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&path, contents).expect("write a test file");
    }

    /// The edition's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `letopis ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
        command.args(args).arg("--root").arg(self.root());
        Run::of(command)
    }

    /// Runs `letopis build` into `ROOT/public`.
    pub fn build(&self) -> Built {
        let run = self.run(&["build"]);
        Built {
            run,
            out: self.root().join("public"),
        }
    }

    /// Runs `letopis check --format json` and returns one JSON value per diagnostic.
    pub fn check_json(&self) -> (i32, Vec<serde_json::Value>) {
        let run = self.run(&["check", "--format", "json"]);
        let values = run
            .stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON: {line:?}: {e}"))
            })
            .collect();
        (run.code, values)
    }
}

/// What a run of the binary printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs a prepared command to its end.
    pub fn of(mut command: Command) -> Self {
        let output = command.output().expect("run letopis");
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Fails the test, showing what was printed, unless the run succeeded.
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "letopis failed:\n{}{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A finished build and its output folder.
#[derive(Debug)]
pub struct Built {
    pub run: Run,
    pub out: PathBuf,
}

impl Built {
    /// Fails the test unless the build succeeded with no warnings.
    #[track_caller]
    pub fn assert_clean(&self) -> &Self {
        self.run.assert_success();
        assert!(
            !self.run.stderr.contains("warning"),
            "warnings:\n{}",
            self.run.stderr
        );
        self
    }

    /// An output page, parsed.
    #[track_caller]
    pub fn page(&self, path: &str) -> Html {
        let text = std::fs::read_to_string(self.out.join(path))
            .unwrap_or_else(|e| panic!("no page {path}: {e}\n{}", self.run.stderr));
        Html::parse_document(&text)
    }
}

/// Parses a CSS selector (tests use fixed, valid selectors).
#[track_caller]
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector:?}: {e:?}"))
}

/// The text of every element matching `selector`, whitespace folded.
pub fn texts(page: &Html, selector: &str) -> Vec<String> {
    page.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn attrs(page: &Html, selector: &str, attr: &str) -> Vec<String> {
    page.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

/// The repository's own folder (the bundled edition's root).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
