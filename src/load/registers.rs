//! Register files and `sources.yaml` → entries with positions.
//!
//! Register entries keep any key FORMAT.md does not name (`extra`), for themes that show
//! it; we read the mapping by hand instead of `#[serde(flatten)]` because flattening
//! loses every position in the entry.

use super::yaml::{Located, Pairs, YamlDoc};
use crate::diagnostics::{Diagnostic, SourceText};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::fmt;

/// One register file, as read.
#[derive(Debug, Clone)]
pub struct RegisterFile {
    /// The kind's name (`person`).
    pub kind: String,
    /// The file, or `None` when it does not exist (an empty register).
    pub src: Option<SourceText>,
    /// The entries in file order, ids with their positions.
    pub entries: Vec<(Located<String>, RawEntry)>,
    /// The file exists but could not be read (its error is reported), so references
    /// to its entries cannot be checked.
    pub failed: bool,
    /// The ids of entries that could not be read (their errors are reported): the other
    /// entries are, and a reference to one of these is not reported again.
    pub broken: Vec<String>,
}

/// One register entry as written, before its references are checked.
#[derive(Debug, Clone, Default)]
pub struct RawEntry {
    /// The heading form, as sorted in the index (required).
    pub name: Option<Located<String>>,
    /// The running-text form.
    pub label: Option<String>,
    /// The sort key.
    pub sort: Option<String>,
    /// Markdown, with mentions and citations allowed.
    pub description: Option<Located<String>>,
    /// Other spellings found in the text.
    pub aliases: Vec<String>,
    /// `kind:id` links to entries of any register.
    pub related: Vec<Located<String>>,
    /// A date (`1936-06-25`, `1936-06` or `1936`).
    pub date: Option<Located<String>>,
    /// Every other key, handed to the templates as `entry.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One `sources.yaml` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// How a citation shows (`Совет…, 1936`).
    pub short: String,
    /// The full reference, only as far as known.
    pub title: Option<String>,
    /// A free word: book, article, stenogram, newspaper, archive.
    pub kind: Option<String>,
    /// The archive that keeps it, when it is an archival file (`ГАСО`).
    pub archive: Option<String>,
    /// Its fond (ф.).
    pub fond: Option<String>,
    /// Its inventory (оп.).
    pub inventory: Option<String>,
    /// Its file (д.).
    pub file: Option<String>,
}

/// `sources.yaml`, as read.
#[derive(Debug, Clone, Default)]
pub struct BibliographyFile {
    /// The file, or `None` when the edition has none.
    pub src: Option<SourceText>,
    /// The sources in file order.
    pub entries: Vec<(Located<String>, RawSource)>,
    /// The file exists but could not be read (its error is reported), so citations
    /// cannot be checked.
    pub failed: bool,
    /// The keys of sources that could not be read (their errors are reported): a
    /// citation of one of these is not reported again.
    pub broken: Vec<String>,
}

/// A register file as read (`None` when it does not exist) → its entries.
pub(crate) fn read_register(
    kind: &str,
    text: Option<Result<SourceText, Diagnostic>>,
) -> (RegisterFile, Vec<Diagnostic>) {
    let (file, diagnostics) = read_entries(text, |entry: Spanned<EntrySpans>, doc, found| {
        entry.value.locate(doc, found)
    });
    let register = RegisterFile {
        kind: kind.to_owned(),
        src: file.src,
        entries: file.entries,
        failed: file.failed,
        broken: file.broken,
    };
    (register, diagnostics)
}

/// `sources.yaml` as read (`None` when the edition has none) → its sources.
pub(crate) fn read_bibliography(
    text: Option<Result<SourceText, Diagnostic>>,
) -> (BibliographyFile, Vec<Diagnostic>) {
    let (file, diagnostics) = read_entries(text, |source: RawSource, _, _| source);
    let bibliography = BibliographyFile {
        src: file.src,
        entries: file.entries,
        failed: file.failed,
        broken: file.broken,
    };
    (bibliography, diagnostics)
}

