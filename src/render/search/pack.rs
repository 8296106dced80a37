//! How the index's data becomes scripts: deflated, then written seven bits to a
//! character of a JavaScript string.
//!
//! A script cannot carry bytes, and the documents' text alone would make the index
//! as large as the edition's text. So each file's data is deflated (raw, as
//! `DecompressionStream('deflate-raw')` reads it) and its bits are cut into groups
//! of seven, each written as the ASCII character of that code; the four that a
//! JavaScript string cannot hold as they are (`"`, `\`, line feed, carriage return)
//! and NUL take JavaScript's own escapes. That is 8/7 of the bytes and a few escapes,
//! where base 85 was 5/4 and base 64 is 4/3: the file is read as UTF-8, in which every
//! character above 127 takes two bytes, so seven bits a byte is what a string can hold.

use super::docs::Posting;
use serde::Serialize;
use std::io::Write as _;

/// The script `letopisSearch.CALL(…, "DATA");` of `data`, packed.
pub(super) fn script(call: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("letopisSearch.{call}\"").into_bytes();
    seven_bits(&deflate(data), &mut out);
    out.extend_from_slice(b"\");\n");
    out
}

/// `data` as JSON.
pub(super) fn json<T: Serialize>(data: &T) -> Vec<u8> {
    serde_json::to_vec(data).expect("index data serializes: strings and numbers")
}

/// A term shard: for each key (in order), its length and bytes, the number of its
/// postings, and each posting as the gap from the previous posting's page, the
/// document (the gap from the previous one when the page is the same) and the level,
/// all as variable-length numbers (seven bits a byte, the high bit set on all but the
/// last byte). `postings` are by key, then page, then document.
pub(super) fn term_shard(postings: &[(u32, &Posting)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = postings;
    while let Some((_, first)) = rest.first() {
        let len = rest.partition_point(|(_, p)| p.key == first.key);
        let (list, after) = rest.split_at(len);
        varint(&mut out, first.key.len());
        out.extend_from_slice(first.key.as_bytes());
        varint(&mut out, list.len());
        let (mut page, mut doc) = (0, 0);
        for &(p, posting) in list {
            let gap = p - page;
            varint(&mut out, gap as usize);
            let d = if gap == 0 {
                posting.doc - doc
            } else {
                posting.doc
            };
            varint(&mut out, d as usize);
            out.push(posting.level);
            (page, doc) = (p, posting.doc);
        }
        rest = after;
    }
    out
}

fn varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// `data` deflated, raw, at the default level: the best level packs the index half a
/// per cent smaller and takes far longer.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut deflate =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    deflate
        .write_all(data)
        .and_then(|()| deflate.finish())
        .expect("deflating into memory does not fail")
}

/// `bytes` seven bits to a character (the high bits first, the last group padded with
/// zeros), escaped where a JavaScript string needs it.
fn seven_bits(bytes: &[u8], out: &mut Vec<u8>) {
    let (mut acc, mut bits) = (0u32, 0);
    let put = |code: u8, out: &mut Vec<u8>| match code {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        0 => out.extend_from_slice(b"\\x00"),
        _ => out.push(code),
    };
    for &byte in bytes {
        acc = ((acc << 8) | u32::from(byte)) & 0x7fff;
        bits += 8;
        while bits >= 7 {
            bits -= 7;
            put(((acc >> bits) & 0x7f) as u8, out);
        }
    }
    if bits > 0 {
        put(((acc << (7 - bits)) & 0x7f) as u8, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        seven_bits(bytes, &mut out);
        out
    }

    #[test]
    fn seven_bits_a_character_the_last_padded_with_zeros() {
        assert_eq!(packed(&[]), b"");
        // 1111111 1000000 00(00000): 127, 64, then NUL, escaped.
        assert_eq!(packed(&[0xff, 0x00]), b"\x7f@\\x00");
        // 0100010 0(000000): a quote, then NUL.
        assert_eq!(packed(&[0x44]), b"\\\"\\x00");
        // 0001010 0001101 0111000 000(0000): a line feed, a carriage return, '8', NUL.
        assert_eq!(packed(&[0x14, 0x35, 0xc0]), b"\\n\\r8\\x00");
        // 1011100 1(000000): a backslash, then 64.
        assert_eq!(packed(&[0xb9]), b"\\\\@");
    }

    #[test]
    fn a_term_shard_writes_gaps_between_pages_and_documents() {
        let posting = |key: &str, doc, level| Posting {
            key: key.into(),
            hash: 0,
            doc,
            level,
        };
        let (a1, a2, a3, b1) = (
            posting("a", 1, 5),
            posting("a", 4, 6),
            posting("a", 2, 7),
            posting("bc", 0, 70),
        );
        let shard = term_shard(&[(0, &a1), (0, &a2), (3, &a3), (300, &b1)]);
        assert_eq!(
            shard,
            [
                1, b'a', 3, // the key and its three postings
                0, 1, 5, // page 0, document 1
                0, 3, 6, // page 0, document 1 + 3
                3, 2, 7, // page 0 + 3, document 2
                2, b'b', b'c', 1, // the next key
                0xac, 0x02, 0, 70, // page 300 (varint), document 0
            ]
        );
    }
}
