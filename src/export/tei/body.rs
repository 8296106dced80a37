//! A chapter as a TEI `div`: its title as `head`, its summary as `argument`, its
//! sections (the body's headings) as nested `div`s, its speech turns as `sp` with a
//! `speaker`, its lists as `list`s of `item`s (numbered ones `rend="numbered"`, each
//! item its number as `n`), every other passage as a `p` (or an `anchor` when it holds
//! no words of its own, as a block quote around its paragraphs does) whose `xml:id` is
//! the page's anchor; an item's is on the `item`. A heading inside a list item is the
//! item's `label`: a section `div` cannot open inside a list.
//!
//! TEI needs what HTML does not: a `div` and an `sp` must hold at least one paragraph,
//! so an empty one gets an empty `p`.

use super::inline::{Notes, Place, Runs};
use super::xml::Xml;
use super::{anchor_id, chapter_id, entry_id, pointer};
use crate::link::{Chapter, LinkedText};
use crate::parse::{Anchor, Markup, Passage, TextRun, pieces_in_order};
use std::collections::HashMap;
use std::io;

/// Writes chapter `c`.
pub(super) fn chapter(xml: &mut Xml, runs: &Runs<'_>, c: usize) -> io::Result<()> {
    let edition = runs.edition();
    let chapter = &edition.chapters[c];
    let themes: Vec<String> = chapter
        .themes
        .iter()
        .map(|t| pointer(&entry_id(edition, *t)))
        .collect();
    let themes = themes.join(" ");
    let (id, n) = (chapter_id(chapter), (c + 1).to_string());
    let decls = super::document::document_id(chapter).map(|d| pointer(&d));
    xml.open(
        "div",
        &[
            ("type", Some("chapter")),
            ("xml:id", Some(&id)),
            ("n", Some(&n)),
            ("ana", (!themes.is_empty()).then_some(themes.as_str())),
            ("decls", decls.as_deref()),
            ("xml:lang", chapter.language.as_deref()),
        ],
    )?;
    let editorial = chapter.editorial_title.then_some("editorial");
    xml.leaf("head", &[("type", editorial)], &chapter.title)?;
    if let Some(summary) = &chapter.summary {
        xml.open("argument", &[])?;
        xml.leaf("p", &[], summary)?;
        xml.close_block("argument")?;
    }
    let notes = Notes::of(chapter);
    let mut walk = Walk {
        xml,
        runs,
        chapter,
        notes: &notes,
        levels: vec![Level::new(1)],
        turn: None,
        lists: Vec::new(),
    };
    walk.passages()
}

/// Chapter `c` as paragraphs only (its headings too), for the `editorialDecl` of the
/// header, which holds no `div`s.
pub(super) fn flat(xml: &mut Xml, runs: &Runs<'_>, c: usize) -> io::Result<()> {
    let chapter = &runs.edition().chapters[c];
    let notes = Notes::of(chapter);
    let text = &chapter.text;
    let passages = &text.parsed.passages;
    for piece in pieces_in_order(passages) {
        let id = match &passages[piece.passage].anchor {
            Anchor::Note(_) => continue,
            Anchor::Id(id) if piece.first => Some(anchor_id(chapter, id)),
            Anchor::Id(_) | Anchor::None => None,
        };
        if has_words(piece.runs) {
            xml.open("p", &[("xml:id", id.as_deref())])?;
            runs.write(xml, text, piece.runs, Place::Chapter(&notes))?;
            xml.close_block("p")?;
        }
    }
    Ok(())
}

/// An open `div`: its heading level and whether it holds anything yet.
struct Level {
    level: u8,
    filled: bool,
}

impl Level {
    fn new(level: u8) -> Self {
        Self {
            level,
            filled: false,
        }
    }
}

/// An open `sp`: the mention that opened it and whether it holds a paragraph yet.
struct Turn {
    mention: usize,
    filled: bool,
}

/// An open `item` of an open `list`: the list's index in the chapter's lists and the
/// item's passage.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Open {
    list: usize,
    item: usize,
}

