//! `irbook export`: the edition's `scheme.json` exactly as `build` renders it; with
//! `scorm` or `xapi`, a learning path as a package for a learning system.

use super::Error;
use crate::check::report;
use crate::pipeline::{self, Destination, Project, Request};
use crate::render::output::OutputFile;
use crate::write::file::{Own, replace_own};
use crate::write::package::{self, About, Standard};
use std::path::PathBuf;

/// Arguments of `irbook export`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A package for a learning system instead of the JSON.
    #[command(subcommand)]
    pub package: Option<Package>,
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

/// The packages `irbook export` writes.
#[derive(clap::Subcommand)]
pub enum Package {
    /// A SCORM package (zip) of one learning path, for a learning management system.
    Scorm {
        /// The package's options.
        #[command(flatten)]
        common: PackageArgs,
        /// The SCORM version.
        #[arg(long = "version", value_enum, default_value_t = ScormVersion::V12)]
        scorm: ScormVersion,
    },
    /// An xAPI package (zip with tincan.xml) of one learning path, for a learning record
    /// store; statements go to the endpoint given at launch, none without one.
    Xapi {
        /// The package's options.
        #[command(flatten)]
        common: PackageArgs,
    },
}

/// SCORM versions.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScormVersion {
    /// SCORM 1.2.
    #[value(name = "1.2")]
    V12,
    /// SCORM 2004 4th edition.
    #[value(name = "2004")]
    V2004,
}

/// Options of `irbook export scorm|xapi`.
#[derive(clap::Args)]
pub struct PackageArgs {
    /// Project folder holding irbook.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The edition (audience id); default the first, least privileged one.
    #[arg(long)]
    pub edition: Option<String>,
    /// The learning path (`awareness: paths:` id); default the first.
    #[arg(long = "learning-path", value_name = "ID")]
    pub learning_path: Option<String>,
    /// The zip to write; default `PATH-ID-scorm12.zip` (`-scorm2004`, `-xapi`) here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Overwrite the --out file even if it is not an earlier package by irbook.
    #[arg(long)]
    pub force: bool,
}

/// Compiles only the edition asked for and prints or writes its `scheme.json`, never
/// re-derived, or packs one of its learning paths. `--out` replaces only an earlier
/// export (or anything, with `--force`).
pub fn run(a: Args) -> Result<(), Error> {
    match a.package {
        Some(Package::Scorm { common, scorm }) => {
            let standard = match scorm {
                ScormVersion::V12 => Standard::Scorm12,
                ScormVersion::V2004 => Standard::Scorm2004,
            };
            return pack(common, standard);
        }
        Some(Package::Xapi { common }) => return pack(common, Standard::Xapi),
        None => {}
    }
    let (_, files) = compiled(&a.path, a.edition)?;
    let json = scheme_json(&files)?;
    match &a.out {
        Some(file) => {
            replace_own(file, &json.bytes, Own::SchemeJson, a.force).map_err(super::replace_failed)
        }
        None => super::print(json.bytes.as_slice()),
    }
}

/// The files of the edition `edition` (default the first) of the project at `path`, as
/// `build` would write them, with the scheme's version and organisation.
fn compiled(
    path: &std::path::Path,
    edition: Option<String>,
) -> Result<(ProjectFacts, Vec<OutputFile>), Error> {
    let project = Project::open(path)?;
    let edition = edition.unwrap_or_else(|| project.default_edition());
    let mut compiled = pipeline::compile(
        &project,
        Request::new(Some(&edition), Destination::Memory(None)),
    );
    report::eprint_all(&compiled.diagnostics, &compiled.loaded);
    if compiled.failed() || compiled.editions.is_empty() {
        return Err(Error::Sources("the export stopped on errors"));
    }
    let facts = ProjectFacts {
        organisation: compiled
            .loaded
            .scheme
            .as_ref()
            .map(|s| s.config.data.organisation.clone())
            .unwrap_or_default(),
        version: compiled
            .loaded
            .scheme
            .as_ref()
            .and_then(|s| s.config.data.version.clone()),
        edition,
    };
    let (_, files) = compiled.editions.swap_remove(0);
    Ok((facts, files))
}

/// What a package says of the scheme it comes from.
struct ProjectFacts {
    organisation: String,
    version: Option<String>,
    edition: String,
}

fn scheme_json(files: &[OutputFile]) -> Result<&OutputFile, Error> {
    files
        .iter()
        .find(|f| f.path == "scheme.json")
        .ok_or(Error::Sources("the export stopped on errors"))
}

/// `irbook export scorm|xapi`: the learning path asked for as a package of `standard`.
fn pack(a: PackageArgs, standard: Standard) -> Result<(), Error> {
    let (facts, files) = compiled(&a.path, a.edition)?;
    let paths = package::paths(&scheme_json(&files)?.bytes)
        .map_err(|e| Error::Refused(format!("cannot read the edition's learning paths: {e}")))?;
    let chosen = match &a.learning_path {
        Some(id) => paths.iter().find(|p| &p.id == id).ok_or_else(|| {
            let known: Vec<&str> = paths.iter().map(|p| p.id.as_str()).collect();
            Error::Refused(format!(
                "the {} edition has no learning path `{id}`; it has: {}",
                facts.edition,
                if known.is_empty() { "none".into() } else { known.join(", ") }
            ))
        })?,
        None => paths.first().ok_or_else(|| {
            Error::Refused(format!(
                "the {} edition has no awareness pages to package: add pages under content/awareness/ or `awareness: paths:` to irbook.yaml",
                facts.edition
            ))
        })?,
    };
    if chosen.steps.is_empty() {
        return Err(Error::Refused(format!(
            "the path `{}` has no step the {} edition may see, so there is nothing to package",
            chosen.id, facts.edition
        )));
    }
    let about = About {
        organisation: &facts.organisation,
        edition: &facts.edition,
        version: facts.version.as_deref(),
    };
    let zip = package::build(&files, chosen, standard, &about)
        .map_err(|e| Error::Refused(format!("cannot pack the path `{}`: {e:?}", chosen.id)))?;
    let suffix = match standard {
        Standard::Scorm12 => "scorm12",
        Standard::Scorm2004 => "scorm2004",
        Standard::Xapi => "xapi",
    };
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from(format!("{}-{suffix}.zip", chosen.id)));
    replace_own(&out, &zip, Own::Package, a.force).map_err(super::replace_failed)?;
    eprintln!(
        "wrote {} ({} path, {} edition, {} bytes)",
        out.display(),
        chosen.id,
        facts.edition,
        zip.len()
    );
    Ok(())
}
