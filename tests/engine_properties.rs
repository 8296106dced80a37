//! Property tests: random Markdown, front matter and bytes never make the engine panic,
//! and every diagnostic points at a real line of its file (or at the whole file).
//!
//! The library is called directly (no process per case) so a few hundred cases run in
//! about a second.

use letopis::diagnostics::{Diagnostic, SourceText};
use letopis::load::{ChapterFile, ChapterMeta};
use letopis::site::Site;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;

const BOOK: &str = "[book]\ntitle = \"P\"\nlanguage = \"ru\"\n\n[registers.person]\n[registers.theme]\n[registers.session]\n";

/// The edition around the random chapter: ids and keys the generators use.
const FILES: [(&str, &str); 4] = [
    (
        "content/registers/persons.yaml",
        "a:\n  name: Абрамов\n  related: [theme:t]\nb:\n  name: Ёлкин\n  description: См. [@k, с. 2].\n",
    ),
    ("content/registers/themes.yaml", "t:\n  name: Тема\n"),
    (
        "content/registers/sessions.yaml",
        "s:\n  name: Заседание\n  date: 1936-06-25\n",
    ),
    ("content/sources.yaml", "k:\n  short: \"Совет…, 1936\"\n"),
];

const CHAPTER: &str = "content/chapters/01-random.md";

/// Pieces that exercise the parser's corners: brackets, citations, note calls,
/// mentions, emphasis, escapes, blocks, Cyrillic.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "[",
            "]",
            "[@",
            "[^",
            "**",
            "*",
            "_",
            "\\",
            "\n",
            "\n\n",
            "# ",
            "## ",
            "```",
            "```rust\n",
            "~~~",
            "> ",
            "- ",
            "1. ",
            "    ",
            "(",
            ")",
            ":",
            ".",
            "`",
            "@k",
            "|",
            "ё",
            "Жуков",
            "[x](person:a)",
            "[](person:b)",
            "[y](theme:t)",
            "[z](nokind:q)",
            "[q](person:Bad_Id)",
            "**[A](person:a):** ",
            "**[](person:b).** ",
            "[@k, с. 38]",
            "[@k,\nс. 9; @missing]",
            "[@k; oops]",
            "[^1]",
            "\n[^1]: note [x](person:a)\n",
            "[^2]",
            "<b>",
            "</b>",
            "![img](static/x.png)",
            "[link](other.html#p-1)",
            "| a | b |\n|---|--:|\n| c | d |\n",
            "\r\n",
            "\u{feff}",
            "\t",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Zа-яё0-9 ]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

/// Front matter lines, valid and not.
fn front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        prop::sample::select(vec![
            "title: Глава",
            "title: [",
            "title: \"unclosed",
            "title:",
            "order: 3",
            "order: first",
            "slug: random",
            "slug: Bad Slug",
            "slug: notes",
            "summary: ё",
            "themes: [t]",
            "themes: [nope, t]",
            "speakers:\n  - person: a\n    session: s\n    source: k\n    pages: \"38–39\"\n    role: директор",
            "speakers:\n  - person: zz\n    session: nope",
            "speakers:\n  - rol: x",
            "footnotes:\n  \"1\": \"[Note](person:a) [@k, с. 1]\"",
            "footnotes:\n  2: \"двойное\\nпримечание\"",
            "editorial-title: true",
            "unknown: 1",
            "  bad: indent",
            "\t",
            "---",
            "- list",
            "? key",
            "&anchor x: *anchor",
        ])
        .prop_map(str::to_owned),
        "[a-z:\\[\\]\"'{}, -]{0,12}",
    ];
    prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n"))
}

/// A chapter file: framed front matter (closed or not), then the body.
fn chapter_text() -> impl Strategy<Value = String> {
    (any::<Option<bool>>(), front_matter(), markdown()).prop_map(
        |(frame, yaml, body)| match frame {
            Some(true) => format!("---\n{yaml}\n---\n{body}"),
            Some(false) => format!("---\n{yaml}\n{body}"),
            None => body,
        },
    )
}

/// A chapter made only of valid constructs, in random order and number, so that the
/// build gets past link and renders.
fn valid_chapter() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        prop::sample::select(vec![
            "Текст [x](person:a) и [](person:b).",
            "**[A](person:a):** Слово [@k, с. 38].",
            "Цитата [@k, с. 9; @k] и [@k,\nс. 100–102].",
            "## Раздел ё",
            "- пункт [y](theme:t)\n- второй",
            "> Цитата [z](session:s)",
            "```rust\nfn main() {}\n```",
            "```nosuchlanguage\n[@k] <b>\n```",
            "| a | b |\n|---|--:|\n| [x](person:a) | 2 |",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Zа-яё0-9 ,.]{1,30}",
    ];
    let front = prop::sample::subsequence(
        vec![
            "themes: [t]",
            "speakers:\n  - person: a\n    session: s\n    source: k\n    pages: \"38–39\"\n    role: директор",
            "editorial-title: true",
            "summary: Кратко",
            "order: 2",
        ],
        0..=5,
    );
    (front, prop::collection::vec(block, 0..12)).prop_map(|(front, blocks)| {
        format!(
            "---\ntitle: Глава\n{}\nfootnotes:\n  \"f\": \"Из [front matter](person:b).\"\n---\n\n{}\n\nКонец.[^f][^n]\n\n[^n]: Примечание [@k, с. 5].\n",
            front.join("\n"),
            blocks.join("\n\n")
        )
    })
}

