//! `letopis export tei`: the checked edition in a standard format, on standard output or
//! into a file that is replaced whole.

use super::{Outcome, count_problems, load_config_for_site, report, write_whole};
use crate::cli::{ExportArgs, ExportCommand, Format};
use anyhow::Context as _;
use std::io::Write as _;

/// Exports the edition; an edition with errors is reported and nothing is written.
pub(super) fn run(command: ExportCommand) -> anyhow::Result<Outcome> {
    let ExportCommand::Tei(args) = command;
    let Some(bytes) = export(&args, letopis::export::tei::tei)? else {
        return Ok(Outcome::Failure);
    };
    match &args.out {
        Some(path) => write_whole(path, &bytes)?,
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .context("writing the export to standard output")?,
    }
    Ok(Outcome::Success)
}

/// Checks the edition and exports it with `format`; `None` when it has errors.
fn export(
    args: &ExportArgs,
    format: fn(&letopis::link::Edition) -> std::io::Result<Vec<u8>>,
) -> anyhow::Result<Option<Vec<u8>>> {
    let Some(config) = load_config_for_site(&args.root, &args.base_url)? else {
        return Ok(None);
    };
    let checked = letopis::check(&config)?;
    report(&checked.diagnostics, Format::Human);
    if checked.has_errors() {
        errln!("not exported: {}", count_problems(&checked.diagnostics));
        return Ok(None);
    }
    let bytes = format(&checked.edition).context("writing the export")?;
    Ok(Some(bytes))
}
