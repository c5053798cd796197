//! Finding and reading source files safely: no escaping symlinks, no huge or non-UTF-8 files.

use crate::check::diagnostic::{self as diag, Diagnostic};
use crate::model::Pos;
use std::fs;
use std::path::{Path, PathBuf};

/// Largest source file irbook reads; larger ones are refused, not parsed.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A source file's path relative to the project and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root, `/`-separated.
    pub path: String,
    /// The file's text, shared with the Markdown bodies taken from it.
    pub text: std::sync::Arc<str>,
}

/// `rel` as a `/`-separated string.
pub fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads `root/rel` as UTF-8 text, refusing what a scheme file cannot be.
pub fn read_source(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let path = root.join(rel);
    let name = rel_string(rel);
    let fail = |code, msg: String| Err(Diagnostic::error(code, &name, Pos::default(), msg));
    let meta = match fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) => return fail(diag::UNREADABLE, format!("cannot read the file: {e}")),
    };
    if meta.file_type().is_symlink() {
        let target_ok = match (fs::canonicalize(&path), fs::canonicalize(root)) {
            (Ok(t), Ok(r)) => t.starts_with(r),
            _ => false,
        };
        if !target_ok {
            return Err(Diagnostic::error(
                diag::UNSAFE_PATH,
                &name,
                Pos::default(),
                "this symbolic link points outside the project (or nowhere)",
            )
            .with_help("replace the link with a copy of the file inside the project"));
        }
    }
    let meta = match fs::metadata(&path) {
        Ok(m) => m,
        Err(e) => return fail(diag::UNREADABLE, format!("cannot read the file: {e}")),
    };
    if meta.is_dir() {
        return Err(Diagnostic::error(
            diag::UNREADABLE,
            &name,
            Pos::default(),
            "expected a file but found a directory",
        )
        .with_help("rename or remove the directory"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return fail(
            diag::UNREADABLE,
            format!(
                "the file is {} bytes; source files may be at most {} bytes",
                meta.len(),
                MAX_FILE_BYTES
            ),
        );
    }
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) => return fail(diag::UNREADABLE, format!("cannot read the file: {e}")),
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(SourceFile {
                path: name,
                text: text.into(),
            })
        }
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let col = good.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
            Err(Diagnostic::error(
                diag::UNREADABLE,
                &name,
                Pos { line, col },
                "the file is not valid UTF-8 text",
            )
            .with_help("save the file as UTF-8"))
        }
    }
}

/// Files with extension `ext` under `root/dir`, recursively when `deep`, sorted by path.
/// Hidden files and folders (starting with `.`) are skipped; symbolic links to folders are
/// reported, not followed (they could loop or leave the project).
pub fn list(
    root: &Path,
    dir: &str,
    ext: &str,
    deep: bool,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(root, Path::new(dir), ext, deep, &mut out, problems);
    out.sort();
    out
}

fn walk(
    root: &Path,
    rel: &Path,
    ext: &str,
    deep: bool,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let child = rel.join(&name);
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            problems.push(
                Diagnostic::error(
                    diag::UNSAFE_PATH,
                    &rel_string(&child),
                    Pos::default(),
                    "this is a symbolic link to a folder, which irbook does not follow",
                )
                .with_help("move the files into the project instead of linking to them"),
            );
        } else if ft.is_dir() {
            if deep {
                walk(root, &child, ext, deep, out, problems);
            }
        } else if child.extension().is_some_and(|e| e == ext) {
            out.push(child);
        }
    }
}
