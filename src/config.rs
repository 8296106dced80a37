//! `book.toml` → [`Config`]: the edition's settings with FORMAT.md's defaults filled in.
//!
//! Unknown keys are errors (a misspelt `footnote-numberng` must not pass silently), and
//! every error points at its place in `book.toml`.

mod language;
mod matter;

pub use language::canonical_tag;
pub use matter::{Matter, Part};

use crate::diagnostics::{Diagnostic, Severity, SourceText, not_utf8, unknown_field_hint};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name of the configuration file at the edition root.
pub const CONFIG_FILE: &str = "book.toml";

/// The folder beside `book.toml` that holds the edition's themes (`themes/NAME/`). It
/// is an input like the content folder: no output may be written inside it.
pub const THEMES_DIR: &str = "themes";

/// The edition's settings, validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// The edition root (the folder holding `book.toml`).
    pub root: PathBuf,
    /// Title, authors, language.
    pub book: Book,
    /// The content folder, joined to the root.
    pub content_dir: PathBuf,
    /// The output folder, joined to the root.
    pub output_dir: PathBuf,
    /// The theme folder under `themes/`, when it exists; else the built-in theme alone.
    pub theme_dir: Option<PathBuf>,
    /// How footnotes are numbered.
    pub footnote_numbering: FootnoteNumbering,
    /// Where the edition is published, for the few places that need absolute URLs.
    pub base_url: Option<BaseUrl>,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// The register kinds, in the order of `book.toml` (or the default three).
    pub registers: Vec<RegisterKind>,
    /// How many places (mentions, citations, notes) one page lists before the list goes
    /// on in numbered pages: what keeps every page of a large edition small.
    pub places_per_page: std::num::NonZeroUsize,
    /// Pages outside the chapter sequence (`[matter]`).
    pub matter: Matter,
    /// How scripts in raw HTML (`<script>`, `on…=`, `javascript:`) are reported.
    pub raw_html: RawHtml,
    /// How the table of contents orders the chapters.
    pub toc: TocOrder,
    /// The edition's own words for the theme's labels that are not a register's.
    pub labels: Labels,
}

/// `[build] toc`: the table of contents in reading order, or by the documents' dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TocOrder {
    /// The chapters' reading order.
    #[default]
    Order,
    /// By each chapter's `date`, undated chapters last in reading order.
    Date,
}

/// `[labels]`: words of the theme an edition says in its own way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The heading of a chapter's `speakers` block («Выступающие» by default).
    pub speakers: Option<String>,
}

/// The headings of an entry page's sections, in the edition's words; each falls back
/// to the theme's word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EntryHeadings {
    /// Documents this entry wrote («Письма от»).
    pub from: Option<String>,
    /// Documents addressed to this entry («Письма к»).
    pub to: Option<String>,
    /// Documents written at this place («Документы, написанные здесь»).
    pub written_here: Option<String>,
    /// Places that mention it («Упоминания»).
    pub mentions: Option<String>,
    /// Its speech turns («Реплики»).
    pub speaks: Option<String>,
    /// Its `speakers` entries («Выступления»).
    pub speeches: Option<String>,
    /// `speakers` entries at this session («Выступления на заседании»).
    pub session_speeches: Option<String>,
    /// Chapters on this theme («Главы по теме»).
    pub chapters: Option<String>,
    /// Related entries («Связи»).
    pub related: Option<String>,
}

/// `places-per-page` when `book.toml` does not say: about 350 KB of an entry's
/// mentions, which a phone still opens at once.
pub const DEFAULT_PLACES_PER_PAGE: std::num::NonZeroUsize =
    std::num::NonZeroUsize::new(500).expect("500 is not zero");

