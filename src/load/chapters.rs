//! A chapter's front matter, read with its places in the chapter file.
//!
//! The YAML between the `---` lines is parsed on its own, but every value keeps its byte
//! range in the file: link reports an unknown speaker or theme, and parse a mention in
//! a front-matter note, at the line the editor has to open. Whether a file opens a
//! front matter at all is decided here, once, and handed on as [`FrontMatter`]: link
//! must know whether a missing title is news to the editor or follows from a front
//! matter already reported as broken, and two stages that each looked at the first line
//! disagreed about lines like `----`.

use super::yaml::{Located, Pairs, YamlDoc};
use crate::date::{DATE_HINT, Date};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::ops::Range;

/// One chapter as read from disk.
#[derive(Debug, Clone)]
pub struct ChapterFile {
    /// The whole file.
    pub src: SourceText,
    /// The file name without `.md` (`01-annotation`).
    pub stem: String,
    /// The front matter; defaults when the file has none or it failed to parse.
    pub meta: ChapterMeta,
    /// The byte range of the Markdown body in `src.text`.
    pub body: Range<usize>,
}

/// A chapter's front matter.
#[derive(Debug, Clone, Default)]
pub struct ChapterMeta {
    /// The chapter's title (required; its absence is reported by link).
    pub title: Option<Located<String>>,
    /// The title is the editor's, not the source's (shown in square brackets).
    pub editorial_title: bool,
    /// Reading order; else the file name's number.
    pub order: Option<i64>,
    /// The page name; else the file name without its number.
    pub slug: Option<Located<String>>,
    /// One sentence for the table of contents and `<meta name=description>`.
    pub summary: Option<String>,
    /// Theme ids the chapter as a whole belongs to.
    pub themes: Vec<Located<String>>,
    /// Who speaks or is quoted in the chapter.
    pub speakers: Vec<SpeakerMeta>,
    /// Footnote texts kept out of the body: (label, text).
    pub footnotes: Vec<(Located<String>, Located<String>)>,
    /// What the chapter says of the document it presents (a letter's date, author…).
    pub document: DocumentMeta,
    /// The language of its text when it is not the book's (a BCP 47 tag: `en`).
    pub language: Option<String>,
    /// Whether the file opens a front matter, and whether it could be read.
    pub front_matter: FrontMatter,
}

/// How a chapter's front matter was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrontMatter {
    /// The file does not open with a line of dashes: it is all body.
    #[default]
    Absent,
    /// Read without errors.
    Parsed,
    /// The file opens a front matter that has an error, already reported (not closed,
    /// not three dashes, YAML that does not parse); the fields that could be read are
    /// kept, so a missing title is not news to the editor.
    Failed,
}

/// The document a chapter presents, as its front matter describes it: when, where, by
/// whom and to whom it was written, its genre and where the original is kept. Every
/// field is optional; `place`, `from` and `to` are still text here, and link decides
/// which of them are references (`person:bazhanov`).
#[derive(Debug, Clone, Default)]
pub struct DocumentMeta {
    /// When it was written, checked against the calendar.
    pub date: Option<Located<Date>>,
    /// Where it was written: text, or a reference `place:id`.
    pub place: Option<Located<String>>,
    /// Its authors: references or text.
    pub from: Vec<Located<String>>,
    /// Its addressees: references or text.
    pub to: Vec<Located<String>>,
    /// Its genre (letter, report, telegram…), shown as written.
    pub kind: Option<String>,
    /// Where the original is kept: a citation `[@key, л. 12–13 об.]`.
    pub source: Option<Located<String>>,
}

