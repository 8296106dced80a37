//! Resolving `kind:id` references and citation keys, with "did you mean" when they fail.

use super::registers::Ids;
use super::urls::Files;
use super::{EntryRef, LinkedText, Register};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText, did_you_mean};
use crate::load::{Located, RegisterFile};
use crate::parse::ParsedText;
use std::collections::HashMap;
use std::ops::Range;

/// The tables references are resolved against; shared read-only by parallel work.
pub(super) struct Resolver<'a> {
    config: &'a Config,
    files: Files,
    kinds: HashMap<String, usize>,
    entries: Vec<HashMap<String, usize>>,
    file_index: Vec<Vec<usize>>,
    keys: HashMap<String, usize>,
    unreadable: Vec<bool>,
    sources_unreadable: bool,
}

impl<'a> Resolver<'a> {
    /// `sources_unreadable`: `sources.yaml` could not be read, so no key is known.
    pub(super) fn new(
        config: &'a Config,
        ids: Ids,
        keys: HashMap<String, usize>,
        sources_unreadable: bool,
        files: Files,
    ) -> Self {
        Self {
            config,
            files,
            kinds: ids.kinds,
            entries: ids.entries,
            file_index: ids.file_index,
            keys,
            unreadable: ids.unreadable,
            sources_unreadable,
        }
    }

    /// Resolves each entry's description and `related` list.
    pub(super) fn resolve_registers(
        &self,
        mut registers: Vec<Register>,
        descriptions: Vec<Vec<Option<ParsedText>>>,
        files: &[RegisterFile],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Register> {
        for (r, (register, parsed)) in registers.iter_mut().zip(descriptions).enumerate() {
            let Some(src) = &files[r].src else { continue };
            for (e, (entry, parsed)) in register.entries.iter_mut().zip(parsed).enumerate() {
                let raw = &files[r].entries[self.file_index[r][e]].1;
                entry.related = raw
                    .related
                    .iter()
                    .filter_map(|rel| self.reference(src, rel, diagnostics))
                    .collect();
                entry.description = parsed.map(|p| {
                    let text = self.text(src, p, diagnostics);
                    for call in &text.parsed.note_calls {
                        let message = "footnotes are not supported in register descriptions";
                        diagnostics.push(src.diagnostic(Severity::Error, call.at.clone(), message));
                    }
                    text
                });
            }
        }
        registers
    }

    /// Resolves the mentions and citations of a parsed text (note calls are left to the
    /// chapter, which owns the notes).
    pub(super) fn text(
        &self,
        src: &SourceText,
        parsed: ParsedText,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> LinkedText {
        let mentions = parsed
            .mentions
            .iter()
            .map(|m| self.entry(src, &m.kind, &m.id, m.at.clone(), diagnostics))
            .collect();
        let citations = parsed
            .citations
            .iter()
            .map(|c| {
                c.items
                    .iter()
                    .map(|w| self.source(src, &w.key, w.at.clone(), diagnostics))
                    .collect()
            })
            .collect();
        let calls = vec![None; parsed.note_calls.len()];
        let urls = parsed
            .urls
            .iter()
            .map(|url| self.files.resolve(src, url, diagnostics))
            .collect();
        LinkedText {
            parsed,
            mentions,
            citations,
            calls,
            urls,
        }
    }

    /// Resolves a `kind:id` written as one YAML string (`related`).
    pub(super) fn reference(
        &self,
        src: &SourceText,
        text: &Located<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<EntryRef> {
        let Some((kind, id)) = text.value.split_once(':') else {
            let message = format!(
                "'{}' is not a reference: write kind:id, e.g. person:bazhanov",
                text.value
            );
            diagnostics.push(src.diagnostic(Severity::Error, text.at.clone(), message));
            return None;
        };
        self.entry(src, kind, id, text.at.clone(), diagnostics)
    }

    /// Resolves an id of a fixed kind (a speaker's `person`, a chapter's `themes`).
    pub(super) fn entry_of_kind(
        &self,
        src: &SourceText,
        kind: &str,
        id: &Located<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<EntryRef> {
        if !self.kinds.contains_key(kind) {
            let message = format!("there is no '{kind}' register for '{}'", id.value);
            let hint = format!("declare it in book.toml as [registers.{kind}]");
            diagnostics.push(
                src.diagnostic(Severity::Error, id.at.clone(), message)
                    .with_hint(hint),
            );
            return None;
        }
        self.entry(src, kind, &id.value, id.at.clone(), diagnostics)
    }

    /// Resolves `kind:id`, reporting an unknown kind, a malformed id or an unknown id.
    pub(super) fn entry(
        &self,
        src: &SourceText,
        kind: &str,
        id: &str,
        at: Range<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<EntryRef> {
        let Some(&register) = self.kinds.get(kind) else {
            let hint = did_you_mean(kind, self.kinds.keys().map(String::as_str))
                .map(|k| format!("did you mean '{k}'?"))
                .unwrap_or_else(|| format!("the register kinds are: {}", self.kind_list()));
            let message = format!("unknown register kind '{kind}'");
            diagnostics.push(src.diagnostic(Severity::Error, at, message).with_hint(hint));
            return None;
        };
        if let Some(&entry) = self.entries[register].get(id) {
            return Some(EntryRef { register, entry });
        }
        // The register's own error is reported; every reference into it would repeat it.
        if self.unreadable[register] {
            return None;
        }
        diagnostics.push(self.unknown_entry(src, register, kind, id, at));
        None
    }

    fn unknown_entry(
        &self,
        src: &SourceText,
        register: usize,
        kind: &str,
        id: &str,
        at: Range<usize>,
    ) -> Diagnostic {
        let file = &self.config.registers[register].file;
        let ids = || self.entries[register].keys().map(String::as_str);
        let near = |id: &str| did_you_mean(id, ids()).map(|n| format!("did you mean '{n}'?"));
        if super::is_valid_id(id) {
            let hint =
                near(id).unwrap_or_else(|| format!("add '{id}' to {}/{file}", self.content_name()));
            let message = format!("unknown {kind} id '{id}'");
            return src.diagnostic(Severity::Error, at, message).with_hint(hint);
        }
        // An invalid id cannot be added to the register: suggest its valid spelling.
        let slug = crate::slug::slugify(id);
        let hint = near(&slug).or_else(|| {
            super::is_valid_id(&slug).then(|| format!("ids are written like '{slug}'"))
        });
        let message = format!(
            "invalid {kind} id '{id}': ids are lowercase ASCII letters, digits and hyphens"
        );
        src.diagnostic(Severity::Error, at, message)
            .with_hint_opt(hint)
    }

    /// Resolves a citation key.
    pub(super) fn source(
        &self,
        src: &SourceText,
        key: &str,
        at: Range<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(&index) = self.keys.get(key) {
            return Some(index);
        }
        if self.sources_unreadable {
            return None;
        }
        let hint = did_you_mean(key, self.keys.keys().map(String::as_str))
            .map(|near| format!("did you mean '{near}'?"))
            .unwrap_or_else(|| format!("add '{key}' to {}/sources.yaml", self.content_name()));
        let message = format!("unknown source '{key}'");
        diagnostics.push(src.diagnostic(Severity::Error, at, message).with_hint(hint));
        None
    }

    fn kind_list(&self) -> String {
        let names: Vec<_> = self
            .config
            .registers
            .iter()
            .map(|k| k.name.as_str())
            .collect();
        names.join(", ")
    }

    fn content_name(&self) -> String {
        crate::load::display_path(self.config, &self.config.content_dir)
    }
}
