//! The only place that calls the stages in order and merges their diagnostics.

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::link::{self, Edition};
use crate::output::{Committed, OutputTarget, Staging};
use crate::render::{self, Theme};
use crate::site::Site;
use crate::timings::{Stage, Timings};
use crate::{load, parse};
use rayon::prelude::*;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// An edition read, parsed and linked, with every problem found on the way.
pub struct Checked {
    /// The linked edition (complete even when there are errors, so all can be shown).
    pub edition: Edition,
    /// Every problem, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }
}

/// load → parse → link: every mistake an editor can make in the content, nothing
/// rendered or written (`letopis check` then renders in memory to catch theme errors).
pub fn check(config: &Config) -> anyhow::Result<Checked> {
    check_timed(config, &mut Timings::default())
}

/// [`check`], adding the time of each stage to `timings`.
pub fn check_timed(config: &Config, timings: &mut Timings) -> anyhow::Result<Checked> {
    let (sources, mut found) = timings.time(Stage::Load, || load::load(config))?;
    let settings = parse::Settings::of(config);
    let parsed: Vec<_> = timings.time(Stage::Parse, || {
        sources
            .chapters
            .par_iter()
            .map(|chapter| parse::parse_chapter(chapter, &settings))
            .collect()
    });
    let mut chapters = Vec::with_capacity(parsed.len());
    for (chapter, problems) in parsed {
        found.extend(problems);
        chapters.push(chapter);
    }
    let (descriptions, problems) = timings.time(Stage::Parse, || {
        parse::parse_descriptions(&sources.registers, &settings)
    });
    found.extend(problems);
    let (edition, problems) = timings.time(Stage::Link, || {
        link::link(config, sources, chapters, descriptions)
    });
    found.extend(problems);
    diagnostics::sort(&mut found);
    Ok(Checked {
        edition,
        diagnostics: found,
    })
}

/// [`check`], then render when there are no errors (`site` is `None` when there are).
pub fn build(config: &Config) -> anyhow::Result<(Checked, Option<Site>)> {
    let checked = check(config)?;
    if checked.has_errors() {
        return Ok((checked, None));
    }
    let theme = Theme::load(config)?;
    let site = render::render(&checked.edition, &theme)?;
    Ok((checked, Some(site)))
}

/// Renders a checked edition straight into the output folder: each page is written as
/// soon as it is rendered, so a large edition is never held in memory whole, and the
/// new folder replaces the old one only when every page is written.
pub fn write(edition: &Edition, target: &OutputTarget) -> anyhow::Result<Committed> {
    write_timed(edition, target, &mut Timings::default())
}

/// [`write`], adding the time of rendering and of writing to `timings` (split as
/// [`crate::timings`] says) and counting the files written by kind.
pub fn write_timed(
    edition: &Edition,
    target: &OutputTarget,
    timings: &mut Timings,
) -> anyhow::Result<Committed> {
    let theme = timings.time(Stage::Render, || Theme::load(&edition.config))?;
    let plan = timings.time(Stage::Render, || render::plan(edition, &theme))?;
    let staging = timings.time(Stage::Write, || Staging::new(target, plan.paths()))?;
    timings.time(Stage::Write, || {
        plan.copies()
            .par_iter()
            .try_for_each(|copy| staging.copy(&copy.path, &copy.source))
    })?;
    let writing = Mutex::new((Duration::ZERO, Timings::default()));
    let started = Instant::now();
    plan.render_each_kind(|kind, page| {
        let started = Instant::now();
        staging.write(&page)?;
        let mut writing = writing
            .lock()
            .map_err(|_| anyhow::anyhow!("a writing thread failed"))?;
        writing.0 += started.elapsed();
        writing.1.count(kind, page.bytes.len() as u64);
        Ok(())
    })?;
    let both = started.elapsed();
    let (in_writes, written) = writing
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a writing thread failed"))?;
    let threads = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    let writes = (in_writes / threads).min(both);
    timings.add(Stage::Render, both - writes);
    timings.add(Stage::Write, writes);
    timings.merge_written(written);
    timings.time(Stage::Write, || staging.commit())
}

/// Renders a checked edition and throws the pages away: what `check` runs so that a
/// broken theme template fails it as it would fail `build`, without writing anything
/// or holding the pages in memory. Static files are not read at all.
pub fn render_and_discard(edition: &Edition) -> anyhow::Result<()> {
    let theme = Theme::load(&edition.config)?;
    let plan = render::plan(edition, &theme)?;
    // What `build` checks of the planned paths before it writes (an edition's static
    // file against a theme's of the same name but for case), so `check` fails as well.
    crate::output::check_case_clashes(plan.paths().map(|path| path.as_str()))?;
    plan.render_each(|_| Ok(()))
}
