//! Register files and `sources.yaml` → checked, sorted entries and the id tables that
//! resolve references to them.

use super::collation::{initial, sort_key};
use super::{Backrefs, Entry, Register, Source, is_valid_id};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::load::{BibliographyFile, Located, RawEntry, RegisterFile};
use crate::parse::ParsedText;
use std::collections::HashMap;

/// What resolving references needs from the registers: the tables from ids to entries,
/// and for each sorted entry where it stands in its file.
pub(super) struct Ids {
    /// Kind name → register index.
    pub(super) kinds: HashMap<String, usize>,
    /// Per register: id → entry index (after sorting).
    pub(super) entries: Vec<HashMap<String, usize>>,
    /// Per register: entry index → index in the file.
    pub(super) file_index: Vec<Vec<usize>>,
    /// Per register: each entry's parsed description, still to be resolved.
    pub(super) descriptions: Vec<Vec<Option<ParsedText>>>,
    /// Per register: its file could not be read, so its ids are unknown.
    pub(super) unreadable: Vec<bool>,
}

/// Checks every register's ids and names and sorts the entries for the index.
pub(super) fn build(
    config: &Config,
    files: &[RegisterFile],
    mut descriptions: Vec<Vec<Option<ParsedText>>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Register>, Ids) {
    let mut ids = Ids {
        kinds: HashMap::new(),
        entries: Vec::new(),
        file_index: Vec::new(),
        descriptions: Vec::new(),
        unreadable: files.iter().map(|file| file.failed).collect(),
    };
    let mut registers = Vec::new();
    for (r, (kind, file)) in config.registers.iter().zip(files).enumerate() {
        ids.kinds.insert(kind.name.clone(), r);
        let mut valid = valid_entries(file, diagnostics);
        let language = &config.book.language;
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
        let mut parsed = std::mem::take(descriptions.get_mut(r).unwrap_or(&mut Vec::new()));
        ids.descriptions.push(
            valid
                .iter()
                .map(|(i, _)| parsed.get_mut(*i).and_then(Option::take))
                .collect(),
        );
        ids.entries.push(
            valid
                .iter()
                .enumerate()
                .map(|(n, (_, e))| (e.id.clone(), n))
                .collect(),
        );
        ids.file_index.push(valid.iter().map(|(i, _)| *i).collect());
        let entries = valid.into_iter().map(|(_, e)| e.into_entry()).collect();
        registers.push(Register {
            kind: kind.clone(),
            entries,
            chronological,
        });
    }
    (registers, ids)
}

/// An entry whose id and name passed the checks.
struct ValidEntry {
    id: String,
    name: String,
    label: Option<String>,
    sort: Option<String>,
    aliases: Vec<String>,
    date: Option<String>,
    extra: std::collections::BTreeMap<String, serde_json::Value>,
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
/// are reported.
fn valid_entries(
    file: &RegisterFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(usize, ValidEntry)> {
    let Some(src) = &file.src else {
        return Vec::new();
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut valid = Vec::new();
    for (i, (id, raw)) in file.entries.iter().enumerate() {
        if let Err(d) = check_id(src, id, &mut seen, "id") {
            diagnostics.push(d);
            continue;
        }
        let Some(name) = raw.name.as_ref().filter(|n| !n.value.trim().is_empty()) else {
            let message = format!("{} '{}' has no name", file.kind, id.value);
            let hint = "add `name:` with the heading form, e.g. `name: Бажанов В.М.`";
            diagnostics.push(
                src.diagnostic(Severity::Error, id.at.clone(), message)
                    .with_hint(hint),
            );
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

/// Reports an invalid or repeated id or key.
fn check_id<'a>(
    src: &SourceText,
    id: &'a Located<String>,
    seen: &mut HashMap<&'a str, usize>,
    what: &str,
) -> Result<(), Diagnostic> {
    if !is_valid_id(&id.value) {
        let suggestion = crate::slug::slugify(&id.value);
        let message = format!(
            "invalid {what} '{}': {what}s are lowercase ASCII letters, digits and hyphens",
            id.value
        );
        let d = src.diagnostic(Severity::Error, id.at.clone(), message);
        return Err(if is_valid_id(&suggestion) {
            d.with_hint(format!("write it as '{suggestion}'"))
        } else {
            d
        });
    }
    let (line, _) = src.line_col(id.at.start);
    if let Some(first) = seen.insert(&id.value, line) {
        let message = format!("duplicate {what} '{}'", id.value);
        let hint = format!(
            "'{}' is already defined at line {first}; give one of them another {what}",
            id.value
        );
        return Err(src
            .diagnostic(Severity::Error, id.at.clone(), message)
            .with_hint(hint));
    }
    Ok(())
}

fn checked_date(
    src: &SourceText,
    raw: &RawEntry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let date = raw.date.as_ref()?;
    let parts: Vec<&str> = date.value.split('-').collect();
    let widths_ok = matches!(
        parts.iter().map(|p| p.len()).collect::<Vec<_>>()[..],
        [4] | [4, 2] | [4, 2, 2]
    );
    if widths_ok && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return Some(date.value.clone());
    }
    let message = format!("invalid date '{}'", date.value);
    diagnostics.push(
        src.diagnostic(Severity::Error, date.at.clone(), message)
            .with_hint("write dates as YYYY-MM-DD, YYYY-MM or YYYY"),
    );
    None
}

/// Checks `sources.yaml`; returns the sources in file order and the key table.
pub(super) fn build_sources(
    file: &BibliographyFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Source>, HashMap<String, usize>) {
    let mut sources = Vec::new();
    let mut keys = HashMap::new();
    let Some(src) = &file.src else {
        return (sources, keys);
    };
    let mut seen = HashMap::new();
    for (key, raw) in &file.entries {
        if let Err(d) = check_id(src, key, &mut seen, "source key") {
            diagnostics.push(d);
            continue;
        }
        keys.insert(key.value.clone(), sources.len());
        sources.push(Source {
            key: key.value.clone(),
            short: raw.short.clone(),
            title: raw.title.clone(),
            kind: raw.kind.clone(),
            citations: Vec::new(),
        });
    }
    (sources, keys)
}
