//! `letopis serve` as an editor uses it: the real binary on a temporary edition, on a
//! free port, spoken to over plain sockets.

mod support;

use serde_json::Value;
use support::serve::{Served, build_of};
use support::{BOOK_EN, TestEdition, chapter, theme_edition};

/// The chapter page of `content/chapters/01-opening.md` in [`theme_edition`].
const OPENING: &str = "/opening.html";

/// A served `theme_edition`, with its first status event already read.
fn served() -> (TestEdition, Served, support::serve::Events, u64) {
    let edition = theme_edition("en");
    let server = edition.serve(&[]);
    let mut events = server.events();
    let first = events.next();
    assert!(build_of(&first) > 0, "{first}");
    (edition, server, events, build_of(&first))
}

fn problems(status: &Value) -> &Vec<Value> {
    status["problems"].as_array().expect("a list of problems")
}

#[test]
fn serve_prints_its_url_and_serves_pages_from_memory_with_no_store() {
    let (edition, server, _, _) = served();
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let page = server.get(OPENING);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(
        page.text().contains("opened the meeting"),
        "{}",
        page.text()
    );
    let css = server.get("/static/style.css");
    assert_eq!(css.content_type.as_deref(), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("no-store"));
    assert_eq!(server.get("/").status, 200);
    assert!(server.get("/").text().contains("<h1"));
    let folder = server.get("/persons/");
    assert_eq!(folder.status, 200);
    assert!(folder.text().contains("Ёлкин"), "{}", folder.text());
    let bare = server.get("/persons");
    assert_eq!(
        (bare.status, bare.header("location")),
        (301, Some("/persons/"))
    );
    assert!(
        !edition.root().join("public").exists(),
        "serve wrote the output folder"
    );
}

#[test]
fn an_unknown_path_gets_the_theme_404_page_with_status_404() {
    let (edition, server, _, _) = served();
    let missing = server.get("/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    let built = edition.build();
    let expected = std::fs::read_to_string(built.out.join("404.html")).unwrap();
    let title = expected
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(missing.text().contains(title), "{}", missing.text());
}

#[test]
fn pages_get_the_reload_script_but_the_bytes_are_otherwise_the_build() {
    let (edition, server, _, build) = served();
    let served = server.get(OPENING).text();
    let tag = format!("<script src=\"/__letopis/live.js\" data-build=\"{build}\"></script>\n");
    assert_eq!(served.matches(&tag).count(), 1, "{served}");
    let built = edition.build();
    let written = std::fs::read_to_string(built.out.join("opening.html")).unwrap();
    assert_eq!(served.replacen(&tag, "", 1), written);
    assert!(
        !written.contains("__letopis"),
        "the build must not carry the script"
    );
    let script = server.get("/__letopis/live.js");
    assert_eq!(
        script.content_type.as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("EventSource"));
}

#[test]
fn an_edit_sends_a_reload_event_and_then_the_new_text_is_served() {
    let (edition, server, mut events, build) = served();
    assert!(!server.get(OPENING).text().contains("A new sentence"));
    let path = edition.root().join("content/chapters/01-opening.md");
    let text = std::fs::read_to_string(&path).unwrap();
    edition.write(
        "content/chapters/01-opening.md",
        text.replace("opened the meeting", "opened the meeting. A new sentence"),
    );
    let status = events.until(|s| build_of(s) > build);
    assert!(problems(&status).is_empty(), "{status}");
    assert!(server.get(OPENING).text().contains("A new sentence"));
}

#[test]
fn broken_yaml_keeps_the_old_site_and_reports_until_fixed() {
    let (edition, server, mut events, build) = served();
    let good =
        std::fs::read_to_string(edition.root().join("content/registers/persons.yaml")).unwrap();
    edition.write(
        "content/registers/persons.yaml",
        format!("{good}broken: [\n"),
    );
    let status = events.until(|s| !problems(s).is_empty());
    assert_eq!(build_of(&status), build, "the old site stays");
    let problem = &problems(&status)[0];
    assert_eq!(
        problem["file"], "content/registers/persons.yaml",
        "{status}"
    );
    assert_eq!(problem["severity"], "error");
    assert!(problem["line"].as_u64().unwrap() > 0, "{problem}");
    assert!(problem["message"].as_str().is_some_and(|m| !m.is_empty()));
    let heading = status["words"]["heading"].as_str().unwrap_or_default();
    assert!(
        heading.starts_with("The edition does not build: 1 error. "),
        "{status}"
    );
    assert_eq!(status["words"]["close"], "Close");
    let page = server.get(OPENING);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("opened the meeting"));
    server.stderr_with("content/registers/persons.yaml:");

    edition.write("content/registers/persons.yaml", good);
    let fixed = events.until(|s| problems(s).is_empty());
    assert!(build_of(&fixed) > build, "{fixed}");
}