/// The `[book]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Book {
    /// The edition's title.
    pub title: String,
    /// An optional subtitle.
    pub subtitle: Option<String>,
    /// The editors or authors, as they should be shown.
    #[serde(default)]
    pub authors: Vec<String>,
    /// BCP 47 language tag; drives `<html lang>`, collation and the theme's words.
    #[serde(default = "default_language")]
    pub language: String,
    /// One paragraph about the edition, for the title page and `<meta name=description>`.
    pub description: Option<String>,
    /// The edition's editors, as they should be shown in a citation.
    #[serde(default)]
    pub editors: Vec<String>,
    /// Who publishes the edition.
    pub publisher: Option<String>,
    /// The year of this edition.
    pub year: Option<u16>,
    /// Which edition or version this is (`2nd edition`, `версия 1.1`).
    pub edition: Option<String>,
    /// The licence the edition is published under (`CC BY 4.0`).
    pub licence: Option<String>,
}

/// `footnote-numbering`: one sequence for the edition (as in print), or one per chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FootnoteNumbering {
    /// 1…N across the book, in reading order.
    #[default]
    Edition,
    /// 1…n in each chapter.
    Chapter,
}

/// `build.raw-html`: what a script in the editors' raw HTML is. Raw HTML is published
/// as written either way; an edition that takes contributions from others says `deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// A warning: the edition's editors are trusted.
    #[default]
    Warn,
    /// An error: nothing is written until the script is gone.
    Deny,
}

/// `site.base-url`, checked: `http(s)://…` ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
}

