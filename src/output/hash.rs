//! Digests of bytes in memory or read piece by piece, in lower-case hexadecimal.
//!
//! Two, for two jobs. The archive's manifest is SHA-256 in the form `sha256sum`
//! prints, because a reader checks it with that tool, years later. The output marker
//! ([`super::marker`]) is XXH3-128: it only has to tell a file letopis wrote from the
//! same path changed since, when the file's time moved but not its size. An accidental
//! match of 128 bits is out of reach (2⁻¹²⁸ per file), and a deliberate one buys
//! nothing: whoever can write into the output folder can delete from it without
//! letopis's help. XXH3 hashes a build's hundreds of megabytes in a tenth of SHA-256's
//! time (SHA-256 was a fortieth of a whole build's CPU).

use std::io::{self, Read, Write};

use sha2::{Digest as _, Sha256};
use xxhash_rust::xxh3::Xxh3Default;

/// A hash fed piece by piece, ending in its digest in lower-case hexadecimal.
pub(super) trait Digest: Default {
    /// Adds `bytes` to what is hashed.
    fn update(&mut self, bytes: &[u8]);
    /// The digest of everything added.
    fn hex(self) -> String;
}

/// SHA-256, for the archive's manifest.
#[derive(Default)]
pub(super) struct Sha256Digest(Sha256);

impl Digest for Sha256Digest {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn hex(self) -> String {
        hex(&self.0.finalize())
    }
}

/// XXH3-128, for the output marker.
#[derive(Default)]
pub(super) struct Xxh3Digest(Xxh3Default);

impl Digest for Xxh3Digest {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn hex(self) -> String {
        format!("{:032x}", self.0.digest128())
    }
}

/// The digest `D` of `bytes`.
pub(super) fn hex_of<D: Digest>(bytes: &[u8]) -> String {
    let mut digest = D::default();
    digest.update(bytes);
    digest.hex()
}

/// Lower-case hexadecimal SHA-256, as `sha256sum` prints it.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex_of::<Sha256Digest>(bytes)
}

/// The digest `D` of everything `reader` yields, read piece by piece: a file of any
/// size, or a zip entry that unpacks to gigabytes, takes no more memory than a small one.
pub(super) fn digest_of<D: Digest>(mut reader: impl Read) -> io::Result<String> {
    let mut hasher = Hasher::<D>::default();
    io::copy(&mut reader, &mut hasher)?;
    Ok(hasher.finish())
}

/// [`digest_of`] in SHA-256.
pub(super) fn sha256_of(reader: impl Read) -> io::Result<String> {
    digest_of::<Sha256Digest>(reader)
}

/// Feeds what is written to it into a digest, so that `io::copy` can fill it.
#[derive(Default)]
pub(super) struct Hasher<D>(D);

impl<D: Digest> Hasher<D> {
    /// The digest of everything written, in lower-case hexadecimal.
    pub(super) fn finish(self) -> String {
        self.0.hex()
    }
}

impl<D: Digest> Write for Hasher<D> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A digest in lower-case hexadecimal.
fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(2 * digest.len());
    for byte in digest {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xxh3_is_the_reference_digest_and_the_same_read_piece_by_piece() {
        // XXH3-128 of the empty input, as the reference implementation gives it
        // (`xxhsum -H2`): a marker written by one build is read by later versions.
        assert_eq!(
            hex_of::<Xxh3Digest>(b""),
            "99aa06d3014798d86001c324468d497f"
        );
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(
            digest_of::<Xxh3Digest>(io::Read::chain(&bytes[..1000], &bytes[1000..])).unwrap(),
            hex_of::<Xxh3Digest>(&bytes)
        );
        assert_ne!(
            hex_of::<Xxh3Digest>(&bytes[1..]),
            hex_of::<Xxh3Digest>(&bytes)
        );
    }
}