#[test]
fn the_overlay_speaks_the_book_s_language() {
    let edition = theme_edition("ru");
    let server = edition.serve(&[]);
    let mut events = server.events();
    events.until(|s| build_of(s) > 0);
    let persons = "content/registers/persons.yaml";
    let good = std::fs::read_to_string(edition.root().join(persons)).unwrap();
    edition.write(persons, format!("{good}broken: [\n"));
    let status = events.until(|s| !problems(s).is_empty());
    let words = &status["words"];
    let heading = words["heading"].as_str().unwrap_or_default();
    assert!(
        heading.starts_with("Издание не собирается: 1 ошибка. "),
        "{status}"
    );
    assert_eq!(
        (&words["close"], &words["error"], &words["hint"]),
        (
            &Value::from("Закрыть"),
            &Value::from("ошибка"),
            &Value::from("подсказка")
        )
    );
    // Fixed: no problems, and no words for them.
    edition.write(persons, good);
    let fixed = events.until(|s| problems(s).is_empty());
    assert_eq!(fixed["words"], Value::Null, "{fixed}");
}

/// An edition whose chapter shows a 2,400 × 1,200 PNG, which build publishes by its
/// web derivative.
fn edition_with_a_scan() -> TestEdition {
    let edition = TestEdition::new(BOOK_EN).file(
        "content/chapters/01-scan.md",
        "---\ntitle: Scan\n---\n\n![Sheet 12](../static/p12.png)\n",
    );
    let png = support::image(2400, 1200, image::ImageFormat::Png);
    edition.write("content/static/p12.png", png);
    edition
}

#[test]
fn large_images_are_served_by_the_web_derivatives_build_publishes() {
    let edition = edition_with_a_scan();
    let built = edition.build();
    built.assert_clean();
    let derivative = "static/p12.png.1600.jpg";
    let published = std::fs::read(built.out.join(derivative)).expect("build made it");
    let server = edition.serve(&[]);
    let mut events = server.events();
    let build = build_of(&events.until(|s| build_of(s) > 0));
    let page = server.get("/scan.html");
    assert_eq!(page.status, 200);
    let html = scraper::Html::parse_document(&page.text());
    assert_eq!(support::attrs(&html, "img", "src"), [derivative]);
    assert_eq!(support::attrs(&html, "img", "width"), ["1600"]);
    let served = server.get(&format!("/{derivative}"));
    assert_eq!(served.status, 200);
    assert_eq!(served.content_type.as_deref(), Some("image/jpeg"));
    assert!(served.body == published, "the served derivative is build's");
    // A new image in its place gets a new derivative.
    let png = support::image(3200, 800, image::ImageFormat::Png);
    edition.write("content/static/p12.png", png);
    events.until(|s| build_of(s) > build);
    let html = scraper::Html::parse_document(&server.get("/scan.html").text());
    assert_eq!(support::attrs(&html, "img", "height"), ["400"]);
    let served = server.get(&format!("/{derivative}"));
    let size = image::load_from_memory(&served.body).expect("a JPEG");
    assert_eq!((size.width(), size.height()), (1600, 400));
}

