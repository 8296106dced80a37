//! Sorting names the way a printed index of the book's language does.
//!
//! `str::cmp` puts Ё before А and lowercase after uppercase; a Russian index files Ё
//! with Е (after it when the names are otherwise equal), ignores case and punctuation,
//! and puts Latin names after the Cyrillic ones. For other languages Latin comes first.

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

fn position(alphabet: &str, c: char) -> u32 {
    alphabet.chars().position(|a| a == c).unwrap_or(0) as u32
}

/// The letter a name is filed under in the index: its first letter, uppercase, with Ё
/// filed under Е; `#` for names that open with a digit or a sign.
pub fn initial(name: &str) -> String {
    match name.chars().find(|c| c.is_alphanumeric()) {
        Some('ё' | 'Ё') => "Е".to_owned(),
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
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
    fn initials_file_yo_under_ye() {
        assert_eq!(initial("Ёлкин"), "Е");
        assert_eq!(initial("«Донбассуголь»"), "Д");
        assert_eq!(initial("1936"), "#");
    }
}
