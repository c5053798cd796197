//! Where rendered files go: kept in memory (`serve`, `export`), written straight into the
//! staging folder of a build as they are rendered, or dropped (`check`).
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

enum Kind {
    Collect(Mutex<Vec<OutputFile>>),
    Discard,
    Dir {
        root: PathBuf,
        /// Folders already created, so each is created once.
        made: Mutex<HashSet<PathBuf>>,
    },
}

/// The destination of one edition's files. Shared by the threads that render pages.
pub struct Sink {
    kind: Kind,
    /// HTML files received.
    pages: AtomicUsize,
    /// The first write that failed; later files are not written.
    failed: Mutex<Option<WriteError>>,
}

impl Sink {
    fn new(kind: Kind) -> Sink {
        Sink {
            kind,
            pages: AtomicUsize::new(0),
            failed: Mutex::new(None),
        }
    }

    /// Keeps every file in memory, for [`Sink::into_files`].
    pub fn collect() -> Sink {
        Sink::new(Kind::Collect(Mutex::new(Vec::new())))
    }

    /// Drops every file (after it was rendered in full).
    pub fn discard() -> Sink {
        Sink::new(Kind::Discard)
    }

    /// Writes every file under the folder `root` as it arrives.
    pub fn dir(root: &Path) -> Sink {
        Sink::new(Kind::Dir {
            root: root.to_owned(),
            made: Mutex::new(HashSet::new()),
        })
    }

    /// Does this sink keep what it is given? Work whose only product is a file, and which
    /// can report no problem, may be skipped when it does not.
    pub fn keeps(&self) -> bool {
        !matches!(self.kind, Kind::Discard)
    }

    fn count(&self, path: &str) {
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
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

    /// The path of `path` under `root`, its folder created.
    fn place(&self, root: &Path, made: &Mutex<HashSet<PathBuf>>, path: &str) -> Option<PathBuf> {
        let p = root.join(path);
        if let Some(parent) = p.parent() {
            let known = made.lock().is_ok_and(|m| m.contains(parent));
            if !known {
                if let Err(e) = fs::create_dir_all(parent) {
                    self.fail(WriteError::Io(parent.to_owned(), e));
                    return None;
                }
                if let Ok(mut m) = made.lock() {
                    m.insert(parent.to_owned());
                }
            }
        }
        Some(p)
    }

    /// Stores the whole file `path` (relative, `/`-separated).
    pub fn put(&self, path: &str, bytes: Vec<u8>) {
        self.count(path);
        match &self.kind {
            Kind::Collect(files) => {
                if let Ok(mut f) = files.lock() {
                    f.push(OutputFile {
                        path: path.to_owned(),
                        bytes,
                    });
                }
            }
            Kind::Discard => {}
            Kind::Dir { root, made } => {
                if self.has_failed() {
                    return;
                }
                let Some(p) = self.place(root, made, path) else {
                    return;
                };
                if let Err(e) = fs::write(&p, bytes) {
                    self.fail(WriteError::Io(p, e));
                }
            }
        }
    }

    /// Streams the file `path`: `fill` writes its content. An error from `fill` is
    /// returned (and, as the file is then incomplete, the sink counts it as failed).
    pub fn stream(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.count(path);
        match &self.kind {
            Kind::Collect(_) => {
                let mut buf = Vec::new();
                fill(&mut buf)?;
                self.put(path, buf);
                Ok(())
            }
            Kind::Discard => fill(&mut io::sink()),
            Kind::Dir { root, made } => {
                if self.has_failed() {
                    return Ok(());
                }
                let Some(p) = self.place(root, made, path) else {
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
        }
    }

    /// How many HTML files it was given.
    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// The first write that failed, if one did.
    pub fn error(&self) -> Option<WriteError> {
        self.failed.lock().ok().and_then(|mut f| f.take())
    }

    /// The files kept, in path order (none unless made by [`Sink::collect`]).
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = match self.kind {
            Kind::Collect(files) => files.into_inner().unwrap_or_default(),
            _ => Vec::new(),
        };
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Writes through to `inner`, replacing every occurrence of `from` with `to`, exactly as
/// `str::replace` would on the whole output. `from` must not overlap itself (no proper
/// prefix of it is also a suffix), which holds for the patterns used here; call
/// [`Replace::finish`] at the end.
pub struct Replace<'a, W: Write> {
    inner: W,
    from: &'a [u8],
    to: &'a [u8],
    /// How many bytes of `from` the output seen so far ends with (held back).
    matched: usize,
}

impl<'a, W: Write> Replace<'a, W> {
    /// A writer into `inner` that replaces `from` with `to`.
    pub fn new(inner: W, from: &'a [u8], to: &'a [u8]) -> Self {
        debug_assert!(!from.is_empty());
        debug_assert!((1..from.len()).all(|k| from[..k] != from[from.len() - k..]));
        Replace {
            inner,
            from,
            to,
            matched: 0,
        }
    }

    /// Writes what is held back and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(&self.from[..self.matched])?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Replace<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            if self.matched == 0 {
                match rest.iter().position(|b| *b == self.from[0]) {
                    None => {
                        self.inner.write_all(rest)?;
                        break;
                    }
                    Some(i) => {
                        self.inner.write_all(&rest[..i])?;
                        self.matched = 1;
                        rest = &rest[i + 1..];
                    }
                }
            } else if rest[0] == self.from[self.matched] {
                self.matched += 1;
                rest = &rest[1..];
            } else {
                // The held prefix is not a match; as `from` does not overlap itself, no
                // match can start inside it, so it is output and the byte looked at afresh.
                self.inner.write_all(&self.from[..self.matched])?;
                self.matched = 0;
            }
            if self.matched == self.from.len() {
                self.inner.write_all(self.to)?;
                self.matched = 0;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replaced(chunks: &[&str], from: &str, to: &str) -> String {
        let mut r = Replace::new(Vec::new(), from.as_bytes(), to.as_bytes());
        for c in chunks {
            r.write_all(c.as_bytes()).unwrap();
        }
        String::from_utf8(r.finish().unwrap()).unwrap()
    }

    #[test]
    fn replaces_like_str_replace_across_chunks() {
        let from = "\\u0000";
        for text in [
            "",
            "plain",
            "a\\u0000b",
            "\\u0000",
            "\\u000\\u0000x\\u00",
            "\\\\u0000",
            "\\u\\u0000\\\\u0000\\",
            "ends with \\u000",
        ] {
            let want = text.replace(from, "");
            for cut in 0..=text.len() {
                let (a, b) = text.split_at(cut);
                assert_eq!(replaced(&[a, b], from, ""), want, "{text:?} cut at {cut}");
            }
            let bytes: Vec<String> = text.chars().map(String::from).collect();
            let chunks: Vec<&str> = bytes.iter().map(String::as_str).collect();
            assert_eq!(replaced(&chunks, from, ""), want);
        }
        assert_eq!(
            replaced(&["a\u{2028}b\u{2028}"], "\u{2028}", "\\u2028"),
            "a\u{2028}b\u{2028}".replace('\u{2028}', "\\u2028")
        );
    }
}