/// Saves `text` to `name` in the chapters folder the way vim does: a writability probe
/// (`4913`), the old file kept as a backup, a new file renamed into place, the backup
/// removed; with a swap file beside throughout.
fn save_like_vim(edition: &TestEdition, name: &str, text: &str) {
    let dir = edition.root().join("content/chapters");
    std::fs::write(dir.join(format!(".{name}.swp")), "swap").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::rename(dir.join(name), dir.join(format!("{name}~"))).unwrap();
    std::fs::write(dir.join(format!(".{name}.new")), text).unwrap();
    std::fs::rename(dir.join(format!(".{name}.new")), dir.join(name)).unwrap();
    std::fs::remove_file(dir.join(format!("{name}~"))).unwrap();
    std::fs::remove_file(dir.join(format!(".{name}.swp"))).unwrap();
}

/// A way of saving a chapter: the edition, the file name, the new text.
type Save = fn(&TestEdition, &str, &str);

/// Saves the way JetBrains editors do: a temporary file, the old one renamed aside,
/// the temporary renamed into place, the old one deleted.
fn save_like_jetbrains(edition: &TestEdition, name: &str, text: &str) {
    let dir = edition.root().join("content/chapters");
    std::fs::write(dir.join(format!("{name}___jb_tmp___")), text).unwrap();
    std::fs::rename(dir.join(name), dir.join(format!("{name}___jb_old___"))).unwrap();
    std::fs::rename(dir.join(format!("{name}___jb_tmp___")), dir.join(name)).unwrap();
    std::fs::remove_file(dir.join(format!("{name}___jb_old___"))).unwrap();
}

#[test]
fn saves_by_rename_and_in_place_are_all_seen() {
    let (edition, server, mut events, mut build) = served();
    let name = "02-closing.md";
    let saves: [(&str, Save); 3] = [
        ("vim", save_like_vim),
        ("jetbrains", save_like_jetbrains),
        ("vscode", |edition, name, text| {
            // VS Code writes the file in place.
            edition.write(&format!("content/chapters/{name}"), text);
        }),
    ];
    for (editor, save) in saves {
        let text = chapter("Closing remarks", &format!("Saved by {editor}."));
        save(&edition, name, &text);
        let status = events.until(|s| build_of(s) > build);
        assert!(problems(&status).is_empty(), "{editor}: {status}");
        build = build_of(&status);
        let page = server.get("/closing.html").text();
        assert!(
            page.contains(&format!("Saved by {editor}.")),
            "{editor}: {page}"
        );
    }
    assert!(
        !server.stderr().contains("not a chapter"),
        "editors' files were read: {}",
        server.stderr()
    );
}

/// Something an editor does that breaks the edition.
type Breakage<'a> = Box<dyn Fn() + 'a>;

