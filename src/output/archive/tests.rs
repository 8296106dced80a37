use std::path::PathBuf;

use super::*;
use crate::site::Site;
use sha2::{Digest, Sha256};

const DATE: SourceDate = SourceDate {
    epoch_seconds: 1_700_000_000, // 2023-11-14 22:13:20 UTC
};

fn sample_site() -> Site {
    Site::from_texts(&[
        ("index.html", "<h1>Пленум</h1>"),
        ("persons/bazhanov.html", "Бажанов"),
        ("persons/index.html", "persons"),
        ("search.html", "search"),
        ("static/css/site.css", "body {}"),
        ("static/search-index.js", "var index = [];"),
    ])
}

fn meta() -> ArchiveMeta {
    ArchiveMeta {
        folder: "plenum-1936".to_owned(),
        title: "Пленум 1936 года".to_owned(),
        date: DATE,
    }
}

/// `site` and `copies` archived as `pipeline::archive` hands them over: page by page.
fn archive_site(
    site: &Site,
    copies: &[Copy],
    meta: &ArchiveMeta,
    zip_path: &Path,
) -> anyhow::Result<usize> {
    write_archive(copies, meta, zip_path, |staged| {
        site.pages().iter().try_for_each(|page| staged.write(page))
    })
}

/// A fresh folder and the sample archive written into it.
fn sample_archive() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("plenum.zip");
    archive_site(&sample_site(), &[], &meta(), &zip_path).unwrap();
    (tmp, zip_path)
}

/// Every entry of a zip: name, and bytes (`None` for a folder), in stored order.
fn entries(zip_path: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut zip = ZipArchive::new(File::open(zip_path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().to_owned();
            if entry.is_dir() {
                return (name, None);
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, Some(bytes))
        })
        .collect()
}

fn file_text(zip_path: &Path, name: &str) -> String {
    let (_, bytes) = entries(zip_path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap();
    String::from_utf8(bytes.unwrap()).unwrap()
}

/// Writes a new zip with the given entries, as someone repacking an archive would.
fn repack(zip_path: &Path, entries: &[(String, Option<Vec<u8>>)]) {
    let mut zip = ZipWriter::new(File::create(zip_path).unwrap());
    for (name, bytes) in entries {
        match bytes {
            None => zip
                .add_directory(name.as_str(), SimpleFileOptions::default())
                .unwrap(),
            Some(bytes) => {
                zip.start_file(name.as_str(), SimpleFileOptions::default())
                    .unwrap();
                zip.write_all(bytes).unwrap();
            }
        }
    }
    zip.finish().unwrap();
}

/// Unpacks the archive into `into` and returns its top folder.
fn unpack(zip_path: &Path, into: &Path) -> PathBuf {
    ZipArchive::new(File::open(zip_path).unwrap())
        .unwrap()
        .extract(into)
        .unwrap();
    into.join("plenum-1936")
}

#[test]
fn same_input_gives_byte_identical_archives() {
    let (tmp, first) = sample_archive();
    let second = tmp.path().join("again/plenum.zip");
    archive_site(&sample_site(), &[], &meta(), &second).unwrap();
    assert_eq!(fs::read(&first).unwrap(), fs::read(&second).unwrap());
}

#[test]
fn entries_are_sorted_under_one_folder_with_folder_entries() {
    let (_tmp, zip_path) = sample_archive();
    let names: Vec<String> = entries(&zip_path)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        [
            "plenum-1936/",
            "plenum-1936/MANIFEST.sha256",
            "plenum-1936/README.txt",
            "plenum-1936/index.html",
            "plenum-1936/persons/",
            "plenum-1936/persons/bazhanov.html",
            "plenum-1936/persons/index.html",
            "plenum-1936/search.html",
            "plenum-1936/static/",
            "plenum-1936/static/css/",
            "plenum-1936/static/css/site.css",
            "plenum-1936/static/search-index.js",
        ]
    );
}

