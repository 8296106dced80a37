//! Acceptance test of the bundled edition (book.toml + content/ at the repository root):
//! built by the real binary, its notes, registers, citations, chapters and sessions are
//! complete and every link between them resolves.

mod support;

use scraper::Html;
use support::{Built, attrs, build_repo_edition, resolve_link, run_on_repo, sel, texts};

/// The bundled edition built without errors or warnings.
fn built() -> (tempfile::TempDir, Built) {
    let (dir, built) = build_repo_edition();
    built.assert_clean();
    (dir, built)
}

/// Fails unless `href`, a link on the output page `from`, leads to an existing page and,
/// if it names a fragment, to an element with that id; returns the target page.
#[track_caller]
fn follow(built: &Built, from: &str, href: &str) -> Html {
    let (path, fragment) = resolve_link(from, href);
    assert!(
        built.out.join(&path).is_file(),
        "{from}: link {href} leads to no page"
    );
    let page = built.page(&path);
    if let Some(id) = fragment {
        assert!(
            has_id(&page, &id),
            "{from}: link {href} leads to no element #{id}"
        );
    }
    page
}

fn has_id(page: &Html, id: &str) -> bool {
    page.select(&sel(&format!("[id=\"{id}\"]")))
        .next()
        .is_some()
}

/// The output paths of the pages linked from `index` (a register or source index page)
/// by `selector`.
fn entry_pages(built: &Built, index: &str, selector: &str) -> Vec<String> {
    let hrefs = attrs(&built.page(index), selector, "href");
    assert!(!hrefs.is_empty(), "{index} lists no entries");
    hrefs
        .iter()
        .map(|href| resolve_link(index, href).0)
        .collect()
}

/// The chapter pages, in reading order, from the table of contents.
fn chapter_pages(built: &Built) -> Vec<String> {
    entry_pages(built, "index.html", ".toc-list a")
}

/// The texts of the highlighted mentions on a register entry page.
fn marks(built: &Built, entry: &str) -> Vec<String> {
    texts(&built.page(entry), "section.mentions .place mark")
        .into_iter()
        .map(|mark| mark.split_whitespace().collect())
        .collect()
}

#[test]
fn notes_page_lists_21_notes_numbered_1_to_21_each_linking_back_to_its_call() {
    let (_dir, built) = built();
    let notes = built.page("notes.html");
    let numbers: Vec<String> = attrs(&notes, ".notes-list > li", "value");
    let expected: Vec<String> = (1..=21).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected);
    let backlinks = attrs(&notes, ".notes-list > li a.backlink", "href");
    assert_eq!(backlinks.len(), 21, "{backlinks:?}");
    for (n, href) in (1..=21).zip(&backlinks) {
        let (_, fragment) = resolve_link("notes.html", href);
        assert_eq!(fragment.as_deref(), Some(format!("fnref-{n}").as_str()));
        let chapter = follow(&built, "notes.html", href);
        let call = texts(&chapter, &format!("[id=\"fnref-{n}\"]"));
        assert_eq!(call, [n.to_string()], "the call of note {n} ({href})");
    }
}

