//! Mentions `[text](kind:id)` and what the entry pages make of them: each place with a
//! snippet and a link to its paragraph, speech turns, a chapter's speakers, `related`
//! in both directions, and a chapter's themes.

mod support;

use support::{Diag, TestEdition, attrs, chapter, texts};

/// English, with a `session` and a `place` register besides the default three.
const BOOK: &str = r#"[book]
title = "Mentions"
language = "en"

[registers.person]
[registers.enterprise]
[registers.theme]
[registers.session]
[registers.place]
"#;

const PERSONS: &str = "ivanov:\n  name: Ivanov I.I.\n  label: I.I. Ivanov\n  related: [enterprise:works]\npetrov:\n  name: Petrov P.P.\n";

fn edition() -> TestEdition {
    TestEdition::new(BOOK)
        .file("content/registers/persons.yaml", PERSONS)
        .file(
            "content/registers/enterprises.yaml",
            "works:\n  name: Example Works\n",
        )
        .file(
            "content/registers/themes.yaml",
            "planning:\n  name: Planning\n",
        )
        .file(
            "content/registers/sessions.yaml",
            "opening:\n  name: Opening session\n  date: 1936-06-25\n",
        )
        .file("content/registers/places.yaml", "moscow:\n  name: Moscow\n")
        .file(
            "content/sources.yaml",
            "sovet1936:\n  short: \"Sovet, 1936\"\n",
        )
}

#[test]
fn mention_is_listed_on_the_entry_page_with_a_snippet_and_a_link_to_its_paragraph() {
    let edition = edition()
        .file(
            "content/chapters/01-alpha.md",
            &chapter(
                "Alpha",
                "First paragraph.\n\nSecond paragraph.\n\nThe director [Ivanov](person:ivanov) spoke about the plan.\n",
            ),
        )
        .file("content/chapters/02-beta.md", &chapter("Beta", "Nothing here.\n"));
    let built = edition.build();
    built.run.assert_success();
    let entry = built.page("persons/ivanov.html");
    assert_eq!(
        attrs(&entry, ".mentions a.place", "href"),
        ["../alpha.html#p-3"]
    );
    assert_eq!(
        texts(&entry, ".mentions a.place"),
        ["The director Ivanov spoke about the plan."]
    );
    assert_eq!(texts(&entry, ".mentions a.place mark"), ["Ivanov"]);
    let alpha = built.page("alpha.html");
    assert_eq!(
        attrs(&alpha, "#p-3 a.mention", "href"),
        ["persons/ivanov.html"]
    );
    assert_eq!(texts(&alpha, "#p-3 a.mention"), ["Ivanov"]);
}

#[test]
fn mentions_are_grouped_by_chapter_in_reading_order() {
    let edition = edition()
        .file(
            "content/chapters/02-beta.md",
            &chapter("Beta", "[Ivanov](person:ivanov) again.\n"),
        )
        .file(
            "content/chapters/01-alpha.md",
            &chapter(
                "Alpha",
                "[Ivanov](person:ivanov) first.\n\nAnd [him](person:ivanov) twice.\n",
            ),
        );
    let built = edition.build();
    built.run.assert_success();
    let entry = built.page("persons/ivanov.html");
    assert_eq!(
        attrs(&entry, ".mentions h3 a", "href"),
        ["../alpha.html", "../beta.html"]
    );
    assert_eq!(
        attrs(&entry, ".mentions a.place", "href"),
        ["../alpha.html#p-1", "../alpha.html#p-2", "../beta.html#p-1"]
    );
}

#[test]
fn empty_mention_text_shows_the_entry_label_in_the_text_and_the_snippet() {
    let edition = edition().file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "Quoted by [](person:ivanov) here.\n"),
    );
    let built = edition.build();
    built.run.assert_success();
    let alpha = built.page("alpha.html");
    assert_eq!(texts(&alpha, "#p-1 a.mention"), ["I.I. Ivanov"]);
    let entry = built.page("persons/ivanov.html");
    assert_eq!(texts(&entry, ".mentions a.place mark"), ["I.I. Ivanov"]);
    assert_eq!(
        texts(&entry, ".mentions a.place"),
        ["Quoted by I.I. Ivanov here."]
    );
}

#[test]
fn mention_in_a_footnote_links_to_the_note() {
    let edition = edition().file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "Text.[^1]\n\n[^1]: See [Petrov](person:petrov).\n"),
    );
    let built = edition.build();
    built.run.assert_success();
    let entry = built.page("persons/petrov.html");
    assert_eq!(
        attrs(&entry, ".mentions a.place", "href"),
        ["../alpha.html#fn-1"]
    );
    let alpha = built.page("alpha.html");
    assert_eq!(texts(&alpha, "#fn-1 a.mention"), ["Petrov"]);
}

