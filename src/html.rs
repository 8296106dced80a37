//! HTML escaping, in one place: every text from an editor's file that reaches a page
//! without going through Tera's autoescape goes through here.

/// Appends `text` to `out` with `& < > " '` escaped, safe in text and in quoted attributes.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` escaped for HTML text and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// A URL as the CommonMark reference renderer writes it: every byte outside the
/// characters a URL may hold as they are (letters, digits and
/// `-_.+!*'(),#@?=;:/&$~`) percent-encoded as UTF-8, and a `%` kept where it already
/// starts an escape (`%20`), so an address that is encoded stays as it is. The result
/// still needs [`escape`] to stand in an attribute.
pub fn encode_url(url: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_start = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if b.is_ascii_alphanumeric() || b"-_.+!*'(),#@?=;:/&$~".contains(&b) || escape_start {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// `url` with its `%XX` escapes decoded (`old%20map.png` names the file
/// `old map.png`); as written when they do not make UTF-8.
pub fn decode_url(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| url.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_are_decoded_once() {
        use super::decode_url;
        assert_eq!(decode_url("old%20map.png"), "old map.png");
        assert_eq!(decode_url("%D0%BB.png"), "л.png");
        assert_eq!(decode_url("100%.png"), "100%.png");
        assert_eq!(decode_url("%FF.png"), "%FF.png");
        assert_eq!(decode_url("%+1.png"), "%+1.png");
    }

    #[test]
    fn urls_are_percent_encoded_once() {
        assert_eq!(super::encode_url(r"foo\bar"), "foo%5Cbar");
        assert_eq!(super::encode_url("/my uri"), "/my%20uri");
        assert_eq!(super::encode_url("foo%20bä"), "foo%20b%C3%A4");
        assert_eq!(super::encode_url("100%"), "100%25");
        assert_eq!(super::encode_url("a?b=[c]&d=`e`"), "a?b=%5Bc%5D&d=%60e%60");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
