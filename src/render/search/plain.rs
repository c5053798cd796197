//! Plain text: rendered HTML to the text that is indexed and shown in snippets, and
//! whitespace collapsed as it is written.

use crate::edition::html::ROOT_MARK;

/// Decodes an HTML character reference body (between `&` and `;`), if known.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "times" => '×',
        "rarr" => '→',
        _ => return None,
    })
}

/// Inline elements join the words around them; every other tag separates words.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "small", "span",
    "strong", "time", "u",
];

/// Plain text of rendered HTML: tags removed (script and style with their content),
/// entities decoded, the root marker dropped, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    // Collapsed as it is written: this runs over every page of the scheme, and a second
    // pass over an uncollapsed copy cost as much as the tag stripping.
    let mut out = Collapsed::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&', ROOT_MARK]) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix(ROOT_MARK) {
            rest = r;
        } else if rest.starts_with("<!--") {
            // A comment is no text, even with a `>` inside; it ends at the first `-->`
            // after its `<!--` (`<!-->` is a whole one), as in markdown::strip_comments.
            // Like an inline tag, it joins the words around it, as a browser shows them.
            rest = rest[2..].find("-->").map_or("", |end| &rest[2 + end + 3..]);
        } else if rest.starts_with('&') {
            let decoded = rest[1..]
                .find(';')
                .filter(|end| *end <= 32)
                .and_then(|end| entity(&rest[1..=end]).map(|c| (c, end + 2)));
            match decoded {
                Some((c, len)) => {
                    out.push_str(c.encode_utf8(&mut [0; 4]));
                    rest = &rest[len..];
                }
                None => {
                    out.push_str("&");
                    rest = &rest[1..];
                }
            }
        } else {
            let Some(end) = rest.find('>') else {
                rest = "";
                break;
            };
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            let bare = tag.trim_start_matches('/');
            let name = &bare[..bare
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(bare.len())];
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            if (is("script") || is("style")) && !tag.starts_with('/') {
                let close = format!("</{}", name.to_ascii_lowercase());
                let skip = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                rest = &rest[skip..];
            } else if !INLINE_TAGS.iter().any(|t| is(t)) {
                out.space();
            }
        }
    }
    out.push_str(rest);
    out.text
}

/// Text written piece by piece with runs of whitespace (and the root marker) collapsed
/// into one space, and none at either end.
struct Collapsed {
    text: String,
    /// A separator was seen since the last word.
    space: bool,
}

impl Collapsed {
    fn with_capacity(n: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(n),
            space: false,
        }
    }

    /// A separator, written as one space if a word follows.
    fn space(&mut self) {
        self.space = true;
    }

    fn word(&mut self, w: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(w);
    }

    /// Appends text, copying whole words at once; ASCII is classified byte by byte.
    fn push_str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut start = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (sep, len) = if b.is_ascii() {
                // What `char::is_whitespace` says for ASCII: space and \t \n \v \f \r.
                let c = char::from(b);
                (matches!(b, b' ' | b'\t'..=b'\r') || c == ROOT_MARK, 1)
            } else {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace() || c == ROOT_MARK, c.len_utf8())
            };
            match (sep, start) {
                (true, Some(st)) => {
                    self.word(&s[st..i]);
                    start = None;
                    self.space();
                }
                (true, None) => self.space(),
                (false, None) => start = Some(i),
                (false, Some(_)) => {}
            }
            i += len;
        }
        if let Some(st) = start {
            self.word(&s[st..]);
        }
    }
}

/// Collapses runs of whitespace into one space and trims, without the root marker.
pub(super) fn collapse(s: &str) -> String {
    let mut out = Collapsed::with_capacity(s.len());
    out.push_str(s);
    out.text
}
