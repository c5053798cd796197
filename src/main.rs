//! The `irbook` command line: parses arguments, calls the library, sets the exit code.

use clap::{Parser, Subcommand};
use irbook::check::report::{self, Format};
use irbook::pipeline::{self, BuildOptions};
use irbook::write::file::{Own, replace_own};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "irbook",
    version,
    about = "Compile an incident management scheme into a static intranet site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build every edition (or one) into the output folder.
    Build {
        /// Project folder holding irbook.yaml.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Build only this edition (audience id), into <out>/<edition>/.
        #[arg(long)]
        edition: Option<String>,
        /// Output folder.
        #[arg(long, default_value = "public")]
        out: PathBuf,
    },
    /// Validate the whole scheme without writing anything.
    Check {
        /// Project folder holding irbook.yaml.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format of diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors: `--deny warnings`.
        #[arg(long, value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Write a commented skeleton that passes `check`: playbook, page or person.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: irbook::scaffold::Kind,
        /// Its id (lowercase letters, digits, hyphens).
        id: String,
        /// Project folder holding irbook.yaml.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
    /// Preview one edition on 127.0.0.1, rebuilt and reloaded on every change.
    Serve {
        /// Project folder holding irbook.yaml.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Edition to preview (audience id); default the first audience.
        #[arg(long)]
        edition: Option<String>,
    },
    /// Write the example scheme into a new folder to start from.
    Init {
        /// Folder to create.
        dir: PathBuf,
    },
    /// Print or write JSON Schemas (draft-07) of the source files, for editors.
    Schema {
        /// The kind of source file; without it and without --out, list the kinds.
        #[arg(value_enum)]
        kind: Option<irbook::schema::Kind>,
        /// Write the schema (every kind unless one is named) into this folder as <kind>.schema.json.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Tabletop exercises: list them, run one live, score and report a run.
    Exercise {
        #[command(subcommand)]
        command: ExerciseCommand,
    },
    /// Print (or write) one edition's whole model as data: the edition's scheme.json.
    Export {
        /// Project folder holding irbook.yaml.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// The edition (audience id); default the first, least privileged one.
        #[arg(long)]
        edition: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file even if it is not an earlier export by irbook.
        #[arg(long, requires = "out")]
        force: bool,
    },
}

#[derive(Subcommand)]
enum ExerciseCommand {
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
        /// Overwrite the file even if it is not a report irbook wrote earlier.
        #[arg(long)]
        force: bool,
    },
}

/// Formats of `irbook exercise score`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ScoreFormat {
    /// Text for a terminal.
    Human,
    /// The whole score as one JSON object.
    Json,
}

