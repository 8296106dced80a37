//! `letopis serve`: a preview of the edition that follows the editor's saves.
//!
//! Three parts run side by side:
//!
//! - [`rebuild`]: a thread that owns the pipeline's [`letopis::pipeline::Caches`] and
//!   rebuilds after each batch of changes, through the same stages as `build`;
//! - [`watch`]: the file watcher, which wakes the rebuild thread when `book.toml`, the
//!   content folder or the theme folder changes;
//! - [`http`]: the server, on a single-threaded tokio runtime, which answers from the
//!   last good site in memory and tells open pages to reload over server-sent events.
//!
//! They share one [`state::Shared`]: the site is swapped in whole after a successful
//! rebuild, so a request sees the old site or the new one, never a half-built one.
//! Nothing is written to disk. This module lives on the binary's side: the library
//! does not know that serve exists.

mod http;
mod rebuild;
mod request_path;
mod state;
mod watch;

use anyhow::Context as _;
use letopis::config::BaseUrl;
use state::Shared;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// What `letopis serve` was asked to do, checked.
#[derive(Debug)]
pub(crate) struct Options {
    /// The edition's folder.
    pub(crate) root: PathBuf,
    /// `--base-url`, overriding book.toml's.
    pub(crate) base_url: Option<BaseUrl>,
    /// Where to listen.
    pub(crate) address: SocketAddr,
    /// Open the default browser at the preview.
    pub(crate) open: bool,
}

/// Builds the edition, serves it and follows the editor's saves until Ctrl-C.
pub(crate) fn run(options: Options) -> anyhow::Result<()> {
    if !options.address.ip().is_loopback() {
        errln!(
            "warning: listening on {}: anyone on the network can read the preview",
            options.address.ip()
        );
    }
    let listener = bind(options.address)?;
    let address = listener.local_addr().context("reading the bound address")?;
    let shared = Arc::new(Shared::default());
    let mut rebuilder = rebuild::Rebuilder::new(&options, Arc::clone(&shared))?;
    // Watching starts first, so that a save during the first build is not missed.
    let (changes, rx) = std::sync::mpsc::channel();
    let mut watcher = watch::Watcher::start(&rebuilder.watched(), changes)?;
    rebuilder.rebuild();
    watcher.follow(&rebuilder.watched());
    let url = format!("http://{address}{}", shared.prefix());
    outln!("{url}");
    errln!("serving the edition at {url}; press Ctrl-C to stop");
    if options.open {
        open_browser(&url);
    }
    std::thread::Builder::new()
        .name("letopis-rebuild".to_owned())
        .spawn(move || rebuilder.follow(watcher, &rx))
        .context("starting the rebuild thread")?;
    http::run(listener, shared)?;
    errln!("stopped");
    Ok(())
}

/// Binds the address, turning a taken port into an error that says what to do.
fn bind(address: SocketAddr) -> anyhow::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(address).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "port {} is already in use on {}; choose another with --port (--port 0 picks a free one)",
                address.port(),
                address.ip()
            )
        } else {
            anyhow::Error::new(e).context(format!("listening on {address}"))
        }
    })?;
    listener
        .set_nonblocking(true)
        .context("preparing the listening socket")?;
    Ok(listener)
}

/// Opens `url` in the default browser; a failure is only a warning, the URL is printed.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        errln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
