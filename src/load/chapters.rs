//! A chapter file → its front matter (typed, with positions) and the range of its body.

use super::yaml::{Located, Pairs, YamlDoc};
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
    /// Whether the file had front matter that parsed (else defaults stand in).
    pub parsed: bool,
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
    let (meta, body) = match split_front_matter(&src.text) {
        Some((yaml, body)) => {
            let doc = YamlDoc::new(&src, yaml);
            let meta = match doc.parse::<Option<RawFront>>() {
                Ok(Some(raw)) => into_meta(raw, &doc),
                Ok(None) => ChapterMeta {
                    parsed: true,
                    ..ChapterMeta::default()
                },
                Err(d) => {
                    diagnostics.push(d);
                    ChapterMeta::default()
                }
            };
            (meta, body)
        }
        None => (ChapterMeta::default(), 0..src.text.len()),
    };
    let chapter = ChapterFile {
        src,
        stem,
        meta,
        body,
    };
    (chapter, diagnostics)
}

fn into_meta(raw: RawFront, doc: &YamlDoc<'_>) -> ChapterMeta {
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
        parsed: true,
    }
}

/// The byte ranges of the YAML between the `---` lines and of the body after them;
/// `None` when the file does not open with a `---` line.
pub(crate) fn split_front_matter(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let first_line_end = text[start..].find('\n')? + start + 1;
    if text[start..first_line_end].trim_end() != "---" {
        return None;
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((first_line_end..offset, offset + line.len()..text.len()));
        }
        offset += line.len();
    }
    None
}

/// A front matter that opens but never closes is worth its own message: without it
/// the whole chapter would silently become body text.
pub(crate) fn unclosed_front_matter(src: &SourceText) -> Option<Diagnostic> {
    let opens = src
        .text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()?
        .trim_end()
        == "---";
    (opens && split_front_matter(&src.text).is_none()).then(|| {
        src.diagnostic(Severity::Error, 0..3, "front matter is not closed")
            .with_hint("end the front matter with a line holding only `---`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "---\ntitle: A\n---\nBody\n";
        let (yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[yaml], "title: A\n");
        assert_eq!(&text[body], "Body\n");
        assert!(split_front_matter("Body only\n").is_none());
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
    fn unknown_front_matter_key_is_reported_at_its_line() {
        let text = "---\ntitle: A\nspeakrs: []\n---\n";
        let (_, diagnostics) = read_chapter(SourceText::new("c.md", text), "c".into());
        assert_eq!(diagnostics[0].line, 3);
        assert!(diagnostics[0].message.contains("speakrs"));
    }
}
