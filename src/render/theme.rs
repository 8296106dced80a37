//! The theme: Tera templates and static files, built into the binary and overridable
//! file by file from the edition's `themes/NAME/`.
//!
//! Every built-in file is named once, in `BUILT_IN_TEMPLATES` or `BUILT_IN_STATIC`;
//! an edition's theme folder may replace any of them or add new ones.

use crate::config::Config;
use crate::load::read_folder;
use anyhow::Context as _;
use serde::Serialize;
use std::collections::BTreeMap;

macro_rules! theme_files {
    ($dir:literal, $read:ident: $($name:literal),* $(,)?) => {
        [$(($name, $read!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, "/", $name)))),*]
    };
}

/// The built-in templates, by name.
const BUILT_IN_TEMPLATES: [(&str, &str); 10] = theme_files!("templates", include_str:
    "base.html", "index.html", "chapter.html", "note.html", "register.html", "entry.html",
    "sources.html", "source.html", "notes.html", "404.html",
);

/// The built-in static files, by path under `static/`.
const BUILT_IN_STATIC: [(&str, &[u8]); 1] = theme_files!("static", include_bytes: "style.css");

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    tera: tera::Tera,
    static_files: BTreeMap<String, Vec<u8>>,
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
        if let Some(dir) = &config.theme_dir {
            for file in read_folder(&dir.join("templates"))? {
                let text = String::from_utf8(file.bytes).with_context(|| {
                    format!(
                        "reading template {} of {}: not UTF-8",
                        file.path,
                        dir.display()
                    )
                })?;
                templates.insert(file.path, text);
            }
            static_files.extend(
                read_folder(&dir.join("static"))?
                    .into_iter()
                    .map(|f| (f.path, f.bytes)),
            );
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("loading the theme's templates")?;
        Ok(Self { tera, static_files })
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &impl Serialize) -> anyhow::Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("preparing the data for {template}"))?;
        self.tera
            .render(template, &context)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("rendering template {template}"))
    }

    /// The static files, by path under `static/`.
    pub fn static_files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.static_files
    }
}
