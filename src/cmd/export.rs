//! `irbook export`: the edition's `scheme.json` exactly as `build` renders it.

use super::Error;
use crate::check::report;
use crate::pipeline::{self, Destination, Project, Request};
use crate::write::file::{Own, replace_own};
use std::path::PathBuf;

/// Arguments of `irbook export`.
#[derive(clap::Args)]
pub struct Args {
    /// Project folder holding irbook.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// The edition (audience id); default the first, least privileged one.
    #[arg(long)]
    pub edition: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Overwrite the --out file even if it is not an earlier export by irbook.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// Formats of `irbook export`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The edition's view as JSON, byte for byte the built `scheme.json`.
    Json,
}

/// Compiles only the edition asked for and prints or writes its `scheme.json`, never
/// re-derived. `--out` replaces only an earlier export (or anything, with `--force`).
pub fn run(a: Args) -> Result<(), Error> {
    let project = Project::open(&a.path)?;
    let edition = a.edition.unwrap_or_else(|| project.default_edition());
    let compiled = pipeline::compile(&project, Request::new(Some(&edition), Destination::Memory));
    report::eprint_all(&compiled.diagnostics, &compiled.loaded);
    let json = compiled
        .editions
        .first()
        .and_then(|(_, files)| files.iter().find(|f| f.path == "scheme.json"));
    let Some(json) = json.filter(|_| !compiled.failed()) else {
        return Err(Error::Sources("the export stopped on errors"));
    };
    match &a.out {
        Some(file) => {
            replace_own(file, &json.bytes, Own::SchemeJson, a.force).map_err(super::replace_failed)
        }
        None => super::print(&json.bytes),
    }
}
