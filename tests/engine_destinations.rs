//! What a link or image destination becomes: a mention only where the scheme is a
//! register kind (or a typo of one), an external link for any other scheme, an e-mail
//! autolink with `mailto:`, every address percent-encoded as CommonMark's reference
//! renderer does; and an image's description, whatever it holds, as alt text only.

mod support;

use support::{BOOK_EN, Diag, TestEdition, attrs, chapter, sel};

const PERSONS: &str = "ivanov:\n  name: Ivanov I.I.\n";
const CHAPTER: &str = "content/chapters/01-alpha.md";

fn edition(body: &str) -> TestEdition {
    TestEdition::new(BOOK_EN)
        .file("content/registers/persons.yaml", PERSONS)
        .file(CHAPTER, &chapter("Alpha", body))
}

#[test]
fn uri_schemes_that_are_not_register_kinds_are_links() {
    let body = "[Ivanov](person:ivanov): [call](tel:+7-495-000-00-00), \
[write](mailto:a@example.org), [chat](xmpp:alice@example.org), <urn:isbn:0451450523>, \
[doi](doi:10.1000/182), [moon](planet:moon).\n";
    let edition = edition(body);
    let built = edition.build();
    built.assert_clean();
    let page = built.page("alpha.html");
    assert_eq!(
        attrs(&page, ".chapter-body a:not(.anchor)", "href"),
        [
            "persons/ivanov.html",
            "tel:+7-495-000-00-00",
            "mailto:a@example.org",
            "xmpp:alice@example.org",
            "urn:isbn:0451450523",
            "doi:10.1000/182",
            "planet:moon",
        ]
    );
    assert_eq!(page.select(&sel("a.mention")).count(), 1);
}

#[test]
fn a_scheme_one_typo_from_a_kind_is_a_misspelt_mention() {
    let edition = edition("[Ivanov](person:ivanov) and [him](persn:ivanov).\n");
    edition.assert_diagnostics(
        1,
        &[Diag::error(CHAPTER, 5, 29, "unknown register kind 'persn'")
            .hint("did you mean 'person'?")],
    );
}

#[test]
fn an_email_autolink_gets_mailto() {
    let edition = edition("[Ivanov](person:ivanov) at <ivanov@example.org>.\n");
    let built = edition.build();
    built.assert_clean();
    let page = built.page("alpha.html");
    assert_eq!(
        attrs(&page, ".chapter-body a[href^='mailto:']", "href"),
        ["mailto:ivanov@example.org"]
    );
}

#[test]
fn destinations_are_percent_encoded_once() {
    let body = "[Ivanov](person:ivanov) [a](/foo\\bar) [b](</my uri>) [c](/%20ok) \
[d](https://example.org/?q=`x`) ![map](<../static/old map.png>) ![map](../static/old%20map.png)\n";
    let edition = edition(body).file("content/static/old map.png", "not really a picture");
    let built = edition.build();
    // Addresses from the server's root are warned of (tests/engine_urls.rs), and published.
    built.run.assert_success();
    let page = built.page("alpha.html");
    assert_eq!(
        attrs(
            &page,
            ".chapter-body p > a:not(.anchor):not(.mention)",
            "href"
        ),
        [
            "/foo%5Cbar",
            "/my%20uri",
            "/%20ok",
            "https://example.org/?q=%60x%60"
        ]
    );
    assert_eq!(
        attrs(&page, ".chapter-body img", "src"),
        ["static/old%20map.png", "static/old%20map.png"]
    );
}

#[test]
fn everything_in_an_image_description_is_alt_text_only() {
    let body = "[Ivanov](person:ivanov)\n\n![foo ![bar](/url)](/url2)\n\n\
![a `code` b *em* <b>c</b>](/x)\n";
    let edition = edition(body);
    let built = edition.build();
    // Addresses from the server's root are warned of (tests/engine_urls.rs), and published.
    built.run.assert_success();
    let page = built.page("alpha.html");
    let images: Vec<(String, String)> = page
        .select(&sel(".chapter-body img"))
        .map(|img| {
            let attr = |name| img.value().attr(name).unwrap_or_default().to_owned();
            (attr("src"), attr("alt"))
        })
        .collect();
    assert_eq!(
        images,
        [
            ("/url2".to_owned(), "foo bar".to_owned()),
            ("/x".to_owned(), "a code b em <b>c</b>".to_owned()),
        ]
    );
    for stray in ["code", "em", "b"] {
        let selector = format!(".chapter-body {stray}");
        assert_eq!(page.select(&sel(&selector)).count(), 0, "{stray}");
    }
}
