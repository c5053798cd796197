//! The commands: one file each, thin, over the pipeline. `main.rs` parses the arguments
//! with [`Cli`], calls [`run`] and turns an [`Error`] into its exit code.

pub mod build;
pub mod check;
pub mod exercise;
pub mod export;
pub mod import;
pub mod incident;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;

use crate::check::report;
use crate::pipeline::{self, NotAProject, Project};
use clap::{Parser, Subcommand};
use std::path::Path;

/// The `irbook` command line.
#[derive(Parser)]
#[command(
    name = "irbook",
    version,
    about = "Compile an incident management scheme into a static intranet site"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command.
#[derive(Subcommand)]
pub enum Command {
    /// Build every edition (or one) into the output folder.
    Build(build::Args),
    /// Validate the whole scheme without writing anything.
    Check(check::Args),
    /// Write a commented skeleton to fill in: playbook, page, person or exercise.
    New(new::Args),
    /// Bring a playbook written elsewhere into the scheme: `import markdown FILE`.
    Import(import::Args),
    /// Preview one edition on 127.0.0.1, rebuilt and reloaded on every change.
    Serve(serve::Args),
    /// Write the example scheme into a new folder to start from.
    Init(init::Args),
    /// Print or write JSON Schemas (draft-07) of the source files, for editors.
    Schema(schema::Args),
    /// Tabletop exercises: list them, run one live, score and report a run.
    Exercise(exercise::Args),
    /// Print (or write) one edition's whole model as data: the edition's scheme.json.
    Export(export::Args),
    /// Real incidents: review one against its playbooks and the scheme's clocks.
    Incident(incident::Args),
}

/// Why a command did not do what was asked. Each kind has one exit code: 1 when the
/// sources or the request are at fault, 2 when the command could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder has no irbook.yaml.
    #[error(transparent)]
    NotAProject(#[from] NotAProject),
    /// The sources have errors, shown already.
    #[error("{0}")]
    Sources(&'static str),
    /// `check` found errors (or warnings, denied), shown already.
    #[error("")]
    CheckFailed,
    /// The build wrote nothing.
    #[error(transparent)]
    Build(#[from] pipeline::BuildError),
    /// What was asked would overwrite or misuse something, or names nothing that exists.
    #[error("{0}")]
    Refused(String),
    /// A file or folder given on the command line cannot be used.
    #[error("{0}")]
    BadPath(String),
    /// A local server could not start or stopped.
    #[error(transparent)]
    Server(#[from] crate::serve::Error),
    /// Reading or writing failed.
    #[error("cannot {what}: {source}")]
    Io {
        /// What was being done, e.g. "write `x.json`".
        what: String,
        /// The system's reason.
        source: std::io::Error,
    },
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Sources(_) | Error::CheckFailed | Error::Build(_) | Error::Refused(_) => 1,
            Error::NotAProject(_) | Error::BadPath(_) | Error::Server(_) | Error::Io { .. } => 2,
        }
    }
}

/// Runs one command.
pub fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build(a) => build::run(a),
        Command::Check(a) => check::run(a),
        Command::New(a) => new::run(a),
        Command::Import(a) => import::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Init(a) => init::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Exercise(a) => exercise::run(a),
        Command::Export(a) => export::run(a),
        Command::Incident(a) => incident::run(a),
    }
}

/// Opens the project at `root` and checks it, printing the errors that stop a command.
fn checked(root: &Path) -> Result<(Project, pipeline::Checked), Error> {
    let project = Project::open(root)?;
    match pipeline::checked(&project) {
        Ok(c) => Ok((project, c)),
        Err(r) => {
            report::eprint_all(&r.errors, &r.loaded);
            Err(Error::Sources(
                "the sources have errors; fix them (see `irbook check`) and run again",
            ))
        }
    }
}

/// `path` shown safely on a terminal.
fn shown(path: &Path) -> String {
    report::shown_path(path)
}

/// Writes `bytes` to standard output. A reader that stopped early (`irbook check | head`)
/// is a normal end, not an error (and never a panic, as `print!` would make it).
fn print(bytes: impl AsRef<[u8]>) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes.as_ref()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Io {
            what: "write standard output".into(),
            source,
        }),
        Ok(()) => Ok(()),
    }
}

/// An [`Error::Io`] for doing `what` to `path`.
pub(super) fn io(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let what = format!("{what} `{}`", shown(path));
    move |source| Error::Io { what, source }
}

/// The error for a file irbook would not (or could not) replace.
fn replace_failed(e: crate::write::file::ReplaceError) -> Error {
    use crate::write::file::ReplaceError;
    let text = report::shown(&e.to_string()).into_owned();
    match e {
        ReplaceError::Io(..) => Error::BadPath(text),
        ReplaceError::NotOurs(..) | ReplaceError::Folder(..) => Error::Refused(text),
    }
}
