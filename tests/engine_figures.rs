//! Images: one that stands alone in its paragraph with a title is a `<figure>` with the
//! title as its caption; an image of `content/static/` gets the width and height its
//! file's header tells; a missing image, in Markdown or in raw HTML, is an error at
//! the image.

mod support;

use support::{BOOK_EN, Diag, TestEdition, attrs, chapter, sel, texts};

const CHAPTER: &str = "content/chapters/01-alpha.md";

/// The first bytes of a PNG of `width` × `height` pixels: enough for its header.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

fn edition(body: &str) -> TestEdition {
    let edition = TestEdition::new(BOOK_EN).file(CHAPTER, &chapter("Alpha", body));
    edition.write("content/static/map.png", png_header(640, 480));
    edition
}

#[test]
fn a_lone_image_with_a_title_is_a_figure_with_its_caption_and_size() {
    let body = "![Map of the Donbas](../static/map.png \"The Donbas in 1936\")\n\n\
Text with ![a small map](../static/map.png \"inline\") inside.\n";
    let edition = edition(body);
    let built = edition.build();
    built.assert_clean();
    let page = built.page("alpha.html");
    assert_eq!(attrs(&page, ".chapter-body figure", "id"), ["p-1"]);
    let img = page
        .select(&sel("figure#p-1 > img"))
        .next()
        .expect("the figure's image");
    let attr = |name| img.value().attr(name);
    assert_eq!(attr("src"), Some("static/map.png"));
    assert_eq!(attr("alt"), Some("Map of the Donbas"));
    assert_eq!((attr("width"), attr("height")), (Some("640"), Some("480")));
    assert_eq!(attr("title"), None, "the title is the caption");
    assert_eq!(
        texts(&page, "figure#p-1 > figcaption:last-child"),
        ["The Donbas in 1936"]
    );
    // Among text, an image stays an image (a figure cannot stand in a paragraph).
    let inline = page
        .select(&sel("p#p-2 > img"))
        .next()
        .expect("the inline image");
    assert_eq!(inline.value().attr("title"), Some("inline"));
    assert_eq!(inline.value().attr("width"), Some("640"));
}

#[test]
fn a_missing_image_is_an_error_at_the_image() {
    let body =
        "Text.\n\n![Map](../static/mpa.png)\n\n<img src=\"../static/gone.png\" alt=\"Gone\">\n";
    edition(body).assert_diagnostics(
        1,
        &[
            Diag::error(CHAPTER, 7, 1, "image '../static/mpa.png' is not a file in content/static/")
                .hint("put the image in content/static/ and write its path from the file, e.g. ../static/map.png"),
            Diag::error(CHAPTER, 9, 11, "image '../static/gone.png' is not a file in content/static/")
                .hint("put the image in content/static/ and write its path from the file, e.g. ../static/map.png"),
        ],
    );
}
