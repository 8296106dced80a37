//! Passage anchors that survive edits: each chapter's paragraphs, list items, quotes and
//! tables keep their `p-N` across revisions, by way of `anchors.lock` beside book.toml.
//!
//! The parser numbers passages in order; here, before anything links to them, each
//! chapter's passages are matched to the anchors the lock file lists for it:
//!
//! 1. a chapter finds its lock section by its file, else (a renamed file) the section
//!    no other chapter took whose passages its own match best;
//! 2. passages are matched to locked ones by the [`Sketch`] of their text, the most
//!    alike pairs first, the nearer in order on a tie (so the first half of a split
//!    paragraph keeps its anchor, and a merged paragraph the first one's);
//! 3. a passage matched keeps its anchor; a new one takes the chapter's next number
//!    never used; an anchor whose passage is gone is reported once and kept as a
//!    redirect (an empty element with its id) at the nearest passage that survives.
//!
//! Headings keep the ids made from their text, and notes their numbers: neither is here.

mod lockfile;
mod sketch;

use super::chapters::ChapterInput;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::parse::{Anchor, ParsedText, TextRun};
use lockfile::{Locked, Section, anchor};
use rayon::prelude::*;
use sketch::Sketch;
use std::collections::{HashMap, HashSet};
use std::num::NonZeroU64;
use std::sync::Arc;

/// The lock file's name, beside book.toml.
pub const LOCK_FILE: &str = "anchors.lock";

/// Passages at least this alike are taken for the same passage.
const ALIKE: f64 = 0.5;

/// The anchors as this run assigned them.
#[derive(Debug, Clone, Default)]
pub struct AnchorLock {
    /// Each chapter's section of what `anchors.lock` should hold now, in reading order,
    /// when that differs from the file as read (or there was none, or it had errors).
    /// `None` when the file is up to date: then nothing writes it, and its text (29 MB
    /// at 10,000 chapters) is not held with the edition until the last page is
    /// rendered. The sections are joined only by [`AnchorLock::text`]: `serve`, which
    /// never writes the file, shares each unchanged chapter's section with its memo
    /// and joins nothing.
    sections: Option<Vec<Arc<str>>>,
}

impl AnchorLock {
    /// Whether `anchors.lock` is to be written again.
    pub fn changed(&self) -> bool {
        self.sections.is_some()
    }

    /// What `anchors.lock` should hold now, when it is to be written again.
    pub fn text(&self) -> Option<String> {
        self.sections.as_deref().map(lockfile::join)
    }
}

/// What `serve` keeps between rebuilds, so that a chapter whose parse and lock section
/// did not change is not sketched and matched again (on a large edition that is most
/// of link's time): the lock file as last parsed, and each chapter's assignment.
/// `build` assigns through an empty one, and keeps nothing.
#[derive(Debug, Default)]
pub(in crate::link) struct AnchorMemo {
    /// The lock file's text as last read (`None`: there was none).
    lock: Option<Arc<str>>,
    /// Its sections by file (the first of a name).
    sections: HashMap<String, Arc<Section>>,
    /// Its problems.
    problems: Vec<Diagnostic>,
    /// Each chapter's assignment, by file.
    chapters: HashMap<String, Arc<Assigned>>,
}

/// One chapter's assignment, and what it was made from.
#[derive(Debug)]
struct Assigned {
    /// The parse it was given (held, so that no other parse can take its address).
    given: Option<Arc<ParsedText>>,
    /// How it found its lock section.
    claim: ClaimKind,
    /// Its parse with the lasting anchors.
    parsed: Arc<ParsedText>,
    /// Its gone anchors' redirects.
    redirects: Vec<(usize, String)>,
    /// Its section, as the lock file writes it.
    section: Arc<str>,
    /// The gone anchors reported.
    found: Vec<Diagnostic>,
}

/// How a chapter found its lock section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClaimKind {
    /// By its file's name.
    ByFile,
    /// By its passages, among the sections no file took (a renamed file): this depends
    /// on the other chapters, so it is never taken from the memo.
    Orphan,
    /// It has none.
    None,
}

