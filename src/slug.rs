//! Readable ASCII slugs for heading ids and chapter file names.
//!
//! Cyrillic is transliterated by the table of the Russian passport standard of 2013
//! (Ёлкин → `elkin`, Щукин → `shchukin`), which reads naturally to Russian readers; other
//! scripts go through `deunicode`. The `slug` crate is not used: it spells Cyrillic as
//! `iolkin`.

/// A lowercase slug of ASCII letters, digits and single hyphens; empty when `text` has
/// no letters or digits at all.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match transliterate(c) {
            Some(latin) => out.push_str(latin),
            None if c.is_ascii() => out.push(c),
            None => out.push_str(&deunicode::deunicode_char(c).unwrap_or("-").to_lowercase()),
        }
    }
    let mut slug = String::with_capacity(out.len());
    for c in out.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

fn transliterate(c: char) -> Option<&'static str> {
    const TABLE: [(char, &str); 33] = [
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "e"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "i"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "kh"),
        ('ц', "ts"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "shch"),
        ('ъ', "ie"),
        ('ы', "y"),
        ('ь', ""),
        ('э', "e"),
        ('ю', "iu"),
        ('я', "ia"),
    ];
    TABLE
        .iter()
        .find(|(cyr, _)| *cyr == c)
        .map(|(_, latin)| *latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_reads_naturally() {
        assert_eq!(slugify("Ёлкин"), "elkin");
        assert_eq!(slugify("Выводы"), "vyvody");
        assert_eq!(
            slugify("Стахановское движение: цели, задачи"),
            "stakhanovskoe-dvizhenie-tseli-zadachi"
        );
        assert_eq!(slugify("  Abstract!  "), "abstract");
        assert_eq!(slugify("—"), "");
    }
}
