//! `letopis archive`: the bundled edition packed into a zip that is byte-identical for
//! identical input, carries its date and a `sha256sum` manifest, is checked by
//! `--verify`, and requests nothing from the network when unpacked.

mod support;

use scraper::Html;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};
use support::{Run, TestEdition, tree, unzip};

/// Where the edition says it is published; the archive's folder is named after it.
const BASE_URL: &str = "https://user.github.io/plenum-1936/";

/// A link the editor wrote, which the archive may keep pointing out of itself.
const EDITOR_LINK: &str = "https://example.org/sovet-1936.pdf";

/// The bundled edition with a base URL and one chapter that links out of the edition.
fn edition() -> TestEdition {
    let book = fs::read_to_string(support::repo_root().join("book.toml")).unwrap();
    TestEdition::bundled()
        .file(
            "book.toml",
            &format!("{book}\n[site]\nbase-url = \"{BASE_URL}\"\n"),
        )
        .file(
            "content/chapters/99-online.md",
            &support::chapter(
                "Онлайн",
                &format!("Стенограмма есть [в сети]({EDITOR_LINK}).\n"),
            ),
        )
}

/// Runs `letopis archive ARGS` with `SOURCE_DATE_EPOCH` set to `epoch`, or unset.
fn archive(edition: &TestEdition, args: &[&str], epoch: Option<&str>) -> Run {
    Run::of(archive_command(edition, args, epoch))
}

/// The command of [`archive`], not yet run.
fn archive_command(edition: &TestEdition, args: &[&str], epoch: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command
        .arg("archive")
        .args(args)
        .arg("--root")
        .arg(edition.root());
    match epoch {
        Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    command
}

/// Archives into `ROOT/NAME`, unpacks it into `ROOT/unpacked-NAME/` and returns the
/// archive's top folder there.
fn archive_and_unpack(edition: &TestEdition, name: &str) -> PathBuf {
    let zip = edition.root().join(name);
    let run = archive(
        edition,
        &["--out", zip.to_str().unwrap()],
        Some("1751328000"),
    );
    run.assert_success();
    let into = edition.root().join(format!("unpacked-{name}"));
    unzip(&zip, &into);
    into.join("plenum-1936")
}

/// Runs `letopis archive --verify PATH`.
fn verify(path: &Path) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command.args(["archive", "--verify"]).arg(path);
    Run::of(command)
}

#[test]
fn archiving_twice_gives_byte_identical_zips() {
    let edition = edition();
    for epoch in [Some("1751328000"), None] {
        let [first, second] = ["first.zip", "second.zip"].map(|name| {
            let zip = edition.root().join(name);
            archive(&edition, &["--out", zip.to_str().unwrap()], epoch).assert_success();
            fs::read(zip).unwrap()
        });
        assert!(
            first == second,
            "archives differ with SOURCE_DATE_EPOCH {epoch:?}"
        );
    }
}

#[test]
fn archives_made_with_one_thread_and_with_two_are_byte_identical() {
    // Pages reach the archive in the order threads finish them; the zip is packed in
    // the order of its names all the same.
    let edition = edition();
    let [one, two] = ["1", "2"].map(|threads| {
        let zip = edition.root().join(format!("threads-{threads}.zip"));
        let args = ["--out", zip.to_str().unwrap()];
        let mut command = archive_command(&edition, &args, Some("1751328000"));
        command.env("RAYON_NUM_THREADS", threads);
        Run::of(command).assert_success();
        fs::read(zip).unwrap()
    });
    assert!(one == two, "the archives of 1 and 2 threads differ");
}

#[test]
fn source_date_epoch_dates_every_entry_and_the_readme() {
    let edition = edition();
    let zip_path = edition.root().join("dated.zip");
    // 2025-07-01 12:30:00 UTC
    let run = archive(
        &edition,
        &["--out", zip_path.to_str().unwrap()],
        Some("1751373000"),
    );
    run.assert_success();
    let mut zip = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
    for index in 0..zip.len() {
        let entry = zip.by_index(index).unwrap();
        let time = entry.last_modified().unwrap();
        let when = (
            time.year(),
            time.month(),
            time.day(),
            time.hour(),
            time.minute(),
        );
        assert_eq!(when, (2025, 7, 1, 12, 30), "{}", entry.name());
    }
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("plenum-1936/README.txt").unwrap(),
        &mut readme,
    )
    .unwrap();
    assert!(readme.contains("Build date: 2025-07-01"), "{readme}");
}

