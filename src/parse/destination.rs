//! What a link's destination names: a register entry (a mention), an address on the
//! web or elsewhere (left as written), or a file of the edition (resolved by link).
//!
//! A destination `kind:id` is a mention only when `kind` is one of the edition's
//! register kinds, so `tel:`, `mailto:`, `xmpp:`, `urn:` or `doi:` links are links. A
//! scheme one typo away from a kind (`persn:ivanov` in an edition with `person`) is
//! still taken as a mention, so that link reports it with its "did you mean" rather
//! than publishing a broken link; the URI schemes an editor is likely to use are never
//! taken for typos.

use crate::diagnostics::did_you_mean;
use pulldown_cmark::LinkType;

/// What a link or image destination names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    /// `kind:id`: an entry of a register (or a misspelt kind, which link reports).
    Mention {
        /// The kind as written.
        kind: String,
        /// The id as written.
        id: String,
    },
    /// An address written as it stands: a URI with a scheme, an absolute path or a
    /// fragment of the same page.
    External(String),
    /// A path relative to the file, which link resolves.
    Local(String),
    /// No destination at all (`[a]()`).
    Empty,
}

/// URI schemes (from IANA's register, and the identifier schemes of bibliographies)
/// an editor may write, which are never read as a misspelt register kind.
const URI_SCHEMES: [&str; 26] = [
    "http",
    "https",
    "mailto",
    "tel",
    "sms",
    "ftp",
    "sftp",
    "file",
    "data",
    "javascript",
    "urn",
    "xmpp",
    "irc",
    "ircs",
    "news",
    "geo",
    "magnet",
    "isbn",
    "issn",
    "doi",
    "hdl",
    "arxiv",
    "pmid",
    "oclc",
    "info",
    "tag",
];

/// Reads a link's destination; `kinds` are the edition's register kinds.
pub(crate) fn classify(link_type: LinkType, dest: &str, kinds: &[&str]) -> Destination {
    match link_type {
        LinkType::Email => return Destination::External(format!("mailto:{dest}")),
        // An autolink `<scheme:…>` is a URI by its syntax, never a mention.
        LinkType::Autolink => return Destination::External(dest.to_owned()),
        _ => {}
    }
    if dest.is_empty() {
        return Destination::Empty;
    }
    if let Some((kind, id)) = mention(dest, kinds) {
        return Destination::Mention {
            kind: kind.to_owned(),
            id: id.to_owned(),
        };
    }
    if dest.starts_with(['#', '/']) || scheme(dest).is_some() {
        Destination::External(dest.to_owned())
    } else {
        Destination::Local(dest.to_owned())
    }
}

/// `(kind, id)` when `dest` is a mention: its scheme is a register kind, or close to
/// one (a typo) and followed by what could be an id.
pub(crate) fn mention<'d>(dest: &'d str, kinds: &[&str]) -> Option<(&'d str, &'d str)> {
    let (kind, id) = dest.split_at(scheme(dest)?);
    let id = &id[1..];
    if kinds.contains(&kind) {
        return Some((kind, id));
    }
    let id_like = id
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    let typo = id_like
        && !URI_SCHEMES.contains(&kind)
        && did_you_mean(kind, kinds.iter().copied()).is_some();
    typo.then_some((kind, id))
}

/// The length of `dest`'s URI scheme (`scheme:` as RFC 3986 writes it: a letter, then
/// letters, digits, `+`, `-` or `.`), if it has one.
fn scheme(dest: &str) -> Option<usize> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(colon)
}

#[cfg(test)]
mod tests {
    use super::{Destination, classify, mention};
    use pulldown_cmark::LinkType;

    const KINDS: [&str; 3] = ["person", "enterprise", "theme"];

    #[test]
    fn a_mention_is_a_register_kind_or_a_typo_of_one() {
        assert_eq!(
            mention("person:bazhanov", &KINDS),
            Some(("person", "bazhanov"))
        );
        assert_eq!(
            mention("persn:bazhanov", &KINDS),
            Some(("persn", "bazhanov"))
        );
        assert_eq!(
            mention("person:Бажанов", &KINDS),
            Some(("person", "Бажанов"))
        );
        assert_eq!(mention("person:", &KINDS), Some(("person", "")));
        for link in [
            "isbn:978-5-17-090630-7",
            "doi:10.1000/182",
            "urn:isbn:0451450523",
            "https://example.org",
            "mailto:editor@example.org",
            "tel:+7-495-000-00-00",
            "xmpp:alice@example.org",
            "note:see.this",
            "place:moscow",
            "thema:x/y",
        ] {
            assert_eq!(mention(link, &KINDS), None, "{link} is a link");
        }
    }

    #[test]
    fn each_link_type_is_read_for_what_it_is() {
        let read = |t, d| classify(t, d, &KINDS);
        assert_eq!(
            read(LinkType::Email, "a@b.org"),
            Destination::External("mailto:a@b.org".into())
        );
        assert_eq!(
            read(LinkType::Autolink, "person:x"),
            Destination::External("person:x".into())
        );
        assert_eq!(
            read(LinkType::Reference, "02-b.md"),
            Destination::Local("02-b.md".into())
        );
        assert_eq!(
            read(LinkType::Inline, "/abs"),
            Destination::External("/abs".into())
        );
        assert_eq!(read(LinkType::Shortcut, ""), Destination::Empty);
    }
}
