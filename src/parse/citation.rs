//! Pandoc citation syntax inside one pair of brackets: `@key, locator; @key2`.

use std::ops::Range;

/// One cited work in a bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// The source key (`sovet1936`).
    pub key: String,
    /// The locator as written (`с. 38`), if any.
    pub locator: Option<String>,
    /// Byte range of `@key` within the bracket's inner text.
    pub key_at: Range<usize>,
}

/// Whether the inner text of a bracket is meant as a citation: it opens with `@` (or
/// Pandoc's `-@`, which we read the same way).
pub fn looks_like_citation(inner: &str) -> bool {
    let inner = inner.trim_start();
    inner.starts_with('@') || inner.starts_with("-@")
}

/// The length of the `@key` (or `-@key`, after any white space) that `rest`, the text
/// after a `[`, opens with, when it opens a citation: Pandoc reads a bracket as one only
/// when a key follows the `@`, so `[@ handle` is text.
pub fn opening(rest: &str) -> Option<usize> {
    let lead = rest.len() - rest.trim_start().len();
    let trimmed = rest.trim_start();
    let at = if trimmed.starts_with("-@") { 2 } else { 1 };
    if !looks_like_citation(trimmed) {
        return None;
    }
    let key = key_length(&trimmed[at..]);
    (key > 0).then_some(lead + at + key)
}

/// Parses the inner text of `[…]`; `Err` holds a message for the editor.
pub fn parse_items(inner: &str) -> Result<Vec<CiteItem>, String> {
    let mut items = Vec::new();
    let mut offset = 0;
    for part in inner.split(';') {
        items.push(parse_item(part, offset)?);
        offset += part.len() + 1;
    }
    Ok(items)
}

fn parse_item(part: &str, offset: usize) -> Result<CiteItem, String> {
    let lead = part.len() - part.trim_start().len();
    let rest = part.trim_start();
    let (skip, rest) = if let Some(r) = rest.strip_prefix("-@") {
        (2, r)
    } else if let Some(r) = rest.strip_prefix('@') {
        (1, r)
    } else {
        return Err(format!(
            "'{}' in a citation is not a reference: each part must start with @key",
            part.trim()
        ));
    };
    let key_len = key_length(rest);
    if key_len == 0 {
        return Err("a citation needs a key after '@'".to_owned());
    }
    let key = &rest[..key_len];
    let locator = rest[key_len..].trim().trim_start_matches(',').trim();
    let start = offset + lead + skip - 1;
    Ok(CiteItem {
        key: key.to_owned(),
        locator: (!locator.is_empty()).then(|| locator.to_owned()),
        key_at: start..start + 1 + key_len,
    })
}

/// Pandoc keys: a letter, digit or `_`, then alphanumerics and internal punctuation;
/// trailing punctuation belongs to the text, not the key.
fn key_length(text: &str) -> usize {
    const INTERNAL: &str = ":.#$%&-+?<>~/";
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let first_ok = c.is_alphanumeric() || c == '_';
        if first_ok || (i > 0 && INTERNAL.contains(c)) {
            if first_ok {
                end = i + c.len_utf8();
            }
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_keys_with_locators() {
        let items =
            parse_items("@khlevniuk1991, с. 16; @khlevniuk1996, с. 174; @feldman2011").unwrap();
        let keys: Vec<_> = items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["khlevniuk1991", "khlevniuk1996", "feldman2011"]);
        assert_eq!(items[0].locator.as_deref(), Some("с. 16"));
        assert_eq!(items[2].locator, None);
        let inner = "@khlevniuk1991, с. 16; @khlevniuk1996, с. 174; @feldman2011";
        assert_eq!(&inner[items[1].key_at.clone()], "@khlevniuk1996");
    }

    #[test]
    fn locator_may_span_a_line_break_and_keys_drop_trailing_punctuation() {
        let items = parse_items("@sovet1936,\nс. 57, 60, 61").unwrap();
        assert_eq!(items[0].locator.as_deref(), Some("с. 57, 60, 61"));
        assert_eq!(parse_items("@k.").unwrap()[0].key, "k");
    }

    #[test]
    fn malformed_parts_are_reported() {
        assert!(parse_items("@k; see").is_err());
        assert!(parse_items("@").is_err());
        assert!(looks_like_citation(" @k") && !looks_like_citation("см. @k"));
    }

    #[test]
    fn a_citation_opens_with_a_key() {
        assert_eq!(opening("@sovet1936, с. 12 и далее"), Some(10));
        assert_eq!(opening(" -@k."), Some(4));
        assert_eq!(opening("@ handle"), None);
        assert_eq!(opening("a@b.org"), None);
    }
}
