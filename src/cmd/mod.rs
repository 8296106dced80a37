//! One file per command: arguments → options → the library. Shared here: reading the
//! configuration and printing diagnostics.

mod archive;
mod build;
mod check;
mod export;
mod init;
mod serve;

use crate::cli::{BaseUrlArg, Command, Format, RootArg};
use anyhow::Context as _;
use letopis::config::{self, BaseUrl, Config};
use letopis::diagnostics::{Diagnostic, Severity, print_human, to_json_line};
use std::io::Write as _;
use std::path::Path;

/// How a command ended, when the environment did not fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything worked.
    Success,
    /// The edition (or an archive being verified) has errors: exit 1.
    Failure,
}

/// Runs one command.
pub(crate) fn run(command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::Archive(args) => archive::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Export(command) => export::run(command),
    }
}

/// Reads book.toml; `None` when it has errors (they have been printed).
fn load_config(root: &Path, format: Format) -> anyhow::Result<Option<Config>> {
    match config::load(root)? {
        Ok(config) => Ok(Some(config)),
        Err(diagnostics) => {
            report(&diagnostics, format);
            Ok(None)
        }
    }
}

/// Reads book.toml for a command that publishes: `--base-url` overrides `site.base-url`.
fn load_config_for_site(root: &RootArg, base_url: &BaseUrlArg) -> anyhow::Result<Option<Config>> {
    let Some(mut config) = load_config(&root.root, Format::Human)? else {
        return Ok(None);
    };
    if let Some(url) = &base_url.base_url {
        config.base_url = Some(BaseUrl::parse(url).map_err(anyhow::Error::msg)?);
    }
    Ok(Some(config))
}

/// Prints diagnostics: for people on stderr, as JSON lines on stdout.
fn report(diagnostics: &[Diagnostic], format: Format) {
    match format {
        Format::Human => err!("{}", print_human(diagnostics)),
        Format::Json => {
            for d in diagnostics {
                outln!("{}", to_json_line(d));
            }
        }
    }
}

/// "2 errors, 1 warning" for the summary lines.
fn count_problems(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    format!(
        "{}, {}",
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings")
    )
}

/// "1 chapter", "2 chapters": the summary lines are English whatever the book's language.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes a temporary file beside `path` and renames it over `path`, so a failed run
/// never leaves half a document. The file is created as any new file is (mode 0666
/// less the umask), not owner-only as temporary files are: `anchors.lock` and an
/// export are shared with the edition.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder
        .tempfile_in(folder)
        .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("writing {}", file.path().display()))?;
    file.persist(path)
        .with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}
