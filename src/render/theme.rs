//! The theme: Tera templates and static files, built into the binary and overridable
//! file by file from the edition's `themes/NAME/`.
//!
//! Every built-in file is named once, in `BUILT_IN_TEMPLATES` or `BUILT_IN_STATIC`
//! (`highlight.css` is made from the highlighter's colours); an edition's theme folder
//! may replace any of them or add new ones. An error in a template names the file the
//! editor has to open: the built-in template, or the theme folder's own.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{StaticFile, read_folder, theme_folder_paths};
use anyhow::Context as _;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

macro_rules! theme_files {
    ($dir:literal, $read:ident: $($name:literal),* $(,)?) => {
        [$(($name, $read!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, "/", $name)))),*]
    };
}

/// The built-in templates, by name.
const BUILT_IN_TEMPLATES: [(&str, &str); 14] = theme_files!("templates", include_str:
    "base.html", "index.html", "chapter.html", "note.html", "register.html", "entry.html",
    "sources.html", "source.html", "notes.html", "404.html", "search.html", "toc-entry.html",
    "pager.html", "entry-page.html",
);

/// The built-in static files, by path under `static/`.
const BUILT_IN_STATIC: [(&str, &[u8]); 7] = theme_files!("static", include_bytes:
    "style.css", "search.js", "snowball.js", "snowball-LICENSE.txt", "cite.js", "scheme.js",
    "reader.js",
);

/// The stylesheet of highlighted code, under `static/`.
const HIGHLIGHT_CSS: &str = "highlight.css";

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    tera: tera::Tera,
    /// The templates the theme folder replaced or added, by name: the file to show in
    /// an error, relative to the edition (`themes/my/templates/base.html`).
    from_folder: BTreeMap<String, String>,
    /// Every template's text, by name: the line an error points at is shown from it.
    texts: BTreeMap<String, String>,
    static_files: BTreeMap<String, Vec<u8>>,
    /// A hash of every template and static file, so that a cache of pages can tell
    /// whether the theme changed since a page was rendered.
    digest: u64,
    /// The size of the last page each template made: the next page's buffer is sized
    /// from it, where one that grew from empty was copied a dozen times as it doubled.
    last_sizes: BTreeMap<String, AtomicUsize>,
}

/// A theme is told apart by its digest (`serve` keeps the built-in one).
impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("digest", &self.digest)
            .finish()
    }
}

impl Theme {
    /// The built-in theme with the edition's theme folder (if any) laid over it.
    pub fn load(config: &Config) -> anyhow::Result<Self> {
        let mut templates: BTreeMap<String, String> = BUILT_IN_TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        let mut static_files: BTreeMap<String, Vec<u8>> = BUILT_IN_STATIC
            .iter()
            .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
            .collect();
        static_files.insert(
            HIGHLIGHT_CSS.to_owned(),
            crate::parse::highlight_stylesheet().into_bytes(),
        );
        let mut from_folder = BTreeMap::new();
        if let Some(dir) = &config.theme_dir {
            let shown = shown_folder(&config.root, dir);
            for (name, text) in folder_templates(dir, &shown)? {
                from_folder.insert(name.clone(), format!("{shown}/{name}"));
                templates.insert(name, text);
            }
            static_files.extend(
                read_folder(&dir.join("static"))?
                    .into_iter()
                    .map(|f| (f.path, f.bytes)),
            );
        }
        let digest = crate::fingerprint::of(&(&templates, &static_files));
        let last_sizes = templates
            .keys()
            .map(|name| (name.clone(), AtomicUsize::new(0)))
            .collect();
        let mut theme = Self {
            tera: tera::Tera::new(),
            from_folder,
            texts: BTreeMap::new(),
            static_files,
            digest,
            last_sizes,
        };
        theme.tera.autoescape_on(vec![".html", ".xml"]);
        theme.tera.register_filter("safe", safe);
        let added = theme
            .tera
            .add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        theme.texts = templates;
        if let Err(e) = added {
            return Err(theme.explain(&e, None).into());
        }
        Ok(theme)
    }

