//! Register files and `sources.yaml` → checked, sorted entries and the id tables that
//! resolve references to them.
//!
//! An entry with an error of its own (no name; an invalid, reserved or repeated id) is
//! left out of the edition, but its id is remembered as broken: otherwise every
//! reference to it would repeat that one error as "unknown id", with a "did you mean"
//! that points at some other entry.

use super::collation::{initial, sort_key};
use super::{ArchivalFile, Backrefs, Entry, Register, Source, is_valid_id};
use crate::config::Config;
use crate::date::{DATE_HINT, Date};
use crate::diagnostics::{Diagnostic, Severity, SourceText, did_you_mean};
use crate::load::{BibliographyFile, Located, RawEntry, RawSource, RegisterFile};
use crate::parse::ParsedText;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

/// The ids of one register or of the bibliography.
#[derive(Default)]
pub(super) struct IdTable {
    /// Id → entry index (after sorting) or source index.
    found: HashMap<String, usize>,
    /// Ids of entries left out for an error of their own, with the valid spelling of an
    /// invalid id (`Stalin` → `stalin`), which is what references to it are likely to use.
    broken: HashSet<String>,
    /// The file could not be read (its error is reported), so no id is known.
    unreadable: bool,
}

impl IdTable {
    /// The index of `id`, if it names an entry of the edition.
    pub(super) fn get(&self, id: &str) -> Option<usize> {
        self.found.get(id).copied()
    }

    /// Whether a reference to `id` that `get` cannot resolve is already explained by the
    /// file's or the entry's own error, so that reporting it would only repeat that error.
    pub(super) fn explained(&self, id: &str) -> bool {
        self.unreadable || self.broken.contains(id)
    }

    /// Every known id, for "did you mean".
    pub(super) fn ids(&self) -> impl Iterator<Item = &str> {
        self.found.keys().map(String::as_str)
    }

    fn mark_broken(&mut self, id: &str) {
        self.broken.insert(id.to_owned());
        let slug = crate::slug::slugify(id);
        if is_valid_id(&slug) {
            self.broken.insert(slug);
        }
    }
}

/// What resolving references needs from the registers: the tables from ids to entries,
/// and for each sorted entry where it stands in its file.
pub(super) struct Ids {
    /// Kind name → register index.
    pub(super) kinds: HashMap<String, usize>,
    /// Per register: its ids.
    pub(super) tables: Vec<IdTable>,
    /// Per register: entry index → index in the file.
    pub(super) file_index: Vec<Vec<usize>>,
}

/// The registers, checked and sorted, with what linking them further needs.
pub(super) struct Checked {
    /// The registers, in the configuration's order, entries in index order.
    pub(super) registers: Vec<Register>,
    /// Their id tables.
    pub(super) ids: Ids,
    /// Per register: each entry's parsed description, in index order, still to be resolved.
    pub(super) descriptions: Vec<Vec<Option<ParsedText>>>,
}

