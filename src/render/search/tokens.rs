//! Words of a text as the search index and the browser both see them.
//!
//! A word is a Unicode word (UAX #29, as `Intl.Segmenter` finds them in the browser),
//! lower-cased, with `ё` read as `е`, then cut to its Snowball stem. A book in Russian or
//! English gets both stemmers, each word the one of its script: a Russian book quotes
//! English (the bundled edition's abstract) and an English one Russian. Russian stems
//! get one more fold: a fleeting vowel before the stem's last consonant is dropped
//! (стахановец → стахановц), because Snowball keeps it in the nominative and not in the
//! other cases (стахановцы → стахановц). Books in other languages get folded words,
//! unstemmed. The browser's `search.js` does the same steps in the same order; a test
//! feeds every word of the bundled edition through both and requires the same keys.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation as _;

/// How the words of one book become index keys.
pub(crate) struct Normalizer {
    stemmers: Option<Stemmers>,
}

/// The two stemmers a Russian or English book uses.
struct Stemmers {
    russian: Stemmer,
    english: Stemmer,
}

impl Normalizer {
    /// The normalizer for a book in `language` (a BCP 47 tag: `ru`, `ru-RU`, `en-GB`),
    /// by its primary subtag.
    pub(crate) fn new(language: &str) -> Self {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        let stemmed = matches!(primary.to_ascii_lowercase().as_str(), "ru" | "en");
        Self {
            stemmers: stemmed.then(|| Stemmers {
                russian: Stemmer::create(Algorithm::Russian),
                english: Stemmer::create(Algorithm::English),
            }),
        }
    }

    /// Whether words are stemmed (what `meta.js` tells the browser).
    pub(crate) fn stems(&self) -> bool {
        self.stemmers.is_some()
    }

    /// The index key of one word: folded, stemmed by its script's stemmer, and (in
    /// Russian) its fleeting vowel dropped.
    pub(crate) fn key(&self, word: &str) -> String {
        let folded = fold(word);
        let Some(stemmers) = &self.stemmers else {
            return folded;
        };
        if folded.chars().any(is_cyrillic) {
            drop_fleeting_vowel(&stemmers.russian.stem(&folded))
        } else {
            stemmers.english.stem(&folded).into_owned()
        }
    }
}

/// The keys of many texts, each distinct word stemmed once and each distinct key
/// numbered. Stemming every word of a large edition was a fifth of its build, and a
/// `String` per word its largest memory: a word's key is looked up before it is
/// computed, and a text's keys are numbers into one table of them (with the hash that
/// picks their term shard), which the pages keyed with it share.
pub(crate) struct Keys<'n> {
    normalizer: &'n Normalizer,
    /// Each word met, with its key's number.
    words: HashMap<String, u32>,
    /// Each key's number.
    numbers: HashMap<Arc<str>, u32>,
    /// Each key and its hash ([`super::key_hash`]), by number.
    keys: Vec<(Arc<str>, u32)>,
}

impl<'n> Keys<'n> {
    /// An empty table over `normalizer`.
    pub(crate) fn new(normalizer: &'n Normalizer) -> Self {
        Self {
            normalizer,
            words: HashMap::new(),
            numbers: HashMap::new(),
            keys: Vec::new(),
        }
    }

    /// The number of the index key of every word of `text`, in order.
    pub(crate) fn of(&mut self, text: &str) -> Vec<u32> {
        words(text).map(|word| self.number(word)).collect()
    }

    /// The key numbered `n`.
    pub(crate) fn key(&self, n: u32) -> &str {
        &self.keys[n as usize].0
    }

    /// The hash of the key numbered `n`.
    pub(crate) fn hash(&self, n: u32) -> u32 {
        self.keys[n as usize].1
    }

    fn number(&mut self, word: &str) -> u32 {
        if let Some(n) = self.words.get(word) {
            return *n;
        }
        let key: Arc<str> = self.normalizer.key(word).into();
        let n = match self.numbers.get(&key) {
            Some(n) => *n,
            None => {
                let n = u32::try_from(self.keys.len()).expect("fewer than 4 billion keys");
                self.keys.push((Arc::clone(&key), super::key_hash(&key)));
                self.numbers.insert(key, n);
                n
            }
        };
        self.words.insert(word.to_owned(), n);
        n
    }
}

/// A letter of the Russian alphabet (after folding: lower case, no `ё`).
fn is_cyrillic(c: char) -> bool {
    ('а'..='я').contains(&c)
}

