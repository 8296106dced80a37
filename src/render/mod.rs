//! Stage 4, `&Edition` → [`Site`](crate::site::Site): every page rendered through the theme, in parallel.
//!
//! Each page is a plain job (`Job`) turned into a view struct (borrowed from the
//! model, `Serialize`) and handed to its template. Links come only from [`links`], so
//! every internal link is relative and ends in `.html`. Apart from the pages, the site
//! gets the theme's static files (the edition's `content/static/` laid over them),
//! `.nojekyll`, `CNAME` when `site.cname` is set, and `sitemap.xml` when `site.base-url`
//! is. Two files with one path are an error: nothing is overwritten by accident.

mod cite;
mod jsonld;
pub mod links;
mod memo;
mod meta;
mod pages;
mod pictures;
mod previews;
mod search;
mod text;
mod theme;
mod words;

pub use memo::{ChapterInputs, MemoFile, MemoInputs, MemoSite, MemoStats, PageMemo};
pub(crate) use search::SearchIndex;
pub use search::SearchMemo;
pub use theme::{TemplateError, Theme, replaced_theme_files};
pub use words::{OverlayWords, Words};

use crate::config::BaseUrl;
use crate::link::Edition;
use crate::scan::Derivative;
use crate::site::{Page, PagePath};
use anyhow::Context as _;
use links::{Links, paths};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// One page to render.
#[derive(Debug, Clone, Copy, Hash)]
enum Job {
    Index,
    Chapter(usize),
    Register(usize),
    Entry(usize, usize),
    Sources,
    Source(usize),
    Notes,
    Search,
    NotFound,
    /// A numbered page (from 2) of an entry's turns and mentions: see `pages::paging`.
    EntryPage(usize, usize, usize),
    /// A numbered page (from 2) of a source's concordance.
    SourcePage(usize, usize),
    /// A numbered page (from 2) of the notes.
    NotesPage(usize),
}

/// What a page is, for the bytes `build --timings` reports by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    /// A chapter's page.
    Chapter,
    /// An entry's page and the numbered pages of its places.
    Entry,
    /// A source's page, its numbered pages and the bibliography.
    Source,
    /// The notes page and its numbered pages.
    Notes,
    /// The title page, the registers' indexes, `search.html`, `404.html`.
    Other,
    /// What is not rendered: static files, `.nojekyll`, `CNAME`, `sitemap.xml`.
    File,
}

impl Job {
    fn kind(self) -> PageKind {
        match self {
            Self::Chapter(_) => PageKind::Chapter,
            Self::Entry(..) | Self::EntryPage(..) => PageKind::Entry,
            Self::Sources | Self::Source(_) | Self::SourcePage(..) => PageKind::Source,
            Self::Notes | Self::NotesPage(_) => PageKind::Notes,
            Self::Index | Self::Register(_) | Self::Search | Self::NotFound => PageKind::Other,
        }
    }
}

/// Every file of the edition's site, planned: where each will be written is known and
/// checked (no two at one path) before anything is rendered, so a writer can prepare
/// for all of them and then take the pages one by one.
pub struct Plan<'a> {
    renderer: Renderer<'a>,
    jobs: Vec<(Job, PagePath)>,
    files: Vec<Page>,
    copies: Vec<Copy>,
    derivatives: Vec<ToScale>,
}

/// A web derivative of a large image of the edition, to be made by the writer (see
/// [`crate::scan`]).
#[derive(Debug, Clone)]
pub struct ToScale {
    /// Where it goes in the site.
    pub path: PagePath,
    /// The original's name under `static/`.
    pub original: String,
    /// The original image's file.
    pub source: std::path::PathBuf,
    /// Its name, width and height.
    pub derivative: Derivative,
}

/// An edition's static file, to be copied into the site as it is: never read into
/// memory by the plan, since it may be a scan of gigabytes.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Where it goes in the site.
    pub path: PagePath,
    /// The file to copy.
    pub source: std::path::PathBuf,
}

/// Plans the site of `edition`: the paths of every page, and the files that are not
/// rendered (static files, `.nojekyll`, `CNAME`, `sitemap.xml`).
pub fn plan<'a>(edition: &'a Edition, theme: &'a Theme) -> anyhow::Result<Plan<'a>> {
    plan_with(
        edition,
        theme,
        search_index(edition, &mut SearchMemo::default(), None),
    )
}

