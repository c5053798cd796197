//! Printing diagnostics: rustc-style for people, one JSON object per line for CI tools.

use super::diagnostic::{Diagnostic, counts};
use crate::load::Loaded;
use std::io::IsTerminal;

/// Output format of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with source lines.
    Human,
    /// One JSON object per line.
    Json,
}

/// Should stderr get colour? Only on a terminal, and never with NO_COLOR set.
pub fn colour_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Should stdout get colour? Only on a terminal, and never with NO_COLOR set.
pub fn colour_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Renders diagnostics in the chosen format.
pub fn render_all(diags: &[Diagnostic], loaded: &Loaded, format: Format, colour: bool) -> String {
    let mut out = String::new();
    for d in diags {
        match format {
            Format::Human => {
                out.push_str(&d.render(loaded.source_text(&d.file), colour));
                out.push('\n');
            }
            Format::Json => {
                out.push_str(&d.to_json());
                out.push('\n');
            }
        }
    }
    out
}

/// Prints every diagnostic of a compile to stderr, rustc-style, coloured on a terminal.
pub fn eprint_all(diags: &[Diagnostic], loaded: &Loaded) {
    eprint!(
        "{}",
        render_all(diags, loaded, Format::Human, colour_stderr())
    );
}

/// One summary line: counts by severity, files read, time taken.
pub fn summary(diags: &[Diagnostic], files: usize, elapsed: std::time::Duration) -> String {
    let (e, w) = counts(diags);
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {} files ({} ms)",
        plural(e, "error"),
        plural(w, "warning"),
        files,
        elapsed.as_millis()
    )
}
