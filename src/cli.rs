//! The command line, declared with clap's derive; each doc comment is the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// letopis builds digital scholarly editions: Markdown chapters and YAML registers in,
/// a cross-referenced static HTML edition out.
#[derive(Debug, Parser)]
#[command(name = "letopis", version, propagate_version = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the edition into its output folder (`public/` unless book.toml says otherwise).
    Build(BuildArgs),
    /// Check the edition and report every problem at once; write nothing.
    Check(CheckArgs),
    /// Create a small working edition in a new folder.
    Init(InitArgs),
    /// Pack the built edition into a reproducible zip with a checksum manifest, or
    /// verify such a zip (or an unpacked copy) with --verify.
    Archive(ArchiveArgs),
    /// Preview the edition in a browser while you write: rebuild on every save, reload
    /// the open pages, show mistakes in the page. Nothing is written to disk.
    Serve(ServeArgs),
    /// Write the edition in a standard format for other tools.
    #[command(subcommand)]
    Export(ExportCommand),
}

/// `letopis export FORMAT`.
#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// The edition as one TEI P5 document.
    Tei(ExportArgs),
}

/// The options of every export.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) root: RootArg,
    #[command(flatten)]
    pub(crate) base_url: BaseUrlArg,
    /// Write the document to FILE (replaced whole, or left as it was on failure)
    /// instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

/// Where the edition is.
#[derive(Debug, Args)]
pub(crate) struct RootArg {
    /// The edition's folder: the one holding book.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
}

/// Where the edition is published, when book.toml does not say or says otherwise.
#[derive(Debug, Args)]
pub(crate) struct BaseUrlArg {
    /// Publish under this URL (overrides site.base-url; e.g. the URL GitHub Pages gives).
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
}

/// `letopis build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) root: RootArg,
    #[command(flatten)]
    pub(crate) base_url: BaseUrlArg,
    /// Write the site here instead of book.toml's output-dir.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Print the wall time of each stage (config, load, parse, link, render, write) and
    /// the files and bytes written by kind of page.
    #[arg(long)]
    pub(crate) timings: bool,
    /// Replace the output folder even if it holds files letopis did not write: they
    /// are moved aside to OUT.kept/ (never deleted).
    #[arg(long)]
    pub(crate) force: bool,
}

/// `letopis check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) root: RootArg,
    /// How to print the problems: for people, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Also fail when anchors.lock is not what a build would write (for CI).
    #[arg(long)]
    pub(crate) locked: bool,
}

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// `file:line:col: error: message`, the line, a caret and a hint.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

/// `letopis init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    pub(crate) dir: PathBuf,
    /// What to start from: a minimal edition, or a small correspondence edition.
    #[arg(long, value_enum, default_value_t = Template::Basic)]
    pub(crate) template: Template,
}

/// The scaffolds `init` can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Template {
    /// One chapter, one entry per register, one source.
    Basic,
    /// Three letters with dates, places, authors, addressees and archival originals.
    Letters,
}

/// `letopis archive`.
#[derive(Debug, Args)]
pub(crate) struct ArchiveArgs {
    #[command(flatten)]
    pub(crate) root: RootArg,
    #[command(flatten)]
    pub(crate) base_url: BaseUrlArg,
    /// The zip to write (default: NAME.zip in the edition's folder).
    #[arg(long, short, value_name = "FILE", conflicts_with = "verify")]
    pub(crate) out: Option<PathBuf>,
    /// Check a zip made by `letopis archive` (or its unpacked folder) against its
    /// manifest: report altered, missing and extra files.
    #[arg(long, value_name = "FILE")]
    pub(crate) verify: Option<PathBuf>,
}

/// `letopis serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) root: RootArg,
    #[command(flatten)]
    pub(crate) base_url: BaseUrlArg,
    /// The port to listen on; 0 picks a free one (the URL is printed either way).
    #[arg(long, value_name = "PORT", default_value_t = 3000)]
    pub(crate) port: u16,
    /// The address to listen on. Anything but a loopback address lets other machines
    /// on the network read the preview.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
