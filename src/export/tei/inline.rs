//! The text of a passage in TEI: words, emphasis as `hi` with its `rend`, inline code
//! as `code`, mentions as `persName`/`orgName`/`rs`, citations as `bibl` with `ptr` and
//! `citedRange`, notes as `note` where they are called.

use super::xml::Xml;
use super::{anchor_id, entry_id, pointer, source_id};
use crate::link::{Chapter, Edition, EntryClass, LinkedText, Locator, Register};
use crate::parse::{Markup, TextRun};
use std::io;

/// Writes runs of text against one edition.
pub(super) struct Runs<'e> {
    edition: &'e Edition,
}

/// The notes of the chapter being written: a note is written whole at its first call,
/// and later calls (or a call inside another note) point to it.
pub(super) struct Notes<'c> {
    chapter: &'c Chapter,
    first_call: Vec<bool>,
}

impl<'c> Notes<'c> {
    /// The notes of `chapter`.
    pub(super) fn of(chapter: &'c Chapter) -> Self {
        let mut seen = vec![false; chapter.note_numbers.len()];
        let first_call = chapter
            .text
            .calls
            .iter()
            .map(|def| def.is_some_and(|d| !std::mem::replace(&mut seen[d], true)))
            .collect();
        Self {
            chapter,
            first_call,
        }
    }
}

/// Where runs stand, which decides what a note call becomes.
#[derive(Clone, Copy)]
pub(super) enum Place<'n> {
    /// A chapter's text: a note's first call writes the note.
    Chapter(&'n Notes<'n>),
    /// Inside a note: calls point to their note.
    Note(&'n Notes<'n>),
    /// A register's description, which has no notes.
    Description,
}

impl<'e> Runs<'e> {
    pub(super) fn new(edition: &'e Edition) -> Self {
        Self { edition }
    }

    /// The edition the runs belong to.
    pub(super) fn edition(&self) -> &'e Edition {
        self.edition
    }

    /// The whole of a description, its paragraphs run together.
    pub(super) fn text(&self, xml: &mut Xml, text: &LinkedText) -> io::Result<()> {
        for (i, passage) in text.parsed.passages.iter().enumerate() {
            if i > 0 {
                xml.text(" ")?;
            }
            self.write(xml, text, &passage.text, Place::Description)?;
        }
        Ok(())
    }

    /// Runs of `text`'s passages.
    pub(super) fn write(
        &self,
        xml: &mut Xml,
        text: &LinkedText,
        runs: &[TextRun],
        place: Place<'_>,
    ) -> io::Result<()> {
        // The markup open in these runs: a piece of a passage or a speaker's words cut
        // from their runs may hold a `Start` or an `End` without the other, so an `End`
        // closes only what these runs opened and the rest is closed at their end.
        let mut open = Vec::new();
        for run in runs {
            match run {
                TextRun::Text(words) => xml.text(words)?,
                TextRun::Mention { mention, text: t } => self.mention(xml, text, *mention, t)?,
                TextRun::Citation(c) => self.citation(xml, text, *c)?,
                TextRun::NoteCall(n) => self.note(xml, text, *n, place)?,
                TextRun::Start(markup) => {
                    let (element, rend) = markup_element(*markup);
                    xml.open(element, &[("rend", rend)])?;
                    open.push(*markup);
                }
                TextRun::End(markup) => {
                    if open.last() == Some(markup) {
                        open.pop();
                        xml.close(markup_element(*markup).0)?;
                    }
                }
            }
        }
        for markup in open.into_iter().rev() {
            xml.close(markup_element(markup).0)?;
        }
        Ok(())
    }

    /// `persName`, `orgName` or `rs type="KIND"`, pointing to the entry.
    pub(super) fn mention(
        &self,
        xml: &mut Xml,
        text: &LinkedText,
        mention: usize,
        written: &str,
    ) -> io::Result<()> {
        let Some(entry) = text.mentions[mention] else {
            return xml.text(written);
        };
        let register = &self.edition.registers[entry.register];
        let shown = if written.is_empty() {
            &register.entries[entry.entry].label
        } else {
            written
        };
        let (element, kind) = name_element(register);
        let target = pointer(&entry_id(self.edition, entry));
        xml.open(element, &[("ref", Some(&target)), ("type", kind)])?;
        xml.text(shown)?;
        xml.close(element)
    }

    /// One `bibl` per cited work: a pointer to the source and the cited range.
    fn citation(&self, xml: &mut Xml, text: &LinkedText, c: usize) -> io::Result<()> {
        let works = text.parsed.citations[c].items.iter();
        for (work, source) in works.zip(&text.citations[c]) {
            let Some(source) = source else {
                xml.text(&format!("@{}", work.key))?;
                continue;
            };
            let target = pointer(&source_id(&self.edition.sources[*source].key));
            bibl(xml, &target, work.locator.as_ref())?;
        }
        Ok(())
    }

    /// A note where it is first called; a pointer to it at any other call.
    fn note(&self, xml: &mut Xml, text: &LinkedText, n: usize, place: Place<'_>) -> io::Result<()> {
        let notes = match place {
            Place::Chapter(notes) | Place::Note(notes) => notes,
            Place::Description => return Ok(()),
        };
        let chapter = notes.chapter;
        let Some((def, number)) =
            text.calls[n].and_then(|def| chapter.note_numbers[def].map(|number| (def, number)))
        else {
            return Ok(());
        };
        let id = anchor_id(chapter, &format!("fn-{number}"));
        if matches!(place, Place::Note(_)) || !notes.first_call[n] {
            let target = pointer(&id);
            return xml.empty(
                "ptr",
                &[("type", Some("noteref")), ("target", Some(&target))],
            );
        }
        let number = number.to_string();
        let attrs = [
            ("xml:id", Some(id.as_str())),
            ("n", Some(number.as_str())),
            ("place", Some("foot")),
        ];
        xml.open("note", &attrs)?;
        let passage = &text.parsed.passages[text.parsed.notes[def].passage];
        self.write(xml, text, trim_runs(&passage.text), Place::Note(notes))?;
        xml.close("note")
    }
}

