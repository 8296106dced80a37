//! The output folder never loses data: a build that fails half-way leaves the previous
//! output as it was, letopis refuses every folder it must not replace, never follows a
//! symlink out of the output, and the same input builds to the same bytes.

mod support;

use std::fs;
use std::path::Path;
use support::{BOOK_EN, TestEdition, chapter, files_under, tree};

/// An edition of three chapters, built once into `public/`.
fn built_edition() -> TestEdition {
    let edition = TestEdition::new(BOOK_EN)
        .file("content/chapters/01-one.md", &chapter("One", "First.\n"))
        .file("content/chapters/02-two.md", &chapter("Two", "Second.\n"))
        .file(
            "content/chapters/03-three.md",
            &chapter("Three", "Third.\n"),
        );
    edition.build().assert_clean();
    edition
}

/// The names in the edition's folder, to see that no temporary folder is left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn template_error_on_the_last_page_leaves_the_previous_output_untouched() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    let built_in =
        fs::read_to_string(support::repo_root().join("themes/default/templates/chapter.html"))
            .unwrap();
    let failing = built_in.replacen(
        "{% block content %}",
        "{% block content %}{% if page.title == \"Three\" %}{{ no_such_variable }}{% endif %}",
        1,
    );
    assert_ne!(failing, built_in);
    edition.write("themes/default/templates/chapter.html", failing);
    edition.write("content/chapters/01-one.md", chapter("One", "Changed.\n"));
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The render stage words the rest of the message; this test pins only which page
    // and which template failed.
    let first_line = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("error: rendering three.html")
            && first_line.contains("chapter.html"),
        "{}",
        run.stderr
    );
    assert!(tree(&out) == before, "the previous output changed");
    assert_eq!(
        names(edition.root()),
        ["anchors.lock", "book.toml", "content", "public", "themes"]
    );
}

#[test]
fn write_failing_half_way_leaves_the_previous_output_untouched() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    // `static/style.css` is the theme's file, so a folder of that name cannot be
    // created: the write fails after the pages sorted before it were written.
    edition.write("content/static/style.css/picture.png", "not a picture");
    edition.write("content/chapters/01-one.md", chapter("One", "Changed.\n"));
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Folders are made first and files written in parallel, so either side of the
    // clash may be the one reported.
    assert!(
        run.stderr.starts_with("error: writing static/style.css")
            && run
                .stderr
                .contains("(the previous output is left as it was)"),
        "{}",
        run.stderr
    );
    assert!(tree(&out) == before, "the previous output changed");
    assert_eq!(
        names(edition.root()),
        ["anchors.lock", "book.toml", "content", "public"]
    );
}

/// Runs `build --out OUT` and checks that it was refused with `message`, leaving
/// `watched` (a folder that must not change) exactly as it was.
#[track_caller]
fn assert_refused(edition: &TestEdition, out: &str, message: &str, watched: &Path) {
    let before = tree(watched);
    let run = edition.run(&["build", "--out", out]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "{message:?} not in:\n{}",
        run.stderr
    );
    assert!(tree(watched) == before, "{} changed", watched.display());
}

/// `build --out` with the edition's own folder given as an absolute path.
fn at(edition: &TestEdition, path: &str) -> String {
    edition.root().join(path).to_string_lossy().into_owned()
}

#[test]
fn refuses_the_edition_root() {
    let edition = built_edition();
    let message = "/: it is the edition's root folder; choose a folder inside it";
    assert_refused(&edition, &at(&edition, "."), message, edition.root());
}

#[test]
fn refuses_a_folder_that_contains_the_edition() {
    let edition = built_edition();
    let message = "it contains the edition root";
    assert_refused(&edition, &at(&edition, ".."), message, edition.root());
}

#[test]
fn refuses_the_content_folder() {
    let edition = built_edition();
    let content = edition.root().join("content");
    assert_refused(
        &edition,
        &at(&edition, "content"),
        "it is the content folder",
        &content,
    );
}

#[test]
fn refuses_a_folder_inside_the_content_folder() {
    let edition = built_edition();
    let content = edition.root().join("content");
    let message = "content/html/: it lies inside the content folder";
    assert_refused(&edition, &at(&edition, "content/html"), message, &content);
    assert!(!content.join("html").exists());
}

