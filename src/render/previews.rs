//! What a chapter page's reader script (`static/reader.js`) needs: the register kinds
//! the page can highlight, and the preview cards of the entries it mentions and the
//! sources it cites.
//!
//! Everything is made at build time and put in the page, so previews work from a copy
//! opened from disk and nothing is fetched. Only what this page refers to goes in (a
//! page of a 10,000-chapter edition stays small), keyed by the very `href` of the
//! page's links, so the mention markup needs no attribute of its own. A note call needs
//! no data: its note is in the page.

use super::Renderer;
use super::links::{Links, paths};
use super::text::plain_text;
use crate::link::{Chapter, Edition, EntryRef};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How many colours (each with its own underline) the theme has for register kinds; a
/// book with more kinds reuses them in turn.
const HIGHLIGHT_SLOTS: usize = 6;

/// The longest first sentence a card shows, in characters; a longer one is cut at a
/// word, with `…`.
const SENTENCE_CHARS: usize = 240;

/// The reader's part of a chapter page.
#[derive(Debug, Serialize)]
pub(super) struct ReaderView {
    /// The toggles, one per register kind the page mentions, in the book's order.
    kinds: Vec<KindToggle>,
    /// The cards' data (JSON for a `<script type="application/json">`).
    data: String,
    /// The theme's `reader.js`.
    script: String,
}

/// A highlight toggle: the kind's name, its colour slot (`hl-1`…), its title.
#[derive(Debug, Serialize)]
struct KindToggle {
    kind: String,
    slot: usize,
    title: String,
}

/// The cards' data, by the `href` of the links they preview.
#[derive(Debug, Serialize)]
struct PreviewData<'a> {
    /// The edition's root from this page, which names where the reader's choice of
    /// highlights is kept (one edition's choice is not another's on the same host).
    root: &'a str,
    /// Each entry's card as [`Cards`] made it.
    entries: BTreeMap<String, &'a RawValue>,
    sources: BTreeMap<String, SourceCard>,
    /// "Note", over a note call's card.
    note: &'a str,
}

/// A mentioned entry's card.
#[derive(Debug, Serialize)]
struct EntryCard {
    name: String,
    /// The first sentence of its description, when it has one.
    text: Option<String>,
    /// «12 упоминаний».
    count: String,
}

/// A cited source's card: its full reference; the locator is the citation's own, read
/// from the page.
#[derive(Debug, Serialize)]
struct SourceCard {
    title: String,
    archival: Option<String>,
}

/// The reader's view of chapter `chapter` as seen from its page.
pub(super) fn chapter_reader(r: &Renderer<'_>, chapter: &Chapter, links: &Links) -> ReaderView {
    let edition = r.edition;
    let text = &chapter.text;
    let mut kinds = vec![false; edition.registers.len()];
    // Each entry once, however often the chapter mentions it: its link and card are
    // made for it alone.
    let mut mentioned: Vec<EntryRef> = text.mentions.iter().flatten().copied().collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    let mut entries = BTreeMap::new();
    for target in mentioned {
        kinds[target.register] = true;
        let register = &edition.registers[target.register];
        let entry = &register.entries[target.entry];
        let card = r.cards.get(r, target);
        entries.insert(links.entry(&register.kind, &entry.id), card);
    }
    let sources = text
        .citations
        .iter()
        .flatten()
        .flatten()
        .map(|&s| {
            let source = &edition.sources[s];
            let card = SourceCard {
                title: source.title.clone().unwrap_or_else(|| source.short.clone()),
                archival: source.archival.as_ref().map(|f| r.words.archival_file(f)),
            };
            (links.source(&source.key), card)
        })
        .collect();
    let data = PreviewData {
        root: links.root(),
        entries,
        sources,
        note: r.words.note,
    };
    ReaderView {
        kinds: toggles(r, &kinds),
        data: super::json_for_script(&data),
        script: links.to(&paths::static_file("reader.js")),
    }
}

/// Each entry's card as JSON, made the first time a page needs it: a popular entry is
/// on thousands of chapter pages, and its description would otherwise be flattened and
/// split, and its name, sentence and count copied and written out, once for each. The
/// card is the same on every page (only its key, the link, depends on where the page
/// is).
pub(super) struct Cards(Vec<Vec<OnceLock<Box<RawValue>>>>);