/// The walk over a chapter's passages in reading order.
struct Walk<'w, 'x> {
    xml: &'x mut Xml,
    runs: &'w Runs<'w>,
    chapter: &'w Chapter,
    notes: &'w Notes<'w>,
    /// The open `div`s, the chapter's first (as level 1).
    levels: Vec<Level>,
    turn: Option<Turn>,
    /// The open lists and their open items, outermost first.
    lists: Vec<Open>,
}

impl Walk<'_, '_> {
    fn passages(&mut self) -> io::Result<()> {
        let text = &self.chapter.text;
        let headings: HashMap<&str, u8> = text
            .parsed
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.level))
            .collect();
        let passages = &text.parsed.passages;
        for piece in pieces_in_order(passages) {
            let p = piece.passage;
            let passage = &passages[p];
            if let Anchor::Note(_) = passage.anchor {
                continue;
            }
            let opened = self.enter_lists(p)?;
            match &passage.anchor {
                _ if !piece.first => self.more(passage, piece.runs)?,
                _ if opened => self.inline(piece.runs)?,
                Anchor::Id(id) if headings.contains_key(id.as_str()) && !self.lists.is_empty() => {
                    let id = anchor_id(self.chapter, id);
                    self.xml.open("label", &[("xml:id", Some(&id))])?;
                    self.inline(piece.runs)?;
                    self.xml.close("label")?;
                }
                Anchor::Id(id) if headings.contains_key(id.as_str()) => {
                    self.section(id, headings[id.as_str()].max(2), passage)?;
                }
                anchor => self.block(p, passage, piece.runs, anchor)?,
            }
        }
        self.enter_lists(usize::MAX)?;
        self.close_divs(0)
    }

    /// The list items that hold passage `p` (`p` itself when it is an item),
    /// outermost first.
    fn items_holding(&self, p: usize) -> Vec<Open> {
        let lists = &self.chapter.text.parsed.lists;
        let mut holding: Vec<Open> = lists
            .iter()
            .enumerate()
            .flat_map(|(list, l)| {
                l.items
                    .iter()
                    .filter(|item| (item.passage..item.end).contains(&p))
                    .map(move |item| Open {
                        list,
                        item: item.passage,
                    })
            })
            .collect();
        holding.sort_by_key(|open| open.item);
        holding
    }

    /// Closes the open items (and their lists) that do not hold passage `p`, and opens
    /// those that do; whether it opened `p`'s own `item`, which then takes `p`'s words.
    fn enter_lists(&mut self, p: usize) -> io::Result<bool> {
        let wanted = self.items_holding(p);
        let kept = self
            .lists
            .iter()
            .zip(&wanted)
            .take_while(|(open, want)| open == want)
            .count();
        // The list at the first depth that differs goes on when only its item changes.
        let goes_on = matches!(
            (self.lists.get(kept), wanted.get(kept)),
            (Some(open), Some(want)) if open.list == want.list
        );
        while self.lists.len() > kept {
            self.xml.close_block("item")?;
            if !(self.lists.len() == kept + 1 && goes_on) {
                self.xml.close_block("list")?;
            }
            self.lists.pop();
        }
        let mut opened = false;
        for (depth, open) in wanted.into_iter().enumerate().skip(kept) {
            if !(depth == kept && goes_on) {
                self.open_list(open.list)?;
            }
            self.open_item(open)?;
            opened = open.item == p;
        }
        Ok(opened)
    }

    /// Opens list `list`, in the current turn: a list is what a `div` or an `sp` may
    /// hold in place of a paragraph.
    fn open_list(&mut self, list: usize) -> io::Result<()> {
        if self.lists.is_empty() {
            let passage = self.chapter.text.parsed.lists[list].items[0].passage;
            let speaker = self.chapter.text.parsed.passages[passage].speaker;
            self.follow_turn(speaker, false)?;
            self.fill();
            if let Some(turn) = &mut self.turn {
                turn.filled = true;
            }
        }
        let numbered = self.chapter.text.parsed.lists[list].start.is_some();
        let rend = if numbered { "numbered" } else { "bulleted" };
        self.xml.open("list", &[("rend", Some(rend))])?;
        self.xml.line()
    }

    /// Opens the `item` of passage `open.item`, with the page's anchor and, in a
    /// numbered list, its number.
    fn open_item(&mut self, open: Open) -> io::Result<()> {
        let list = &self.chapter.text.parsed.lists[open.list];
        let number = list.start.map(|start| {
            let at = list.items.iter().position(|i| i.passage == open.item);
            (start + at.unwrap_or(0) as u64).to_string()
        });
        let id = match &self.chapter.text.parsed.passages[open.item].anchor {
            Anchor::Id(id) => Some(anchor_id(self.chapter, id)),
            _ => None,
        };
        self.xml.open(
            "item",
            &[("xml:id", id.as_deref()), ("n", number.as_deref())],
        )?;
        self.lists.push(open);
        self.redirects(open.item)
    }

    /// A heading opens a `div` at its level, closing those at its level or deeper.
    fn section(&mut self, id: &str, level: u8, passage: &Passage) -> io::Result<()> {
        self.close_divs(level)?;
        self.fill();
        let id = anchor_id(self.chapter, id);
        self.xml
            .open("div", &[("type", Some("section")), ("xml:id", Some(&id))])?;
        self.xml.open("head", &[])?;
        self.inline(&passage.text)?;
        self.xml.close_block("head")?;
        self.levels.push(Level::new(level));
        Ok(())
    }

    /// A passage that is not a heading, with `runs`, its text's first piece: a
    /// paragraph, or an anchor when it has no words.
    fn block(
        &mut self,
        p: usize,
        passage: &Passage,
        mut runs: &[TextRun],
        anchor: &Anchor,
    ) -> io::Result<()> {
        let id = match anchor {
            Anchor::Id(id) => Some(anchor_id(self.chapter, id)),
            _ => None,
        };
        if !has_words(runs) {
            if let Some(id) = id {
                self.xml.empty("anchor", &[("xml:id", Some(&id))])?;
            }
            return self.redirects(p);
        }
        let mut lead = "";
        // Inside a list the turn stays the one the list opened in: an `item` holds no
        // `sp` nor `speaker`.
        if self.lists.is_empty() {
            let opens = passage
                .speaker
                .is_some_and(|m| self.chapter.text.parsed.mentions[m].passage == p);
            self.follow_turn(passage.speaker, opens)?;
            self.fill();
            if let Some(turn) = &mut self.turn {
                turn.filled = true;
                let mention = turn.mention;
                let opens = self.chapter.text.parsed.mentions[mention].passage == p;
                if opens && speaker_first(runs) == Some(mention) {
                    (lead, runs) = self.speaker(runs)?;
                }
            }
        }
        self.xml.open("p", &[("xml:id", id.as_deref())])?;
        self.redirects(p)?;
        self.xml.text(lead)?;
        self.inline(runs)?;
        self.xml.close_block("p")
    }

    /// A later piece of a passage's text (a list item's words after its nested list, a
    /// code block in it): a paragraph of its own where it stands, in the passage's turn.
    fn more(&mut self, passage: &Passage, runs: &[TextRun]) -> io::Result<()> {
        if !has_words(runs) {
            return Ok(());
        }
        if self.lists.is_empty() {
            self.follow_turn(passage.speaker, false)?;
            self.fill();
            if let Some(turn) = &mut self.turn {
                turn.filled = true;
            }
        }
        self.xml.open("p", &[])?;
        self.inline(runs)?;
        self.xml.close_block("p")
    }

    /// An `anchor` for each gone anchor that now lands on passage `p`, as on the page.
    fn redirects(&mut self, p: usize) -> io::Result<()> {
        for (_, old) in self.chapter.redirects.iter().filter(|(at, _)| *at == p) {
            let id = anchor_id(self.chapter, old);
            self.xml.empty("anchor", &[("xml:id", Some(&id))])?;
        }
        Ok(())
    }

    /// Opens or closes an `sp` as the passage's speaker changes; `opens` when the
    /// passage holds the mention that opens its turn (a new `sp`, even for the same
    /// speaker).
    fn follow_turn(&mut self, speaker: Option<usize>, opens: bool) -> io::Result<()> {
        let same = match (&self.turn, speaker) {
            (Some(turn), Some(m)) => turn.mention == m && !opens,
            (None, None) => true,
            _ => false,
        };
        if same {
            return Ok(());
        }
        self.close_turn()?;
        if let Some(mention) = speaker {
            let who = self.chapter.text.mentions[mention]
                .map(|e| pointer(&entry_id(self.runs.edition(), e)));
            self.xml.open("sp", &[("who", who.as_deref())])?;
            self.turn = Some(Turn {
                mention,
                filled: false,
            });
        }
        Ok(())
    }

    /// Writes the `speaker` of a turn's first paragraph (the mention and the colon or
    /// full stop after it, without the bold that marks a turn in Markdown) and returns
    /// what follows: the words the paragraph goes on with, and its remaining runs.
    fn speaker<'r>(&mut self, runs: &'r [TextRun]) -> io::Result<(&'r str, &'r [TextRun])> {
        let strong = TextRun::Start(Markup::Strong);
        let mut bold = runs.first() == Some(&strong);
        let mut rest = &runs[usize::from(bold)..];
        self.xml.open("speaker", &[])?;
        self.inline(&rest[..1])?;
        rest = &rest[1..];
        let mut lead = None;
        loop {
            match rest.first() {
                Some(TextRun::End(Markup::Strong)) if bold => bold = false,
                Some(TextRun::Text(after)) if lead.is_none() => {
                    let words = after.trim_start_matches([':', '.']);
                    self.xml.text(&after[..after.len() - words.len()])?;
                    lead = Some(words.trim_start());
                }
                _ => break,
            }
            rest = &rest[1..];
        }
        self.xml.close("speaker")?;
        let mut lead = lead.unwrap_or("");
        // `**Name:**` leaves the words after the bold's end.
        if let (true, Some(TextRun::Text(words))) = (lead.is_empty(), rest.first()) {
            lead = words.trim_start();
            rest = &rest[1..];
        }
        Ok((lead, rest))
    }

    fn inline(&mut self, runs: &[TextRun]) -> io::Result<()> {
        let text: &LinkedText = &self.chapter.text;
        self.runs
            .write(self.xml, text, runs, Place::Chapter(self.notes))
    }

    /// The innermost `div` now holds something.
    fn fill(&mut self) {
        if let Some(level) = self.levels.last_mut() {
            level.filled = true;
        }
    }

    fn close_turn(&mut self) -> io::Result<()> {
        if let Some(turn) = self.turn.take() {
            if !turn.filled {
                self.xml.empty("p", &[])?;
            }
            self.xml.close_block("sp")?;
        }
        Ok(())
    }

    /// Closes the `div`s at `level` or deeper (all, the chapter's too, for 0).
    fn close_divs(&mut self, level: u8) -> io::Result<()> {
        self.close_turn()?;
        while let Some(open) = self.levels.last() {
            if open.level < level {
                break;
            }
            if !open.filled {
                self.xml.empty("p", &[])?;
            }
            self.xml.close_block("div")?;
            self.levels.pop();
        }
        Ok(())
    }
}

/// The mention a paragraph opens with, in bold or not (`**[Name](person:id):**`).
fn speaker_first(runs: &[TextRun]) -> Option<usize> {
    let first = match runs {
        [TextRun::Start(Markup::Strong), first, ..] | [first, ..] => first,
        [] => return None,
    };
    match first {
        TextRun::Mention { mention, .. } => Some(*mention),
        _ => None,
    }
}

/// Whether a passage holds words of its own (a block quote's are its paragraphs').
fn has_words(runs: &[TextRun]) -> bool {
    runs.iter().any(|run| match run {
        TextRun::Text(t) => !t.trim().is_empty(),
        TextRun::Mention { .. } | TextRun::Citation(_) | TextRun::NoteCall(_) => true,
        TextRun::Start(_) | TextRun::End(_) => false,
    })
}
