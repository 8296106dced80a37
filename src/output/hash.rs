//! SHA-256 in the form `sha256sum` prints, of bytes in memory or read piece by piece.
//!
//! Shared by the archive's manifest and the output's marker.

use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};

/// Lower-case hexadecimal SHA-256, as `sha256sum` prints it.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// [`sha256_hex`] of everything `reader` yields, read piece by piece: a file of any
/// size, or a zip entry that unpacks to gigabytes, takes no more memory than a small one.
pub(super) fn sha256_of(mut reader: impl Read) -> io::Result<String> {
    let mut hasher = Hasher::default();
    io::copy(&mut reader, &mut hasher)?;
    Ok(hasher.finish())
}

/// Feeds what is written to it into a SHA-256, so that `io::copy` can fill it.
#[derive(Default)]
pub(super) struct Hasher(Sha256);

impl Hasher {
    /// The digest of everything written, in lower-case hexadecimal.
    pub(super) fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

impl Write for Hasher {
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