#[test]
fn nothing_an_editor_saves_stops_the_server() {
    let (edition, mut server, mut events, _) = served();
    let chapters = edition.root().join("content/chapters");
    let opening = std::fs::read(chapters.join("01-opening.md")).unwrap();
    let book = std::fs::read(edition.root().join("book.toml")).unwrap();
    let breakages: [(&str, Breakage<'_>); 4] = [
        (
            "book.toml",
            Box::new(|| edition.write("book.toml", "[book\n")),
        ),
        (
            "content/chapters/03-latin1.md",
            Box::new(|| {
                edition.write(
                    "content/chapters/03-latin1.md",
                    b"---\ntitle: \xe9t\xe9\n---\n",
                )
            }),
        ),
        (
            "content/chapters/03-opening.md",
            Box::new(|| edition.write("content/chapters/03-opening.md", &opening)),
        ),
        (
            "content/chapters",
            // Moved to the trash at once, as a file manager deletes it: removing the
            // files one by one could be rebuilt halfway, a good edition without them.
            Box::new(|| std::fs::rename(&chapters, edition.root().join("trash")).unwrap()),
        ),
    ];
    for (file, break_it) in breakages {
        break_it();
        let status = events.until(|s| {
            problems(s)
                .iter()
                .any(|p| p["file"].as_str().is_some_and(|f| f.starts_with(file)))
        });
        assert!(server.is_running(), "{file}: {status}");
        assert_eq!(server.get(OPENING).status, 200, "{file}");
        // Undo: the next breakage starts from a good edition. The chapters are moved in
        // at once: written one by one into a new folder, a rebuild could catch a good
        // edition without them, and the next breakage would keep that one as the last
        // good site.
        let fresh = theme_edition("en");
        let _ = std::fs::remove_dir_all(&chapters);
        std::fs::rename(fresh.root().join("content/chapters"), &chapters).unwrap();
        edition.write("book.toml", &book);
        events.until(|s| problems(s).is_empty());
    }
}

/// Deleting `book.toml` while serving (a `git checkout`, a file manager's slip) is an
/// editor's mistake like any other: shown at `book.toml` with what to do, not as the
/// failure "is this an edition folder?" of a command started in the wrong place.
#[test]
fn a_deleted_book_toml_is_reported_at_book_toml_until_it_is_back() {
    let (edition, server, mut events, build) = served();
    let book = std::fs::read(edition.root().join("book.toml")).unwrap();
    std::fs::remove_file(edition.root().join("book.toml")).unwrap();
    let status = events.until(|s| !problems(s).is_empty());
    let problem = &problems(&status)[0];
    assert_eq!(problem["file"], "book.toml", "{status}");
    assert_eq!(problem["message"], "book.toml was deleted", "{status}");
    assert_eq!(
        problem["hint"],
        "save it again (or undo the deletion): the preview goes on with the last good build",
        "{status}"
    );
    assert_eq!(server.get(OPENING).status, 200);
    edition.write("book.toml", &book);
    events.until(|s| build_of(s) > build && problems(s).is_empty());
}

#[test]
fn an_edition_that_does_not_build_at_first_is_served_once_fixed() {
    let edition = TestEdition::new(BOOK_EN).file(
        "content/chapters/01-a.md",
        &chapter("A", "Mentions [x](person:nobody)."),
    );
    let server = edition.serve(&[]);
    let mut events = server.events();
    let first = events.next();
    assert_eq!(build_of(&first), 0);
    assert_eq!(problems(&first)[0]["file"], "content/chapters/01-a.md");
    let waiting = server.get("/a.html");
    assert_eq!(waiting.status, 503);
    assert!(waiting.text().contains("/__letopis/live.js"));
    // There is no last good build to fall back on, and the terminal does not claim one.
    let printed =
        server.stderr_with("not built (1 error): nothing to serve until the edition builds\n");
    assert!(!printed.contains("last good build"), "{printed}");
    edition.write("content/chapters/01-a.md", chapter("A", "Fixed."));
    events.until(|s| build_of(s) > 0);
    assert!(server.get("/a.html").text().contains("Fixed."));
}

/// Requests that try to leave the site, sent byte for byte over a socket.
const ESCAPES: [&str; 24] = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/static/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%c0%af..%c0%afsecret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%00../secret.txt",
    "/index.html%00",
    "//etc/passwd",
    "/etc/passwd",
    "/secret.txt",
    "/static/outside.txt",
    "http://127.0.0.1/../secret.txt",
    "/C:/Windows/win.ini",
    "/\\\\server\\share",
];

#[test]
#[cfg(unix)]
fn no_request_reads_a_byte_outside_the_site() {
    let secret = "TOP-SECRET-7f3a9c";
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("outside.txt"), secret).unwrap();
    let edition = theme_edition("en").file("secret.txt", secret);
    std::fs::create_dir_all(edition.root().join("content/static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("outside.txt"),
        edition.root().join("content/static/outside.txt"),
    )
    .unwrap();
    let server = edition.serve(&[]);
    server.events().until(|s| build_of(s) > 0);
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let passwd_line = passwd.lines().next().unwrap_or("root:x:0:0");
    for path in ESCAPES {
        let response = server.get(path);
        assert!(
            [400, 404].contains(&response.status),
            "{path}: {}",
            response.status
        );
        let body = response.text();
        assert!(!body.contains(secret), "{path} leaked the secret");
        assert!(!body.contains(passwd_line), "{path} leaked /etc/passwd");
    }
}

