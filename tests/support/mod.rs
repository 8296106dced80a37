//! A small builder for integration tests: write an edition into a temporary folder, run
//! the real `letopis` binary on it, and read the output back as parsed HTML.

#![allow(dead_code, unreachable_pub)] // reason: a helper module shared by test crates; each uses a different part

pub mod browser;
pub mod commonmark;
pub mod pages_server;
pub mod serve;

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A minimal `book.toml` in English with the three default registers.
pub const BOOK_EN: &str = "[book]\ntitle = \"Test Edition\"\nlanguage = \"en\"\n";

/// An edition in a temporary folder.
pub struct TestEdition {
    dir: tempfile::TempDir,
}

impl TestEdition {
    /// An empty edition folder with `book.toml` holding `book`.
    pub fn new(book: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let edition = Self { dir };
        edition.write("book.toml", book);
        edition
    }

    /// Adds (or replaces) a file, creating its folders.
    #[track_caller]
    pub fn file(self, path: &str, text: &str) -> Self {
        self.write(path, text);
        self
    }

    /// Writes a file, creating its folders.
    #[track_caller]
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&path, contents).expect("write a test file");
    }

    /// The edition's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `letopis ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
        command.args(args).arg("--root").arg(self.root());
        Run::of(command)
    }

    /// Runs `letopis build` into `ROOT/public`.
    pub fn build(&self) -> Built {
        let run = self.run(&["build"]);
        Built {
            run,
            out: self.root().join("public"),
        }
    }

    /// Runs `letopis export tei --out ROOT/edition.xml`: the run, and the file's path.
    pub fn export_tei(&self) -> (Run, PathBuf) {
        let out = self.root().join("edition.xml");
        let out_arg = out.to_str().expect("a UTF-8 temporary path");
        (self.run(&["export", "tei", "--out", out_arg]), out)
    }

    /// Runs `letopis check --format json` and returns one JSON value per diagnostic.
    pub fn check_json(&self) -> (i32, Vec<serde_json::Value>) {
        let run = self.run(&["check", "--format", "json"]);
        let values = run
            .stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON: {line:?}: {e}"))
            })
            .collect();
        (run.code, values)
    }
}

/// What a run of the binary printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs a prepared command to its end.
    pub fn of(mut command: Command) -> Self {
        let output = command.output().expect("run letopis");
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Fails the test, showing what was printed, unless the run succeeded.
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "letopis failed:\n{}{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A finished build and its output folder.
#[derive(Debug)]
pub struct Built {
    pub run: Run,
    pub out: PathBuf,
}

impl Built {
    /// Fails the test unless the build succeeded with no warnings.
    #[track_caller]
    pub fn assert_clean(&self) -> &Self {
        self.run.assert_success();
        assert!(
            !self.run.stderr.contains("warning"),
            "warnings:\n{}",
            self.run.stderr
        );
        self
    }

    /// An output page, parsed.
    #[track_caller]
    pub fn page(&self, path: &str) -> Html {
        let text = std::fs::read_to_string(self.out.join(path))
            .unwrap_or_else(|e| panic!("no page {path}: {e}\n{}", self.run.stderr));
        Html::parse_document(&text)
    }
}

/// Parses a CSS selector (tests use fixed, valid selectors).
#[track_caller]
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector:?}: {e:?}"))
}

/// The text of every element matching `selector`, whitespace folded.
pub fn texts(page: &Html, selector: &str) -> Vec<String> {
    page.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn attrs(page: &Html, selector: &str, attr: &str) -> Vec<String> {
    page.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

/// The repository's own folder (the bundled edition's root).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A chapter file: front matter holding only `title`, then `body`.
pub fn chapter(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}")
}

impl Built {
    /// Every file of the output, as sorted `/`-separated paths relative to it.
    pub fn files(&self) -> Vec<String> {
        files_under(&self.out)
    }
}

/// Every file under `dir`, as sorted `/`-separated paths relative to it.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("list the output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).expect("a path inside");
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// The fields of one diagnostic that a test pins (the JSON of `check --format json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub severity: String,
    /// Relative to the edition root.
    pub file: String,
    /// 1-based; 0 for the whole file.
    pub line: u64,
    /// 1-based, in characters; 0 for the whole file.
    pub column: u64,
    /// The whole message.
    pub message: String,
    /// The hint, when there is one.
    pub hint: Option<String>,
}

impl Diag {
    /// An error at `file:line:column` with no hint.
    pub fn error(file: &str, line: u64, column: u64, message: &str) -> Self {
        Self {
            severity: "error".to_owned(),
            file: file.to_owned(),
            line,
            column,
            message: message.to_owned(),
            hint: None,
        }
    }

