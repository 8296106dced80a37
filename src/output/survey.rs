//! What an existing output folder holds, set against what the last build wrote.
//!
//! Before a build replaces the output folder, every entry in it is checked against the
//! marker ([`super::marker`]): a file the marker lists, unchanged, is letopis's and may
//! go; anything else (a file the marker does not list, a listed file changed since, a
//! link, a folder on another file system) is someone else's, and the build refuses or,
//! with `--force`, moves it aside. The walk never leaves the output's file system: a
//! mount inside the output is reported, not entered.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::path::Path;

use anyhow::Context as _;
use walkdir::WalkDir;

use super::hash::{Digest, Sha256Digest, Xxh3Digest, digest_of};
use super::marker::{self, MARKER, Marker, Record};
use super::reuse::Reusable;
use crate::load::slash_path;

/// An output folder, surveyed.
#[derive(Debug, Default)]
pub(super) struct Survey {
    /// Files letopis wrote there, unchanged, by path.
    pub(super) ours: Vec<String>,
    /// Everything else, by path (a folder's ends in `/`), with what it is.
    pub(super) foreign: Vec<Foreign>,
    /// Of `ours`, the files a new output may take over when it would write the same
    /// bytes ([`super::reuse`]), by path.
    pub(super) reusable: HashMap<String, Reusable>,
}

/// An entry of the output folder that letopis did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Foreign {
    /// Its path in the output folder; a folder's ends in `/`.
    pub(super) path: String,
    /// Why it is not letopis's.
    pub(super) why: &'static str,
}

/// Surveys the output folder `out`, which exists. `planned` are the paths the new build
/// writes: a folder with an older letopis's marker, which lists nothing, counts the
/// files at those paths as its own.
pub(super) fn survey(out: &Path, planned: &HashSet<&str>) -> anyhow::Result<Survey> {
    match marker::read(out)? {
        Marker::Missing => unmarked(out),
        Marker::Legacy => walk(out, |path, _, _| planned.contains(path).then_some(true)),
        Marker::Listed(records) => {
            let mut reusable = HashMap::new();
            let mut survey = walk(out, |path, file, meta| {
                let record = records.get(path)?;
                let ours = unchanged(record, file, meta);
                if let Some(reuse) = ours.then(|| Reusable::of(record, meta)).flatten() {
                    reusable.insert(path.to_owned(), reuse);
                }
                Some(ours)
            })?;
            survey.reusable = reusable;
            Ok(survey)
        }
    }
}

/// A folder without a marker: all of it is foreign (each top-level entry is named; an
/// empty folder may be replaced).
fn unmarked(out: &Path) -> anyhow::Result<Survey> {
    let mut survey = Survey::default();
    for entry in fs::read_dir(out).with_context(|| format!("reading {}", out.display()))? {
        let entry = entry.with_context(|| format!("reading {}", out.display()))?;
        let mut path = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            path.push('/');
        }
        survey.foreign.push(Foreign {
            path,
            why: "not written by letopis",
        });
    }
    survey.foreign.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(survey)
}

/// Walks a marked folder. `listed(path, file, metadata)` says whether the file at
/// `path` is one letopis wrote (`None`: not listed; `Some(false)`: listed but changed).
fn walk(
    out: &Path,
    mut listed: impl FnMut(&str, &Path, &fs::Metadata) -> Option<bool>,
) -> anyhow::Result<Survey> {
    let root_device =
        device(&fs::symlink_metadata(out).with_context(|| format!("reading {}", out.display()))?);
    let mut survey = Survey::default();
    let mut walk = WalkDir::new(out).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.with_context(|| format!("reading {}", out.display()))?;
        if entry.depth() == 0 {
            continue;
        }
        let path = slash_path(entry.path().strip_prefix(out).unwrap_or(entry.path()));
        let meta = entry
            .metadata()
            .with_context(|| format!("reading {}", entry.path().display()))?;
        let kind = entry.file_type();
        let why = if kind.is_dir() {
            if device(&meta) != root_device {
                walk.skip_current_dir();
                Some("another file system mounted here")
            } else {
                continue;
            }
        } else if kind.is_symlink() {
            Some("a symbolic link letopis did not make")
        } else if !kind.is_file() {
            Some("not a regular file")
        } else if path == MARKER {
            None
        } else {
            match listed(&path, entry.path(), &meta) {
                Some(true) => {
                    survey.ours.push(path.clone());
                    None
                }
                Some(false) => Some("changed since letopis wrote it"),
                None => Some("not written by letopis"),
            }
        };
        if let Some(why) = why {
            let path = if kind.is_dir() {
                format!("{path}/")
            } else {
                path
            };
            survey.foreign.push(Foreign { path, why });
        }
    }
    Ok(survey)
}