/// Sets the modification time of the edition's file `path` to `seconds` after 1970.
fn date_file(edition: &TestEdition, path: &str, seconds: u64) {
    fs::File::options()
        .write(true)
        .open(edition.root().join(path))
        .and_then(|file| file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)))
        .unwrap_or_else(|e| panic!("dating {path}: {e}"));
}

/// Runs `letopis archive` without `SOURCE_DATE_EPOCH` into the default path and
/// returns the date its README names.
#[track_caller]
fn archive_date(edition: &TestEdition) -> String {
    archive(edition, &[], None).assert_success();
    let zip_path = edition.root().join("plenum-1936.zip");
    let mut zip = zip::ZipArchive::new(fs::File::open(zip_path).unwrap()).unwrap();
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("plenum-1936/README.txt").unwrap(),
        &mut readme,
    )
    .unwrap();
    let (_, after) = readme.split_once("Build date: ").expect("a build date");
    after[..10].to_owned()
}

#[test]
fn without_source_date_epoch_the_date_is_the_newest_source_file() {
    let edition = edition().file("themes/default/static/extra.css", "p {}\n");
    for path in support::files_under(edition.root()) {
        date_file(&edition, &path, 1_600_000_000); // 2020-09-13
    }
    date_file(&edition, "content/chapters/99-online.md", 1_700_000_000); // 2023-11-14
    // What an operating system or an editor leaves in content/ does not count.
    for litter in [
        ".DS_Store",
        "chapters/.99-online.md.swp",
        "chapters/99-online.md~",
    ] {
        edition.write(&format!("content/{litter}"), "litter");
    }
    assert_eq!(archive_date(&edition), "2023-11-14");
    // Settings and the theme shape every page, so they date the archive too.
    date_file(&edition, "book.toml", 1_710_000_000);
    assert_eq!(archive_date(&edition), "2024-03-09");
    date_file(&edition, "themes/default/static/extra.css", 1_720_000_000);
    assert_eq!(archive_date(&edition), "2024-07-03");
}

#[test]
fn archive_holds_the_built_site_with_readme_and_manifest_but_not_the_404_page() {
    let edition = edition();
    let top = archive_and_unpack(&edition, "edition.zip");
    edition.build().run.assert_success();
    let built: Vec<_> = tree(&edition.root().join("public"))
        .into_iter()
        .filter(|(path, _)| path != ".letopis-output" && path != "404.html")
        .collect();
    let archived: Vec<_> = tree(&top)
        .into_iter()
        .filter(|(path, _)| path != "README.txt" && path != "MANIFEST.sha256")
        .collect();
    assert_eq!(names(&archived), names(&built));
    assert!(
        archived == built,
        "archived files differ from the built ones"
    );
    let readme = fs::read_to_string(top.join("README.txt")).unwrap();
    let title = readme.lines().next().unwrap();
    assert!(title.starts_with("Второй Пленум Совета"), "{readme}");
    assert!(
        readme.contains("open index.html in any web browser"),
        "{readme}"
    );
}

fn names(files: &[(String, Vec<u8>)]) -> Vec<&str> {
    files.iter().map(|(path, _)| path.as_str()).collect()
}

#[test]
fn manifest_checks_every_unpacked_file_in_sha256sum_format() {
    let edition = edition();
    let top = archive_and_unpack(&edition, "edition.zip");
    let manifest = fs::read_to_string(top.join("MANIFEST.sha256")).unwrap();
    let mut listed = Vec::new();
    for line in manifest.lines() {
        let (digest, path) = line.split_once("  ").unwrap_or_else(|| panic!("{line:?}"));
        let actual = Sha256::digest(fs::read(top.join(path)).unwrap());
        let hex: String = actual.iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(digest, hex, "{path}");
        listed.push(path.to_owned());
    }
    let mut expected = support::files_under(&top);
    expected.retain(|path| path != "MANIFEST.sha256");
    assert_eq!(
        listed, expected,
        "the manifest lists every other file, sorted"
    );
    if Path::new("/usr/bin/sha256sum").exists() {
        let mut check = Command::new("/usr/bin/sha256sum");
        check
            .args(["-c", "--strict", "--quiet", "MANIFEST.sha256"])
            .current_dir(&top);
        Run::of(check).assert_success();
    }
}