    /// A warning at `file:line:column` with no hint.
    pub fn warning(file: &str, line: u64, column: u64, message: &str) -> Self {
        Self {
            severity: "warning".to_owned(),
            ..Self::error(file, line, column, message)
        }
    }

    /// The same diagnostic with a hint.
    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }

    /// Reads one JSON object of `check --format json`.
    #[track_caller]
    pub fn from_json(value: &serde_json::Value) -> Self {
        let text = |key: &str| {
            value[key]
                .as_str()
                .unwrap_or_else(|| panic!("no string {key:?} in {value}"))
                .to_owned()
        };
        let number = |key: &str| {
            value[key]
                .as_u64()
                .unwrap_or_else(|| panic!("no number {key:?} in {value}"))
        };
        Self {
            severity: text("severity"),
            file: text("file"),
            line: number("line"),
            column: number("column"),
            message: text("message"),
            hint: value["hint"].as_str().map(str::to_owned),
        }
    }
}

impl TestEdition {
    /// Runs `letopis check --format json`; the exit code and every diagnostic, in order.
    pub fn diagnostics(&self) -> (i32, Vec<Diag>) {
        let (code, values) = self.check_json();
        (code, values.iter().map(Diag::from_json).collect())
    }

    /// Fails unless `check` finds exactly `expected`, in order, and exits with `code`.
    #[track_caller]
    pub fn assert_diagnostics(&self, code: i32, expected: &[Diag]) {
        let (exit, found) = self.diagnostics();
        assert_eq!(found, expected);
        assert_eq!(exit, code, "exit code");
    }
}

impl TestEdition {
    /// A copy of the fixture edition `tests/fixtures/NAME/` in a temporary folder, so a
    /// build never writes into the repository.
    #[track_caller]
    pub fn fixture(name: &str) -> Self {
        let from = repo_root().join("tests/fixtures").join(name);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let edition = Self { dir };
        for path in files_under(&from) {
            let bytes = std::fs::read(from.join(&path)).expect("read a fixture file");
            edition.write(&path, bytes);
        }
        edition
    }
}

impl TestEdition {
    /// A copy of the bundled edition (the repository's `book.toml` and `content/`), so a
    /// test can build it with its own settings without touching the repository.
    pub fn bundled() -> Self {
        let book = std::fs::read_to_string(repo_root().join("book.toml")).expect("book.toml");
        let edition = Self::new(&book);
        let content = repo_root().join("content");
        for path in files_under(&content) {
            let bytes = std::fs::read(content.join(&path)).expect("read a bundled file");
            edition.write(&format!("content/{path}"), bytes);
        }
        edition
    }
}

impl TestEdition {
    /// The bundled edition with each chapter there `copies` times more, under other
    /// file names (`101-annotation-1.md`): past the size up to which the browser makes
    /// the search postings itself, so that the index holds them.
    pub fn bundled_times(copies: usize) -> Self {
        let mut edition = Self::bundled();
        let chapters = repo_root().join("content/chapters");
        for file in files_under(&chapters) {
            let text = std::fs::read_to_string(chapters.join(&file)).expect("a chapter");
            for copy in 1..=copies {
                let name = file.replace(".md", &format!("-{copy}.md"));
                edition = edition.file(&format!("content/chapters/{copy}{name}"), &text);
            }
        }
        edition
    }
}

/// Every file under `dir` with its bytes, by sorted `/`-separated relative path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(dir.join(&path)).expect("read a file");
            (path, bytes)
        })
        .collect()
}

/// Unpacks the zip at `zip` into `into`.
#[track_caller]
pub fn unzip(zip: &Path, into: &Path) {
    let file = std::fs::File::open(zip).unwrap_or_else(|e| panic!("open {}: {e}", zip.display()));
    zip::ZipArchive::new(file)
        .and_then(|mut archive| archive.extract(into))
        .unwrap_or_else(|e| panic!("unpack {}: {e}", zip.display()));
}

/// One HTTP response, as the tests read it.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Every header, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
}

impl HttpResponse {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self.headers.iter().find(|(n, _)| n == name);
        found.map(|(_, value)| value.as_str())
    }
}

/// Sends one HTTP/1.1 request over a plain `TcpStream` and reads the response; the
/// tests speak HTTP themselves so that they need no HTTP crate. A JSON `body` is sent
/// with its length. The body is read by its length, chunks, or to the end.
#[track_caller]
pub fn http_request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> HttpResponse {
    use std::io::Write;
    let mut stream =
        std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .expect("send the request");
    read_response(&mut std::io::BufReader::new(stream))
        .unwrap_or_else(|e| panic!("reading the response to {method} {path}: {e}"))
}

