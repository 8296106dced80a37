//! The default theme's pages, read as parsed HTML: the theme's words follow the book's
//! language, every page is one well-formed document for phones (lang, one h1, viewport,
//! relative stylesheets, landmarks, no script), and the scholarly apparatus reads as
//! promised (dated chronological register, letter bar, back links to each note call,
//! the current page marked in the navigation).

mod support;

use scraper::Html;
use support::{Built, TestEdition, attrs, resolve_link, sel, texts, theme_edition};

/// The theme fixture built in `language`, with no warnings.
fn built(language: &str) -> (TestEdition, Built) {
    let edition = theme_edition(language);
    let built = edition.build();
    built.assert_clean();
    (edition, built)
}

/// Every HTML page of the output, by path, parsed.
fn pages(built: &Built) -> Vec<(String, Html)> {
    built
        .files()
        .into_iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| {
            let page = built.page(&path);
            (path, page)
        })
        .collect()
}

#[test]
fn theme_words_follow_the_language_of_the_book() {
    // (page, selector, Russian, English)
    let cases = [
        ("opening.html", "#notes-heading", "Примечания", "Notes"),
        (
            "opening.html",
            ".chapter-meta dt",
            "Выступающие",
            "Speakers",
        ),
        (
            "opening.html",
            "#chapter-toc-heading",
            "В этой главе",
            "In this chapter",
        ),
        ("opening.html", ".pager-label", "Далее →", "Next →"),
        (
            "opening.html",
            "a.skip-link",
            "Перейти к тексту",
            "Skip to the text",
        ),
        ("index.html", "#toc-heading", "Содержание", "Contents"),
        ("index.html", "#indexes-heading", "Указатели", "Indexes"),
        ("persons/index.html", "main h1", "Персоналии", "Persons"),
        (
            "persons/elkin.html",
            ".facts dt:first-of-type",
            "Нормализованная форма",
            "Normalised form",
        ),
        (
            "persons/elkin.html",
            ".facts dt:last-of-type",
            "Варианты написания",
            "Also written",
        ),
        ("persons/elkin.html", "#related-heading", "Связи", "Related"),
        ("sessions/day-one.html", ".facts dt", "Дата", "Date"),
        (
            "sources/steno.html",
            "#cited-heading",
            "Места ссылок (4 ссылки)",
            "Cited places (4 citations)",
        ),
        (
            "404.html",
            "main h1",
            "Страница не найдена",
            "Page not found",
        ),
    ];
    let (_ru_edition, ru) = built("ru");
    let (_en_edition, en) = built("en");
    for (path, selector, russian, english) in cases {
        assert_eq!(
            texts(&ru.page(path), selector)[..1],
            [russian],
            "{path} {selector}"
        );
        assert_eq!(
            texts(&en.page(path), selector)[..1],
            [english],
            "{path} {selector}"
        );
    }
    let nav_label = |built: &Built| attrs(&built.page("opening.html"), ".site-nav", "aria-label");
    assert_eq!(nav_label(&ru), ["Навигация"]);
    assert_eq!(nav_label(&en), ["Navigation"]);
}

#[test]
fn every_page_declares_the_language_of_the_book() {
    for language in ["ru", "en"] {
        let (_edition, built) = built(language);
        for (path, page) in pages(&built) {
            assert_eq!(attrs(&page, "html", "lang"), [language], "{path}");
        }
    }
}

#[test]
fn every_page_has_exactly_one_h1_and_the_landmarks() {
    let (_edition, built) = built("en");
    for (path, page) in pages(&built) {
        assert_eq!(
            texts(&page, "h1").len(),
            1,
            "{path}: {:?}",
            texts(&page, "h1")
        );
        for landmark in [
            "body > header",
            "nav.site-nav",
            "main#main",
            "body > footer",
        ] {
            assert_eq!(
                page.select(&sel(landmark)).count(),
                1,
                "{path} lacks {landmark}"
            );
        }
        assert_eq!(attrs(&page, "a.skip-link", "href"), ["#main"], "{path}");
    }
}

#[test]
fn every_page_fits_phones_through_a_viewport_and_relative_stylesheets() {
    let (_edition, built) = built("ru");
    for (path, page) in pages(&built) {
        assert_eq!(
            attrs(&page, "meta[name=viewport]", "content"),
            ["width=device-width, initial-scale=1"],
            "{path}"
        );
        let stylesheets = attrs(&page, "link[rel=stylesheet]", "href");
        assert_eq!(stylesheets.len(), 2, "{path}: {stylesheets:?}");
        if path == "404.html" {
            // A host serves 404.html at any depth, so its links start from the site's root.
            assert!(
                stylesheets.iter().all(|href| href.starts_with('/')),
                "{stylesheets:?}"
            );
            continue;
        }
        for href in stylesheets {
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{path}: {href}"
            );
            let (target, _) = resolve_link(&path, &href);
            assert!(
                built.out.join(&target).is_file(),
                "{path}: {href} leads nowhere"
            );
        }
    }
}

