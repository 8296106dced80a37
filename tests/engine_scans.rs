//! Web derivatives of large images (a page scan, a TIFF): built with the real binary,
//! the pages show a JPEG at most 1,600 px wide with its own size, linking the
//! original, and the output stays the same bytes on every run and thread count.

mod support;

use image::ImageFormat;
use std::process::Command;
use support::{TestEdition, attrs, files_under, image, tree};

const CHAPTER: &str = "---\ntitle: Scans\n---\n\n\
![Sheet 12](../static/scans/p12.png \"Sheet 12\")\n\n\
A TIFF ![sheet 13](../static/scans/p13.tif) and a small one ![map](../static/map.png).\n";

/// An edition with a 2,400 × 1,200 PNG, a 1,800 × 1,000 TIFF and a 400 × 300 PNG.
fn scans() -> TestEdition {
    let edition = TestEdition::new(support::BOOK_EN).file("content/chapters/01-scans.md", CHAPTER);
    edition.write(
        "content/static/scans/p12.png",
        image(2400, 1200, ImageFormat::Png),
    );
    edition.write(
        "content/static/scans/p13.tif",
        image(1800, 1000, ImageFormat::Tiff),
    );
    edition.write("content/static/map.png", image(400, 300, ImageFormat::Png));
    edition
}

#[test]
fn a_large_image_is_shown_by_its_web_derivative_linking_the_original() {
    let edition = scans();
    let built = edition.build();
    built.assert_clean();
    let page = built.page("scans.html");
    assert_eq!(
        attrs(&page, "img", "src"),
        [
            "static/scans/p12.png.1600.jpg",
            "static/scans/p13.tif.1600.jpg",
            "static/map.png"
        ]
    );
    assert_eq!(attrs(&page, "img", "width"), ["1600", "1600", "400"]);
    assert_eq!(attrs(&page, "img", "height"), ["800", "889", "300"]);
    assert_eq!(
        attrs(&page, "a.original", "href"),
        ["static/scans/p12.png", "static/scans/p13.tif"]
    );
    assert_eq!(
        attrs(&page, "figure > a.original > img", "alt"),
        ["Sheet 12"]
    );
    for (name, size) in [
        ("scans/p12.png.1600.jpg", (1600, 800)),
        ("scans/p13.tif.1600.jpg", (1600, 889)),
    ] {
        let path = built.out.join("static").join(name);
        assert_eq!(image::image_dimensions(&path).expect(name), size);
        let format = ImageFormat::from_path(&path).expect("a known extension");
        assert_eq!(format, ImageFormat::Jpeg);
    }
    let statics: Vec<String> = files_under(&built.out.join("static"))
        .into_iter()
        .filter(|f| f.starts_with("scans/") || f.starts_with("map"))
        .collect();
    assert_eq!(
        statics,
        [
            "map.png",
            "scans/p12.png",
            "scans/p12.png.1600.jpg",
            "scans/p13.tif",
            "scans/p13.tif.1600.jpg"
        ]
    );
}

#[test]
fn derivatives_are_the_same_bytes_on_every_run_and_thread_count() {
    let edition = scans();
    let build = |threads: &str, out: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
        command
            .args(["build", "--out"])
            .arg(edition.root().join(out))
            .arg("--root")
            .arg(edition.root())
            .env("RAYON_NUM_THREADS", threads);
        support::Run::of(command).assert_success();
        // The output's marker records when each file was written; the files do not.
        let mut files = tree(&edition.root().join(out));
        files.retain(|(path, _)| path != ".letopis-output");
        files
    };
    let one = build("1", "one");
    assert!(one.iter().any(|(path, _)| path.ends_with(".1600.jpg")));
    for (threads, out) in [("2", "two"), ("2", "again")] {
        let other = build(threads, out);
        assert!(
            one == other,
            "{threads} threads into {out} wrote other bytes"
        );
    }
}

#[test]
fn an_image_that_cannot_be_decoded_is_a_warning_at_its_file_and_shown_as_it_is() {
    // Its header says 3,000 × 100 pixels; the pixels are cut off.
    let mut broken = image(3000, 100, ImageFormat::Png);
    broken.truncate(64);
    let edition = TestEdition::new(support::BOOK_EN).file(
        "content/chapters/01-scans.md",
        "---\ntitle: Scans\n---\n\n![torn](../static/torn.png)\n",
    );
    edition.write("content/static/torn.png", &broken);
    // `check` reads only the header, so it has nothing to say.
    let checked = edition.run(&["check"]);
    checked.assert_success();
    assert!(!checked.stderr.contains("warning:"), "{}", checked.stderr);
    let built = edition.build();
    built.run.assert_success();
    let first = built.run.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "content/static/torn.png: warning: no web derivative could be made of this image \
         (unexpected end of file); pages show it as it is",
        "{}",
        built.run.stderr
    );
    assert!(
        built.run.stderr.contains(
            "hint: save it again as a JPEG, PNG or TIFF, or make it at most 1600 px wide"
        )
    );
    let page = built.page("scans.html");
    assert_eq!(attrs(&page, "img", "src"), ["static/torn.png"]);
    assert_eq!(attrs(&page, "img", "width"), ["3000"]);
    assert!(attrs(&page, "a.original", "href").is_empty());
    assert!(!built.out.join("static/torn.png.1600.jpg").exists());
}

/// The offline copy is the published edition: its pages show the same derivatives and
/// it holds the same files as `build` wrote, besides its README and manifest (and the
/// web host's 404 page, which it leaves out).
#[test]
fn the_archive_holds_the_derivatives_its_pages_show() {
    let edition = scans();
    let built = edition.build();
    built.assert_clean();
    let zip = edition.root().join("copy.zip");
    edition
        .run(&["archive", "--out", zip.to_str().expect("a UTF-8 path")])
        .assert_success();
    let unpacked = edition.root().join("unpacked");
    support::unzip(&zip, &unpacked);
    let top = std::fs::read_dir(&unpacked)
        .expect("the unpacked archive")
        .next()
        .expect("its top folder")
        .expect("a folder entry")
        .path();
    let mut archived = tree(&top);
    archived.retain(|(path, _)| !["README.txt", "MANIFEST.sha256"].contains(&path.as_str()));
    let mut published = tree(&built.out);
    published.retain(|(path, _)| ![".letopis-output", "404.html"].contains(&path.as_str()));
    let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        files.iter().map(|(path, _)| path.clone()).collect()
    };
    assert_eq!(names(&archived), names(&published));
    assert!(
        archived == published,
        "the archive's files differ from the build's"
    );
    assert!(
        archived
            .iter()
            .any(|(path, _)| path == "static/scans/p13.tif.1600.jpg")
    );
}
