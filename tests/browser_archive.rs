//! The unpacked archive in a real browser: headless Chromium, driven through
//! chromedriver's WebDriver HTTP API, opens it from `file://`, goes from the title page
//! to a chapter, to a person's page, and back to the passage by the back-reference link,
//! and no request fails or leaves the archive.

mod support;

use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{Run, TestEdition, http_request, unzip};

/// The chapter the walk goes through: it mentions persons who have pages.
const CHAPTER: &str = "june-25-26.html";

#[test]
#[ignore = "needs chromium"]
fn archive_opened_from_file_walks_from_title_page_to_person_and_back_to_the_passage() {
    // With a base URL, so the pages carry canonical links, which a browser must not fetch.
    let book = std::fs::read_to_string(support::repo_root().join("book.toml")).unwrap();
    let site = "[site]\nbase-url = \"https://user.github.io/plenum-1936/\"\n";
    let edition = TestEdition::bundled().file("book.toml", &format!("{book}\n{site}"));
    let top = unpacked_archive(&edition);
    assert!(top.ends_with("plenum-1936"), "{}", top.display());
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());

    browser.open(&format!("file://{}", top.join("index.html").display()));
    let toc_link = browser.find(&format!(".toc-list a[href=\"{CHAPTER}\"]"));
    browser.click(&toc_link);
    assert!(
        browser.url().ends_with(&format!("/{CHAPTER}")),
        "{}",
        browser.url()
    );

    let mention = browser.find("a.mention-person");
    let person = browser.attribute(&mention, "href");
    browser.click(&mention);
    assert!(
        browser.url().ends_with(&format!("/{person}")),
        "{}",
        browser.url()
    );

    let back = browser.find(&format!("a.place[href^=\"../{CHAPTER}#p-\"]"));
    let anchor = browser.attribute(&back, "href");
    let anchor = anchor.split_once('#').unwrap().1.to_owned();
    browser.click(&back);
    let url = browser.url();
    assert!(url.ends_with(&format!("/{CHAPTER}#{anchor}")), "{url}");
    assert!(
        anchor.strip_prefix("p-").unwrap().parse::<u32>().is_ok(),
        "{anchor}"
    );
    browser.find(&format!("[id=\"{anchor}\"]"));

    let severe: Vec<_> = browser
        .log("browser")
        .into_iter()
        .filter(|entry| {
            entry["level"] == "SEVERE" || entry["message"].to_string().contains("net::ERR")
        })
        .collect();
    assert_eq!(severe, Vec::<Value>::new(), "the browser's console");
    let requests = browser.requests();
    assert!(
        requests
            .iter()
            .any(|url| url.ends_with("/static/style.css")),
        "{requests:?}"
    );
    let outside: Vec<_> = requests
        .iter()
        .filter(|url| !url.starts_with(&format!("file://{}/", top.display())))
        .collect();
    assert_eq!(
        outside,
        Vec::<&String>::new(),
        "requests outside the archive"
    );
}

/// Archives `edition`, unpacks the zip in its folder and returns the top folder.
fn unpacked_archive(edition: &TestEdition) -> PathBuf {
    let zip = edition.root().join("edition.zip");
    let mut archive = Command::new(env!("CARGO_BIN_EXE_letopis"));
    archive
        .args(["archive", "--out"])
        .arg(&zip)
        .arg("--root")
        .arg(edition.root())
        .env("SOURCE_DATE_EPOCH", "1751328000");
    Run::of(archive).assert_success();
    let into = edition.root().join("unpacked");
    unzip(&zip, &into);
    let top = std::fs::read_dir(&into)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    top.canonicalize().unwrap()
}

/// Headless Chromium behind a chromedriver this test started, with one session.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

/// The key under which WebDriver returns an element's reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium session with a fresh
    /// profile in `profile`, logging the console and every network event.
    fn start(profile: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver on the PATH (Debian: apt-get install chromium-driver)");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        wait_until_ready(addr);
        let mut browser = Self {
            driver,
            addr,
            session: String::new(),
        };
        let created = browser.call("POST", "/session", Some(capabilities(profile)));
        browser.session = created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser
    }

    /// One WebDriver command; panics with the driver's message on an error.
    #[track_caller]
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|body| body.to_string());
        let response = http_request(self.addr, method, path, body.as_deref());
        let value: Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {}", response.text()));
        assert_eq!(response.status, 200, "{method} {path}: {value}");
        value["value"].clone()
    }

    /// A command of this session.
    #[track_caller]
    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn open(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.session_call("GET", "/url", None)
            .as_str()
            .expect("the URL")
            .to_owned()
    }

    /// The first element matching `css`; fails the test when there is none.
    #[track_caller]
    fn find(&self, css: &str) -> String {
        let query = json!({ "using": "css selector", "value": css });
        let found = self.session_call("POST", "/element", Some(query));
        found[ELEMENT].as_str().expect("an element").to_owned()
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        let path = format!("/element/{element}/attribute/{name}");
        self.session_call("GET", &path, None)
            .as_str()
            .unwrap_or_else(|| panic!("no {name} attribute"))
            .to_owned()
    }

    fn click(&self, element: &str) {
        self.session_call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// The entries of one of chromedriver's logs since the last call.
    fn log(&self, kind: &str) -> Vec<Value> {
        let entries = self.session_call("POST", "/se/log", Some(json!({ "type": kind })));
        entries.as_array().cloned().unwrap_or_default()
    }

    /// The URL of every request that a page opened from `file://` made (the browser's
    /// own start page loads its `chrome://` resources too), from the performance log.
    fn requests(&self) -> Vec<String> {
        self.log("performance")
            .iter()
            .filter_map(|entry| entry["message"].as_str())
            .filter_map(|message| serde_json::from_str::<Value>(message).ok())
            .map(|message| message["message"].clone())
            .filter(|event| event["method"] == "Network.requestWillBeSent")
            .map(|event| event["params"].clone())
            .filter(|params| {
                let document = params["documentURL"].as_str().unwrap_or("");
                document.starts_with("file://")
            })
            .filter_map(|params| params["request"]["url"].as_str().map(str::to_owned))
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = http_request(self.addr, "DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Headless Chromium that works as root in a container and reaches for nothing on its own.
fn capabilities(profile: &Path) -> Value {
    json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
    }}})
}

/// Waits for chromedriver to answer `/status` as ready.
fn wait_until_ready(addr: SocketAddr) {
    let start = Instant::now();
    loop {
        let ready = std::net::TcpStream::connect(addr).is_ok()
            && serde_json::from_slice::<Value>(&http_request(addr, "GET", "/status", None).body)
                .is_ok_and(|status| status["value"]["ready"] == true);
        if ready {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
