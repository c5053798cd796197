//! `irbook init`: writes the bundled example scheme into a new project folder.

use crate::write::file::{create_new, create_real_dirs, link_refused};
use std::path::Path;

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
pub fn init(dir: &Path) -> Result<usize, String> {
    let taken = |p: &Path| std::fs::symlink_metadata(dir.join(p)).is_ok();
    let clashes: Vec<&str> = example_files()
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| taken(Path::new(p)))
        .collect();
    if !clashes.is_empty() {
        return Err(format!(
            "`{}` already holds {} of the files init would write (e.g. {}); nothing was written. Choose an empty or new folder.",
            dir.display(),
            clashes.len(),
            clashes[0]
        ));
    }
    for (path, _) in example_files() {
        for folder in Path::new(path).ancestors().skip(1) {
            let p = dir.join(folder);
            if !folder.as_os_str().is_empty()
                && std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(format!("{}; nothing was written", link_refused(&p)));
            }
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    for (path, bytes) in example_files() {
        let rel = Path::new(path);
        if let Some(parent) = rel.parent() {
            create_real_dirs(dir, parent)?;
        }
        let p = dir.join(rel);
        create_new(&p, bytes).map_err(|e| format!("cannot write `{}`: {e}", p.display()))?;
    }
    Ok(example_files().len())
}
