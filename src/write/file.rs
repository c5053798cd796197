//! Writing single files: new files that never replace anything.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to a new file at `path`. Fails when anything is there already, a dangling
/// symbolic link included, so nothing is ever written through a link or over a file.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// Makes every folder of `rel` below `base` that does not exist; one that exists must be a
/// real folder, not a symbolic link (which would send the files elsewhere).
pub fn create_real_dirs(base: &Path, rel: &Path) -> Result<(), String> {
    let mut dir = base.to_owned();
    for c in rel.components() {
        dir.push(c);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => return Err(link_refused(&dir)),
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(format!("`{}` is a file, not a folder", dir.display())),
            Err(_) => match fs::create_dir(&dir) {
                Ok(()) => {}
                // Made by someone else meanwhile: accept it only as a real folder.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                        return Err(link_refused(&dir));
                    }
                }
                Err(e) => return Err(format!("cannot create `{}`: {e}", dir.display())),
            },
        }
    }
    Ok(())
}

/// Why a folder that is a symbolic link is not written into.
pub fn link_refused(path: &Path) -> String {
    format!(
        "`{}` is a symbolic link; irbook writes only into real folders, never through a link. Remove the link or choose another folder",
        path.display()
    )
}
