//! Which paragraphs are figures: a paragraph that holds nothing but one image with a
//! title (`![Map of the Donbas](../static/map.png "The Donbas in 1936")`) is written
//! as `<figure>` with the title as its `<figcaption>`. An image among other text stays
//! an image: a figure cannot stand inside a paragraph.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// The indices in `events` of the paragraph starts whose paragraph is a figure.
pub(crate) fn paragraphs(events: &[(Event<'_>, Range<usize>)]) -> HashSet<usize> {
    let mut figures = HashSet::new();
    for (i, window) in events.windows(2).enumerate() {
        let titled_image = matches!(
            window,
            [(Event::Start(Tag::Paragraph), _), (Event::Start(Tag::Image { title, .. }), _)]
                if !title.is_empty()
        );
        if titled_image && image_ends_paragraph(&events[i + 2..]) {
            figures.insert(i);
        }
    }
    figures
}

/// Whether the image just opened closes (its own tags counted) right before its
/// paragraph does.
fn image_ends_paragraph(events: &[(Event<'_>, Range<usize>)]) -> bool {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth > 0 => depth -= 1,
            Event::End(_) => {
                return matches!(events.get(i + 1), Some((Event::End(TagEnd::Paragraph), _)));
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    fn figures(markdown: &str) -> usize {
        let events: Vec<_> = Parser::new(markdown).into_offset_iter().collect();
        super::paragraphs(&events).len()
    }

    #[test]
    fn only_a_lone_image_with_a_title_is_a_figure() {
        assert_eq!(figures("![a *b*](x.png \"T\")\n"), 1);
        assert_eq!(figures("![a](x.png \"T\")\n\n![b](y.png \"U\")\n"), 2);
        assert_eq!(figures("![a](x.png)\n"), 0);
        assert_eq!(figures("See ![a](x.png \"T\")\n"), 0);
        assert_eq!(figures("![a](x.png \"T\") and more\n"), 0);
        assert_eq!(figures("![a](x.png \"T\")![b](y.png \"U\")\n"), 0);
    }
}
