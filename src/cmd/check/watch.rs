//! `irbook check --watch`: the serve watcher without a site. Every save checks the
//! scheme again and prints only what changed since the run before: the problems that are
//! new, and the ones that went away, so an author sees the effect of each edit at once.

use crate::check::diagnostic::{Diagnostic, counts};
use crate::check::report::{self, Format};
use crate::cmd::Error;
use crate::pipeline::{self, Destination, Project, Request};
use crate::serve::watch;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long the watcher waits for an editor's burst of writes to end.
const QUIET: Duration = Duration::from_millis(30);

/// Checks, then checks again after every change under `root` until interrupted or until
/// standard output is closed.
pub(super) fn run(root: &Path, format: Format) -> Result<(), Error> {
    Project::open(root)?;
    // Changes arrive with absolute paths, which are classified against the root.
    let root = &std::fs::canonicalize(root).map_err(crate::cmd::io("open", root))?;
    let (_watcher, changes) =
        watch::start(root).map_err(|e| Error::Server(crate::serve::Error::Setup(e)))?;
    let mut before: Vec<Diagnostic> = Vec::new();
    let mut run = 0u32;
    let mut saved = Instant::now();
    loop {
        run += 1;
        let project = Project::open(root)?;
        let compiled = pipeline::compile(&project, Request::new(None, Destination::Discard));
        let now = compiled.diagnostics.clone();
        let change = Change::between(&before, &now);
        let colour = format == Format::Human && report::colour_stdout();
        let mut out = String::new();
        match format {
            Format::Human => {
                out.push_str(&report::render_all(
                    &change.new,
                    &compiled.loaded,
                    format,
                    colour,
                ));
                for d in &change.gone {
                    out.push_str(&format!(
                        "fixed: {} {} {}\n",
                        d.code.code,
                        d.location(),
                        d.message
                    ));
                }
                out.push_str(&human_summary(run, &now, &change, saved.elapsed()));
            }
            Format::Json => {
                for (d, state) in change
                    .new
                    .iter()
                    .map(|d| (d, "new"))
                    .chain(change.gone.iter().map(|d| (d, "fixed")))
                {
                    out.push_str(&with_change(d, state));
                    out.push('\n');
                }
                out.push_str(&json_summary(run, &now, &change, saved.elapsed()));
            }
        }
        out.push('\n');
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(out.as_bytes())
            .and_then(|()| stdout.flush())
        {
            // Whoever read the output has gone: a normal end.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(source) => {
                return Err(Error::Io {
                    what: "write standard output".into(),
                    source,
                });
            }
            Ok(()) => {}
        }
        drop(stdout);
        before = now;
        if watch::next(root, &changes, QUIET).is_none() {
            return Ok(());
        }
        // The burst of writes ended QUIET ago: the save is counted from its last write.
        saved = Instant::now()
            .checked_sub(QUIET)
            .unwrap_or_else(Instant::now);
    }
}

/// What changed between two runs.
struct Change {
    /// Diagnostics of this run that the run before did not have.
    new: Vec<Diagnostic>,
    /// Diagnostics of the run before that this run no longer has.
    gone: Vec<Diagnostic>,
}

impl Change {
    /// A diagnostic is the same when its rule, place, message and help are; one that
    /// moved (a line added above it) is shown again at its new place.
    fn between(before: &[Diagnostic], now: &[Diagnostic]) -> Change {
        let had: HashSet<Key> = before.iter().map(key).collect();
        let has: HashSet<Key> = now.iter().map(key).collect();
        Change {
            new: now
                .iter()
                .filter(|d| !had.contains(&key(d)))
                .cloned()
                .collect(),
            gone: before
                .iter()
                .filter(|d| !has.contains(&key(d)))
                .cloned()
                .collect(),
        }
    }
}

/// What tells two diagnostics apart.
type Key<'d> = (&'d str, &'d str, u32, u32, &'d str, Option<&'d str>);

fn key(d: &Diagnostic) -> Key<'_> {
    (
        d.code.code,
        &d.file,
        d.line,
        d.column,
        &d.message,
        d.help.as_deref(),
    )
}

/// The human summary of run `run`: what changed, what remains, and the time from the
/// save to the result.
fn human_summary(run: u32, now: &[Diagnostic], change: &Change, took: Duration) -> String {
    let (errors, warnings) = counts(now);
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    format!(
        "[check {run}] {} new, {} fixed; {} and {} in all ({} ms); watching for changes",
        change.new.len(),
        change.gone.len(),
        plural(errors, "error"),
        plural(warnings, "warning"),
        took.as_millis()
    )
}

/// A diagnostic as one JSON object, with whether it is `new` or `fixed`.
fn with_change(d: &Diagnostic, state: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("change".into(), state.into());
    }
    v.to_string()
}

/// The JSON summary object of run `run`, after its diagnostics.
fn json_summary(run: u32, now: &[Diagnostic], change: &Change, took: Duration) -> String {
    let (errors, warnings) = counts(now);
    serde_json::json!({
        "run": run,
        "new": change.new.len(),
        "fixed": change.gone.len(),
        "errors": errors,
        "warnings": warnings,
        "elapsed_ms": u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::diagnostic as codes;
    use crate::model::Pos;

    fn d(line: u32, message: &str) -> Diagnostic {
        Diagnostic::error(codes::BROKEN_LINK, "a.md", Pos { line, col: 1 }, message)
    }

    #[test]
    fn only_what_changed_is_new_or_fixed() {
        let before = [d(1, "x"), d(2, "y")];
        let now = [d(2, "y"), d(3, "z")];
        let c = Change::between(&before, &now);
        assert_eq!(c.new, vec![d(3, "z")]);
        assert_eq!(c.gone, vec![d(1, "x")]);
        let same = Change::between(&now, &now);
        assert!(same.new.is_empty() && same.gone.is_empty());
    }

    #[test]
    fn the_json_carries_the_change_and_the_summary_the_counts() {
        let line = with_change(&d(1, "x"), "fixed");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["change"], "fixed");
        assert_eq!(v["code"], "E0112");
        let c = Change::between(&[], &[d(1, "x")]);
        let s: serde_json::Value =
            serde_json::from_str(&json_summary(2, &[d(1, "x")], &c, Duration::ZERO)).unwrap();
        assert_eq!(
            (s["run"].as_u64(), s["new"].as_u64(), s["errors"].as_u64()),
            (Some(2), Some(1), Some(1))
        );
    }
}
