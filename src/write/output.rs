//! Where rendered files go: kept in memory (`serve`, `export`), written straight into a
//! folder as they are rendered (the staging folder of a build), or dropped (`check`).
//!
//! A build used to hold every file of every edition in memory before writing any; at
//! 10,000 pages that was over a gigabyte. Writing each file as soon as it is rendered
//! keeps memory flat; the build still goes into a staging folder that is swapped in only
//! when everything succeeded (see [`super::Staging`]).

use super::WriteError;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file of the output, relative to the edition folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path with `/` separators.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// The destination of one edition's files, shared by the threads that render pages.
pub trait Output: Sync {
    /// Stores the whole file `path` (relative, `/`-separated).
    fn put(&self, path: &str, bytes: Vec<u8>);

    /// Streams the file `path`: `fill` writes its content. An error from `fill` is
    /// returned (and, as the file is then incomplete, the output counts it as failed).
    fn stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()>;

    /// Does it keep what it is given? Work whose only product is a file, and which can
    /// report no problem, may be skipped when it does not.
    fn keeps(&self) -> bool {
        true
    }

    /// How many HTML files it was given.
    fn pages(&self) -> usize;

    /// The first write that failed, if one did.
    fn error(&self) -> Option<WriteError> {
        None
    }
}

/// Counts the HTML files an output is given.
#[derive(Default)]
struct Pages(AtomicUsize);

impl Pages {
    fn count(&self, path: &str) {
        if path.ends_with(".html") {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// Keeps every file in memory, for [`Memory::into_files`].
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
    pages: Pages,
}

impl Memory {
    /// The files kept, in path order.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Output for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.pages.count(path);
        if let Ok(mut f) = self.files.lock() {
            f.push(OutputFile {
                path: path.to_owned(),
                bytes,
            });
        }
    }

    fn stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut buf = Vec::new();
        fill(&mut buf)?;
        self.put(path, buf);
        Ok(())
    }

    fn pages(&self) -> usize {
        self.pages.get()
    }
}

/// Drops every file, after it was rendered in full.
#[derive(Default)]
pub struct Discard {
    pages: Pages,
}

impl Output for Discard {
    fn put(&self, path: &str, _: Vec<u8>) {
        self.pages.count(path);
    }

    fn stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.pages.count(path);
        fill(&mut io::sink())
    }

    fn keeps(&self) -> bool {
        false
    }

    fn pages(&self) -> usize {
        self.pages.get()
    }
}

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

    fn error(&self) -> Option<WriteError> {
        self.failed.lock().ok().and_then(|mut f| f.take())
    }
}
