//! Resolving `kind:id` references and citation keys, with "did you mean" when they fail.

use super::registers::{IdTable, Ids};
use super::urls::Files;
use super::{DocumentSource, EntryRef, LinkedText, Locator, Party, Register};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, SourceText, did_you_mean};
use crate::load::{Located, RegisterFile};
use crate::parse::{ParsedText, TextRun};
use std::ops::Range;
use std::sync::Arc;

/// Where the problems of one file go: its text, for positions, and the list they join.
/// Per file, so that chapters can be linked in parallel, each into its own list.
pub(super) struct Reporter<'a> {
    /// The file being linked.
    pub(super) src: &'a SourceText,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// Reports the problems of `src` into `diagnostics`.
    pub(super) fn new(src: &'a SourceText, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Self { src, diagnostics }
    }

    /// An error at a byte range of the file, still to be reported.
    pub(super) fn error(&self, at: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.src.diagnostic(Severity::Error, at, message)
    }

    /// A warning at a byte range of the file, still to be reported.
    pub(super) fn warning(&self, at: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.src.diagnostic(Severity::Warning, at, message)
    }

    /// Reports a problem.
    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// The tables references are resolved against; shared read-only by parallel work.
pub(super) struct Resolver<'a> {
    config: &'a Config,
    files: Files,
    ids: Ids,
    keys: IdTable,
}

impl<'a> Resolver<'a> {
    /// Resolves against the registers' `ids`, the bibliography's `keys` and the `files`
    /// relative links may lead to.
    pub(super) fn new(config: &'a Config, ids: Ids, keys: IdTable, files: Files) -> Self {
        Self {
            config,
            files,
            ids,
            keys,
        }
    }

    /// The index in its register file of a sorted entry.
    pub(super) fn file_index(&self, entry: EntryRef) -> usize {
        self.ids.file_index[entry.register][entry.entry]
    }

