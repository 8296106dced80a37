//! What the rebuild thread and the server share: the site being served and the status
//! that open pages follow.

use letopis::diagnostics::Diagnostic;
use letopis::render::{MemoSite, OverlayWords};
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// A complete site, as served: swapped in whole after each successful rebuild. It is
/// the rebuild's own, shared: a page that did not change is the same bytes in both.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    /// Files by their path in the site (`persons/index.html`): a page in memory, or one
    /// of the edition's static files, read from the file load found for it (inside the
    /// content folder) when asked for, so no path a request names reaches the disk.
    pub(super) site: Arc<MemoSite>,
}

/// What open pages are told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Status {
    /// The number of the site being served: it grows with each successful rebuild,
    /// and a page served from an older one reloads. 0 until the first good build.
    pub(super) build: u64,
    /// The problems of the last rebuild when it failed (empty when it succeeded).
    pub(super) problems: Arc<Vec<Diagnostic>>,
    /// The overlay's words for those problems, in the book's language (`None` when
    /// there are none).
    pub(super) words: Option<Arc<OverlayWords>>,
}

/// The state shared by the rebuild thread and the server.
#[derive(Debug)]
pub(super) struct Shared {
    site: RwLock<Arc<Snapshot>>,
    /// The path the site is served under (`/`, or the base URL's path, `/repo/`).
    prefix: RwLock<String>,
    status: watch::Sender<Status>,
}

impl Default for Shared {
    fn default() -> Self {
        Self {
            site: RwLock::default(),
            prefix: RwLock::new("/".to_owned()),
            status: watch::Sender::new(Status::default()),
        }
    }
}

impl Shared {
    /// The site being served. A reader holds its own `Arc`, so a rebuild that swaps
    /// the site in while a request is answered changes nothing under it.
    pub(super) fn site(&self) -> Arc<Snapshot> {
        Arc::clone(&self.site.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The path the site is served under, starting and ending with `/`.
    pub(super) fn prefix(&self) -> String {
        self.prefix
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The current status.
    pub(super) fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// Follows the status: a receiver that wakes on every change.
    pub(super) fn subscribe(&self) -> watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// Serves a new site under `prefix`, and tells the open pages to reload.
    pub(super) fn publish(&self, site: Snapshot, prefix: String) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
        *self.prefix.write().unwrap_or_else(|e| e.into_inner()) = prefix;
        self.status.send_modify(|status| {
            status.build += 1;
            status.problems = Arc::default();
            status.words = None;
        });
    }

    /// Keeps the site and tells the open pages what went wrong, with the overlay's
    /// `words`.
    pub(super) fn fail(&self, problems: Vec<Diagnostic>, words: OverlayWords) {
        self.status.send_modify(|status| {
            status.problems = Arc::new(problems);
            status.words = Some(Arc::new(words));
        });
    }
}
