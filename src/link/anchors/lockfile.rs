//! `anchors.lock`: the passage anchors of each chapter, one line per passage, so that a
//! change to the text shows in a diff as a change to the lines of its passages.
//!
//! ```text
//! [content/chapters/03-plenum-opening.md]
//! p-1 0a1b2c3d 11223344 … # Весь предшествующий опыт Орджоникидзе… 5c3f0e9a1b2d4c6e
//! p-7 -> p-6
//! ```
//!
//! A chapter is a section named by its file; a passage line is its anchor and the
//! [`Sketch`] of its text, then after `#` its first words (for people reading a diff)
//! and the [`digest`] of the text and the sketch (in the comment, so that earlier
//! versions of letopis read the file as they always did); a `p-7 -> p-6` line keeps an
//! anchor whose passage is gone, and where it now lands. Lines written before there
//! were digests are read as ever.

use super::sketch::{SKETCH_SIZE, Sketch};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::num::NonZeroU64;

/// The anchors of one chapter.
#[derive(Debug, Clone, Default)]
pub(super) struct Section {
    /// The chapter's file, as diagnostics show it.
    pub(super) file: String,
    /// Its passages in reading order.
    pub(super) passages: Vec<Locked>,
    /// Anchors whose passage is gone: (the anchor's number, the number it lands on).
    pub(super) gone: Vec<(u32, u32)>,
    /// The line of each gone anchor in the file read (0 for one made by this run).
    pub(super) gone_lines: Vec<usize>,
}

/// One passage's anchor.
#[derive(Debug, Clone)]
pub(super) struct Locked {
    /// `N` of `p-N`.
    pub(super) number: u32,
    /// Its text in short.
    pub(super) sketch: Sketch,
    /// The [`digest`] of its text and `sketch`, when the line has one.
    pub(super) digest: Option<NonZeroU64>,
    /// Its first words (empty when read from the file: only written for people).
    pub(super) preview: Box<str>,
    /// Its line in the file read (0 for one made by this run).
    pub(super) line: usize,
}

const HEADER: &str = "# Passage anchors, kept across edits of the text (docs/FORMAT.md, \"Anchors\").\n\
# `letopis build` updates this file: commit it with the text.\n";

const HINT: &str = "anchors.lock is written by `letopis build`: after a merge conflict keep \
either side and build again, or delete the file to number the passages afresh";

/// Reads the file; unreadable lines are errors pointing at them.
pub(super) fn parse(src: &SourceText) -> (Vec<Section>, Vec<Diagnostic>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut offset = 0;
    for (index, raw) in src.text().split_inclusive('\n').enumerate() {
        let at = offset..offset + raw.trim_end().len().max(1);
        offset += raw.len();
        let (line, comment) = raw.split_once(" # ").unwrap_or((raw, ""));
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let read = read_line(line, digest_in(comment), index + 1, &mut sections);
        let duplicate = match read {
            Ok(Some(number)) => !seen.insert((sections.len(), number)),
            Ok(None) => false,
            Err(message) => {
                let d = src.diagnostic(Severity::Error, at.clone(), message);
                problems.push(d.with_hint(HINT));
                false
            }
        };
        if duplicate {
            let message = "this anchor is listed twice for the chapter";
            let d = src.diagnostic(Severity::Error, at, message);
            problems.push(d.with_hint(HINT));
        }
    }
    (sections, problems)
}

/// The digest a passage line's comment ends with, if it does (a preview of an earlier
/// version that happens to end so is at worst a digest that agrees with no text).
fn digest_in(comment: &str) -> Option<NonZeroU64> {
    let last = comment.split_whitespace().next_back()?;
    let hex = last.len() == 16 && last.bytes().all(|b| b.is_ascii_hexdigit());
    NonZeroU64::new(u64::from_str_radix(last, 16).ok().filter(|_| hex)?)
}

/// Reads one line (before its comment, whose `digest` it is given) into the sections;
/// returns the anchor number it lists, if any.
fn read_line(
    line: &str,
    digest: Option<NonZeroU64>,
    number: usize,
    sections: &mut Vec<Section>,
) -> Result<Option<u32>, String> {
    if let Some(file) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
        sections.push(Section {
            file: file.to_owned(),
            ..Section::default()
        });
        return Ok(None);
    }
    let expected = "expected `[chapter file]`, `p-N HASH…` or `p-N -> p-M`";
    let section = sections
        .last_mut()
        .ok_or("a passage's anchor before any `[chapter file]` line")?;
    let mut words = line.split_whitespace();
    let id = words.next().and_then(anchor_number).ok_or(expected)?;
    let rest: Vec<&str> = words.collect();
    if let ["->", to] = rest[..] {
        section.gone.push((id, anchor_number(to).ok_or(expected)?));
        section.gone_lines.push(number);
        return Ok(Some(id));
    }
    let mut hashes = rest
        .iter()
        .map(|h| u32::from_str_radix(h, 16).ok().filter(|_| h.len() == 8))
        .collect::<Option<Vec<u32>>>()
        .ok_or(expected)?;
    // A hand-edited line is read as the sketch it can be: sorted, each hash once.
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH_SIZE);
    section.passages.push(Locked {
        number: id,
        sketch: Sketch(hashes),
        digest,
        preview: Box::default(),
        line: number,
    });
    Ok(Some(id))
}

