//! "Cite this passage": the citations a chapter's page offers its reader, as text in the
//! book's language, as CSL-JSON (for Zotero and other reference managers) and as BibTeX.
//!
//! A page carries two sets, made here: the page's own, and the passage's with two
//! placeholders ([`PASSAGE_ID`], [`PASSAGE_NUMBER`]) that the page's script
//! (`static/cite.js`) fills with the anchor of the passage whose `¶` was chosen. The
//! passage's URL is the page's with that anchor; the page's URL is the published one
//! under the base URL, else its place in the edition (`june-29.html`), which is what
//! an offline copy can be cited by.

use super::Renderer;
use super::links::paths;
use super::words::CiteWords;
use crate::link::Chapter;
use serde::Serialize;

/// Stands for the passage's anchor (`p-12`) in a passage's citation.
pub(super) const PASSAGE_ID: &str = "%ID%";
/// Stands for the passage's number (`12`) in a passage's citation.
pub(super) const PASSAGE_NUMBER: &str = "%N%";

/// What the page's script reads: both citations, and the dialog's words.
#[derive(Serialize)]
struct CiteData<'a> {
    page: Forms,
    passage: Forms,
    words: &'a CiteWords,
}

/// One citation in each form.
#[derive(Serialize)]
struct Forms {
    text: String,
    csl: String,
    bibtex: String,
}

/// The JSON of chapter `c`'s citations, for a `<script type="application/json">`.
pub(super) fn chapter_citations(r: &Renderer<'_>, c: usize) -> String {
    let chapter = &r.edition.chapters[c];
    let page = paths::chapter(&chapter.slug);
    let url = match &r.edition.config.base_url {
        Some(base) => super::published_url(base, &page),
        None => page,
    };
    let work = Work {
        r,
        chapter,
        url: &url,
    };
    let data = CiteData {
        page: work.forms(None),
        passage: work.forms(Some((PASSAGE_ID, PASSAGE_NUMBER))),
        words: &r.words.cite,
    };
    super::json_for_script(&data)
}

/// The chapter being cited.
struct Work<'a> {
    r: &'a Renderer<'a>,
    chapter: &'a Chapter,
    url: &'a str,
}