#[test]
fn every_entry_has_the_source_date_fixed_permissions_and_deflate() {
    let (_tmp, zip_path) = sample_archive();
    let mut zip = ZipArchive::new(File::open(&zip_path).unwrap()).unwrap();
    let expected = zip::DateTime::from_date_and_time(2023, 11, 14, 22, 13, 20).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        assert_eq!(entry.last_modified(), Some(expected), "{}", entry.name());
        let (mode, method) = match entry.is_dir() {
            true => (0o755, CompressionMethod::Stored),
            false => (0o644, CompressionMethod::Deflated),
        };
        assert_eq!(entry.unix_mode().unwrap() & 0o777, mode, "{}", entry.name());
        assert_eq!(entry.compression(), method, "{}", entry.name());
    }
}

#[test]
fn manifest_lists_every_other_file_in_sha256sum_format() {
    let (_tmp, zip_path) = sample_archive();
    let mut expected = String::new();
    for (name, bytes) in entries(&zip_path) {
        let (Some(path), Some(bytes)) = (name.strip_prefix("plenum-1936/"), bytes) else {
            continue;
        };
        if path != MANIFEST {
            let digest = Sha256::digest(&bytes);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            expected.push_str(&format!("{hex}  {path}\n"));
        }
    }
    assert_eq!(
        file_text(&zip_path, "plenum-1936/MANIFEST.sha256"),
        expected
    );
    assert!(expected.contains("  README.txt\n"), "{expected}");
    assert_eq!(expected.lines().count(), 7, "{expected}");
}

#[test]
fn sha256sum_accepts_the_unpacked_copy() {
    let sha256sum = Path::new("/usr/bin/sha256sum");
    if !sha256sum.exists() {
        return;
    }
    let (tmp, zip_path) = sample_archive();
    let folder = unpack(&zip_path, &tmp.path().join("unpacked"));
    let output = std::process::Command::new(sha256sum)
        .args(["-c", "--strict", MANIFEST])
        .current_dir(&folder)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
}

#[test]
fn readme_says_what_it_is_and_how_to_open_and_check_it() {
    let (_tmp, zip_path) = sample_archive();
    let readme = file_text(&zip_path, "plenum-1936/README.txt");
    for expected in [
        "Пленум 1936 года\n",
        "2023-11-14",
        "open index.html in any web browser; no network or server is needed.\n",
        "    sha256sum -c MANIFEST.sha256\n",
        "letopis archive --verify",
        concat!("Made by letopis ", env!("CARGO_PKG_VERSION"), ".\n"),
    ] {
        assert!(readme.contains(expected), "{expected:?} not in:\n{readme}");
    }
}

#[test]
fn the_hosts_404_page_is_left_out_and_not_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("a.zip");
    let pages = Site::from_texts(&[
        ("404.html", "<a href=\"/plenum-1936/\">"),
        ("index.html", "x"),
    ]);
    assert_eq!(archive_site(&pages, &[], &meta(), &zip_path).unwrap(), 1);
    let names: Vec<_> = entries(&zip_path).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "plenum-1936/",
            "plenum-1936/MANIFEST.sha256",
            "plenum-1936/README.txt",
            "plenum-1936/index.html"
        ]
    );
}

#[test]
fn verify_accepts_the_zip_and_an_unpacked_copy() {
    let (tmp, zip_path) = sample_archive();
    let report = verify(&zip_path).unwrap();
    assert_eq!(
        report,
        VerifyReport {
            checked: 7,
            ..VerifyReport::default()
        }
    );
    assert_eq!(
        report.to_string(),
        "all 7 files listed in MANIFEST.sha256 match"
    );
    let folder = unpack(&zip_path, &tmp.path().join("unpacked"));
    assert_eq!(verify(&folder).unwrap(), report);
}

