//! Writing the output atomically: into a temporary folder beside the target, then swapped in.
//!
//! A build that fails or is killed leaves the previous output as it was. On Linux the
//! swap is one `renameat2(RENAME_EXCHANGE)`, so the target is never missing or mixed.

pub mod file;
pub mod folder;
pub mod package;
pub mod zip;

use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};

/// Name of the file that marks a folder as irbook output, so irbook never replaces anything else.
pub const MARKER: &str = ".irbook-output";

/// Why the output could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists, is not empty and was not written by irbook.
    NotOurs(PathBuf),
    /// A file system operation failed.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotOurs(p) => write!(
                f,
                "refusing to replace `{}`: it is not empty and was not written by irbook (no {MARKER} file); choose another --out folder or empty it",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write `{}`: {e}", p.display()),
        }
    }
}

fn io_err(p: &Path) -> impl Fn(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(p.to_owned(), e)
}

/// Files to write into one folder: relative `/`-separated path and bytes.
pub struct Tree<'a> {
    /// Files by relative path.
    pub files: Vec<(String, &'a [u8])>,
}

/// Replaces the folder `target` with `tree`, atomically.
pub fn replace_dir(target: &Path, tree: &Tree<'_>) -> Result<(), WriteError> {
    let staging = Staging::begin(target)?;
    write_tree(staging.dir(), tree)?;
    staging.commit()
}

/// Which buffer each file of a written folder came from, held weakly: the bytes are not
/// kept, yet no other buffer can take the address while it is held.
pub type Written = std::collections::HashMap<String, Weak<Vec<u8>>>;

/// What [`update_dir`] needs to know of `files` once written.
pub fn written(files: &crate::render::output::Files) -> Written {
    files
        .iter()
        .map(|(path, bytes)| (path.clone(), Arc::downgrade(bytes)))
        .collect()
}

/// Is `bytes` the very buffer the file at `path` was written from?
pub fn unchanged(previous: &Written, path: &str, bytes: &Arc<Vec<u8>>) -> bool {
    previous
        .get(path)
        .is_some_and(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(bytes)))
}

/// Brings `target`, which holds what `previous` records (written by [`replace_dir`] or by
/// this), to `next`, writing only what changed: a file whose bytes are the very buffer it
/// was written from (as `serve` keeps a file that reads the same) is left alone, any
/// other is written under a temporary name and renamed over the old one, and files
/// `next` lacks are removed. Every file is whole at every moment; for the moment the
/// update takes, the folder may hold some files of each. On an error, the folder is to
/// be replaced whole.
pub fn update_dir(
    target: &Path,
    previous: &Written,
    next: &crate::render::output::Files,
) -> Result<(), WriteError> {
    let changed: Vec<(&String, &[u8])> = next
        .iter()
        .filter(|(path, bytes)| !unchanged(previous, path, bytes))
        .map(|(path, bytes)| (path, bytes.as_slice()))
        .collect();
    make_folders(target, changed.iter().map(|(path, _)| path.as_str()))?;
    changed.par_iter().try_for_each(|(path, bytes)| {
        let p = target.join(path);
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let tmp = p.with_file_name(format!(".{name}.irbook-new"));
        fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
        fs::rename(&tmp, &p).map_err(io_err(&p))
    })?;
    for path in previous.keys().filter(|p| !next.contains_key(*p)) {
        let p = target.join(path);
        fs::remove_file(&p).map_err(io_err(&p))?;
        // Folders left empty go too, as a fresh copy would not have them.
        for dir in p.ancestors().skip(1).take_while(|d| *d != target) {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
    Ok(())
}

/// A build in progress: a temporary folder beside `target` that files are written into,
/// swapped in by [`Staging::commit`]. Dropped without a commit, it is removed with every
/// folder it had to create, leaving `target` as it was.
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    /// The outermost folder above `target` that did not exist and was created.
    created: Option<PathBuf>,
    done: bool,
}

impl Staging {
    /// Checks that `target` may be replaced and makes the temporary folder.
    pub fn begin(target: &Path) -> Result<Staging, WriteError> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let created = parent
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .last()
            .map(Path::to_owned);
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        let staging = Staging {
            target: target.to_owned(),
            tmp: parent.join(format!(".{name}.irbook-tmp-{}", std::process::id())),
            created,
            done: false,
        };
        if target.exists() && !is_ours(target) {
            return Err(WriteError::NotOurs(target.to_owned()));
        }
        clean_stale(parent, &name);
        if staging.tmp.exists() {
            fs::remove_dir_all(&staging.tmp).map_err(io_err(&staging.tmp))?;
        }
        fs::create_dir(&staging.tmp).map_err(io_err(&staging.tmp))?;
        Ok(staging)
    }

    /// The temporary folder to write into.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Marks the temporary folder as irbook output and swaps it in for the target.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let m = self.tmp.join(MARKER);
        fs::write(
            &m,
            "This folder was written by irbook and is replaced on every build.\n",
        )
        .map_err(io_err(&m))?;
        if self.target.exists() {
            exchange(&self.tmp, &self.target).map_err(io_err(&self.target))?;
            // `tmp` now holds the previous output.
            let _ = fs::remove_dir_all(&self.tmp);
        } else {
            fs::rename(&self.tmp, &self.target).map_err(io_err(&self.target))?;
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.tmp);
            if let Some(c) = &self.created {
                // Only folders this build made, and only if nothing else was put there.
                for a in self.tmp.ancestors().skip(1) {
                    if fs::remove_dir(a).is_err() || a == c.as_path() {
                        break;
                    }
                }
            }
        }
    }
}

