//! `letopis export tei`: the edition as one TEI P5 document, valid against `tei_all`.
//!
//! The document is written from the linked [`Edition`], with quick-xml's writer (never
//! by pasting strings), in this order:
//!
//! - `teiHeader`: the title, subtitle, authors, editors, edition, publisher, year and
//!   licence of `book.toml`; the sources as the `listBibl` of `sourceDesc`; the
//!   editorial note (`[matter] editorial-note`) as `editorialDecl` and registers that are
//!   neither persons, organisations nor events as `taxonomy` in `encodingDesc`; the
//!   language and description in `profileDesc`;
//! - `standOff`: persons as `listPerson`, organisations as `listOrg`, dated registers
//!   (sessions) as `listEvent`;
//! - `text`: one `div` per chapter (see the `body` module), front and back matter in
//!   `front` and `back`.
//!
//! Ids follow the published pages, so a passage cited on the web can be found in the
//! TEI: the chapter `plenum.html` is `xml:id="plenum"`, its passage `#p-12` is
//! `plenum.p-12`, its note `#fn-3` is `plenum.fn-3`; the entry `person:bazhanov` is
//! `person.bazhanov` and the source `sovet1936` is `bibl.sovet1936`.

mod body;
mod document;
mod inline;
mod xml;

use crate::config::Part;
use crate::link::{Chapter, Edition, Entry, EntryClass, EntryRef, LinkedText, Register};
use inline::Runs;
use std::io;
use xml::Xml;

/// The TEI namespace.
const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// The edition as a TEI P5 document (UTF-8 bytes).
pub fn tei(edition: &Edition) -> io::Result<Vec<u8>> {
    let mut xml = Xml::new()?;
    let book = &edition.config.book;
    xml.open(
        "TEI",
        &[("xmlns", Some(TEI_NS)), ("xml:lang", Some(&book.language))],
    )?;
    xml.line()?;
    let runs = Runs::new(edition);
    header(&mut xml, &runs, edition)?;
    stand_off(&mut xml, &runs, edition)?;
    xml.open("text", &[])?;
    xml.line()?;
    for (element, part) in [
        ("front", Part::Front),
        ("body", Part::Body),
        ("back", Part::Back),
    ] {
        let pages: Vec<usize> = (0..edition.chapters.len())
            .filter(|&c| edition.chapters[c].part == part && Some(c) != editorial_note(edition))
            .collect();
        if pages.is_empty() && part != Part::Body {
            continue;
        }
        xml.open(element, &[])?;
        xml.line()?;
        for &c in &pages {
            body::chapter(&mut xml, &runs, c)?;
        }
        if pages.is_empty() {
            xml.empty("p", &[])?;
        }
        xml.close_block(element)?;
    }
    xml.close_block("text")?;
    xml.close_block("TEI")?;
    Ok(xml.finish())
}

/// The `xml:id` of a chapter: its page name (an `_` first when that starts with a digit,
/// which an XML name may not).
pub(super) fn chapter_id(chapter: &Chapter) -> String {
    xml_name(&chapter.slug)
}

/// The `xml:id` of an anchor of a chapter's page: `plenum.p-12`.
pub(super) fn anchor_id(chapter: &Chapter, anchor: &str) -> String {
    format!("{}.{anchor}", chapter_id(chapter))
}

/// The `xml:id` of a register entry: `person.bazhanov`.
pub(super) fn entry_id(edition: &Edition, entry: EntryRef) -> String {
    let register = &edition.registers[entry.register];
    xml_name(&format!(
        "{}.{}",
        register.kind.name, register.entries[entry.entry].id
    ))
}

/// The `xml:id` of a source: `bibl.sovet1936`.
pub(super) fn source_id(key: &str) -> String {
    format!("bibl.{key}")
}

/// A pointer to an `xml:id` of the document.
pub(super) fn pointer(id: &str) -> String {
    format!("#{id}")
}

/// An id made an XML name: names start with a letter or `_`. Ids are ASCII `[a-z0-9-]`
/// and headings' ids letters, digits, `-`, `_`, `.`, so this is the only repair needed.
fn xml_name(id: &str) -> String {
    if id.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        id.to_owned()
    } else {
        format!("_{id}")
    }
}