#[test]
fn mention_of_a_kind_declared_in_book_toml_links_to_its_register() {
    let edition = edition().file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "In [Moscow](place:moscow).\n"),
    );
    let built = edition.build();
    built.run.assert_success();
    let alpha = built.page("alpha.html");
    assert_eq!(attrs(&alpha, "a.mention", "href"), ["places/moscow.html"]);
    let entry = built.page("places/moscow.html");
    assert_eq!(
        attrs(&entry, ".mentions a.place", "href"),
        ["../alpha.html#p-1"]
    );
}

#[test]
fn speech_turn_runs_until_the_next_turn_or_heading() {
    let body = "\
**[Ivanov](person:ivanov):** First words.

Still Ivanov.

**[Petrov](person:petrov).** Petrov replies.

> Petrov quotes a letter.

Petrov goes on.

## Later

After the heading.
";
    let edition = edition().file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    let turns = "section[aria-labelledby='turns-heading'] a";
    let ivanov = built.page("persons/ivanov.html");
    assert_eq!(texts(&ivanov, "#turns-heading"), ["Speech turns"]);
    assert_eq!(
        attrs(&ivanov, turns, "href"),
        ["../alpha.html#p-1", "../alpha.html#p-2"]
    );
    let petrov = built.page("persons/petrov.html");
    assert_eq!(
        attrs(&petrov, turns, "href"),
        [
            "../alpha.html#p-3",
            "../alpha.html#p-5",
            "../alpha.html#p-6"
        ],
        "the quote's words are listed once, at its paragraph"
    );
    let snippets = texts(&petrov, "section[aria-labelledby='turns-heading'] li");
    assert!(
        snippets[1].contains("Petrov quotes a letter."),
        "{snippets:?}"
    );
}

#[test]
fn chapter_speakers_are_listed_on_the_person_and_session_pages() {
    let front = "---\ntitle: Alpha\nspeakers:\n  - person: ivanov\n    session: opening\n    source: sovet1936\n    pages: \"38–39\"\n    role: director of the works\n---\n\n[Ivanov](person:ivanov) spoke.\n";
    let edition = edition().file("content/chapters/01-alpha.md", front);
    let built = edition.build();
    built.run.assert_success();
    let person = built.page("persons/ivanov.html");
    assert_eq!(
        attrs(&person, "ul.speeches li a", "href"),
        [
            "../alpha.html",
            "../sessions/opening.html",
            "../sources/sovet1936.html"
        ]
    );
    let speech = texts(&person, "ul.speeches li").join(" ");
    assert!(
        speech.contains("38–39") && speech.contains("director of the works"),
        "{speech}"
    );
    let session = built.page("sessions/opening.html");
    assert_eq!(
        attrs(&session, "ul.speeches li a", "href"),
        [
            "../persons/ivanov.html",
            "../alpha.html",
            "../sources/sovet1936.html"
        ]
    );
}

#[test]
fn related_entries_are_listed_in_both_directions() {
    let edition = edition().file(
        "content/chapters/01-alpha.md",
        &chapter(
            "Alpha",
            "[Ivanov](person:ivanov) of [the works](enterprise:works).\n",
        ),
    );
    let built = edition.build();
    built.run.assert_success();
    let related = "section[aria-labelledby='related-heading'] a";
    let person = built.page("persons/ivanov.html");
    assert_eq!(
        attrs(&person, related, "href"),
        ["../enterprises/works.html"]
    );
    let works = built.page("enterprises/works.html");
    assert_eq!(attrs(&works, related, "href"), ["../persons/ivanov.html"]);
}

#[test]
fn chapter_themes_list_the_chapter_on_the_theme_page() {
    let text = "---\ntitle: Alpha\nthemes: [planning]\n---\n\nText.\n";
    let edition = edition().file("content/chapters/01-alpha.md", text);
    let built = edition.build();
    built.run.assert_success();
    let theme = built.page("themes/planning.html");
    assert_eq!(
        attrs(
            &theme,
            "section[aria-labelledby='chapters-heading'] a",
            "href"
        ),
        ["../alpha.html"]
    );
    let alpha = built.page("alpha.html");
    assert_eq!(
        attrs(&alpha, ".chapter-meta a", "href"),
        ["themes/planning.html"]
    );
}

#[test]
fn entry_page_shows_the_running_text_label_beside_the_index_name() {
    let edition = edition().file(
        "content/chapters/01-alpha.md",
        &chapter(
            "Alpha",
            "[Ivanov](person:ivanov) and [Petrov](person:petrov).\n",
        ),
    );
    let built = edition.build();
    built.run.assert_success();
    let ivanov = built.page("persons/ivanov.html");
    assert_eq!(texts(&ivanov, "main h1"), ["Ivanov I.I."]);
    assert_eq!(texts(&ivanov, ".facts dd"), ["I.I. Ivanov"]);
    let petrov = built.page("persons/petrov.html");
    assert!(
        texts(&petrov, ".facts dd").is_empty(),
        "no label row when it equals the name"
    );
}