#[test]
fn verify_finds_altered_missing_and_extra_files_in_a_zip() {
    let (_tmp, zip_path) = sample_archive();
    let mut changed = entries(&zip_path);
    changed.retain(|(name, _)| name != "plenum-1936/persons/index.html");
    for (name, bytes) in &mut changed {
        if name == "plenum-1936/index.html" {
            *bytes = Some(b"<h1>forged</h1>".to_vec());
        }
    }
    changed.push(("plenum-1936/new.html".to_owned(), Some(b"added".to_vec())));
    changed.push(("elsewhere.txt".to_owned(), Some(b"outside".to_vec())));
    repack(&zip_path, &changed);
    let report = verify(&zip_path).unwrap();
    assert_eq!(
        report,
        VerifyReport {
            checked: 7,
            altered: vec!["index.html".to_owned()],
            missing: vec!["persons/index.html".to_owned()],
            extra: vec!["elsewhere.txt".to_owned(), "new.html".to_owned()],
            problems: vec![],
        }
    );
    assert!(!report.is_ok());
    assert_eq!(
        report.to_string(),
        "altered: index.html\nmissing: persons/index.html\nextra: elsewhere.txt\nextra: new.html\n\
         checked 7 files listed in MANIFEST.sha256: 1 altered, 1 missing, 2 extra"
    );
}

#[test]
fn verify_finds_altered_missing_and_extra_files_in_a_folder() {
    let (tmp, zip_path) = sample_archive();
    let folder = unpack(&zip_path, &tmp.path().join("unpacked"));
    fs::write(folder.join("persons/bazhanov.html"), "Бажанов!").unwrap();
    fs::remove_file(folder.join("static/css/site.css")).unwrap();
    fs::write(folder.join("static/extra.js"), "alert(1)").unwrap();
    let report = verify(&folder).unwrap();
    assert_eq!(
        report,
        VerifyReport {
            checked: 7,
            altered: vec!["persons/bazhanov.html".to_owned()],
            missing: vec!["static/css/site.css".to_owned()],
            extra: vec!["static/extra.js".to_owned()],
            problems: vec![],
        }
    );
}

#[cfg(unix)]
#[test]
fn verify_reports_links_in_a_folder_as_extra_without_following_them() {
    let (tmp, zip_path) = sample_archive();
    let folder = unpack(&zip_path, &tmp.path().join("unpacked"));
    let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, folder.join(name));
    // Read through, either link would never end: `/dev/zero` has no end.
    link(Path::new("/dev/zero"), "zero").unwrap();
    link(Path::new("/dev/zero"), "static/css/site.css.bak").unwrap();
    fs::remove_file(folder.join("index.html")).unwrap();
    link(&folder.join("persons/index.html"), "index.html").unwrap();
    link(&folder.join("persons"), "people").unwrap();
    let report = verify(&folder).unwrap();
    assert_eq!(
        report,
        VerifyReport {
            checked: 7,
            altered: vec![],
            missing: vec!["index.html".to_owned()],
            extra: ["index.html", "people", "static/css/site.css.bak", "zero",]
                .map(|name| format!("{name} (not a regular file)"))
                .to_vec(),
            problems: vec![],
        }
    );
}

#[cfg(unix)]
#[test]
fn verify_refuses_a_manifest_that_is_a_link() {
    let (tmp, zip_path) = sample_archive();
    let folder = unpack(&zip_path, &tmp.path().join("unpacked"));
    fs::rename(folder.join(MANIFEST), tmp.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("elsewhere"), folder.join(MANIFEST)).unwrap();
    let message = format!("{:#}", verify(&folder).unwrap_err());
    assert_eq!(
        message,
        format!("{} is not a regular file", folder.join(MANIFEST).display())
    );
}

