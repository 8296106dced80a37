//! Register index pages: collation of the book's language, grouping by initial letter
//! with a letter bar, chronological order for dated registers, and the theme's words
//! and `<html lang>` following `book.language`.

mod support;

use support::{TestEdition, attrs, chapter, sel, texts};

/// Six persons whose order tests Russian collation, each mentioned once.
const PERSONS: &str = "\
zhukov:\n  name: Жуков\n\
smith:\n  name: Smith\n\
yolkin:\n  name: Ёлкин\n\
elkin:\n  name: Елкин\n\
abramov:\n  name: Абрамов\n\
ezhov:\n  name: Ежов\n";

const MENTIONS: &str = "[Ж](person:zhukov) [S](person:smith) [Ё](person:yolkin) [Е](person:elkin) [А](person:abramov) [Е](person:ezhov)\n";

fn book(language: &str) -> String {
    format!("[book]\ntitle = \"Registers\"\nlanguage = \"{language}\"\n")
}

fn persons(language: &str) -> TestEdition {
    TestEdition::new(&book(language))
        .file("content/registers/persons.yaml", PERSONS)
        .file("content/chapters/01-text.md", &chapter("Text", MENTIONS))
}

#[test]
fn russian_index_files_yo_with_ye_before_zhe_and_latin_after_cyrillic() {
    let edition = persons("ru");
    let built = edition.build();
    built.assert_clean();
    let index = built.page("persons/index.html");
    assert_eq!(
        texts(&index, "ul.entry-list a"),
        ["Абрамов", "Ежов", "Елкин", "Ёлкин", "Жуков", "Smith"]
    );
}

#[test]
fn english_index_puts_latin_names_first() {
    let edition = persons("en");
    let built = edition.build();
    built.assert_clean();
    let index = built.page("persons/index.html");
    assert_eq!(
        texts(&index, "ul.entry-list a"),
        ["Smith", "Абрамов", "Ежов", "Елкин", "Ёлкин", "Жуков"]
    );
}