/// The element of inline markup: emphasis is the editor's rendering of the text, so
/// `hi` with the rendering as `rend` (not `emph`, a reading of it); inline code is
/// `code`.
fn markup_element(markup: Markup) -> (&'static str, Option<&'static str>) {
    match markup {
        Markup::Emphasis => ("hi", Some("italic")),
        Markup::Strong => ("hi", Some("bold")),
        Markup::Strikethrough => ("hi", Some("strikethrough")),
        Markup::Code => ("code", None),
    }
}

/// The runs without the blank text a note's definition starts or ends with.
fn trim_runs(runs: &[TextRun]) -> &[TextRun] {
    let blank = |run: &TextRun| matches!(run, TextRun::Text(t) if t.trim().is_empty());
    let start = runs.iter().position(|r| !blank(r)).unwrap_or(runs.len());
    let end = runs
        .iter()
        .rposition(|r| !blank(r))
        .map_or(start, |e| e + 1);
    &runs[start..end]
}

/// The element that names an entry of `register` (`persName`, `orgName`, `placeName`, or `rs` with
/// the kind as its `type`).
pub(super) fn name_element(register: &Register) -> (&'static str, Option<&str>) {
    match register.class() {
        EntryClass::Person => ("persName", None),
        EntryClass::Organization => ("orgName", None),
        EntryClass::Place => ("placeName", None),
        EntryClass::Event | EntryClass::Term => ("rs", Some(register.kind.name.as_str())),
    }
}

/// A cited work: a `bibl` with a pointer to the source (`target`) and the locator as
/// `citedRange` (its first and last page as `from` and `to` when it names one range).
pub(super) fn bibl(xml: &mut Xml, target: &str, locator: Option<&Locator>) -> io::Result<()> {
    xml.open("bibl", &[])?;
    xml.empty("ptr", &[("target", Some(target))])?;
    if let Some(locator) = locator {
        let (from, to) = match locator.pages[..] {
            [ref range] => (
                Some(range.from.number.to_string()),
                Some(range.to.number.to_string()),
            ),
            _ => (None, None),
        };
        let attrs = [("from", from.as_deref()), ("to", to.as_deref())];
        xml.open("citedRange", &attrs)?;
        xml.text(&locator.text)?;
        xml.close("citedRange")?;
    }
    xml.close("bibl")
}
