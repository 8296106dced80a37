//! A passage's text in short, and how alike two passages are.
//!
//! A passage is read as the set of its words and pairs of neighbouring words (case
//! folded, `ё` read as `е`, punctuation dropped). Two passages are alike by the
//! *overlap* of these sets: the share of the smaller one found in the other. An edited
//! word keeps most of the set; the first half of a split paragraph is wholly contained
//! in the paragraph it came from, and so is each paragraph in the one they were merged
//! into.
//!
//! The lock file cannot hold every passage's whole text, so it holds a sketch: the
//! [`SKETCH_SIZE`] smallest hashes of the set (bottom-k MinHash). The overlap is then
//! estimated on the hashes of one sketch that fall within the range the other sketch
//! covers completely.

/// How many hashes a sketch keeps.
pub(super) const SKETCH_SIZE: usize = 12;

/// The smallest hashes of a passage's words and word pairs, ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sketch(pub(super) Vec<u32>);

impl Sketch {
    /// The sketch of a passage's plain text.
    pub(super) fn of(text: &str) -> Self {
        // Every passage of an edition is sketched on every build, so each word is
        // folded once (most, folded already, are not copied; the others go to one
        // buffer for all), a pair's hash goes on from its first word's, and only the
        // smallest hashes so far are kept: nothing is allocated but the sketch itself.
        let mut smallest = Smallest::default();
        let mut buffer = Vec::new();
        let mut previous = None;
        for word in text
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
        {
            let folded = if is_folded(word.as_bytes()) {
                word.as_bytes()
            } else {
                fold_into(word, &mut buffer);
                &buffer
            };
            let state = fnv(FNV_START, folded);
            if let Some(first) = previous {
                smallest.add(finish(fnv(fnv(first, b" "), folded)));
            }
            smallest.add(finish(state));
            previous = Some(state);
        }
        Self(smallest.hashes[..smallest.len].to_vec())
    }

    /// How alike two passages are, from 0 (nothing shared) to 1 (one holds the other).
    /// Two passages without words (a block quote around its paragraphs) are alike.
    pub(super) fn similarity(&self, other: &Self) -> f64 {
        if self.0.is_empty() && other.0.is_empty() {
            return 1.0;
        }
        let one = self.contained_in(other).unwrap_or(0.0);
        let two = other.contained_in(self).unwrap_or(0.0);
        one.max(two)
    }

    /// The estimated share of this set found in `other`: the hashes of this sketch that
    /// lie where `other` knows all of its set's hashes are looked up there.
    fn contained_in(&self, other: &Self) -> Option<f64> {
        let limit = if other.0.len() < SKETCH_SIZE {
            u32::MAX
        } else {
            *other.0.last()?
        };
        // Ascending, so the sample is a prefix: counted in place, as this runs for
        // every pair of a chapter's old and new passages.
        let sample = &self.0[..self.0.partition_point(|&h| h <= limit)];
        if sample.is_empty() {
            return None;
        }
        let found = sample
            .iter()
            .filter(|h| other.0.binary_search(h).is_ok())
            .count();
        Some(found as f64 / sample.len() as f64)
    }
}

/// The FNV-1a offset basis. Hashes are FNV-1a folded to 32 bits: stable across
/// platforms and versions, as a committed file needs (std's hasher is neither).
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, going on from `h`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The 32-bit hash a sketch keeps.
fn finish(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Whether `c` belongs to a word: Russian letters answered at once, the rest by the
/// Unicode tables (`char::is_alphanumeric`), which are slow for Cyrillic.
fn is_word_char(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё') || c.is_alphanumeric()
}

/// The [`SKETCH_SIZE`] smallest distinct hashes added, ascending.
#[derive(Default)]
struct Smallest {
    hashes: [u32; SKETCH_SIZE],
    len: usize,
}

impl Smallest {
    fn add(&mut self, hash: u32) {
        if self.len == SKETCH_SIZE && hash >= self.hashes[SKETCH_SIZE - 1] {
            return;
        }
        let Err(at) = self.hashes[..self.len].binary_search(&hash) else {
            return;
        };
        self.len = (self.len + 1).min(SKETCH_SIZE);
        self.hashes.copy_within(at..self.len - 1, at + 1);
        self.hashes[at] = hash;
    }
}

/// Whether `word` is its own fold: small Latin and Russian letters (`а`–`п` are
/// D0 B0–BF, `р`–`я` D1 80–8F) and digits alone, as most words of running text are.
fn is_folded(word: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&byte) = word.get(i) {
        match (byte, word.get(i + 1)) {
            (b'a'..=b'z' | b'0'..=b'9', _) => i += 1,
            (0xD0, Some(0xB0..=0xBF)) | (0xD1, Some(0x80..=0x8F)) => i += 2,
            _ => return false,
        }
    }
    true
}

