//! Headless Chromium for browser tests, driven through chromedriver's WebDriver HTTP
//! API with the crate-free HTTP client of `support`, so the tests need no WebDriver crate.

use super::http_request;
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Headless Chromium behind a chromedriver this test started, with one session.
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

/// The key under which WebDriver returns an element's reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium session with a fresh
    /// profile in `profile`, logging the console and every network event.
    pub fn start(profile: &Path) -> Self {
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
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|body| body.to_string());
        let response = http_request(self.addr, method, path, body.as_deref());
        let value: Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {}", response.text()));
        assert_eq!(response.status, 200, "{method} {path}: {value}");
        value["value"].clone()
    }

    /// A command of this session.
    #[track_caller]
    pub fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn open(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.session_call("GET", "/url", None)
            .as_str()
            .expect("the URL")
            .to_owned()
    }

    /// The first element matching `css`; fails the test when there is none.
    #[track_caller]
    pub fn find(&self, css: &str) -> String {
        let query = json!({ "using": "css selector", "value": css });
        let found = self.session_call("POST", "/element", Some(query));
        found[ELEMENT].as_str().expect("an element").to_owned()
    }

    pub fn attribute(&self, element: &str, name: &str) -> String {
        let path = format!("/element/{element}/attribute/{name}");
        self.session_call("GET", &path, None)
            .as_str()
            .unwrap_or_else(|| panic!("no {name} attribute"))
            .to_owned()
    }

    pub fn click(&self, element: &str) {
        self.session_call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and
    /// returns what it returns.
    #[track_caller]
    pub fn execute(&self, script: &str, args: Value) -> Value {
        let body = json!({ "script": script, "args": args });
        self.session_call("POST", "/execute/sync", Some(body))
    }

    /// Moves the mouse over the middle of `element`.
    pub fn hover(&self, element: &str) {
        let actions = json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [{ "type": "pointerMove", "duration": 0, "origin": { ELEMENT: element }, "x": 0, "y": 0 }],
        }]});
        self.session_call("POST", "/actions", Some(actions));
    }

    /// Types `text` into `element` (WebDriver key codes such as `\u{E007}` for Enter work).
    pub fn send_keys(&self, element: &str, text: &str) {
        let path = format!("/element/{element}/value");
        self.session_call("POST", &path, Some(json!({ "text": text })));
    }

    /// Every element matching `css` (possibly none).
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let query = json!({ "using": "css selector", "value": css });
        let found = self.session_call("POST", "/elements", Some(query));
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|element| element[ELEMENT].as_str().map(str::to_owned))
            .collect()
    }

    /// The entries of one of chromedriver's logs since the last call.
    pub fn log(&self, kind: &str) -> Vec<Value> {
        let entries = self.session_call("POST", "/se/log", Some(json!({ "type": kind })));
        entries.as_array().cloned().unwrap_or_default()
    }

    /// The URL of every request that a page opened from `file://` made (the browser's
    /// own start page loads its `chrome://` resources too), from the performance log.
    pub fn requests(&self) -> Vec<String> {
        self.requests_from("file://")
    }

    /// The URL of every request made by a page whose URL starts with `site`.
    pub fn requests_from(&self, site: &str) -> Vec<String> {
        self.log("performance")
            .iter()
            .filter_map(|entry| entry["message"].as_str())
            .filter_map(|message| serde_json::from_str::<Value>(message).ok())
            .map(|message| message["message"].clone())
            .filter(|event| event["method"] == "Network.requestWillBeSent")
            .map(|event| event["params"].clone())
            .filter(|params| {
                let document = params["documentURL"].as_str().unwrap_or("");
                document.starts_with(site)
            })
            .filter_map(|params| params["request"]["url"].as_str().map(str::to_owned))
            .collect()
    }
}

impl Browser {
    /// Fails the test if the console has an error or a failed request, if a request
    /// made by a page under `site` went outside it, or if none fetched a file ending in
    /// each of `expected`.
    #[track_caller]
    pub fn assert_nothing_failed_or_left(&self, site: &str, expected: &[&str]) {
        let severe: Vec<_> = self
            .log("browser")
            .into_iter()
            .filter(|entry| {
                entry["level"] == "SEVERE" || entry["message"].to_string().contains("net::ERR")
            })
            .collect();
        assert_eq!(severe, Vec::<Value>::new(), "the browser's console");
        let requests = self.requests_from(site);
        for file in expected {
            assert!(
                requests.iter().any(|url| url.ends_with(file)),
                "{file}: {requests:?}"
            );
        }
        let outside: Vec<_> = requests
            .iter()
            .filter(|url| !url.starts_with(site))
            .collect();
        assert_eq!(outside, Vec::<&String>::new(), "requests outside {site}");
    }

    /// Runs `script` in the page until it returns something other than `null` (ten
    /// seconds at most), and returns that.
    #[track_caller]
    pub fn wait_for(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let value = self.execute(script, json!([]));
            if !value.is_null() {
                return value;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no {what}: {:?}",
                self.log("browser")
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the browser is at a URL ending in `suffix` (ten seconds at most).
    #[track_caller]
    pub fn wait_for_url(&self, suffix: &str) {
        let start = Instant::now();
        while !self.url().ends_with(suffix) {
            assert!(start.elapsed() < Duration::from_secs(10), "{}", self.url());
            std::thread::sleep(Duration::from_millis(25));
        }
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
