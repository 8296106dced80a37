//! Rendering again only the pages whose inputs changed, for `serve`.
//!
//! The pages come from the same [`Plan`] that `build` renders: a page is rendered by the
//! same code, or taken from the previous rebuild when the fingerprint of what it is made
//! from is unchanged. The fingerprint of a page is the fingerprint of every part of the
//! edition its template can show, worked out per kind of page:
//!
//! - every page: the edition's inputs other than the chapters (`book.toml`, registers,
//!   sources, static files: [`MemoInputs::global`]), the theme, and the list of chapters
//!   as the navigation, the table of contents and the links between chapters show it
//!   (file, page name, title, summary, order) and whether any has notes;
//! - a chapter's page: its own text (the version of its file, its note numbers); a link
//!   to another chapter shows only its page name, which the list above holds;
//! - an entry's or a source's page: the chapters that refer to it, as above;
//! - the registers' and sources' indexes and the notes page: every chapter (they count
//!   or list what all of them hold);
//! - the title page and the 404 page: nothing more.
//!
//! A mistake in this list would show as a served page that differs from `build`'s; the
//! property test in `tests/serve_incremental.rs` compares the two after random edits.

use super::{Job, Plan};
use crate::fingerprint;
use crate::link::Edition;
use crate::site::PagePath;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// The pages of the last rebuild, with the fingerprint each was rendered from.
#[derive(Debug, Default)]
pub struct PageMemo {
    pages: HashMap<PagePath, Memo>,
}

#[derive(Debug)]
struct Memo {
    fingerprint: u64,
    bytes: Arc<[u8]>,
}

/// What the fingerprints are made from, beyond the edition itself: the pipeline knows
/// which inputs changed, the edition only what they became.
#[derive(Debug, Clone, Copy)]
pub struct MemoInputs<'a> {
    /// A fingerprint of every input that is not a chapter.
    pub global: u64,
    /// The version of each chapter's file, in the edition's reading order: a new
    /// version whenever the file's text changes.
    pub chapters: &'a [u64],
}

/// How a rebuild went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoStats {
    /// Pages rendered again.
    pub rendered: usize,
    /// Files in the site.
    pub total: usize,
}

impl PageMemo {
    /// Brings the memo to the site of `plan`: pages whose fingerprint changed are
    /// rendered, the others kept, pages the site no longer has dropped. On an error the
    /// memo is left as it was, so the previous site stays whole.
    pub fn update(&mut self, plan: Plan<'_>, inputs: MemoInputs<'_>) -> anyhow::Result<MemoStats> {
        let prints = Fingerprints::new(plan.renderer.edition, plan.renderer.theme, inputs);
        let renderer = &plan.renderer;
        let results: Vec<anyhow::Result<(PagePath, Memo, bool)>> = plan
            .jobs
            .into_par_iter()
            .map(|(job, path)| {
                let fingerprint = prints.of(job);
                if let Some(old) = self.pages.get(&path).filter(|m| m.fingerprint == fingerprint) {
                    let memo = Memo {
                        fingerprint,
                        bytes: Arc::clone(&old.bytes),
                    };
                    return Ok((path, memo, false));
                }
                let page = renderer.page(job, path)?;
                let memo = Memo {
                    fingerprint,
                    bytes: page.bytes.into(),
                };
                Ok((page.path, memo, true))
            })
            .collect();
        let mut pages = HashMap::with_capacity(results.len() + plan.files.len());
        let mut rendered = 0;
        for result in results {
            let (path, memo, fresh) = result?;
            rendered += usize::from(fresh);
            pages.insert(path, memo);
        }
        for file in plan.files {
            let memo = Memo {
                fingerprint: 0,
                bytes: file.bytes.into(),
            };
            pages.insert(file.path, memo);
        }
        self.pages = pages;
        Ok(MemoStats {
            rendered,
            total: self.pages.len(),
        })
    }

    /// Every file of the site, by path, in no particular order.
    pub fn pages(&self) -> impl Iterator<Item = (&PagePath, &Arc<[u8]>)> {
        self.pages.iter().map(|(path, memo)| (path, &memo.bytes))
    }
}

/// The fingerprints of one rebuild: the shared part and each chapter's, made once.
struct Fingerprints<'a> {
    edition: &'a Edition,
    /// What every page depends on.
    common: u64,
    /// Each chapter's text: its file's version and its note numbers.
    chapters: Vec<u64>,
    /// Every chapter's text at once.
    all: u64,
}

impl<'a> Fingerprints<'a> {
    fn new(edition: &'a Edition, theme: &super::Theme, inputs: MemoInputs<'_>) -> Self {
        let chapters: Vec<u64> = edition
            .chapters
            .iter()
            .zip(inputs.chapters)
            .map(|(c, version)| fingerprint::of(&(version, &c.note_numbers)))
            .collect();
        let listed: Vec<_> = edition
            .chapters
            .iter()
            .map(|c| (&c.file, &c.slug, &c.title, c.editorial_title, &c.summary))
            .collect();
        let has_notes = edition
            .chapters
            .iter()
            .any(|c| c.note_numbers.iter().any(Option::is_some));
        let common = fingerprint::of(&(inputs.global, theme.digest(), listed, has_notes));
        let all = fingerprint::of(&chapters);
        Self {
            edition,
            common,
            chapters,
            all,
        }
    }

    fn of(&self, job: Job) -> u64 {
        let e = self.edition;
        match job {
            Job::Index | Job::NotFound => self.with(job, ()),
            Job::Register(_) | Job::Sources | Job::Notes => self.with(job, self.all),
            Job::Chapter(c) => self.with(job, self.texts(std::iter::once(c))),
            Job::Entry(r, i) => {
                let refs = &e.registers[r].entries[i].refs;
                let chapters = (refs.mentions.iter().map(|p| p.chapter))
                    .chain(refs.turns.iter().map(|p| p.chapter))
                    .chain(refs.speeches.iter().map(|s| s.0))
                    .chain(refs.chapters.iter().copied())
                    .chain(refs.session_speeches.iter().map(|s| s.0));
                self.with(job, self.texts(chapters))
            }
            Job::Source(s) => {
                let chapters = e.sources[s].citations.iter().map(|c| c.chapter);
                self.with(job, self.texts(chapters))
            }
        }
    }

    /// The fingerprint of the texts of `chapters`, each once, in a fixed order.
    fn texts(&self, chapters: impl Iterator<Item = usize>) -> Vec<(usize, u64)> {
        let mut chapters: Vec<usize> = chapters.collect();
        chapters.sort_unstable();
        chapters.dedup();
        chapters.into_iter().map(|c| (c, self.chapters[c])).collect()
    }

    fn with(&self, job: Job, own: impl Hash) -> u64 {
        fingerprint::of(&(self.common, format!("{job:?}"), own))
    }
}
