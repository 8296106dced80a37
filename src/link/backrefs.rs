//! The cross-reference index: for each entry, where the chapters refer to it; for each
//! source, every place that cites it, ordered by locator.

use super::resolve::Resolver;
use super::{Chapter, CitePlace, EntryRef, Locator, Party, PassagePlace, Place, Register, Source};
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::RegisterFile;
use crate::parse::{ParsedText, Passage, TextRun};
use rayon::prelude::*;
use std::sync::Arc;

/// What `serve` keeps of the back references between rebuilds: the work that depends
/// on a chapter's parse alone, made again only for a chapter whose parse changed (on a
/// 1,000-chapter edition, looking for words in every speech turn and sorting every
/// source's citations by locator were most of this step). `build` collects through an
/// empty one, and keeps nothing.
#[derive(Debug, Default)]
pub(super) struct BackrefMemo {
    /// By chapter, in reading order: its parse (held, so that no other parse can take
    /// its address) and the passages of it that have a speaker and words.
    spoken: Vec<(Arc<ParsedText>, Arc<[usize]>)>,
    /// By source: its citations in reading order as collected, and as sorted.
    citations: Vec<(Vec<CitePlace>, Vec<CitePlace>)>,
}

impl BackrefMemo {
    /// Each chapter's passages that have a speaker and words, taken from the memo for a
    /// chapter at the same place with the same parse; and whether each chapter's parse
    /// is new since the last call.
    fn spoken(&mut self, chapters: &[Chapter]) -> (Vec<Arc<[usize]>>, Vec<bool>) {
        let earlier = &self.spoken;
        let found: Vec<(Arc<ParsedText>, Arc<[usize]>, bool)> = (chapters.par_iter())
            .enumerate()
            .map(|(c, chapter)| {
                let parsed = &chapter.text.parsed;
                match earlier.get(c).filter(|(old, _)| Arc::ptr_eq(old, parsed)) {
                    Some((old, spoken)) => (Arc::clone(old), Arc::clone(spoken), false),
                    None => (Arc::clone(parsed), spoken(parsed).into(), true),
                }
            })
            .collect();
        let mut spoken = Vec::with_capacity(found.len());
        let mut changed = Vec::with_capacity(found.len());
        self.spoken = (found.into_iter())
            .map(|(parsed, passages, new)| {
                spoken.push(Arc::clone(&passages));
                changed.push(new);
                (parsed, passages)
            })
            .collect();
        (spoken, changed)
    }
}

/// The passages of a text that have a speaker and words (a block quote or loose list
/// item holds its text in inner paragraphs; listing the empty container as well would
/// show a turn with no words).
fn spoken(parsed: &ParsedText) -> Vec<usize> {
    (parsed.passages.iter().enumerate())
        .filter(|(_, p)| p.speaker.is_some() && has_words(p))
        .map(|(passage, _)| passage)
        .collect()
}

fn entry(registers: &mut [Register], r: EntryRef) -> &mut super::Backrefs {
    &mut registers[r.register].entries[r.entry].refs
}

/// Fills every entry's [`super::Backrefs`] and every source's citations, and makes
/// `related` symmetric. With `memo` (`serve`), what an unchanged chapter's parse gives
/// is taken from the last call.
pub(super) fn collect(
    chapters: &[Chapter],
    registers: &mut [Register],
    sources: &mut [Source],
    memo: Option<&mut BackrefMemo>,
) {
    let keep = memo.is_some();
    let mut fresh = BackrefMemo::default();
    let memo = memo.unwrap_or(&mut fresh);
    let (spoken, changed) = memo.spoken(chapters);
    for (c, chapter) in chapters.iter().enumerate() {
        let text = &chapter.text;
        for (mention, target) in text.mentions.iter().enumerate() {
            if let Some(target) = target {
                entry(registers, *target).mentions.push(Place {
                    chapter: c,
                    mention,
                });
            }
        }
        for &passage in spoken[c].iter() {
            let p = &text.parsed.passages[passage];
            if let Some(Some(speaker)) = p.speaker.map(|m| text.mentions[m]) {
                entry(registers, speaker).turns.push(PassagePlace {
                    chapter: c,
                    passage,
                });
            }
        }
        for (s, speaker) in chapter.speakers.iter().enumerate() {
            entry(registers, speaker.person).speeches.push((c, s));
            if let Some(session) = speaker.session {
                entry(registers, session).session_speeches.push((c, s));
            }
        }
        for theme in &chapter.themes {
            entry(registers, *theme).chapters.push(c);
        }
        collect_correspondence(c, chapter, registers);
        collect_citations(c, chapter, sources);
        if let Some(kept) = &chapter.document.source {
            sources[kept.source].documents.push(c);
        }
    }
    sort_correspondence(chapters, registers);
    sort_citations(chapters, sources, memo, &changed, keep);
    for source in sources.iter_mut() {
        source
            .documents
            .sort_by(|a, b| document_order(chapters, *a).cmp(&document_order(chapters, *b)));
    }
    symmetric_related(registers);
}