fn header(xml: &mut Xml, runs: &Runs<'_>, edition: &Edition) -> io::Result<()> {
    let book = &edition.config.book;
    xml.open("teiHeader", &[])?;
    xml.open("fileDesc", &[])?;
    xml.open("titleStmt", &[])?;
    xml.leaf("title", &[("type", Some("main"))], &book.title)?;
    if let Some(subtitle) = &book.subtitle {
        xml.leaf("title", &[("type", Some("sub"))], subtitle)?;
    }
    for author in &book.authors {
        xml.leaf("author", &[], author)?;
    }
    for editor in &book.editors {
        xml.leaf("editor", &[], editor)?;
    }
    xml.close_block("titleStmt")?;
    if let Some(edition_name) = &book.edition {
        xml.open("editionStmt", &[])?;
        xml.leaf("edition", &[], edition_name)?;
        xml.close_block("editionStmt")?;
    }
    publication(xml, edition)?;
    source_desc(xml, edition)?;
    xml.close_block("fileDesc")?;
    encoding_desc(xml, runs, edition)?;
    xml.open("profileDesc", &[])?;
    xml.open("langUsage", &[])?;
    xml.empty("language", &[("ident", Some(&book.language))])?;
    xml.close_block("langUsage")?;
    if let Some(description) = &book.description {
        xml.open("abstract", &[])?;
        xml.leaf("p", &[], description)?;
        xml.close_block("abstract")?;
    }
    document::correspondence(xml, edition)?;
    xml.close_block("profileDesc")?;
    xml.close_block("teiHeader")
}

/// Who publishes the edition, when, where and under which licence: TEI's structured
/// form when `book.toml` names a publisher, else a paragraph.
fn publication(xml: &mut Xml, edition: &Edition) -> io::Result<()> {
    let book = &edition.config.book;
    let year = book.year.map(|y| format!("{y:04}"));
    xml.open("publicationStmt", &[])?;
    if let Some(publisher) = &book.publisher {
        xml.leaf("publisher", &[], publisher)?;
        if let Some(year) = &year {
            xml.leaf("date", &[("when", Some(year))], year)?;
        }
        if let Some(url) = &edition.config.base_url {
            xml.leaf("idno", &[("type", Some("URI"))], url.as_str())?;
        }
        if let Some(licence) = &book.licence {
            xml.open("availability", &[])?;
            xml.leaf("licence", &[], licence)?;
            xml.close_block("availability")?;
        }
        return xml.close_block("publicationStmt");
    }
    xml.open("p", &[])?;
    let mut parts = 0;
    if let Some(url) = &edition.config.base_url {
        xml.open("ref", &[("target", Some(url.as_str()))])?;
        xml.text(url.as_str())?;
        xml.close("ref")?;
        parts += 1;
    }
    if let Some(year) = &year {
        xml.text(if parts > 0 { ", " } else { "" })?;
        xml.open("date", &[("when", Some(year))])?;
        xml.text(year)?;
        xml.close("date")?;
        parts += 1;
    }
    if let Some(licence) = &book.licence {
        xml.text(if parts > 0 { ", " } else { "" })?;
        xml.text(licence)?;
    }
    xml.close("p")?;
    xml.close_block("publicationStmt")
}

/// The works the edition cites, as a bibliography.
fn source_desc(xml: &mut Xml, edition: &Edition) -> io::Result<()> {
    xml.open("sourceDesc", &[])?;
    if edition.sources.is_empty() {
        xml.empty("p", &[])?;
    } else {
        xml.open("listBibl", &[])?;
        xml.line()?;
        for source in &edition.sources {
            let id = source_id(&source.key);
            let attrs = [
                ("xml:id", Some(id.as_str())),
                ("type", source.kind.as_deref()),
            ];
            xml.open("bibl", &attrs)?;
            xml.leaf("title", &[("type", Some("short"))], &source.short)?;
            if let Some(title) = &source.title {
                xml.leaf("note", &[("type", Some("full"))], title)?;
            }
            xml.close_block("bibl")?;
        }
        xml.close("listBibl")?;
    }
    xml.close_block("sourceDesc")
}

/// The chapter that is the page `[matter] editorial-note` names, if any.
fn editorial_note(edition: &Edition) -> Option<usize> {
    let config = &edition.config;
    let note = config.matter.editorial_note.as_ref()?;
    let file = crate::load::display_path(config, &config.content_dir.join(note));
    edition.chapters.iter().position(|c| c.file == file)
}