impl AnchorMemo {
    /// Reads `lock` unless it is the text read last time; a new text forgets every
    /// chapter's assignment.
    fn read(&mut self, lock: Option<&SourceText>) {
        if self.lock.as_deref() == lock.map(|src| src.text()) {
            return;
        }
        let (sections, problems) = lock.map(lockfile::parse).unwrap_or_default();
        let mut by_file = HashMap::new();
        for section in sections {
            by_file
                .entry(section.file.clone())
                .or_insert_with(|| Arc::new(section));
        }
        *self = Self {
            lock: lock.map(|src| src.shared_text()),
            sections: by_file,
            problems,
            chapters: HashMap::new(),
        };
    }
}

/// Gives every chapter's passages their lasting anchors and records the redirects of
/// gone ones in each input; returns the lock file's new text. With `memo` (`serve`),
/// a chapter whose parse and lock section are those of the last call takes that
/// call's assignment.
pub(super) fn assign(
    lock: Option<&SourceText>,
    inputs: &mut [ChapterInput],
    diagnostics: &mut Vec<Diagnostic>,
    memo: Option<&mut AnchorMemo>,
) -> AnchorLock {
    let keep = memo.is_some();
    let mut fresh = AnchorMemo::default();
    let memo = memo.unwrap_or(&mut fresh);
    memo.read(lock);
    let had_errors = !memo.problems.is_empty();
    diagnostics.extend(memo.problems.iter().cloned());
    let claims = claim_sections(&memo.sections, inputs);
    let earlier = &memo.chapters;
    let results: Vec<Arc<Assigned>> = inputs
        .par_iter_mut()
        .zip(claims)
        .map(|(input, (claim, old))| {
            let same = earlier.get(&input.file.src.path).filter(|a| {
                claim != ClaimKind::Orphan
                    && a.claim == claim
                    && a.given
                        .as_ref()
                        .is_some_and(|g| Arc::ptr_eq(g, &input.parsed))
            });
            if let Some(a) = same {
                input.parsed = Arc::clone(&a.parsed);
                input.redirects.clone_from(&a.redirects);
                return Arc::clone(a);
            }
            // Held only by a memo that is kept: otherwise the parse would be copied
            // when its anchors change.
            let given = keep.then(|| Arc::clone(&input.parsed));
            let (section, found) = assign_chapter(input, old.as_deref(), lock);
            Arc::new(Assigned {
                given,
                claim,
                parsed: Arc::clone(&input.parsed),
                redirects: input.redirects.clone(),
                section: lockfile::write_section(&section).into(),
                found,
            })
        })
        .collect();
    let sections: Vec<Arc<str>> = results.iter().map(|a| Arc::clone(&a.section)).collect();
    diagnostics.extend(results.iter().flat_map(|a| a.found.iter().cloned()));
    if keep {
        memo.chapters = (inputs.iter())
            .zip(results)
            .map(|(input, a)| (input.file.src.path.clone(), a))
            .collect();
    }
    let changed = had_errors || lock.is_none_or(|src| !lockfile::holds(src.text(), &sections));
    AnchorLock {
        sections: changed.then_some(sections),
    }
}

/// The lock section of each chapter: by its file, else by its passages.
fn claim_sections(
    sections: &HashMap<String, Arc<Section>>,
    inputs: &[ChapterInput],
) -> Vec<(ClaimKind, Option<Arc<Section>>)> {
    let mut claimed: Vec<(ClaimKind, Option<Arc<Section>>)> = inputs
        .iter()
        .map(|input| match sections.get(&input.file.src.path) {
            Some(section) => (ClaimKind::ByFile, Some(Arc::clone(section))),
            None => (ClaimKind::None, None),
        })
        .collect();
    let taken: HashSet<&str> = inputs.iter().map(|i| i.file.src.path.as_str()).collect();
    let mut orphans: Vec<&Arc<Section>> = (sections.iter())
        .filter(|(file, _)| !taken.contains(file.as_str()))
        .map(|(_, section)| section)
        .collect();
    orphans.sort_by(|a, b| a.file.cmp(&b.file));
    for (input, slot) in inputs.iter().zip(&mut claimed) {
        if slot.1.is_some() || orphans.is_empty() {
            continue;
        }
        let sketches: Vec<Sketch> = managed(&input.parsed)
            .map(|(_, text)| Sketch::of(&text))
            .collect();
        let best = orphans
            .iter()
            .enumerate()
            .map(|(o, section)| {
                let found = pair(&section.passages, &sketches).iter().flatten().count();
                (found, o)
            })
            .filter(|&(found, o)| {
                found > 0 && 2 * found >= orphans[o].passages.len().min(sketches.len())
            })
            .max_by_key(|&(found, o)| (found, std::cmp::Reverse(o)));
        if let Some((_, o)) = best {
            *slot = (ClaimKind::Orphan, Some(Arc::clone(orphans.remove(o))));
        }
    }
    claimed
}