/// The themes folder is read like the content: an output inside it (`themes/default/`,
/// say) would be taken for the edition's theme by the next build, which would then read
/// the output's own `static/` as theme files and fail.
#[test]
fn refuses_the_themes_folder_and_folders_inside_it() {
    let edition = built_edition();
    for (out, message) in [
        ("themes", "themes/: it is the themes folder"),
        (
            "themes/default",
            "themes/default/: it lies inside the themes folder",
        ),
    ] {
        assert_refused(&edition, &at(&edition, out), message, edition.root());
        assert!(!edition.root().join("themes").exists(), "{out}");
    }
    edition.build().assert_clean();
}

#[test]
fn refuses_a_folder_holding_content_or_book_toml_even_with_the_marker() {
    for name in ["content/chapters/x.md", "book.toml"] {
        let edition = built_edition();
        edition.write("other/.letopis-output", "");
        edition.write(&format!("other/{name}"), "an edition's file");
        let first = name.split('/').next().unwrap();
        let message = format!("other/: it contains {first}, so it looks like an edition");
        let other = edition.root().join("other");
        assert_refused(&edition, &at(&edition, "other"), &message, &other);
    }
}

#[test]
fn refuses_a_folder_letopis_did_not_create() {
    let edition = built_edition();
    edition.write("thesis/chapter-1.docx", "years of work");
    let message = "thesis/: it holds 1 entry that letopis did not write:\n  chapter-1.docx  (not written by letopis)\n";
    let thesis = edition.root().join("thesis");
    assert_refused(&edition, &at(&edition, "thesis"), message, &thesis);
}

