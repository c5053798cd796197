//! `irbook init`: writes the bundled example scheme into a new project folder.

use super::Error;
use crate::write::file::{create_new, create_real_dirs, link_refused};
use std::path::{Path, PathBuf};

/// Arguments of `irbook init`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to create.
    pub dir: PathBuf,
}

/// Writes the example and says what to edit first.
pub fn run(a: Args) -> Result<(), Error> {
    let n = init(&a.dir)?;
    let dir = super::shown(&a.dir);
    eprintln!("Wrote the example scheme ({n} files) into {dir}.");
    eprintln!(
        "Edit first: irbook.yaml (your organisation), content/contacts.yaml (your people and numbers),"
    );
    eprintln!("then content/policy.md. Run `irbook check {dir}` and `irbook build {dir}`.");
    Ok(())
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_example.rs"));
}

/// The example scheme's files, paths relative to the project root.
pub fn example_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// Writes the example into `dir`, refusing to overwrite any existing file; returns files written.
///
/// Nothing is written through a symbolic link: a file's name taken by anything, a dangling
/// link included, is a clash, and a folder on the way may not be a link. `dir` itself is
/// the user's choice and may be one.
pub fn init(dir: &Path) -> Result<usize, Error> {
    let taken = |p: &Path| std::fs::symlink_metadata(dir.join(p)).is_ok();
    let clashes: Vec<&str> = example_files()
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| taken(Path::new(p)))
        .collect();
    if !clashes.is_empty() {
        return Err(Error::Refused(format!(
            "`{}` already holds {} of the files init would write (e.g. {}); nothing was written. Choose an empty or new folder.",
            super::shown(dir),
            clashes.len(),
            clashes[0]
        )));
    }
    for (path, _) in example_files() {
        for folder in Path::new(path).ancestors().skip(1) {
            let p = dir.join(folder);
            if !folder.as_os_str().is_empty()
                && std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(Error::Refused(format!(
                    "{}; nothing was written",
                    link_refused(&p)
                )));
            }
        }
    }
    std::fs::create_dir_all(dir).map_err(super::io("create", dir))?;
    for (path, bytes) in example_files() {
        let rel = Path::new(path);
        if let Some(parent) = rel.parent() {
            create_real_dirs(dir, parent).map_err(Error::Refused)?;
        }
        let p = dir.join(rel);
        create_new(&p, bytes).map_err(super::io("write", &p))?;
    }
    Ok(example_files().len())
}