/// Reads a status line, headers and a body (by length, chunked, or to the end).
fn read_response(reader: &mut impl std::io::BufRead) -> std::io::Result<HttpResponse> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| bad(&format!("no status in {line:?}")))?;
    let (mut content_type, mut length, mut chunked) = (None, None, false);
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let Some((name, value)) = line.split_once(':') else {
            break;
        };
        let value = value.trim();
        headers.push((name.to_ascii_lowercase(), value.to_owned()));
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "content-length" => length = value.parse().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        read_chunks(reader, &mut body)?;
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(HttpResponse {
        status,
        content_type,
        body,
        headers,
    })
}

/// Reads a chunked body into `body`.
fn read_chunks(reader: &mut impl std::io::BufRead, body: &mut Vec<u8>) -> std::io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        if size == 0 {
            return Ok(());
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        reader.read_line(&mut line)?;
    }
}

/// Runs `letopis ARGS --root <repo_root()>`: the bundled edition where it lies. Only for
/// commands that write nothing into the repository (`check`, `build --out` elsewhere).
pub fn run_on_repo(args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command.args(args).arg("--root").arg(repo_root());
    Run::of(command)
}

/// Builds the bundled edition where it lies (`--root <repo_root()>`) into a new temporary
/// folder, so the repository's own `public/` is never touched; the folder lives as long
/// as the returned guard.
pub fn build_repo_edition() -> (tempfile::TempDir, Built) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("site");
    let out_arg = out.to_str().expect("a UTF-8 temporary path");
    let run = run_on_repo(&["build", "--out", out_arg]);
    (dir, Built { run, out })
}

/// Where a relative link on the output page `from` points: the target page's path in the
/// output (`/`-separated, `..` resolved) and its fragment, if any.
pub fn resolve_link(from: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_owned(), fragment);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the page's own file name
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    (parts.join("/"), fragment)
}

/// An image of `width` × `height` in `format`, with something in it to scale (a large
/// one is published by its web derivative).
pub fn image(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let pixels = image::ImageBuffer::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    pixels
        .write_to(&mut bytes, format)
        .expect("an encoded image");
    bytes.into_inner()
}

/// A small edition in `language` that holds every element the default theme styles: a
/// title page with subtitle and authors, chapters with speakers, themes, headings, lists,
/// quotes, a wide table, a long code line, an unbreakable word, speech turns, citations,
/// a note called twice; registers sorted by letter (with `Ё` and `Е` names) and one by
/// date; sources with and without titles.
pub fn theme_edition(language: &str) -> TestEdition {
    let book = format!(
        "[book]\ntitle = \"Theme Check\"\nsubtitle = \"A fixture edition\"\n\
         authors = [\"A. Editor\", \"B. Editor\"]\nlanguage = \"{language}\"\n\
         description = \"Every element of the default theme.\"\n\n\
         [registers.person]\n\n[registers.theme]\n\n[registers.session]\n"
    );
    let wide_row = (1..=14).map(|n| format!("column {n}")).collect::<Vec<_>>();
    let table = format!(
        "| {} |\n|{}\n| {} |\n",
        wide_row.join(" | "),
        "---|".repeat(wide_row.len()),
        wide_row.join(" | ")
    );
    let long_code = format!(
        "```rust\nfn main() {{ let v = \"{}\"; }}\n```\n",
        "x".repeat(160)
    );
    let long_word = "Донбассуглеразведкотрестпромснабсбытуправление".repeat(3);
    let first = format!(
        "---\ntitle: The opening session\nsummary: Who opened the meeting and what was said.\n\
         themes: [norms]\nspeakers:\n  - person: elkin\n    session: day-one\n    source: steno\n\
         \x20   pages: \"3–5\"\n    role: chair of the meeting\n  - person: yolkin\n---\n\n\
         [E. Elkin](person:elkin) opened the meeting [@steno, p. 3].[^a] The word {long_word} \
         is long, and so is <https://example.org/{long_word}/{long_word}>.\n\n\
         **[Yolkin](person:yolkin):** We discussed the [norms](theme:norms) [@steno, p. 4].[^a]\n\n\
         ## Norms and plans\n\n- [Elkin](person:elkin) again [@press].\n- A second item.\n\n\
         > A quotation from [Yolkin](person:yolkin) in the record.\n\n## Tables and code\n\n{table}\n{long_code}\n\
         [^a]: A note on [the chair](person:elkin), called twice [@steno, p. 5].\n"
    );
    let second = "---\ntitle: Closing remarks\neditorial-title: true\n---\n\n\
                  [Yolkin](person:yolkin) closed the session [@steno, p. 9].[^b] \
                  [Abramov](person:abramov) spoke on [the second day](session:day-two).\n\n\
                  ![The last sheet](../static/sheet.png \"The record, last sheet\")\n\n\
                  [^b]: The record ends here.\n";
    // A PNG's header (signature, IHDR: 1200 × 1600), enough for the figure's size.
    let mut sheet = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x04\xb0\0\0\x06\x40".to_vec();
    sheet.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let edition = TestEdition::new(&book);
    edition.write("content/static/sheet.png", sheet);
    edition
        .file("content/chapters/01-opening.md", &first)
        .file("content/chapters/02-closing.md", second)
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Елкин Е.Е.\n  label: E. Elkin\n  aliases: [Elkin]\n  \
             description: Chair of the meeting on [day one](session:day-one).\n  \
             related: [person:yolkin]\nyolkin:\n  name: Ёлкин Ё.Ё.\n  label: Yolkin\n\
             abramov:\n  name: Абрамов А.А.\n",
        )
        .file(
            "content/registers/themes.yaml",
            "norms:\n  name: Norms\n  description: Output norms and their revision.\n",
        )
        .file(
            "content/registers/sessions.yaml",
            "day-one:\n  name: First day\n  date: 1936-06-25\nday-two:\n  name: Second day\n  date: 1936-06-26\n",
        )
        .file(
            "content/sources.yaml",
            "steno:\n  short: Stenogram, 1936\n  title: The stenographic record of the meeting. Moscow, 1936.\n  kind: stenogram\npress:\n  short: Press, 1936\n",
        )
}