/// The passages the lock keeps (not headings, not notes): index, plain text.
fn managed(parsed: &ParsedText) -> impl Iterator<Item = (usize, String)> + '_ {
    let headings: HashSet<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
    parsed
        .passages
        .iter()
        .enumerate()
        .filter(
            move |(_, p)| matches!(&p.anchor, Anchor::Id(id) if !headings.contains(id.as_str())),
        )
        .map(|(i, p)| (i, plain_text(&p.text)))
}

/// The sketch of a passage's `text`: the one of a line of `old` whose digest says it
/// was made from this very text (the line in the passage's place first, as in most
/// chapters of a rebuild all are), else made here. Every passage of an edition is
/// sketched on every build, and that was most of assigning the anchors.
fn sketch_of(text: &str, place: usize, old: &[Locked]) -> (Sketch, Option<NonZeroU64>) {
    let text_digest = lockfile::text_digest(text);
    let recorded = |locked: &&Locked| {
        locked.digest.is_some() && locked.digest == lockfile::digest(text_digest, &locked.sketch)
    };
    let found = (old.get(place).into_iter().find(recorded)).or_else(|| old.iter().find(recorded));
    let sketch = match found {
        Some(locked) => locked.sketch.clone(),
        None => Sketch::of(text),
    };
    let digest = lockfile::digest(text_digest, &sketch);
    (sketch, digest)
}

/// A passage's words as written (citations and note calls left out).
fn plain_text(runs: &[TextRun]) -> String {
    runs.iter()
        .filter_map(|run| match run {
            TextRun::Text(t) | TextRun::Mention { text: t, .. } => Some(t.as_str()),
            TextRun::Citation(_) | TextRun::NoteCall(_) | TextRun::Start(_) | TextRun::End(_) => {
                None
            }
        })
        .collect()
}

/// The first words of a passage, for people reading the lock file's diff.
fn preview(text: &str) -> Box<str> {
    const WORDS: usize = 8;
    // One word more than shown, to know whether words were cut; the rest is not read.
    let words: Vec<&str> = text.split_whitespace().take(WORDS + 1).collect();
    let mut shown = words[..words.len().min(WORDS)].join(" ");
    if words.len() > WORDS {
        shown.push('…');
    }
    shown.into()
}

/// Which locked passage each passage is (by index into `old`), the most alike pairs
/// first and, among equally alike ones, the nearest in order.
fn pair(old: &[Locked], new: &[Sketch]) -> Vec<Option<usize>> {
    if unchanged(old, new) {
        return (0..new.len()).map(Some).collect();
    }
    most_alike_first(old, new)
}

/// [`pair`] by comparing every old passage with every new one.
fn most_alike_first(old: &[Locked], new: &[Sketch]) -> Vec<Option<usize>> {
    let mut pairs = Vec::new();
    for (i, locked) in old.iter().enumerate() {
        for (j, sketch) in new.iter().enumerate() {
            let alike = locked.sketch.similarity(sketch);
            if alike >= ALIKE {
                // In twentieths, so that near-equal estimates tie and order decides.
                let score = (alike * 20.0).round() as u32;
                pairs.push((std::cmp::Reverse(score), i.abs_diff(j), j, i));
            }
        }
    }
    pairs.sort_unstable();
    let mut taken = vec![false; old.len()];
    let mut matched = vec![None; new.len()];
    for (_, _, j, i) in pairs {
        if matched[j].is_none() && !taken[i] {
            matched[j] = Some(i);
            taken[i] = true;
        }
    }
    matched
}

