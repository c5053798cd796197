//! Where rendered files go: an [`Output`]. Kept in memory ([`Memory`]: `serve`, `export`),
//! dropped ([`Discard`]: `check`), or written into a folder as they are rendered (the
//! build's staging folder, a folder output in `write`).
//!
//! A build used to hold every file of every edition in memory before writing any; at
//! 10,000 pages that was over a gigabyte. Writing each file as soon as it is rendered
//! keeps memory flat.

use std::io::{self, Write};
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
}

/// Counts the HTML files an output is given.
#[derive(Default)]
pub struct Pages(AtomicUsize);

impl Pages {
    /// Counts `path` if it is a page.
    pub fn count(&self, path: &str) {
        if path.ends_with(".html") {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// How many pages were counted.
    pub fn get(&self) -> usize {
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
