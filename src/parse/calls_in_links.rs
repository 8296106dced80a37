//! Note calls inside a link's text, when the note is defined in the body.
//!
//! pulldown-cmark reads `[^z]` whose note the body defines (`[^z]: …`) as a link of its
//! own, and a link may not hold a link: reading the call forgets every bracket opened
//! before it, so `[Орджоникидзе[^z]](person:ordzhonikidze)` was published as its
//! brackets, and the mention was lost. A call whose note is in the front matter is
//! plain text to pulldown-cmark, so its link stands (the writer then calls the note
//! right after the link). Where a call follows an open bracket, the text is read again
//! with each call masked as text of the same length that Markdown gives no meaning,
//! and the calls are put back where their masks stand: the offsets of every event are
//! the file's, as in the first reading.

use pulldown_cmark::{CowStr, Event, Tag};
use std::ops::Range;

/// An event of pulldown-cmark with its range in the text it read.
pub(crate) type LocatedEvent<'a> = (Event<'a>, Range<usize>);

/// What a masked call is written with: ASCII punctuation that Markdown gives no
/// meaning, so it neither opens, closes nor flanks anything a bracket would not.
const MASK: u8 = b'%';

/// The text with its note calls masked, and the calls it masked.
pub(crate) struct Masked<'a> {
    /// The text, each call's bytes replaced by [`MASK`].
    pub(crate) text: String,
    calls: Vec<(CowStr<'a>, Range<usize>)>,
}

/// The text to read again, when a note call of `events` may have cost a link: when it
/// follows a `[` of the same block that was read as text.
pub(crate) fn mask<'a>(text: &str, events: &[LocatedEvent<'a>]) -> Option<Masked<'a>> {
    let mut bracket_open = false;
    let mut lost = false;
    let mut calls = Vec::new();
    for (event, range) in events {
        match event {
            // The blocks that hold inline text directly.
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                bracket_open = false
            }
            Event::Text(t) if t.contains('[') => bracket_open = true,
            Event::FootnoteReference(label) => {
                lost |= bracket_open;
                calls.push((label.clone(), range.clone()));
            }
            _ => {}
        }
    }
    if !lost {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for (_, range) in &calls {
        bytes[range.clone()].fill(MASK);
    }
    // Whole characters were replaced by ASCII, so the text is still UTF-8.
    let text = String::from_utf8(bytes).ok()?;
    Some(Masked { text, calls })
}

impl<'a> Masked<'a> {
    /// The events of the masked text with the calls back where their masks stand;
    /// `None` when a mask is not wholly inside one run of text of them (read again,
    /// `[a[^z]]: /url` became a link's definition), so the first reading stands.
    pub(crate) fn restore(&self, events: Vec<LocatedEvent<'a>>) -> Option<Vec<LocatedEvent<'a>>> {
        let mut out = Vec::with_capacity(events.len() + 2 * self.calls.len());
        let mut calls = self.calls.iter().peekable();
        for (event, range) in events {
            if calls.peek().is_some_and(|(_, at)| at.start < range.start) {
                return None;
            }
            let Event::Text(text) = &event else {
                out.push((event, range));
                continue;
            };
            let mut from = range.start;
            while let Some((label, at)) = calls.next_if(|(_, at)| at.start < range.end) {
                if at.end > range.end || text.as_ref() != &self.text[range.clone()] {
                    return None;
                }
                if at.start > from {
                    let part = &self.text[from..at.start];
                    out.push((Event::Text(part.to_owned().into()), from..at.start));
                }
                from = at.end;
                out.push((Event::FootnoteReference(label.clone()), at.clone()));
            }
            if from == range.start {
                out.push((event, range));
            } else if from < range.end {
                let part = &self.text[from..range.end];
                out.push((Event::Text(part.to_owned().into()), from..range.end));
            }
        }
        calls.peek().is_none().then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn events(text: &str) -> Vec<LocatedEvent<'_>> {
        Parser::new_ext(text, Options::ENABLE_FOOTNOTES)
            .into_offset_iter()
            .collect()
    }

    #[test]
    fn a_call_inside_a_link_keeps_the_link() {
        let text = "[Орджоникидзе[^z]](person:o) said.\n\n[^z]: Note.\n";
        let first = events(text);
        let masked = mask(text, &first).expect("the call cost a link");
        let again = events(&masked.text);
        let restored = masked.restore(again).expect("every call put back");
        let kinds: Vec<_> = restored
            .iter()
            .take(6)
            .map(|(e, r)| (e.clone(), &text[r.clone()]))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    Event::Start(Tag::Paragraph),
                    "[Орджоникидзе[^z]](person:o) said.\n"
                ),
                (
                    Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url: "person:o".into(),
                        title: "".into(),
                        id: "".into(),
                    }),
                    "[Орджоникидзе[^z]](person:o)"
                ),
                (Event::Text("Орджоникидзе".into()), "Орджоникидзе"),
                (Event::FootnoteReference("z".into()), "[^z]"),
                (
                    Event::End(pulldown_cmark::TagEnd::Link),
                    "[Орджоникидзе[^z]](person:o)"
                ),
                (Event::Text(" said.".into()), " said."),
            ]
        );
    }

    #[test]
    fn a_call_whose_mask_is_read_as_no_text_leaves_the_first_reading() {
        let text = "[a[^z]]: /url\n\n[^z]: Note.\n";
        let masked = mask(text, &events(text)).expect("the call follows a bracket");
        assert!(masked.restore(events(&masked.text)).is_none());
    }

    #[test]
    fn a_call_after_a_closed_bracket_is_read_once() {
        let text = "[a](b) and [sic]\n\nNew block.[^z]\n\n[^z]: Note.\n";
        assert!(mask(text, &events(text)).is_none());
    }
}