    /// Resolves each entry's description and `related` list.
    pub(super) fn resolve_registers(
        &self,
        mut registers: Vec<Register>,
        descriptions: Vec<Vec<Option<ParsedText>>>,
        files: &[RegisterFile],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Register> {
        for (register, (entries, parsed)) in registers.iter_mut().zip(descriptions).enumerate() {
            let Some(src) = &files[register].src else {
                continue;
            };
            let mut out = Reporter::new(src, diagnostics);
            for (e, (entry, parsed)) in entries.entries.iter_mut().zip(parsed).enumerate() {
                let index = self.file_index(EntryRef { register, entry: e });
                let raw = &files[register].entries[index].1;
                entry.related = raw
                    .related
                    .iter()
                    .filter_map(|rel| self.reference(&mut out, rel))
                    .collect();
                entry.description = parsed.map(|p| self.description(&mut out, p));
            }
        }
        registers
    }

    fn description(&self, out: &mut Reporter<'_>, parsed: ParsedText) -> LinkedText {
        let text = self.text(out, Arc::new(parsed));
        for call in &text.parsed.note_calls {
            let message = "footnotes are not supported in register descriptions";
            out.report(out.error(call.at.clone(), message));
        }
        text
    }

    /// Resolves the mentions and citations of a parsed text (note calls are left to the
    /// chapter, which owns the notes).
    pub(super) fn text(&self, out: &mut Reporter<'_>, parsed: Arc<ParsedText>) -> LinkedText {
        let mentions = parsed
            .mentions
            .iter()
            .map(|m| self.entry(out, &m.kind, &m.id, m.at.clone()))
            .collect();
        let citations = parsed
            .citations
            .iter()
            .map(|c| {
                c.items
                    .iter()
                    .map(|w| self.source(out, &w.key, w.at.clone()))
                    .collect()
            })
            .collect();
        let calls = vec![None; parsed.note_calls.len()];
        let urls = parsed
            .urls
            .iter()
            .map(|url| self.files.resolve(out, url))
            .collect();
        let (mention_runs, citation_runs) = run_positions(&parsed);
        LinkedText {
            parsed,
            mentions,
            citations,
            calls,
            urls,
            mention_runs,
            citation_runs,
        }
    }

    /// Resolves a `kind:id` written as one YAML string (`related`).
    pub(super) fn reference(
        &self,
        out: &mut Reporter<'_>,
        text: &Located<String>,
    ) -> Option<EntryRef> {
        let Some((kind, id)) = text.value.split_once(':') else {
            let message = format!(
                "'{}' is not a reference: write kind:id, e.g. person:bazhanov",
                text.value
            );
            out.report(out.error(text.at.clone(), message));
            return None;
        };
        self.entry(out, kind, id, text.at.clone())
    }

    /// A document's place, author or addressee: a value shaped `kind:id` (ASCII, no
    /// spaces) is a reference, reported when it names no register or entry; anything
    /// else is the editor's text.
    pub(super) fn party(&self, out: &mut Reporter<'_>, text: &Located<String>) -> Option<Party> {
        let value = text.value.trim();
        // `Person:a` is a slip for `person:a`, not text: reported, as in a Markdown link.
        let slip = |kind: &str, id: &str| {
            let kind = kind.to_lowercase();
            !id.contains(char::is_whitespace)
                && self.config.registers.iter().any(|k| k.name == kind)
        };
        let reference = value.split_once(':').filter(|(kind, id)| {
            (super::is_valid_id(kind) && super::is_valid_id(id)) || slip(kind, id)
        });
        match reference {
            Some((kind, id)) => self.entry(out, kind, id, text.at.clone()).map(Party::Entry),
            None => Some(Party::Text(value.to_owned())),
        }
    }

    /// A document's `source`: one citation, `[@key, л. 12–13 об.]` (the brackets may be
    /// left out).
    pub(super) fn document_source(
        &self,
        out: &mut Reporter<'_>,
        text: &Located<String>,
    ) -> Option<DocumentSource> {
        let value = text.value.trim();
        let inner = value
            .strip_prefix('[')
            .and_then(|v| v.strip_suffix(']'))
            .unwrap_or(value);
        let items = crate::parse::citation::parse_items(inner)
            .ok()
            .filter(|items| items.len() == 1);
        let Some(item) = items.and_then(|mut items| items.pop()) else {
            let message = format!("`source` '{value}' is not one citation");
            let hint = "write it as a citation of one source, e.g. `source: \"[@gaso-841, л. 12–13 об.]\"`";
            out.report(out.error(text.at.clone(), message).with_hint(hint));
            return None;
        };
        let source = self.source(out, &item.key, text.at.clone())?;
        Some(DocumentSource {
            source,
            locator: item.locator.as_deref().map(Locator::parse),
        })
    }

    /// Resolves an id of a fixed kind (a speaker's `person`, a chapter's `themes`).
    pub(super) fn entry_of_kind(
        &self,
        out: &mut Reporter<'_>,
        kind: &str,
        id: &Located<String>,
    ) -> Option<EntryRef> {
        if !self.ids.kinds.contains_key(kind) {
            let message = format!("there is no '{kind}' register for '{}'", id.value);
            let hint = format!("declare it in book.toml as [registers.{kind}]");
            out.report(out.error(id.at.clone(), message).with_hint(hint));
            return None;
        }
        self.entry(out, kind, &id.value, id.at.clone())
    }

    /// Resolves `kind:id`, reporting an unknown kind, a malformed id or an unknown id.
    pub(super) fn entry(
        &self,
        out: &mut Reporter<'_>,
        kind: &str,
        id: &str,
        at: Range<usize>,
    ) -> Option<EntryRef> {
        let Some(&register) = self.ids.kinds.get(kind) else {
            let hint = did_you_mean(kind, self.ids.kinds.keys().map(String::as_str))
                .map(|k| format!("did you mean '{k}'?"))
                .unwrap_or_else(|| format!("the register kinds are: {}", self.kind_list()));
            let message = format!("unknown register kind '{kind}'");
            out.report(out.error(at, message).with_hint(hint));
            return None;
        };
        let table = &self.ids.tables[register];
        if let Some(entry) = table.get(id) {
            return Some(EntryRef { register, entry });
        }
        if !table.explained(id) {
            out.report(self.unknown_entry(out, register, id, at));
        }
        None
    }

    fn unknown_entry(
        &self,
        out: &Reporter<'_>,
        register: usize,
        id: &str,
        at: Range<usize>,
    ) -> Diagnostic {
        let kind = &self.config.registers[register];
        let near = |id: &str| {
            did_you_mean(id, self.ids.tables[register].ids())
                .map(|n| format!("did you mean '{n}'?"))
        };
        if super::is_valid_id(id) {
            let hint = near(id)
                .unwrap_or_else(|| format!("add '{id}' to {}/{}", self.content_name(), kind.file));
            let message = format!("unknown {} id '{id}'", kind.name);
            return out.error(at, message).with_hint(hint);
        }
        // An invalid id cannot be added to the register: suggest its valid spelling.
        let slug = crate::slug::slugify(id);
        let hint = near(&slug).or_else(|| {
            super::is_valid_id(&slug).then(|| format!("ids are written like '{slug}'"))
        });
        let message = format!(
            "invalid {} id '{id}': ids are lowercase ASCII letters, digits and hyphens",
            kind.name
        );
        out.error(at, message).with_hint_opt(hint)
    }

    /// Resolves a citation key.
    pub(super) fn source(
        &self,
        out: &mut Reporter<'_>,
        key: &str,
        at: Range<usize>,
    ) -> Option<usize> {
        if let Some(index) = self.keys.get(key) {
            return Some(index);
        }
        if self.keys.explained(key) {
            return None;
        }
        let hint = did_you_mean(key, self.keys.ids())
            .map(|near| format!("did you mean '{near}'?"))
            .unwrap_or_else(|| format!("add '{key}' to {}/sources.yaml", self.content_name()));
        let message = format!("unknown source '{key}'");
        out.report(out.error(at, message).with_hint(hint));
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

/// Where each mention and each citation of `parsed` stands among its passage's runs,
/// found in one pass over the runs.
fn run_positions(parsed: &ParsedText) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut mentions = vec![None; parsed.mentions.len()];
    let mut citations = vec![None; parsed.citations.len()];
    for passage in &parsed.passages {
        for (at, run) in passage.text.iter().enumerate() {
            match run {
                TextRun::Mention { mention, .. } => {
                    if let Some(slot) = mentions.get_mut(*mention) {
                        *slot = Some(at);
                    }
                }
                TextRun::Citation(c) => {
                    if let Some(slot) = citations.get_mut(*c) {
                        *slot = Some(at);
                    }
                }
                TextRun::Text(_) | TextRun::NoteCall(_) | TextRun::Start(_) | TextRun::End(_) => {}
            }
        }
    }
    (mentions, citations)
}
