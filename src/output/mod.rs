//! Stage 5: a built [`Site`](crate::site::Site) becomes files on disk.
//!
//! Two ways out, each in its own file: [`Staging`] (and [`write_site`] for a site
//! already in memory) replaces the output folder atomically, taking pages as they are
//! rendered, and [`write_archive`] packs the site into a reproducible zip with a
//! checksum manifest that [`verify`] checks later. They live apart from `render` because
//! they are the only part of a build that changes the disk, so they are the part that
//! must refuse to destroy what it did not make; `render` stays a pure function and
//! `serve` can keep a site in memory without ever coming here.

mod archive;
mod case_clash;
mod hash;
mod interrupt;
mod leftovers;
mod lock;
mod marker;
mod reuse;
mod survey;
mod swap;
mod write;

pub use archive::{
    ArchiveMeta, MANIFEST, README, SOURCE_DATE_EPOCH, SourceDate, VerifyReport, check_archive_path,
    source_date, verify, write_archive,
};
pub(crate) use case_clash::check_case_clashes;
pub use interrupt::remove_temporaries_on_interrupt;
pub(crate) use write::resolve;
pub use write::{Committed, MARKER, OutputTarget, Staging, shown_folder, write_site};