/// A page's scripts that run (every `<script>` but JSON data: JSON-LD, citations), each
/// as its `src` and whether it is deferred.
fn running_scripts(page: &scraper::Html) -> Vec<(String, bool)> {
    page.select(&sel("script"))
        .filter(|s| {
            !matches!(
                s.value().attr("type"),
                Some("application/ld+json" | "application/json")
            )
        })
        .map(|s| {
            let src = s.value().attr("src").unwrap_or("(inline)").to_owned();
            (src, s.value().attr("defer").is_some())
        })
        .collect()
}

/// Pages work without JavaScript: every script but the colour scheme's is deferred, so
/// the page is whole before it runs; scheme.js blocks on purpose, to set the reader's
/// scheme before first paint, and without it the toggle stays hidden. Search's (on every
/// page) leaves a plain form that opens search.html; "cite this passage" (#13, on chapter
/// pages) only adds to the `¶` links, which work as links; the reader's (#12, on chapter
/// pages) shows hidden highlight toggles and adds preview cards to links that work as links.
#[test]
fn pages_work_without_javascript() {
    let (_edition, built) = built("en");
    for (path, page) in pages(&built) {
        let scripts = running_scripts(&page);
        assert!(
            scripts
                .iter()
                .all(|(src, deferred)| *deferred != src.ends_with("/scheme.js")),
            "{path}: {scripts:?}"
        );
        let mut names: Vec<&str> = scripts
            .iter()
            .filter_map(|(src, _)| src.rsplit('/').next())
            .collect();
        names.sort_unstable();
        let expected: &[&str] = if page.select(&sel("script.cite-data")).next().is_some() {
            &["cite.js", "reader.js", "scheme.js", "search.js"]
        } else {
            &["scheme.js", "search.js"]
        };
        assert_eq!(names, expected, "{path}");
        let handlers = page
            .select(&sel("*"))
            .flat_map(|e| e.value().attrs().map(|(name, _)| name.to_owned()))
            .filter(|name| name.starts_with("on"))
            .collect::<Vec<_>>();
        assert!(handlers.is_empty(), "{path}: {handlers:?}");
    }
    let built_files = built.files();
    let ours = [
        "static/search.js",
        "static/snowball.js",
        "static/cite.js",
        "static/scheme.js",
        "static/reader.js",
    ];
    assert!(
        built_files
            .iter()
            .filter(|file| file.ends_with(".js"))
            .all(|file| ours.contains(&file.as_str()) || file.starts_with("static/search/")),
        "{built_files:?}"
    );
}

