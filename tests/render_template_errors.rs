//! A broken template is reported with the page being made and the file to open: the
//! theme folder's own template or the built-in one, with tera's line and caret kept.

mod support;

use support::{BOOK_EN, Diag, Run, TestEdition, chapter};

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

/// `check --format json` printed a broken template as text on stderr, and nothing on
/// stdout: a tool reading the JSON saw a clean edition that failed. It is a diagnostic
/// of the same shape as every other, at the template's file, line and column.
#[test]
fn check_as_json_gives_a_broken_template_as_a_diagnostic() {
    let edition = with_template(
        "index.html",
        "{% extends \"base.html\" %}\n{% blok content %}x{% endblock %}\n",
    );
    let hint = "templates are written in Tera: https://keats.github.io/tera/docs/";
    edition.assert_diagnostics(
        1,
        &[Diag::error(
            "themes/my/templates/index.html",
            2,
            4,
            "loading the theme: Unknown tag",
        )
        .hint(hint)],
    );
    let edition = with_template(
        "404.html",
        "{% extends \"base.html\" %}{% block content %}\n  {{ nosuch }}{% endblock content %}",
    );
    let (code, found) = edition.diagnostics();
    assert_eq!(code, 1);
    let [found] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(
        (found.file.as_str(), found.line, found.column),
        ("themes/my/templates/404.html", 2, 6)
    );
    assert!(
        found
            .message
            .starts_with("rendering 404.html: Variable `nosuch` is not defined."),
        "{found:?}"
    );
}
