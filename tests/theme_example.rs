//! The theme authors' guide, `docs/THEMES.md`: its worked example (the edition
//! `tests/fixtures/theme-example/`, whose `themes/house/` replaces one template and adds
//! a stylesheet) builds and does what the guide says, the guide quotes the example's
//! files exactly, and it names every file of the built-in theme.

mod support;

use support::{TestEdition, attrs, files_under, repo_root, texts};

/// The example's theme folder, inside its edition.
const THEME: &str = "themes/house";

fn guide() -> String {
    std::fs::read_to_string(repo_root().join("docs/THEMES.md")).expect("docs/THEMES.md")
}

#[test]
fn the_worked_example_replaces_the_title_page_and_adds_a_stylesheet() {
    let edition = TestEdition::fixture("theme-example");
    let built = edition.build();
    built.assert_clean();

    let index = built.page("index.html");
    let stylesheets = attrs(&index, "link[rel=stylesheet]", "href");
    assert_eq!(
        stylesheets,
        [
            "static/style.css",
            "static/highlight.css",
            "static/house.css"
        ]
    );
    assert_eq!(texts(&index, ".house-title h1"), ["A House Edition"]);
    assert_eq!(
        texts(&index, ".colophon"),
        ["Set in the house style of the Example Press."]
    );
    assert_eq!(attrs(&index, ".toc-list a", "href"), ["first-letter.html"]);
    let copied = std::fs::read(built.out.join("static/house.css")).expect("house.css copied");
    let own = std::fs::read(edition.root().join(THEME).join("static/house.css")).unwrap();
    assert_eq!(copied, own);

    // Every other page is the built-in theme's, without the house stylesheet.
    let chapter = built.page("first-letter.html");
    assert_eq!(texts(&chapter, "article.chapter h1"), ["The first letter"]);
    assert_eq!(texts(&chapter, ".notes-list li .note-text").len(), 1);
    let stylesheets = attrs(&chapter, "link[rel=stylesheet]", "href");
    assert_eq!(stylesheets, ["static/style.css", "static/highlight.css"]);
    assert_eq!(
        texts(&built.page("persons/ivanov.html"), "h1"),
        ["Ivanov I.I."]
    );
}

#[test]
fn the_guide_quotes_the_example_as_it_is() {
    let guide = guide();
    let example = repo_root().join("tests/fixtures/theme-example");
    let theme_files = files_under(&example.join(THEME));
    assert_eq!(theme_files, ["static/house.css", "templates/index.html"]);
    for file in theme_files {
        let text = std::fs::read_to_string(example.join(THEME).join(&file)).unwrap();
        assert!(
            guide.contains(&format!("\n{text}```\n")),
            "docs/THEMES.md does not quote {THEME}/{file} as it is:\n{text}"
        );
        assert!(guide.contains(&format!("`{THEME}/{file}`")), "{file}");
    }
    let book = std::fs::read_to_string(example.join("book.toml")).unwrap();
    assert!(book.contains("\n[build]\ntheme = \"house\"\n"), "{book}");
    assert!(guide.contains("```toml\n[build]\ntheme = \"house\"\n```"));
}

#[test]
fn the_guide_names_every_template_and_static_file_of_the_built_in_theme() {
    let guide = guide();
    let default = repo_root().join("themes/default");
    let mut files = files_under(&default.join("templates"));
    files.extend(files_under(&default.join("static")));
    // Made from the highlighter's colours, not a file of themes/default/.
    files.push("highlight.css".to_owned());
    let missing: Vec<_> = files
        .iter()
        .filter(|file| !guide.contains(&format!("| `{file}` |")))
        .collect();
    assert_eq!(
        missing,
        Vec::<&String>::new(),
        "not in docs/THEMES.md's tables"
    );
}
