//! `letopis check`: everything `build` checks, nothing written.

use super::{Outcome, count, count_problems, load_config, report};
use crate::cli::{CheckArgs, Format};
use letopis::render::TemplateError;

/// Checks the edition and prints every problem. When the edition has no errors it is
/// also rendered, and the pages thrown away, so a broken theme template fails `check`
/// as it would fail `build`.
pub(super) fn run(args: CheckArgs) -> anyhow::Result<Outcome> {
    let Some(config) = load_config(&args.root.root, args.format)? else {
        return Ok(Outcome::Failure);
    };
    let checked = letopis::check(&config)?;
    report(&checked.diagnostics, args.format);
    if !checked.has_errors() {
        if let Err(error) = letopis::pipeline::render_and_discard(&checked.edition) {
            // A reader of the JSON gets a broken template as it gets every other
            // problem, at its file, line and column; people get tera's whole report.
            match TemplateError::of(&error) {
                Some(template) if args.format == Format::Json => {
                    report(&[template.diagnostic()], args.format);
                    return Ok(Outcome::Failure);
                }
                _ => return Err(error),
            }
        }
    }
    if args.format == Format::Human {
        let e = &checked.edition;
        let entries: usize = e.registers.iter().map(|r| r.entries.len()).sum();
        errln!(
            "checked {}, {}, {}: {}",
            count(e.chapters.len(), "chapter", "chapters"),
            count(entries, "register entry", "register entries"),
            count(e.sources.len(), "source", "sources"),
            count_problems(&checked.diagnostics)
        );
    }
    let stale = args.locked && checked.edition.anchors.changed();
    if stale {
        errln!(
            "error: {} is not up to date with the text; run `letopis build` to update it, then commit it",
            letopis::link::ANCHORS_LOCK
        );
    }
    Ok(if checked.has_errors() || stale {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
