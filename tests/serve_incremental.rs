//! The property behind `serve`'s incremental rebuilds: after any sequence of edits, the
//! site rebuilt through the caches is byte for byte the site a fresh `build` makes of
//! the same files, and the problems reported are the same.
//!
//! The library is called directly, as `serve` calls it, so each case costs two small
//! builds per edit rather than two processes.

mod support;

use letopis::pipeline::Caches;
use letopis::render::MemoFile;
use letopis::timings::Timings;
use proptest::prelude::*;
use std::collections::BTreeMap;
use support::TestEdition;

/// The chapters of `theme_edition` and two more an edit may add.
const CHAPTERS: [&str; 4] = [
    "01-opening.md",
    "02-closing.md",
    "03-extra.md",
    "04-more.md",
];
const PERSONS: [&str; 3] = ["elkin", "yolkin", "abramov"];

/// One thing an editor might do between two saves.
#[derive(Debug, Clone)]
enum Edit {
    /// A paragraph mentioning a person, added to the end of a chapter.
    Paragraph { chapter: usize, person: usize },
    /// A paragraph mentioning a person, put first in a chapter (every anchor after it
    /// moves).
    Prepend { chapter: usize, person: usize },
    /// A word changed in the chapter's text, in a passage that mentions people.
    Reword { chapter: usize },
    /// A new title.
    Retitle { chapter: usize, title: u8 },
    /// A note called at the end of a chapter (the numbers of later chapters move).
    Note { chapter: usize },
    /// A chapter written afresh, with a link to another chapter.
    Write { chapter: usize, person: usize },
    /// A chapter deleted.
    Delete { chapter: usize },
    /// A chapter moved first in the reading order.
    First { chapter: usize },
    /// A person's running-text label changed.
    Label { person: usize, label: u8 },
    /// A new, unreferenced person (a warning).
    NewPerson { n: u8 },
    /// The persons register broken (errors) or mended.
    BreakPersons,
    /// A static file added or changed.
    Static { n: u8 },
    /// The book's title changed.
    BookTitle { n: u8 },
    /// `anchors.lock` written as `build` writes it (later edits then move passages
    /// away from their locked anchors), or deleted when there is one.
    Lock,
    /// A chapter renamed: its lock section is found by its passages.
    Rename { chapter: usize },
    /// A paragraph mentioning a person and citing a source that may not exist yet
    /// (an error until [`Edit::NewPerson`] and [`Edit::NewSource`] add them), and
    /// mentioning another by its label alone (an empty mention: [`Edit::Label`]
    /// changes its snippets).
    Unknown { chapter: usize, n: u8 },
    /// A new source, first in `sources.yaml` (every other source's index moves).
    NewSource { n: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let chapter = 0..CHAPTERS.len();
    let person = 0..PERSONS.len();
    prop_oneof![
        (chapter.clone(), person.clone())
            .prop_map(|(chapter, person)| Edit::Paragraph { chapter, person }),
        (chapter.clone(), person.clone())
            .prop_map(|(chapter, person)| Edit::Prepend { chapter, person }),
        chapter.clone().prop_map(|chapter| Edit::Reword { chapter }),
        (chapter.clone(), any::<u8>())
            .prop_map(|(chapter, title)| Edit::Retitle { chapter, title }),
        chapter.clone().prop_map(|chapter| Edit::Note { chapter }),
        (chapter.clone(), person.clone())
            .prop_map(|(chapter, person)| Edit::Write { chapter, person }),
        chapter.clone().prop_map(|chapter| Edit::Delete { chapter }),
        chapter.prop_map(|chapter| Edit::First { chapter }),
        (person, any::<u8>()).prop_map(|(person, label)| Edit::Label { person, label }),
        (0u8..3).prop_map(|n| Edit::NewPerson { n }),
        Just(Edit::BreakPersons),
        any::<u8>().prop_map(|n| Edit::Static { n }),
        any::<u8>().prop_map(|n| Edit::BookTitle { n }),
        Just(Edit::Lock),
        (0..CHAPTERS.len()).prop_map(|chapter| Edit::Rename { chapter }),
        (0..CHAPTERS.len(), 0u8..3).prop_map(|(chapter, n)| Edit::Unknown { chapter, n }),
        (0u8..3).prop_map(|n| Edit::NewSource { n }),
    ]
}

impl Edit {
    fn apply(&self, edition: &TestEdition) {
        let chapter_path = |c: usize| format!("content/chapters/{}", CHAPTERS[c]);
        let read = |path: &str| std::fs::read_to_string(edition.root().join(path)).ok();
        let change = |path: &str, f: &dyn Fn(String) -> String| {
            if let Some(text) = read(path) {
                edition.write(path, f(text));
            }
        };
        match *self {
            Self::Paragraph { chapter, person } => change(&chapter_path(chapter), &|t| {
                format!("{t}\nMore on [{0}](person:{0}).\n", PERSONS[person])
            }),
            Self::Prepend { chapter, person } => change(&chapter_path(chapter), &|t| {
                let body = t.rfind("---\n").map_or(0, |at| at + 4);
                let first = format!(
                    "\nFirst, [{0}](person:{0}) [@steno, p. 1].\n",
                    PERSONS[person]
                );
                format!("{}{first}{}", &t[..body], &t[body..])
            }),
            Self::Reword { chapter } => change(&chapter_path(chapter), &|t| {
                t.replacen(" the ", " a ", 1)
                    .replacen("spoke", "said", 1)
                    .replacen("ends here", "ends", 1)
                    .replacen("A note on", "On", 1)
            }),
            Self::Retitle { chapter, title } => change(&chapter_path(chapter), &|t| {
                replace_line(&t, "title:", &format!("title: Title {title}"))
            }),
            Self::Note { chapter } => change(&chapter_path(chapter), &|t| {
                let n = t.matches("[^x").count();
                format!("{t}\nNoted.[^x{n}]\n\n[^x{n}]: Note {n}.\n")
            }),
            Self::Write { chapter, person } => {
                let other = CHAPTERS[(chapter + 1) % CHAPTERS.len()];
                let text = format!(
                    "---\ntitle: Written {chapter}\n---\n\n[Someone](person:{}) spoke. \
                     See [the other]({other}).\n",
                    PERSONS[person]
                );
                edition.write(&chapter_path(chapter), text);
            }
            Self::Delete { chapter } => {
                let _ = std::fs::remove_file(edition.root().join(chapter_path(chapter)));
            }
            Self::First { chapter } => change(&chapter_path(chapter), &|t| {
                t.replacen("---\n", "---\norder: -1\n", 1)
            }),
            Self::Label { person, label } => change("content/registers/persons.yaml", &|t| {
                let at = format!("{}:\n", PERSONS[person]);
                t.replacen(&at, &format!("{at}  label: Label {label}\n"), 1)
                    .replacen(&format!("  label: Label {label}\n  label:"), "  label:", 1)
            }),
            Self::NewPerson { n } => change("content/registers/persons.yaml", &|t| {
                format!("{t}new{n}:\n  name: New {n}\n")
            }),
            Self::Unknown { chapter, n } => change(&chapter_path(chapter), &|t| {
                format!(
                    "{t}\nAs [someone](person:new{n}) wrote [@new{n}, p. 2] to [](person:abramov).\n"
                )
            }),
            Self::NewSource { n } => change("content/sources.yaml", &|t| {
                format!("new{n}:\n  short: New {n}, 1937\n{t}")
            }),
            Self::BreakPersons => change("content/registers/persons.yaml", &|t| match t
                .strip_suffix("broken: [\n")
            {
                Some(mended) => mended.to_owned(),
                None => format!("{t}broken: [\n"),
            }),
            Self::Static { n } => edition.write(&format!("content/static/f{}.txt", n % 3), [n]),
            Self::BookTitle { n } => change("book.toml", &|t| {
                replace_line(&t, "title =", &format!("title = \"Edition {n}\""))
            }),
            Self::Lock => lock(edition),
            Self::Rename { chapter } => {
                let from = edition.root().join(chapter_path(chapter));
                let to = CHAPTERS[(chapter + 2) % CHAPTERS.len()];
                let to = edition.root().join(format!("content/chapters/{to}"));
                if !to.exists() {
                    let _ = std::fs::rename(from, to);
                }
            }
        }
    }
}

/// `text` with its first line starting with `start` replaced by `line`.
fn replace_line(text: &str, start: &str, line: &str) -> String {
    let mut done = false;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(start) {
                done = true;
                line
            } else {
                l
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

/// Writes `anchors.lock` as `build` does, or deletes it when there is one.
fn lock(edition: &TestEdition) {
    let path = edition.root().join(letopis::link::ANCHORS_LOCK);
    if path.exists() {
        std::fs::remove_file(path).unwrap();
        return;
    }
    let Ok(config) = letopis::config::load(edition.root()).expect("book.toml is readable") else {
        return;
    };
    let checked = letopis::pipeline::check(&config).expect("a check");
    let text = checked.edition.anchors.text();
    std::fs::write(path, text.expect("with no lock file, a new one")).unwrap();
}

/// Rebuilds through `caches` and checks the result against a fresh build.
fn assert_same_as_fresh(caches: &mut Caches, edition: &TestEdition) -> Result<(), TestCaseError> {
    let config = match letopis::config::load(edition.root()).expect("book.toml is readable") {
        Ok(config) => config,
        Err(_) => return Ok(()),
    };
    let cached = caches
        .check(&config, &mut Timings::default())
        .expect("check through the caches");
    let (fresh, site) = letopis::build(&config).expect("a fresh build");
    prop_assert_eq!(&cached.diagnostics, &fresh.diagnostics);
    prop_assert_eq!(cached.edition.anchors.text(), fresh.edition.anchors.text());
    let Some(site) = site else {
        return Ok(());
    };
    caches
        .render(&cached.edition, &mut Timings::default())
        .expect("render through the caches");
    let served: BTreeMap<&str, Vec<u8>> = caches
        .site()
        .files()
        .map(|(path, file)| match file {
            MemoFile::Bytes(bytes) => (path.as_str(), bytes.to_vec()),
            MemoFile::Copy(source) => (path.as_str(), std::fs::read(source).unwrap()),
        })
        .collect();
    let built: BTreeMap<&str, &[u8]> = site
        .pages()
        .iter()
        .map(|page| (page.path.as_str(), &page.bytes[..]))
        .collect();
    prop_assert_eq!(
        served.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in built {
        prop_assert!(
            served[path] == bytes,
            "{} differs from a fresh build:\n{}",
            path,
            String::from_utf8_lossy(&served[path])
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn after_random_edits_the_cached_site_equals_a_fresh_build(
        locked in any::<bool>(),
        paged in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..8)
    ) {
        let edition = support::theme_edition("en");
        if locked {
            lock(&edition);
        }
        // Two places a page: entries', sources' and the notes' lists go on in numbered
        // pages, each of which is fingerprinted by its own places.
        if paged {
            let book = std::fs::read_to_string(edition.root().join("book.toml")).unwrap();
            edition.write("book.toml", format!("{book}\n[build]\nplaces-per-page = 2\n"));
        }
        let mut caches = Caches::default();
        assert_same_as_fresh(&mut caches, &edition)?;
        for edit in &edits {
            edit.apply(&edition);
            assert_same_as_fresh(&mut caches, &edition)?;
        }
    }
}

#[test]
fn an_edit_of_one_chapter_renders_only_the_pages_it_shows_on() {
    let edition = support::theme_edition("en");
    let config = letopis::config::load(edition.root()).unwrap().unwrap();
    let mut caches = Caches::default();
    let rebuild = |caches: &mut Caches| {
        let checked = caches.check(&config, &mut Timings::default()).unwrap();
        let (stats, _) = caches
            .render(&checked.edition, &mut Timings::default())
            .unwrap();
        stats
    };
    let first = rebuild(&mut caches);
    assert_eq!(first.rendered, 19, "{first:?}");
    // A paragraph mentioning Abramov at the end of the second chapter: of 19 pages, the
    // chapter; his page; the persons' index, which counts mentions; the title page,
    // whose map counts the chapter's passages. The other entries' pages show passages
    // that did not change, and the notes did not change either.
    // Then the same in the first chapter, which lists the theme `norms` in its front
    // matter: the theme's page lists the chapter by its title, which a new paragraph
    // leaves as it was, so it is not rendered again; the second chapter is (its preview
    // card of Abramov counts his mentions).
    for (chapter, pages) in [(1, 4), (0, 5)] {
        Edit::Paragraph { chapter, person: 2 }.apply(&edition);
        let stats = rebuild(&mut caches);
        assert_eq!(stats.rendered, pages, "chapter {chapter}: {stats:?}");
    }
}

#[test]
fn a_new_label_reaches_the_kept_snippets_of_empty_mentions() {
    let edition = support::theme_edition("en");
    let mut caches = Caches::default();
    let edits = [
        Edit::NewPerson { n: 0 },
        Edit::NewSource { n: 0 },
        Edit::Unknown { chapter: 0, n: 0 },
        // Abramov has no label of his own: his name stood in the empty mention.
        Edit::Label {
            person: 2,
            label: 7,
        },
    ];
    assert_same_as_fresh(&mut caches, &edition).unwrap();
    for edit in &edits {
        edit.apply(&edition);
        assert_same_as_fresh(&mut caches, &edition).unwrap();
    }
}
