//! A request's path → the path of a file of the site, or a refusal.
//!
//! The site is in memory, so no request can reach the disk whatever it asks; the checks
//! here refuse the spellings that try (`..` plain or percent-encoded, encoded slashes
//! and backslashes, double encoding, overlong UTF-8, NUL) with 400 rather than look
//! them up, so a mistake elsewhere could not turn one into a read.

/// What a request's path asks for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Wanted {
    /// A file of the site, by its path (`persons/index.html`).
    File(String),
    /// A path outside the site's prefix.
    Outside,
    /// A path no well-meaning client sends: answered 400.
    Refused,
}

/// Resolves the raw (still percent-encoded) `path` of a request for a site served
/// under `prefix` (`/`, or `/repo/`). A folder's URL asks for its `index.html`.
pub(super) fn resolve(path: &str, prefix: &str) -> Wanted {
    let Some(bytes) = decode(path) else {
        return Wanted::Refused;
    };
    // One decoding is all a browser applies; a `%` left after it is double encoding.
    let Ok(decoded) = String::from_utf8(bytes) else {
        return Wanted::Refused;
    };
    if decoded.contains(['%', '\\', '\0']) || decoded.chars().any(char::is_control) {
        return Wanted::Refused;
    }
    let Some(rest) = decoded.strip_prefix(prefix) else {
        return Wanted::Outside;
    };
    let dotted = rest.split('/').any(|part| part == "." || part == "..");
    if dotted || rest.starts_with('/') || rest.contains("//") {
        return Wanted::Refused;
    }
    if rest.is_empty() || rest.ends_with('/') {
        return Wanted::File(format!("{rest}index.html"));
    }
    Wanted::File(rest.to_owned())
}

/// Percent-decodes `path`; `None` when a `%` is not followed by two hex digits.
fn decode(path: &str) -> Option<Vec<u8>> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_folders() {
        let file = |s: &str| Wanted::File(s.to_owned());
        assert_eq!(resolve("/", "/"), file("index.html"));
        assert_eq!(resolve("/persons/", "/"), file("persons/index.html"));
        assert_eq!(
            resolve("/persons/bazhanov.html", "/"),
            file("persons/bazhanov.html")
        );
        assert_eq!(resolve("/%D0%B0.html", "/"), file("а.html"));
        assert_eq!(resolve("/repo/x.html", "/repo/"), file("x.html"));
        assert_eq!(resolve("/repo/", "/repo/"), file("index.html"));
        assert_eq!(resolve("/other/x.html", "/repo/"), Wanted::Outside);
    }

    #[test]
    fn every_spelling_of_a_way_out_is_refused() {
        for path in [
            "/../etc/passwd",
            "/static/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/..%5c..%5cetc%5cpasswd",
            "/%252e%252e/etc/passwd",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae%e0%80%ae/x",
            "/a\\..\\b",
            "/index.html%00.css",
            "//etc/passwd",
            "/./index.html",
            "/%zz",
            "/%2",
        ] {
            assert_eq!(resolve(path, "/"), Wanted::Refused, "{path}");
        }
    }
}
