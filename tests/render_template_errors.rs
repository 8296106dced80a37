//! A broken template is reported with the page being made and the file to open: the
//! theme folder's own template or the built-in one, with tera's line and caret kept.

mod support;

use support::{BOOK_EN, Run, TestEdition, chapter};

/// An edition with the theme `my`, holding `template` as `themes/my/templates/NAME`.
fn with_template(name: &str, template: &str) -> TestEdition {
    let book = format!("{BOOK_EN}\n[build]\ntheme = \"my\"\n");
    TestEdition::new(&book)
        .file(
            "content/chapters/01-alpha.md",
            &chapter("Alpha", "Text.[^1]\n\n[^1]: A note.\n"),
        )
        .file(&format!("themes/my/templates/{name}"), template)
}

#[track_caller]
fn failed(run: &Run) -> &str {
    assert_eq!(run.code, 2, "{}", run.stderr);
    &run.stderr
}

#[test]
fn an_error_in_a_theme_template_names_the_page_and_the_themes_file() {
    let edition = with_template(
        "404.html",
        "{% extends \"base.html\" %}{% block content %}\n{{ nosuch }}{% endblock content %}",
    );
    let run = edition.run(&["build"]);
    let stderr = failed(&run);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: rendering 404.html with the theme template themes/my/templates/404.html: \
         Variable `nosuch` is not defined. Available variables: canonical, description, \
         jsonld, og_type, page, page_title, site"
    );
    assert_eq!(
        lines[1].trim_start(),
        "--> themes/my/templates/404.html:2:4"
    );
    assert_eq!(lines[3], "2 | {{ nosuch }}{% endblock content %}");
}

#[test]
fn an_error_in_an_inherited_theme_template_names_that_file() {
    let edition = with_template(
        "base.html",
        "<!DOCTYPE html>\n<title>{{ site.title.nosuch }}</title>{% block content %}{% endblock content %}",
    );
    let stderr = failed(&edition.run(&["check"])).to_owned();
    assert!(
        stderr.starts_with(
            "error: rendering index.html with the theme template themes/my/templates/base.html: \
             Field `nosuch` is not defined."
        ),
        "the first page in order is reported, with the file the error is in: {stderr}"
    );
    assert!(
        stderr.contains("--> themes/my/templates/base.html:2:22"),
        "{stderr}"
    );
}

#[test]
fn an_error_in_a_built_in_template_says_it_is_the_built_in_one() {
    // The theme's chapter page hands the built-in note.html a note it cannot show.
    let edition = with_template(
        "chapter.html",
        "{% extends \"base.html\" %}{% block content %}{% set note = 5 %}{% include \"note.html\" %}{% endblock content %}",
    );
    let stderr = failed(&edition.run(&["build"])).to_owned();
    assert!(
        stderr.starts_with("error: rendering alpha.html with the built-in template note.html: "),
        "{stderr}"
    );
    assert!(stderr.contains("--> note.html:1:"), "{stderr}");
    assert!(
        stderr.contains("note: called from themes/my/templates/chapter.html:1:"),
        "{stderr}"
    );
}

#[test]
fn a_syntax_error_in_a_theme_template_names_the_themes_file() {
    let edition = with_template("chapter.html", "{% extends \"base.html\" %}\n{% if %}");
    let stderr = failed(&edition.run(&["build"])).to_owned();
    assert!(
        stderr.starts_with("error: loading the theme template themes/my/templates/chapter.html: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> themes/my/templates/chapter.html:2:"),
        "{stderr}"
    );
}
