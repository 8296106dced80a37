//! `letopis archive`: a reproducible zip of the built edition, or `--verify` of one.

use super::{Outcome, count_problems, load_config_for_site, report};
use crate::cli::{ArchiveArgs, Format};
use letopis::config::{self, Config};
use letopis::output::{ArchiveMeta, check_archive_path, source_date, verify};
use std::path::PathBuf;

/// Writes or verifies an archive.
pub(super) fn run(args: ArchiveArgs) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.verify {
        let report = verify(path)?;
        outln!("{report}");
        return Ok(if report.is_ok() {
            Outcome::Success
        } else {
            Outcome::Failure
        });
    }
    let Some(config) = load_config_for_site(&args.root, &args.base_url)? else {
        return Ok(Outcome::Failure);
    };
    let checked = letopis::check(&config)?;
    report(&checked.diagnostics, Format::Human);
    if checked.has_errors() {
        errln!("not archived: {}", count_problems(&checked.diagnostics));
        return Ok(Outcome::Failure);
    }
    let folder = archive_name(&config);
    let zip = args
        .out
        .clone()
        .unwrap_or_else(|| config.root.join(format!("{folder}.zip")));
    let themes = config.root.join(config::THEMES_DIR);
    check_archive_path(&zip, &config.content_dir, &themes, &config.output_dir)?;
    let meta = ArchiveMeta {
        folder,
        title: config.book.title.clone(),
        date: source_date(&date_inputs(&config))?,
    };
    let (archived, unmade) = letopis::pipeline::archive(&checked.edition, &meta, &zip)?;
    report(&unmade, Format::Human);
    errln!("archived {archived} files → {}", zip.display());
    Ok(Outcome::Success)
}

/// What shapes the output, and so dates the archive: `book.toml`, the content folder,
/// and the theme folder when the edition has one.
fn date_inputs(config: &Config) -> Vec<PathBuf> {
    let book = config.root.join(config::CONFIG_FILE);
    let theme = config.theme_dir.iter().cloned();
    [book, config.content_dir.clone()]
        .into_iter()
        .chain(theme)
        .collect()
}

/// The archive's folder (and default file) name: the last part of the base URL's path
/// (`plenum-1936` for `https://user.github.io/plenum-1936/`), else the edition folder's
/// name, as a slug.
fn archive_name(config: &Config) -> String {
    let from_url = config.base_url.as_ref().and_then(|url| {
        url.path()
            .trim_matches('/')
            .rsplit('/')
            .next()
            .map(str::to_owned)
    });
    let from_folder = || {
        let root: PathBuf =
            std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
        root.file_name().map(|n| n.to_string_lossy().into_owned())
    };
    let name = from_url
        .filter(|n| !n.is_empty())
        .or_else(from_folder)
        .unwrap_or_default();
    let slug = letopis::slug::slugify(&name);
    if slug.is_empty() {
        "edition".to_owned()
    } else {
        slug
    }
}