    /// Renders `template` with `context` for the output file `page`.
    pub fn render(
        &self,
        page: &str,
        template: &str,
        context: &tera::Context,
    ) -> anyhow::Result<Vec<u8>> {
        let last_size = self.last_sizes.get(template);
        // A quarter more than the last page of the template: most pages then fit at
        // once. How large the buffer is changes nothing in what is written.
        let size = last_size.map_or(0, |s| s.load(Ordering::Relaxed));
        let mut html = Vec::with_capacity(size + size / 4);
        // Into bytes, as the page is written: `Tera::render` would check the whole page
        // once more for UTF-8 to make a `String`, a tenth of a large build's time.
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|e| self.explain(&e, Some((page, template))))?;
        if let Some(last_size) = last_size {
            last_size.store(html.len(), Ordering::Relaxed);
        }
        Ok(html)
    }

    /// The static files, by path under `static/`.
    pub fn static_files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.static_files
    }

    /// A hash of the theme's files (see [`crate::fingerprint`]).
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// Which template file an error is in, where tera says, and tera's report with the
    /// theme folder's paths in place of bare template names, so the editor knows which
    /// file to open. `rendering` is the page being made and its template, when it is.
    fn explain(&self, error: &tera::Error, rendering: Option<(&str, &str)>) -> TemplateError {
        let report = match error.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let page = rendering.map(|(page, _)| page.to_owned());
        let Some(name) = report
            .map(|r| r.filename())
            .or(rendering.map(|(_, template)| template))
        else {
            return TemplateError {
                page,
                template: None,
                place: None,
                message: error.to_string(),
                detail: error.to_string(),
            };
        };
        let text = error.to_string();
        // tera's report opens with its own `error: `, which the printed line already has.
        let text = text.strip_prefix("error: ").unwrap_or(&text);
        let detail: Vec<String> = text.lines().map(|line| self.locus_path(line)).collect();
        let place = report.map(|r| {
            let span = r.span();
            let line = self
                .texts
                .get(name)
                .zip(span.start_line.checked_sub(1))
                .and_then(|(t, line)| t.lines().nth(line));
            TemplatePlace {
                line: span.start_line,
                column: span.start_col + 1,
                width: if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col).max(1)
                } else {
                    1
                },
                text: line.map(str::to_owned),
            }
        });
        TemplateError {
            page,
            template: Some(TemplateFile {
                name: name.to_owned(),
                file: self.from_folder.get(name).cloned(),
            }),
            place,
            message: report.map_or_else(|| text.to_owned(), |r| r.message().to_owned()),
            detail: detail.join("\n"),
        }
    }

    /// A line of tera's report that points into a template (`--> base.html:2:4`,
    /// `note: called from chapter.html:1:74`), with the theme folder's path for its name.
    fn locus_path(&self, line: &str) -> String {
        let locus = line.trim_start().starts_with("--> ") || line.starts_with("note: ");
        let named = |(name, path): (&String, &String)| {
            let bare = format!(" {name}:");
            line.contains(&bare)
                .then(|| line.replacen(&bare, &format!(" {path}:"), 1))
        };
        locus
            .then(|| self.from_folder.iter().find_map(named))
            .flatten()
            .unwrap_or_else(|| line.to_owned())
    }
}

/// A template that cannot be loaded, or cannot make a page: an environment error that
/// `build` prints whole ("rendering alpha.html with the theme template
/// themes/my/templates/chapter.html: …", tera's report below), and that `serve`, which
/// shows each problem at a file, turns into a [`Diagnostic`] at the template's line.
#[derive(Debug)]
pub struct TemplateError {
    /// The page being made (`alpha.html`); none when the templates were being loaded.
    page: Option<String>,
    /// The template the error is in, when tera names one.
    template: Option<TemplateFile>,
    /// Where in it, when tera says.
    place: Option<TemplatePlace>,
    /// tera's message alone (`Variable `x` is not defined…`).
    message: String,
    /// tera's whole report, the theme folder's paths in it.
    detail: String,
}

