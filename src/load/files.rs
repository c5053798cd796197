//! Finding and reading source files safely: no escaping symlinks, no huge or non-UTF-8 files.

use super::problem::{Problem, ProblemKind};
use crate::model::Pos;
use std::fs;
use std::io::Read;
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
pub fn read_source(root: &Path, rel: &Path) -> Result<SourceFile, Problem> {
    let name = rel_string(rel);
    let bytes = read_bytes(root, rel)?;
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
            Err(Problem::new(
                ProblemKind::Unreadable,
                &name,
                Pos { line, col },
                "the file is not valid UTF-8 text",
            )
            .with_help("save the file as UTF-8"))
        }
    }
}

/// Why a path may not be read although it exists.
enum Unsafe {
    /// It resolves to nothing (a dangling symbolic link on the way).
    Nowhere,
    /// It resolves to a place outside the project.
    Outside,
    /// It resolves to a hidden file or folder of the project (`.git/...`), which the walk
    /// would skip: a link must not reach what a plain path cannot.
    Hidden(String),
}

/// Resolves `root/rel`, every symbolic link along it included, and checks that it is a
/// place in the project a source may be read from; returns the resolved path.
fn resolve_inside(root: &Path, rel: &Path) -> Result<PathBuf, Unsafe> {
    let resolved = fs::canonicalize(root.join(rel)).map_err(|_| Unsafe::Nowhere)?;
    let root = fs::canonicalize(root).map_err(|_| Unsafe::Nowhere)?;
    let inner = resolved.strip_prefix(&root).map_err(|_| Unsafe::Outside)?;
    if inner
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err(Unsafe::Hidden(rel_string(inner)));
    }
    Ok(resolved)
}

/// The E0010 diagnostic for `rel`, which cannot be read for `why`; `linked` says whether
/// `rel` itself is the link (rather than a folder above it).
fn unsafe_path(rel: &Path, what: &str, linked: bool, why: Unsafe) -> Problem {
    let name = rel_string(rel);
    let (message, help) = match (why, linked) {
        (Unsafe::Hidden(to), _) => (
            format!(
                "this {what} resolves through a symbolic link to `{to}`, which is hidden; irbook does not read hidden files"
            ),
            format!("link to a {what} that is not hidden, or copy it into the project"),
        ),
        (_, true) => (
            format!("this {what} is a symbolic link that points outside the project (or nowhere)"),
            format!("replace the link with a copy of the {what} inside the project"),
        ),
        (_, false) => (
            format!("this {what} lies under a symbolic link to a folder outside the project"),
            "replace the linked folder with a folder inside the project holding the files".into(),
        ),
    };
    Problem::new(ProblemKind::UnsafePath, &name, Pos::default(), message).with_help(help)
}

/// Reads `root/rel` as bytes, refusing paths that resolve outside the project or to a
/// hidden path, folders, anything but a regular file (pipes, sockets, devices), and files
/// larger than [`MAX_FILE_BYTES`].
pub fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Problem> {
    let name = rel_string(rel);
    let mut file = open_inside(root, rel, &name)?;
    let meta = file.metadata().map_err(|e| unreadable(&name, &e))?;
    regular_file(&meta, &name)?;
    if !opened_inside(&file, root) {
        return Err(unsafe_path(rel, "file", true, Unsafe::Outside));
    }
    read_capped(&mut file, meta.len(), &name)
}

/// The problem for a file that exists but cannot be read.
fn unreadable(name: &str, e: &std::io::Error) -> Problem {
    Problem::new(
        ProblemKind::Unreadable,
        name,
        Pos::default(),
        format!("cannot read the file: {e}"),
    )
}

/// Opens `root/rel` (shown as `name`) once it is known to resolve inside the project.
fn open_inside(root: &Path, rel: &Path, name: &str) -> Result<fs::File, Problem> {
    let meta = fs::symlink_metadata(root.join(rel)).map_err(|e| unreadable(name, &e))?;
    let resolved = match resolve_inside(root, rel) {
        Ok(p) => p,
        Err(why) => return Err(unsafe_path(rel, "file", meta.file_type().is_symlink(), why)),
    };
    // Opened without waiting, as a named pipe would otherwise block until something wrote
    // to it, and without following a link swapped in since resolving. Everything after is
    // asked of the open handle, so the checks and the read concern the same file.
    open_resolved(&resolved).map_err(|e| unreadable(name, &e))
}

/// Refuses folders and anything but a regular file (pipes, sockets, devices).
fn regular_file(meta: &fs::Metadata, name: &str) -> Result<(), Problem> {
    if meta.is_dir() {
        return Err(Problem::new(
            ProblemKind::Unreadable,
            name,
            Pos::default(),
            "expected a file but found a directory",
        )
        .with_help("rename or remove the directory"));
    }
    if !meta.is_file() {
        return Err(Problem::new(
            ProblemKind::Unreadable,
            name,
            Pos::default(),
            format!(
                "this is {}, not a regular file; irbook reads only regular files",
                special_kind(meta)
            ),
        )
        .with_help("replace it with a regular file, or remove it"));
    }
    Ok(())
}

