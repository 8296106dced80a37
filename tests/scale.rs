//! Scale (issue 11): long lists go on in numbered pages with every place still reachable
//! and no page over a size limit; the output is the same on every run and with any
//! number of threads; `build --timings` reports the stages and the bytes written.
//!
//! The editions are generated here, small, with a small `places-per-page`, so that the
//! paging a 10,000-chapter edition needs is exercised in a fraction of a second.

mod support;

use scraper::Html;
use std::collections::BTreeSet;
use std::process::Command;
use support::{Run, TestEdition, attrs, files_under, tree};

/// An edition of `chapters` chapters, each with a speech turn of `x`, mentions of `x`
/// in its text and notes, and a citation of `s0`; lists cut at `per_page` places.
fn generated(chapters: usize, per_page: usize) -> TestEdition {
    let book = format!(
        "[book]\ntitle = \"Scale\"\nlanguage = \"ru\"\n[build]\nplaces-per-page = {per_page}\n"
    );
    let edition = TestEdition::new(&book)
        .file(
            "content/registers/persons.yaml",
            "x:\n  name: Лицо Икс\ny:\n  name: Лицо Игрек\n",
        )
        .file("content/sources.yaml", "s0:\n  short: \"Источник, 1936\"\n");
    for c in 0..chapters {
        let text = format!(
            "---\ntitle: Глава {c}\n---\n\n\
             **[](person:x):** Речь о плане [инженеров](person:x) и [техников](person:y).\n\n\
             Второй абзац [@s0, с. {page}] о [заводе](person:x).[^1] Ещё[^2] и ещё.[^3]\n\n\
             [^1]: Примечание о [нём](person:x), довольно длинное, чтобы страница росла.\n\n\
             [^2]: Второе примечание, тоже с текстом.\n\n\
             [^3]: Третье примечание.\n",
            page = c % 7 + 1
        );
        edition.write(&format!("content/chapters/{c:04}.md"), text);
    }
    edition
}

/// Builds `edition` into `out` with `threads` rendering threads.
fn build_into(edition: &TestEdition, out: &std::path::Path, threads: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command
        .args(["build", "--root"])
        .arg(edition.root())
        .arg("--out")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads);
    let run = Run::of(command);
    run.assert_success();
    run
}