/// The search index of `edition`, made from the parts `memo` kept of the last rebuild
/// whose `inputs` are unchanged (`serve`), only its changed files packed: made apart
/// from [`plan_with`] so that its time can be told apart (`build --timings`, `serve`'s
/// log).
pub(crate) fn search_index(
    edition: &Edition,
    memo: &mut SearchMemo,
    inputs: Option<MemoInputs<'_>>,
) -> SearchIndex {
    search::index(edition, memo, inputs)
}

/// [`plan`], with the edition's search index already made.
pub(crate) fn plan_with<'a>(
    edition: &'a Edition,
    theme: &'a Theme,
    index: SearchIndex,
) -> anyhow::Result<Plan<'a>> {
    let words = Words::for_language(&edition.config.book.language);
    let renderer = Renderer {
        edition,
        theme,
        nav: pages::nav_targets(edition, &words),
        sites: Mutex::default(),
        words,
        search: (index.stems, index.term_shards),
        cards: previews::Cards::new(edition),
        made: Arc::default(),
        snippets: None,
        concordances: pages::concordances(edition),
        note_starts: pages::note_starts(edition),
        reading: pages::ReadingOrder::new(edition),
        mention_table: OnceLock::new(),
    };
    let jobs = jobs(edition)
        .into_iter()
        .map(|job| Ok((job, renderer.path(job)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (files, copies) = renderer.files(index.files)?;
    let derivatives = derivatives(&copies)?;
    crate::site::check_unique(
        jobs.iter()
            .map(|(_, path)| path)
            .chain(files.iter().map(|f| &f.path))
            .chain(copies.iter().map(|c| &c.path))
            .chain(derivatives.iter().map(|d| &d.path)),
    )?;
    Ok(Plan {
        renderer,
        jobs,
        files,
        copies,
        derivatives,
    })
}

impl Plan<'_> {
    /// Every path the site will have.
    pub fn paths(&self) -> impl Iterator<Item = &PagePath> + Clone {
        self.jobs
            .iter()
            .map(|(_, path)| path)
            .chain(self.files.iter().map(|f| &f.path))
            .chain(self.copies.iter().map(|c| &c.path))
            .chain(self.derivatives.iter().map(|d| &d.path))
    }

    /// The edition's static files, to be copied by the writer (not rendered).
    pub fn copies(&self) -> &[Copy] {
        &self.copies
    }

    /// The web derivatives of the edition's large images, to be made by the writer.
    pub fn derivatives(&self) -> &[ToScale] {
        &self.derivatives
    }

    /// Pages rendered from now on show the web derivatives named in `made` (the others
    /// could not be made, or were not: their pages show the originals).
    pub fn show_derivatives(&mut self, made: HashSet<String>) {
        self.renderer.made = Arc::new(made);
    }

    /// Renders the pages (all but [`Plan::copies`]) in parallel and hands each to `sink` as soon as it is ready, so
    /// a large edition is never held in memory whole. A template error is reported for
    /// the first failing page in a fixed order, the same on every run.
    pub fn render_each(
        self,
        sink: impl Fn(Page) -> anyhow::Result<()> + Sync,
    ) -> anyhow::Result<()> {
        self.render_each_kind(|_, page| sink(page))
    }

    /// [`Plan::render_each`], telling the sink what kind of page each is.
    pub fn render_each_kind(
        self,
        sink: impl Fn(PageKind, Page) -> anyhow::Result<()> + Sync,
    ) -> anyhow::Result<()> {
        for file in self.files {
            sink(PageKind::File, file)?;
        }
        let results: Vec<anyhow::Result<()>> = self
            .jobs
            .into_par_iter()
            .map(|(job, path)| sink(job.kind(), self.renderer.page(job, path)?))
            .collect();
        results.into_iter().collect()
    }
}

fn jobs(edition: &Edition) -> Vec<Job> {
    let mut jobs = vec![
        Job::Index,
        Job::Sources,
        Job::Notes,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend(pages::notes_paging(edition).more().map(Job::NotesPage));
    jobs.extend((0..edition.chapters.len()).map(Job::Chapter));
    for (r, register) in edition.registers.iter().enumerate() {
        jobs.push(Job::Register(r));
        for (e, entry) in register.entries.iter().enumerate() {
            jobs.push(Job::Entry(r, e));
            let paging = pages::entry_paging(edition, &entry.refs);
            jobs.extend(paging.more().map(|n| Job::EntryPage(r, e, n)));
        }
    }
    for s in 0..edition.sources.len() {
        jobs.push(Job::Source(s));
        let paging = pages::concordance_paging(edition, s);
        jobs.extend(paging.more().map(|n| Job::SourcePage(s, n)));
    }
    jobs
}

/// What every page shares: the book, the navigation, the theme's words. The same for
/// every page of one folder and one place in the navigation, so made into template
/// data once for each (see [`Renderer::site`]).
#[derive(Serialize)]
struct SiteView<'a> {
    lang: &'a str,
    title: &'a str,
    subtitle: Option<&'a str>,
    authors: &'a [String],
    description: Option<&'a str>,
    root: &'a str,
    home: String,
    stylesheets: Vec<String>,
    /// The theme's `scheme.js`, which sets the reader's colour scheme before first paint.
    scheme_script: String,
    nav: Vec<pages::NavLink>,
    search: SearchView,
    /// The theme's words.
    words: &'a Words,
}

/// Where the search box sends its query and where its scripts are, from this page.
#[derive(Serialize)]
struct SearchView {
    /// `search.html`, where results are listed.
    page: String,
    /// The theme's `search.js`.
    script: String,
    /// The index's folder, ending in `/`.
    index: String,
    /// The vendored Snowball stemmers.
    stemmer: String,
    /// Whether the index stems words (so the stemmers are loaded).
    stems: bool,
    /// How many term shards the index has.
    term_shards: usize,
}

impl SearchView {
    fn new(links: &Links, (stems, term_shards): (bool, usize)) -> Self {
        Self {
            stems,
            term_shards,
            page: links.to(paths::SEARCH),
            script: links.to(&paths::static_file("search.js")),
            index: links.to(&format!("{}/", search::FOLDER)),
            stemmer: links.to(&paths::static_file("snowball.js")),
        }
    }
}

/// What a page's `site` depends on: the page's way to the output's root, and how it
/// stands to each link of the navigation (see [`pages::nav_currents`]).
#[derive(PartialEq, Eq)]
struct SiteKey {
    root: String,
    nav: Vec<Option<&'static str>>,
}

/// What a page says of itself in `<head>`: its title, and its own description when it
/// has one (a chapter's summary, an entry's description); other pages get one made from
/// their title and the book's (see [`meta`]).
struct Head {
    title: String,
    description: Option<String>,
    /// The page's schema.org description (JSON-LD), when it has one.
    jsonld: Option<String>,
}

impl Head {
    /// A page with a title and the book's description.
    fn titled(title: String) -> Self {
        Self {
            title,
            description: None,
            jsonld: None,
        }
    }

    /// The same head with the page's own description, when it has one.
    fn with_description(self, description: Option<String>) -> Self {
        Self {
            description,
            ..self
        }
    }

    /// The same head with the page's JSON-LD.
    fn with_jsonld(self, jsonld: String) -> Self {
        Self {
            jsonld: Some(jsonld),
            ..self
        }
    }
}

struct Renderer<'a> {
    edition: &'a Edition,
    theme: &'a Theme,
    words: Words,
    /// The site's navigation, made once: every page shows the same links.
    nav: Vec<pages::NavTarget>,
    /// Every page's `site` made so far as template data, by what it depends on (see
    /// [`Renderer::site`]): a dozen of them serve every page of the edition.
    sites: Mutex<Vec<(SiteKey, tera::Value)>>,
    /// Whether the search index stems words, and how many term shards it has.
    search: (bool, usize),
    /// Each entry's preview card, made once for all pages.
    cards: previews::Cards,
    /// The web derivatives made, by name under `static/` (see [`Links::is_made`]).
    made: Arc<HashSet<String>>,
    /// The snippets `serve` keeps between rebuilds (see [`memo::Snippets`]).
    snippets: Option<memo::Snippets>,
    /// Each source's concordance, made once for all its pages.
    concordances: Vec<pages::paging::Shared<pages::Concordance>>,
    /// Where each chapter's notes start among all the notes (see [`pages::note_starts`]).
    note_starts: Vec<usize>,
    /// The chapters in the table of contents' order, which every list of chapters
    /// follows, and each one's number in it.
    reading: pages::ReadingOrder,
    /// Every mention's passage and entry, compact (see [`pictures::MentionTable`]),
    /// made when an entry's page first needs it: a `serve` rebuild that renders no
    /// entry page does not gather the whole edition's mentions.
    mention_table: OnceLock<pictures::MentionTable>,
}

