//! The only place that calls the stages in order and merges their diagnostics.

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::link::{self, Edition};
use crate::load::{ChapterFile, Sources};
use crate::output::{Committed, OutputTarget, Staging};
use crate::parse::ParsedText;
use crate::render::{self, ChapterInputs, MemoInputs, MemoStats, PageMemo, Theme};
use crate::site::Site;
use crate::timings::{Stage, Timings};
use crate::{fingerprint, load, parse};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
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
    check_through(config, None, timings)
}

/// The stages of [`check`], through `caches` when `serve` keeps them: one sequence
/// for both, so build and serve cannot drift apart.
fn check_through(
    config: &Config,
    mut caches: Option<&mut Caches>,
    timings: &mut Timings,
) -> anyhow::Result<Checked> {
    let memo = caches.as_deref_mut().map(|c| &mut c.files);
    let (mut sources, mut found) = timings.time(Stage::Load, || load::load_with(config, memo))?;
    found.extend(render::replaced_theme_files(config, &sources.static_files));
    let settings = parse::Settings::of(config);
    let (chapters, problems) = timings.time(Stage::Parse, || match caches.as_deref_mut() {
        Some(caches) => {
            caches.global = global_fingerprint(config, &sources);
            let parsed = caches.parse(&sources.chapters, &settings);
            // A no-op while the caches share the texts, as they do; said all the same,
            // so that build and serve hand link the same kind of chapters.
            (sources.chapters.par_iter_mut()).for_each(|chapter| chapter.src.pack());
            parsed
        }
        None => parse_all(&mut sources.chapters, &settings),
    });
    found.extend(problems);
    let (descriptions, problems) = timings.time(Stage::Parse, || {
        parse::parse_descriptions(&sources.registers, &settings)
    });
    found.extend(problems);
    let (edition, problems) = timings.time(Stage::Link, || {
        let memo = caches.map(|c| &mut c.link);
        link::link_with(config, sources, chapters, descriptions, memo)
    });
    found.extend(problems);
    diagnostics::sort(&mut found);
    Ok(Checked {
        edition,
        diagnostics: found,
    })
}

/// How many bytes of chapter text an edition must hold before [`parse_all`] packs
/// each text once parsed. Packing frees memory only a large edition misses (some
/// 250 MB of the 290 MB that 10,000 generated chapters hold, where the peak must stay
/// under 1 GiB), and it costs about 3 % of a build's CPU: 1,000 generated chapters
/// hold 29 MB of text, and holding it whole raises their peak from 110 to 132 MB.
/// Below this, the texts are held whole.
const PACK_TEXTS_ABOVE: usize = 64 << 20;

