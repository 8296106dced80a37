//! The default theme's layout, read as parsed HTML: notes beside the text (a copy of each
//! one-paragraph note after its first call, for the margin of a wide screen) while the
//! list at the chapter's end keeps every note's id, so each call and back link resolves
//! once; the colour scheme's toggle and script; and the palette's contrast in both
//! schemes.

mod support;

use scraper::{ElementRef, Html};
use std::collections::{BTreeMap, BTreeSet};
use support::{Built, TestEdition, attrs, chapter, sel, texts};

/// A chapter whose notes take every shape: one paragraph (called twice), two
/// paragraphs, a list, and one called from a table cell and from a list item.
fn notes_edition(language: &str) -> TestEdition {
    let body = "The chair opened the meeting.[^short] He read the agenda.[^long]\n\n\
                A second paragraph calls the short note again[^short] and a list note.[^list]\n\n\
                - An item with its own note.[^item]\n- Another item.\n\n\
                | Year | Output |\n|---|---|\n| 1936 | high[^cell] |\n\n\
                [^short]: A short note with [a link](https://example.org/record) in it.\n\n\
                [^long]: The first paragraph of a long note.\n\n    Its second paragraph.\n\n\
                [^list]: A note that lists:\n\n    - one\n    - two\n\n\
                [^item]: The item's note.\n\n\
                [^cell]: The cell's note.\n";
    TestEdition::new(&format!(
        "[book]\ntitle = \"Layout\"\nlanguage = \"{language}\"\n"
    ))
    .file(
        "content/chapters/01-meeting.md",
        &chapter("The meeting", body),
    )
}

/// The edition built in `language`, with no warnings; the edition holds the output.
fn built(language: &str) -> (TestEdition, Built) {
    let edition = notes_edition(language);
    let built = edition.build();
    built.assert_clean();
    (edition, built)
}

/// Every `id` of the page, with how many elements carry it.
fn ids(page: &Html) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for element in page.select(&sel("[id]")) {
        let id = element.value().attr("id").unwrap_or_default().to_owned();
        *ids.entry(id).or_insert(0) += 1;
    }
    ids
}

fn folded(element: ElementRef<'_>) -> String {
    let text: String = element.text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_one_paragraph_note_stands_once_beside_its_first_call() {
    let page = built("en").1.page("meeting.html");
    // The call just before each sidenote, and the sidenote's number.
    let pairs: Vec<(String, String)> = page
        .select(&sel(".chapter-body .sidenote"))
        .map(|note| {
            let call = note
                .prev_siblings()
                .find_map(ElementRef::wrap)
                .expect("an element before the sidenote");
            assert_eq!(call.value().attr("class"), Some("note-ref"));
            let number = texts(&Html::parse_fragment(&note.html()), ".sidenote-number");
            (call.value().attr("id").unwrap().to_owned(), number.concat())
        })
        .collect();
    // Notes 2 (two paragraphs) and 3 (a list) are listed at the end only; the second
    // call of note 1 (fnref-1-2) has none beside it.
    let expected = [("fnref-1", "1"), ("fnref-4", "4"), ("fnref-5", "5")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(pairs, expected);
    assert_eq!(
        attrs(&page, ".chapter-body .sidenote", "role"),
        ["note", "note", "note"]
    );
    // The margin's copy says what the list says.
    let listed: BTreeMap<String, String> = page
        .select(&sel(".notes-list > li"))
        .map(|li| {
            let text = li.select(&sel(".note-text")).next().map(folded).unwrap();
            (li.value().attr("value").unwrap().to_owned(), text)
        })
        .collect();
    for note in page.select(&sel(".sidenote")) {
        let text = folded(note);
        let (number, rest) = text.split_once(' ').unwrap();
        assert_eq!(listed[number], rest, "note {number}");
    }
    assert_eq!(
        texts(&page, ".sidenote a"),
        ["a link"],
        "the note's link is kept"
    );
}

#[test]
fn every_id_is_once_on_the_page_and_every_note_link_resolves() {
    let page = built("en").1.page("meeting.html");
    let ids = ids(&page);
    let repeated: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "{repeated:?}");
    // The copies carry no id, so the list's `fn-N` is the one target of each call.
    assert_eq!(
        page.select(&sel(".sidenote [id], .sidenote[id]")).count(),
        0
    );
    let notes = attrs(&page, ".notes-list > li", "id");
    assert_eq!(notes, ["fn-1", "fn-2", "fn-3", "fn-4", "fn-5"]);
    let calls = attrs(&page, ".note-ref a", "href");
    assert_eq!(calls.len(), 6, "{calls:?}");
    let backlinks = attrs(&page, ".notes-list .backlink", "href");
    assert_eq!(backlinks.len(), 6, "{backlinks:?}");
    for href in calls.iter().chain(&backlinks) {
        let id = href.strip_prefix('#').unwrap_or_else(|| panic!("{href}"));
        assert_eq!(ids.get(id), Some(&1), "{href}");
    }
    // Every call is a back link's target, and the other way round.
    let call_ids: BTreeSet<String> = attrs(&page, ".note-ref", "id").into_iter().collect();
    let targets: BTreeSet<String> = backlinks.iter().map(|h| h[1..].to_owned()).collect();
    assert_eq!(call_ids, targets);
}

#[test]
fn the_notes_page_has_no_sidenotes() {
    let (_edition, built) = built("en");
    let page = built.page("meeting.html");
    assert_eq!(page.select(&sel(".sidenote")).count(), 3);
    let all_notes = built.page("notes.html");
    assert_eq!(all_notes.select(&sel(".sidenote")).count(), 0);
}

#[test]
fn the_scheme_toggle_is_a_hidden_button_in_the_books_language_and_its_script_blocks() {
    for (language, label) in [("en", "Dark scheme"), ("ru", "Тёмная тема")] {
        let page = built(language).1.page("meeting.html");
        let toggle = page.select(&sel("header .scheme-toggle")).next().unwrap();
        assert_eq!(toggle.value().name(), "button");
        assert_eq!(toggle.value().attr("type"), Some("button"));
        assert_eq!(toggle.value().attr("aria-pressed"), Some("false"));
        assert!(
            toggle.value().attr("hidden").is_some(),
            "shown by its script"
        );
        assert_eq!(folded(toggle), label);
        let script = page.select(&sel("head script[src$='scheme.js']")).next();
        let script = script.expect("the scheme's script in <head>").value();
        assert!(script.attr("defer").is_none() && script.attr("async").is_none());
    }
}

/// The WCAG relative luminance of `#rrggbb` or `#rgb`.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        _ => hex.to_owned(),
    };
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The palette at the top of style.css: each `--name: light-dark(#light, #dark)`.
fn palette(css: &str) -> BTreeMap<String, [String; 2]> {
    css.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_prefix("--")?.split_once(':')?;
            let pair = value.trim().strip_prefix("light-dark(")?;
            let (light, dark) = pair.split_once(')')?.0.split_once(',')?;
            let colour = |c: &str| c.trim().starts_with('#').then(|| c.trim().to_owned());
            Some((name.to_owned(), [colour(light)?, colour(dark)?]))
        })
        .collect()
}