/// One `speakers:` entry.
#[derive(Debug, Clone)]
pub struct SpeakerMeta {
    /// Person id.
    pub person: Located<String>,
    /// Session id (an entry of the `session` register).
    pub session: Option<Located<String>>,
    /// Source key of the record of the speech.
    pub source: Option<Located<String>>,
    /// Pages of the speech in that source.
    pub pages: Option<String>,
    /// The speaker's office at the time.
    pub role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFront {
    title: Option<Spanned<String>>,
    order: Option<i64>,
    slug: Option<Spanned<String>>,
    summary: Option<String>,
    #[serde(default)]
    themes: Vec<Spanned<String>>,
    #[serde(default)]
    speakers: Vec<RawSpeaker>,
    footnotes: Option<Pairs<Spanned<String>>>,
    #[serde(default)]
    editorial_title: bool,
    date: Option<Spanned<String>>,
    place: Option<Spanned<String>>,
    #[serde(default)]
    from: Vec<Spanned<String>>,
    #[serde(default)]
    to: Vec<Spanned<String>>,
    kind: Option<String>,
    source: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpeaker {
    person: Spanned<String>,
    session: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    pages: Option<String>,
    role: Option<String>,
}

/// Splits the front matter off a chapter and parses it.
pub(crate) fn read_chapter(src: SourceText, stem: String) -> (ChapterFile, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (meta, body) = match fence(src.text()) {
        Fence::None => (ChapterMeta::default(), 0..src.text().len()),
        Fence::Unclosed { opening } => {
            diagnostics.push(fence_diagnostic(&src, opening));
            let meta = ChapterMeta {
                front_matter: FrontMatter::Failed,
                ..ChapterMeta::default()
            };
            (meta, 0..src.text().len())
        }
        Fence::Closed {
            opening,
            yaml,
            body,
        } => {
            let meta = read_front_matter(&src, opening, yaml, &mut diagnostics);
            (meta, body)
        }
    };
    let chapter = ChapterFile {
        src,
        stem,
        meta,
        body,
    };
    (chapter, diagnostics)
}

/// The fields of a fenced front matter, and whether it is sound: fenced by three
/// dashes, YAML that parses, and every key known with a value of the right type.
fn read_front_matter(
    src: &SourceText,
    opening: Range<usize>,
    yaml: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> ChapterMeta {
    let (meta, parsed) = read_keys(src, yaml, diagnostics);
    let fenced = opening.len() == 3;
    if !fenced {
        diagnostics.push(fence_diagnostic(src, opening));
    }
    let front_matter = if parsed && fenced {
        FrontMatter::Parsed
    } else {
        FrontMatter::Failed
    };
    ChapterMeta {
        front_matter,
        ..meta
    }
}

/// Reads the front matter. When it is not right as a whole, it is read again key by
/// key, so that every unknown key and every value of the wrong type is reported in one
/// run, and the keys that are right are kept: a broken `speakers` list must not lose the
/// `footnotes` and make their calls look undefined. YAML that does not parse at all, or
/// puts several keys on one line, is one error, as the reader reports it. The flag says
/// whether the YAML was right as a whole (a date the calendar lacks does not count: it
/// is reported, and says nothing about the other keys).
fn read_keys(
    src: &SourceText,
    yaml: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (ChapterMeta, bool) {
    let doc = YamlDoc::front_matter(src, yaml);
    let whole = match doc.parse::<Option<RawFront>>() {
        Ok(raw) => {
            let meta = raw.map_or_else(ChapterMeta::default, |raw| {
                into_meta(raw, &doc, diagnostics)
            });
            return (meta, true);
        }
        Err(whole) => whole,
    };
    let Some(blocks) = doc.field_blocks(diagnostics) else {
        diagnostics.push(whole);
        return (ChapterMeta::default(), false);
    };
    let mut merged = ChapterMeta::default();
    for (_, block) in blocks {
        match block.parse::<RawFront>() {
            Ok(raw) => merged.take(into_meta(raw, &block, diagnostics)),
            Err(d) => diagnostics.push(d),
        }
    }
    (merged, false)
}

impl ChapterMeta {
    /// Adds the one key `other` was read from to the fields read before.
    fn take(&mut self, other: Self) {
        self.title = self.title.take().or(other.title);
        self.order = self.order.or(other.order);
        self.slug = self.slug.take().or(other.slug);
        self.summary = self.summary.take().or(other.summary);
        self.themes.extend(other.themes);
        self.speakers.extend(other.speakers);
        self.footnotes.extend(other.footnotes);
        self.editorial_title |= other.editorial_title;
        self.language = self.language.take().or(other.language);
        let (mine, theirs) = (&mut self.document, other.document);
        mine.date = mine.date.take().or(theirs.date);
        mine.place = mine.place.take().or(theirs.place);
        mine.from.extend(theirs.from);
        mine.to.extend(theirs.to);
        mine.kind = mine.kind.take().or(theirs.kind);
        mine.source = mine.source.take().or(theirs.source);
    }
}

fn into_meta(raw: RawFront, doc: &YamlDoc<'_>, diagnostics: &mut Vec<Diagnostic>) -> ChapterMeta {
    let footnotes = raw.footnotes.map_or_else(Vec::new, |Pairs(pairs)| {
        pairs
            .into_iter()
            .map(|(label, text)| (doc.locate(label), doc.locate(text)))
            .collect()
    });
    ChapterMeta {
        title: raw.title.map(|t| doc.locate(t)),
        editorial_title: raw.editorial_title,
        order: raw.order,
        slug: raw.slug.map(|s| doc.locate(s)),
        summary: raw.summary,
        themes: raw.themes.into_iter().map(|t| doc.locate(t)).collect(),
        speakers: raw
            .speakers
            .into_iter()
            .map(|s| SpeakerMeta {
                person: doc.locate(s.person),
                session: s.session.map(|x| doc.locate(x)),
                source: s.source.map(|x| doc.locate(x)),
                pages: s.pages,
                role: s.role,
            })
            .collect(),
        footnotes,
        document: DocumentMeta {
            date: raw
                .date
                .and_then(|d| checked_date(doc.locate(d), doc, diagnostics)),
            place: raw.place.map(|p| doc.locate(p)),
            from: raw.from.into_iter().map(|f| doc.locate(f)).collect(),
            to: raw.to.into_iter().map(|t| doc.locate(t)).collect(),
            kind: raw.kind,
            source: raw.source.map(|s| doc.locate(s)),
        },
        language: raw
            .language
            .and_then(|l| checked_language(doc.locate(l), doc, diagnostics)),
        ..ChapterMeta::default()
    }
}

/// A chapter's `language`: a BCP 47 tag as far as its shape tells (a primary language
/// of 2–3 letters, then subtags of 1–8 letters and digits), since it becomes the `lang`
/// of the page's text, written in its usual case as the book's is
/// ([`crate::config::canonical_tag`]); a bad one is reported at its value.
fn checked_language(
    language: Located<String>,
    doc: &YamlDoc<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(tag) = crate::config::canonical_tag(&language.value) {
        return Some(tag);
    }
    let message = format!("`language` '{}' is not a language tag", language.value);
    let hint = "write a BCP 47 tag, as `language` in book.toml: en, de, fr, ru, fr-CA…";
    let d = doc.src().diagnostic(Severity::Error, language.at, message);
    diagnostics.push(d.with_hint(hint));
    None
}

/// A chapter's `date`, checked against the calendar; a bad one is reported at its value.
fn checked_date(
    date: Located<String>,
    doc: &YamlDoc<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<Date>> {
    match Date::parse(&date.value) {
        Ok(value) => Some(Located { value, at: date.at }),
        Err(message) => {
            let d = doc.src().diagnostic(Severity::Error, date.at, message);
            diagnostics.push(d.with_hint(DATE_HINT));
            None
        }
    }
}

/// Where a chapter's front matter stands, as far as its lines of dashes tell.
#[derive(Debug, PartialEq, Eq)]
enum Fence {
    /// The first line is not a line of dashes.
    None,
    /// The first line is dashes (`opening`, its byte range), and no line closes them.
    Unclosed { opening: Range<usize> },
    /// The YAML between the opening dashes and the closing line, and the body after it.
    Closed {
        opening: Range<usize>,
        yaml: Range<usize>,
        body: Range<usize>,
    },
}

/// Finds the front matter by its fences. An opening line of more than three dashes is
/// still taken as one (and reported), closed by any line of dashes: `----` is a slip of
/// the finger, and reading the YAML anyway reports every other problem in one run.
fn fence(text: &str) -> Fence {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let first = text[start..].split_inclusive('\n').next().unwrap_or("");
    if !is_dashes(first) {
        return Fence::None;
    }
    let opening = start..start + first.trim_end().len();
    let exact = opening.len() == 3;
    let mut offset = start + first.len();
    for line in text[offset..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." || (!exact && is_dashes(line)) {
            let yaml = start + first.len()..offset;
            let body = offset + line.len()..text.len();
            return Fence::Closed {
                opening,
                yaml,
                body,
            };
        }
        offset += line.len();
    }
    Fence::Unclosed { opening }
}

/// A line of three or more dashes and nothing else.
fn is_dashes(line: &str) -> bool {
    let line = line.trim_end();
    line.len() >= 3 && line.bytes().all(|b| b == b'-')
}

/// The error of an opening line: not three dashes, or never closed. Without it the
/// whole chapter would silently become body text, its YAML shown as a heading.
fn fence_diagnostic(src: &SourceText, opening: Range<usize>) -> Diagnostic {
    if opening.len() == 3 {
        return src
            .diagnostic(Severity::Error, opening, "front matter is not closed")
            .with_hint("end the front matter with a line holding only `---`");
    }
    src.diagnostic(
        Severity::Error,
        opening,
        "the front matter must open with exactly three dashes",
    )
    .with_hint("write `---` on the first line, and on the line that closes the front matter")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "---\ntitle: A\n---\nBody\n";
        let Fence::Closed { yaml, body, .. } = fence(text) else {
            panic!("{:?}", fence(text));
        };
        assert_eq!(&text[yaml], "title: A\n");
        assert_eq!(&text[body], "Body\n");
        assert_eq!(fence("Body only\n"), Fence::None);
        assert_eq!(fence("---"), Fence::Unclosed { opening: 0..3 });
        assert_eq!(fence("--- x\n---\n"), Fence::None);
    }

    #[test]
    fn four_dashes_open_a_front_matter_that_is_read_and_reported() {
        let text = "----\ntitle: A\n----\nBody\n";
        let (chapter, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        assert_eq!(chapter.meta.front_matter, FrontMatter::Failed);
        assert_eq!(chapter.meta.title.map(|t| t.value).as_deref(), Some("A"));
        assert_eq!(&text[chapter.body], "Body\n");
        let d = &diagnostics[0];
        assert_eq!((d.line, d.column, d.width), (1, 1, 4), "{d:?}");
        assert_eq!(
            d.message,
            "the front matter must open with exactly three dashes"
        );
    }

    #[test]
    fn front_matter_status_tells_absent_from_failed() {
        let status = |text: &str| {
            let (chapter, _) = read_chapter(SourceText::new("c.md", text), "c".into());
            chapter.meta.front_matter
        };
        assert_eq!(status("Body only\n"), FrontMatter::Absent);
        assert_eq!(status("---\n---\nBody\n"), FrontMatter::Parsed);
        assert_eq!(status("---\ntitle: A\n---\n"), FrontMatter::Parsed);
        assert_eq!(status("---\ntitle: [A\n---\n"), FrontMatter::Failed);
        assert_eq!(status("---\ntitle: A\n"), FrontMatter::Failed);
    }

    #[test]
    fn front_matter_fields_are_read_with_positions() {
        let text = "---\ntitle: \"Глава\"\nspeakers:\n  - person: bazhanov\n    pages: \"38\"\nfootnotes:\n  11: Правда.\n---\nBody\n";
        let (chapter, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let speaker = &chapter.meta.speakers[0];
        assert_eq!(&text[speaker.person.at.clone()], "bazhanov");
        assert_eq!(chapter.meta.footnotes[0].0.value, "11");
        assert_eq!(chapter.src.line_col(speaker.person.at.start), (4, 13));
    }

    #[test]
    fn each_key_is_read_on_its_own_when_the_whole_is_not_right() {
        let text = "---\ntitle: A\nspeakers:\n  person: x\nplac: y\nfootnotes:\n  \"2\": N\ndate: 1937-01-12/1937-01-14\n---\n";
        let (chapter, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        let lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [4, 5], "{diagnostics:?}");
        assert_eq!(chapter.meta.front_matter, FrontMatter::Failed);
        assert_eq!(chapter.meta.title.map(|t| t.value).as_deref(), Some("A"));
        assert_eq!(chapter.meta.footnotes.len(), 1);
        let date = chapter.meta.document.date.expect("the date is kept");
        assert_eq!(date.value.to_string(), "1937-01-12/1937-01-14");
        assert_eq!(&text[date.at], "1937-01-12/1937-01-14");
    }

    #[test]
    fn a_front_matter_that_is_right_is_read_whole_aliases_included() {
        let text = "---\ntitle: &t A\nsummary: *t\n---\n";
        let (chapter, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(chapter.meta.summary.as_deref(), Some("A"));
    }

    #[test]
    fn keys_on_one_line_are_reported_once() {
        let text = "---\n{title: A, plac: x, sumary: y}\n---\n";
        let (_, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("plac"));
    }

    #[test]
    fn unknown_front_matter_key_is_reported_at_its_line() {
        let text = "---\ntitle: A\nspeakrs: []\n---\n";
        let (_, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        assert_eq!(diagnostics[0].line, 3);
        assert!(diagnostics[0].message.contains("speakrs"));
    }
}
