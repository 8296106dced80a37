//! The pictures of the edition (issue 12), read from the built pages against a fixture
//! whose figures are known: the strip of an entry's mentions (one mark per chapter that
//! mentions it, heights in proportion), the entries mentioned together with it and
//! their counts, the timeline of the sittings (order and speakers), and the map of the
//! chapters on the title page; and a strip over hundreds of chapters stays within its
//! limit of marks.

mod support;

use scraper::ElementRef;
use support::{BOOK_EN, Built, TestEdition, attrs, chapter, sel, texts};

/// Mentions of `a` by chapter: 3, 0, 1, 2 (the last two in one passage). `b` shares
/// three passages with `a`, `c` two. Sittings: `late` (26 June) is listed before the two
/// of 25 June, which the register orders by name; `a` and `c` speak at `first`, `b` at
/// `late`.
fn fixture() -> (TestEdition, Built) {
    let book = format!("{BOOK_EN}\n[registers.person]\n\n[registers.session]\n");
    let edition = TestEdition::new(&book)
        .file(
            "content/chapters/01-one.md",
            "---\ntitle: One\nspeakers:\n  - person: a\n    session: first\n  - person: c\n    session: first\n---\n\n\
             [A](person:a) and [B](person:b) met.[^n]\n\n\
             [A](person:a) again, with [B](person:b) and [C](person:c).\n\n\
             [A](person:a) alone.\n\n[^n]: A note.\n",
        )
        .file(
            "content/chapters/02-two.md",
            "---\ntitle: Two\n---\n\n[B](person:b) only.\n",
        )
        .file(
            "content/chapters/03-three.md",
            "---\ntitle: Three\nspeakers:\n  - person: b\n    session: late\n---\n\n\
             [A](person:a) with [C](person:c).\n",
        )
        .file(
            "content/chapters/04-four.md",
            "---\ntitle: Four\n---\n\n[A](person:a) and [A](person:a) twice, [B](person:b).\n",
        )
        .file(
            "content/registers/persons.yaml",
            "a:\n  name: Alpha\nb:\n  name: Beta\nc:\n  name: Gamma\n",
        )
        .file(
            "content/registers/sessions.yaml",
            "late:\n  name: Late sitting\n  date: 1936-06-26\n\
             first:\n  name: First sitting\n  date: 1936-06-25\n\
             evening:\n  name: Evening sitting\n  date: 1936-06-25\n",
        );
    let built = edition.build();
    built.run.assert_success();
    (edition, built)
}

/// A numeric attribute of an SVG element.
#[track_caller]
fn number(element: ElementRef<'_>, attr: &str) -> f64 {
    let value = element.value().attr(attr).expect("the attribute");
    value
        .parse()
        .unwrap_or_else(|e| panic!("{attr}={value:?}: {e}"))
}

#[test]
fn the_strip_has_one_mark_per_chapter_that_mentions_the_entry_as_tall_as_its_mentions() {
    let (_edition, built) = fixture();
    let page = built.page("persons/a.html");
    let labels = attrs(&page, ".strip-svg a", "aria-label");
    assert_eq!(
        labels,
        ["One: 3 mentions", "Three: 1 mention", "Four: 2 mentions"]
    );
    let hrefs = attrs(&page, ".strip-svg a", "href");
    assert_eq!(
        hrefs,
        ["../one.html#p-1", "../three.html#p-1", "../four.html#p-1"]
    );
    let heights: Vec<f64> = page
        .select(&sel(".strip-svg rect.strip-mark"))
        .map(|r| number(r, "height"))
        .collect();
    for (height, count) in heights.iter().zip([3.0, 1.0, 2.0]) {
        assert!(
            (height / heights[0] - count / 3.0).abs() < 0.01,
            "heights {heights:?} not in proportion to 3, 1, 2"
        );
    }
    // Marks stand in reading order along the row, and on its baseline.
    let marks: Vec<(f64, f64)> = page
        .select(&sel(".strip-svg rect.strip-mark"))
        .map(|r| (number(r, "x"), number(r, "y") + number(r, "height")))
        .collect();
    assert!(marks.windows(2).all(|w| w[0].0 < w[1].0), "{marks:?}");
    assert!(
        marks.iter().all(|m| (m.1 - marks[0].1).abs() < 0.01),
        "{marks:?}"
    );
    assert_eq!(
        texts(&page, ".strip figcaption"),
        ["Mentions across the edition: 6 mentions in 3 chapters"]
    );
    // Chapter Two does not mention the entry: its place in the row stays empty.
    assert!(marks[1].0 > 2.0 * (marks[0].0 + 1.0), "{marks:?}");
}

