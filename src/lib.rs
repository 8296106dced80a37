//! letopis turns a documentary edition written as Markdown chapters and YAML registers
//! into a cross-referenced static HTML edition.
//!
//! ```text
//! book.toml ──► Config
//! content/  ──► load   ──► Sources   (raw files: front matter split, YAML parsed, spans kept)
//!               parse  ──► Chapters  (Markdown → HTML with typed holes, mentions, citations, notes)
//!               link   ──► Edition   (registers + chapters + the cross-reference index,
//!                                     every reference resolved or reported)
//!               render ──► Site      (a list of pages: relative path + bytes)
//!               write  ──► output-dir (atomically), or a zip (archive)
//! ```
//!
//! Each stage is a plain function from one value to the next, and [`pipeline`] is the
//! only place that calls them in order. Editors' mistakes travel beside every stage as
//! [`diagnostics::Diagnostic`]s, so a run reports all of them; failures of the
//! environment are `anyhow` errors that stop it.

pub mod config;
pub mod date;
pub mod deflate;
pub mod diagnostics;
pub mod export;
pub mod fingerprint;
pub mod html;
pub mod link;
pub mod load;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod scan;
pub mod site;
pub mod slug;
pub mod timings;

pub use pipeline::{Checked, build, check};