#[test]
fn replaces_an_empty_folder_and_marks_it() {
    let edition = built_edition();
    let empty = edition.root().join("empty");
    fs::create_dir(&empty).unwrap();
    edition
        .run(&["build", "--out", &at(&edition, "empty")])
        .assert_success();
    assert!(empty.join(".letopis-output").is_file());
    assert!(empty.join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn refuses_an_output_that_is_a_symlink() {
    let edition = built_edition();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join(".letopis-output"), "").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), edition.root().join("link")).unwrap();
    let message = "link/: it is a symbolic link";
    assert_refused(&edition, &at(&edition, "link"), message, elsewhere.path());
    assert!(
        fs::symlink_metadata(edition.root().join("link"))
            .unwrap()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn replacing_the_output_never_follows_a_symlink_out_of_it() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let precious = tempfile::tempdir().unwrap();
    fs::write(precious.path().join("notes.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(precious.path(), out.join("static/linked")).unwrap();
    std::os::unix::fs::symlink(precious.path().join("notes.txt"), out.join("notes.txt")).unwrap();
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "  notes.txt  (a symbolic link letopis did not make)\n  \
             static/linked  (a symbolic link letopis did not make)\n"
        ),
        "{}",
        run.stderr
    );
    edition.run(&["build", "--force"]).assert_success();
    assert!(fs::symlink_metadata(out.join("static/linked")).is_err());
    assert!(fs::symlink_metadata(out.join("notes.txt")).is_err());
    let kept = edition.root().join("public.kept");
    assert!(
        fs::symlink_metadata(kept.join("static/linked"))
            .unwrap()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(kept.join("notes.txt"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(precious.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(files_under(precious.path()), ["notes.txt"]);
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let edition = TestEdition::bundled();
    for out in ["first", "second"] {
        let args = [
            "build",
            "--base-url",
            "https://user.github.io/plenum-1936/",
            "--out",
        ];
        let mut args = args.to_vec();
        let out = at(&edition, out);
        args.push(&out);
        edition.run(&args).assert_success();
    }
    // The marker records when each file was written, so it is left out.
    let published = |out: &str| {
        let mut files = tree(&edition.root().join(out));
        files.retain(|(path, _)| path != ".letopis-output");
        files
    };
    let first = published("first");
    assert!(first.len() > 100, "{} files", first.len());
    assert!(published("second") == first, "the two builds differ");
}

#[test]
fn refuses_two_files_whose_paths_differ_only_in_case_and_keeps_the_previous_output() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    edition.write("content/static/Map.png", "a map");
    edition.write("content/static/map.png", "another map");
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let message = "content/static/map.png: error: this name differs from Map.png only in \
                   upper and lower case, so on macOS and Windows one would overwrite the \
                   other; skipped\n";
    assert!(run.stderr.starts_with(message), "{}", run.stderr);
    assert!(tree(&out) == before, "the previous output changed");
}

#[test]
fn build_removes_at_once_what_killed_builds_left_beside_the_output_and_nothing_else() {
    let edition = built_edition();
    // A build killed between its two renames leaves both outputs in its folder; one
    // killed a second ago leaves its half-written output. Neither holds the lock, so
    // both are dead and go, however recent.
    edition.write(".letopis-build-killed/site/index.html", "new");
    edition.write(".letopis-build-killed/previous/.letopis-output", "");
    edition.write(".letopis-build-killed/previous/index.html", "old");
    edition.write(
        ".letopis-build-just-killed/site/index.html",
        "being written",
    );
    edition.write(".letopis-build-notes/site/index.html", "new");
    edition.write(".letopis-build-notes/notes.txt", "not letopis's");
    edition.build().assert_clean();
    assert_eq!(
        names(edition.root()),
        [
            ".letopis-build-notes",
            "anchors.lock",
            "book.toml",
            "content",
            "public"
        ]
    );
    assert_eq!(
        fs::read_to_string(edition.root().join(".letopis-build-notes/notes.txt")).unwrap(),
        "not letopis's"
    );
}

/// Issue 7, item 1: a file dropped into the output is not deleted by the next build.
#[test]
fn notes_dropped_into_the_output_stop_the_build_and_force_moves_them_aside() {
    let edition = built_edition();
    let out = edition.root().join("public");
    fs::write(out.join("my-notes.txt"), "notes").unwrap();
    fs::write(out.join("index.html"), "edited by hand").unwrap();
    let before = tree(&out);
    let run = edition.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "public/: it holds 2 entries that letopis did not write:\n  \
             index.html  (changed since letopis wrote it)\n  \
             my-notes.txt  (not written by letopis)\n\
             To keep a file in the published site, move it to content/static/"
        ) && run.stderr.contains("run again with --force"),
        "{}",
        run.stderr
    );
    assert!(tree(&out) == before, "the output changed");
    let run = edition.run(&["build", "--force"]);
    run.assert_success();
    assert!(
        run.stderr
            .starts_with("moved 2 entries that letopis did not write to "),
        "{}",
        run.stderr
    );
    let kept = edition.root().join("public.kept");
    assert_eq!(fs::read(kept.join("my-notes.txt")).unwrap(), b"notes");
    assert_eq!(
        fs::read(kept.join("index.html")).unwrap(),
        b"edited by hand"
    );
    assert!(!out.join("my-notes.txt").exists());
}

/// Issue 7, item 1: a copy of the output spread over a web root, marker and all, does
/// not let a build delete the other sites there.
#[test]
fn a_web_root_holding_a_copy_of_the_output_and_other_sites_is_refused() {
    let edition = built_edition();
    let www = tempfile::tempdir().unwrap();
    for (path, bytes) in tree(&edition.root().join("public")) {
        let to = www.path().join(&path);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(to, bytes).unwrap();
    }
    fs::create_dir_all(www.path().join("other-site")).unwrap();
    fs::write(www.path().join("other-site/index.html"), "another site").unwrap();
    let message = "it holds 1 entry that letopis did not write:\n  \
                   other-site/index.html  (not written by letopis)\n";
    assert_refused(&edition, &www.path().to_string_lossy(), message, www.path());
}

/// Issue 7, item 7: a second run into the same folder waits for the first.
#[cfg(unix)]
#[test]
fn a_second_build_waits_while_another_run_holds_the_lock() {
    let edition = built_edition();
    let lock = fs::File::open(edition.root()).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_letopis"))
        .args(["build", "--root"])
        .arg(edition.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait"
    );
    drop(lock);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "waiting for another letopis run writing into {} to finish…\n",
            edition.root().canonicalize().unwrap().display()
        )),
        "{stderr}"
    );
}

