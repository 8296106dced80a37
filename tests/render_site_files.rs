//! The files of the site besides its pages: the edition's `content/static/` laid over
//! the theme's static files, a theme's own `highlight.css` over the built-in one, and
//! no page silently replacing another.

mod support;

use support::{BOOK_EN, Diag, TestEdition, chapter};

fn edition(book: &str) -> TestEdition {
    TestEdition::new(book).file(
        "content/chapters/01-alpha.md",
        &chapter("Alpha", "Text.\n\n```rust\nfn main() {}\n```\n"),
    )
}

fn read(built: &support::Built, path: &str) -> String {
    std::fs::read_to_string(built.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An edition's static file with the path of a theme's replaces it, and is a warning
/// at the editor's file: a `style.css` or `search.js` of the edition's own took the
/// site's style or search away without a word. A theme folder's file (`style.css`
/// here) and a built-in one (`search.js`) are both the theme's; a file of another name
/// (`map.css`) is only the edition's.
#[test]
fn the_editions_static_files_replace_the_themes_of_the_same_name_with_a_warning() {
    let book = format!("{BOOK_EN}\n[build]\ntheme = \"my\"\n");
    let edition = edition(&book)
        .file("themes/my/static/style.css", "/* theme */\n")
        .file("themes/my/static/print.css", "/* theme print */\n")
        .file("content/static/style.css", "/* edition */\n")
        .file("content/static/search.js", "// edition\n")
        .file("content/static/map.css", "/* edition map */\n");
    let hint = "rename it if it is the edition's own file; to replace the theme's file, put \
                it in a theme folder's static/ (see THEMES.md)";
    let warning = |name: &str| {
        Diag::warning(
            &format!("content/static/{name}"),
            0,
            0,
            &format!("this file replaces the theme's static/{name}"),
        )
        .hint(hint)
    };
    edition.assert_diagnostics(0, &[warning("search.js"), warning("style.css")]);
    let built = edition.build();
    built.run.assert_success();
    assert!(
        built.run.stderr.contains(
            "content/static/style.css: warning: this file replaces the theme's static/style.css"
        ),
        "{}",
        built.run.stderr
    );
    assert_eq!(read(&built, "static/style.css"), "/* edition */\n");
    assert_eq!(read(&built, "static/search.js"), "// edition\n");
    assert_eq!(read(&built, "static/print.css"), "/* theme print */\n");
    assert_eq!(read(&built, "static/map.css"), "/* edition map */\n");
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
