//! A thin layer over quick-xml's writer: elements with escaped text and attributes, and
//! line breaks only where the document's structure allows them.
//!
//! quick-xml's own indentation would put spaces inside mixed content (between a word and
//! a `persName`), where TEI counts them as text, so lines are broken by hand between
//! block-level elements only.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io;

/// An XML document being written into memory.
pub(super) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its XML declaration written.
    pub(super) fn new() -> io::Result<Self> {
        let mut writer = Writer::new(Vec::new());
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut xml = Self { writer };
        xml.line()?;
        Ok(xml)
    }

    /// Opens `name` with `attrs` (in order; an attribute may be left out with `None`).
    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, Option<&str>)]) -> io::Result<()> {
        self.writer.write_event(Event::Start(element(name, attrs)))
    }

    /// Closes `name`.
    pub(super) fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Closes `name` and breaks the line: the end of a block-level element.
    pub(super) fn close_block(&mut self, name: &str) -> io::Result<()> {
        self.close(name)?;
        self.line()
    }

    /// An empty element.
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, Option<&str>)]) -> io::Result<()> {
        self.writer.write_event(Event::Empty(element(name, attrs)))
    }

    /// Text, escaped.
    pub(super) fn text(&mut self, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.writer.write_event(Event::Text(BytesText::new(text)))
    }

    /// An element holding only text.
    pub(super) fn leaf(
        &mut self,
        name: &str,
        attrs: &[(&str, Option<&str>)],
        text: &str,
    ) -> io::Result<()> {
        self.open(name, attrs)?;
        self.text(text)?;
        self.close_block(name)
    }

    /// A line break between block-level elements.
    pub(super) fn line(&mut self) -> io::Result<()> {
        self.writer.write_event(Event::Text(BytesText::new("\n")))
    }

    /// The document's bytes.
    pub(super) fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

fn element<'a>(name: &'a str, attrs: &[(&'a str, Option<&'a str>)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attrs {
        if let Some(value) = value {
            start.push_attribute((*key, *value));
        }
    }
    start
}