#[test]
fn sha256_of_a_reader_matches_sha256sum_of_the_bytes() {
    // Larger than `io::copy`'s buffer, so the digest spans many pieces.
    let bytes: Vec<u8> = (0..100_000u32).map(|n| (n % 251) as u8).collect();
    assert_eq!(sha256_of(bytes.as_slice()).unwrap(), sha256_hex(&bytes));
    assert_eq!(
        sha256_of(io::empty()).unwrap(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn verify_refuses_a_manifest_larger_than_any_edition_needs() {
    let tmp = tempfile::tempdir().unwrap();
    let file = File::create(tmp.path().join(MANIFEST)).unwrap();
    file.set_len(MANIFEST_LIMIT + 1).unwrap();
    let message = format!("{:#}", verify(tmp.path()).unwrap_err());
    assert!(message.ends_with(": larger than 64 MiB"), "{message}");
}

#[test]
fn verify_reports_a_damaged_zip_entry_as_altered() {
    let (_tmp, zip_path) = sample_archive();
    let data_start = {
        let mut zip = ZipArchive::new(File::open(&zip_path).unwrap()).unwrap();
        zip.by_name("plenum-1936/persons/bazhanov.html")
            .unwrap()
            .data_start()
            .unwrap()
    };
    let mut bytes = fs::read(&zip_path).unwrap();
    bytes[usize::try_from(data_start).unwrap()] ^= 0xff;
    fs::write(&zip_path, bytes).unwrap();
    let report = verify(&zip_path).unwrap();
    assert_eq!(report.altered, ["persons/bazhanov.html"]);
    assert!(
        report.missing.is_empty() && report.extra.is_empty(),
        "{report}"
    );
}

#[test]
fn verify_names_the_line_of_a_malformed_manifest() {
    let (tmp, zip_path) = sample_archive();
    let folder = unpack(&zip_path, &tmp.path().join("unpacked"));
    let manifest = fs::read_to_string(folder.join(MANIFEST)).unwrap();
    let broken = manifest.replacen("  index.html", " index.html", 1);
    fs::write(folder.join(MANIFEST), broken).unwrap();
    let message = format!("{:#}", verify(&folder).unwrap_err());
    assert!(message.contains("MANIFEST.sha256 in "), "{message}");
    assert!(
        message.contains(", line 2: expected `<64 hex digits>  <path>`"),
        "{message}"
    );
}

#[test]
fn verify_rejects_manifest_paths_that_leave_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let line = format!("{}  ../secret.txt\n", "0".repeat(64));
    fs::write(tmp.path().join(MANIFEST), line).unwrap();
    let message = format!("{:#}", verify(tmp.path()).unwrap_err());
    assert!(message.contains("line 1: expected"), "{message}");
}

#[test]
fn verify_rejects_a_file_listed_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let line = format!("{}  a.html\n", "0".repeat(64));
    fs::write(tmp.path().join(MANIFEST), line.repeat(2)).unwrap();
    let message = format!("{:#}", verify(tmp.path()).unwrap_err());
    assert!(
        message.contains("line 2: a.html is listed a second time"),
        "{message}"
    );
}

#[test]
fn verify_refuses_a_zip_without_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("other.zip");
    repack(
        &zip_path,
        &[("site/index.html".to_owned(), Some(b"x".to_vec()))],
    );
    let message = format!("{:#}", verify(&zip_path).unwrap_err());
    assert!(message.contains("no MANIFEST.sha256 in"), "{message}");
}

#[test]
fn verify_refuses_a_folder_without_manifest() {
    let (tmp, zip_path) = sample_archive();
    unpack(&zip_path, &tmp.path().join("unpacked"));
    // The folder the zip was unpacked into, one level above the manifest.
    let message = format!("{:#}", verify(&tmp.path().join("unpacked")).unwrap_err());
    assert!(
        message.contains("give the folder that holds it"),
        "{message}"
    );
}

