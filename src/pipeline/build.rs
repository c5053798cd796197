//! `build`: compile, and when there are no errors, write the editions atomically.

use super::compile::{Compiled, Destination, Request, compile};
use super::project::Project;
use super::staging::Stage;
use crate::write::WriteError;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Output folder; editions go in `<out>/<audience>/`.
    pub out: PathBuf,
    /// Build only this edition, into `<out>/<edition>/`.
    pub edition: Option<String>,
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub enum BuildError {
    /// The sources have errors (reported as diagnostics).
    Sources,
    /// The output folder would hold the project or lie inside its sources.
    UnsafeOut(String),
    /// Writing or swapping in the output failed.
    Write(WriteError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Sources => {
                f.write_str("the build stopped on errors; the previous output is untouched")
            }
            BuildError::UnsafeOut(why) => write!(f, "{why}; choose another --out folder"),
            BuildError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Compiles `project` and, when there are no errors, writes the editions atomically: every
/// file goes into a staging folder as it is rendered, and the staging folder replaces the
/// output only when everything succeeded. Otherwise the previous output is left as it was.
pub fn build(project: &Project, opts: &BuildOptions) -> (Compiled, Result<(), BuildError>) {
    let blocked = unsafe_out(project.root(), &opts.out);
    let mut stage = Stage::new(
        match &opts.edition {
            Some(ed) => opts.out.join(ed),
            None => opts.out.clone(),
        },
        opts.edition.is_none(),
    );
    // A blocked output is still rendered, so that its errors are reported first.
    let destination = match blocked {
        Some(_) => Destination::Discard,
        None => Destination::Staged(&mut stage),
    };
    let mut compiled = compile(project, Request::new(opts.edition.as_deref(), destination));
    if compiled.failed() {
        return (compiled, Err(BuildError::Sources));
    }
    if let Some(why) = blocked {
        return (compiled, Err(BuildError::UnsafeOut(why)));
    }
    let result = match stage.into_staging() {
        Some(Ok(st)) => match compiled.write_error.take() {
            Some(e) => Err(e),
            None => st.commit(),
        },
        Some(Err(e)) => Err(e),
        // No edition was rendered (none was asked for that exists): nothing to replace.
        None => Ok(()),
    };
    (compiled, result.map_err(BuildError::Write))
}

/// `p` as the file system will resolve it: absolute, every symbolic link in the part that
/// exists resolved, and the rest (folders a build would create) appended with `.` and `..`
/// applied.
fn resolved(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    let mut out = loop {
        if let Ok(c) = std::fs::canonicalize(base) {
            break c;
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = parent;
            }
            _ => break PathBuf::new(),
        }
    };
    for c in rest.into_iter().rev() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Why `out` may not be used as the output folder, if it may not. Both paths are compared
/// resolved, so neither a symbolic link nor `..` can lead the output into the sources.
fn unsafe_out(root: &Path, out: &Path) -> Option<String> {
    let (root, out) = (resolved(root), resolved(out));
    if root.starts_with(&out) {
        return Some(format!(
            "the output folder `{}` holds the project itself",
            crate::check::report::shown_path(&out)
        ));
    }
    for src in ["content", "themes", "exercises", "incidents"] {
        if out.starts_with(root.join(src)) {
            return Some(format!(
                "the output folder `{}` is inside the project's {src}/ folder",
                crate::check::report::shown_path(&out)
            ));
        }
    }
    None
}