/// The output path a link on the page at `from` leads to, without its fragment.
fn resolve(from: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// The pages of the list whose first page is `first`, in the pager's order (just
/// `first` when it has no pager).
fn list_pages(out: &std::path::Path, first: &str) -> Vec<String> {
    let page = read(out, first);
    let pager = attrs(&page, "nav.pager a", "href");
    if pager.is_empty() {
        return vec![first.to_owned()];
    }
    pager.iter().map(|href| resolve(first, href)).collect()
}

fn read(out: &std::path::Path, path: &str) -> Html {
    let text = std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    Html::parse_document(&text)
}

/// Every place (chapter page and anchor) the list starting at `first` quotes under
/// `selector`, page after page.
fn places(out: &std::path::Path, first: &str, selector: &str) -> Vec<String> {
    list_pages(out, first)
        .iter()
        .flat_map(|path| {
            let page = read(out, path);
            attrs(&page, selector, "href")
                .into_iter()
                .map(|href| {
                    format!(
                        "{}#{}",
                        resolve(path, &href),
                        href.split('#').nth(1).unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The size of the largest page under `out`, and its path.
fn largest(out: &std::path::Path) -> (u64, String) {
    files_under(out)
        .into_iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| (std::fs::metadata(out.join(&path)).unwrap().len(), path))
        .max()
        .unwrap()
}

#[test]
fn every_place_stays_reachable_from_the_first_page_and_no_page_is_over_the_limit() {
    const LIMIT: u64 = 64 * 1024;
    let chapters = 120;
    let whole = tempfile::tempdir().unwrap();
    let paged = tempfile::tempdir().unwrap();
    // One page per list: the lists as a page of an ordinary edition shows them.
    build_into(&generated(chapters, 100_000), whole.path(), "2");
    build_into(&generated(chapters, 40), paged.path(), "2");
    let (size, path) = largest(whole.path());
    assert!(
        size > LIMIT,
        "the unpaged edition must exceed the limit, {path} has {size}"
    );

    for (first, selector) in [
        ("persons/x.html", ".mentions a.place"),
        ("persons/x.html", ".turns a.place"),
        ("sources/s0.html", "a.place"),
        ("notes.html", ".notes-list a.backlink"),
    ] {
        let all = places(whole.path(), first, selector);
        let split = places(paged.path(), first, selector);
        assert!(all.len() >= chapters, "{first}: {} places", all.len());
        assert_eq!(
            split, all,
            "{first}: the pages together list every place, in order"
        );
        assert!(
            list_pages(paged.path(), first).len() > 2,
            "{first} is paged"
        );
    }
    // Every mention's anchor exists on its chapter's page.
    for place in places(paged.path(), "persons/x.html", ".mentions a.place") {
        let (page, anchor) = place.split_once('#').unwrap();
        let ids = attrs(
            &read(paged.path(), page),
            &format!("[id=\"{anchor}\"]"),
            "id",
        );
        assert_eq!(ids, [anchor], "{place}");
    }
    // Every note of the edition is on one of the notes pages, once.
    let notes: Vec<String> = list_pages(paged.path(), "notes.html")
        .iter()
        .flat_map(|path| attrs(&read(paged.path(), path), ".notes-list li[id]", "id"))
        .collect();
    assert_eq!(notes.len(), chapters * 3);
    assert_eq!(notes.iter().collect::<BTreeSet<_>>().len(), notes.len());
    let (size, path) = largest(paged.path());
    assert!(size <= LIMIT, "{path} has {size} bytes");
}

#[test]
fn the_pager_names_each_page_and_marks_the_current_one() {
    let out = tempfile::tempdir().unwrap();
    build_into(&generated(12, 10), out.path(), "2");
    let page = read(out.path(), "persons/x/2.html");
    let current = attrs(&page, "nav.pager a[aria-current=page]", "href");
    assert_eq!(current, ["../../persons/x/2.html"]);
    let ranges = support::texts(&page, "nav.pager .pager-range");
    assert_eq!(
        ranges.first().map(String::as_str),
        Some("Глава 0 – Глава 4")
    );
    let back = attrs(&page, "h1 a", "href");
    assert_eq!(back, ["../../persons/x.html"]);
    assert_eq!(
        support::texts(&page, "title"),
        ["Лицо Икс — страница 2 из 8 — Scale"]
    );
}

#[test]
fn output_is_identical_between_runs_and_between_one_and_two_threads() {
    let edition = generated(40, 15);
    let runs: Vec<_> = [("1", "a"), ("2", "b"), ("2", "c"), ("1", "d")]
        .into_iter()
        .map(|(threads, name)| {
            let out = edition.root().join(name);
            build_into(&edition, &out, threads);
            // The output marker is letopis's own record of the build (with the files'
            // modification times), not part of the published edition.
            let mut files = tree(&out);
            files.retain(|(path, _)| path != ".letopis-output");
            files
        })
        .collect();
    assert!(runs[0].len() > 60, "{} files", runs[0].len());
    for other in &runs[1..] {
        assert!(*other == runs[0], "two builds differ");
    }
}

#[test]
fn timings_report_every_stage_and_the_bytes_of_each_kind() {
    let edition = generated(30, 20);
    let run = edition.run(&["build", "--timings"]);
    run.assert_success();
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| ["config", "load", "parse", "link", "render", "write"].contains(word))
        .collect();
    assert_eq!(
        stages,
        ["config", "load", "parse", "link", "render", "write"]
    );
    let out = edition.root().join("public");
    let written = |kind: &str| -> Vec<u64> {
        let line = run
            .stderr
            .lines()
            .rev()
            .find(|l| l.starts_with(kind))
            .unwrap();
        line[kind.len()..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect()
    };
    let chapter_bytes: u64 = (0..30)
        .map(|c| {
            std::fs::metadata(out.join(format!("{c:04}.html")))
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(written("chapters")[..2], [30, chapter_bytes]);
    let files = files_under(&out);
    let all_bytes: u64 = files
        .iter()
        .filter(|p| !p.starts_with(".letopis"))
        .map(|p| std::fs::metadata(out.join(p)).unwrap().len())
        .sum();
    let total = written("total");
    assert_eq!(total[..2], [files.len() as u64 - 1, all_bytes]);
    assert!(written("notes")[0] > 1, "the notes are paged");
}

#[test]
fn the_bundled_edition_has_no_numbered_pages() {
    let edition = TestEdition::bundled();
    let built = edition.build();
    built.run.assert_success();
    let numbered: Vec<String> = built
        .files()
        .into_iter()
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            p.contains('/') && name.trim_end_matches(".html").parse::<usize>().is_ok()
        })
        .collect();
    assert!(numbered.is_empty(), "{numbered:?}");
    assert!(
        built
            .page("notes.html")
            .select(&support::sel("nav.pager"))
            .next()
            .is_none()
    );
}
