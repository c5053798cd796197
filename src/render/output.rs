//! Where rendered files go: an [`Output`]. Kept in memory ([`Memory`]: `serve`, `export`),
//! dropped ([`Discard`]: `check`), or written into a folder as they are rendered (the
//! build's staging folder, a folder output in `write`).
//!
//! A build used to hold every file of every edition in memory before writing any; at
//! 10,000 pages that was over a gigabyte. Writing each file as soon as it is rendered
//! keeps memory flat.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A file of the output, relative to the edition folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path with `/` separators.
    pub path: String,
    /// Content, shared: a rebuild keeps the previous copy of a file that reads the same.
    pub bytes: Arc<Vec<u8>>,
}

/// An edition's files by path, as `serve` holds them between rebuilds.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

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
    /// The previous build's files: a file that reads the same keeps that copy, so a
    /// rebuild after a small edit holds one copy of the site rather than two.
    previous: Option<Arc<Files>>,
}

impl Memory {
    /// Keeps every file, sharing the bytes of those that read the same as in `previous`.
    pub fn reusing(previous: Option<Arc<Files>>) -> Memory {
        Memory {
            previous,
            ..Memory::default()
        }
    }

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
        let bytes = match self.previous.as_ref().and_then(|p| p.get(path)) {
            Some(old) if **old == bytes => old.clone(),
            _ => Arc::new(bytes),
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_keeps_the_previous_copy_of_a_file_that_reads_the_same() {
        let old = Arc::new(b"<p>same</p>".to_vec());
        let previous: Files = [
            ("same.html".to_owned(), old.clone()),
            (
                "edited.html".to_owned(),
                Arc::new(b"<p>before</p>".to_vec()),
            ),
        ]
        .into_iter()
        .collect();
        let out = Memory::reusing(Some(Arc::new(previous)));
        out.put("same.html", b"<p>same</p>".to_vec());
        out.put("edited.html", b"<p>after</p>".to_vec());
        out.put("new.html", b"<p>new</p>".to_vec());
        let files = out.into_files();
        let get = |p: &str| files.iter().find(|f| f.path == p).unwrap().bytes.clone();
        assert!(Arc::ptr_eq(&get("same.html"), &old));
        assert_eq!(*get("edited.html"), b"<p>after</p>");
        assert_eq!(*get("new.html"), b"<p>new</p>");
    }
}
