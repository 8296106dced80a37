//! Sorting names the way a printed index of the book's language does.
//!
//! `str::cmp` puts Ё before А and lowercase after uppercase; a Russian index files Ё
//! with Е (after it when the names are otherwise equal), ignores case and punctuation,
//! and puts Latin names after the Cyrillic ones. For other languages Latin comes first.
//! Either way a Latin letter with a diacritic files with its base letter (Élise with
//! Elise, after it when the names are otherwise equal; Ångström under A), as an English,
//! French or German index does, not after every other script.

/// The Russian alphabet in order, Ё omitted (it sorts as Е).
const CYRILLIC: &str = "абвгдежзийклмнопрстуфхцчшщъыьэюя";

/// A key that sorts names in index order; compare keys, not names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    primary: Vec<u32>,
    secondary: Vec<u32>,
    original: String,
}

/// Whether Cyrillic names sort before Latin ones (Russian and its neighbours).
fn cyrillic_first(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    ["ru", "uk", "be", "bg", "sr", "mk", "kk", "ky"].contains(&primary)
}

/// The sort key of `name` in a book written in `language`.
pub fn sort_key(name: &str, language: &str) -> SortKey {
    let (cyrillic_group, latin_group) = if cyrillic_first(language) {
        (2, 3)
    } else {
        (3, 2)
    };
    let mut primary = Vec::with_capacity(name.len());
    let mut secondary = Vec::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let (weight, tie) = match c {
            'ё' => (cyrillic_group * 1000 + position(CYRILLIC, 'е'), 1),
            c if CYRILLIC.contains(c) => (cyrillic_group * 1000 + position(CYRILLIC, c), 0),
            c if c.is_ascii_lowercase() => (latin_group * 1000 + u32::from(c) - u32::from('a'), 0),
            c if c.is_ascii_digit() => (1000 + u32::from(c) - u32::from('0'), 0),
            c if latin_base(c).is_some() => {
                for base in latin_base(c).into_iter().flat_map(str::bytes) {
                    primary.push(latin_group * 1000 + u32::from(base - b'a'));
                    secondary.push(1);
                }
                continue;
            }
            // A space separates words: «Иванов А.С.» files before «Иванова».
            c if c.is_whitespace() => (1, 0),
            c if c.is_alphabetic() => (4000 + u32::from(c), 0),
            _ => continue,
        };
        primary.push(weight);
        secondary.push(tie);
    }
    SortKey {
        primary,
        secondary,
        original: name.to_owned(),
    }
}

/// The base letters of a lowercase Latin letter with a diacritic or a ligature (`é` →
/// `e`, `ø` → `o`, `ß` → `ss`, `æ` → `ae`); `None` for any other character, Cyrillic and
/// Greek included, which keep their own alphabets.
fn latin_base(c: char) -> Option<&'static str> {
    let latin = matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}');
    let base = deunicode::deunicode_char(c).filter(|_| latin)?;
    let letters = !base.is_empty() && base.bytes().all(|b| b.is_ascii_lowercase());
    letters.then_some(base)
}

fn position(alphabet: &str, c: char) -> u32 {
    alphabet.chars().position(|a| a == c).unwrap_or(0) as u32
}

/// The letter a name is filed under in the index: its first letter, uppercase, with Ё
/// filed under Е and a Latin letter with a diacritic under its base letter (Élise
/// under E); `#` for names that open with a digit or a sign.
pub fn initial(name: &str) -> String {
    let first = name.chars().find(|c| c.is_alphanumeric());
    let base = first.and_then(|c| c.to_lowercase().next().and_then(latin_base));
    match (first, base) {
        (Some('ё' | 'Ё'), _) => "Е".to_owned(),
        (_, Some(base)) => base[..1].to_uppercase(),
        (Some(c), None) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str], language: &str) -> Vec<String> {
        let mut names: Vec<_> = names.iter().map(|n| n.to_string()).collect();
        names.sort_by_key(|n| sort_key(n, language));
        names
    }

    #[test]
    fn russian_index_order() {
        let names = [
            "Жуков",
            "Smith",
            "Ёлкин",
            "Елкин",
            "Ежов",
            "Абрамов",
            "Davies",
            "Иванова",
            "Иванов А.С.",
        ];
        assert_eq!(
            sorted(&names, "ru"),
            [
                "Абрамов",
                "Ежов",
                "Елкин",
                "Ёлкин",
                "Жуков",
                "Иванов А.С.",
                "Иванова",
                "Davies",
                "Smith"
            ]
        );
    }

    #[test]
    fn english_puts_latin_first() {
        assert_eq!(
            sorted(&["Ёлкин", "Smith", "adams"], "en"),
            ["adams", "Smith", "Ёлкин"]
        );
    }

    #[test]
    fn latin_letters_with_diacritics_file_with_their_base_letter() {
        let names = [
            "Zola",
            "Élise",
            "Ångström",
            "Davies",
            "Dvořák",
            "Dvorak",
            "Ёлкин",
            "Elise",
            "Straße",
            "Strasser",
        ];
        assert_eq!(
            sorted(&names, "en"),
            [
                "Ångström",
                "Davies",
                "Dvorak",
                "Dvořák",
                "Elise",
                "Élise",
                "Straße",
                "Strasser",
                "Zola",
                "Ёлкин"
            ]
        );
        assert_eq!(
            sorted(&["Émile", "Zola", "Жуков", "Adams"], "ru"),
            ["Жуков", "Adams", "Émile", "Zola"]
        );
        assert_eq!(initial("Élise"), "E");
        assert_eq!(initial("ångström"), "A");
        assert_eq!(initial("Ørsted"), "O");
        // Cyrillic and Greek keep their letters.
        assert_eq!(initial("Йорк"), "Й");
        assert_eq!(initial("Ωmega"), "Ω");
    }

    #[test]
    fn initials_file_yo_under_ye() {
        assert_eq!(initial("Ёлкин"), "Е");
        assert_eq!(initial("«Донбассуголь»"), "Д");
        assert_eq!(initial("1936"), "#");
    }
}
