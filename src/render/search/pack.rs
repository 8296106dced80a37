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
//!
//! Before deflating, the text of documents and keys is written one byte a character in
//! the index's own code page, an [`Alphabet`]: deflate packs a Russian text about a
//! sixth smaller so than in UTF-8, where each letter takes two bytes.

use super::docs::unpacked;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write as _;

/// The code page of an index: up to 128 characters beyond ASCII, the edition's most
/// frequent, written as the bytes 128 to 255 (in the order of their code points, so
/// that only which characters are in it matters, and an edit seldom changes it). Any
/// other character is escaped: in JSON as `\uXXXX`, in a key as a zero byte and its
/// code point (see [`term_shard`]). `meta.js` lists it as a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub(super) struct Alphabet(Vec<char>);

impl From<Alphabet> for String {
    fn from(alphabet: Alphabet) -> String {
        alphabet.0.into_iter().collect()
    }
}

impl Alphabet {
    /// The alphabet of a text whose characters beyond ASCII occur as `counts` say: the
    /// 128 most frequent (the lower code point first among equals) of those a
    /// JavaScript string holds in one unit.
    pub(super) fn new(counts: &BTreeMap<char, u64>) -> Self {
        let mut chars: Vec<(char, u64)> = (counts.iter())
            .filter(|(c, _)| u32::from(**c) < 0x1_0000)
            .map(|(c, n)| (*c, *n))
            .collect();
        chars.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chars.truncate(128);
        let mut chars: Vec<char> = chars.into_iter().map(|(c, _)| c).collect();
        chars.sort_unstable();
        Self(chars)
    }

    /// The byte of `c`, if it has one.
    fn byte(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        let at = self.0.binary_search(&c).ok()?;
        Some(0x80 + u8::try_from(at).expect("at most 128 characters"))
    }

    /// A writer of JSON in this code page, with room for `capacity` bytes.
    pub(super) fn json(&self, capacity: usize) -> CodeJson<'_> {
        // The bytes of the first code points (every letter of most texts) looked up
        // in a table, not searched for: 0 for those the code page lacks.
        let mut table = [0_u8; TABLE];
        for (at, c) in self.0.iter().enumerate() {
            if let Some(byte) = table.get_mut(*c as usize) {
                *byte = 0x80 + u8::try_from(at).expect("at most 128 characters");
            }
        }
        CodeJson {
            alphabet: self,
            table,
            out: Vec::with_capacity(capacity),
        }
    }

    /// `key` in this code page, each character it lacks as a zero byte and its code
    /// point (a key holds no NUL).
    fn key(&self, key: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(key.len());
        for c in key.chars() {
            match self.byte(c) {
                Some(b) => out.push(b),
                None => {
                    out.push(0);
                    varint(&mut out, c as usize);
                }
            }
        }
        out
    }
}

/// How many of the first code points are looked up in a table, by [`CodeJson`] and by
/// the count of a page's characters: those that UTF-8 writes in one or two bytes.
pub(super) const TABLE: usize = 0x800;

/// Each ASCII byte as a JSON string holds it: itself, or 0 for the quote, the
/// backslash and the control characters, which are escaped.
const ASCII: [u8; 0x80] = {
    let mut ascii = [0; 0x80];
    let mut byte = 0x20;
    while byte < 0x80 {
        if byte != b'"' as usize && byte != b'\\' as usize {
            ascii[byte] = byte as u8;
        }
        byte += 1;
    }
    ascii
};

/// The most bytes one escape takes: a character beyond the BMP as two `\uXXXX`.
const ESCAPE_MOST: usize = 12;