/// Checks every register's ids and names and sorts the entries for the index.
pub(super) fn build(
    config: &Config,
    files: &[RegisterFile],
    mut descriptions: Vec<Vec<Option<ParsedText>>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Checked {
    let mut checked = Checked {
        registers: Vec::new(),
        ids: Ids {
            kinds: HashMap::new(),
            tables: Vec::new(),
            file_index: Vec::new(),
        },
        descriptions: Vec::new(),
    };
    for (r, (kind, file)) in config.registers.iter().zip(files).enumerate() {
        checked.ids.kinds.insert(kind.name.clone(), r);
        let mut table = IdTable {
            unreadable: file.failed,
            ..IdTable::default()
        };
        file.broken.iter().for_each(|id| table.mark_broken(id));
        let mut valid = valid_entries(file, &mut table, diagnostics);
        let chronological = sort_for_index(&mut valid, &config.book.language);
        let mut parsed = std::mem::take(descriptions.get_mut(r).unwrap_or(&mut Vec::new()));
        checked.descriptions.push(
            valid
                .iter()
                .map(|(i, _)| parsed.get_mut(*i).and_then(Option::take))
                .collect(),
        );
        table.found = valid
            .iter()
            .enumerate()
            .map(|(n, (_, e))| (e.id.clone(), n))
            .collect();
        checked.ids.tables.push(table);
        checked
            .ids
            .file_index
            .push(valid.iter().map(|(i, _)| *i).collect());
        checked.registers.push(Register {
            kind: kind.clone(),
            entries: valid.into_iter().map(|(_, e)| e.into_entry()).collect(),
            chronological,
        });
    }
    checked
}

/// Sorts entries by date when every entry has one, else by the collation of the book's
/// language; returns whether the register is chronological.
fn sort_for_index(valid: &mut [(usize, ValidEntry)], language: &str) -> bool {
    let chronological = !valid.is_empty() && valid.iter().all(|(_, e)| e.date.is_some());
    valid.sort_by_cached_key(|(i, entry)| {
        let date = if chronological {
            entry.date.clone()
        } else {
            None
        };
        (
            date,
            sort_key(entry.sort.as_deref().unwrap_or(&entry.name), language),
            *i,
        )
    });
    chronological
}

/// An entry whose id and name passed the checks.
struct ValidEntry {
    id: String,
    name: String,
    label: Option<String>,
    sort: Option<String>,
    aliases: Vec<String>,
    date: Option<Date>,
    extra: BTreeMap<String, serde_json::Value>,
}

impl ValidEntry {
    fn into_entry(self) -> Entry {
        Entry {
            initial: initial(self.sort.as_deref().unwrap_or(&self.name)),
            label: self.label.unwrap_or_else(|| self.name.clone()),
            id: self.id,
            name: self.name,
            aliases: self.aliases,
            date: self.date,
            description: None,
            related: Vec::new(),
            extra: self.extra,
            refs: Backrefs::default(),
        }
    }
}

/// The entries of a file that can be used, with their index in the file; the others
/// are reported, and their ids marked broken in `table`.
fn valid_entries(
    file: &RegisterFile,
    table: &mut IdTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(usize, ValidEntry)> {
    let Some(src) = &file.src else {
        return Vec::new();
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut valid = Vec::new();
    for (i, (id, raw)) in file.entries.iter().enumerate() {
        warn_misspelt_keys(src, file, i, diagnostics);
        if let Err(d) = check_id(src, id, &mut seen, &ENTRY_ID) {
            diagnostics.push(d);
            table.mark_broken(&id.value);
            continue;
        }
        let Some(name) = raw.name.as_ref().filter(|n| !n.value.trim().is_empty()) else {
            let message = format!("{} '{}' has no name", file.kind, id.value);
            let hint = "add `name:` with the heading form, e.g. `name: Бажанов В.М.`";
            diagnostics.push(
                src.diagnostic(Severity::Error, id.at.clone(), message)
                    .with_hint(hint),
            );
            table.mark_broken(&id.value);
            continue;
        };
        let date = checked_date(src, raw, diagnostics);
        valid.push((
            i,
            ValidEntry {
                id: id.value.clone(),
                name: name.value.trim().to_owned(),
                label: raw.label.clone(),
                sort: raw.sort.clone(),
                aliases: raw.aliases.clone(),
                date,
                extra: raw.extra.clone(),
            },
        ));
    }
    valid
}

/// The keys FORMAT.md names for an entry; any other key is kept for themes as `extra`.
const ENTRY_KEYS: [&str; 7] = [
    "name",
    "label",
    "sort",
    "description",
    "aliases",
    "related",
    "date",
];

/// Warns about an extra key a typo away from a key of the format (`nmae`): it is kept
/// for themes, but the editor most likely meant the other, and the entry silently
/// lacks it.
fn warn_misspelt_keys(
    src: &SourceText,
    file: &RegisterFile,
    i: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (id, raw) = &file.entries[i];
    let end = file
        .entries
        .get(i + 1)
        .map_or(src.text().len(), |(next, _)| next.at.start);
    for key in raw.extra.keys() {
        let Some(near) = did_you_mean(key, ENTRY_KEYS) else {
            continue;
        };
        let at = key_at(src.text(), id.at.end..end, key).unwrap_or_else(|| id.at.clone());
        let message = format!("unknown key `{key}` in an entry is kept for themes as entry.extra");
        diagnostics.push(
            src.diagnostic(Severity::Warning, at, message)
                .with_hint(format!("did you mean `{near}`?")),
        );
    }
}

/// Where `key:` stands in `text[region]`: on the first line that opens with it, bare or
/// quoted. Load keeps no positions for extra keys, so they are found in the text.
fn key_at(text: &str, region: Range<usize>, key: &str) -> Option<Range<usize>> {
    let mut offset = region.start;
    for line in text[region].split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let quote = usize::from(line[indent..].starts_with(['"', '\'']));
        let start = offset + indent + quote;
        let after = line[indent + quote..].strip_prefix(key).map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        });
        if after == Some(true) {
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

/// What an id or a key is called in messages, and the index page it must not replace.
struct IdKind {
    what: &'static str,
    index_page: &'static str,
}

const ENTRY_ID: IdKind = IdKind {
    what: "id",
    index_page: "the register's index page",
};

const SOURCE_KEY: IdKind = IdKind {
    what: "source key",
    index_page: "the bibliography's index page",
};

/// Reports an invalid, reserved or repeated id or key.
fn check_id<'a>(
    src: &SourceText,
    id: &'a Located<String>,
    seen: &mut HashMap<&'a str, usize>,
    kind: &IdKind,
) -> Result<(), Diagnostic> {
    let what = kind.what;
    let error = |message: String| src.diagnostic(Severity::Error, id.at.clone(), message);
    if !is_valid_id(&id.value) {
        let suggestion = crate::slug::slugify(&id.value);
        let message = format!(
            "invalid {what} '{}': {what}s are lowercase ASCII letters, digits and hyphens",
            id.value
        );
        let hint = is_valid_id(&suggestion).then(|| format!("write it as '{suggestion}'"));
        return Err(error(message).with_hint_opt(hint));
    }
    if let Some(message) = super::too_long(what, &id.value) {
        return Err(error(message).with_hint(format!("choose a shorter {what}")));
    }
    // Its page would be `index.html` and take the place of the index of all of them.
    if id.value == "index" {
        let message = format!("{what} 'index' would replace {}", kind.index_page);
        let hint = format!(
            "'index' is the name of {}; choose another {what}",
            kind.index_page
        );
        return Err(error(message).with_hint(hint));
    }
    let (line, _) = src.line_col(id.at.start);
    if let Some(first) = seen.insert(&id.value, line) {
        let message = format!("duplicate {what} '{}'", id.value);
        let hint = format!(
            "'{}' is already defined at line {first}; give one of them another {what}",
            id.value
        );
        return Err(error(message).with_hint(hint));
    }
    Ok(())
}

/// The entry's date, checked against the calendar; a bad one is reported at its value.
fn checked_date(
    src: &SourceText,
    raw: &RawEntry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let date = raw.date.as_ref()?;
    Date::parse(&date.value)
        .map_err(|message| {
            diagnostics.push(
                src.diagnostic(Severity::Error, date.at.clone(), message)
                    .with_hint(DATE_HINT),
            );
        })
        .ok()
}

/// Checks `sources.yaml`; returns the sources in file order and the key table.
pub(super) fn build_sources(
    file: &BibliographyFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Source>, IdTable) {
    let mut sources = Vec::new();
    let mut keys = IdTable {
        unreadable: file.failed,
        ..IdTable::default()
    };
    file.broken.iter().for_each(|key| keys.mark_broken(key));
    let Some(src) = &file.src else {
        return (sources, keys);
    };
    let mut seen = HashMap::new();
    for (key, raw) in &file.entries {
        if let Err(d) = check_id(src, key, &mut seen, &SOURCE_KEY) {
            diagnostics.push(d);
            keys.mark_broken(&key.value);
            continue;
        }
        keys.found.insert(key.value.clone(), sources.len());
        sources.push(Source {
            key: key.value.clone(),
            short: raw.short.clone(),
            title: raw.title.clone(),
            kind: raw.kind.clone(),
            archival: archival_file(raw),
            citations: Vec::new(),
            documents: Vec::new(),
        });
    }
    (sources, keys)
}

/// The archival file a source describes, if it names any part of one.
fn archival_file(raw: &RawSource) -> Option<ArchivalFile> {
    let file = ArchivalFile {
        archive: raw.archive.clone(),
        fond: raw.fond.clone(),
        inventory: raw.inventory.clone(),
        file: raw.file.clone(),
    };
    (file != ArchivalFile::default()).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::key_at;

    #[test]
    fn an_extra_key_is_found_bare_or_quoted_at_a_line_start() {
        let text = "a:\n  description: nmae is here\n  nmae: A\nb:\n  \"sotr\": B\n";
        let at = key_at(text, 1..text.len(), "nmae").unwrap();
        assert!(text[..at.start].ends_with("here\n  "), "{at:?}");
        assert_eq!(&text[at], "nmae");
        let at = key_at(text, 1..text.len(), "sotr").unwrap();
        assert_eq!(&text[at], "sotr");
        assert_eq!(key_at(text, 1..20, "nmae"), None);
    }
}
