//! The cross-reference index: for each entry, where the chapters refer to it; for each
//! source, every place that cites it, ordered by locator.

use super::resolve::Resolver;
use super::{Chapter, CitePlace, EntryRef, Locator, Party, PassagePlace, Place, Register, Source};
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::RegisterFile;
use crate::parse::{Passage, TextRun};

fn entry(registers: &mut [Register], r: EntryRef) -> &mut super::Backrefs {
    &mut registers[r.register].entries[r.entry].refs
}

/// Fills every entry's [`super::Backrefs`] and every source's citations, and makes
/// `related` symmetric.
pub(super) fn collect(chapters: &[Chapter], registers: &mut [Register], sources: &mut [Source]) {
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
        // A block quote or loose list item holds its text in inner paragraphs; listing
        // the empty container as well would show a turn with no words.
        // (Words are looked for only in a passage that has a speaker: few have one.)
        for (passage, p) in text.parsed.passages.iter().enumerate() {
            if let Some(Some(speaker)) = p.speaker.map(|m| text.mentions[m])
                && has_words(p)
            {
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
    for source in sources.iter_mut() {
        source
            .citations
            .sort_by(|a, b| citation_order(chapters, a).cmp(&citation_order(chapters, b)));
        source
            .documents
            .sort_by(|a, b| document_order(chapters, *a).cmp(&document_order(chapters, *b)));
    }
    symmetric_related(registers);
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
        TextRun::NoteCall(_) => false,
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
