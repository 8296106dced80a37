//! The rebuild thread: after each batch of changes, read the edition again through the
//! pipeline's caches, and publish the new site or the problems.
//!
//! A rebuild never stops the server: an editor's mistake, a failure of the environment
//! (a file that vanished mid-read, a broken theme template) and even a panic become
//! problems shown in the browser, and the last good site stays.

use super::Options;
use super::state::{Shared, Snapshot};
use super::watch::{Watched, Watcher};
use letopis::config::{self, BaseUrl, Config};
use letopis::diagnostics::{self, Diagnostic, Severity, has_errors, print_human};
use letopis::pipeline::Caches;
use letopis::render::{MemoStats, TemplateError, Words};
use letopis::timings::{Stage, Timings};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Instant;

/// Owns the caches and rebuilds.
pub(super) struct Rebuilder {
    root: PathBuf,
    base_url: Option<BaseUrl>,
    caches: Caches,
    shared: Arc<Shared>,
    /// The folders of the last configuration read, to watch.
    watched: Watched,
    /// The book's language as of the last configuration read: the overlay speaks it
    /// even when `book.toml` itself is what is broken.
    language: String,
}

/// How one attempt ended.
enum Attempt {
    /// A new site, and the warnings met on the way.
    Built {
        config: Box<Config>,
        warnings: Vec<Diagnostic>,
        stats: MemoStats,
    },
    /// Errors; the old site stays.
    Failed(Vec<Diagnostic>),
}

impl Rebuilder {
    /// A rebuilder for the edition of `options`, nothing built yet.
    pub(super) fn new(options: &Options, shared: Arc<Shared>) -> anyhow::Result<Self> {
        let root = options.root.canonicalize().map_err(|e| {
            anyhow::anyhow!("reading the edition folder {}: {e}", options.root.display())
        })?;
        Ok(Self {
            watched: Watched::defaults(&root),
            root,
            base_url: options.base_url.clone(),
            caches: Caches::default(),
            shared,
            language: String::new(),
        })
    }

    /// The folders to watch, as of the last configuration read.
    pub(super) fn watched(&self) -> Watched {
        self.watched.clone()
    }

    /// Rebuilds after every change `changes` reports, until the watcher stops.
    pub(super) fn follow(mut self, mut watcher: Watcher, changes: &Receiver<()>) {
        while changes.recv().is_ok() {
            // Changes that arrived while the last rebuild ran are all in this one.
            while changes.try_recv().is_ok() {}
            watcher.follow(&self.watched);
            self.rebuild();
            watcher.follow(&self.watched);
        }
    }

    /// Rebuilds once, prints what happened, and publishes the site or the problems.
    pub(super) fn rebuild(&mut self) {
        let started = Instant::now();
        let mut timings = Timings::default();
        let attempt = catch_unwind(AssertUnwindSafe(|| self.attempt(&mut timings)));
        let attempt = match attempt {
            Ok(Ok(attempt)) => attempt,
            Ok(Err(error)) => Attempt::Failed(vec![failure(&error)]),
            Err(_) => Attempt::Failed(vec![failure(&anyhow::anyhow!(
                "letopis failed while rebuilding (a bug: please report it)"
            ))]),
        };
        match attempt {
            Attempt::Built {
                config,
                warnings,
                stats,
            } => {
                err!("{}", print_human(&warnings));
                self.watched = Watched::of(&self.root, &config);
                timings.time(Stage::Publish, || {
                    let site = Arc::clone(self.caches.site());
                    let prefix = config.base_url.as_ref().map_or("/", |b| b.path());
                    self.shared.publish(Snapshot { site }, prefix.to_owned());
                });
                errln!(
                    "rebuilt in {:.1} ms ({}): {} of {} files rendered again",
                    started.elapsed().as_secs_f64() * 1000.0,
                    timings.line(),
                    stats.rendered,
                    stats.total,
                );
            }
            Attempt::Failed(problems) => {
                err!("{}", print_human(&problems));
                let errors = problems.iter().filter(|d| d.is_error()).count();
                let plural = if errors == 1 { "" } else { "s" };
                if self.shared.status().build == 0 {
                    errln!(
                        "not built ({errors} error{plural}): nothing to serve until the edition builds"
                    );
                } else {
                    errln!(
                        "not rebuilt ({errors} error{plural}): still serving the last good build"
                    );
                }
                let words = Words::for_language(&self.language).overlay(errors);
                self.shared.fail(problems, words);
            }
        }
    }

    fn attempt(&mut self, timings: &mut Timings) -> anyhow::Result<Attempt> {
        if !self.root.join(config::CONFIG_FILE).exists() {
            return Ok(Attempt::Failed(vec![book_toml_deleted()]));
        }
        let loaded = timings.time(Stage::Config, || config::load(&self.root))?;
        let mut config = match loaded {
            Ok(config) => config,
            Err(problems) => return Ok(Attempt::Failed(problems)),
        };
        if let Some(url) = &self.base_url {
            config.base_url = Some(url.clone());
        }
        self.watched = Watched::of(&self.root, &config);
        self.language.clone_from(&config.book.language);
        let checked = self.caches.check(&config, timings)?;
        if has_errors(&checked.diagnostics) {
            return Ok(Attempt::Failed(checked.diagnostics));
        }
        let (stats, unmade) = self.caches.render(&checked.edition, timings)?;
        // Freeing a large edition takes milliseconds that the new site need not wait for.
        let edition = checked.edition;
        std::thread::spawn(move || drop(edition));
        let mut warnings = checked.diagnostics;
        warnings.extend(unmade);
        diagnostics::sort(&mut warnings);
        Ok(Attempt::Built {
            config: Box::new(config),
            warnings,
            stats,
        })
    }
}

/// `book.toml` deleted while serving: an editor's slip, told at the file (`build` in
/// a folder without one is a usage error instead, "is this an edition folder?").
fn book_toml_deleted() -> Diagnostic {
    Diagnostic::for_file(
        Severity::Error,
        config::CONFIG_FILE,
        format!("{} was deleted", config::CONFIG_FILE),
    )
    .with_hint("save it again (or undo the deletion): the preview goes on with the last good build")
}

/// A failure that stopped the rebuild, shown as a problem: a broken theme template at
/// its file and line, anything else (not an editor's mistake in one file) at `letopis`.
fn failure(error: &anyhow::Error) -> Diagnostic {
    match TemplateError::of(error) {
        Some(template) => template.diagnostic(),
        None => Diagnostic::for_file(Severity::Error, "letopis", format!("{error:#}")),
    }
}