/// Where each of a list's parts starts when `counts` are laid end to end, and where the
/// last one ends: the running sum, from 0.
fn starts(counts: impl ExactSizeIterator<Item = usize>) -> Vec<usize> {
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut next = 0;
    starts.push(next);
    for count in counts {
        next += count;
        starts.push(next);
    }
    starts
}

impl Renderer<'_> {
    /// The edition's mentions, compact (see [`pictures::MentionTable`]).
    fn mention_table(&self) -> &pictures::MentionTable {
        (self.mention_table).get_or_init(|| pictures::MentionTable::new(self.edition))
    }

    /// Passage `passage` of chapter `chapter` in short, about `focus`, the passage
    /// split there by [`text::split`].
    fn snippet(
        &self,
        chapter: usize,
        passage: usize,
        focus: text::Focus,
        at: text::Split<'_>,
    ) -> Arc<text::Snippet> {
        let make = || text::snippet_at(self.edition, &self.edition.chapters[chapter].text, at);
        match &self.snippets {
            Some(kept) => kept.get_or_make(chapter, passage, focus, make),
            None => Arc::new(make()),
        }
    }

    fn page(&self, job: Job, path: PagePath) -> anyhow::Result<Page> {
        let links = match job {
            Job::NotFound => Links::from_base_path(
                self.edition
                    .config
                    .base_url
                    .as_ref()
                    .map_or("/", |b| b.path()),
            ),
            _ => Links::from_page(&path),
        }
        .with_made(Arc::clone(&self.made));
        // A template error already says which page and which template file.
        let bytes = pages::render(self, job, &path, &links)?;
        Ok(Page { path, bytes })
    }

    fn path(&self, job: Job) -> anyhow::Result<PagePath> {
        let e = self.edition;
        let path = match job {
            Job::Index => paths::INDEX.to_owned(),
            Job::Chapter(c) => paths::chapter(&e.chapters[c].slug),
            Job::Register(r) => paths::register(&e.registers[r].kind.path),
            Job::Entry(r, i) => {
                paths::entry(&e.registers[r].kind.path, &e.registers[r].entries[i].id)
            }
            Job::Sources => paths::SOURCES.to_owned(),
            Job::Source(s) => paths::source(&e.sources[s].key),
            Job::Notes => paths::NOTES.to_owned(),
            Job::Search => paths::SEARCH.to_owned(),
            Job::NotFound => paths::NOT_FOUND.to_owned(),
            Job::EntryPage(r, i, n) => pages::paging::page_path(
                &paths::entry(&e.registers[r].kind.path, &e.registers[r].entries[i].id),
                n,
            ),
            Job::SourcePage(s, n) => pages::paging::page_path(&paths::source(&e.sources[s].key), n),
            Job::NotesPage(n) => pages::paging::page_path(paths::NOTES, n),
        };
        page_path(path)
    }

    /// Renders `template` for the page at `path` with its `head` and its own `view`.
    fn template<T: Serialize>(
        &self,
        template: &str,
        path: &PagePath,
        links: &Links,
        head: Head,
        view: T,
    ) -> anyhow::Result<Vec<u8>> {
        let book = &self.edition.config.book;
        let canonical = self
            .edition
            .config
            .base_url
            .as_ref()
            .map(|base| published_url(base, path.as_str()));
        let meta = meta::Meta::new(book, template, &head.title, head.description);
        let page = tera::Value::try_from_serializable(&view)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("preparing the data of {} for {template}", path.as_str()))?;
        // The names every template receives (docs/THEMES.md), put in one by one: `site`
        // and `page` are ready values that tera takes by reference count.
        let mut context = tera::Context::new();
        context.insert_value("site", self.site(links, path));
        context.insert_value("page", page);
        context.insert("page_title", &head.title);
        context.insert("canonical", &canonical.filter(|_| template != "404.html"));
        context.insert("description", &meta.description);
        context.insert("og_type", meta.og_type);
        context.insert("jsonld", &head.jsonld);
        self.theme.render(path.as_str(), template, &context)
    }

    /// The `site` of the page at `path` as template data: made the first time a page of
    /// its folder (`links`' root) and its place in the navigation needs it, then shared.
    fn site(&self, links: &Links, path: &PagePath) -> tera::Value {
        let key = SiteKey {
            root: links.root().to_owned(),
            nav: pages::nav_currents(&self.nav, path),
        };
        let mut sites = self.sites.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, site)) = sites.iter().find(|(k, _)| *k == key) {
            return site.clone();
        }
        let book = &self.edition.config.book;
        let site = tera::Value::from_serializable(&SiteView {
            lang: &book.language,
            title: &book.title,
            subtitle: book.subtitle.as_deref(),
            authors: &book.authors,
            description: book.description.as_deref(),
            root: links.root(),
            home: links.to(paths::INDEX),
            stylesheets: ["style.css", "highlight.css"]
                .map(|s| links.to(&paths::static_file(s)))
                .to_vec(),
            scheme_script: links.to(&paths::static_file("scheme.js")),
            nav: pages::nav(&self.nav, links, &key.nav),
            search: SearchView::new(links, self.search),
            words: &self.words,
        });
        sites.push((key, site.clone()));
        site
    }

    /// The files that are not pages: the theme's assets, the search index and the
    /// publishing helpers, and the edition's static files to copy.
    fn files(
        &self,
        search_index: Vec<search::IndexFile>,
    ) -> anyhow::Result<(Vec<Page>, Vec<Copy>)> {
        let mut files = Vec::new();
        let mut copies = Vec::new();
        for (name, from) in self.static_files() {
            match from {
                StaticSource::Theme(bytes) => {
                    files.push(file(paths::static_file(name), bytes.clone())?);
                }
                StaticSource::Edition(source) => copies.push(Copy {
                    path: page_path(paths::static_file(name))?,
                    source: source.to_path_buf(),
                }),
            }
        }
        for index in search_index {
            files.push(file(index.path, index.bytes)?);
        }
        files.push(file(".nojekyll".to_owned(), Vec::new())?);
        if let Some(cname) = &self.edition.config.cname {
            files.push(file("CNAME".to_owned(), format!("{cname}\n").into_bytes())?);
        }
        if let Some(base) = &self.edition.config.base_url {
            files.push(file(
                "sitemap.xml".to_owned(),
                self.sitemap(base)?.into_bytes(),
            )?);
        }
        Ok((files, copies))
    }

    /// The theme's static files with the edition's own `content/static/` laid over
    /// them: the one place where a file is meant to replace another of the same name
    /// (each such file of the edition's is a warning: [`theme::replaced_theme_files`]).
    fn static_files(&self) -> BTreeMap<&str, StaticSource<'_>> {
        let theme = self.theme.static_files().iter();
        let edition = self.edition.static_files.iter();
        theme
            .map(|(name, bytes)| (name.as_str(), StaticSource::Theme(bytes)))
            .chain(edition.map(|f| (f.path.as_str(), StaticSource::Edition(&f.source))))
            .collect()
    }

    /// Every page but `404.html` and `search.html` (which holds nothing until a query is
    /// asked), by the same URL its canonical link gives.
    fn sitemap(&self, base: &BaseUrl) -> anyhow::Result<String> {
        let mut paths = jobs(self.edition)
            .into_iter()
            .filter(|job| !matches!(job, Job::NotFound | Job::Search))
            .map(|job| self.path(job))
            .collect::<anyhow::Result<Vec<_>>>()?;
        paths.sort();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for path in paths {
            let loc = crate::html::escape(&published_url(base, path.as_str()));
            xml.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
        }
        xml.push_str("</urlset>\n");
        Ok(xml)
    }
}

