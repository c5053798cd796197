//! `irbook init`: writes the bundled example scheme into a new project folder.

use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_example.rs"));
}

/// The example scheme's files, paths relative to the project root.
pub fn example_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// Writes the example into `dir`, refusing to overwrite any existing file; returns files written.
pub fn init(dir: &Path) -> Result<usize, String> {
    let clashes: Vec<&str> = example_files()
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !clashes.is_empty() {
        return Err(format!(
            "`{}` already holds {} of the files init would write (e.g. {}); nothing was written. Choose an empty or new folder.",
            dir.display(),
            clashes.len(),
            clashes[0]
        ));
    }
    for (path, bytes) in example_files() {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&p, bytes).map_err(|e| format!("cannot write `{}`: {e}", p.display()))?;
    }
    Ok(example_files().len())
}