/// The site served after a failed rebuild is the last good one, whose static files are
/// read from disk when asked for: a file replaced meanwhile by a link out of the
/// edition (or a folder on its path by a link) must not be followed, nor a FIFO opened.
#[test]
#[cfg(unix)]
fn a_static_file_replaced_by_a_link_or_a_fifo_after_the_last_good_build_is_not_served() {
    let secret = "TOP-SECRET-41c2";
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("plan.txt"), secret).unwrap();
    std::fs::write(outside.path().join("pipe.txt"), secret).unwrap();
    let edition = theme_edition("en")
        .file("content/static/plan.txt", "the plan\n")
        .file("content/static/maps/pipe.txt", "a pipe\n")
        .file("content/static/maps/old.txt", "an old map\n");
    let server = edition.serve(&[]);
    let mut events = server.events();
    events.until(|s| build_of(s) > 0);
    assert_eq!(server.get("/static/plan.txt").body, b"the plan\n");
    // A mistake keeps the last good site, and the files change under it.
    edition.write("content/registers/persons.yaml", "broken: [\n");
    events.until(|s| !problems(s).is_empty());
    let statics = edition.root().join("content/static");
    std::fs::remove_file(statics.join("plan.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("plan.txt"), statics.join("plan.txt")).unwrap();
    std::fs::rename(statics.join("maps"), edition.root().join("maps")).unwrap();
    std::os::unix::fs::symlink(outside.path(), statics.join("maps")).unwrap();
    let fifo = outside.path().join("old.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [
        "/static/plan.txt",
        "/static/maps/pipe.txt",
        "/static/maps/old.txt",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !response.text().contains(secret),
            "{path} leaked the secret"
        );
    }
}

#[test]
fn a_taken_port_is_an_error_that_suggests_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let edition = theme_edition("en");
    let run = edition.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("port {port} is already in use"))
            && run.stderr.contains("--port"),
        "{}",
        run.stderr
    );
}

#[test]
fn listening_beyond_loopback_warns() {
    let edition = theme_edition("en");
    let server = edition.serve(&["--bind", "0.0.0.0"]);
    assert!(server.url.starts_with("http://0.0.0.0:"), "{}", server.url);
    server.stderr_with("warning: listening on 0.0.0.0");
}

#[test]
#[cfg(unix)]
fn ctrl_c_stops_the_server_cleanly_with_a_page_open() {
    let (edition, mut server, _events, _) = served();
    let before = support::files_under(edition.root());
    assert_eq!(server.interrupt(), Some(0), "{}", server.stderr());
    assert_eq!(support::files_under(edition.root()), before);
}

