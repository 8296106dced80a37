//! HTML escaping, in one place: every text from an editor's file that reaches a page
//! without going through Tera's autoescape goes through here.

/// Appends `text` to `out` with `& < > " '` escaped, safe in text and in quoted attributes.
///
/// The five characters are ASCII, so the text is scanned as bytes and copied in runs
/// between them: every snippet and mention of a large edition passes through here.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// `text` escaped for HTML text and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            super::escape("Орджоникидзе & «Правда»"),
            "Орджоникидзе &amp; «Правда»"
        );
        assert_eq!(super::escape(""), "");
    }
}