/// Writes the escape of character `c` at the start of `out` as serde_json writes it
/// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, any other control character and any
/// character the code page lacks as `\uXXXX`, each UTF-16 unit), and returns its
/// length.
fn escape(c: u32, out: &mut [u8]) -> usize {
    let short = match c {
        0x22 => Some(b'"'),
        0x5c => Some(b'\\'),
        0x0a => Some(b'n'),
        0x0d => Some(b'r'),
        0x09 => Some(b't'),
        0x08 => Some(b'b'),
        0x0c => Some(b'f'),
        _ => None,
    };
    if let Some(letter) = short {
        out[..2].copy_from_slice(&[b'\\', letter]);
        return 2;
    }
    let c = char::from_u32(c).expect("a character of the text");
    let mut end = 0;
    for unit in c.encode_utf16(&mut [0; 2]) {
        let mut hex = &mut out[end..end + 6];
        write!(hex, "\\u{unit:04x}").expect("six bytes hold an escape");
        end += 6;
    }
    end
}

/// JSON written straight in an [`Alphabet`]'s code page, each character it lacks as
/// JSON's `\uXXXX`, strings escaped as serde_json escapes them: the documents' JSON,
/// which serde_json wrote as UTF-8 and a second pass read again into the code page,
/// is most of what the index deflates.
pub(super) struct CodeJson<'a> {
    alphabet: &'a Alphabet,
    /// The byte of each of the first [`TABLE`] code points, 0 if it has none.
    table: [u8; TABLE],
    out: Vec<u8>,
}

impl CodeJson<'_> {
    /// Punctuation or a number, as it is.
    pub(super) fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    /// A number.
    pub(super) fn number(&mut self, n: usize) {
        write!(self.out, "{n}").expect("writing into memory does not fail");
    }

    /// A string, quoted and escaped. Its bytes are read as they come: ASCII as it
    /// is, a two-byte character (every letter of most texts) by the table, each
    /// written at an index into room made beforehand: pushed one by one into the
    /// writer's vector, each byte stored its length and loaded it again for the next.
    pub(super) fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut out = std::mem::take(&mut self.out);
        out.push(b'"');
        // Room for a byte per byte of the text, which is what a character takes but
        // for escapes; an escape makes room for the rest at six bytes a byte.
        let mut end = out.len();
        out.resize(end + bytes.len(), 0);
        let mut at = 0;
        while at < bytes.len() {
            let lead = bytes[at];
            let (byte, len) = if lead < 0x80 {
                (ASCII[usize::from(lead)], 1)
            } else if lead < 0xe0 {
                // A two-byte character: its code point is below the table's end.
                let second = bytes[at + 1];
                let c = usize::from(lead & 0x1f) << 6 | usize::from(second & 0x3f);
                (self.table[c], 2)
            } else {
                let (c, len) = char_at(text, at);
                let byte = char::from_u32(c).and_then(|c| self.alphabet.byte(c));
                (byte.unwrap_or(0), len)
            };
            if byte != 0 {
                out[end] = byte;
                end += 1;
                at += len;
                continue;
            }
            let rest = bytes.len() - at;
            if out.len() - end < ESCAPE_MOST + rest {
                out.resize(end + 6 * rest + ESCAPE_MOST, 0);
            }
            let (c, len) = char_at(text, at);
            end += escape(c, &mut out[end..]);
            at += len;
        }
        out.truncate(end);
        out.push(b'"');
        self.out = out;
    }

    /// What was written.
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// The code point of the character that starts at byte `at` of `text`, and its length
/// in bytes: ASCII and two-byte characters (Latin, Greek, Cyrillic: nearly all of a
/// text) decoded on the spot, where `chars` was a tenth of the search stage.
#[inline]
pub(super) fn char_at(text: &str, at: usize) -> (u32, usize) {
    let bytes = text.as_bytes();
    let lead = bytes[at];
    if lead < 0x80 {
        (u32::from(lead), 1)
    } else if lead < 0xe0 {
        // A two-byte character's lead (`str` holds valid UTF-8, so its second byte
        // follows): its five bits, then the second byte's six.
        (
            u32::from(lead & 0x1f) << 6 | u32::from(bytes[at + 1] & 0x3f),
            2,
        )
    } else {
        let c = text[at..].chars().next().expect("a character starts here");
        (u32::from(c), c.len_utf8())
    }
}