/// A file's text as load reads it: a lone CR ends a line, as CommonMark says, and is
/// read as LF.
fn as_read(text: &str) -> String {
    text.split("\r\n")
        .map(|part| part.replace('\r', "\n"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Fails unless the diagnostic concerns the whole file, or names a line of `text` and
/// shows that line.
fn check_position(d: &Diagnostic, text: &str) -> Result<(), TestCaseError> {
    if d.line == 0 {
        prop_assert_eq!(d.column, 0, "{:?}", d);
        return Ok(());
    }
    let src = SourceText::new("", text);
    let line = src.line_text(d.line);
    prop_assert!(line.is_some(), "line {} is past the end: {:?}", d.line, d);
    let line = line.unwrap_or_default();
    prop_assert!(d.column >= 1, "{:?}", d);
    prop_assert!(d.column <= line.chars().count() + 1, "{:?}", d);
    prop_assert_eq!(d.source_line.as_deref(), Some(line), "{:?}", d);
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn random_markdown_never_panics_the_parser() {
    let settings = letopis::parse::Settings {
        kinds: vec!["person", "enterprise", "theme"],
        ..Default::default()
    };
    runner(256)
        .run(&markdown(), |body| {
            let chapter = ChapterFile {
                src: SourceText::new(CHAPTER, body.as_str()),
                stem: "01-random".to_owned(),
                meta: ChapterMeta::default(),
                body: 0..body.len(),
            };
            let (_, diagnostics) = letopis::parse::parse_chapter(&chapter, &settings);
            for d in &diagnostics {
                check_position(d, &body)?;
            }
            Ok(())
        })
        .unwrap();
}

/// Writes the fixed files of the edition into `root`.
fn write_edition(root: &Path) {
    std::fs::write(root.join("book.toml"), BOOK).unwrap();
    for (path, text) in FILES {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(root.join("content/chapters")).unwrap();
}

/// Builds the edition in memory with `chapter` as its one chapter; every diagnostic
/// must point into its file. Returns the rendered site, if the build had no errors.
fn build_with(root: &Path, chapter: &[u8]) -> Result<Option<Site>, TestCaseError> {
    std::fs::write(root.join(CHAPTER), chapter).unwrap();
    let src = SourceText::new(letopis::config::CONFIG_FILE, BOOK);
    let config = letopis::config::parse(root, &src).expect("a valid book.toml");
    let (checked, site) = letopis::build(&config).expect("no I/O failure");
    prop_assert_eq!(site.is_some(), !checked.has_errors());
    for d in &checked.diagnostics {
        let text = match d.file.as_str() {
            CHAPTER => as_read(&String::from_utf8_lossy(chapter)),
            other => {
                let fixed = FILES.iter().find(|(path, _)| *path == other);
                prop_assert!(fixed.is_some(), "a diagnostic in {}: {:?}", other, d);
                fixed.map(|(_, text)| text.to_string()).unwrap_or_default()
            }
        };
        check_position(d, &text)?;
    }
    Ok(site)
}

#[test]
fn random_chapters_with_front_matter_never_panic_and_point_into_their_files() {
    let dir = tempfile::tempdir().unwrap();
    write_edition(dir.path());
    runner(96)
        .run(&chapter_text(), |text| {
            build_with(dir.path(), text.as_bytes()).map(drop)
        })
        .unwrap();
}

#[test]
fn random_bytes_in_a_chapter_are_diagnostics_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    write_edition(dir.path());
    let bytes = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        chapter_text().prop_map(|text| {
            let mut bytes = text.into_bytes();
            bytes.insert(bytes.len() / 2, 0xff);
            bytes
        }),
    ];
    runner(64)
        .run(&bytes, |bytes| build_with(dir.path(), &bytes).map(drop))
        .unwrap();
}

#[test]
fn random_valid_chapters_build_and_render() {
    let dir = tempfile::tempdir().unwrap();
    write_edition(dir.path());
    runner(48)
        .run(&valid_chapter(), |text| {
            let site = build_with(dir.path(), text.as_bytes())?;
            let site = site.ok_or_else(|| TestCaseError::fail(format!("errors in:\n{text}")))?;
            prop_assert!(site.get("random.html").is_some());
            prop_assert!(site.get("persons/a.html").is_some());
            Ok(())
        })
        .unwrap();
}