/// Does `dir` look like irbook output (or is it empty)?
fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    match fs::read_dir(dir) {
        Ok(mut rd) => rd.next().is_none(),
        Err(_) => false,
    }
}

/// Removes temporary folders left by builds that were killed.
fn clean_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.irbook-tmp-");
    let Ok(rd) = fs::read_dir(parent) else { return };
    for e in rd.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let alive = pid
            .parse::<i32>()
            .is_ok_and(|p| p != std::process::id() as i32 && process_alive(p));
        if !alive {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: i32) -> bool {
    // Signal 0 only asks whether the process exists.
    rustix::process::Pid::from_raw(pid)
        .is_some_and(|p| rustix::process::test_kill_process(p).is_ok())
}

#[cfg(not(unix))]
fn process_alive(_pid: i32) -> bool {
    false
}

/// Makes the folders under `dir` that the files at `paths` go into, each once.
fn make_folders<'p>(dir: &Path, paths: impl Iterator<Item = &'p str>) -> Result<(), WriteError> {
    let mut dirs: Vec<PathBuf> = paths
        .filter_map(|path| Path::new(path).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d).map_err(io_err(d))?;
    }
    Ok(())
}

fn write_tree(dir: &Path, tree: &Tree<'_>) -> Result<(), WriteError> {
    make_folders(dir, tree.files.iter().map(|(path, _)| path.as_str()))?;
    tree.files.par_iter().try_for_each(|(path, bytes)| {
        let p = dir.join(path);
        fs::write(&p, bytes).map_err(io_err(&p))
    })
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Some file systems lack RENAME_EXCHANGE; fall back to two renames.
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
            exchange_by_renames(a, b)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_by_renames(a, b)
}

/// Swaps two folders with two renames; a crash between them leaves `b` missing but `a` complete.
fn exchange_by_renames(a: &Path, b: &Path) -> io::Result<()> {
    let aside = b.with_file_name(format!(
        "{}.irbook-old",
        b.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    if aside.exists() {
        fs::remove_dir_all(&aside)?;
    }
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(s: &str) -> Tree<'_> {
        Tree {
            files: vec![("a/b.html".into(), s.as_bytes())],
        }
    }

    #[test]
    fn replaces_and_refuses_foreign_folders() {
        let base = std::env::temp_dir().join(format!("irbook-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let out = base.join("public");
        replace_dir(&out, &tree("one")).unwrap();
        replace_dir(&out, &tree("two")).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "two");
        let leftovers: Vec<_> = fs::read_dir(&base)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        let foreign = base.join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "mine").unwrap();
        assert!(matches!(
            replace_dir(&foreign, &tree("x")),
            Err(WriteError::NotOurs(_))
        ));
        assert_eq!(
            fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
            "mine"
        );
        fs::remove_dir_all(&base).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn an_update_writes_only_what_changed_and_removes_what_went() {
        use crate::render::output::Files;
        use std::os::unix::fs::MetadataExt;
        let base = std::env::temp_dir().join(format!("irbook-update-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let out = base.join("staff");
        let bytes = |s: &str| Arc::new(s.as_bytes().to_vec());
        let first: Files = [
            ("index.html", bytes("home")),
            ("a/kept.html", bytes("kept")),
            ("a/same-text.html", bytes("same")),
            ("gone/deep/old.html", bytes("old")),
        ]
        .into_iter()
        .map(|(p, b)| (p.to_owned(), b))
        .collect();
        let files: Vec<(String, &[u8])> = first
            .iter()
            .map(|(p, b)| (p.clone(), b.as_slice()))
            .collect();
        replace_dir(&out, &Tree { files }).unwrap();
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let (kept, same_text) = (inode("a/kept.html"), inode("a/same-text.html"));

        let mut next = first.clone();
        next.insert("index.html".into(), bytes("home, changed"));
        // The same text in another buffer is written again: only identity says unchanged.
        next.insert("a/same-text.html".into(), bytes("same"));
        next.remove("gone/deep/old.html");
        next.insert("new/page.html".into(), bytes("new"));
        update_dir(&out, &written(&first), &next).unwrap();

        let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("index.html"), "home, changed");
        assert_eq!(read("new/page.html"), "new");
        assert_eq!(
            inode("a/kept.html"),
            kept,
            "an unchanged file is left alone"
        );
        assert_ne!(inode("a/same-text.html"), same_text);
        assert!(!base.join("staff/gone").exists(), "emptied folders go");
        let mut names: Vec<String> = fs::read_dir(out.join("a"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["kept.html", "same-text.html"],
            "no temporary names left"
        );
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn an_abandoned_staging_leaves_nothing_behind() {
        let base = std::env::temp_dir().join(format!("irbook-stage-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(&base).unwrap();
        let out = base.join("new/deeper/public");
        let st = Staging::begin(&out).unwrap();
        fs::write(st.dir().join("a.html"), "x").unwrap();
        drop(st);
        assert!(!base.join("new").exists());
        // A committed staging becomes the target, with the marker.
        let st = Staging::begin(&out).unwrap();
        fs::write(st.dir().join("a.html"), "y").unwrap();
        st.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "y");
        assert!(out.join(MARKER).is_file());
        fs::remove_dir_all(&base).unwrap();
    }
}