/// The script `letopisSearch.CALL(…, "DATA");` of `data`, packed at deflate's
/// `level` ([`LEVEL`], or [`DOC_LEVEL`] for a document shard).
pub(super) fn script(call: &str, data: &[u8], level: u32) -> Vec<u8> {
    let mut out = format!("letopisSearch.{call}\"").into_bytes();
    crate::deflate::deflated(data, level, |deflated| seven_bits(deflated, &mut out));
    out.extend_from_slice(b"\");\n");
    out
}

/// `data` as JSON.
pub(super) fn json<T: Serialize>(data: &T) -> String {
    serde_json::to_string(data).expect("index data serializes: strings and numbers")
}

/// A term shard: for each key (in order, in `alphabet`'s code page), how many bytes it
/// shares with the key before, the number and the bytes of the rest, the number of its
/// postings, and each posting as the gap from the previous posting's page, the
/// document (the gap from the previous one when the page is the same) and the level,
/// all as variable-length numbers (seven bits a byte, the high bit set on all but the
/// last byte). `lists` are each page's postings of a key (packed, by document), by key
/// then page.
pub(super) fn term_shard(lists: &[(&str, u32, &[u32])], alphabet: &Alphabet) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = lists;
    let mut before = Vec::new();
    while let Some((first, _, _)) = rest.first() {
        let len = rest.partition_point(|(key, _, _)| key == first);
        let (same, after) = rest.split_at(len);
        let key = alphabet.key(first);
        let shared = key.iter().zip(&before).take_while(|(a, b)| a == b).count();
        varint(&mut out, shared);
        varint(&mut out, key.len() - shared);
        out.extend_from_slice(&key[shared..]);
        before = key;
        varint(&mut out, same.iter().map(|(_, _, list)| list.len()).sum());
        let (mut page, mut doc) = (0, 0);
        for &(_, p, list) in same {
            for &posting in list {
                let (d, level) = unpacked(posting);
                let gap = p - page;
                varint(&mut out, gap as usize);
                varint(&mut out, if gap == 0 { d - doc } else { d } as usize);
                out.push(level);
                (page, doc) = (p, d);
            }
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

/// How hard deflate looks for matches. zlib-rs's level 5 tries a quarter of the
/// default level's candidates at each position: the bundled edition's index grows by
/// 0.4 % and a generated one's by 5 %, while deflating 1,000 generated chapters'
/// documents takes 0.17 s of CPU where it took 0.42 (over half of the search stage).
/// The best level packs half a per cent smaller and takes far longer.
pub(super) const LEVEL: u32 = 5;

/// The level of the document shards, the bulk of the index's bytes: level 4 (lazy
/// matches from a shorter length) takes 2.8 % fewer instructions of the search stage
/// than [`LEVEL`] for 2.5 % more bytes of a generated edition's index (a result's
/// document shard 8.9 KB where it was 8.7) and 1.9 % more of the bundled edition's
/// (30.5 % of its Markdown); level 3 would save 1.2 % more for 20 % more bytes
/// (docs/performance.md, "search21").
pub(super) const DOC_LEVEL: u32 = 4;

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
    fn seven_bits_are_the_bits_read_one_by_one() {
        let bytes: Vec<u8> = (0..100_u32)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 11) as u8)
            .chain([0, b'"', b'\\', b'\n', b'\r', 0xff])
            .collect();
        for len in 0..bytes.len() {
            let bits: Vec<u8> = (bytes[..len].iter())
                .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1))
                .collect();
            let mut expected = Vec::new();
            for group in bits.chunks(7) {
                let code = (0..7).fold(0, |code, i| code << 1 | group.get(i).unwrap_or(&0));
                match code {
                    b'"' | b'\\' => expected.extend([b'\\', code]),
                    b'\n' => expected.extend(b"\\n"),
                    b'\r' => expected.extend(b"\\r"),
                    0 => expected.extend(b"\\x00"),
                    _ => expected.push(code),
                }
            }
            assert_eq!(packed(&bytes[..len]), expected, "{len} bytes");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every control character, quotes, backslashes, DEL, line separators, a
        // character of the code page, one beyond its table and one beyond the BMP.
        let mut text: String = (0..0x20_u8).map(char::from).collect();
        text.push_str("\"\\/\u{7f}\u{2028}\u{2029}я\u{fffd}😀 plain «я» ё, яя\"я");
        let alphabet = Alphabet::new(&BTreeMap::from([('я', 1), ('\u{fffd}', 1)]));
        let mut json = alphabet.json(0);
        json.string(&text);
        // serde_json's escapes, then the code page's bytes or `\uXXXX`.
        let mut expected = Vec::new();
        for c in serde_json::to_string(&text).expect("JSON").chars() {
            match alphabet.byte(c) {
                Some(b) => expected.push(b),
                None => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        expected.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                    }
                }
            }
        }
        assert_eq!(json.into_bytes(), expected);
    }

    /// One page's postings of a key, each `(document, level)`.
    fn list(postings: &[(usize, u8)]) -> Vec<u32> {
        (postings.iter())
            .map(|(doc, level)| super::super::docs::packed(*doc, *level))
            .collect()
    }

    #[test]
    fn a_term_shard_writes_gaps_between_pages_and_documents() {
        let (a0, a3, b) = (list(&[(1, 5), (4, 6)]), list(&[(2, 7)]), list(&[(0, 70)]));
        let alphabet = Alphabet::default();
        let shard = term_shard(&[("a", 0, &a0), ("a", 3, &a3), ("bc", 300, &b)], &alphabet);
        assert_eq!(
            shard,
            [
                0, 1, b'a', 3, // the key and its three postings
                0, 1, 5, // page 0, document 1
                0, 3, 6, // page 0, document 1 + 3
                3, 2, 7, // page 0 + 3, document 2
                0, 2, b'b', b'c', 1, // the next key
                0xac, 0x02, 0, 70, // page 300 (varint), document 0
            ]
        );
    }

    #[test]
    fn the_code_page_holds_the_most_frequent_characters_by_code_point() {
        let counts = |text: &str| {
            let mut counts = BTreeMap::new();
            for c in text.chars() {
                *counts.entry(c).or_default() += 1;
            }
            counts
        };
        let mut text = String::from("яяяааб😀😀😀😀");
        text.extend(('\u{400}'..'\u{4ff}').filter(|c| c.is_alphabetic()));
        let alphabet = Alphabet::new(&counts(&text));
        assert_eq!(alphabet.0.len(), 128);
        assert_eq!(alphabet.0[..2], ['\u{400}', '\u{401}']);
        assert!(alphabet.0.windows(2).all(|w| w[0] < w[1]));
        assert!(alphabet.0.contains(&'я') && alphabet.0.contains(&'б'));
        assert!(!alphabet.0.contains(&'\u{4fe}'), "the rarest left out");

        let small = Alphabet::new(&counts("ая«"));
        assert_eq!(String::from(small.clone()), "«ая");
        let mut json = small.json(0);
        json.raw("[");
        json.string("«ая», ёж 😀");
        json.raw("]");
        assert_eq!(
            json.into_bytes(),
            b"[\"\x80\x81\x82\\u00bb, \\u0451\\u0436 \\ud83d\\ude00\"]"
        );
        // A key shares its bytes with the key before, not its characters.
        let one = list(&[(0, 1)]);
        assert_eq!(
            term_shard(&[("ая", 0, &one), ("аё", 0, &one)], &small),
            [
                0, 2, 0x81, 0x82, 1, 0, 0, 1, // ая, one posting
                1, 3, 0, 0xd1, 0x08, 1, 0, 0, 1, // а shared, then ё escaped (U+0451)
            ]
        );
    }
}
