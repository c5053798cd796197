//! `irbook check`: every rule, every template rendered, nothing written; with `--watch`,
//! again on every save.

mod watch;

use super::Error;
use crate::check::report::{self, Format};
use crate::pipeline::{self, Destination, Project, Request};
use std::path::PathBuf;

/// Arguments of `irbook check`.
#[derive(clap::Args)]
pub struct Args {
    /// Project folder holding irbook.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format of diagnostics.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Treat warnings as errors: `--deny warnings`.
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Check again on every save and print only what changed (until interrupted).
    #[arg(long)]
    pub watch: bool,
}

/// `--format` of `irbook check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// rustc-style text with source lines.
    Human,
    /// One JSON object per line.
    Json,
}

/// Checks, prints every diagnostic to stdout and a summary to stderr.
pub fn run(a: Args) -> Result<(), Error> {
    let format = match a.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
    };
    if a.watch {
        return watch::run(&a.path, format);
    }
    let project = Project::open(&a.path)?;
    let compiled = pipeline::compile(&project, Request::new(None, Destination::Discard));
    let colour = format == Format::Human && report::colour_stdout();
    super::print(report::render_all(
        &compiled.diagnostics,
        &compiled.loaded,
        format,
        colour,
    ))?;
    if format == Format::Human {
        eprintln!(
            "{}",
            report::summary(
                &compiled.diagnostics,
                compiled.loaded.sources.len(),
                compiled.elapsed
            )
        );
        if compiled.held_back > 0 {
            eprintln!("warnings are checked once every file loads without errors");
        }
    }
    let warned = !compiled.diagnostics.is_empty();
    if compiled.failed() || (a.deny.is_some() && warned) {
        return Err(Error::CheckFailed);
    }
    Ok(())
}