impl BaseUrl {
    /// Checks a URL given on the command line; a missing final `/` is added.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        };
        check_base_url(&url).map(|()| Self { url })
    }

    /// The whole URL, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The path part, from the first `/` after the host (`/repo/` for a project site).
    pub fn path(&self) -> &str {
        let after_scheme = self.url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// One register kind (`[registers.person]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterKind {
    /// The kind's name as used in mentions (`person` in `person:bazhanov`).
    pub name: String,
    /// The heading of the register's index page; the theme's default when absent.
    pub title: Option<String>,
    /// The YAML file, relative to the content folder.
    pub file: String,
    /// The output folder of the register's pages.
    pub path: String,
    /// What one entry is called (`Корреспондент`), where the theme names an entry's
    /// register; the title when absent.
    pub singular: Option<String>,
    /// The headings of its entry pages.
    pub headings: EntryHeadings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BookToml {
    book: Book,
    #[serde(default)]
    build: BuildToml,
    #[serde(default)]
    site: SiteToml,
    #[serde(default)]
    registers: RegistersToml,
    #[serde(default)]
    labels: Labels,
    #[serde(default)]
    matter: matter::MatterToml,
}

/// `[registers]`: one table per kind, and `defaults = false` among them. Read as one
/// map (serde's `flatten` would lose every position inside the tables).
type RegistersToml = BTreeMap<String, Spanned<RegisterSlot>>;

/// A value of `[registers]`: a kind's table, or the `defaults` switch.
enum RegisterSlot {
    Kind(Box<RegisterToml>),
    Switch(bool),
}

impl<'de> Deserialize<'de> for RegisterSlot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SlotVisitor;
        impl<'de> serde::de::Visitor<'de> for SlotVisitor {
            type Value = RegisterSlot;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a register's table, or `defaults = false`")
            }
            fn visit_bool<E>(self, value: bool) -> Result<RegisterSlot, E> {
                Ok(RegisterSlot::Switch(value))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RegisterSlot, A::Error> {
                let table = serde::de::value::MapAccessDeserializer::new(map);
                RegisterToml::deserialize(table).map(|t| RegisterSlot::Kind(Box::new(t)))
            }
        }
        deserializer.deserialize_any(SlotVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BuildToml {
    #[serde(default = "default_content_dir")]
    content_dir: String,
    output_dir: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    #[serde(default)]
    footnote_numbering: FootnoteNumbering,
    places_per_page: Option<std::num::NonZeroUsize>,
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    toc: TocOrder,
}

impl Default for BuildToml {
    fn default() -> Self {
        Self {
            content_dir: default_content_dir(),
            output_dir: None,
            theme: None,
            footnote_numbering: FootnoteNumbering::default(),
            places_per_page: None,
            raw_html: RawHtml::default(),
            toc: TocOrder::default(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SiteToml {
    base_url: Option<Spanned<String>>,
    cname: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterToml {
    title: Option<String>,
    file: Option<String>,
    path: Option<Spanned<String>>,
    singular: Option<String>,
    #[serde(default)]
    headings: EntryHeadings,
}

fn default_language() -> String {
    "en".to_owned()
}
fn default_content_dir() -> String {
    "content".to_owned()
}
fn default_output_dir() -> String {
    "public".to_owned()
}

/// The output folder, joined to the root; an `output-dir` that a build would refuse
/// (the edition's root or content folder, a folder holding them, or one inside the
/// content or the themes folder) is reported at its line, so that `check` fails where
/// `build` would.
fn output_dir(
    root: &Path,
    content: &Path,
    value: Option<Spanned<String>>,
    src: &SourceText,
    problems: &mut Vec<Diagnostic>,
) -> PathBuf {
    let Some(value) = value else {
        return root.join(default_output_dir());
    };
    let out = root.join(value.get_ref());
    let resolved = |path: &Path| crate::output::resolve(path).ok();
    let themes = root.join(THEMES_DIR);
    let folders = (
        resolved(&out),
        resolved(root),
        resolved(content),
        resolved(&themes),
    );
    if let (Some(o), Some(r), Some(c), Some(t)) = folders {
        let problem = if o == r || r.starts_with(&o) {
            Some("the edition's root folder")
        } else if o == c || c.starts_with(&o) || o.starts_with(&c) {
            Some("the content folder")
        } else if o.starts_with(&t) {
            Some("the themes folder")
        } else {
            None
        };
        if let Some(part) = problem {
            let message = format!(
                "output-dir '{}' overlaps {part}: a build replaces its output folder whole",
                value.get_ref()
            );
            let hint = "choose a folder of its own beside the content, such as \"public\"";
            problems.push(
                src.diagnostic(Severity::Error, value.span(), message)
                    .with_hint(hint),
            );
        }
    }
    out
}

/// The kinds that exist unless `[registers] defaults = false`.
const DEFAULT_KINDS: [&str; 3] = ["person", "enterprise", "theme"];

/// Folders of the output layout that a register's `path` must not take.
pub const RESERVED_FOLDERS: [&str; 2] = ["sources", "static"];

/// Reads `book.toml` from `root`. `Err` holds the problems when the file is unusable
/// (the run cannot go on without a configuration); an unreadable file is an I/O error.
pub fn load(root: &Path) -> anyhow::Result<Result<Config, Vec<Diagnostic>>> {
    use anyhow::Context as _;
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read(&path)
        .with_context(|| format!("reading {} (is this an edition folder?)", path.display()))?;
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        Err(e) => return Ok(Err(vec![not_utf8(CONFIG_FILE.to_owned(), e)])),
    };
    Ok(parse(root, &SourceText::new(CONFIG_FILE, text)))
}

/// Parses and checks the text of `book.toml`.
pub fn parse(root: &Path, src: &SourceText) -> Result<Config, Vec<Diagnostic>> {
    let raw: BookToml = toml::from_str(src.text()).map_err(|e| {
        let range = e.span().unwrap_or(0..0);
        let message = e.message().trim_end().trim_end_matches('.').to_owned();
        let hint = unknown_field_hint(&message);
        vec![
            src.diagnostic(Severity::Error, range, message)
                .with_hint_opt(hint),
        ]
    })?;
    let mut problems = Vec::new();
    let mut book = raw.book;
    match language::check(&book.language, src) {
        Ok(tag) => book.language = tag,
        Err(problem) => problems.push(problem),
    }
    let registers = register_kinds(raw.registers, src, &mut problems);
    let base_url = raw.site.base_url.and_then(|url| {
        let at = url.span();
        let url = url.into_inner();
        check_base_url(&url)
            .map(|()| BaseUrl { url })
            .map_err(|m| problems.push(src.diagnostic(Severity::Error, at, m)))
            .ok()
    });
    let cname = raw.site.cname.and_then(|name| {
        let at = name.span();
        let name = name.into_inner();
        check_cname(&name)
            .map(|()| name)
            .map_err(|(m, hint)| {
                problems.push(src.diagnostic(Severity::Error, at, m).with_hint(hint))
            })
            .ok()
    });
    let theme_dir = theme_dir(root, raw.build.theme, src, &mut problems);
    let content_dir = root.join(&raw.build.content_dir);
    let matter = matter::check(raw.matter, &content_dir, src, &mut problems);
    let output_dir = output_dir(root, &content_dir, raw.build.output_dir, src, &mut problems);
    if !problems.is_empty() {
        problems.sort_by_key(|d| (d.line, d.column));
        return Err(problems);
    }
    Ok(Config {
        root: root.to_path_buf(),
        book,
        content_dir,
        output_dir,
        theme_dir,
        footnote_numbering: raw.build.footnote_numbering,
        base_url,
        cname,
        registers,
        places_per_page: raw.build.places_per_page.unwrap_or(DEFAULT_PLACES_PER_PAGE),
        matter,
        raw_html: raw.build.raw_html,
        toc: raw.build.toc,
        labels: raw.labels,
    })
}

/// The default kinds that `book.toml` does not declare, then the kinds it declares, in
/// its order: declaring a register adds it, and declaring a default kind sets it up.
fn register_kinds(
    slots: RegistersToml,
    src: &SourceText,
    problems: &mut Vec<Diagnostic>,
) -> Vec<RegisterKind> {
    let mut kinds: Vec<RegisterKind> = Vec::new();
    let mut tables: Vec<(String, Spanned<RegisterToml>)> = Vec::new();
    let mut defaults = true;
    for (name, slot) in slots {
        let span = slot.span();
        match (name.as_str(), slot.into_inner()) {
            ("defaults", RegisterSlot::Switch(on)) => defaults = on,
            (_, RegisterSlot::Kind(table)) => tables.push((name, Spanned::new(span, *table))),
            (_, RegisterSlot::Switch(_)) => {
                let message = format!(
                    "`{name}` in [registers] must be a table [registers.{name}]; only `defaults` is true or false"
                );
                problems.push(src.diagnostic(Severity::Error, span, message));
            }
        }
    }
    if defaults {
        kinds.extend(DEFAULT_KINDS.iter().map(|&kind| RegisterKind {
            name: kind.to_owned(),
            title: None,
            file: format!("registers/{kind}s.yaml"),
            path: format!("{kind}s"),
            singular: None,
            headings: EntryHeadings::default(),
        }));
    }
    // The map comes sorted by name; the index pages and navigation follow book.toml.
    tables.sort_by_key(|(_, table)| table.span().start);
    for (name, table) in tables {
        let header = table.span();
        let table = table.into_inner();
        let path_at = table.path.as_ref().map_or(header.clone(), Spanned::span);
        let kind = RegisterKind {
            file: table
                .file
                .unwrap_or_else(|| format!("registers/{name}s.yaml")),
            path: table
                .path
                .map_or_else(|| format!("{name}s"), Spanned::into_inner),
            title: table.title,
            singular: table.singular,
            headings: table.headings,
            name,
        };
        // Names are unique in the map, so an earlier kind of this name is a default.
        if let Some(i) = kinds.iter().position(|k| k.name == kind.name) {
            kinds.remove(i);
        }
        if let Err((message, on_path)) = check_kind(&kind, &kinds) {
            let at = if on_path { path_at } else { header };
            problems.push(src.diagnostic(Severity::Error, at, message));
        }
        kinds.push(kind);
    }
    kinds
}

/// Checks a kind against the rules and the kinds before it; the error says whether it
/// concerns the `path` (else the kind's name).
fn check_kind(kind: &RegisterKind, earlier: &[RegisterKind]) -> Result<(), (String, bool)> {
    if !crate::link::is_valid_id(&kind.name) {
        return Err((
            format!(
                "register kind '{}' must be lowercase ASCII letters, digits and hyphens",
                kind.name
            ),
            false,
        ));
    }
    if !crate::link::is_valid_id(&kind.path) || RESERVED_FOLDERS.contains(&kind.path.as_str()) {
        return Err((
            format!(
                "register path '{}' must be lowercase ASCII letters, digits and hyphens, and not {}",
                kind.path,
                RESERVED_FOLDERS.join(" or ")
            ),
            true,
        ));
    }
    if let Some(other) = earlier.iter().find(|k| k.path == kind.path) {
        return Err((
            format!(
                "register path '{}' is already used by '{}'",
                kind.path, other.name
            ),
            true,
        ));
    }
    Ok(())
}

/// One message per problem: "must start with https://" says nothing useful about a
/// space in the path.
fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(format!(
            "base-url '{url}' must start with https:// (or http://)"
        ));
    };
    if url.contains(char::is_whitespace) {
        return Err(format!(
            "base-url '{url}' contains a space; write a space in a URL as %20"
        ));
    }
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base-url '{url}' has no host name after the ://"));
    }
    if rest.contains("//") {
        return Err(format!(
            "base-url '{url}' has an empty folder ('//') in its path"
        ));
    }
    if !url.ends_with('/') {
        return Err(format!("base-url '{url}' must end with '/'"));
    }
    Ok(())
}

/// `cname` is written as it is to the `CNAME` file that GitHub Pages reads: a bare host
/// name (`edition.example.org`), which a URL pasted from the browser is not.
fn check_cname(name: &str) -> Result<(), (String, String)> {
    let host = name.split_once("://").map_or(name, |(_, rest)| rest);
    let host = host.split('/').next().unwrap_or(host).trim();
    let hint = format!("write only the host name: cname = \"{host}\"");
    let problem = if name.contains("://") {
        "must be a host name only, without https://"
    } else if name.contains('/') {
        "must be a host name only, without a path"
    } else if name.contains(char::is_whitespace) {
        "may not contain spaces"
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        "may only hold ASCII letters, digits, hyphens and dots"
    } else if name.split('.').any(str::is_empty) {
        "has an empty part between dots"
    } else {
        return Ok(());
    };
    Err((format!("cname '{name}' {problem}"), hint))
}

fn theme_dir(
    root: &Path,
    theme: Option<Spanned<String>>,
    src: &SourceText,
    problems: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let at: Range<usize> = theme.as_ref().map_or(0..0, Spanned::span);
    let name = theme.map_or_else(|| "default".to_owned(), Spanned::into_inner);
    let dir = root.join(THEMES_DIR).join(&name);
    if dir.is_dir() {
        return Some(dir);
    }
    if name != "default" {
        let message = format!("theme '{name}' not found: no folder themes/{name}/");
        problems.push(
            src.diagnostic(Severity::Error, at, message)
                .with_hint("remove `theme` to use the built-in theme"),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(
            Path::new("/nonexistent"),
            &SourceText::new(CONFIG_FILE, text),
        )
    }

    #[test]
    fn defaults_follow_the_format() {
        let config = parse_str("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(config.book.language, "en");
        assert_eq!(config.footnote_numbering, FootnoteNumbering::Edition);
        assert!(config.output_dir.ends_with("public"));
        let names: Vec<_> = config.registers.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["person", "enterprise", "theme"]);
        assert_eq!(config.registers[0].file, "registers/persons.yaml");
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let errors =
            parse_str("[book]\ntitle = \"T\"\n\n[build]\nfootnote-numberng = \"chapter\"\n")
                .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (5, 1));
        assert!(
            errors[0].message.contains("footnote-numberng"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn places_per_page_must_be_a_positive_number() {
        let config = parse_str("[book]\ntitle = \"T\"\n[build]\nplaces-per-page = 20\n").unwrap();
        assert_eq!(config.places_per_page.get(), 20);
        let errors =
            parse_str("[book]\ntitle = \"T\"\n[build]\nplaces-per-page = 0\n").unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 19));
        assert_eq!(
            errors[0].message,
            "invalid value: integer `0`, expected a nonzero usize"
        );
    }

    #[test]
    fn register_kinds_keep_the_order_of_book_toml() {
        let config = parse_str(
            "[book]\ntitle = \"T\"\n[registers.theme]\n[registers.person]\ntitle = \"P\"\n[registers.enterprise]\n",
        )
        .unwrap();
        let names: Vec<_> = config.registers.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["theme", "person", "enterprise"]);
    }

    #[test]
    fn declared_registers_add_to_the_defaults() {
        let names = |text: &str| {
            let config = parse_str(text).unwrap();
            config
                .registers
                .into_iter()
                .map(|k| k.name)
                .collect::<Vec<_>>()
        };
        let letter = "[book]\ntitle = \"T\"\n[registers.letter]\ntitle = \"L\"\n";
        assert_eq!(names(letter), ["person", "enterprise", "theme", "letter"]);
        let person = "[book]\ntitle = \"T\"\n[registers.place]\n[registers.person]\nsingular = \"Корреспондент\"\n[registers.person.headings]\nfrom = \"Письма от\"\n";
        assert_eq!(names(person), ["enterprise", "theme", "place", "person"]);
        let config = parse_str(person).unwrap();
        assert_eq!(
            config.registers[3].singular.as_deref(),
            Some("Корреспондент")
        );
        assert_eq!(
            config.registers[3].headings.from.as_deref(),
            Some("Письма от")
        );
        let alone = "[book]\ntitle = \"T\"\n[registers]\ndefaults = false\n[registers.letter]\n";
        assert_eq!(names(alone), ["letter"]);
    }

    #[test]
    fn a_misspelt_heading_or_switch_in_registers_is_an_error_at_its_line() {
        let text = "[book]\ntitle = \"T\"\n[registers.person.headings]\nform = \"От\"\n";
        let errors = parse_str(text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 1), "{errors:?}");
        assert!(
            errors[0].message.contains("`form`"),
            "{}",
            errors[0].message
        );
        let text = "[book]\ntitle = \"T\"\n[registers]\ndefault = false\n";
        let errors = parse_str(text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 11), "{errors:?}");
        assert_eq!(
            errors[0].message,
            "`default` in [registers] must be a table [registers.default]; only `defaults` is true or false"
        );
    }

    #[test]
    fn base_url_path_is_the_project_folder() {
        let config = parse_str(
            "[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://u.github.io/plenum-1936/\"\n",
        )
        .unwrap();
        assert_eq!(config.base_url.unwrap().path(), "/plenum-1936/");
        let errors =
            parse_str("[book]\ntitle = \"T\"\n[site]\nbase-url = \"u.github.io\"\n").unwrap_err();
        assert_eq!(errors[0].line, 4);
    }

    #[test]
    fn a_setting_is_found_by_its_span_not_by_its_text() {
        // Line 4, inside the description, starts with `theme`; the setting is on line 6.
        let text = "[book]\ntitle = \"T\"\ndescription = \"\"\"A book\ntheme of the year\"\"\"\n[build]\ntheme = \"nowhere\"\n";
        let errors = parse_str(text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (6, 9), "{errors:?}");
    }

    #[test]
    fn base_url_errors_name_the_problem() {
        let message = |url: &str| check_base_url(url).unwrap_err();
        assert_eq!(
            message("https://example.org/a b/"),
            "base-url 'https://example.org/a b/' contains a space; write a space in a URL as %20"
        );
        assert_eq!(
            message("example.org/"),
            "base-url 'example.org/' must start with https:// (or http://)"
        );
        assert_eq!(
            message("https://example.org/a//b/"),
            "base-url 'https://example.org/a//b/' has an empty folder ('//') in its path"
        );
        assert_eq!(
            message("https:///a/"),
            "base-url 'https:///a/' has no host name after the ://"
        );
        assert_eq!(
            message("https://example.org/a"),
            "base-url 'https://example.org/a' must end with '/'"
        );
    }

    #[test]
    fn cname_must_be_a_bare_host_name() {
        assert!(check_cname("edition.example-1.org").is_ok());
        let (message, hint) = check_cname("https://edition.example.org/").unwrap_err();
        assert_eq!(
            message,
            "cname 'https://edition.example.org/' must be a host name only, without https://"
        );
        assert_eq!(
            hint,
            "write only the host name: cname = \"edition.example.org\""
        );
        for bad in ["example.org/a", "exa mple.org", "пример.рф", "example..org"] {
            assert!(check_cname(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn config_errors_are_sorted_by_line() {
        let text = "[book]\ntitle = \"T\"\n[build]\ntheme = \"nowhere\"\n[site]\ncname = \"a/b\"\n[registers.Bad]\n";
        let errors = parse_str(text).unwrap_err();
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [4, 6, 7]);
    }
}
