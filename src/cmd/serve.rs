//! `irbook serve`: the live preview of one edition.

use super::Error;
use crate::serve::preview::{ServeOptions, serve};
use std::path::PathBuf;

/// Arguments of `irbook serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Project folder holding irbook.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to bind; anything but loopback exposes the preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Edition to preview (audience id); default the first audience.
    #[arg(long)]
    pub edition: Option<String>,
}

/// Serves until Ctrl-C.
pub fn run(a: Args) -> Result<(), Error> {
    serve(&ServeOptions {
        root: a.path,
        bind: a.bind,
        port: a.port,
        edition: a.edition,
    })?;
    Ok(())
}
