//! A static server that answers the way GitHub Pages serves a project site, for tests
//! that publish an edition under a sub-path and read it over HTTP.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves `dir` as GitHub Pages serves a project site: its files under `base`, a
/// folder's `index.html` for a URL ending in `/`, and `404.html` with status 404 for
/// anything else. Runs on its own thread until the test ends.
pub fn serve_like_github_pages(dir: PathBuf, base: &'static str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let addr = listener.local_addr().expect("the bound address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(stream, &dir, base);
        }
    });
    addr
}

/// Answers one request; GET only.
fn answer(mut stream: TcpStream, dir: &Path, base: &str) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, file) = match method {
        "GET" => match file_for(target, dir, base) {
            Some(file) => ("200 OK", file),
            None => ("404 Not Found", dir.join("404.html")),
        },
        _ => ("405 Method Not Allowed", dir.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// The file a request target names under `base`, if it exists.
fn file_for(target: &str, dir: &Path, base: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let mut relative = path.strip_prefix(base)?.to_owned();
    if relative.is_empty() || relative.ends_with('/') {
        relative.push_str("index.html");
    }
    if relative
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    let file = dir.join(relative);
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("xml") => "application/xml",
        Some("js") => "text/javascript",
        _ => "application/octet-stream",
    }
}
