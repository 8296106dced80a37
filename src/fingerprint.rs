//! Fingerprints: 64-bit hashes of what a cached value was made from.
//!
//! `serve` keeps parsed chapters and rendered pages between rebuilds and reuses one
//! only when the fingerprint of its inputs is unchanged. The hash is std's SipHash with
//! its fixed keys: the same within a process, which is all an in-memory cache needs,
//! and 64 bits make an accidental collision between two versions of a page about as
//! likely as a cosmic-ray bit flip (cargo trusts the same for its own fingerprints).

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of `value`.
pub fn of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