#[test]
fn failed_archive_leaves_no_zip_and_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("a.zip");
    let clash = Site::from_texts(&[("a", "file"), ("a/b.html", "page")]);
    let message = format!(
        "{:#}",
        archive_site(&clash, &[], &meta(), &zip_path).unwrap_err()
    );
    assert!(
        message.contains("the site has a file a and also files inside a folder a/"),
        "{message}"
    );
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn failed_archive_keeps_the_previous_zip() {
    let (tmp, zip_path) = sample_archive();
    let before = fs::read(&zip_path).unwrap();
    let bad = ArchiveMeta {
        date: SourceDate { epoch_seconds: 0 },
        ..meta()
    };
    archive_site(
        &Site::from_texts(&[("README.txt", "mine")]),
        &[],
        &bad,
        &zip_path,
    )
    .unwrap_err();
    assert_eq!(fs::read(&zip_path).unwrap(), before);
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

/// What `write_archive` says when it will not replace what lies at `zip_path`.
fn not_ours(zip_path: &Path) -> String {
    format!(
        "refusing to replace {}: it exists and is not an archive made by letopis; move it or \
         choose another --out",
        zip_path.display()
    )
}

#[test]
fn refuses_to_replace_anything_but_an_archive_letopis_made() {
    let tmp = tempfile::tempdir().unwrap();
    let scans = tmp.path().join("arch.zip");
    repack(
        &scans,
        &[("arch/scan-001.tif".to_owned(), Some(b"scan".to_vec()))],
    );
    let text = tmp.path().join("book.toml");
    fs::write(&text, "title = 'x'\n").unwrap();
    for path in [&scans, &text, &tmp.path().to_path_buf()] {
        let before = fs::symlink_metadata(path).unwrap().modified().unwrap();
        let err = archive_site(&sample_site(), &[], &meta(), path).unwrap_err();
        assert_eq!(format!("{err:#}"), not_ours(path));
        assert_eq!(
            fs::symlink_metadata(path).unwrap().modified().unwrap(),
            before
        );
    }
    assert_eq!(entries(&scans)[0].0, "arch/scan-001.tif");
    assert_eq!(fs::read_to_string(&text).unwrap(), "title = 'x'\n");
}

#[test]
fn replaces_an_archive_letopis_made() {
    let (_tmp, zip_path) = sample_archive();
    let changed = Site::from_texts(&[("index.html", "changed")]);
    archive_site(&changed, &[], &meta(), &zip_path).unwrap();
    assert_eq!(file_text(&zip_path, "plenum-1936/index.html"), "changed");
}

#[test]
fn refuses_paths_that_differ_only_in_case_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("a.zip");
    for (pages, first, second) in [
        (
            [("static/Map.png", "A"), ("static/map.png", "b")],
            "static/Map.png",
            "static/map.png",
        ),
        (
            [("index.html", "x"), ("readme.txt", "mine")],
            "README.txt",
            "readme.txt",
        ),
    ] {
        let err = archive_site(&Site::from_texts(&pages), &[], &meta(), &zip_path).unwrap_err();
        let message = err.to_string();
        let names = format!("differ only in upper and lower case, {first} and {second}:");
        assert!(message.contains(&names), "{message}");
    }
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn writing_removes_temporary_files_that_a_killed_run_left_beside_the_zip() {
    let tmp = tempfile::tempdir().unwrap();
    let left = tmp.path().join(".letopis-archive-AbC123.tmp");
    fs::write(&left, b"PK\x03\x04half a zip").unwrap();
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    File::open(&left)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    let zip_path = tmp.path().join("a.zip");
    archive_site(&sample_site(), &[], &meta(), &zip_path).unwrap();
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.zip"]);
}

#[test]
fn refuses_a_top_folder_that_is_not_one_plain_name() {
    let tmp = tempfile::tempdir().unwrap();
    for folder in ["", "a/b", "..", "."] {
        let bad = ArchiveMeta {
            folder: folder.to_owned(),
            ..meta()
        };
        let err = archive_site(&sample_site(), &[], &bad, &tmp.path().join("a.zip")).unwrap_err();
        assert!(err.to_string().contains("one plain folder name"), "{err}");
    }
}

#[test]
fn refuses_an_archive_path_inside_the_content_themes_or_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (content, public) = (tmp.path().join("content"), tmp.path().join("public"));
    let themes = tmp.path().join("themes");
    fs::create_dir(&content).unwrap();
    for (zip_path, expected) in [
        (content.join("x/a.zip"), "lies inside the content folder"),
        (themes.join("house/a.zip"), "lies inside the themes folder"),
        (public.join("a.zip"), "lies inside the output folder"),
    ] {
        let err = check_archive_path(&zip_path, &content, &themes, &public).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains(expected), "{message}");
    }
    check_archive_path(&tmp.path().join("a.zip"), &content, &themes, &public).unwrap();
}