/// The words of `text` by Unicode word boundaries: runs with a letter or a digit.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

/// Case folding and `ё` read as `е`: what a reader types need not match the text's case
/// or its use of `ё`.
pub(crate) fn fold(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

/// Russian consonants a fleeting vowel stands between.
const CONSONANTS: &str = "бвгджзйклмнпрстфхцчшщ";

/// The consonants that end a stem after a fleeting `е` or `о`: -ец, -ок, -ек, -ень, -ел.
const FLEETING_ENDS: &str = "цкнлр";

/// `стахановец` → `стахановц`, `кусок` → `куск`: an `е` or `о` between a consonant and a
/// final ц, к, н, л or р is dropped when at least three letters stand before it, so
/// both the nominative and the other cases reach one key. Short stems keep the vowel,
/// so that `сон` and `сено` do not meet.
fn drop_fleeting_vowel(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    let fleeting = n >= 5
        && FLEETING_ENDS.contains(chars[n - 1])
        && matches!(chars[n - 2], 'е' | 'о')
        && CONSONANTS.contains(chars[n - 3]);
    if fleeting {
        chars[..n - 2].iter().chain(&chars[n - 1..]).collect()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_follow_unicode_boundaries_and_keep_numbers() {
        let found: Vec<&str> =
            words("В 1936 г. «Донбассуголь» — план 3.5%; don't stop, т.е. 25–29 июня").collect();
        assert_eq!(
            found,
            [
                "В",
                "1936",
                "г",
                "Донбассуголь",
                "план",
                "3.5",
                "don't",
                "stop",
                "т.е",
                "25",
                "29",
                "июня"
            ]
        );
    }

    #[test]
    fn case_is_folded_and_yo_is_read_as_ye() {
        assert_eq!(fold("ЁЛКИН"), "елкин");
        assert_eq!(fold("Всё"), "все");
        assert_eq!(fold("ПЛЕНУМ Council"), "пленум council");
    }

    #[test]
    fn russian_keys_join_the_forms_of_a_word() {
        let ru = Normalizer::new("ru");
        let key = ru.key("инженерам");
        assert_eq!(ru.key("инженеров"), key);
        assert_eq!(ru.key("Инженеры"), key);
        assert_eq!(ru.key("ИНЖЕНЕР"), key);
        assert_eq!(ru.key("Всё"), ru.key("все"));
    }

    #[test]
    fn fleeting_vowel_is_dropped_so_every_case_meets() {
        let ru = Normalizer::new("ru-RU");
        let key = ru.key("стахановец");
        for form in ["стахановцы", "стахановцев", "стахановцами", "Стахановца"]
        {
            assert_eq!(ru.key(form), key, "{form}");
        }
        assert_eq!(ru.key("кусок"), ru.key("куска"));
        // Short stems keep the vowel: «сон» and «сено» stay apart.
        assert_ne!(ru.key("сон"), ru.key("сено"));
        assert_ne!(ru.key("совет"), ru.key("свет"));
    }

    #[test]
    fn each_word_gets_the_stemmer_of_its_script() {
        let ru = Normalizer::new("ru");
        assert_eq!(ru.key("engineers"), ru.key("Engineer"));
        assert_eq!(ru.key("analyzes"), ru.key("analyzed"));
        let en = Normalizer::new("en");
        assert_eq!(en.key("стахановцев"), en.key("стахановец"));
    }

    #[test]
    fn english_is_stemmed_and_other_languages_are_only_folded() {
        let en = Normalizer::new("en-GB");
        assert_eq!(en.key("Industries"), en.key("industry"));
        assert_eq!(en.key("planning"), en.key("planned"));
        let de = Normalizer::new("de");
        assert!(!de.stems());
        let mut keys = Keys::new(&de);
        let numbers = keys.of("Häuser HAUS Häuser");
        assert_eq!(
            numbers.iter().map(|n| keys.key(*n)).collect::<Vec<_>>(),
            ["häuser", "haus", "häuser"]
        );
        assert_eq!(numbers[0], numbers[2], "one number for a key");
        // Two words of one key share its number.
        let ru = Normalizer::new("ru");
        let mut keys = Keys::new(&ru);
        let numbers = keys.of("инженеры инженерам");
        assert_eq!(numbers[0], numbers[1]);
        assert_eq!(
            keys.hash(numbers[0]),
            super::super::key_hash(keys.key(numbers[0]))
        );
    }
}