#[test]
fn verify_reports_altered_missing_and_extra_files_of_a_tampered_copy() {
    let edition = edition();
    let top = archive_and_unpack(&edition, "edition.zip");
    let run = verify(&top);
    run.assert_success();
    assert!(
        run.stdout.contains("files listed in MANIFEST.sha256 match"),
        "{}",
        run.stdout
    );
    verify(&edition.root().join("edition.zip")).assert_success();

    fs::write(top.join("index.html"), "<p>replaced</p>").unwrap();
    fs::remove_file(top.join("persons/bazhanov.html")).unwrap();
    fs::write(
        top.join("static/tracker.js"),
        "fetch('https://example.org/')",
    )
    .unwrap();
    let run = verify(&top);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let problems: Vec<_> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with("checked"))
        .collect();
    assert_eq!(
        problems,
        [
            "altered: index.html",
            "missing: persons/bazhanov.html",
            "extra: static/tracker.js"
        ]
    );
    assert!(
        run.stdout.contains(": 1 altered, 1 missing, 1 extra\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_reports_an_altered_file_inside_a_repacked_zip() {
    let edition = edition();
    let zip_path = edition.root().join("edition.zip");
    archive(
        &edition,
        &["--out", zip_path.to_str().unwrap()],
        Some("1751328000"),
    )
    .assert_success();
    let tampered = edition.root().join("tampered.zip");
    repack_with(
        &zip_path,
        &tampered,
        "plenum-1936/notes.html",
        b"<p>no notes</p>",
    );
    let run = verify(&tampered);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("altered: notes.html\n"),
        "{}",
        run.stdout
    );
}

/// Copies the zip at `from` to `to` with the entry `name` holding `bytes` instead.
fn repack_with(from: &Path, to: &Path, name: &str, bytes: &[u8]) {
    use std::io::{Read, Write};
    let mut source = zip::ZipArchive::new(fs::File::open(from).unwrap()).unwrap();
    let mut target = zip::ZipWriter::new(fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for index in 0..source.len() {
        let mut entry = source.by_index(index).unwrap();
        if entry.is_dir() {
            target.add_directory(entry.name(), options).unwrap();
            continue;
        }
        let mut contents = Vec::new();
        entry.read_to_end(&mut contents).unwrap();
        target.start_file(entry.name(), options).unwrap();
        target
            .write_all(if entry.name() == name {
                bytes
            } else {
                &contents
            })
            .unwrap();
    }
    target.finish().unwrap();
}

#[test]
fn no_unpacked_file_requests_anything_from_the_network() {
    let edition = edition();
    let top = archive_and_unpack(&edition, "edition.zip");
    let editor_link = format!("<a href=\"{EDITOR_LINK}\">");
    let canonical = format!("<link rel=\"canonical\" href=\"{BASE_URL}");
    let (mut offences, mut editor_links) = (Vec::new(), 0);
    for (path, bytes) in tree(&top) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") {
            for reference in remote_references(&Html::parse_document(&text)) {
                if reference == editor_link {
                    editor_links += 1;
                } else if !reference.starts_with(&canonical) {
                    offences.push(format!("{path}: {reference}"));
                }
            }
        } else if path != "sitemap.xml" && !is_search_data(&path) && refers_out(&text) {
            offences.push(format!("{path}: {text:.200}"));
        }
    }
    assert_eq!(offences, Vec::<String>::new());
    assert_eq!(editor_links, 1, "the editor's own link is kept as written");
}