/// Issue 7, item 7: SIGTERM (as Ctrl-C) in the middle of a build removes its
/// temporary folder; the previous output stays.
#[cfg(unix)]
#[test]
fn sigterm_during_a_build_removes_its_temporary_folder() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let before = tree(&out);
    // Copying 64 GB of holes takes long enough to be caught in the middle.
    fs::create_dir_all(edition.root().join("content/static")).unwrap();
    let scan = fs::File::create(edition.root().join("content/static/scan.tif")).unwrap();
    scan.set_len(64 << 30).unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_letopis"))
        .args(["build", "--root"])
        .arg(edition.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let copying = || {
        names(edition.root()).iter().any(|name| {
            name.starts_with(".letopis-build-")
                && edition
                    .root()
                    .join(name)
                    .join("site/static/scan.tif")
                    .exists()
        })
    };
    for _ in 0..600 {
        if copying() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(copying(), "the build never started copying");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        names(edition.root()),
        ["anchors.lock", "book.toml", "content", "public"]
    );
    assert!(tree(&out) == before, "the previous output changed");
}

/// Issue 7, item 4: a static file far larger than the memory the build may use is
/// copied, not read whole; `check` does not read it at all.
#[cfg(unix)]
#[test]
fn a_static_file_larger_than_the_memory_limit_is_built_and_checked() {
    let edition = with_scan_of_a_gigabyte();
    // 500 MB of address space: the old build needed two copies of the file, 2 GB.
    for command in ["check", "build"] {
        run_in_500_mb(&[command, "--root", path(edition.root())]);
    }
    let copy = edition.root().join("public/static/scan.tif");
    assert_eq!(fs::metadata(copy).unwrap().len(), 1 << 30);
}

/// Issue 7: `archive` streams a static file larger than the memory it may use into the
/// zip (hashing it for the manifest on the way), and `archive --verify` checks it so.
#[cfg(unix)]
#[test]
fn a_static_file_larger_than_the_memory_limit_is_archived_and_verified() {
    let edition = with_scan_of_a_gigabyte();
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("edition.zip");
    let root = path(edition.root());
    run_in_500_mb(&["archive", "--root", root, "--out", path(&zip)]);
    let stdout = run_in_500_mb(&["archive", "--verify", path(&zip)]);
    assert!(
        stdout.starts_with("all ") && stdout.trim_end().ends_with(" match"),
        "{stdout}"
    );
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    let name = archive
        .file_names()
        .find(|name| name.ends_with("/static/scan.tif"))
        .map(str::to_owned)
        .unwrap();
    assert_eq!(archive.by_name(&name).unwrap().size(), 1 << 30);
}

/// The built edition with `content/static/scan.tif`, a sparse file of 1 GiB.
#[cfg(unix)]
fn with_scan_of_a_gigabyte() -> TestEdition {
    let edition = built_edition();
    fs::create_dir_all(edition.root().join("content/static")).unwrap();
    let scan = fs::File::create(edition.root().join("content/static/scan.tif")).unwrap();
    scan.set_len(1 << 30).unwrap();
    edition
}

/// Runs letopis with `args` in 500 MB of address space, asserts that it succeeds, and
/// returns what it printed.
#[cfg(unix)]
fn run_in_500_mb(args: &[&str]) -> String {
    let output = std::process::Command::new("sh")
        .args(["-c", "ulimit -v 500000 && exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_letopis"))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A path as the text of an argument.
fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Issue 7, item 2: a file system mounted inside the output is never emptied.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs root (mount --bind)"]
fn a_mount_inside_the_output_is_refused_and_left_alone() {
    let edition = built_edition();
    let out = edition.root().join("public");
    let media = tempfile::tempdir_in("/dev/shm").unwrap();
    fs::write(media.path().join("scan.tif"), "a scan").unwrap();
    fs::create_dir(out.join("media")).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["--bind"])
        .arg(media.path())
        .arg(out.join("media"))
        .status()
        .unwrap();
    assert!(mounted.success());
    let runs = [edition.run(&["build"]), edition.run(&["build", "--force"])];
    let _ = std::process::Command::new("umount")
        .arg(out.join("media"))
        .status();
    let [plain, forced] = runs;
    assert_eq!(plain.code, 2, "{}", plain.stderr);
    assert!(
        plain
            .stderr
            .contains("  media/  (another file system mounted here)\n"),
        "{}",
        plain.stderr
    );
    assert_eq!(forced.code, 2, "{}", forced.stderr);
    assert_eq!(fs::read(media.path().join("scan.tif")).unwrap(), b"a scan");
}
