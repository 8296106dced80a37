//! What `serve` keeps of link between rebuilds, so that relinking after one save does
//! again only what that save can have changed: the passage anchors of each chapter
//! ([`AnchorMemo`]), the references and note calls each chapter's text resolves to
//! ([`TextMemo`]), and what the back references draw from each chapter's parse
//! ([`BackrefMemo`]). `build` links through none, and keeps nothing.

use super::LinkedText;
use super::anchors::AnchorMemo;
use super::backrefs::BackrefMemo;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::load::{BibliographyFile, RegisterFile};
use crate::parse::ParsedText;
use std::collections::HashMap;
use std::sync::Arc;

/// What link keeps between the rebuilds of `serve` (see the module's text).
#[derive(Debug, Default)]
pub struct LinkMemo {
    /// The passage anchors of the last link.
    pub(super) anchors: AnchorMemo,
    /// The chapters' texts as the last link resolved them.
    pub(super) texts: TextMemo,
    /// What the last link's back references drew from the chapters' parses.
    pub(super) backrefs: BackrefMemo,
}

/// Each chapter's text as resolved, by file: its mentions' entries, its citations'
/// sources, where its mentions and citations stand among the runs, the note each note
/// call calls.
///
/// What a text resolves to depends on its parse and on the tables it is resolved
/// against: the registers' ids, the bibliography's keys, the configuration's kinds. A
/// text is taken from here when its parse is the very one it was resolved from (the
/// parse `serve` keeps for an unchanged file, the anchors `AnchorMemo` keeps for it)
/// and the tables' files are as they were. A text with relative links or images is
/// never kept: where a link leads depends on the other chapters (their files, page
/// names and anchors) and an image's size on its file, which this key does not follow.
#[derive(Debug, Default)]
pub(super) struct TextMemo {
    /// The fingerprint of the tables' inputs the texts were resolved against.
    tables: u64,
    texts: HashMap<String, Resolved>,
}

/// A chapter's text resolved, and the problems resolving it found.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    /// Holds the parse it was made from, so that no other parse can take its address.
    pub(super) text: Arc<LinkedText>,
    pub(super) found: Vec<Diagnostic>,
}

/// How a chapter's text was resolved this time, for [`TextMemo::keep`].
pub(super) enum Outcome {
    /// Taken from the memo.
    Kept,
    /// Resolved, and worth keeping.
    Fresh(Resolved),
    /// Resolved, and not to be kept (it has relative links).
    Unkept,
}

impl TextMemo {
    /// Forgets every text when the tables' inputs differ from last time's: the
    /// configuration, the register files and the bibliography.
    pub(super) fn follow(
        &mut self,
        config: &Config,
        registers: &[RegisterFile],
        bibliography: &BibliographyFile,
    ) {
        let registers: Vec<_> = (registers.iter())
            .map(|r| {
                (
                    &r.kind,
                    r.src.as_ref().map(|s| s.text()),
                    r.failed,
                    &r.broken,
                )
            })
            .collect();
        let bibliography = (
            bibliography.src.as_ref().map(|s| s.text()),
            bibliography.failed,
            &bibliography.broken,
        );
        let tables = fingerprint::of(&(format!("{config:?}"), registers, bibliography));
        if tables != self.tables {
            self.texts.clear();
            self.tables = tables;
        }
    }

    /// The text of `file` as resolved from `parsed`, if it is kept.
    pub(super) fn get(&self, file: &str, parsed: &Arc<ParsedText>) -> Option<&Resolved> {
        let kept = self.texts.get(file)?;
        Arc::ptr_eq(&kept.text.parsed, parsed).then_some(kept)
    }

    /// Whether a text resolved from `parsed` can be kept (see [`TextMemo`]).
    pub(super) fn can_keep(parsed: &ParsedText) -> bool {
        parsed.urls.is_empty()
    }

    /// Keeps the texts of this link, `outcomes` by chapter file: those taken from the
    /// memo stay, fresh ones replace theirs, and the files no longer there are
    /// forgotten.
    pub(super) fn keep<'a>(&mut self, outcomes: impl Iterator<Item = (&'a str, Outcome)>) {
        let mut old = std::mem::take(&mut self.texts);
        for (file, outcome) in outcomes {
            match outcome {
                Outcome::Kept => {
                    if let Some((file, resolved)) = old.remove_entry(file) {
                        self.texts.insert(file, resolved);
                    }
                }
                Outcome::Fresh(resolved) => {
                    self.texts.insert(file.to_owned(), resolved);
                }
                Outcome::Unkept => {}
            }
        }
    }
}