/// Sorts each source's citations by locator, in parallel by source; through the order
/// the last call found (see [`resorted`]) when it can. The orders are kept when `keep`.
fn sort_citations(
    chapters: &[Chapter],
    sources: &mut [Source],
    memo: &mut BackrefMemo,
    changed: &[bool],
    keep: bool,
) {
    let earlier = &memo.citations;
    let kept: Vec<Option<(Vec<CitePlace>, Vec<CitePlace>)>> = (sources.par_iter_mut())
        .enumerate()
        .map(|(s, source)| {
            let resorted = earlier.get(s).and_then(|(collected, sorted)| {
                resorted(chapters, changed, &source.citations, collected, sorted)
            });
            let collected = match resorted {
                Some(sorted) => std::mem::replace(&mut source.citations, sorted),
                None => {
                    let collected = keep.then(|| source.citations.clone());
                    let order = |a: &CitePlace, b: &CitePlace| {
                        citation_order(chapters, a).cmp(&citation_order(chapters, b))
                    };
                    source.citations.sort_by(order);
                    collected.unwrap_or_default()
                }
            };
            keep.then(|| (collected, source.citations.clone()))
        })
        .collect();
    if keep {
        memo.citations = kept.into_iter().flatten().collect();
    }
}

/// A source's citations `collected` in reading order, sorted by way of the last call's
/// order: when the places of the chapters whose parse is the same (not `changed`) are
/// those the last call collected (`old`), they keep the order it found (`sorted`), which
/// depends on their parses alone, and the changed chapters' places, sorted, are merged
/// in (no place of a changed chapter sorts equal to one of another chapter). `None`
/// when the unchanged places differ: the caller sorts them all.
fn resorted(
    chapters: &[Chapter],
    changed: &[bool],
    collected: &[CitePlace],
    old: &[CitePlace],
    sorted: &[CitePlace],
) -> Option<Vec<CitePlace>> {
    // A place of the last call whose chapter is gone is changed too.
    let unchanged = |place: &&CitePlace| changed.get(place.chapter) == Some(&false);
    let same = (collected.iter().filter(unchanged)).eq(old.iter().filter(unchanged));
    if !same {
        return None;
    }
    let mut fresh: Vec<&CitePlace> = (collected.iter())
        .filter(|place| changed[place.chapter])
        .collect();
    fresh.sort_by(|a, b| citation_order(chapters, a).cmp(&citation_order(chapters, b)));
    let mut fresh = fresh.into_iter().peekable();
    let mut order = Vec::with_capacity(collected.len());
    for place in sorted.iter().filter(unchanged) {
        let key = citation_order(chapters, place);
        while let Some(earlier) = fresh.next_if(|f| citation_order(chapters, f) < key) {
            order.push(earlier.clone());
        }
        order.push(place.clone());
    }
    order.extend(fresh.cloned());
    Some(order)
}

/// Files the chapter under each entry its document is from, to, and written at.
fn collect_correspondence(c: usize, chapter: &Chapter, registers: &mut [Register]) {
    let document = &chapter.document;
    if let Some(Party::Entry(place)) = &document.place {
        entry(registers, *place).written_here.push(c);
    }
    for party in &document.from {
        if let Party::Entry(from) = party {
            entry(registers, *from).from.push(c);
        }
    }
    for party in &document.to {
        if let Party::Entry(to) = party {
            entry(registers, *to).to.push(c);
        }
    }
}

