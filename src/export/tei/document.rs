//! A document's front matter (`kind`, `date`, `place`, `from`, `to`, `source`) as a TEI
//! `correspDesc` in the header's `profileDesc`, which the chapter's `div` declares with
//! `decls`: the way TEI says who sent a letter to whom, when and from where, so that a
//! correspondence edition's exchange (CMIF and the tools that read it) keeps what the
//! pages show above each letter.
//!
//! A document that is not a letter (minutes, an order) is described the same way: its
//! authors sent it, its addressees received it; its genre is a `note type="kind"`, the
//! original's sheets a `note type="original"` with a `bibl`.

use super::inline::{bibl, name_element};
use super::xml::Xml;
use super::{chapter_id, entry_id, pointer, source_id};
use crate::date::Date;
use crate::link::{Chapter, Edition, Party};
use crate::render::Words;
use std::io;

/// The `xml:id` of a chapter's `correspDesc` (`plenum.document`, after the page's
/// `#document` header), when its front matter describes a document.
pub(super) fn document_id(chapter: &Chapter) -> Option<String> {
    (!chapter.document.is_empty()).then(|| format!("{}.document", chapter_id(chapter)))
}

/// One `correspDesc` for each chapter that describes a document, in reading order.
pub(super) fn correspondence(xml: &mut Xml, edition: &Edition) -> io::Result<()> {
    let words = Words::for_language(&edition.config.book.language);
    for chapter in &edition.chapters {
        let Some(id) = document_id(chapter) else {
            continue;
        };
        let document = &chapter.document;
        xml.open("correspDesc", &[("xml:id", Some(&id))])?;
        if let Some(kind) = &document.kind {
            xml.leaf("note", &[("type", Some("kind"))], kind)?;
        }
        let sent = document.place.is_some() || document.date.is_some();
        if sent || !document.from.is_empty() {
            xml.open("correspAction", &[("type", Some("sent"))])?;
            for party in &document.from {
                name(xml, edition, party, None)?;
            }
            if let Some(place) = &document.place {
                name(xml, edition, place, Some("placeName"))?;
            }
            if let Some(date) = &document.date {
                date_element(xml, date, &words)?;
            }
            xml.close("correspAction")?;
        }
        if !document.to.is_empty() {
            xml.open("correspAction", &[("type", Some("received"))])?;
            for party in &document.to {
                name(xml, edition, party, None)?;
            }
            xml.close("correspAction")?;
        }
        if let Some(original) = &document.source {
            xml.open("note", &[("type", Some("original"))])?;
            let target = pointer(&source_id(&edition.sources[original.source].key));
            bibl(xml, &target, original.locator.as_ref())?;
            xml.close("note")?;
        }
        xml.close_block("correspDesc")?;
    }
    Ok(())
}

/// A party named by its entry (pointing to it) or as the editor wrote it; `element`
/// overrides the entry's own (`placeName` for where a document was written).
fn name(
    xml: &mut Xml,
    edition: &Edition,
    party: &Party,
    element: Option<&'static str>,
) -> io::Result<()> {
    match party {
        Party::Entry(entry) => {
            let register = &edition.registers[entry.register];
            let (own, kind) = name_element(register);
            let (element, kind) = element.map_or((own, kind), |e| (e, None));
            let target = pointer(&entry_id(edition, *entry));
            let attrs = [("ref", Some(target.as_str())), ("type", kind)];
            let text = &register.entries[entry.entry].name;
            xml.leaf(element, &attrs, text)
        }
        Party::Text(text) => xml.leaf(element.unwrap_or("name"), &[], text),
    }
}

/// `<date when="1937-01-12">`, or `from` and `to` for a range, `cert="low"` when the
/// editor marked it approximate; its text as the pages show it.
fn date_element(xml: &mut Xml, date: &Date, words: &Words) -> io::Result<()> {
    let (start, end) = (date.start.to_string(), date.end.map(|e| e.to_string()));
    let attrs = match &end {
        Some(end) => [("from", Some(start.as_str())), ("to", Some(end.as_str()))],
        None => [("when", Some(start.as_str())), ("to", None)],
    };
    let cert = [("cert", date.approximate.then_some("low"))];
    let attrs: Vec<_> = attrs.into_iter().chain(cert).collect();
    xml.leaf("date", &attrs, &words.date(date))
}
