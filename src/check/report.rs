//! Printing diagnostics: rustc-style for people, one JSON object per line for CI tools.

use super::diagnostic::{Diagnostic, counts};
use crate::load::Loaded;
use std::io::IsTerminal;

pub use super::shown::{shown, shown_inline, shown_path};

/// Output format of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Most diagnostics of one rule shown per file; the rest are counted in one closing note.
pub const MAX_PER_FILE_AND_RULE: usize = 50;

/// Keeps the first [`MAX_PER_FILE_AND_RULE`] diagnostics of each rule in each file of the
/// sorted `diags`, and puts after the last one kept a note saying how many more there
/// were, so a generated or broken file cannot flood the output. Runs once, on the final
/// list: a note is never counted as one of its rule's diagnostics.
pub fn cap_repeats(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::BTreeMap;
    // (file, code) -> (how many, index in `out` of the last one kept)
    let mut seen: BTreeMap<(String, &'static str), (usize, usize)> = BTreeMap::new();
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len().min(4096));
    for d in diags {
        let entry = seen.entry((d.file.clone(), d.code.code)).or_insert((0, 0));
        entry.0 += 1;
        if entry.0 <= MAX_PER_FILE_AND_RULE {
            entry.1 = out.len();
            out.push(d);
        }
    }
    let mut notes: Vec<(usize, Diagnostic)> = seen
        .into_values()
        .filter(|(n, _)| *n > MAX_PER_FILE_AND_RULE)
        .map(|(n, last)| {
            let first = &out[last];
            let note = Diagnostic {
                line: 0,
                column: 0,
                help: None,
                message: format!(
                    "... and {} more `{}` in this file",
                    n - MAX_PER_FILE_AND_RULE,
                    first.code.name
                ),
                ..first.clone()
            }
            .with_help("fix the ones shown and run again to see the rest");
            (last + 1, note)
        })
        .collect();
    // Inserted from the back, so earlier positions stay valid.
    notes.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, note) in notes {
        out.insert(at, note);
    }
    out
}