/// Whether the file at `file`, whose metadata (not following a link) is `meta`, is
/// still as `record` says: same size, and the same time or, when the time moved (a
/// copy, a touch), the same bytes. The walk's metadata is taken, not read again: the
/// survey runs twice a build over every file of the output.
fn unchanged(record: &Record, file: &Path, meta: &fs::Metadata) -> bool {
    if meta.len() != record.size {
        return false;
    }
    if record.modified.is_some() && marker::modified(meta) == record.modified {
        return true;
    }
    match (&record.xxh3, &record.sha256) {
        (Some(xxh3), _) => same_digest::<Xxh3Digest>(file, xxh3),
        (None, Some(sha256)) => same_digest::<Sha256Digest>(file, sha256),
        (None, None) => false,
    }
}

/// Whether the file at `file` has the digest `D` that the marker recorded.
fn same_digest<D: Digest>(file: &Path, recorded: &str) -> bool {
    File::open(file)
        .and_then(digest_of::<D>)
        .is_ok_and(|digest| digest == recorded)
}

/// The file system an entry is on.
#[cfg(unix)]
fn device(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::dev(meta)
}

/// Elsewhere every entry counts as on the output's file system.
#[cfg(not(unix))]
fn device(_meta: &fs::Metadata) -> u64 {
    0
}

/// The refusal to replace `shown`, listing what would be lost.
pub(super) fn refusal(shown: &str, foreign: &[Foreign], kept: &str) -> anyhow::Error {
    const SHOWN: usize = 20;
    let mut list = String::new();
    for item in foreign.iter().take(SHOWN) {
        list.push_str(&format!("\n  {}  ({})", escape(&item.path), item.why));
    }
    if foreign.len() > SHOWN {
        list.push_str(&format!("\n  … and {} more", foreign.len() - SHOWN));
    }
    let count = match foreign.len() {
        1 => "1 entry".to_owned(),
        n => format!("{n} entries"),
    };
    anyhow::anyhow!(
        "refusing to replace {shown}: it holds {count} that letopis did not write:{list}\n\
         To keep a file in the published site, move it to content/static/; to keep it \
         elsewhere, move it out of {shown}. To build anyway, run again with --force: the \
         entries above are moved to {kept}, nothing is deleted."
    )
}

/// A name as printed: control characters (which could rewrite the terminal) escaped.
pub(super) fn escape(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::hash::{hex_of, sha256_hex};
    use super::*;

    /// An output folder holding `page.html` with `bytes`, and a marker that lists it
    /// with a time it no longer has (a copy, a touch) and the digests `xxh3`, `sha256`.
    fn output(bytes: &str, xxh3: Option<String>, sha256: Option<String>) -> tempfile::TempDir {
        let out = tempfile::tempdir().unwrap();
        fs::write(out.path().join("page.html"), bytes).unwrap();
        let record = Record {
            path: "page.html".to_owned(),
            size: bytes.len() as u64,
            modified: Some(1),
            xxh3,
            sha256,
        };
        marker::write(out.path(), vec![record]).unwrap();
        out
    }

    fn why(out: &tempfile::TempDir) -> Vec<&'static str> {
        let survey = survey(out.path(), &HashSet::new()).unwrap();
        survey.foreign.iter().map(|f| f.why).collect()
    }

    #[test]
    fn a_file_whose_time_moved_is_ours_while_its_bytes_have_the_recorded_digest() {
        for (xxh3, sha256) in [
            (Some(hex_of::<Xxh3Digest>(b"<p>page</p>")), None),
            // A marker of an earlier version, which recorded SHA-256.
            (None, Some(sha256_hex(b"<p>page</p>"))),
        ] {
            let same = output("<p>page</p>", xxh3.clone(), sha256.clone());
            assert_eq!(why(&same), Vec::<&str>::new());
            assert_eq!(
                survey(same.path(), &HashSet::new()).unwrap().ours,
                ["page.html"]
            );
            // Edited by hand to the same size: someone else's now.
            let edited = output("<p>PAGE</p>", xxh3, sha256);
            assert_eq!(why(&edited), ["changed since letopis wrote it"]);
        }
        let neither = output("<p>page</p>", None, None);
        assert_eq!(why(&neither), ["changed since letopis wrote it"]);
    }
}