#[test]
fn text_links_and_focus_rings_meet_wcag_aa_in_light_and_dark() {
    let (_edition, built) = built("en");
    let css = std::fs::read_to_string(built.out.join("static/style.css")).unwrap();
    let palette = palette(&css);
    // (foreground, background, least ratio): text and links (visited ones keep the link
    // colour) 4.5:1; the focus ring, drawn in --accent, is covered by the same pair.
    let pairs = [
        ("text", "bg", 4.5),
        ("text", "panel", 4.5),
        ("text", "target", 4.5),
        ("text", "mark", 4.5),
        ("muted", "bg", 4.5),
        ("muted", "panel", 4.5),
        ("accent", "bg", 4.5),
        ("accent", "panel", 4.5),
        ("accent", "target", 4.5),
        ("on-accent", "accent", 4.5),
        ("faint-accent", "bg", 3.0),
    ];
    for (scheme, side) in [("light", 0), ("dark", 1)] {
        for (fg, bg, least) in pairs {
            let ratio = contrast(&palette[fg][side], &palette[bg][side]);
            assert!(ratio >= least, "{scheme}: --{fg} on --{bg} is {ratio:.2}:1");
        }
    }
    assert!(
        css.contains("a { color: var(--accent);"),
        "links, visited or not"
    );
    assert!(css.contains(":focus-visible { outline: 2px solid var(--accent);"));
}

/// The reader's highlight colours (#12, `--hl-1`…`--hl-6`, one per register kind) are
/// text on the page, in a panel and in a target passage, in light and dark.
#[test]
fn highlight_colours_meet_wcag_aa_in_light_and_dark() {
    let (_edition, built) = built("en");
    let css = std::fs::read_to_string(built.out.join("static/style.css")).unwrap();
    let palette = palette(&css);
    for slot in 1..=6 {
        let colour = &palette[&format!("hl-{slot}")];
        for (scheme, side) in [("light", 0), ("dark", 1)] {
            for bg in ["bg", "panel", "target"] {
                let ratio = contrast(&colour[side], &palette[bg][side]);
                assert!(
                    ratio >= 4.5,
                    "{scheme}: --hl-{slot} on --{bg} is {ratio:.2}:1"
                );
            }
        }
    }
}