#[test]
fn navigation_marks_the_current_page_and_the_register_of_an_entry() {
    let (_edition, built) = built("en");
    let current = |path: &str| {
        let page = built.page(path);
        texts(&page, ".site-nav a[aria-current]")
            .into_iter()
            .zip(attrs(&page, ".site-nav a[aria-current]", "aria-current"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        current("persons/index.html"),
        [("Persons".into(), "page".into())]
    );
    assert_eq!(
        current("persons/elkin.html"),
        [("Persons".into(), "true".into())]
    );
    assert_eq!(
        current("sources/steno.html"),
        [("Sources".into(), "true".into())]
    );
    assert_eq!(current("notes.html"), [("Notes".into(), "page".into())]);
    assert_eq!(current("opening.html"), []);
}

#[test]
fn chronological_register_is_a_list_dated_in_the_language_of_the_book() {
    for (language, dates) in [
        ("ru", ["25 июня 1936 г.", "26 июня 1936 г."]),
        ("en", ["25 June 1936", "26 June 1936"]),
    ] {
        let (_edition, built) = built(language);
        let index = built.page("sessions/index.html");
        assert_eq!(texts(&index, "ul.dated-list li time"), dates, "{language}");
        assert_eq!(
            attrs(&index, "ul.dated-list li time", "datetime"),
            ["1936-06-25", "1936-06-26"]
        );
        assert_eq!(
            texts(&index, "ul.dated-list li .dated-entry > a"),
            ["First day", "Second day"]
        );
        assert!(texts(&index, "nav.letter-bar").is_empty(), "{language}");
        let session = built.page("sessions/day-one.html");
        assert_eq!(texts(&session, ".facts time"), dates[..1], "{language}");
    }
}

#[test]
fn letter_bar_files_yo_under_ye_and_leads_to_each_group() {
    let (_edition, built) = built("ru");
    let index = built.page("persons/index.html");
    assert_eq!(texts(&index, "nav.letter-bar a"), ["А", "Е"]);
    let groups: Vec<Vec<String>> = attrs(&index, "nav.letter-bar a", "href")
        .iter()
        .map(|href| {
            let id = href.strip_prefix('#').expect("a link within the page");
            texts(&index, &format!("section[id='{id}'] ul.entry-list a"))
        })
        .collect();
    assert_eq!(
        groups,
        [vec!["Абрамов А.А."], vec!["Елкин Е.Е.", "Ёлкин Ё.Ё."]]
    );
}

#[test]
fn a_note_called_twice_links_back_to_each_call() {
    let (_edition, built) = built("en");
    let page = built.page("opening.html");
    assert_eq!(attrs(&page, "sup.note-ref a", "href"), ["#fn-1", "#fn-1"]);
    assert_eq!(attrs(&page, "sup.note-ref", "id"), ["fnref-1", "fnref-1-2"]);
    assert_eq!(
        attrs(&page, "#fn-1 a.backlink", "href"),
        ["#fnref-1", "#fnref-1-2"]
    );
    assert_eq!(
        attrs(&page, "#fn-1 a.backlink", "aria-label"),
        ["Back to the text 1", "Back to the text 2"]
    );
    let single = built.page("closing.html");
    assert_eq!(
        attrs(&single, ".notes-list a.backlink", "aria-label"),
        ["Back to the text"]
    );
}

#[test]
fn title_page_lists_the_chapters_with_summaries_and_the_registers() {
    let (_edition, built) = built("en");
    let index = built.page("index.html");
    assert_eq!(
        texts(&index, ".toc-list > li > a"),
        ["The opening session", "[Closing remarks]"]
    );
    assert_eq!(
        texts(&index, ".toc-list .summary"),
        ["Editor's summary: Who opened the meeting and what was said."]
    );
    assert_eq!(
        texts(&index, ".indexes a"),
        ["Persons", "Themes", "Sessions", "Sources", "Notes"]
    );
    assert_eq!(
        texts(&index, ".title-page .subtitle"),
        ["A fixture edition"]
    );
}

#[test]
fn chapter_shows_the_editorial_title_in_brackets_its_speakers_and_themes() {
    let (_edition, built) = built("en");
    let closing = built.page("closing.html");
    assert_eq!(texts(&closing, "main h1"), ["[Closing remarks]"]);
    let opening = built.page("opening.html");
    assert_eq!(
        texts(&opening, ".speakers > li > a:first-child"),
        ["Елкин Е.Е.", "Ёлкин Ё.Ё."]
    );
    assert_eq!(texts(&opening, ".chapter-meta .inline-list a"), ["Norms"]);
    assert_eq!(
        attrs(&opening, ".chapter-toc a", "href"),
        ["#norms-and-plans", "#tables-and-code"]
    );
}

#[test]
fn entry_page_groups_turns_and_mentions_by_chapter_with_the_mention_picked_out() {
    let (_edition, built) = built("en");
    let yolkin = built.page("persons/yolkin.html");
    assert_eq!(
        texts(&yolkin, ".turns h3"),
        ["The opening session (1 speech turn)"]
    );
    assert_eq!(
        texts(&yolkin, ".mentions h3"),
        [
            "The opening session (2 mentions)",
            "[Closing remarks] (1 mention)"
        ]
    );
    assert_eq!(texts(&yolkin, ".mentions a.place mark"), ["Yolkin"; 3]);
}

#[test]
fn source_page_is_a_concordance_by_page_leading_to_each_place() {
    let (_edition, built) = built("en");
    let page = built.page("sources/steno.html");
    assert_eq!(
        texts(&page, ".concordance dt"),
        ["P. 3", "P. 4", "P. 5", "P. 9"]
    );
    assert_eq!(
        attrs(&page, ".concordance dd a.place", "href"),
        [
            "../opening.html#p-1",
            "../opening.html#p-2",
            "../opening.html#fn-1",
            "../closing.html#p-1"
        ]
    );
    assert_eq!(
        attrs(&page, ".breadcrumb a", "href"),
        ["../sources/index.html"]
    );
}

#[test]
fn a_chapter_is_described_by_its_summary_and_other_pages_by_their_title_and_the_book() {
    let (_edition, built) = built("en");
    let description = |path: &str| attrs(&built.page(path), "meta[name=description]", "content");
    assert_eq!(
        description("opening.html"),
        ["Who opened the meeting and what was said."]
    );
    let book = "Every element of the default theme.";
    assert_eq!(
        description("closing.html"),
        [format!("[Closing remarks] — Theme Check. {book}")]
    );
    assert_eq!(description("index.html"), [book]);
    assert_eq!(
        description("persons/elkin.html"),
        ["Chair of the meeting on day one."]
    );
}

/// The fixture holds a figure, so the W3C check (`theme_validity`) covers its markup.
#[test]
fn the_fixture_shows_a_figure_with_its_size_and_caption() {
    let (_edition, built) = built("en");
    let page = built.page("closing.html");
    assert_eq!(attrs(&page, "figure > img", "width"), ["1200"]);
    assert_eq!(attrs(&page, "figure > img", "height"), ["1600"]);
    assert_eq!(
        texts(&page, "figure > figcaption"),
        ["The record, last sheet"]
    );
}