#[test]
fn mentioned_together_counts_the_passages_shared() {
    let (_edition, built) = fixture();
    let page = built.page("persons/a.html");
    assert_eq!(
        texts(&page, ".together-list li"),
        ["Beta 3 passages", "Gamma 2 passages"]
    );
    assert_eq!(
        attrs(&page, ".together-list a", "href"),
        ["../persons/b.html", "../persons/c.html"]
    );
    let beta = built.page("persons/b.html");
    assert_eq!(
        texts(&beta, ".together-list li"),
        ["Alpha 3 passages", "Gamma 1 passage"]
    );
    // Bars in proportion to the counts.
    let shares = attrs(&page, ".together-bar rect", "width");
    assert_eq!(shares, ["100.0", "66.67"]);
}

/// The entries of every register count, each on its own register's page: the edition
/// numbers its entries register after register (see `MentionTable`), and an entry of a
/// later register is named and linked as itself.
#[test]
fn mentioned_together_counts_entries_of_every_register() {
    let book = format!("{BOOK_EN}\n[registers.person]\n\n[registers.place]\n\n[registers.firm]\n");
    let edition = TestEdition::new(&book)
        .file(
            "content/chapters/01-one.md",
            "---\ntitle: One\n---\n\n[A](person:a) in [P](place:p) at [F](firm:f).\n\n\
             [A](person:a) at [F](firm:f), [G](firm:g), [F](firm:f).\n\n[Q](place:q) alone.\n",
        )
        .file("content/registers/persons.yaml", "a:\n  name: Alpha\n")
        .file(
            "content/registers/places.yaml",
            "p:\n  name: Pskov\nq:\n  name: Quba\n",
        )
        .file(
            "content/registers/firms.yaml",
            "g:\n  name: Glavk\nf:\n  name: Fabrika\n",
        );
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("persons/a.html");
    assert_eq!(
        texts(&page, ".together-list li"),
        ["Fabrika 2 passages", "Glavk 1 passage", "Pskov 1 passage"]
    );
    assert_eq!(
        attrs(&page, ".together-list a", "href"),
        ["../firms/f.html", "../firms/g.html", "../places/p.html"]
    );
    let fabrika = built.page("firms/f.html");
    assert_eq!(
        texts(&fabrika, ".together-list li"),
        ["Alpha 2 passages", "Glavk 1 passage", "Pskov 1 passage"]
    );
    let quba = built.page("places/q.html");
    assert!(texts(&quba, ".together-list li").is_empty());
}

/// A dated register of another kind (a diary's events) has a timeline too, but its
/// entries are not sittings: its caption says so only on the sessions'.
#[test]
fn a_timeline_of_events_is_not_captioned_as_sittings() {
    let book = format!("{BOOK_EN}\n[registers.event]\ntitle = \"Events\"\n\n[registers.session]\n");
    let edition = TestEdition::new(&book)
        .file(
            "content/chapters/01-one.md",
            "---\ntitle: One\n---\n\nA [fair](event:fair) and a [meeting](session:first).\n",
        )
        .file(
            "content/registers/events.yaml",
            "fair:\n  name: Fair\n  date: 1912-04-05\nfrost:\n  name: Frost\n  date: 1912-12\n",
        )
        .file(
            "content/registers/sessions.yaml",
            "first:\n  name: First sitting\n  date: 1936-06-25\n",
        );
    let built = edition.build();
    built.run.assert_success();
    let events = built.page("events/index.html");
    assert_eq!(
        texts(&events, ".timeline figcaption"),
        ["Timeline: 5 April – December 1912"]
    );
    assert_eq!(
        attrs(&events, ".timeline-svg", "aria-label"),
        ["Timeline: 5 April – December 1912"]
    );
    let sessions = built.page("sessions/index.html");
    assert_eq!(
        texts(&sessions, ".timeline figcaption"),
        ["Timeline of the sittings: 25 June 1936"]
    );
}

