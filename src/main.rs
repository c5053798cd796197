//! The `irbook` command line: parses the arguments, runs the command, sets the exit code.

use clap::Parser;
use irbook::check::report;
use irbook::cmd::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            // Some failures (check finding errors) have been shown in full already.
            if !message.is_empty() {
                eprintln!("error: {}", report::shown(&message));
            }
            ExitCode::from(e.exit_code())
        }
    }
}
