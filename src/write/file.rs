//! Writing single files: new files that never replace anything, and output files that
//! replace only irbook's own earlier output unless forced.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

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

/// A single output file irbook writes, recognisable by its first bytes when it is met again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Own {
    /// `irbook export --out`: a scheme.json, which always opens with its `edition` object.
    SchemeJson,
    /// `irbook exercise report`: an HTML page carrying [`REPORT_MARK`] after its doctype.
    Report,
    /// `irbook export scorm|xapi`: a zip whose first entry is irbook's manifest.
    Package,
}

/// The comment `irbook exercise report` writes near the top of every report it writes.
pub const REPORT_MARK: &str = "<!-- written by irbook exercise report -->";

/// How far into a file its mark is looked for.
const HEAD: u64 = 1024;

impl Own {
    /// What an earlier file of this kind is, for messages.
    fn name(self) -> &'static str {
        match self {
            Own::SchemeJson => "an earlier `irbook export`",
            Own::Report => "a report irbook wrote",
            Own::Package => "a package irbook exported",
        }
    }

    /// Does a file that starts with `head` look like this output?
    pub fn recognises(self, head: &[u8]) -> bool {
        match self {
            // serde_json's pretty printing of the edition's view, whose first field is
            // `edition`: the same bytes in every scheme.json irbook ever wrote.
            Own::SchemeJson => head.starts_with(b"{\n  \"edition\": {\n"),
            // A stored zip's first local header, the manifest's name at offset 30, and
            // irbook's identifier inside it.
            Own::Package => {
                head.starts_with(b"PK\x03\x04")
                    && (head[30.min(head.len())..].starts_with(b"imsmanifest.xml")
                        || head[30.min(head.len())..].starts_with(b"tincan.xml"))
                    && head.windows(7).any(|w| w == b"irbook-" || w == b"irbook:")
            }
            Own::Report => head
                .windows(REPORT_MARK.len())
                .any(|w| w == REPORT_MARK.as_bytes()),
        }
    }
}

/// Why an output file was not written.
#[derive(Debug)]
pub enum ReplaceError {
    /// Something is there that irbook did not write; `--force` replaces it.
    NotOurs(PathBuf, String),
    /// A folder is there, which is never replaced.
    Folder(PathBuf),
    /// A file system operation failed.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for ReplaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplaceError::NotOurs(p, what) => write!(
                f,
                "refusing to overwrite `{}`: it {what}. Choose another --out file, or pass --force to replace it",
                p.display()
            ),
            ReplaceError::Folder(p) => write!(
                f,
                "cannot write `{}`: it is a folder; --out names the file to write",
                p.display()
            ),
            ReplaceError::Io(p, e) => write!(f, "cannot write `{}`: {e}", p.display()),
        }
    }
}

/// Writes `bytes` to `path`, replacing a file there only when it is irbook's own earlier
/// output of kind `own`, or when `force` is set. The file is written beside `path` and
/// renamed over it, so a failed write leaves the old one, and a symbolic link at `path` is
/// replaced (with `force`), never written through.
pub fn replace_own(path: &Path, bytes: &[u8], own: Own, force: bool) -> Result<(), ReplaceError> {
    let err = |e| ReplaceError::Io(path.to_owned(), e);
    let before = fs::symlink_metadata(path);
    // A replaced file keeps its permissions (a report kept readable by its owner only
    // stays so).
    let keep = before
        .as_ref()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions());
    match before {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(err(e)),
        Ok(m) if m.is_dir() => return Err(ReplaceError::Folder(path.to_owned())),
        Ok(_) if force => {}
        Ok(m) if m.file_type().is_symlink() => {
            return Err(ReplaceError::NotOurs(
                path.to_owned(),
                "is a symbolic link, which irbook does not write through".into(),
            ));
        }
        Ok(m) if !m.is_file() => {
            return Err(ReplaceError::NotOurs(
                path.to_owned(),
                "is not a regular file".into(),
            ));
        }
        Ok(_) => {
            if !own.recognises(&head(path).map_err(err)?) {
                return Err(ReplaceError::NotOurs(
                    path.to_owned(),
                    format!("exists and is not {}", own.name()),
                ));
            }
        }
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.irbook-tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let written = create_new(&tmp, bytes)
        .and_then(|()| keep.map_or(Ok(()), |p| fs::set_permissions(&tmp, p)))
        .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.map_err(err)
}

/// The first [`HEAD`] bytes of the regular file at `path`, read without waiting on a pipe
/// or following a link swapped in since it was looked at.
fn head(path: &Path) -> io::Result<Vec<u8>> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(
            (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW).bits() as i32,
        );
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    file.take(HEAD).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_its_own_files_unless_forced() {
        let base = std::env::temp_dir().join(format!("irbook-file-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(&base).unwrap();
        let p = base.join("out.json");
        let ours = b"{\n  \"edition\": {\n    \"id\": \"staff\"\n  }\n}\n";
        replace_own(&p, ours, Own::SchemeJson, false).unwrap();
        replace_own(&p, ours, Own::SchemeJson, false).unwrap();
        fs::write(&p, "my notes").unwrap();
        let e = replace_own(&p, ours, Own::SchemeJson, false).unwrap_err();
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(fs::read_to_string(&p).unwrap(), "my notes");
        // A report is not a scheme.json, nor the other way round.
        let page = format!("<!DOCTYPE html>\n{REPORT_MARK}\n<html></html>\n");
        assert!(Own::Report.recognises(page.as_bytes()));
        assert!(!Own::SchemeJson.recognises(page.as_bytes()));
        assert!(!Own::Report.recognises(ours));
        replace_own(&p, page.as_bytes(), Own::Report, true).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), page);
        let leftovers = fs::read_dir(&base).unwrap().count();
        assert_eq!(leftovers, 1);
        fs::remove_dir_all(&base).unwrap();
    }
}