/// Formats of `irbook export`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// The edition's view as JSON, byte for byte the built `scheme.json`.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { path, edition, out } => {
            // A relative --out is relative to the project folder, like its sources.
            let out = if out.is_relative() {
                path.join(out)
            } else {
                out
            };
            let opts = BuildOptions {
                root: path,
                out: out.clone(),
                edition,
            };
            let (compiled, result) = pipeline::build(&opts);
            report::eprint_all(&compiled.diagnostics, &compiled.loaded);
            match result {
                Ok(()) => {
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
                        report::shown_path(&out)
                    );
                    ExitCode::SUCCESS
                }
                Err(msg) => {
                    eprintln!("error: {}", report::shown(&msg));
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { path, format, deny } => {
            if !path.join("irbook.yaml").is_file() {
                eprintln!(
                    "error: `{}` is not an irbook project: it has no irbook.yaml (run `irbook init DIR` to start one)",
                    report::shown_path(&path)
                );
                return ExitCode::from(2);
            }
            let compiled = pipeline::check(&path);
            let colour = format == Format::Human && report::colour_stdout();
            print!(
                "{}",
                report::render_all(&compiled.diagnostics, &compiled.loaded, format, colour)
            );
            if format == Format::Human {
                eprintln!(
                    "{}",
                    report::summary(
                        &compiled.diagnostics,
                        compiled.loaded.sources.len(),
                        compiled.elapsed
                    )
                );
            }
            let warned = !compiled.diagnostics.is_empty();
            if compiled.failed() || (deny.is_some() && warned) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New { kind, id, path } => match irbook::scaffold::new(&path, kind, &id) {
            Ok(file) => {
                eprintln!(
                    "Wrote {}. Fill it in, then run `irbook check`.",
                    report::shown_path(&file)
                );
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {}", report::shown(&msg));
                ExitCode::from(1)
            }
        },
        Command::Serve {
            path,
            port,
            bind,
            edition,
        } => {
            let opts = irbook::serve::ServeOptions {
                root: path,
                bind,
                port,
                edition,
            };
            match irbook::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(msg) => {
                    eprintln!("error: {}", report::shown(&msg));
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match irbook::init::init(&dir) {
            Ok(n) => {
                eprintln!(
                    "Wrote the example scheme ({n} files) into {}.",
                    report::shown_path(&dir)
                );
                eprintln!(
                    "Edit first: irbook.yaml (your organisation), content/contacts.yaml (your people and numbers),"
                );
                eprintln!(
                    "then content/policy.md. Run `irbook check {0}` and `irbook build {0}`.",
                    report::shown_path(&dir)
                );
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {}", report::shown(&msg));
                ExitCode::from(2)
            }
        },
        Command::Schema { kind, out } => schema(kind, out),
        Command::Exercise { command } => exercise(command),
        Command::Export {
            path,
            format: ExportFormat::Json,
            edition,
            out,
            force,
        } => export(&path, edition.as_deref(), out, force),
    }
}

/// `irbook exercise ...`.
fn exercise(command: ExerciseCommand) -> ExitCode {
    use irbook::exercise::commands::{self, Failure};
    let result: Result<String, Failure> = match command {
        ExerciseCommand::List { path } => commands::list(&path),
        ExerciseCommand::Score { record, format } => {
            commands::score_record(&record).map(|(p, i, score)| match format {
                ScoreFormat::Json => {
                    serde_json::to_string_pretty(&score).unwrap_or_default() + "\n"
                }
                ScoreFormat::Human => commands::score_text(&score, &p.scheme.records[i].file),
            })
        }
        ExerciseCommand::Report { record, out, force } => commands::report(&record, out, force)
            .map(|(file, page)| {
                eprintln!(
                    "Wrote {} (in the built site: public/{}).",
                    report::shown_path(&file),
                    report::shown_inline(&page)
                );
                String::new()
            }),
        ExerciseCommand::Run {
            id,
            path,
            port,
            record,
            evaluator,
        } => {
            let opts = irbook::exercise::console::RunOptions {
                root: path,
                exercise: id,
                port,
                record,
                evaluator,
            };
            irbook::exercise::console::run(&opts)
                .map(|()| String::new())
                .map_err(|message| Failure { message, code: 2 })
        }
    };
    match result {
        Ok(text) => {
            print!("{}", report::shown(&text));
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("error: {}", report::shown(&f.message));
            ExitCode::from(f.code)
        }
    }
}

/// `irbook schema`: print one schema, write them into a folder, or list the kinds.
fn schema(kind: Option<irbook::schema::Kind>, out: Option<PathBuf>) -> ExitCode {
    use irbook::schema::{self, Kind};
    match (kind, out) {
        (Some(kind), None) => print!("{}", schema::to_json(kind)),
        (None, None) => {
            for k in Kind::ALL {
                println!("{:<10} {:<26} {}", k.name(), k.file_name(), k.sources());
            }
            eprintln!(
                "Print one with `irbook schema KIND`, write all with `irbook schema --out schemas`."
            );
        }
        (kind, Some(dir)) => {
            let kinds = kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
            match schema::write(&dir, &kinds) {
                Ok(files) => eprintln!(
                    "Wrote {} schema(s) into {}.",
                    files.len(),
                    report::shown_path(&dir)
                ),
                Err(msg) => {
                    eprintln!("error: {}", report::shown(&msg));
                    return ExitCode::from(1);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// `irbook export`: the edition's `scheme.json` exactly as `build` renders it, never re-derived.
/// `--out` replaces only an earlier export (or anything, with `force`).
fn export(
    path: &std::path::Path,
    edition: Option<&str>,
    out: Option<PathBuf>,
    force: bool,
) -> ExitCode {
    // Only the edition asked for (default the first audience) is compiled.
    let edition = edition.map_or_else(|| pipeline::default_edition(path), str::to_owned);
    let compiled = pipeline::compile(path, Some(&edition));
    report::eprint_all(&compiled.diagnostics, &compiled.loaded);
    let json = compiled
        .editions
        .first()
        .and_then(|(_, files)| files.iter().find(|f| f.path == "scheme.json"));
    let Some(json) = json.filter(|_| !compiled.failed()) else {
        eprintln!("error: the export stopped on errors");
        return ExitCode::from(1);
    };
    let written = match &out {
        Some(file) => {
            replace_own(file, &json.bytes, Own::SchemeJson, force).map_err(|e| e.to_string())
        }
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), &json.bytes)
            .map_err(|e| format!("cannot write standard output: {e}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", report::shown(&e));
            ExitCode::from(1)
        }
    }
}
