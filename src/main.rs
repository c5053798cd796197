//! The `irbook` command line: parses arguments, calls the library, sets the exit code.

use clap::{Parser, Subcommand};
use irbook::check::report::{self, Format};
use irbook::pipeline::{self, BuildOptions};
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
    /// Write the example scheme into a new folder to start from.
    Init {
        /// Folder to create.
        dir: PathBuf,
    },
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
            eprint!(
                "{}",
                report::render_all(
                    &compiled.diagnostics,
                    &compiled.loaded,
                    Format::Human,
                    report::colour_stderr()
                )
            );
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
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { path, format, deny } => {
            if !path.join("irbook.yaml").is_file() {
                eprintln!(
                    "error: `{}` is not an irbook project: it has no irbook.yaml (run `irbook init DIR` to start one)",
                    path.display()
                );
                return ExitCode::from(2);
            }
            let compiled = pipeline::compile(&path, None);
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
                    file.display()
                );
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::from(1)
            }
        },
        Command::Init { dir } => match irbook::init::init(&dir) {
            Ok(n) => {
                eprintln!(
                    "Wrote the example scheme ({n} files) into {}.",
                    dir.display()
                );
                eprintln!(
                    "Edit first: irbook.yaml (your organisation), content/contacts.yaml (your people and numbers),"
                );
                eprintln!(
                    "then content/policy.md. Run `irbook check {0}` and `irbook build {0}`.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::from(2)
            }
        },
    }
}