#[test]
fn a_snippet_holds_about_25_words_even_when_the_mention_opens_the_paragraph() {
    let words: Vec<String> = (1..=40).map(|n| format!("w{n}")).collect();
    let body = format!("[Ivanov](person:ivanov) {}.\n", words.join(" "));
    let edition = edition().file("content/chapters/01-alpha.md", &chapter("Alpha", &body));
    let built = edition.build();
    built.run.assert_success();
    let snippet = texts(&built.page("persons/ivanov.html"), ".mentions a.place");
    let expected = format!("Ivanov {} …", words[..24].join(" "));
    assert_eq!(snippet, [expected]);
}

#[test]
fn notes_called_in_a_speech_turn_are_not_turns_of_the_speaker() {
    let text = "---\ntitle: Alpha\nfootnotes:\n  b: A note kept in the front matter.\n---\n\n\
                **[Ivanov](person:ivanov):** I speak.[^a][^b]\n\nStill Ivanov.\n\n\
                [^a]: A note in the body.\n";
    let edition = edition().file("content/chapters/01-alpha.md", text);
    let built = edition.build();
    built.run.assert_success();
    let ivanov = built.page("persons/ivanov.html");
    let turns = "section[aria-labelledby='turns-heading'] a.place";
    assert_eq!(
        attrs(&ivanov, turns, "href"),
        ["../alpha.html#p-1", "../alpha.html#p-2"]
    );
    assert_eq!(
        texts(&ivanov, "section[aria-labelledby='turns-heading'] .count"),
        ["(2 speech turns)"]
    );
}

#[test]
fn a_note_opening_like_a_speech_turn_does_not_change_the_speaker() {
    let body = "**[Ivanov](person:ivanov):** I speak.[^a]\n\nStill Ivanov.\n\n\
                [^a]: **[Petrov](person:petrov):** said so in the draft.\n";
    let edition = edition().file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    let turns = "section[aria-labelledby='turns-heading'] a.place";
    let ivanov = built.page("persons/ivanov.html");
    assert_eq!(
        attrs(&ivanov, turns, "href"),
        ["../alpha.html#p-1", "../alpha.html#p-2"]
    );
    let petrov = built.page("persons/petrov.html");
    assert!(attrs(&petrov, turns, "href").is_empty());
    assert_eq!(
        attrs(&petrov, ".mentions a.place", "href"),
        ["../alpha.html#fn-1"]
    );
}

#[test]
fn isbn_and_doi_links_are_links_not_mentions_but_a_misspelt_kind_is_reported() {
    let body = "See [the book](isbn:978-5-17-090630-7) and [the paper](doi:10.1000/182).\n";
    let edition = edition().file("content/chapters/01-alpha.md", &chapter("Alpha", body));
    let built = edition.build();
    built.run.assert_success();
    let alpha = built.page("alpha.html");
    assert_eq!(
        attrs(&alpha, ".chapter-body a:not(.anchor)", "href"),
        ["isbn:978-5-17-090630-7", "doi:10.1000/182"]
    );
    assert!(texts(&alpha, ".chapter-body a.mention").is_empty());

    let typo = edition.file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "[Ivanov](persn:ivanov) spoke.\n"),
    );
    let (code, found) = typo.diagnostics();
    assert_eq!(code, 1);
    let errors: Vec<Diag> = found
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert_eq!(
        errors,
        [Diag::error(
            "content/chapters/01-alpha.md",
            5,
            1,
            "unknown register kind 'persn'"
        )
        .hint("did you mean 'person'?")]
    );
}

#[test]
fn a_snippet_of_a_long_passage_keeps_the_words_around_the_mention() {
    let words = |from: usize, to: usize| {
        (from..=to)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // A word split over a citation's edge and a second mention lie inside the window.
    let body = format!(
        "{} [Petrov](person:petrov)s [Ivanov](person:ivanov) {} [@sovet1936, p. 5]x {}.\n",
        words(1, 300),
        words(301, 305),
        words(306, 600)
    );
    let edition = edition().file("content/chapters/01-alpha.md", &chapter("Alpha", &body));
    let built = edition.build();
    built.run.assert_success();
    let ivanov = built.page("persons/ivanov.html");
    let expected = format!(
        "… {} Petrovs Ivanov {} [Sovet, 1936. P. 5]x {} …",
        words(290, 300),
        words(301, 305),
        words(306, 308)
    );
    assert_eq!(texts(&ivanov, ".mentions a.place"), [expected]);
    assert_eq!(texts(&ivanov, ".mentions a.place mark"), ["Ivanov"]);
}