/// Writes the UTF-8 of `word` case-folded with `ё` read as `е` into `out`.
fn fold_into(word: &str, out: &mut Vec<u8>) {
    // Latin letters, digits and the Russian alphabet (two bytes: `А`–`П` are D0 90–9F,
    // `Р`–`Я` D0 A0–AF, `а`–`п` D0 B0–BF, `р`–`я` D1 80–8F, `Ё` D0 81, `ё` D1 91) are
    // folded here, byte by byte; a word with any other character is folded whole by
    // [`fold`]: the Unicode case tables are slow, and a final `Σ` folds by its place.
    out.clear();
    let bytes = word.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let folded = match (byte, bytes.get(i + 1).copied().unwrap_or(0)) {
            (b'a'..=b'z' | b'0'..=b'9', _) => [byte, 0],
            (b'A'..=b'Z', _) => [byte.to_ascii_lowercase(), 0],
            (0xD0, next @ 0xB0..=0xBF) | (0xD1, next @ 0x80..=0x8F) => [byte, next],
            (0xD0, next @ 0x90..=0x9F) => [0xD0, next + 0x20],
            (0xD0, next @ 0xA0..=0xAF) => [0xD1, next - 0x20],
            (0xD0, 0x81) | (0xD1, 0x91) => [0xD0, 0xB5],
            _ => {
                out.clear();
                out.extend_from_slice(fold(word).as_bytes());
                return;
            }
        };
        let len = if byte.is_ascii() { 1 } else { 2 };
        out.extend_from_slice(&folded[..len]);
        i += len;
    }
}

/// A word case-folded with `ё` read as `е`.
fn fold(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "Весь предшествующий опыт Орджоникидзе, в частности практика \
        проведения Всесоюзных Совещаний высшего и среднего звена управленцев советской \
        промышленности в 1931-1934 гг., позволяла ему рассчитывать на успех Пленума";

    #[test]
    fn an_edited_word_keeps_a_passage_alike() {
        let edited = LONG.replace("опыт", "путь");
        assert!(Sketch::of(LONG).similarity(&Sketch::of(&edited)) >= 0.5);
    }

    #[test]
    fn each_half_of_a_split_is_contained_in_the_whole() {
        let (first, second) = LONG.split_at(LONG.find("Всесоюзных").expect("a word"));
        let whole = Sketch::of(LONG);
        assert!(whole.similarity(&Sketch::of(first)) >= 0.5);
        assert!(whole.similarity(&Sketch::of(second)) >= 0.5);
    }

    #[test]
    fn different_passages_are_not_alike() {
        let other = "Доля брака и низкое качество продукции обсуждались на заседании \
                     вечером двадцать шестого июня, когда выступали директора заводов";
        assert!(Sketch::of(LONG).similarity(&Sketch::of(other)) < 0.5);
        assert!(Sketch::of("").similarity(&Sketch::of(other)) < 0.5);
    }

    /// A string's hash, as the plain definition makes it.
    fn hash(text: &str) -> u32 {
        finish(fnv(FNV_START, text.as_bytes()))
    }

    proptest::proptest! {
        #[test]
        fn the_sketch_is_the_one_of_words_folded_one_by_one(
            text in "[ a-zA-Z0-9.,ёЁа-яА-ЯѐЀђЂσΣΣİẞ\u{300}\u{2160}-]{0,60}",
        ) {
            // The plain definition: every word and pair folded and hashed as a string.
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase().replace('ё', "е"))
                .collect();
            let pairs = words.windows(2).map(|pair| hash(&format!("{} {}", pair[0], pair[1])));
            let mut hashes: Vec<u32> = words.iter().map(|w| hash(w)).chain(pairs).collect();
            hashes.sort_unstable();
            hashes.dedup();
            hashes.truncate(SKETCH_SIZE);
            proptest::prop_assert_eq!(Sketch::of(&text).0, hashes);
        }
    }

    #[test]
    fn case_and_yo_are_folded() {
        assert_eq!(Sketch::of("Ёлкин сказал."), Sketch::of("елкин СКАЗАЛ"));
    }
}