/// Letters from and to an entry are read in the order they were written: by date,
/// undated ones last, then in reading order.
fn sort_correspondence(chapters: &[Chapter], registers: &mut [Register]) {
    let order = |c: &usize| {
        let date = chapters[*c].document.date.as_ref();
        (date.is_none(), date, *c)
    };
    for refs in registers
        .iter_mut()
        .flat_map(|r| &mut r.entries)
        .map(|e| &mut e.refs)
    {
        refs.from.sort_by(|a, b| order(a).cmp(&order(b)));
        refs.from.dedup();
        refs.to.sort_by(|a, b| order(a).cmp(&order(b)));
        refs.to.dedup();
        refs.written_here.sort_by(|a, b| order(a).cmp(&order(b)));
    }
}

/// By locator, places without one last; then in reading order. Borrowed, so that no
/// locator is cloned for a comparison.
fn citation_order<'a>(
    chapters: &'a [Chapter],
    place: &CitePlace,
) -> (bool, Option<&'a Locator>, usize, usize) {
    let written = &chapters[place.chapter].text.parsed.citations[place.citation].items[place.item];
    let locator = written.locator.as_ref();
    (locator.is_none(), locator, place.chapter, place.citation)
}

/// Documents kept in a source: by their sheets, those without last, then in reading order.
fn document_order(chapters: &[Chapter], c: usize) -> (bool, Option<&Locator>, usize) {
    let locator = chapters[c]
        .document
        .source
        .as_ref()
        .and_then(|s| s.locator.as_ref());
    (locator.is_none(), locator, c)
}

fn has_words(passage: &Passage) -> bool {
    passage.text.iter().any(|run| match run {
        TextRun::Text(text) => !text.trim().is_empty(),
        TextRun::Mention { .. } | TextRun::Citation(_) => true,
        TextRun::NoteCall(_) | TextRun::Start(_) | TextRun::End(_) => false,
    })
}

fn collect_citations(c: usize, chapter: &Chapter, sources: &mut [Source]) {
    let text = &chapter.text;
    for (citation, works) in text.citations.iter().enumerate() {
        for (item, source) in works.iter().enumerate() {
            let Some(source) = source else { continue };
            sources[*source].citations.push(CitePlace {
                chapter: c,
                citation,
                item,
            });
        }
    }
}

fn symmetric_related(registers: &mut [Register]) {
    let mut pairs = Vec::new();
    for (r, register) in registers.iter().enumerate() {
        for (e, entry) in register.entries.iter().enumerate() {
            let this = EntryRef {
                register: r,
                entry: e,
            };
            pairs.extend(
                entry
                    .related
                    .iter()
                    .filter(|&&other| other != this)
                    .map(|&other| (other, this)),
            );
        }
    }
    for (at, add) in pairs {
        registers[at.register].entries[at.entry].related.push(add);
    }
    for register in registers.iter_mut() {
        for entry in &mut register.entries {
            entry.related.sort();
            entry.related.dedup();
        }
    }
}

/// Warns about entries nothing in the chapters refers to: usually a mention the editor
/// forgot to mark, or an entry left over from an earlier draft.
pub(super) fn warn_unreferenced(
    resolver: &Resolver<'_>,
    registers: &[Register],
    files: &[RegisterFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (r, (register, file)) in registers.iter().zip(files).enumerate() {
        let Some(src) = &file.src else { continue };
        for (e, entry) in register.entries.iter().enumerate() {
            if !entry.refs.is_empty() {
                continue;
            }
            let index = resolver.file_index(EntryRef {
                register: r,
                entry: e,
            });
            let message = format!(
                "{} '{}' is never mentioned in the chapters",
                register.kind.name, entry.id
            );
            let hint = format!(
                "mark a mention as [{}]({}:{}), or remove the entry",
                entry.label, register.kind.name, entry.id
            );
            let at = file.entries[index].0.at.clone();
            diagnostics.push(
                src.diagnostic(Severity::Warning, at, message)
                    .with_hint(hint),
            );
        }
    }
}
