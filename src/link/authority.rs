//! Authority records of register entries: the keys `wikidata`, `viaf` and `gnd` of an
//! entry name the same person, organisation or concept in those catalogues, and become
//! `sameAs` links of the entry's machine-readable description.
//!
//! A value that is not an id of its catalogue is reported (a typo must not make a link
//! to the wrong record); the entry is published without it.

use super::Entry;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::RegisterFile;

/// The catalogues: the entry key, the form of an id, the URL an id is appended to.
const CATALOGUES: [(&str, &str, &str); 3] = [
    (
        "wikidata",
        "Q and digits, e.g. Q42",
        "https://www.wikidata.org/entity/",
    ),
    ("viaf", "digits, e.g. 113230702", "https://viaf.org/viaf/"),
    (
        "gnd",
        "digits, '-' and 'X', e.g. 118540238",
        "https://d-nb.info/gnd/",
    ),
];

/// The authority URLs of an entry: Wikidata, VIAF, GND, in that order.
pub fn same_as(entry: &Entry) -> Vec<String> {
    CATALOGUES
        .iter()
        .filter_map(|(key, _, url)| {
            let id = authority_id(entry.extra.get(*key)?)?;
            is_id(key, &id).then(|| format!("{url}{id}"))
        })
        .collect()
}

/// Reports every authority key whose value is not an id of its catalogue, at the entry.
pub(super) fn check(file: &RegisterFile, diagnostics: &mut Vec<Diagnostic>) {
    let Some(src) = &file.src else { return };
    for (id, raw) in &file.entries {
        for (key, form, _) in CATALOGUES {
            let Some(value) = raw.extra.get(key) else {
                continue;
            };
            if authority_id(value).is_some_and(|v| is_id(key, &v)) {
                continue;
            }
            let message = format!(
                "{key} of {} '{}' is not an id of that catalogue ({form})",
                file.kind, id.value
            );
            let d = src.diagnostic(Severity::Warning, id.at.clone(), message);
            diagnostics.push(
                d.with_hint("write the record's id alone, not its URL; no link is made until then"),
            );
        }
    }
}

/// A value as an id: a string, or a number (`viaf: 113230702`).
fn authority_id(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn is_id(key: &str, id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match key {
        "wikidata" => id.strip_prefix('Q').is_some_and(digits),
        "viaf" => digits(id),
        "gnd" => {
            id.starts_with(|c: char| c.is_ascii_digit())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'-' || b == b'X')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_id;

    #[test]
    fn ids_have_the_form_of_their_catalogue() {
        assert!(is_id("wikidata", "Q42") && is_id("viaf", "113230702"));
        assert!(
            is_id("gnd", "118540238") && is_id("gnd", "4066009-6") && is_id("gnd", "11854023X")
        );
        for (key, bad) in [
            ("wikidata", "42"),
            ("wikidata", "https://www.wikidata.org/wiki/Q42"),
            ("viaf", "viaf-1"),
            ("gnd", ""),
        ] {
            assert!(!is_id(key, bad), "{key}: {bad}");
        }
    }
}