#[test]
#[cfg(unix)]
fn open_starts_the_browser_at_the_url() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        // Written beside and renamed, so the test never reads the file half-written.
        format!(
            "#!/bin/sh\necho \"$1\" > '{0}.part' && mv '{0}.part' '{0}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // A stand-in for the desktop's opener, found first on the server's PATH.
    let edition = theme_edition("en");
    let server = edition.serve_with_env(&["--open"], &[("PATH", &path)]);
    let started = std::time::Instant::now();
    while !opened.exists() && started.elapsed() < support::serve::PATIENCE {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let url = std::fs::read_to_string(&opened).unwrap_or_default();
    assert_eq!(url.trim(), server.url);
}

#[test]
fn a_theme_folder_made_while_serving_is_followed() {
    let (edition, server, mut events, build) = served();
    assert!(
        !server
            .get("/static/style.css")
            .text()
            .contains("rebeccapurple")
    );
    edition.write(
        "themes/default/static/style.css",
        "body { color: rebeccapurple; }\n",
    );
    let status = events.until(|s| build_of(s) > build);
    assert!(problems(&status).is_empty(), "{status}");
    let css = server.get("/static/style.css").text();
    assert_eq!(css, "body { color: rebeccapurple; }\n");
    // The new folder is watched from now on.
    edition.write("themes/default/static/style.css", "body { color: teal; }\n");
    events.until(|s| build_of(s) > build_of(&status));
    assert_eq!(
        server.get("/static/style.css").text(),
        "body { color: teal; }\n"
    );
}

#[test]
fn with_a_base_url_the_site_is_served_under_its_path() {
    let edition = theme_edition("en");
    let server = edition.serve(&["--base-url", "https://user.github.io/repo/"]);
    assert!(server.url.ends_with("/repo/"), "{}", server.url);
    server.events().until(|s| build_of(s) > 0);
    assert_eq!(server.get("/repo/opening.html").status, 200);
    let root = server.get("/");
    assert_eq!(
        (root.status, root.header("location")),
        (301, Some("/repo/"))
    );
    let missing = server.get("/repo/missing.html");
    assert_eq!(missing.status, 404);
    // The 404 page links from the base path, which is where the site is.
    assert!(
        missing.text().contains("href=\"/repo/"),
        "{}",
        missing.text()
    );
    assert_eq!(server.get("/opening.html").status, 404);
}

#[test]
fn the_edition_s_static_files_are_served_as_they_are_on_disk() {
    let edition = theme_edition("en").file("content/static/maps/plan.txt", "first plan\n");
    let server = edition.serve(&[]);
    let mut events = server.events();
    let build = build_of(&events.until(|s| build_of(s) > 0));
    let plan = server.get("/static/maps/plan.txt");
    assert_eq!(plan.status, 200);
    assert_eq!(
        plan.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(plan.body, b"first plan\n");
    edition.write("content/static/maps/plan.txt", "second plan\n");
    events.until(|s| build_of(s) > build);
    assert_eq!(server.get("/static/maps/plan.txt").body, b"second plan\n");
}

#[test]
fn requests_during_a_rebuild_get_the_old_site_or_the_new_one() {
    let edition = theme_edition("en");
    for n in 10..130 {
        let body = format!("[Elkin](person:elkin) spoke on day {n} [@steno, p. {n}].");
        let path = format!("content/chapters/{n}-day-{n}.md");
        edition.write(&path, chapter(&format!("Day {n}"), &body));
    }
    let server = edition.serve(&[]);
    let mut events = server.events();
    let build = build_of(&events.until(|s| build_of(s) > 0));
    let book = std::fs::read_to_string(edition.root().join("book.toml")).unwrap();
    // A new title changes every page, so the whole site is rendered again.
    edition.write("book.toml", book.replace("Theme Check", "Renamed Check"));
    let started = std::time::Instant::now();
    loop {
        let page = server.get("/persons/elkin.html");
        assert_eq!(page.status, 200);
        let text = page.text();
        let old = text.contains("Theme Check");
        let new = text.contains("Renamed Check");
        assert!(old != new, "half a site: {text}");
        if new {
            break;
        }
        let waited = started.elapsed();
        assert!(
            waited < support::serve::PATIENCE,
            "no new site: {}",
            server.stderr()
        );
    }
    assert!(build_of(&events.until(|s| build_of(s) > build)) > build);
}

/// A broken theme template is shown at its file, line and column, with its line: the
/// overlay and the terminal named the file `letopis` and put tera's report in the
/// message. A syntax error is found as the theme is loaded, an undefined variable as a
/// page is rendered.
#[test]
fn a_broken_theme_template_is_shown_at_its_file_and_line() {
    let (edition, server, mut events, build) = served();
    let template = "themes/default/templates/404.html";
    let at_template = |s: &Value| problems(s).iter().any(|p| p["file"] == template);
    edition.write(
        template,
        "{% extends \"base.html\" %}\n{% blok content %}\n",
    );
    let status = events.until(at_template);
    assert_eq!(build_of(&status), build, "the old site stays");
    let problem = &problems(&status)[0];
    assert_eq!(
        (&problem["line"], &problem["column"]),
        (&Value::from(2), &Value::from(4)),
        "{status}"
    );
    assert_eq!(
        problem["message"], "loading the theme: Unknown tag",
        "{status}"
    );
    assert_eq!(problem["source_line"], "{% blok content %}", "{status}");
    server.stderr_with(&format!(
        "{template}:2:4: error: loading the theme: Unknown tag"
    ));

    edition.write(
        template,
        "{% extends \"base.html\" %}{% block content %}\n  {{ nosuch }}{% endblock content %}\n",
    );
    let status = events.until(|s| {
        problems(s)
            .iter()
            .any(|p| p["file"] == template && p["line"] == 2)
    });
    let problem = &problems(&status)[0];
    assert_eq!(problem["column"], 6, "{status}");
    assert!(
        problem["message"].as_str().is_some_and(|m| m
            .starts_with("rendering 404.html: Variable `nosuch` is not defined.")),
        "{status}"
    );
    assert_eq!(
        problem["source_line"], "  {{ nosuch }}{% endblock content %}",
        "{status}"
    );
}
