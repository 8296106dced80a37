//! `letopis serve`: arguments → [`crate::serve::Options`] → the preview server.

use super::Outcome;
use crate::cli::ServeArgs;
use crate::serve::{self, Options};
use letopis::config::{self, BaseUrl};

/// Serves the edition until Ctrl-C.
pub(super) fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    let root = args.root.root;
    let book = root.join(config::CONFIG_FILE);
    if !book.is_file() {
        anyhow::bail!(
            "{} not found: give the edition's folder with --root",
            book.display()
        );
    }
    let base_url = args
        .base_url
        .base_url
        .as_deref()
        .map(BaseUrl::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    serve::run(Options {
        root,
        base_url,
        address: std::net::SocketAddr::new(args.bind, args.port),
        open: args.open,
    })?;
    Ok(Outcome::Success)
}