/// The editorial note as `editorialDecl`, registers of terms (themes) as taxonomies;
/// nothing when there is neither.
fn encoding_desc(xml: &mut Xml, runs: &Runs<'_>, edition: &Edition) -> io::Result<()> {
    let terms: Vec<(usize, &Register)> = edition
        .registers
        .iter()
        .enumerate()
        .filter(|(_, r)| r.class() == EntryClass::Term && !r.entries.is_empty())
        .collect();
    let note = editorial_note(edition);
    if terms.is_empty() && note.is_none() {
        return Ok(());
    }
    xml.open("encodingDesc", &[])?;
    xml.line()?;
    if let Some(c) = note {
        xml.open(
            "editorialDecl",
            &[("xml:id", Some(&chapter_id(&edition.chapters[c])))],
        )?;
        xml.line()?;
        body::flat(xml, runs, c)?;
        xml.close_block("editorialDecl")?;
    }
    if terms.is_empty() {
        return xml.close_block("encodingDesc");
    }
    xml.open("classDecl", &[])?;
    xml.line()?;
    for (r, register) in terms {
        xml.open("taxonomy", &[("n", Some(&register.kind.name))])?;
        xml.leaf("desc", &[], register_title(register))?;
        for (e, entry) in register.entries.iter().enumerate() {
            let id = entry_id(
                edition,
                EntryRef {
                    register: r,
                    entry: e,
                },
            );
            xml.open("category", &[("xml:id", Some(&id))])?;
            xml.leaf("gloss", &[], &entry.name)?;
            if let Some(description) = &entry.description {
                xml.open("desc", &[])?;
                runs.text(xml, description)?;
                xml.close_block("desc")?;
            }
            xml.close_block("category")?;
        }
        xml.close_block("taxonomy")?;
    }
    xml.close_block("classDecl")?;
    xml.close_block("encodingDesc")
}

/// A register's heading: its title in book.toml, else its kind's name.
fn register_title(register: &Register) -> &str {
    register
        .kind
        .title
        .as_deref()
        .unwrap_or(&register.kind.name)
}

/// Persons, organisations, places and events; nothing when there are none.
fn stand_off(xml: &mut Xml, runs: &Runs<'_>, edition: &Edition) -> io::Result<()> {
    let lists: Vec<usize> = (0..edition.registers.len())
        .filter(|&r| {
            let register = &edition.registers[r];
            register.class() != EntryClass::Term && !register.entries.is_empty()
        })
        .collect();
    if lists.is_empty() {
        return Ok(());
    }
    xml.open("standOff", &[])?;
    xml.line()?;
    for r in lists {
        let register = &edition.registers[r];
        let (list, item) = match register.class() {
            EntryClass::Person => ("listPerson", "person"),
            EntryClass::Organization => ("listOrg", "org"),
            EntryClass::Place => ("listPlace", "place"),
            EntryClass::Event | EntryClass::Term => ("listEvent", "event"),
        };
        xml.open(list, &[("type", Some(&register.kind.name))])?;
        xml.leaf("head", &[], register_title(register))?;
        for (e, entry) in register.entries.iter().enumerate() {
            let at = EntryRef {
                register: r,
                entry: e,
            };
            register_entry(xml, runs, edition, at, item, entry)?;
        }
        xml.close_block(list)?;
    }
    xml.close_block("standOff")
}

/// One `person`, `org`, `place` or `event`: its names (or label), description and related entries.
fn register_entry(
    xml: &mut Xml,
    runs: &Runs<'_>,
    edition: &Edition,
    at: EntryRef,
    item: &str,
    entry: &Entry,
) -> io::Result<()> {
    let id = entry_id(edition, at);
    // An exact date; a range or an approximate one has no `@when` (its label says it).
    let when = entry.date.as_ref().and_then(|d| d.datetime());
    let when = if item == "event" { when } else { None };
    xml.open(item, &[("xml:id", Some(&id)), ("when", when.as_deref())])?;
    let description = entry.description.as_ref();
    match item {
        "event" => {
            xml.leaf("label", &[], &entry.name)?;
            description_as(xml, runs, "desc", description)?;
        }
        _ => {
            let name = match item {
                "person" => "persName",
                "place" => "placeName",
                _ => "orgName",
            };
            xml.leaf(name, &[], &entry.name)?;
            if entry.label != entry.name {
                xml.leaf(name, &[("type", Some("label"))], &entry.label)?;
            }
            for alias in &entry.aliases {
                xml.leaf(name, &[("type", Some("alias"))], alias)?;
            }
            description_as(xml, runs, "note", description)?;
        }
    }
    if !entry.related.is_empty() {
        let targets: Vec<String> = entry
            .related
            .iter()
            .map(|r| pointer(&entry_id(edition, *r)))
            .collect();
        let targets = targets.join(" ");
        xml.empty(
            "ptr",
            &[("type", Some("related")), ("target", Some(&targets))],
        )?;
    }
    xml.close_block(item)
}

fn description_as(
    xml: &mut Xml,
    runs: &Runs<'_>,
    element: &str,
    description: Option<&LinkedText>,
) -> io::Result<()> {
    let Some(description) = description else {
        return Ok(());
    };
    xml.open(element, &[])?;
    runs.text(xml, description)?;
    xml.close(element)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_xml_names() {
        assert_eq!(xml_name("plenum"), "plenum");
        assert_eq!(xml_name("1936-report"), "_1936-report");
    }
}