/// A YAML map from ids to entries, as read.
struct EntriesFile<E> {
    src: Option<SourceText>,
    entries: Vec<(Located<String>, E)>,
    failed: bool,
    broken: Vec<String>,
}

/// An entry of a file of entries by id.
trait ReadEntry: DeserializeOwned {
    /// Every error in the fields of an entry that could not be read, `value` being the
    /// lines of its mapping; empty when the fields cannot be read one by one, and the
    /// entry's own error stands.
    fn field_errors(_value: &YamlDoc<'_>) -> Vec<Diagnostic> {
        Vec::new()
    }
}

impl ReadEntry for RawSource {}

/// Parses a file of entries by id. When the file as a whole has an error, each entry is
/// read again on its own (and a register entry field by field), so that every error is
/// reported in one run and the sound entries are kept; an entry that cannot be read is
/// left out and named in `broken`. `failed` is set in this one place: the file exists
/// but is not text or not a YAML mapping of ids, so references into it cannot be checked.
fn read_entries<R: ReadEntry, E>(
    text: Option<Result<SourceText, Diagnostic>>,
    locate: impl Fn(R, &YamlDoc<'_>, &mut Vec<Diagnostic>) -> E,
) -> (EntriesFile<E>, Vec<Diagnostic>) {
    let src = match text {
        Some(Ok(src)) => src,
        other => {
            let found: Vec<_> = other.and_then(Result::err).into_iter().collect();
            let file = EntriesFile {
                src: None,
                entries: Vec::new(),
                failed: !found.is_empty(),
                broken: Vec::new(),
            };
            return (file, found);
        }
    };
    let doc = YamlDoc::new(&src, 0..src.text().len());
    let mut diagnostics = Vec::new();
    let mut entries = Vec::new();
    let mut broken = Vec::new();
    let mut failed = false;
    let mut take = |Pairs(pairs): Pairs<R>, doc: &YamlDoc<'_>, found: &mut Vec<Diagnostic>| {
        let located = pairs
            .into_iter()
            .map(|(id, entry)| (doc.locate(id), locate(entry, doc, found)));
        entries.extend(located);
    };
    match doc.parse::<Option<Pairs<R>>>() {
        Ok(pairs) => take(pairs.unwrap_or(Pairs(Vec::new())), &doc, &mut diagnostics),
        Err(whole) => match doc.key_blocks() {
            None => {
                diagnostics.push(whole);
                failed = true;
            }
            Some(blocks) => {
                for (id, block) in blocks {
                    match block.parse::<Pairs<R>>() {
                        Ok(pairs) => take(pairs, &block, &mut diagnostics),
                        Err(entry) => {
                            let fields = R::field_errors(&block.after_first_line());
                            if fields.is_empty() {
                                diagnostics.push(entry);
                            }
                            diagnostics.extend(fields);
                            broken.push(id.value);
                        }
                    }
                }
            }
        },
    }
    let file = EntriesFile {
        src: Some(src),
        entries,
        failed,
        broken,
    };
    (file, diagnostics)
}

/// An entry as deserialised, positions still relative to the YAML block.
#[derive(Default)]
struct EntrySpans {
    name: Option<Spanned<String>>,
    label: Option<String>,
    sort: Option<String>,
    description: Option<Spanned<String>>,
    aliases: Vec<String>,
    related: Vec<Spanned<String>>,
    date: Option<Spanned<String>>,
    extra: BTreeMap<String, serde_json::Value>,
    /// Keys given a second time, each where it is repeated: reported, and the entry
    /// keeps the first value, so the rest of the file is still checked.
    repeated: Vec<Spanned<String>>,
}

