//! The path guard: which request paths may name a file of the served site.
//!
//! No HTTP library promises this for us, so it is ours. The served site lives in memory, so
//! no request path ever reaches the file system; the guard still refuses anything that
//! looks like traversal, so a bug elsewhere cannot turn into one.

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a path irbook could have written: malformed encoding, control characters.
    Malformed,
    /// An attempt to leave the site: `..`, backslashes, absolute or encoded separators.
    Traversal,
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits, or bytes that are not
/// UTF-8, make the path malformed (a lenient decoder would keep them as text).
fn decode(s: &str) -> Result<String, Refusal> {
    let b = s.as_bytes();
    let well_formed = b.iter().enumerate().all(|(i, c)| {
        *c != b'%'
            || b.get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Err(Refusal::Malformed);
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| Refusal::Malformed)
}

/// The site-relative file a request URL names (`/` and `dir/` mean `index.html`), or why not.
pub(crate) fn resolve(url: &str) -> Result<String, Refusal> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refusal::Malformed);
    };
    // A separator must be a real `/`: an encoded one only ever serves to smuggle a path.
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\') || lower.contains("%2f") || lower.contains("%5c") {
        return Err(Refusal::Traversal);
    }
    let decoded = decode(rest)?;
    // Encoded separators, dots or percent signs have no business in irbook's file names:
    // a `%` left after decoding means double encoding.
    if decoded.contains(['%', '\\', '\0']) || decoded.chars().any(char::is_control) {
        return Err(if decoded.contains(['%', '\\']) {
            Refusal::Traversal
        } else {
            Refusal::Malformed
        });
    }
    let mut parts = Vec::new();
    let segments: Vec<&str> = decoded.split('/').collect();
    for (n, seg) in segments.iter().enumerate() {
        let last = n + 1 == segments.len();
        match *seg {
            "" if last => {}
            "" | "." | ".." => return Err(Refusal::Traversal),
            s if s.contains(':') || s.starts_with('~') => return Err(Refusal::Traversal),
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if file.is_empty() || decoded.ends_with('/') {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Ok(file)
}

/// The Content-Type of a file the site may hold.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "vcf" => "text/vcard; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_ordinary_paths() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/index.html?q=a#x").unwrap(), "index.html");
        assert_eq!(resolve("/scheme/").unwrap(), "scheme/index.html");
        assert_eq!(
            resolve("/playbooks/ransomware.html").unwrap(),
            "playbooks/ransomware.html"
        );
        assert_eq!(
            resolve("/search.html?q=encrypted%20files").unwrap(),
            "search.html"
        );
        assert_eq!(resolve("/a%20b.html").unwrap(), "a b.html");
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        let bad = [
            "/..",
            "/../",
            "/../etc/passwd",
            "/../../etc/passwd",
            "/scheme/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/%2e%2e%2fetc%2fpasswd",
            "/..%2fetc%2fpasswd",
            "/%252e%252e/etc/passwd",
            "/%252e%252e%252fetc",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "/\\..\\etc",
            "//etc/passwd",
            "/etc//passwd",
            "/./index.html",
            "/scheme/./x",
            "/C:/Windows/win.ini",
            "/c:%5cwindows",
            "/index.html%00.png",
            "/%00",
            "/a\0b",
            "/%c0%ae%c0%ae/etc",
            "/%e0%80%ae%e0%80%ae/",
            "/~root/.ssh/id_rsa",
            "/%2f%2fetc",
            "/.%2e/etc",
            "/%2e./etc",
            "/scheme/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "etc/passwd",
            "",
            "/%",
            "/%g0",
            "/%2",
            "/%ff",
        ];
        for b in bad {
            assert!(resolve(b).is_err(), "accepted {b:?} as {:?}", resolve(b));
        }
        assert!(bad.len() >= 30);
    }

    #[test]
    fn types() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("contacts/x.vcf"), "text/vcard; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