/// Every absolute or protocol-relative URL in a page, shown as the element holding it:
/// `<tag rel="…" attr="url">`, or a `<style>` or `<script>` with its text.
fn remote_references(page: &Html) -> Vec<String> {
    let mut found = Vec::new();
    let elements = page.root_element().descendants();
    for element in elements.filter_map(scraper::ElementRef::wrap) {
        let tag = element.value().name();
        // A JSON block (JSON-LD, citations) is data that names the published URLs;
        // nothing fetches it.
        let data = matches!(
            element.value().attr("type"),
            Some("application/ld+json" | "application/json")
        );
        if matches!(tag, "style" | "script") && !data && refers_out(&element.inner_html()) {
            found.push(format!("<{tag}>{}", element.inner_html()));
        }
        // A `<meta>` (Open Graph's `og:url`) names the published address for link
        // previews; nothing fetches it.
        if tag == "meta" {
            continue;
        }
        for (name, value) in element.value().attrs() {
            let remote = value.contains("://") || value.trim_start().starts_with("//");
            if remote && !name.starts_with("xmlns") {
                let rel = element
                    .value()
                    .attr("rel")
                    .map(|rel| format!(" rel=\"{rel}\""));
                let rel = rel.unwrap_or_default();
                found.push(format!("<{tag}{rel} {name}=\"{value}\">"));
            }
        }
    }
    found
}

/// The search index's shards: packed data that search.js reads, whose characters may
/// happen to spell `://`; they name no address (the browser test checks the requests).
fn is_search_data(path: &str) -> bool {
    path.starts_with("static/search/")
}

/// Whether a file's or an inline style's or script's text names anything by an absolute
/// or protocol-relative URL.
fn refers_out(text: &str) -> bool {
    let compact: String = text.split_whitespace().collect();
    [
        "://",
        "url(//",
        "url(\"//",
        "url('//",
        "@import\"//",
        "@import'//",
    ]
    .iter()
    .any(|pattern| compact.contains(pattern))
}

#[test]
fn refuses_to_write_the_archive_where_the_next_build_would_delete_it() {
    let edition = edition();
    edition.build().run.assert_success();
    let zip = edition.root().join("public/plenum-1936.zip");
    let run = archive(&edition, &["--out", zip.to_str().unwrap()], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let message = "it lies inside the output folder";
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(!zip.exists());
}

/// A zip inside the themes folder would be read by the next build as part of the
/// theme (published, under `static/`) and would redate every later archive.
#[test]
fn refuses_to_write_the_archive_inside_the_themes_folder() {
    let edition = edition();
    let zip = edition.root().join("themes/default/static/plenum-1936.zip");
    let run = archive(&edition, &["--out", zip.to_str().unwrap()], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let message = "it lies inside the themes folder";
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(!edition.root().join("themes").exists());
}

#[test]
fn refuses_to_replace_an_editors_zip_at_the_default_path() {
    let edition = edition();
    let zip_path = edition.root().join("plenum-1936.zip");
    let mut scans = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    scans.start_file("scans/page-001.tif", options).unwrap();
    std::io::Write::write_all(&mut scans, b"a scanned page").unwrap();
    scans.finish().unwrap();
    let before = fs::read(&zip_path).unwrap();
    let run = archive(&edition, &[], Some("1751328000"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let message = format!(
        "error: refusing to replace {}: it exists and is not an archive made by letopis; \
         move it or choose another --out\n",
        zip_path.display()
    );
    assert!(run.stderr.ends_with(&message), "{}", run.stderr);
    assert!(
        fs::read(&zip_path).unwrap() == before,
        "the editor's zip changed"
    );
}

#[test]
fn archiving_again_replaces_the_archive_letopis_made() {
    let edition = edition();
    archive(&edition, &[], Some("1751328000")).assert_success();
    archive(&edition, &[], Some("1751328000")).assert_success();
    verify(&edition.root().join("plenum-1936.zip")).assert_success();
}

#[test]
fn refuses_an_edition_with_two_files_whose_paths_differ_only_in_case() {
    let edition = TestEdition::new(support::BOOK_EN)
        .file(
            "content/chapters/01-one.md",
            &support::chapter("One", "Text.\n"),
        )
        .file("content/static/Map.png", "a map")
        .file("content/static/map.png", "another map");
    let zip_path = edition.root().join("edition.zip");
    let run = archive(&edition, &["--out", zip_path.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let message = "content/static/map.png: error: this name differs from Map.png only in \
                   upper and lower case, so on macOS and Windows one would overwrite the \
                   other; skipped\n";
    assert!(run.stderr.starts_with(message), "{}", run.stderr);
    assert!(!zip_path.exists());
}