/// Whether a chapter's passages are those the lock lists, one for one: then each is
/// its locked passage, as [`pair`]'s matching would find (every such pair is wholly
/// alike and in place, so it ranks first), without comparing every pair. Most
/// chapters of a rebuild are unchanged.
fn unchanged(old: &[Locked], new: &[Sketch]) -> bool {
    old.len() == new.len()
        && old
            .iter()
            .zip(new)
            .all(|(locked, sketch)| locked.sketch == *sketch)
}

/// One chapter: its passages' anchors set, its redirects recorded, its new section.
fn assign_chapter(
    input: &mut ChapterInput,
    old: Option<&Section>,
    lock: Option<&SourceText>,
) -> (Section, Vec<Diagnostic>) {
    let none = Section::default();
    let old = old.unwrap_or(&none);
    let passages: Vec<(usize, Sketch, Option<NonZeroU64>, Box<str>)> = managed(&input.parsed)
        .enumerate()
        .map(|(place, (p, text))| {
            let (sketch, digest) = sketch_of(&text, place, &old.passages);
            (p, sketch, digest, preview(&text))
        })
        .collect();
    let sketches: Vec<Sketch> = passages.iter().map(|(_, s, _, _)| s.clone()).collect();
    let matched = pair(&old.passages, &sketches);
    let mut next = old
        .passages
        .iter()
        .map(|p| p.number)
        .chain(old.gone.iter().map(|g| g.0))
        .max()
        .unwrap_or(0);
    let numbers: Vec<u32> = matched
        .iter()
        .map(|m| match m {
            Some(i) => old.passages[*i].number,
            None => {
                next += 1;
                next
            }
        })
        .collect();
    let file = input.file.src.path.clone();
    let mut found = Vec::new();
    let gone = redirects(old, &matched, &numbers, |locked, to| {
        if let Some(d) = lock.map(|src| gone_warning(src, &file, locked, to)) {
            found.push(d);
        }
    });
    let at: HashMap<u32, usize> = numbers
        .iter()
        .zip(&passages)
        .map(|(n, (p, _, _, _))| (*n, *p))
        .collect();
    for (number, (p, _, _, _)) in numbers.iter().zip(&passages) {
        let lasting = Anchor::Id(anchor(*number));
        // The parse may be shared with serve's cache: copied only when it changes.
        if input.parsed.passages[*p].anchor != lasting {
            Arc::make_mut(&mut input.parsed).passages[*p].anchor = lasting;
        }
    }
    input.redirects = gone
        .iter()
        .filter_map(|(from, to)| Some((*at.get(to)?, anchor(*from))))
        .collect();
    let section = Section {
        file,
        passages: numbers
            .iter()
            .zip(passages)
            .map(|(number, (_, sketch, digest, preview))| Locked {
                number: *number,
                sketch,
                digest,
                preview,
                line: 0,
            })
            .collect(),
        gone_lines: vec![0; gone.len()],
        gone,
    };
    (section, found)
}

/// Where each gone anchor lands now: a passage gone in this run at the nearest surviving
/// passage before it (else after it), an anchor gone before at wherever its passage
/// went. `report` is told of each passage gone in this run.
fn redirects(
    old: &Section,
    matched: &[Option<usize>],
    numbers: &[u32],
    mut report: impl FnMut(&Locked, u32),
) -> Vec<(u32, u32)> {
    let mut survivor: Vec<Option<u32>> = vec![None; old.passages.len()];
    for (j, m) in matched.iter().enumerate() {
        if let Some(i) = m {
            survivor[*i] = Some(numbers[j]);
        }
    }
    let nearest = |i: usize| {
        let before = survivor[..i].iter().rev().flatten().next();
        before
            .or_else(|| survivor[i..].iter().flatten().next())
            .copied()
    };
    let mut moved: HashMap<u32, u32> = HashMap::new();
    for (i, locked) in old.passages.iter().enumerate() {
        if survivor[i].is_none() {
            if let Some(to) = nearest(i) {
                report(locked, to);
                moved.insert(locked.number, to);
            }
        }
    }
    let live: HashSet<u32> = numbers.iter().copied().collect();
    for (from, to) in &old.gone {
        let mut to = *to;
        for _ in 0..=old.gone.len() {
            if live.contains(&to) {
                break;
            }
            match moved
                .get(&to)
                .or_else(|| old.gone.iter().find(|g| g.0 == to).map(|g| &g.1))
            {
                Some(next) => to = *next,
                None => break,
            }
        }
        if live.contains(&to) {
            moved.insert(*from, to);
        }
    }
    let mut gone: Vec<(u32, u32)> = moved.into_iter().collect();
    gone.sort_unstable();
    gone
}