/// The web derivatives the edition's static files need, from their headers' sizes
/// alone (the images are not decoded here), in a fixed order.
fn derivatives(copies: &[Copy]) -> anyhow::Result<Vec<ToScale>> {
    let mut found = Vec::new();
    for copy in copies {
        let Some(name) = copy.path.as_str().strip_prefix("static/") else {
            continue;
        };
        let Ok(size) = imagesize::size(&copy.source) else {
            continue;
        };
        if let Some(derivative) = crate::scan::derivative(name, size.width, size.height) {
            found.push(ToScale {
                path: page_path(paths::static_file(&derivative.name))?,
                original: name.to_owned(),
                source: copy.source.clone(),
                derivative,
            });
        }
    }
    Ok(found)
}

/// Where a static file's bytes come from.
enum StaticSource<'a> {
    /// The theme's, in memory.
    Theme(&'a Vec<u8>),
    /// The edition's, on disk.
    Edition(&'a std::path::Path),
}

/// Where the page at `path` is published: the title page is the base URL itself, as
/// people and search engines write it.
fn published_url(base: &BaseUrl, path: &str) -> String {
    match path {
        paths::INDEX => base.as_str().to_owned(),
        other => format!("{}{other}", base.as_str()),
    }
}

/// JSON to put in a `<script>` element: `<` is escaped, so no text of the edition can
/// close the element early.
fn json_for_script(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// An output file that is not a page, at a checked path.
fn file(path: String, bytes: Vec<u8>) -> anyhow::Result<Page> {
    Ok(Page {
        path: page_path(path)?,
        bytes,
    })
}

fn page_path(path: String) -> anyhow::Result<PagePath> {
    PagePath::new(path.clone()).with_context(|| format!("'{path}' is not a safe output path"))
}