/// An English index files Élise with Elgar under E and Ångström under A, not each
/// under a letter of its own after every other script.
#[test]
fn latin_names_with_diacritics_are_filed_under_their_base_letter() {
    let persons = "\
elise:\n  name: Élise\n\
zola:\n  name: Zola\n\
elgar:\n  name: Elgar\n\
angstrom:\n  name: Ångström\n\
abramov:\n  name: Абрамов\n";
    let edition = TestEdition::new(&book("en"))
        .file("content/registers/persons.yaml", persons)
        .file(
            "content/chapters/01-text.md",
            &chapter(
                "Text",
                "[a](person:elise) [b](person:zola) [c](person:elgar) [d](person:angstrom) [e](person:abramov)\n",
            ),
        );
    let built = edition.build();
    built.assert_clean();
    let index = built.page("persons/index.html");
    assert_eq!(
        texts(&index, "ul.entry-list a"),
        ["Ångström", "Elgar", "Élise", "Zola", "Абрамов"]
    );
    assert_eq!(texts(&index, "nav.letter-bar a"), ["A", "E", "Z", "А"]);
    let under_e: Vec<String> = index
        .select(&sel("[id='letter-E'] ul.entry-list a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(under_e, ["Elgar", "Élise"]);
}

#[test]
fn index_is_grouped_by_initial_letter_with_a_letter_bar() {
    let edition = persons("ru");
    let built = edition.build();
    let index = built.page("persons/index.html");
    assert_eq!(texts(&index, "nav.letter-bar a"), ["А", "Е", "Ж", "S"]);
    let mut groups = Vec::new();
    for href in attrs(&index, "nav.letter-bar a", "href") {
        let id = href.strip_prefix('#').expect("a link within the page");
        let selector = sel(&format!("[id='{id}']"));
        let group = index.select(&selector).next().expect("the letter's group");
        let names: Vec<String> = group
            .select(&sel("ul.entry-list a"))
            .map(|a| a.text().collect())
            .collect();
        groups.push(names);
    }
    assert_eq!(
        groups,
        [
            vec!["Абрамов"],
            vec!["Ежов", "Елкин", "Ёлкин"],
            vec!["Жуков"],
            vec!["Smith"],
        ]
    );
}

#[test]
fn dated_register_is_ordered_by_date_without_a_letter_bar() {
    let book = format!("{}\n[registers.session]\n", book("ru"));
    let sessions = "\
closing:\n  name: Айва\n  date: 1936-06-29\n\
opening:\n  name: Яблоко\n  date: 1936-06-25\n\
second:\n  name: Морковь\n  date: 1936-06-26\n";
    let edition = TestEdition::new(&book)
        .file("content/registers/sessions.yaml", sessions)
        .file(
            "content/chapters/01-text.md",
            &chapter(
                "Text",
                "[a](session:closing) [b](session:opening) [c](session:second)\n",
            ),
        );
    let built = edition.build();
    built.assert_clean();
    let index = built.page("sessions/index.html");
    assert_eq!(
        texts(&index, "ul.entry-list a"),
        ["Яблоко", "Морковь", "Айва"]
    );
    assert_eq!(
        attrs(&index, "ul.entry-list time", "datetime"),
        ["1936-06-25", "1936-06-26", "1936-06-29"]
    );
    assert!(texts(&index, "nav.letter-bar").is_empty());
}

#[test]
fn register_with_an_undated_entry_stays_alphabetical() {
    let book = format!("{}\n[registers.session]\n", book("ru"));
    let sessions = "\
closing:\n  name: Айва\n  date: 1936-06-29\n\
opening:\n  name: Яблоко\n";
    let edition = TestEdition::new(&book)
        .file("content/registers/sessions.yaml", sessions)
        .file(
            "content/chapters/01-text.md",
            &chapter("Text", "[a](session:closing) [b](session:opening)\n"),
        );
    let built = edition.build();
    built.assert_clean();
    let index = built.page("sessions/index.html");
    assert_eq!(texts(&index, "ul.entry-list a"), ["Айва", "Яблоко"]);
    assert_eq!(texts(&index, "nav.letter-bar a"), ["А", "Я"]);
}

/// One entry in each default register, each mentioned, and a note.
fn one_of_each(book: &str) -> TestEdition {
    let body = "[I](person:ivanov) of [W](enterprise:works) on [P](theme:planning).[^1]\n\n[^1]: A note.\n";
    TestEdition::new(book)
        .file(
            "content/registers/persons.yaml",
            "ivanov:\n  name: Ivanov\n",
        )
        .file(
            "content/registers/enterprises.yaml",
            "works:\n  name: Works\n",
        )
        .file(
            "content/registers/themes.yaml",
            "planning:\n  name: Planning\n",
        )
        .file("content/chapters/01-text.md", &chapter("Text", body))
}

#[test]
fn theme_words_and_html_lang_follow_the_book_language() {
    for (language, notes, persons) in [
        ("ru", "Примечания", "Персоналии"),
        ("en", "Notes", "Persons"),
    ] {
        let edition = one_of_each(&book(language));
        let built = edition.build();
        built.assert_clean();
        for path in [
            "index.html",
            "text.html",
            "persons/index.html",
            "notes.html",
        ] {
            let page = built.page(path);
            assert_eq!(attrs(&page, "html", "lang"), [language], "{path}");
        }
        let page = built.page("text.html");
        assert_eq!(texts(&page, "#notes-heading"), [notes], "{language}");
        let nav = texts(&page, ".site-nav a");
        assert!(
            nav.contains(&notes.to_owned()) && nav.contains(&persons.to_owned()),
            "{language}: {nav:?}"
        );
    }
}

#[test]
fn default_registers_exist_without_a_registers_table() {
    let edition = one_of_each(&book("en"));
    let built = edition.build();
    built.assert_clean();
    let nav = attrs(&built.page("index.html"), ".site-nav a", "href");
    for register in [
        "persons/index.html",
        "enterprises/index.html",
        "themes/index.html",
    ] {
        assert!(nav.contains(&register.to_owned()), "{nav:?}");
    }
}

#[test]
fn navigation_lists_registers_in_the_order_of_book_toml() {
    let book = format!(
        "{}\n[registers.theme]\n[registers.person]\n[registers.enterprise]\n",
        book("en")
    );
    let edition = one_of_each(&book);
    let built = edition.build();
    built.assert_clean();
    let nav = attrs(&built.page("index.html"), ".site-nav a", "href");
    assert_eq!(
        nav[..3],
        [
            "themes/index.html",
            "persons/index.html",
            "enterprises/index.html"
        ]
    );
}

#[test]
fn a_dated_register_orders_ranges_and_approximate_dates_with_the_others() {
    let book = format!("{}\n[registers.event]\n", book("ru"));
    let events = "\
congress:\n  name: Съезд\n  date: 1937-01-12/1937-01-14\n\
year:\n  name: Год\n  date: ~1936\n\
day:\n  name: День\n  date: 1937-01-11\n";
    let edition = TestEdition::new(&book)
        .file("content/registers/events.yaml", events)
        .file(
            "content/chapters/01-text.md",
            &chapter(
                "Text",
                "[a](event:congress) [b](event:year) [c](event:day)\n",
            ),
        );
    let built = edition.build();
    built.assert_clean();
    let index = built.page("events/index.html");
    assert_eq!(texts(&index, "ul.entry-list a"), ["Год", "День", "Съезд"]);
    assert_eq!(
        texts(&index, "ul.entry-list .date"),
        ["ок. 1936 г.", "12–14 января 1937 г."]
    );
    assert_eq!(
        attrs(&index, "ul.entry-list time", "datetime"),
        ["1937-01-11"]
    );
}

#[test]
fn an_entry_never_mentioned_shows_no_count_in_the_index() {
    let book = format!("{}\n[registers.letter]\n", book("ru"));
    let edition = TestEdition::new(&book)
        .file("content/registers/letters.yaml", "one:\n  name: Письмо\n")
        .file("content/registers/persons.yaml", PERSONS)
        .file("content/chapters/01-text.md", &chapter("Text", MENTIONS));
    let built = edition.build();
    built.run.assert_success();
    let index = built.page("letters/index.html");
    assert_eq!(texts(&index, "ul.entry-list li"), ["Письмо"]);
    assert!(texts(&index, ".count").is_empty());
    let persons = built.page("persons/index.html");
    assert_eq!(texts(&persons, ".count")[0], "1 упоминание");
}