/// `N` of an anchor `p-N`; at most nine digits, so that the next number never overflows.
pub(super) fn anchor_number(id: &str) -> Option<u32> {
    let digits = id.strip_prefix("p-")?;
    let ok =
        !digits.starts_with('0') && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| digits.parse().ok()).flatten()
}

/// The anchor `p-N`.
pub(super) fn anchor(number: u32) -> String {
    format!("p-{number}")
}

/// The file's text.
#[cfg(test)]
pub(super) fn write(sections: &[Section]) -> String {
    let texts: Vec<String> = sections.iter().map(write_section).collect();
    join(&texts)
}

/// The file's text from its sections' (each written by [`write_section`]).
pub(super) fn join(sections: &[impl AsRef<str>]) -> String {
    let mut out = String::from(HEADER);
    sections.iter().for_each(|s| out.push_str(s.as_ref()));
    out
}

/// Whether `text` is the file's text of `sections` (what [`join`] would make of them),
/// compared piece by piece without joining them.
pub(super) fn holds(text: &str, sections: &[impl AsRef<str>]) -> bool {
    let mut rest = text.strip_prefix(HEADER);
    for section in sections {
        rest = rest.and_then(|r| r.strip_prefix(section.as_ref()));
    }
    rest == Some("")
}

/// The first half of a passage line's [`digest`]: XXH3-64 of the passage's text.
pub(super) fn text_digest(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// What a passage line says of the text it was written from: XXH3-64 of the text's
/// [`text_digest`] and the sketch. A line whose digest is that of a passage's text and
/// the line's own sketch holds that text's sketch (it was made from it), so the text
/// need not be sketched again; a sketch edited by hand, or a text edited since, no
/// longer agrees with the digest, and the text is sketched as it always was. `None`
/// for the one value in 2^64 that is 0 (it is then not written, and the text is
/// sketched on the next build).
pub(super) fn digest(text_digest: u64, sketch: &Sketch) -> Option<NonZeroU64> {
    let mut bytes = [0; 8 + 4 * SKETCH_SIZE];
    bytes[..8].copy_from_slice(&text_digest.to_le_bytes());
    let mut len = 8;
    for (hash, to) in sketch.0.iter().zip(bytes[8..].chunks_exact_mut(4)) {
        to.copy_from_slice(&hash.to_le_bytes());
        len += 4;
    }
    NonZeroU64::new(xxhash_rust::xxh3::xxh3_64(&bytes[..len]))
}

/// One section's lines, as the file holds them.
pub(super) fn write_section(section: &Section) -> String {
    let mut out = format!("\n[{}]\n", section.file);
    for passage in &section.passages {
        out.push_str(&anchor(passage.number));
        for hash in &passage.sketch.0 {
            push_hex(&mut out, u64::from(*hash), 8);
        }
        if !passage.preview.is_empty() || passage.digest.is_some() {
            out.push_str(" #");
        }
        if !passage.preview.is_empty() {
            let _ = write!(out, " {}", passage.preview);
        }
        if let Some(digest) = passage.digest {
            push_hex(&mut out, digest.get(), 16);
        }
        out.push('\n');
    }
    for (from, to) in &section.gone {
        let _ = writeln!(out, "{} -> {}", anchor(*from), anchor(*to));
    }
    out
}

/// Appends a space and the `digits` lowest hexadecimal digits of `value`.
fn push_hex(out: &mut String, value: u64, digits: u32) {
    out.push(' ');
    for shift in (0..digits).rev() {
        let digit = (value >> (4 * shift)) & 0xf;
        out.push(char::from(b"0123456789abcdef"[digit as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_reads_back() {
        let section = Section {
            file: "content/chapters/01-a.md".to_owned(),
            passages: vec![Locked {
                number: 1,
                sketch: Sketch::of("Первый абзац главы # с решёткой"),
                digest: NonZeroU64::new(0x0123_4567_89ab_cdef),
                preview: "Первый абзац главы # с решёткой".into(),
                line: 0,
            }],
            gone: vec![(2, 1)],
            gone_lines: vec![0],
        };
        let text = write(std::slice::from_ref(&section));
        assert!(holds(&text, &[write_section(&section)]));
        assert!(!holds(
            &text,
            &[write_section(&section), String::new() + "\n"]
        ));
        assert!(!holds(&(text.clone() + "\n"), &[write_section(&section)]));
        let (read, problems) = parse(&SourceText::new("anchors.lock", text));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(read[0].file, section.file);
        assert_eq!(read[0].passages[0].sketch, section.passages[0].sketch);
        assert_eq!(read[0].passages[0].digest, section.passages[0].digest);
        assert_eq!(read[0].gone, [(2, 1)]);
    }

    proptest::proptest! {
        /// Whatever a merge or a hand leaves in the file, reading it never panics.
        #[test]
        fn any_text_reads_without_panicking(text in "(\\PC|\n|\\[|\\]|p-[0-9]{1,10}| -> | [0-9a-f]{8})*") {
            let _ = parse(&SourceText::new("anchors.lock", text));
        }
    }

    #[test]
    fn anchors_are_p_and_a_number() {
        assert_eq!(anchor_number("p-12"), Some(12));
        for bad in ["p-", "p-01", "q-1", "p-1a", "p--1", "p-4294967295"] {
            assert_eq!(anchor_number(bad), None, "{bad}");
        }
    }
}
