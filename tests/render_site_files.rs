//! The files of the site besides its pages: the edition's `content/static/` laid over
//! the theme's static files, a theme's own `highlight.css` over the built-in one, and
//! no page silently replacing another.

mod support;

use support::{BOOK_EN, TestEdition, chapter};

fn edition(book: &str) -> TestEdition {
    TestEdition::new(book).file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "Text.\n\n```rust\nfn main() {}\n```\n"),
    )
}

fn read(built: &support::Built, path: &str) -> String {
    std::fs::read_to_string(built.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_editions_static_files_replace_the_themes_of_the_same_name() {
    let book = format!("{BOOK_EN}\n[build]\ntheme = \"my\"\n");
    let edition = edition(&book)
        .file("themes/my/static/style.css", "/* theme */\n")
        .file("themes/my/static/print.css", "/* theme print */\n")
        .file("content/static/style.css", "/* edition */\n");
    let built = edition.build();
    built.assert_clean();
    assert_eq!(read(&built, "static/style.css"), "/* edition */\n");
    assert_eq!(read(&built, "static/print.css"), "/* theme print */\n");
}

#[test]
fn a_themes_own_highlight_stylesheet_replaces_the_built_in_one() {
    let book = format!("{BOOK_EN}\n[build]\ntheme = \"my\"\n");
    let edition = edition(&book).file("themes/my/static/highlight.css", ".hl-source {}\n");
    let built = edition.build();
    built.assert_clean();
    assert_eq!(read(&built, "static/highlight.css"), ".hl-source {}\n");
    let page = built.page("alpha.html");
    assert_eq!(
        support::attrs(&page, "link[rel=stylesheet]", "href"),
        ["static/style.css", "static/highlight.css"]
    );
}

#[test]
fn without_a_theme_folder_the_built_in_highlight_stylesheet_is_written() {
    let edition = edition(BOOK_EN);
    let built = edition.build();
    built.assert_clean();
    assert!(read(&built, "static/highlight.css").contains(".hl-"));
}

#[test]
fn an_entry_or_source_named_index_never_replaces_an_index_page() {
    let edition = edition(BOOK_EN)
        .file(
            "content/chapters/01-alpha.md",
            &chapter("Alpha", "[Someone](person:index) cites [@index].\n"),
        )
        .file(
            "content/registers/persons.yaml",
            "index:\n  name: Someone\n",
        )
        .file("content/sources.yaml", "index:\n  short: A source\n");
    let built = edition.build();
    assert_ne!(built.run.code, 0, "{}", built.run.stderr);
    assert!(built.run.stderr.contains("index"), "{}", built.run.stderr);
    assert!(!built.out.exists(), "nothing is written");
}