/// A template, by tera's name for it and its file in the theme folder.
#[derive(Debug)]
struct TemplateFile {
    /// tera's name (`chapter.html`).
    name: String,
    /// Its file relative to the edition (`themes/my/templates/chapter.html`); none for
    /// a built-in template, which is no file of the edition's.
    file: Option<String>,
}

impl TemplateFile {
    /// Its file, or tera's name for a built-in template, which is no file of the
    /// edition's.
    fn shown(&self) -> &str {
        self.file.as_deref().unwrap_or(&self.name)
    }

    /// Whether it is one of letopis's own templates, not one of the theme folder's.
    fn is_built_in(&self) -> bool {
        self.file.is_none()
    }
}

/// Where in a template tera found an error.
#[derive(Debug)]
struct TemplatePlace {
    /// 1-based.
    line: usize,
    /// 1-based, in characters.
    column: usize,
    /// How many characters tera underlines.
    width: usize,
    /// The line's text.
    text: Option<String>,
}

impl TemplateError {
    /// The template error that failed a command, when one did: what `serve` and
    /// `check --format json` show as a diagnostic rather than as the command's failure.
    pub fn of(error: &anyhow::Error) -> Option<&Self> {
        error.chain().find_map(|e| e.downcast_ref::<Self>())
    }

    /// The error at the template's file, line and column, with tera's notes
    /// ("called from themes/my/templates/chapter.html:1:74") as its hint, or where
    /// Tera's syntax is described when it has none; a built-in
    /// template is named as tera names it (`note.html`) and said to be built in.
    pub fn diagnostic(&self) -> Diagnostic {
        let built_in = self
            .template
            .as_ref()
            .is_some_and(TemplateFile::is_built_in);
        let file = (self.template.as_ref()).map_or("the theme's templates", TemplateFile::shown);
        let doing = match &self.page {
            Some(page) => format!("rendering {page}"),
            None => "loading the theme".to_owned(),
        };
        let whose = if built_in {
            " with this built-in template"
        } else {
            ""
        };
        let notes: Vec<&str> = (self.detail.lines())
            .filter_map(|line| line.strip_prefix("note: "))
            .collect();
        let hint = if notes.is_empty() {
            "templates are written in Tera: https://keats.github.io/tera/docs/".to_owned()
        } else {
            notes.join("; ")
        };
        let mut diagnostic = Diagnostic::for_file(
            Severity::Error,
            file.to_owned(),
            format!("{doing}{whose}: {}", self.message),
        )
        .with_hint(hint);
        if let Some(place) = &self.place {
            diagnostic.line = place.line;
            diagnostic.column = place.column;
            diagnostic.width = place.width;
            diagnostic.source_line.clone_from(&place.text);
        }
        diagnostic
    }
}

/// What `build` prints: the page, the template as the editor knows it, tera's report.
impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origin = match &self.template {
            Some(t) if t.is_built_in() => format!("the built-in template {}", t.shown()),
            Some(t) => format!("the theme template {}", t.shown()),
            None => "the theme's templates".to_owned(),
        };
        match &self.page {
            Some(page) => write!(f, "rendering {page} with {origin}: {}", self.detail),
            None => write!(f, "loading {origin}: {}", self.detail),
        }
    }
}

impl std::error::Error for TemplateError {}

