//! `irbook build`: every edition, or one, into the output folder, swapped in atomically.

use super::Error;
use crate::check::report;
use crate::pipeline::{self, BuildOptions, Project};
use std::path::PathBuf;

/// Arguments of `irbook build`.
#[derive(clap::Args)]
pub struct Args {
    /// Project folder holding irbook.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Build only this edition (audience id), into <out>/<edition>/.
    #[arg(long)]
    pub edition: Option<String>,
    /// Output folder (relative to the project folder, like its sources).
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
}

/// Builds, prints the diagnostics and a summary line.
pub fn run(a: Args) -> Result<(), Error> {
    let project = Project::open(&a.path)?;
    let out = if a.out.is_relative() {
        a.path.join(&a.out)
    } else {
        a.out
    };
    let opts = BuildOptions {
        out: out.clone(),
        edition: a.edition,
    };
    let (compiled, result) = pipeline::build(&project, &opts);
    report::eprint_all(&compiled.diagnostics, &compiled.loaded);
    result?;
    let names: Vec<&str> = compiled
        .editions
        .iter()
        .map(|(e, _)| e.id.as_str())
        .collect();
    eprintln!(
        "Built {} pages in {} edition(s) [{}] in {} ms -> {}",
        compiled.page_count(),
        names.len(),
        names.join(", "),
        compiled.elapsed.as_millis(),
        super::shown(&out)
    );
    Ok(())
}