impl Work<'_> {
    /// The three forms, of the page or of a passage (its anchor and number).
    fn forms(&self, passage: Option<(&str, &str)>) -> Forms {
        let url = match passage {
            Some((id, _)) => format!("{}#{id}", self.url),
            None => self.url.to_owned(),
        };
        let number = passage.map(|(_, n)| n);
        Forms {
            text: self.text(number, &url),
            csl: self.csl(passage, &url),
            bibtex: self.bibtex(passage, &url),
        }
    }

    /// In the book's language: GOST style in Russian
    /// (`Chapter // Book / под ред. X. — Edition. — Publisher, 2026. — Абз. 3. — URL: u`),
    /// a Chicago-like one otherwise
    /// (`“Chapter.” In Book, edited by X. Edition. Publisher, 2026, para. 3. u`).
    fn text(&self, number: Option<&str>, url: &str) -> String {
        let book = &self.r.edition.config.book;
        let words = &self.r.words.cite;
        let (head, editors_sep, part_sep, passage_sep, url_label) =
            if book.language.starts_with("ru") {
                let head = format!("{} // {}", self.chapter.title, book.title);
                (head, " / ", ". — ", ". — ", "URL: ")
            } else {
                let head = format!("“{}.” In {}", self.chapter.title, book.title);
                (head, ", ", ". ", ", ", "")
            };
        let mut out = String::new();
        if !book.authors.is_empty() {
            out.push_str(&format!("{}. ", book.authors.join(", ")));
        }
        out.push_str(&head);
        if !book.editors.is_empty() {
            let editors = book.editors.join(", ");
            out.push_str(&format!("{editors_sep}{} {editors}", words.edited_by));
        }
        let published = [book.publisher.clone(), book.year.map(|y| y.to_string())];
        let published = published
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        for part in book.edition.iter().chain([&published]) {
            if !part.is_empty() {
                join(&mut out, part_sep, part);
            }
        }
        if let Some(n) = number {
            join(&mut out, passage_sep, &format!("{} {n}", words.paragraph));
        }
        join(&mut out, part_sep, &format!("{url_label}{url}"));
        out
    }

    fn csl(&self, passage: Option<(&str, &str)>, url: &str) -> String {
        let book = &self.r.edition.config.book;
        let names = |list: &[String]| -> Vec<CslName> {
            list.iter()
                .map(|n| CslName { literal: n.clone() })
                .collect()
        };
        let item = CslItem {
            id: self.key(passage),
            kind: "chapter",
            title: &self.chapter.title,
            container_title: &book.title,
            author: names(&book.authors),
            editor: names(&book.editors),
            publisher: book.publisher.as_deref(),
            issued: book.year.map(|y| CslDate { date_parts: [[y]] }),
            edition: book.edition.as_deref(),
            license: book.licence.as_deref(),
            language: &book.language,
            url,
            locator: passage.map(|(_, n)| n),
            label: passage.map(|_| "paragraph"),
        };
        serde_json::to_string_pretty(&[item]).unwrap_or_default()
    }

    fn bibtex(&self, passage: Option<(&str, &str)>, url: &str) -> String {
        let book = &self.r.edition.config.book;
        let words = &self.r.words.cite;
        let mut fields: Vec<(&str, String)> = Vec::new();
        let mut field = |name, value: String| {
            if !value.is_empty() {
                fields.push((name, value));
            }
        };
        field("author", tex(&book.authors.join(" and ")));
        field("editor", tex(&book.editors.join(" and ")));
        field("title", tex(&self.chapter.title));
        field("booktitle", tex(&book.title));
        field("publisher", tex(book.publisher.as_deref().unwrap_or("")));
        field("year", book.year.map(|y| y.to_string()).unwrap_or_default());
        field("edition", tex(book.edition.as_deref().unwrap_or("")));
        field(
            "note",
            passage
                .map(|(_, n)| format!("{} {n}", words.paragraph))
                .unwrap_or_default(),
        );
        field("url", url.to_owned());
        field("language", tex(&book.language));
        let body: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("  {name} = {{{value}}}"))
            .collect();
        format!(
            "@incollection{{{},\n{}\n}}",
            self.key(passage),
            body.join(",\n")
        )
    }

    /// The reference's key: the page's name, and the passage's anchor.
    fn key(&self, passage: Option<(&str, &str)>) -> String {
        match passage {
            Some((id, _)) => format!("{}-{id}", self.chapter.slug),
            None => self.chapter.slug.clone(),
        }
    }
}

/// Appends `part` after `separator`, whose full stop is left out when the text already
/// ends with one (a title ending in «г.»).
fn join(out: &mut String, separator: &str, part: &str) {
    let separator = if out.ends_with('.') {
        separator.trim_start_matches('.')
    } else {
        separator
    };
    out.push_str(separator);
    out.push_str(part);
}

/// Text in a BibTeX field: the characters TeX reads as commands escaped.
fn tex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// One CSL-JSON item (the citation-style-language schema's field names).
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CslItem<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    container_title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    editor: Vec<CslName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edition: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    language: &'a str,
    #[serde(rename = "URL")]
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'static str>,
}

/// A name as written (the edition gives names whole, not split into parts).
#[derive(Serialize)]
struct CslName {
    literal: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CslDate {
    date_parts: [[u16; 1]; 1],
}

#[cfg(test)]
mod tests {
    use super::tex;

    #[test]
    fn tex_commands_are_escaped() {
        assert_eq!(tex("A & B {50%}"), "A \\& B \\{50\\%\\}");
        assert_eq!(tex("C:\\x"), "C:\\textbackslash{}x");
    }
}
