//! Watching the edition's files: `book.toml`, the content folder and the theme folder.
//!
//! Editors save in many ways: in place (VS Code), by writing a new file and renaming it
//! over the old one (vim, JetBrains), with backup and swap files beside (`x~`, `.x.swp`,
//! `4913`). The debouncer gathers the events of one save into one batch, and a batch
//! that touches only editors' litter is dropped. What changed is not passed on: the
//! rebuild reads the edition again and its caches find the changes, so no way of
//! saving can leave it behind. A folder that is deleted and made again is watched
//! again after the next rebuild.

use letopis::config::{self, Config};
use letopis::load::is_editor_litter;
use notify::RecursiveMode;
use notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the watcher waits for a save's events to settle.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// The folders whose changes matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Watched {
    /// The edition folder, for `book.toml` and for content and theme folders that
    /// are made anew (watched alone, not its subfolders: `target/` or `public/` may be
    /// huge and are not inputs).
    root: PathBuf,
    /// The content folder and the themes folder, with everything under them.
    trees: Vec<PathBuf>,
}

impl Watched {
    /// The folders of an edition whose `book.toml` cannot be read yet.
    pub(super) fn defaults(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            trees: vec![root.join("content"), root.join(config::THEMES_DIR)],
        }
    }

    /// The folders of `config`.
    pub(super) fn of(root: &Path, config: &Config) -> Self {
        let mut trees = vec![config.content_dir.clone(), root.join(config::THEMES_DIR)];
        trees.extend(config.theme_dir.iter().cloned());
        Self {
            root: root.to_path_buf(),
            trees,
        }
    }

    /// Whether a change at `path` can change the site.
    fn matters(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        if is_editor_litter(&name.to_string_lossy()) {
            return false;
        }
        let in_root = path.parent() == Some(self.root.as_path());
        !in_root || name == config::CONFIG_FILE || self.trees.iter().any(|t| t == path)
    }
}

/// Whether an event can mean new content: not a read (the rebuild's own reads are
/// reported too) nor a change of permissions or times alone.
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// The running watcher.
pub(super) struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// What is watched now: the root, then each tree that existed when last followed.
    armed: Vec<PathBuf>,
    filter: std::sync::Arc<std::sync::RwLock<Watched>>,
}

impl Watcher {
    /// Starts watching `watched`; each batch of changes that matters sends `()`.
    pub(super) fn start(watched: &Watched, changes: Sender<()>) -> anyhow::Result<Self> {
        let filter = std::sync::Arc::new(std::sync::RwLock::new(watched.clone()));
        let seen = std::sync::Arc::clone(&filter);
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let watched = seen.read().unwrap_or_else(|e| e.into_inner());
                let changed = events
                    .iter()
                    .filter(|e| changes_content(&e.kind))
                    .flat_map(|e| &e.paths)
                    .any(|p| watched.matters(p));
                if changed {
                    // The receiver is gone only when the server is stopping.
                    let _ = changes.send(());
                }
            }
            Err(errors) => {
                for error in errors {
                    errln!("warning: watching the edition: {error}");
                }
            }
        };
        let debouncer = new_debouncer(DEBOUNCE, None, handler)
            .map_err(|e| anyhow::anyhow!("starting the file watcher: {e}"))?;
        let mut watcher = Self {
            debouncer,
            armed: Vec::new(),
            filter,
        };
        watcher
            .debouncer
            .watch(&watched.root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow::anyhow!("watching {}: {e}", watched.root.display()))?;
        watcher.follow(watched);
        Ok(watcher)
    }

    /// Watches the folders of `watched` that exist and are not watched yet, and forgets
    /// those that are gone or no longer wanted.
    pub(super) fn follow(&mut self, watched: &Watched) {
        *self.filter.write().unwrap_or_else(|e| e.into_inner()) = watched.clone();
        let wanted: Vec<&PathBuf> = watched.trees.iter().filter(|t| t.is_dir()).collect();
        self.armed.retain(|dir| {
            let keep = wanted.contains(&dir) && dir.is_dir();
            if !keep {
                // A deleted folder's watch is already gone; nothing to report.
                let _ = self.debouncer.unwatch(dir);
            }
            keep
        });
        for dir in wanted {
            if !self.armed.contains(dir) {
                match self.debouncer.watch(dir, RecursiveMode::Recursive) {
                    Ok(()) => self.armed.push(dir.clone()),
                    Err(e) => errln!("warning: watching {}: {e}", dir.display()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn litter_and_other_files_of_the_root_do_not_matter() {
        let root = Path::new("/ed");
        let watched = Watched::defaults(root);
        for path in [
            "/ed/content/chapters/01.md",
            "/ed/book.toml",
            "/ed/content",
            "/ed/themes/my/templates/base.html",
        ] {
            assert!(watched.matters(Path::new(path)), "{path}");
        }
        for path in [
            "/ed/content/chapters/.01.md.swp",
            "/ed/content/chapters/01.md~",
            "/ed/content/chapters/4913",
            "/ed/content/chapters/.#01.md",
            "/ed/content/chapters/01.md___jb_tmp___",
            "/ed/README.md",
            "/ed/public",
        ] {
            assert!(!watched.matters(Path::new(path)), "{path}");
        }
    }
}
