//! Rendered HTML, and the one convention it carries: links into the site are written
//! relative to the site root behind [`ROOT_MARK`], because a text is rendered once and
//! shown on pages at different depths (its page, the binder, an index). Each output
//! resolves the mark its own way, with the helpers here: pages put the page's relative
//! root in its place ([`RelativeRoot`]), the JSON export and the console drop it
//! ([`JSON_ROOT_MARK`], [`without_root`]), the search index reads it as a space.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::Arc;

/// Marks the site root inside rendered HTML. NUL cannot come from Markdown (CommonMark
/// replaces it) nor from YAML text, so authors cannot forge it.
pub const ROOT_MARK: char = '\0';

/// How [`ROOT_MARK`] reads inside JSON text.
pub const JSON_ROOT_MARK: &[u8] = b"\\u0000";

// The page writer below looks for it byte by byte.
const _: () = assert!(ROOT_MARK.len_utf8() == 1);

/// Rendered HTML: escaped text and irbook's own markup, held once and shared by the
/// Markdown cache, every edition that shows it, and the template data of its page and of
/// the binder. Cloning copies no text; it serialises as a plain string.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Html(Arc<str>);

impl Html {
    /// Holds `html`, which must be HTML irbook rendered (text escaped).
    pub fn new(html: &str) -> Html {
        Html(Arc::from(html))
    }
}

impl From<String> for Html {
    fn from(s: String) -> Html {
        Html(Arc::from(s))
    }
}

impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Html {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A link to `path` (from the edition root) as it is written inside rendered HTML.
pub fn site_link(path: &str) -> String {
    format!("{ROOT_MARK}{path}")
}

/// `html` with the root mark dropped: links relative to the site root, for outputs that
/// are not pages at a depth (the console, navigation entries).
pub fn without_root(html: &str) -> Cow<'_, str> {
    if html.contains(ROOT_MARK) {
        Cow::Owned(html.replace(ROOT_MARK, ""))
    } else {
        Cow::Borrowed(html)
    }
}

/// Writes through to `inner` with every [`ROOT_MARK`] replaced by a page's relative root
/// (`../../` for a page two folders down), noting whether a write failed (so that a
/// failed write is not taken for a template error).
pub struct RelativeRoot<'a, W: Write> {
    inner: W,
    root: &'a [u8],
    io_failed: bool,
}

impl<'a, W: Write> RelativeRoot<'a, W> {
    /// A writer into `inner` for a page whose relative root is `root`.
    pub fn new(inner: W, root: &'a str) -> Self {
        RelativeRoot {
            inner,
            root: root.as_bytes(),
            io_failed: false,
        }
    }

    /// Did a write into the inner writer fail?
    pub fn io_failed(&self) -> bool {
        self.io_failed
    }

    /// The inner writer.
    pub fn into_inner(self) -> W {
        self.inner
    }

    fn write_fixed(&mut self, buf: &[u8]) -> io::Result<()> {
        let mark = ROOT_MARK as u8;
        let mut rest = buf;
        while let Some(i) = memchr::memchr(mark, rest) {
            self.inner.write_all(&rest[..i])?;
            self.inner.write_all(self.root)?;
            rest = &rest[i + 1..];
        }
        self.inner.write_all(rest)
    }
}

impl<W: Write> Write for RelativeRoot<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The mark is one byte (NUL), and NUL occurs in UTF-8 only as itself.
        match self.write_fixed(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.io_failed = true;
                Err(e)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|_| self.io_failed = true)
    }
}

/// `page` (rendered bytes) with every root mark replaced by `root`.
pub fn at_depth(page: Vec<u8>, root: &str) -> Vec<u8> {
    if memchr::memchr(ROOT_MARK as u8, &page).is_none() {
        return page;
    }
    let mut fixed = RelativeRoot::new(Vec::with_capacity(page.len() + 1024), root);
    // Writing into a Vec cannot fail.
    let _ = fixed.write_fixed(&page);
    fixed.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_the_root_mark_per_output() {
        let h = Html::from(format!("<a href=\"{}scheme/a.html\">A</a>", site_link("")));
        let page = at_depth(h.as_bytes().to_vec(), "../");
        assert_eq!(page, b"<a href=\"../scheme/a.html\">A</a>");
        assert_eq!(without_root(&h), "<a href=\"scheme/a.html\">A</a>");
        let json = serde_json::to_string(&h).unwrap();
        assert!(json.as_bytes().windows(6).any(|w| w == JSON_ROOT_MARK));
    }
}