#[cfg(unix)]
#[test]
fn archive_is_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, zip_path) = sample_archive();
    assert_eq!(
        fs::metadata(&zip_path).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

#[test]
fn iso_date_matches_known_days() {
    for (seconds, date) in [
        (0, "1970-01-01"),
        (-1, "1969-12-31"),
        (951_782_400, "2000-02-29"),
        (1_700_000_000, "2023-11-14"),
        (4_107_542_399, "2100-02-28"),
        (-62_135_596_800, "0001-01-01"),
        (253_402_300_799, "9999-12-31"),
    ] {
        assert_eq!(
            SourceDate {
                epoch_seconds: seconds
            }
            .iso_date(),
            date,
            "{seconds}"
        );
    }
}

/// The inverse of `civil_from_days` (Hinnant's `days_from_civil`), to check it round-trips.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[test]
fn civil_from_days_round_trips_and_advances_one_day_at_a_time() {
    let mut previous = civil_from_days(-800_001);
    for days in -800_000..800_000 {
        let (year, month, day) = civil_from_days(days);
        assert_eq!(days_from_civil(year, month, day), days);
        let next_day = (year, month, day) > previous && (day == previous.2 + 1 || day == 1);
        assert!(next_day, "{previous:?} then {:?}", (year, month, day));
        previous = (year, month, day);
    }
}

#[test]
fn zip_time_is_clamped_to_the_zip_range() {
    let at = |epoch_seconds| SourceDate { epoch_seconds }.zip_time().unwrap();
    let first = zip::DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).unwrap();
    let last = zip::DateTime::from_date_and_time(2107, 12, 31, 23, 59, 58).unwrap();
    assert_eq!(at(0), first);
    assert_eq!(at(i64::MIN), first);
    assert_eq!(at(i64::MAX), last);
    assert_eq!(at(4_354_819_199), last);
}

#[test]
fn source_date_comes_from_the_environment_value_when_set() {
    let tmp = tempfile::tempdir().unwrap();
    let date = source_date_from(Some(OsStr::new("1700000000")), &[tmp.path()]).unwrap();
    assert_eq!(date, DATE);
}

#[test]
fn invalid_source_date_epoch_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["yesterday", "-5", "1.5", " 1", "99999999999999999999"] {
        let err = source_date_from(Some(OsStr::new(bad)), &[tmp.path()]).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("invalid SOURCE_DATE_EPOCH"), "{message}");
        assert!(message.contains(bad), "{message}");
    }
}

/// Creates the file `name` under `dir` with its modification time `seconds` after 1970.
fn file_dated(dir: &Path, name: &str, seconds: u64) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = File::create(&path).unwrap();
    file.set_modified(UNIX_EPOCH + std::time::Duration::from_secs(seconds))
        .unwrap();
}

#[test]
fn source_date_is_the_newest_file_under_content_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    file_dated(tmp.path(), "a.md", 1_000_000_000);
    file_dated(tmp.path(), "persons/deep/b.yaml", 1_700_000_000);
    file_dated(tmp.path(), "z.md", 1_500_000_000);
    for env in [None, Some(OsStr::new(""))] {
        assert_eq!(source_date_from(env, &[tmp.path()]).unwrap(), DATE);
    }
}

