//! The HTTP side: files of the site from memory, the live-reload script, and the
//! stream of status events open pages follow.
//!
//! Every response says `Cache-Control: no-store`, so a reload always shows the new
//! site. HTML pages get the live-reload script here, in the HTTP layer, so the pages
//! themselves are byte for byte those `build` writes.

use super::request_path::{Wanted, resolve};
use super::state::{Shared, Status};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use letopis::render::MemoFile;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::watch;

/// Where open pages follow the status.
const EVENTS: &str = "/__letopis/events";
/// The live-reload script.
const SCRIPT: &str = "/__letopis/live.js";
const SCRIPT_JS: &str = include_str!("live.js");

#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    /// Turns true on Ctrl-C: the event streams end, so the server can stop.
    stopping: watch::Receiver<bool>,
}

/// Serves until Ctrl-C, on a single-threaded runtime: the work is the rebuild thread's.
pub(super) fn run(listener: std::net::TcpListener, shared: Arc<Shared>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("starting the server: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let (stop, stopping) = watch::channel(false);
        let app = App { shared, stopping };
        let router = Router::new()
            .route(EVENTS, get(events))
            .route(SCRIPT, get(script))
            .fallback(file)
            .with_state(app);
        let signal = async move {
            // Without a signal handler the server runs until killed, which is fine too.
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
        };
        axum::serve(listener, router)
            .with_graceful_shutdown(signal)
            .await
            .map_err(|e| anyhow::anyhow!("serving: {e}"))
    })
}

/// The status, now and after each change, as server-sent events named `status`.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let status = app.shared.subscribe();
    let state = (status, app.stopping, true);
    let stream =
        futures_util::stream::unfold(state, |(mut status, mut stopping, first)| async move {
            if !first {
                tokio::select! {
                    changed = status.changed() => changed.ok()?,
                    _ = stopping.wait_for(|stop| *stop) => return None,
                }
            }
            let event = status_event(&status.borrow_and_update());
            Some((Ok(event), (status, stopping, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn status_event(status: &Status) -> Event {
    let data = serde_json::json!({
        "build": status.build,
        "problems": *status.problems,
        "words": status.words.as_deref(),
    });
    Event::default().event("status").data(data.to_string())
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        SCRIPT_JS.into(),
    )
}

/// A file of the site, the site's 404 page, or a refusal.
async fn file(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            TEXT,
            "only GET and HEAD\n".into(),
        );
    }
    let prefix = app.shared.prefix();
    let build = app.shared.status().build;
    let site = app.shared.site();
    let path = match resolve(uri.path(), &prefix) {
        Wanted::Refused => return respond(StatusCode::BAD_REQUEST, TEXT, "bad path\n".into()),
        Wanted::Outside if uri.path() == "/" => return redirect(&prefix),
        Wanted::Outside => return not_found(&site, build),
        Wanted::File(path) => path,
    };
    if build == 0 {
        let page = inject(NOT_YET.as_bytes(), build);
        return respond(StatusCode::SERVICE_UNAVAILABLE, HTML, page.into());
    }
    match site.site.get(&path) {
        Some(MemoFile::Bytes(bytes)) => page(StatusCode::OK, &path, bytes, build),
        Some(MemoFile::Copy(source)) => match copied(source).await {
            Ok(body) => respond(StatusCode::OK, content_type(&path), body),
            Err(_) => not_found(&site, build),
        },
        None if site.site.get(&format!("{path}/index.html")).is_some() => {
            redirect(&format!("{}/", uri.path()))
        }
        None => not_found(&site, build),
    }
}

const TEXT: &str = "text/plain; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";

/// What is shown before the edition has built once: the problems come in the overlay.
const NOT_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>letopis serve</title></head><body><p>The edition does not build yet. This page \
reloads by itself once it does.</p></body></html>\n";

fn not_found(site: &super::state::Snapshot, build: u64) -> Response {
    match site.site.get("404.html") {
        Some(MemoFile::Bytes(bytes)) => page(StatusCode::NOT_FOUND, "404.html", bytes, build),
        _ => respond(StatusCode::NOT_FOUND, TEXT, "not found\n".into()),
    }
}

/// The body of an edition's static file, read piece by piece as it is sent.
async fn copied(source: &std::path::Path) -> std::io::Result<Body> {
    use tokio::io::AsyncReadExt as _;
    let source = source.to_path_buf();
    let file = tokio::task::spawn_blocking(move || open_regular(&source))
        .await
        .map_err(std::io::Error::other)??;
    let file = tokio::fs::File::from_std(file);
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut chunk = vec![0; 64 * 1024];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok(chunk), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    Ok(Body::from_stream(chunks))
}

/// Opens a static file of the site being served, which load found to be a regular file
/// inside the content folder at `source` (a path with every link resolved). The site
/// may be older than the disk (the last good build, kept while the edition has
/// errors), so what stands at `source` now is checked again: a symbolic link, at the
/// file or on its path, is not followed out of the edition, and anything but a regular
/// file (a FIFO, which would never answer) is not read.
fn open_regular(source: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt as _;
        let flags = (OFlags::NOFOLLOW | OFlags::NONBLOCK).bits();
        options.custom_flags(i32::try_from(flags).map_err(std::io::Error::other)?);
    }
    let file = options.open(source)?;
    if !file.metadata()?.is_file() || std::fs::canonicalize(source)? != source {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no longer the file the last good build found",
        ));
    }
    Ok(file)
}

/// A file of the site; an HTML page gets the live-reload script.
fn page(status: StatusCode, path: &str, bytes: &[u8], build: u64) -> Response {
    let content_type = content_type(path);
    let body = if content_type == HTML {
        Body::from(inject(bytes, build))
    } else {
        Body::from(bytes.to_vec())
    };
    respond(status, content_type, body)
}

fn redirect(to: &str) -> Response {
    let mut response = respond(StatusCode::MOVED_PERMANENTLY, TEXT, Body::empty());
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

fn respond(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    (status, headers, body).into_response()
}

/// The page with the live-reload script before its `</body>` (or at its end).
fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\" data-build=\"{build}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    [&html[..at], tag.as_bytes(), &html[at..]].concat()
}

/// The media type of a file of the site, by its extension; text types say UTF-8.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => TEXT,
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = inject(b"<body><p>a</p></BODY>\n</html>", 7);
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            "<body><p>a</p><script src=\"/__letopis/live.js\" data-build=\"7\"></script>\n</BODY>\n</html>"
        );
    }

    #[test]
    fn text_types_say_utf8() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("static/x.PNG"), "image/png");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