/// Tera's `safe` filter, without its copy: tera's own copies a string to mark the copy
/// safe, and what templates write with `| safe` is a page's largest text (a chapter's
/// body, its JSON). A string is marked where it is, its text shared; any other value is
/// made into a safe string as tera's filter makes it.
fn safe(value: tera::Value, _: tera::Kwargs, _: &tera::State<'_>) -> tera::Value {
    if value.is_string() {
        value.mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// A warning at each of the edition's own static files (`content/static/style.css`)
/// that has the path of one of the theme's, which it replaces on the published site
/// ([`super::Plan`] lays the edition's files over the theme's). A name such as
/// `style.css` or `search.js` is easily chosen for a file of the edition's own, and
/// the site then loses its style or its search without a word; an editor who means
/// to replace a theme's file has the theme folder for it (THEMES.md). A
/// theme folder that cannot be listed gives no warning here: loading the theme
/// reports it, with the file to mend.
pub fn replaced_theme_files(config: &Config, files: &[StaticFile]) -> Vec<Diagnostic> {
    let mut theme: BTreeSet<String> = BUILT_IN_STATIC
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .chain([HIGHLIGHT_CSS.to_owned()])
        .collect();
    if let Some(dir) = &config.theme_dir {
        theme.extend(theme_folder_paths(&dir.join("static")).unwrap_or_default());
    }
    let content = crate::load::display_path(config, &config.content_dir);
    files
        .iter()
        .filter(|file| theme.contains(&file.path))
        .map(|file| {
            let message = format!("this file replaces the theme's static/{}", file.path);
            Diagnostic::for_file(
                Severity::Warning,
                format!("{content}/static/{}", file.path),
                message,
            )
            .with_hint(
                "rename it if it is the edition's own file; to replace the theme's file, \
                 put it in a theme folder's static/ (see THEMES.md)",
            )
        })
        .collect()
}

/// The templates of a theme folder, by name; `shown` is the folder as the editor knows it.
fn folder_templates(dir: &Path, shown: &str) -> anyhow::Result<Vec<(String, String)>> {
    read_folder(&dir.join("templates"))?
        .into_iter()
        .map(|file| {
            let text = String::from_utf8(file.bytes)
                .with_context(|| format!("reading template {shown}/{}: not UTF-8", file.path))?;
            Ok((file.path, text))
        })
        .collect()
}

/// The templates folder of the theme at `dir`, relative to the edition `root` when it
/// lies inside (`themes/my/templates`), with `/` separators.
fn shown_folder(root: &Path, dir: &Path) -> String {
    let templates = dir.join("templates");
    let shown = templates.strip_prefix(root).unwrap_or(&templates);
    shown.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::safe;

    /// The `safe` filter writes what tera's own writes, for every kind of value.
    #[test]
    fn safe_writes_what_teras_own_writes() {
        let template = "{{ html | safe }}|{{ text | safe }}|{{ n | safe }}|{{ x | safe }}|\
            {{ list | safe }}|{{ map | safe }}|{{ none | safe }}|{{ yes | safe }}|\
            {{ html | safe | upper }}|{{ html }}";
        let mut context = tera::Context::new();
        context.insert("html", "<p class=\"a\">Ж &amp; «к»</p>");
        context.insert("text", "a < b & 'c'");
        context.insert("n", &12);
        context.insert("x", &3.0);
        context.insert("list", &["<i>", "b"]);
        context.insert("map", &std::collections::BTreeMap::from([("k", "<v>")]));
        context.insert("none", &Option::<String>::None);
        context.insert("yes", &true);
        let render = |tera: &mut tera::Tera| {
            tera.autoescape_on(vec![".html"]);
            tera.add_raw_template("t.html", template).unwrap();
            tera.render("t.html", &context).unwrap()
        };
        let teras = render(&mut tera::Tera::new());
        let mut ours = tera::Tera::new();
        ours.register_filter("safe", safe);
        let ours = render(&mut ours);
        assert_eq!(ours, teras);
        assert!(
            ours.starts_with("<p class=\"a\">Ж &amp; «к»</p>|a < b & 'c'|12|3.0|"),
            "{ours}"
        );
    }
}
