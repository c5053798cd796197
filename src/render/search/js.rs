//! The JavaScript output: each edition's index as `assets/search-index.js`, a script that
//! sets `window.IRBOOK_SEARCH`.

use super::index::{Capped, Index, index_of};
use super::reuse::ScoreCache;
use super::shared::{EditionDocs, indexes};
use crate::edition::view::SiteView;

/// Writes the search index of each edition, `assets/search-index.js`, into its sink; see
/// [`indexes`] for what is shared between editions and what `cache` keeps for the next
/// build. Returns, for each edition, the documents whose terms were capped.
pub fn write_indexes(
    editions: &[(&SiteView, &dyn crate::render::output::Output)],
    cache: Option<&ScoreCache>,
) -> Vec<Vec<Capped>> {
    let docs: Vec<EditionDocs<'_>> = editions.iter().map(|(v, _)| EditionDocs::new(v)).collect();
    let mut capped = Vec::with_capacity(editions.len());
    for ((index, c), (_, sink)) in indexes(&docs, cache).into_iter().zip(editions) {
        let _ = sink.stream("assets/search-index.js", &mut |w| write_js(&index, w));
        capped.push(c);
    }
    capped
}

/// Serialises as a script. serde_json leaves U+2028 and U+2029 raw, which older JavaScript
/// engines reject inside string literals, so they are escaped here.
pub(super) fn to_js(index: &Index) -> String {
    let json = serde_json::to_string(index).unwrap_or_else(|_| String::from("{\"docs\":[]}"));
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.IRBOOK_SEARCH = {json};\n")
}

/// The search index of an edition as a JavaScript file (works from file://, unlike fetch).
pub fn index_js(view: &SiteView) -> String {
    let ed = EditionDocs::new(view);
    to_js(&index_of(&ed.docs, &ed.synonyms))
}

/// [`index_js`] of several editions at once, as the build makes them.
pub fn index_js_all(views: &[&SiteView]) -> Vec<String> {
    let docs: Vec<EditionDocs<'_>> = views.iter().map(|v| EditionDocs::new(v)).collect();
    indexes(&docs, None).iter().map(|(i, _)| to_js(i)).collect()
}

/// [`to_js`] into a writer: the same bytes.
fn write_js(index: &Index, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use crate::render::replace::Replace;
    w.write_all(b"window.IRBOOK_SEARCH = ")?;
    let a = Replace::new(w, "\u{2028}".as_bytes(), b"\\u2028");
    let b = Replace::new(a, "\u{2029}".as_bytes(), b"\\u2029");
    // Buffered before the replacements, so that they work on large blocks.
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, b);
    serde_json::to_writer(&mut buf, index).map_err(std::io::Error::other)?;
    let w = buf
        .into_inner()
        .map_err(|e| e.into_error())?
        .finish()?
        .finish()?;
    w.write_all(b";\n")
}