impl Cards {
    /// Room for every entry of `edition`, nothing made yet.
    pub(super) fn new(edition: &Edition) -> Self {
        Self(
            edition
                .registers
                .iter()
                .map(|r| r.entries.iter().map(|_| OnceLock::new()).collect())
                .collect(),
        )
    }

    /// The card of entry `at`.
    fn get(&self, r: &Renderer<'_>, at: EntryRef) -> &RawValue {
        self.0[at.register][at.entry].get_or_init(|| {
            let edition = r.edition;
            let entry = &edition.registers[at.register].entries[at.entry];
            let sentence = (entry.description.as_ref())
                .map(|d| first_sentence(&plain_text(edition, d)))
                .filter(|s| !s.is_empty());
            let card = EntryCard {
                name: entry.name.clone(),
                text: sentence,
                count: r.words.mention_count(entry.refs.mentions.len()),
            };
            // A card is strings only, which JSON always takes.
            serde_json::value::to_raw_value(&card).unwrap_or_default()
        })
    }
}

/// A toggle for each register kind marked in `present`; a kind's colour slot follows
/// its place in the book's registers, so it is the same on every page.
fn toggles(r: &Renderer<'_>, present: &[bool]) -> Vec<KindToggle> {
    r.edition
        .registers
        .iter()
        .enumerate()
        .filter(|(i, _)| present[*i])
        .map(|(i, register)| KindToggle {
            kind: register.kind.name.clone(),
            slot: i % HIGHLIGHT_SLOTS + 1,
            title: super::pages::register_title(&r.words, register),
        })
        .collect()
}

/// The first sentence of `text`: up to the first `.`, `!`, `?` or `…` that a space and a
/// capital (or an opening quote) follow, unless the word before the point is an initial
/// («Г.К. Орджоникидзе») or a usual abbreviation («1936 г.», «Dr.»). Cut at a word when
/// longer than [`SENTENCE_CHARS`].
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end = chars
        .windows(3)
        .enumerate()
        .find(|(i, w)| {
            matches!(w[0].1, '.' | '!' | '?' | '…')
                && w[1].1.is_whitespace()
                && (w[2].1.is_uppercase() || matches!(w[2].1, '«' | '"' | '“' | '„'))
                && !(w[0].1 == '.' && is_abbreviation(&chars[..*i]))
        })
        .map_or(text.len(), |(_, w)| w[1].0);
    super::text::cut_at_word(&text[..end], SENTENCE_CHARS)
}

/// Abbreviations that end with a point inside a sentence, lower case, without it.
const ABBREVIATIONS: [&str; 28] = [
    "гг", "др", "им", "ок", "см", "ст", "тов", "св", "ул", "оп", "обл", "пр", "млн", "тыс", "руб",
    "коп", "проф", "акад", "инж", "стр", "mr", "mrs", "ms", "dr", "st", "no", "vol", "cf",
];

/// Whether the letters just before a point (the end of `before`) are an initial or an
/// abbreviation.
fn is_abbreviation(before: &[(usize, char)]) -> bool {
    let letters: Vec<char> = (before.iter().rev())
        .map(|(_, c)| *c)
        .take_while(|c| c.is_alphabetic())
        .collect();
    let word: String = letters
        .iter()
        .rev()
        .flat_map(|c| c.to_lowercase())
        .collect();
    letters.len() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_sentence_ends_at_a_point_before_a_capital_but_not_after_an_initial() {
        assert_eq!(
            first_sentence("Брат Г.К. Орджоникидзе; арестован в 1936 г. Расстрелян."),
            "Брат Г.К. Орджоникидзе; арестован в 1936 г. Расстрелян."
        );
        assert_eq!(
            first_sentence("Секретарь ЦК ВКП(б). На Пленуме заявил, что «все…»."),
            "Секретарь ЦК ВКП(б)."
        );
        assert_eq!(first_sentence("Open. «Quoted»"), "Open.");
        assert_eq!(
            first_sentence("Met Dr. Smith. Then left."),
            "Met Dr. Smith."
        );
        assert_eq!(first_sentence("Why? Because."), "Why?");
        assert_eq!(first_sentence("no end"), "no end");
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_word() {
        let long = "слово ".repeat(60);
        let cut = first_sentence(&long);
        assert!(cut.ends_with("слово…"), "{cut}");
        assert!(cut.chars().count() <= super::SENTENCE_CHARS + 1, "{cut}");
    }
}