impl EntrySpans {
    fn locate(self, doc: &YamlDoc<'_>, found: &mut Vec<Diagnostic>) -> RawEntry {
        for key in self.repeated {
            let at = doc.locate(key);
            found.push(doc.diagnostic_at(at.at, format!("duplicate field `{}`", at.value)));
        }
        RawEntry {
            name: self.name.map(|n| doc.locate(n)),
            label: self.label,
            sort: self.sort,
            description: self.description.map(|d| doc.locate(d)),
            aliases: self.aliases,
            related: self.related.into_iter().map(|r| doc.locate(r)).collect(),
            date: self.date.map(|d| doc.locate(d)),
            extra: self.extra,
        }
    }
}

impl ReadEntry for Spanned<EntrySpans> {
    fn field_errors(value: &YamlDoc<'_>) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (_, field) in value.field_blocks(&mut found).unwrap_or_default() {
            if let Err(d) = field.parse::<EntrySpans>() {
                found.push(d);
            }
        }
        found
    }
}

impl<'de> Deserialize<'de> for EntrySpans {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = EntrySpans;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an entry with at least `name:`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EntrySpans, A::Error> {
        let mut entry = EntrySpans::default();
        let mut seen = std::collections::HashSet::new();
        while let Some(spanned) = map.next_key::<Spanned<String>>()? {
            // Duplicates reach us (see `YamlDoc::parse`); a second `name:` must not
            // silently replace the first, nor stop the reading of the file.
            if !seen.insert(spanned.value.clone()) {
                map.next_value::<serde::de::IgnoredAny>()?;
                entry.repeated.push(spanned);
                continue;
            }
            let key = spanned.value;
            match key.as_str() {
                "name" => entry.name = Some(map.next_value()?),
                "label" => entry.label = Some(map.next_value()?),
                "sort" => entry.sort = Some(map.next_value()?),
                "description" => entry.description = Some(map.next_value()?),
                "aliases" => entry.aliases = map.next_value()?,
                "related" => entry.related = map.next_value()?,
                "date" => entry.date = Some(map.next_value()?),
                _ => {
                    let value = map.next_value()?;
                    entry.extra.insert(key, value);
                }
            }
        }
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_positions_and_extra_keys() {
        let text = "bazhanov:\n  name: Бажанов В.М.\n  related: [enterprise:donbassugol]\n  born: unknown\n";
        let (register, diagnostics) =
            read_register("person", Some(Ok(SourceText::new("p.yaml", text))));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let (id, entry) = &register.entries[0];
        assert_eq!(id.value, "bazhanov");
        assert_eq!(&text[entry.related[0].at.clone()], "enterprise:donbassugol");
        assert_eq!(entry.extra["born"], serde_json::json!("unknown"));
    }

    #[test]
    fn a_repeated_field_is_reported_at_the_repeat() {
        let text = "x:\n  name: A\n  label: B\n  name: C\n";
        let (_, diagnostics) = read_register("person", Some(Ok(SourceText::new("p.yaml", text))));
        let d = &diagnostics[0];
        assert_eq!((d.line, d.column), (4, 3), "{d:?}");
        assert_eq!(d.message, "duplicate field `name`");
    }

    #[test]
    fn an_empty_register_file_has_no_entries() {
        let (register, diagnostics) = read_register(
            "person",
            Some(Ok(SourceText::new("p.yaml", "# none yet\n"))),
        );
        assert!(diagnostics.is_empty() && register.entries.is_empty());
    }

    #[test]
    fn unknown_source_field_is_an_error() {
        let text = "k:\n  short: K\n  titel: x\n";
        let (_, diagnostics) = read_bibliography(Some(Ok(SourceText::new("s.yaml", text))));
        assert_eq!(diagnostics[0].line, 3);
    }

    #[test]
    fn each_source_with_an_error_is_reported_and_the_others_kept() {
        let text = "a:\n  short: A\n  titel: x\nb:\n  short: B\nc:\n  short: [C]\n";
        let (file, diagnostics) = read_bibliography(Some(Ok(SourceText::new("s.yaml", text))));
        let lines: Vec<_> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(lines, [(3, 3), (7, 10)], "{diagnostics:?}");
        assert_eq!(file.entries.len(), 1);
        assert_eq!(file.broken, ["a", "c"]);
    }
}