#[test]
fn the_timeline_shows_the_sittings_in_date_order_with_their_speakers() {
    let (_edition, built) = fixture();
    let page = built.page("sessions/index.html");
    assert_eq!(
        attrs(&page, ".timeline-svg a", "aria-label"),
        [
            "Evening sitting, 25 June 1936",
            "First sitting, 25 June 1936",
            "Late sitting, 26 June 1936"
        ]
    );
    assert_eq!(
        attrs(&page, ".timeline-svg a", "href"),
        [
            "../sessions/evening.html",
            "../sessions/first.html",
            "../sessions/late.html"
        ]
    );
    let marks: Vec<(f64, f64)> = page
        .select(&sel(".timeline-mark"))
        .map(|c| (number(c, "cx"), number(c, "cy")))
        .collect();
    // One day's sittings stand one above the other; the next day lies to the right.
    assert_eq!(marks[0].0, marks[1].0, "{marks:?}");
    assert!(marks[1].1 < marks[0].1, "{marks:?}");
    assert!(marks[2].0 > marks[0].0, "{marks:?}");
    assert_eq!(texts(&page, ".timeline-day"), ["25.06", "26.06"]);
    // The list under it: each sitting with its speakers, as links.
    let speakers: Vec<Vec<String>> = page
        .select(&sel(".dated-list li"))
        .map(|li| {
            li.select(&sel(".session-speakers a"))
                .map(|a| a.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(speakers, [vec![], vec!["Alpha", "Gamma"], vec!["Beta"]]);
    assert_eq!(
        attrs(&page, ".session-speakers a", "href"),
        [
            "../persons/a.html",
            "../persons/c.html",
            "../persons/b.html"
        ]
    );
    // A register without dates has no timeline.
    assert!(texts(&built.page("persons/index.html"), ".timeline").is_empty());
}

/// A timeline over several years (letters of 1936–1938) gives the first label of each
/// year its year: two «25.06» of different years read as one day. A day too close to
/// the last label for its wider label goes without one; a one-year timeline keeps
/// «25.06» (see above).
#[test]
fn a_timeline_over_several_years_labels_each_years_first_day_with_its_year() {
    let book = format!("{BOOK_EN}\n[registers.event]\ntitle = \"Letters\"\n");
    let letters = [
        ("a", "1936-01-10"),
        ("b", "1936-11-20"),
        ("c", "1937-06-25"),
        ("d", "1937-07-01"),
        ("e", "1938-06-25"),
    ];
    let register: String = letters
        .iter()
        .map(|(id, date)| format!("{id}:\n  name: Letter {id}\n  date: {date}\n"))
        .collect();
    let mentions: String = letters
        .iter()
        .map(|(id, _)| format!("[Letter](event:{id}) "))
        .collect();
    let edition = TestEdition::new(&book)
        .file("content/chapters/01-one.md", &chapter("One", &mentions))
        .file("content/registers/events.yaml", &register);
    let built = edition.build();
    built.assert_clean();
    let page = built.page("events/index.html");
    assert_eq!(
        texts(&page, ".timeline-day"),
        ["10.01.1936", "20.11", "25.06.1937", "25.06.1938"]
    );
    assert_eq!(page.select(&sel(".timeline-tick")).count(), 5);
}

#[test]
fn the_title_page_maps_each_chapter_with_its_passages_notes_and_citations() {
    let (_edition, built) = fixture();
    let page = built.page("index.html");
    assert_eq!(
        attrs(&page, ".map-svg a", "aria-label"),
        [
            "One: 3 passages, 1 note, 0 citations",
            "Two: 1 passage, 0 notes, 0 citations",
            "Three: 1 passage, 0 notes, 0 citations",
            "Four: 1 passage, 0 notes, 0 citations"
        ]
    );
    assert_eq!(
        attrs(&page, ".map-svg a", "href"),
        ["one.html", "two.html", "three.html", "four.html"]
    );
    let passages: Vec<f64> = page
        .select(&sel(".map-svg .map-passages"))
        .map(|r| number(r, "height"))
        .collect();
    assert_eq!(passages.len(), 4);
    assert!(
        (passages[0] - 3.0 * passages[1]).abs() < 0.01,
        "{passages:?}"
    );
    assert_eq!(page.select(&sel(".map-svg .map-notes")).count(), 1);
    assert_eq!(page.select(&sel(".map-svg .map-citations")).count(), 0);
}

#[test]
fn a_strip_over_hundreds_of_chapters_bins_them_into_a_bounded_number_of_marks() {
    let book = format!("{BOOK_EN}\n[registers.person]\n");
    let edition =
        TestEdition::new(&book).file("content/registers/persons.yaml", "a:\n  name: Alpha\n");
    let chapters = 450;
    for n in 1..=chapters {
        edition.write(
            &format!("content/chapters/c{n:03}.md"),
            format!("---\ntitle: Chapter {n}\n---\n\n[A](person:a) here.\n"),
        );
    }
    let built = edition.build();
    built.run.assert_success();
    let page = built.page("persons/a.html");
    let marks = attrs(&page, ".strip-svg a", "aria-label");
    // 450 chapters in marks of 3 neighbours: 150 marks, each of 3 mentions.
    assert_eq!(marks.len(), 150);
    assert_eq!(marks[0], "Chapter 1 – Chapter 3: 3 mentions");
    // The title page's map is smaller still: 450 chapters in columns of 8, the last of 2.
    let columns = attrs(&built.page("index.html"), ".map-svg a", "aria-label");
    assert_eq!(columns.len(), 57);
    assert!(
        columns[0].starts_with("Chapter 1 – Chapter 8: 8 passages"),
        "{columns:?}"
    );
}