/// The JSON a packed file of the search index holds (`static/search/meta.js`,
/// `d-N.js`): `letopisSearch.CALL([N,]"DATA");`, raw-deflated JSON seven bits a
/// character, its bytes 128 to 255 the characters of `alphabet` (the code page that
/// `meta.js` lists; empty for `meta.js` itself, which is UTF-8).
#[track_caller]
pub fn unpack_search_file(script: &str, alphabet: &str) -> serde_json::Value {
    let bytes = unpack_search_bytes(script);
    let text = if alphabet.is_empty() {
        String::from_utf8(bytes).expect("UTF-8")
    } else {
        let table: Vec<char> = alphabet.chars().collect();
        (bytes.iter())
            .map(|&b| match b {
                0..=127 => char::from(b),
                _ => table[usize::from(b - 128)],
            })
            .collect()
    };
    serde_json::from_str(&text).expect("a file's JSON")
}

/// The bytes of a script of the search index: its string holds seven bits a character
/// (JavaScript's escapes undone), which make raw-deflated bytes.
fn unpack_search_bytes(script: &str) -> Vec<u8> {
    use std::io::Read as _;
    let packed = script
        .split_once('"')
        .and_then(|(_, rest)| rest.strip_suffix("\");\n"))
        .unwrap_or_else(|| panic!("not a packed file: {script:.80}"));
    let mut codes = Vec::new();
    let mut chars = packed.bytes();
    while let Some(c) = chars.next() {
        codes.push(match c {
            b'\\' => match chars.next() {
                Some(b'n') => b'\n',
                Some(b'r') => b'\r',
                Some(b'x') => {
                    assert_eq!((chars.next(), chars.next()), (Some(b'0'), Some(b'0')));
                    0
                }
                Some(c) => c,
                None => panic!("a lone backslash"),
            },
            c => c,
        });
    }
    let (mut acc, mut bits, mut bytes) = (0u32, 0, Vec::new());
    for code in &codes {
        acc = ((acc << 7) | u32::from(*code)) & 0x7fff;
        bits += 7;
        if bits >= 8 && bytes.len() < codes.len() * 7 / 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
        }
    }
    let mut data = Vec::new();
    flate2::read::DeflateDecoder::new(&bytes[..])
        .read_to_end(&mut data)
        .expect("a deflated file");
    data
}

/// `letopis init --template letters` in a temporary folder, built: the correspondence
/// edition (`src/cmd/init/letters/`). The folder lives as long as the `TestEdition`.
pub fn letters_edition() -> (TestEdition, Built) {
    let edition = TestEdition::new("");
    let dir = edition.root().join("letters");
    let mut init = Command::new(env!("CARGO_BIN_EXE_letopis"));
    init.args(["init", "--template", "letters"]).arg(&dir);
    Run::of(init).assert_success();
    let mut build = Command::new(env!("CARGO_BIN_EXE_letopis"));
    build.arg("build").arg("--root").arg(&dir);
    let built = Built {
        run: Run::of(build),
        out: dir.join("public"),
    };
    (edition, built)
}