/// Parses every chapter, in parallel, and, in an edition of more than
/// [`PACK_TEXTS_ABOVE`] bytes of chapter text, packs each one's text as soon as it is
/// parsed ([`crate::diagnostics::SourceText::pack`]): link needs it only for the line
/// of a diagnostic, so the texts of a large edition are not all held whole at once.
fn parse_all(
    files: &mut [ChapterFile],
    settings: &parse::Settings<'_>,
) -> (Vec<Arc<ParsedText>>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let pack = files.iter().map(|c| c.src.text().len()).sum::<usize>() > PACK_TEXTS_ABOVE;
    let chapters = files
        .par_iter_mut()
        .map(|chapter| {
            let parsed = parse::parse_chapter(chapter, settings);
            if pack {
                chapter.src.pack();
            }
            parsed
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(chapter, problems)| {
            found.extend(problems);
            Arc::new(chapter)
        })
        .collect();
    (chapters, found)
}

/// [`check`], then render when there are no errors (`site` is `None` when there are).
pub fn build(config: &Config) -> anyhow::Result<(Checked, Option<Site>)> {
    let checked = check(config)?;
    if checked.has_errors() {
        return Ok((checked, None));
    }
    let theme = Theme::load(&checked.edition.config)?;
    let plan = render::plan(&checked.edition, &theme)?;
    let copies = plan.copies().to_vec();
    let pages = Mutex::new(Vec::new());
    // The library's one caller that wants everything in memory (its tests): the
    // derivatives' warnings are `build`'s to print, not the library's.
    render_through(&checked.edition, plan, |page| {
        pages
            .lock()
            .map_err(|_| anyhow::anyhow!("a rendering thread failed"))?
            .push(page);
        Ok(())
    })?;
    let mut pages =
        (pages.into_inner()).map_err(|_| anyhow::anyhow!("a rendering thread failed"))?;
    // The static files are read here, never by `build` or `archive`, which stream them.
    for copy in copies {
        let bytes = std::fs::read(&copy.source)
            .with_context(|| format!("reading {}", copy.source.display()))?;
        pages.push(crate::site::Page {
            path: copy.path,
            bytes,
        });
    }
    Ok((checked, Some(Site::new(pages)?)))
}

/// Makes the large images' web derivatives, then renders the pages (which show an
/// image's original when its derivative could not be made), handing each file to
/// `keep` as soon as it is made: how the library's [`build`] and [`archive`] render, as
/// [`write()`] does with its timings. Returns a warning for each image whose derivative
/// could not be made.
fn render_through(
    edition: &Edition,
    mut plan: render::Plan<'_>,
    keep: impl Fn(crate::site::Page) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<Vec<Diagnostic>> {
    let (made, unmade) = make_derivatives(&edition.config, plan.derivatives(), &keep)?;
    plan.show_derivatives(made);
    plan.render_each(keep)?;
    Ok(unmade)
}

/// Renders a checked edition straight into the output folder: each page is written as
/// soon as it is rendered, so a large edition is never held in memory whole, and the
/// new folder replaces the old one only when every page is written.
///
/// The large images' web derivatives are made before the pages, so that a page shows
/// an image's original when its derivative could not be made; each such image is
/// returned as a warning.
pub fn write(
    edition: &Edition,
    target: &OutputTarget,
) -> anyhow::Result<(Committed, Vec<Diagnostic>)> {
    write_timed(edition, target, &mut Timings::default())
}

/// [`write()`], adding the time of rendering and of writing to `timings` (split as
/// [`crate::timings`] says) and counting the files written by kind.
pub fn write_timed(
    edition: &Edition,
    target: &OutputTarget,
    timings: &mut Timings,
) -> anyhow::Result<(Committed, Vec<Diagnostic>)> {
    let theme = timings.time(Stage::Render, || Theme::load(&edition.config))?;
    let index = timings.time(Stage::Search, || {
        render::search_index(edition, &mut render::SearchMemo::default(), None)
    });
    let mut plan = timings.time(Stage::Render, || render::plan_with(edition, &theme, index))?;
    let staging = timings.time(Stage::Write, || Staging::new(target, plan.paths()))?;
    timings.time(Stage::Write, || {
        plan.copies()
            .par_iter()
            .try_for_each(|copy| staging.copy(&copy.path, &copy.source))
    })?;
    let (made, unmade) = timings.time(Stage::Write, || {
        make_derivatives(&edition.config, plan.derivatives(), |page| {
            staging.write(&page)
        })
    })?;
    plan.show_derivatives(made);
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
    let committed = timings.time(Stage::Write, || staging.commit())?;
    Ok((committed, unmade))
}

/// Makes each web derivative and hands it to `keep` (the staging folder of a build,
/// the zip's files of an archive), one image decoded per thread at a time: the names
/// of those made, and a warning for each image that could not be decoded (it is
/// published as it is).
fn make_derivatives(
    config: &Config,
    derivatives: &[render::ToScale],
    keep: impl Fn(crate::site::Page) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<(HashSet<String>, Vec<Diagnostic>)> {
    let results = derivatives
        .par_iter()
        .map(|d| match crate::scan::make(&d.source, &d.derivative) {
            Ok(bytes) => {
                let page = crate::site::Page {
                    path: d.path.clone(),
                    bytes,
                };
                keep(page).map(|()| Ok(d.derivative.name.clone()))
            }
            Err(error) => Ok(Err(unmade_warning(config, d, &error))),
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut made = HashSet::new();
    let mut unmade = Vec::new();
    for result in results {
        match result {
            Ok(name) => {
                made.insert(name);
            }
            Err(warning) => unmade.push(warning),
        }
    }
    Ok((made, unmade))
}

/// The warning for an image whose web derivative could not be made, at its file.
fn unmade_warning(config: &Config, d: &render::ToScale, error: &image::ImageError) -> Diagnostic {
    let content = load::display_path(config, &config.content_dir);
    let file = format!("{content}/static/{}", d.original);
    let message =
        format!("no web derivative could be made of this image ({error}); pages show it as it is");
    Diagnostic::for_file(diagnostics::Severity::Warning, file, message)
        .with_hint("save it again as a JPEG, PNG or TIFF, or make it at most 1600 px wide")
}

/// Renders a checked edition into the zip archive `zip` (see
/// [`crate::output::write_archive`]): each page and web derivative handed to the
/// archive as soon as it is made, as [`write()`] hands them to the output folder, and
/// the edition's static files streamed from disk as it copies them, so the archive's
/// pages are the build's and a large edition is never held in memory whole. Returns
/// how many files it holds, and a warning for each image whose derivative could not
/// be made.
pub fn archive(
    edition: &Edition,
    meta: &crate::output::ArchiveMeta,
    zip: &std::path::Path,
) -> anyhow::Result<(usize, Vec<Diagnostic>)> {
    let theme = Theme::load(&edition.config)?;
    let plan = render::plan(edition, &theme)?;
    let copies = plan.copies().to_vec();
    let mut unmade = Vec::new();
    let archived = crate::output::write_archive(&copies, meta, zip, |staged| {
        unmade = render_through(edition, plan, |page| staged.write(&page))?;
        Ok(())
    })?;
    Ok((archived, unmade))
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

/// What a long-lived process (`serve`) keeps between rebuilds so that a rebuild does
/// only the work an edit needs, through the very stages `build` runs: parsed chapters
/// keyed by their file's text, and rendered pages keyed by a fingerprint of what they
/// were rendered from. [`check`] runs the same stages without them.
#[derive(Debug, Default)]
pub struct Caches {
    /// Chapter files as read, with their front matter.
    files: load::ReadMemo,
    /// Parsed chapters by file (as shown in diagnostics).
    chapters: HashMap<String, ParsedChapter>,
    /// A fingerprint of the settings the chapters were parsed with: when `book.toml`
    /// changes them, every chapter is parsed again.
    settings: u64,
    /// The version the next new or changed chapter text gets.
    next_version: u64,
    /// A fingerprint of the inputs that are not chapters, as of the last check.
    global: u64,
    /// What the last link made of the chapters (their anchors, their resolved texts).
    link: link::LinkMemo,
    /// The pages of the last render.
    pages: PageMemo,
    /// The web derivatives of the last render, by path in the site.
    derivatives: HashMap<crate::site::PagePath, Arc<Derived>>,
    /// The built-in theme, once loaded.
    built_in_theme: Option<Arc<Theme>>,
    /// What the search index of the last render was made from.
    search: render::SearchMemo,
}

/// A web derivative made, and what it was made from.
#[derive(Debug)]
struct Derived {
    path: crate::site::PagePath,
    /// Its name under `static/`.
    name: String,
    source: std::path::PathBuf,
    /// Its width and height.
    size: (usize, usize),
    /// The original's file when it was made.
    stamp: Option<load::FileStamp>,
    bytes: Arc<Vec<u8>>,
}

/// A derivative's width and height.
fn size_of(d: &render::ToScale) -> (usize, usize) {
    (d.derivative.width, d.derivative.height)
}

/// A chapter file's text and what parsing it gave.
#[derive(Debug)]
struct ParsedChapter {
    text: Arc<str>,
    inputs: ChapterInputs,
    parsed: Arc<ParsedText>,
    problems: Vec<Diagnostic>,
}

impl Caches {
    /// [`check`], reading and parsing again only the chapters whose text changed
    /// since the last call.
    pub fn check(&mut self, config: &Config, timings: &mut Timings) -> anyhow::Result<Checked> {
        check_through(config, Some(self), timings)
    }

    /// Renders the edition of the last [`Caches::check`] into memory, rendering again
    /// only the pages whose inputs changed. On an error the previous pages stay.
    ///
    /// The large images' web derivatives are made as `build` makes them, each image
    /// again only when its file changed; a warning is returned for each image whose
    /// derivative could not be made.
    pub fn render(
        &mut self,
        edition: &Edition,
        timings: &mut Timings,
    ) -> anyhow::Result<(MemoStats, Vec<Diagnostic>)> {
        let theme = timings.time(Stage::Render, || self.theme(&edition.config))?;
        let chapters: Vec<ChapterInputs> = edition
            .chapters
            .iter()
            .map(|c| match self.chapters.get(&c.file) {
                Some(cached) => cached.inputs.clone(),
                // Not from this cache's check: a version never seen, so it is rendered.
                None => {
                    self.next_version += 1;
                    ChapterInputs::new(u64::MAX - self.next_version, &c.text.parsed)
                }
            })
            .collect();
        let inputs = MemoInputs {
            global: self.global,
            chapters: &chapters,
        };
        let index = timings.time(Stage::Search, || {
            render::search_index(edition, &mut self.search, Some(inputs))
        });
        timings.time(Stage::Render, || {
            let mut plan = render::plan_with(edition, &theme, index)?;
            let (derived, unmade) = self.derive(&edition.config, plan.derivatives())?;
            plan.show_derivatives(derived.iter().map(|d| d.name.clone()).collect());
            let derived = derived
                .iter()
                .map(|d| (d.path.clone(), Arc::clone(&d.bytes)));
            let stats = self.pages.update(plan, inputs, derived)?;
            Ok((stats, unmade))
        })
    }

    /// The theme of `config`. The built-in one cannot change while the process runs,
    /// so its templates are parsed once; a theme folder's are read on every rebuild.
    fn theme(&mut self, config: &Config) -> anyhow::Result<Arc<Theme>> {
        if config.theme_dir.is_some() {
            return Theme::load(config).map(Arc::new);
        }
        if let Some(theme) = &self.built_in_theme {
            return Ok(Arc::clone(theme));
        }
        let theme = Arc::new(Theme::load(config)?);
        self.built_in_theme = Some(Arc::clone(&theme));
        Ok(theme)
    }

    /// The web derivatives of `wanted`: those made before from an unchanged file are
    /// kept, the others made (by [`make_derivatives`], as `build` makes them).
    fn derive(
        &mut self,
        config: &Config,
        wanted: &[render::ToScale],
    ) -> anyhow::Result<(Vec<Arc<Derived>>, Vec<Diagnostic>)> {
        let stamps: Vec<_> = wanted
            .iter()
            .map(|d| load::FileStamp::of(&d.source))
            .collect();
        let kept = |(d, stamp): (&render::ToScale, &Option<load::FileStamp>)| {
            let old = self.derivatives.get(&d.path)?;
            let same = stamp.is_some() && old.stamp == *stamp && old.source == d.source;
            (same && old.name == d.derivative.name && old.size == size_of(d))
                .then(|| Arc::clone(old))
        };
        let olds: Vec<Option<Arc<Derived>>> = wanted.iter().zip(&stamps).map(kept).collect();
        let missing: Vec<render::ToScale> = (wanted.iter().zip(&olds))
            .filter(|(_, old)| old.is_none())
            .map(|(d, _)| d.clone())
            .collect();
        let fresh = Mutex::new(HashMap::new());
        let (_, unmade) = make_derivatives(config, &missing, |page| {
            fresh
                .lock()
                .map_err(|_| anyhow::anyhow!("a thread making derivatives failed"))?
                .insert(page.path.clone(), Arc::new(page.bytes));
            Ok(())
        })?;
        let mut fresh = fresh
            .into_inner()
            .map_err(|_| anyhow::anyhow!("a thread making derivatives failed"))?;
        let mut derived = Vec::new();
        for ((d, stamp), old) in wanted.iter().zip(stamps).zip(olds) {
            let made = old.or_else(|| {
                let bytes = fresh.remove(&d.path)?;
                Some(Arc::new(Derived {
                    path: d.path.clone(),
                    name: d.derivative.name.clone(),
                    source: d.source.clone(),
                    size: size_of(d),
                    stamp,
                    bytes,
                }))
            });
            derived.extend(made);
        }
        self.derivatives = (derived.iter())
            .map(|d| (d.path.clone(), Arc::clone(d)))
            .collect();
        Ok((derived, unmade))
    }

    /// The last rendered site.
    pub fn site(&self) -> &Arc<render::MemoSite> {
        self.pages.site()
    }

    /// Parses the chapters in parallel, reusing the parse of every chapter whose file
    /// holds the same text as last time; chapters no longer there are forgotten.
    fn parse(
        &mut self,
        files: &[ChapterFile],
        settings: &parse::Settings<'_>,
    ) -> (Vec<Arc<ParsedText>>, Vec<Diagnostic>) {
        let print = fingerprint::of(&format!("{settings:?}"));
        if print != self.settings {
            self.chapters.clear();
            self.settings = print;
        }
        let cached = &self.chapters;
        let results: Vec<(Option<ParsedChapter>, Arc<ParsedText>, Vec<Diagnostic>)> = files
            .par_iter()
            .map(|file| {
                // The load memo hands an unchanged file's very text: no need to compare.
                let same = cached.get(&file.src.path).filter(|c| {
                    let text = file.src.shared_text();
                    Arc::ptr_eq(&c.text, &text) || c.text == text
                });
                if let Some(c) = same {
                    return (None, Arc::clone(&c.parsed), c.problems.clone());
                }
                let (parsed, problems) = parse::parse_chapter(file, settings);
                let parsed = Arc::new(parsed);
                let fresh = ParsedChapter {
                    text: file.src.shared_text(),
                    inputs: ChapterInputs::new(0, &parsed),
                    parsed: Arc::clone(&parsed),
                    problems: problems.clone(),
                };
                (Some(fresh), parsed, problems)
            })
            .collect();
        let mut kept = HashMap::with_capacity(files.len());
        let mut chapters = Vec::with_capacity(files.len());
        let mut found = Vec::new();
        for (file, (fresh, parsed, problems)) in files.iter().zip(results) {
            let entry = match fresh {
                Some(mut fresh) => {
                    fresh.inputs.version = self.next_version;
                    self.next_version += 1;
                    fresh
                }
                None => self
                    .chapters
                    .remove(&file.src.path)
                    .expect("a reused parse comes from this cache"),
            };
            kept.insert(file.src.path.clone(), entry);
            chapters.push(parsed);
            found.extend(problems);
        }
        self.chapters = kept;
        (chapters, found)
    }
}

/// A fingerprint of every input other than the chapters: the configuration, the
/// registers, the bibliography, the static files (which exist: their bytes are copied,
/// never shown in a page) and `anchors.lock`.
fn global_fingerprint(config: &Config, sources: &Sources) -> u64 {
    let registers: Vec<_> = sources
        .registers
        .iter()
        .map(|r| r.src.as_ref().map(|s| s.text()))
        .collect();
    let bibliography = sources.bibliography.src.as_ref().map(|s| s.text());
    let statics: Vec<_> = sources
        .static_files
        .iter()
        .map(|f| (&f.path, &f.source))
        .collect();
    let anchors = sources.anchors.as_ref().map(|s| s.text());
    fingerprint::of(&(
        format!("{config:?}"),
        registers,
        bibliography,
        statics,
        anchors,
    ))
}