fn gone_warning(src: &SourceText, file: &str, locked: &Locked, to: u32) -> Diagnostic {
    let message = format!(
        "the passage of anchor '{}' in {file} is gone (deleted, or rewritten past recognition); \
         links to it now land on '{}'",
        anchor(locked.number),
        anchor(to)
    );
    let at = src.line_start(locked.line).unwrap_or(0);
    let width = src
        .line_text(locked.line)
        .map_or(1, |l| l.find(' ').unwrap_or(l.len()));
    src.diagnostic(Severity::Warning, at..at + width, message)
        .with_hint("`letopis build` records the redirect in anchors.lock; commit it")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locked(sketches: &[Sketch]) -> Vec<Locked> {
        sketches
            .iter()
            .zip(1..)
            .map(|(sketch, number)| Locked {
                number,
                sketch: sketch.clone(),
                digest: None,
                preview: Box::default(),
                line: 0,
            })
            .collect()
    }

    #[test]
    fn an_unchanged_chapter_pairs_as_the_full_matching_does() {
        // Repeated and empty passages too: each still keeps its own anchor.
        let texts = [
            "Речь директора завода",
            "",
            "Речь директора завода",
            "Прения",
        ];
        let new: Vec<Sketch> = texts.iter().map(|t| Sketch::of(t)).collect();
        let old = locked(&new);
        let diagonal: Vec<Option<usize>> = (0..new.len()).map(Some).collect();
        assert_eq!(pair(&old, &new), diagonal);
        assert_eq!(most_alike_first(&old, &new), diagonal);
    }

    #[test]
    fn a_changed_chapter_is_matched_pair_by_pair() {
        let new: Vec<Sketch> = ["Прения", "Речь директора завода"]
            .iter()
            .map(|t| Sketch::of(t))
            .collect();
        let old = locked(&[new[1].clone(), new[0].clone()]);
        assert_eq!(pair(&old, &new), vec![Some(1), Some(0)]);
    }

    #[test]
    fn a_preview_shows_eight_words() {
        assert_eq!(&*preview("раз два три"), "раз два три");
        assert_eq!(&*preview("1 2 3 4 5 6 7 8 9 10"), "1 2 3 4 5 6 7 8…");
    }

    #[test]
    fn a_line_gives_its_sketch_only_to_the_text_it_was_made_from() {
        let texts = ["Речь директора завода", "Прения по докладу", "Резолюция"];
        let line = |text: &str| {
            let sketch = Sketch::of(text);
            let digest = lockfile::digest(lockfile::text_digest(text), &sketch);
            (sketch, digest)
        };
        let mut old = locked(&texts.map(|t| line(t).0));
        old.iter_mut()
            .zip(texts)
            .for_each(|(l, t)| l.digest = line(t).1);
        // In its place, and moved (a passage inserted before it).
        assert_eq!(sketch_of(texts[1], 1, &old), line(texts[1]));
        assert_eq!(sketch_of(texts[1], 2, &old), line(texts[1]));
        // A line whose sketch was edited (its digest kept) gives nothing: the text is
        // sketched, as it is when no line has a digest.
        old[1].sketch = old[0].sketch.clone();
        assert_eq!(sketch_of(texts[1], 1, &old), line(texts[1]));
        old.iter_mut().for_each(|l| l.digest = None);
        assert_eq!(sketch_of(texts[2], 2, &old), line(texts[2]));
    }
}