#[test]
fn source_date_skips_hidden_files_and_editors_litter() {
    let tmp = tempfile::tempdir().unwrap();
    file_dated(tmp.path(), "chapters/01.md", 1_700_000_000);
    for litter in [
        ".DS_Store",
        "chapters/.01.md.swp",
        "chapters/01.md~",
        "chapters/01.md.swp",
        "chapters/4913",
        "static/.hidden.png",
    ] {
        file_dated(tmp.path(), litter, 1_800_000_000);
    }
    assert_eq!(source_date_from(None, &[tmp.path()]).unwrap(), DATE);
}

#[test]
fn source_date_counts_book_toml_and_the_theme_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    file_dated(root, "content/chapters/01.md", 1_000_000_000);
    file_dated(root, "book.toml", 1_000_000_000);
    file_dated(root, "themes/mine/templates/page.html", 1_000_000_000);
    let inputs = [
        root.join("book.toml"),
        root.join("content"),
        root.join("themes/mine"),
    ];
    for newest in ["book.toml", "themes/mine/templates/page.html"] {
        file_dated(root, newest, 1_700_000_000);
        assert_eq!(source_date_from(None, &inputs).unwrap(), DATE, "{newest}");
        file_dated(root, newest, 1_000_000_000);
    }
}

#[test]
fn source_date_of_an_empty_content_folder_asks_for_the_variable() {
    let tmp = tempfile::tempdir().unwrap();
    let message = source_date_from(None, &[tmp.path()])
        .unwrap_err()
        .to_string();
    assert!(message.contains("set SOURCE_DATE_EPOCH"), "{message}");
}

/// Issue 7: a static file streamed from disk in pieces zips to the very bytes it did
/// when it was held in memory, so archives stay reproducible across versions.
#[test]
fn a_static_file_from_disk_gives_the_bytes_it_gave_from_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let scan: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 & 0x3f)
        .collect();
    let source = tmp.path().join("scan.tif");
    fs::write(&source, &scan).unwrap();
    let mut in_memory = sample_site().pages().to_vec();
    in_memory.push(crate::site::Page {
        path: PagePath::new("static/scan.tif").unwrap(),
        bytes: scan,
    });
    let from_memory = tmp.path().join("memory.zip");
    archive_site(&Site::new(in_memory).unwrap(), &[], &meta(), &from_memory).unwrap();
    let copy = Copy {
        path: PagePath::new("static/scan.tif").unwrap(),
        source,
    };
    let from_disk = tmp.path().join("disk.zip");
    assert_eq!(
        archive_site(&sample_site(), &[copy], &meta(), &from_disk).unwrap(),
        7
    );
    assert!(fs::read(&from_memory).unwrap() == fs::read(&from_disk).unwrap());
    assert!(verify(&from_disk).unwrap().is_ok());
}

#[test]
fn pages_are_staged_beside_the_zip_and_a_killed_runs_folder_is_removed_next_time() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("plenum.zip");
    let leftover = tmp.path().join(".letopis-archive-dead.pages");
    fs::create_dir(&leftover).unwrap();
    fs::write(leftover.join("0"), "a page").unwrap();
    fs::write(leftover.join("17"), "another").unwrap();
    let editors = tmp.path().join(".letopis-archive-mine.pages");
    fs::create_dir(&editors).unwrap();
    fs::write(editors.join("notes.txt"), "not a page").unwrap();
    let mut staged_in = None;
    let site = sample_site();
    write_archive(&[], &meta(), &zip_path, |staged| {
        staged_in = Some(staged.folder.path().to_path_buf());
        assert!(!leftover.exists(), "the dead run's folder goes first");
        site.pages().iter().try_for_each(|page| staged.write(page))
    })
    .unwrap();
    let staged_in = staged_in.unwrap();
    assert_eq!(staged_in.parent(), Some(tmp.path()));
    assert!(!staged_in.exists(), "the staged pages go once zipped");
    assert!(
        editors.join("notes.txt").exists(),
        "a folder letopis did not fill stays"
    );
    assert_eq!(entries(&zip_path), {
        let (_tmp, from_site) = sample_archive();
        entries(&from_site)
    });
}
