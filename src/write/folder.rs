//! The output of a build: every file written into the staging folder as it is rendered.

use super::WriteError;
use crate::render::output::{Output, Pages};
use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Writes every file under a folder as it arrives; after the first failed write, nothing.
pub struct Folder {
    root: PathBuf,
    /// Folders already created, so each is created once.
    made: Mutex<HashSet<PathBuf>>,
    pages: Pages,
    /// The first write that failed; later files are not written.
    failed: Mutex<Option<WriteError>>,
}

impl Folder {
    /// An output into the folder `root`.
    pub fn new(root: &Path) -> Folder {
        Folder {
            root: root.to_owned(),
            made: Mutex::new(HashSet::new()),
            pages: Pages::default(),
            failed: Mutex::new(None),
        }
    }

    fn fail(&self, e: WriteError) {
        if let Ok(mut f) = self.failed.lock() {
            f.get_or_insert(e);
        }
    }

    fn has_failed(&self) -> bool {
        self.failed.lock().map_or(true, |f| f.is_some())
    }

    /// The path of `path` under the root, its folder created.
    fn place(&self, path: &str) -> Option<PathBuf> {
        let p = self.root.join(path);
        if let Some(parent) = p.parent() {
            let known = self.made.lock().is_ok_and(|m| m.contains(parent));
            if !known {
                if let Err(e) = fs::create_dir_all(parent) {
                    self.fail(WriteError::Io(parent.to_owned(), e));
                    return None;
                }
                if let Ok(mut m) = self.made.lock() {
                    m.insert(parent.to_owned());
                }
            }
        }
        Some(p)
    }
}

impl Output for Folder {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.pages.count(path);
        if self.has_failed() {
            return;
        }
        let Some(p) = self.place(path) else {
            return;
        };
        if let Err(e) = fs::write(&p, bytes) {
            self.fail(WriteError::Io(p, e));
        }
    }

    fn stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.pages.count(path);
        if self.has_failed() {
            return Ok(());
        }
        let Some(p) = self.place(path) else {
            return Ok(());
        };
        let written = fs::File::create(&p).and_then(|f| {
            let mut w = io::BufWriter::with_capacity(1 << 16, f);
            fill(&mut w)?;
            w.flush()
        });
        written.map_err(|e| {
            let again = io::Error::new(e.kind(), e.to_string());
            self.fail(WriteError::Io(p, e));
            again
        })
    }

    fn pages(&self) -> usize {
        self.pages.get()
    }
}

impl Folder {
    /// The first write that failed, if one did.
    pub fn error(&self) -> Option<WriteError> {
        self.failed.lock().ok().and_then(|mut f| f.take())
    }
}
