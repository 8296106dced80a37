//! `letopis build`: check, render, and replace the output folder atomically.

use super::{Outcome, count, count_problems, load_config_for_site, report, write_whole};
use crate::cli::{BuildArgs, Format};
use letopis::output::OutputTarget;
use letopis::timings::{Stage, Timings};
use std::time::Instant;

/// Builds the edition into its output folder.
pub(super) fn run(args: BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let config = timings.time(Stage::Config, || {
        load_config_for_site(&args.root, &args.base_url)
    })?;
    let Some(config) = config else {
        return Ok(Outcome::Failure);
    };
    let checked = letopis::pipeline::check_timed(&config, &mut timings)?;
    report(&checked.diagnostics, Format::Human);
    if checked.has_errors() {
        errln!(
            "not built: {}; the previous output is untouched",
            count_problems(&checked.diagnostics)
        );
        return Ok(Outcome::Failure);
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| config.output_dir.clone());
    let target = OutputTarget {
        out_dir: out_dir.clone(),
        edition_root: config.root.clone(),
        content_dir: config.content_dir.clone(),
        force: args.force,
    };
    let (committed, unmade) =
        letopis::pipeline::write_timed(&checked.edition, &target, &mut timings)?;
    report(&unmade, Format::Human);
    if let Some((kept, count)) = &committed.kept_aside {
        errln!(
            "moved {} that letopis did not write to {}",
            super::count(*count, "entry", "entries"),
            kept.display()
        );
    }
    if let Some(text) = checked.edition.anchors.text() {
        let lock = config.root.join(letopis::link::ANCHORS_LOCK);
        write_whole(&lock, text.as_bytes())?;
    }
    let e = &checked.edition;
    let register_pages: usize = e.registers.iter().map(|r| r.entries.len() + 1).sum();
    let mut all = checked.diagnostics.clone();
    all.extend(unmade);
    let warned = if !all.is_empty() {
        format!(" ({})", count_problems(&all))
    } else {
        String::new()
    };
    errln!(
        "built {}, {} in {:.2} s → {}{warned}",
        count(e.chapters.len(), "chapter", "chapters"),
        count(register_pages, "register page", "register pages"),
        started.elapsed().as_secs_f64(),
        letopis::output::shown_folder(&out_dir),
    );
    if args.timings {
        err!("\n{}", timings.report());
    }
    // The process exits as soon as this returns: freeing the linked edition structure by
    // structure (millions of strings, a few per cent of a build's time) would only hand
    // back memory that the exit hands back at once. It holds memory and nothing else
    // (no file, lock or thread), so nothing is lost by not dropping it.
    std::mem::forget(checked);
    Ok(Outcome::Success)
}
