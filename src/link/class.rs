//! What kind of thing a register's entries are, for the standard vocabularies an edition
//! is exported to (TEI's `persName`/`orgName`/`rs`, schema.org's `Person`/`Organization`).
//!
//! Registers are open-ended (an editor names the kinds), so the class is read from the
//! kind's name, as FORMAT.md documents: a person register is one of persons whatever its
//! title says, and a register whose entries all have dates is one of events.

use super::Register;

/// The class of a register's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryClass {
    /// People: the kinds `person`, `persons`, `people`.
    Person,
    /// Enterprises, institutions, organisations: the kinds `enterprise`, `organization`,
    /// `organisation`, `org`, `institution`.
    Organization,
    /// Dated entries (sittings, events): any other register whose entries all have a date.
    Event,
    /// Everything else: themes, terms, concepts.
    Term,
}

impl Register {
    /// The class of this register's entries.
    pub fn class(&self) -> EntryClass {
        match self.kind.name.as_str() {
            "person" | "persons" | "people" => EntryClass::Person,
            "enterprise" | "enterprises" | "organization" | "organisation" | "org"
            | "institution" => EntryClass::Organization,
            _ if self.chronological => EntryClass::Event,
            _ => EntryClass::Term,
        }
    }
}
