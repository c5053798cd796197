//! A writer that replaces a byte pattern on the fly, for exports streamed into their file.

use std::io::{self, Write};

/// Writes through to `inner`, replacing every occurrence of `from` with `to`, exactly as
/// `str::replace` would on the whole output. `from` must not overlap itself (no proper
/// prefix of it is also a suffix), which holds for the patterns used here; call
/// [`Replace::finish`] at the end.
pub(crate) struct Replace<'a, W: Write> {
    inner: W,
    from: &'a [u8],
    to: &'a [u8],
    /// How many bytes of `from` the output seen so far ends with (held back).
    matched: usize,
}

impl<'a, W: Write> Replace<'a, W> {
    /// A writer into `inner` that replaces `from` with `to`.
    pub(crate) fn new(inner: W, from: &'a [u8], to: &'a [u8]) -> Self {
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
    pub(crate) fn finish(mut self) -> io::Result<W> {
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