#[test]
fn check_reports_no_diagnostics_at_all_on_the_bundled_edition() {
    let run = run_on_repo(&["check", "--format", "json"]);
    run.assert_success();
    assert_eq!(run.stdout.trim(), "", "diagnostics:\n{}", run.stdout);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn every_person_and_enterprise_page_lists_a_mention_that_leads_into_the_text() {
    let (_dir, built) = built();
    for index in ["persons/index.html", "enterprises/index.html"] {
        let entries = entry_pages(&built, index, ".entry-list a");
        for entry in entries {
            let places = attrs(&built.page(&entry), "section.mentions a.place", "href");
            assert!(!places.is_empty(), "{entry} lists no mention");
            for href in &places {
                follow(&built, &entry, href);
            }
        }
    }
}

#[test]
fn every_citation_leads_to_a_source_page_and_every_source_lists_its_places() {
    let (_dir, built) = built();
    let mut citations = 0;
    for chapter in chapter_pages(&built) {
        let page = built.page(&chapter);
        for citation in page.select(&sel(".citation")) {
            let hrefs: Vec<&str> = citation
                .select(&sel("a"))
                .filter_map(|a| a.value().attr("href"))
                .collect();
            assert!(!hrefs.is_empty(), "{chapter}: a citation links nowhere");
            for href in hrefs {
                let source = follow(&built, &chapter, href);
                let title = texts(&source, "main h1");
                assert!(title.iter().any(|t| !t.is_empty()), "{href} has no title");
            }
            citations += 1;
        }
    }
    assert_eq!(citations, 69, "the source's bracketed citations");
    for source in entry_pages(&built, "sources/index.html", ".source-list a") {
        let places = attrs(&built.page(&source), ".concordance dd a", "href");
        assert!(!places.is_empty(), "{source} lists no place");
        for href in &places {
            follow(&built, &source, href);
        }
    }
}

#[test]
fn every_chapter_page_has_a_title() {
    let (_dir, built) = built();
    let chapters = chapter_pages(&built);
    assert_eq!(
        chapters.len(),
        11,
        "the editorial note, then ten chapters: {chapters:?}"
    );
    assert_eq!(chapters[0], "editorial.html");
    for chapter in chapters {
        let titles = texts(&built.page(&chapter), "main h1");
        assert_eq!(titles.len(), 1, "{chapter}: {titles:?}");
        assert!(!titles[0].is_empty(), "{chapter} has an empty title");
    }
}

#[test]
fn sessions_index_lists_the_nine_sittings_of_25_to_29_june_1936_in_order() {
    let (_dir, built) = built();
    let index = built.page("sessions/index.html");
    let dates = attrs(&index, ".entry-list li time", "datetime");
    let expected = [25, 26, 26, 27, 27, 28, 28, 29, 29].map(|day| format!("1936-06-{day}"));
    assert_eq!(dates, expected);
    let sessions = entry_pages(
        &built,
        "sessions/index.html",
        ".entry-list .dated-entry > a",
    );
    assert_eq!(sessions.len(), 9);
    for session in sessions {
        assert!(built.out.join(&session).is_file(), "no page {session}");
    }
}

#[test]
fn the_two_ivanovs_and_the_two_ordzhonikidzes_are_distinct_entries() {
    let (_dir, built) = built();
    let title = |entry: &str| texts(&built.page(entry), "main h1");
    assert_eq!(title("persons/ivanov-vi.html"), ["Иванов В.И."]);
    assert_eq!(title("persons/ivanov-as.html"), ["Иванов А.С."]);
    assert_eq!(
        title("persons/ordzhonikidze-gk.html"),
        ["Орджоникидзе Г.К."]
    );
    assert_eq!(
        title("persons/ordzhonikidze-pk.html"),
        ["Орджоникидзе П.К."]
    );

    let vi = marks(&built, "persons/ivanov-vi.html");
    let as_ = marks(&built, "persons/ivanov-as.html");
    assert!(vi.iter().any(|m| m.contains("В.И.")), "{vi:?}");
    assert!(as_.iter().any(|m| m.contains("А.С.")), "{as_:?}");
    assert!(!vi.iter().any(|m| m.contains("А.С.")), "{vi:?}");
    assert!(!as_.iter().any(|m| m.contains("В.И.")), "{as_:?}");

    let gk = marks(&built, "persons/ordzhonikidze-gk.html");
    let pk = marks(&built, "persons/ordzhonikidze-pk.html");
    assert!(
        !pk.is_empty() && pk.iter().all(|m| m.contains("П.К.")),
        "{pk:?}"
    );
    assert!(!gk.iter().any(|m| m.contains("П.К.")), "{gk:?}");
}

/// Corrections of issue #13 from a reading against the source: the trust «Кадневуголь» is
/// not related to the newspaper «Кадневский пролетарий» (only the names are alike), and
/// И.И. Гудов's sitting is given as following from the pages, as the editorial note says.
#[test]
fn register_relations_claim_only_what_the_text_says() {
    let (_dir, built) = built();
    let related = attrs(
        &built.page("enterprises/kadnevugol.html"),
        "ul.related a",
        "href",
    );
    assert_eq!(related, ["../persons/vysotsky.html"]);
    let gudov = texts(&built.page("persons/gudov.html"), ".description").join(" ");
    assert!(
        gudov.contains("заседание текст не называет"),
        "persons/gudov.html: {gudov}"
    );
}

#[test]
fn the_editorial_note_is_published_in_russian_and_its_mentions_are_marked_as_the_editors() {
    let (_dir, built) = built();
    let page = built.page("editorial.html");
    assert_eq!(texts(&page, "main h1"), ["От редактора"]);
    assert!(
        texts(&page, "main h2")
            .iter()
            .any(|h| h.ends_with("Решения редактора")),
        "{:?}",
        texts(&page, "main h2")
    );
    let petrovsky = built.page("persons/petrovsky.html");
    let groups = texts(&petrovsky, "section.mentions h3");
    assert!(
        groups[0].starts_with("От редактора (текст редактора)"),
        "{groups:?}"
    );
    assert!(!groups[1].contains("текст редактора"), "{groups:?}");
}
