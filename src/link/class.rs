//! What kind of thing a register's entries are, for the standard vocabularies an edition
//! is exported to (TEI's `persName`/`orgName`/`placeName`/`rs`, schema.org's `Person`/
//! `Organization`/`Place`).
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
    /// Places (towns, factories as sites, archives' cities): the kinds `place`, `places`,
    /// `location`, `locations`, the registers a document's `place` points into.
    Place,
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
            "place" | "places" | "location" | "locations" => EntryClass::Place,
            _ if self.chronological => EntryClass::Event,
            _ => EntryClass::Term,
        }
    }
}
