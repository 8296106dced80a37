//! Refusing two files whose paths differ only in upper and lower case.
//!
//! On a case-insensitive file system (macOS and Windows by default) `static/Map.png`
//! and `static/map.png` are one file, so one would overwrite the other, and since pages
//! are written in parallel, which one survived would change from build to build; an
//! archive unpacked there would lose one the same way. Whether two names clash does not
//! depend on where the build runs, so letopis refuses such a site everywhere.

use std::collections::HashMap;

use anyhow::bail;

/// Refuses `paths` (each `/`-separated, relative to the output) if two of them are
/// the same when case is ignored.
///
/// Case is ignored for every letter, not only the Latin ones: APFS and NTFS both fold
/// Cyrillic `Карта.png` and `карта.png` into one name too.
pub(crate) fn check_case_clashes<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> anyhow::Result<()> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for path in paths {
        if let Some(earlier) = seen.insert(path.to_lowercase(), path) {
            let (first, second) = if earlier < path {
                (earlier, path)
            } else {
                (path, earlier)
            };
            bail!(
                "the site has two files whose paths differ only in upper and lower case, \
                 {first} and {second}: on a case-insensitive file system (macOS, Windows) one \
                 would overwrite the other; rename one of them"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_differ_only_in_case_naming_both() {
        for (paths, first, second) in [
            (
                ["static/map.png", "static/Map.png"],
                "static/Map.png",
                "static/map.png",
            ),
            (
                ["Static/a.css", "static/A.CSS"],
                "Static/a.css",
                "static/A.CSS",
            ),
            (
                ["static/Карта.png", "static/карта.png"],
                "static/Карта.png",
                "static/карта.png",
            ),
        ] {
            let message = check_case_clashes(paths).unwrap_err().to_string();
            assert_eq!(
                message,
                format!(
                    "the site has two files whose paths differ only in upper and lower case, \
                     {first} and {second}: on a case-insensitive file system (macOS, Windows) \
                     one would overwrite the other; rename one of them"
                )
            );
        }
    }

    #[test]
    fn accepts_paths_that_differ_otherwise() {
        check_case_clashes([
            "index.html",
            "static/map.png",
            "static/map.png.txt",
            "maps/map.png",
        ])
        .unwrap();
    }
}