/// Reads an open file of `len` bytes (as its metadata said), refusing more than
/// [`MAX_FILE_BYTES`].
fn read_capped(file: &mut fs::File, len: u64, name: &str) -> Result<Vec<u8>, Problem> {
    let too_big = |len: u64| {
        Problem::new(
            ProblemKind::Unreadable,
            name,
            Pos::default(),
            format!("the file is {len} bytes; source files may be at most {MAX_FILE_BYTES} bytes"),
        )
    };
    if len > MAX_FILE_BYTES {
        return Err(too_big(len));
    }
    // The size is checked again while reading: the file may grow after the check.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(name, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens a resolved path for reading: never waiting on a named pipe, never following a
/// symbolic link in its last component.
#[cfg(unix)]
fn open_resolved(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags((rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW).bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_resolved(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// Reads a file the user named on the command line (a record to resume, say) as text:
/// only a regular file, opened without waiting, so a named pipe cannot hang a command,
/// and at most [`MAX_FILE_BYTES`].
pub fn read_named_file(path: &Path) -> std::io::Result<String> {
    let resolved = fs::canonicalize(path)?;
    let mut file = open_resolved(&resolved)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "it is {}, not a regular file",
            special_kind(&meta)
        )));
    }
    let mut text = String::new();
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "it is larger than {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok(text)
}

/// What kind of file that is not regular `meta` describes, for messages.
#[cfg(unix)]
fn special_kind(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::Metadata) -> &'static str {
    "a special file"
}

/// Does the open `file` lie inside the project? On Linux the kernel names the file a handle
/// refers to, which closes the gap between resolving a path and opening it (a folder on
/// the way swapped for a link). Elsewhere the check made before opening stands.
#[cfg(target_os = "linux")]
fn opened_inside(file: &fs::File, root: &Path) -> bool {
    use std::os::fd::AsRawFd;
    match (
        fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())),
        fs::canonicalize(root),
    ) {
        (Ok(opened), Ok(root)) => opened.starts_with(root),
        // No /proc mounted: rely on the check made before opening.
        _ => true,
    }
}

#[cfg(not(target_os = "linux"))]
fn opened_inside(_: &fs::File, _: &Path) -> bool {
    true
}

/// Is `root/rel` a folder inside the project? `Ok(false)` when there is no such folder;
/// an error when the path (through a symbolic link anywhere along it) leads outside the
/// project, in which case nothing in it may be read.
pub fn folder_inside(root: &Path, rel: &Path) -> Result<bool, Problem> {
    let Ok(meta) = fs::symlink_metadata(root.join(rel)) else {
        return Ok(false);
    };
    match resolve_inside(root, rel) {
        Ok(resolved) => Ok(resolved.is_dir()),
        Err(why) => {
            let d = unsafe_path(rel, "folder", meta.file_type().is_symlink(), why);
            Err(Problem {
                message: format!("{}; nothing in it was read", d.message),
                ..d
            })
        }
    }
}

/// Files with extension `ext` under `root/dir`, recursively when `deep`, sorted by path.
/// `dir` itself may be a symbolic link within the project; one leading out of it is
/// reported and nothing in it is listed. Hidden files and folders (starting with `.`) are
/// skipped; symbolic links to folders below `dir` are reported, not followed (they could
/// loop or leave the project).
pub fn list(
    root: &Path,
    dir: &str,
    ext: &str,
    deep: bool,
    problems: &mut Vec<Problem>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if start(root, Path::new(dir), problems) {
        walk(root, Path::new(dir), Some(ext), deep, &mut out, problems);
    }
    out.sort();
    out
}

/// Every file under `root/dir`, recursively, by the same rules as [`list`]: a theme's files.
pub fn list_all(root: &Path, dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if start(root, dir, problems) {
        walk(root, dir, None, true, &mut out, problems);
    }
    out.sort();
    out
}

/// May the walk start at `root/dir`? It must be a folder inside the project; when it leads
/// out, the reason is added to `problems`.
fn start(root: &Path, dir: &Path, problems: &mut Vec<Problem>) -> bool {
    folder_inside(root, dir).unwrap_or_else(|d| {
        problems.push(d);
        false
    })
}

fn walk(
    root: &Path,
    rel: &Path,
    ext: Option<&str>,
    deep: bool,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) {
    let base = root.join(rel);
    // Links are never followed below the start folder; hidden names are skipped whole.
    let entries = walkdir::WalkDir::new(&base)
        .min_depth(1)
        .max_depth(if deep { usize::MAX } else { 1 })
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries.flatten() {
        let Ok(inner) = entry.path().strip_prefix(&base) else {
            continue;
        };
        let child = rel.join(inner);
        let ft = entry.file_type();
        if ft.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            problems.push(
                Problem::new(
                    ProblemKind::UnsafePath,
                    &rel_string(&child),
                    Pos::default(),
                    "this is a symbolic link to a folder, which irbook does not follow",
                )
                .with_help("move the files into the project instead of linking to them"),
            );
        } else if !ft.is_dir() && ext.is_none_or(|ext| child.extension().is_some_and(|e| e == ext))
        {
            out.push(child);
        }
    }
}
