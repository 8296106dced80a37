//! `letopis init DIR`: a small edition that builds with no warnings, to start from.

use super::Outcome;
use crate::cli::{InitArgs, Template};
use anyhow::{Context as _, bail};

/// The files of a new edition: one chapter, one entry per register, one source, each
/// entry mentioned so that the first build is clean.
const FILES: [(&str, &str); 6] = [
    (
        "book.toml",
        r#"[book]
title = "A New Edition"
authors = ["Your Name"]
language = "en"
description = "What this edition publishes, in one or two sentences."

[build]
footnote-numbering = "edition"
"#,
    ),
    (
        "content/chapters/01-introduction.md",
        r#"---
title: Introduction
summary: How an edition is written.
themes: [editing]
speakers:
  - person: smith
    source: report1936
    pages: "12–14"
    role: chair of the meeting
---

Mentions are links to register entries: [J. Smith](person:smith) spoke for the
[Example Works](enterprise:example-works). Citations follow Pandoc: [@report1936, p. 12].[^1]

A passage on [editing](theme:editing) links back from the theme's page.

[^1]: Notes are numbered across the edition, as in print.
"#,
    ),
    (
        "content/registers/persons.yaml",
        "smith:\n  name: Smith J.\n  label: J. Smith\n  description: Chair of the meeting.\n  related: [enterprise:example-works]\n",
    ),
    (
        "content/registers/enterprises.yaml",
        "example-works:\n  name: Example Works\n  description: A plant named in the report.\n",
    ),
    (
        "content/registers/themes.yaml",
        "editing:\n  name: Editing\n  description: How the text was prepared.\n",
    ),
    (
        "content/sources.yaml",
        "report1936:\n  short: \"Report, 1936\"\n  title: \"Report of the meeting. 1936.\"\n  kind: stenogram\n",
    ),
];

/// `--template letters`: a small correspondence edition that shows every field of a
/// document (date, place, authors, addressees, genre, archival original), sheet
/// locators with verso, a facsimile with a caption, and labels in its own words.
const LETTERS: [(&str, &[u8]); 11] = [
    letters_file!("book.toml"),
    letters_file!("content/chapters/01-uralmash.md"),
    letters_file!("content/chapters/02-gaz.md"),
    letters_file!("content/chapters/03-reply.md"),
    letters_file!("content/registers/persons.yaml"),
    letters_file!("content/registers/enterprises.yaml"),
    letters_file!("content/registers/themes.yaml"),
    letters_file!("content/registers/places.yaml"),
    letters_file!("content/introduction.md"),
    letters_file!("content/sources.yaml"),
    letters_file!("content/static/letter-sheet.png"),
];

/// A file of the letters scaffold, kept in `src/cmd/init/letters/` so it can be read
/// and built as an edition of its own.
macro_rules! letters_file {
    ($path:literal) => {
        ($path, include_bytes!(concat!("init/letters/", $path)))
    };
}
use letters_file;

/// Creates the edition folder.
pub(super) fn run(args: InitArgs) -> anyhow::Result<Outcome> {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} exists and is not empty; choose a new folder",
                dir.display()
            );
        }
    }
    let files: Vec<(&str, &[u8])> = match args.template {
        Template::Basic => FILES.iter().map(|(p, t)| (*p, t.as_bytes())).collect(),
        Template::Letters => LETTERS.to_vec(),
    };
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    errln!(
        "created a new edition in {}; build it with: letopis build --root {}",
        dir.display(),
        shell_word(&dir.display().to_string())
    );
    Ok(Outcome::Success)
}

/// `text` as one word of a command line an editor pastes into a terminal: as it is when
/// it holds only characters no shell treats specially, else quoted.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./:@%+,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else if cfg!(windows) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
