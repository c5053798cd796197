//! `irbook exercise list | run | score | report`.

pub(super) mod tasks;

use super::{Error, checked};
use crate::serve::console::{self, RunOptions};
use std::path::PathBuf;

/// Arguments of `irbook exercise`.
#[derive(clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: ExerciseCommand,
}

/// The exercise subcommands.
#[derive(clap::Subcommand)]
pub enum ExerciseCommand {
    /// List the exercises with their size, runs and latest ratings.
    List {
        /// Project folder holding irbook.yaml.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Run an exercise live: projector and facilitator views on 127.0.0.1, every mark
    /// appended to the record as it happens; run again to resume after a crash.
    Run {
        /// Exercise id.
        id: String,
        /// Project folder holding irbook.yaml.
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1112)]
        port: u16,
        /// Record file to write (or resume); default exercises/records/<id>-<date>.yaml.
        #[arg(long)]
        record: Option<PathBuf>,
        /// Name of the person logging, kept as the evaluator.
        #[arg(long, default_value = "Facilitator")]
        evaluator: String,
    },
    /// Score a run from its record: outcomes, timeliness, coverage, performance, HSEEP ratings, improvement plan.
    Score {
        /// The record file, e.g. exercises/records/ransomware-2026-10-16.yaml.
        record: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScoreFormat::Human)]
        format: ScoreFormat,
    },
    /// Write a run's after-action report and improvement plan as one printable HTML file.
    Report {
        /// The record file.
        record: PathBuf,
        /// File to write; default <record name>-report.html in the current folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file even if it is not a report irbook wrote.
        #[arg(long)]
        force: bool,
    },
}

/// Formats of `irbook exercise score`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// Text for a terminal.
    Human,
    /// The whole score as one JSON object.
    Json,
}

/// Runs one exercise subcommand.
pub fn run(a: Args) -> Result<(), Error> {
    match a.command {
        ExerciseCommand::List { path } => super::print(tasks::list(&path)?)?,
        ExerciseCommand::Score { record, format } => {
            let (_, p, i, score) = tasks::score_record(&record)?;
            match format {
                ScoreFormat::Json => {
                    super::print(serde_json::to_string_pretty(&score).unwrap_or_default() + "\n")?
                }
                ScoreFormat::Human => {
                    super::print(tasks::score_text(&score, &p.scheme.records[i].file))?
                }
            }
        }
        ExerciseCommand::Report { record, out, force } => {
            let (file, page) = tasks::report(&record, out, force)?;
            eprintln!(
                "Wrote {} (in the built site: public/{}).",
                super::shown(&file),
                crate::check::report::shown_inline(&page)
            );
        }
        ExerciseCommand::Run {
            id,
            path,
            port,
            record,
            evaluator,
        } => {
            let (_, c) = checked(&path)?;
            let opts = RunOptions {
                root: path,
                exercise: id,
                port,
                record,
                evaluator,
            };
            console::run(&opts, &c)?;
        }
    }
    Ok(())
}
