//! Rendered Markdown shared between editions and kept across `serve` rebuilds.

use super::*;

/// Where a Markdown text stands (file, line, column), its heading shift, and whether it
/// renders with a page's anchor allocator.
type TextKey = (String, u32, u32, u8, bool);

/// The text a cached rendering was made from, to compare in full with a later one: a
/// Markdown body is its source file's slice itself (no copy), anything else a copy.
enum CachedText {
    Copy(String),
    Source(crate::model::SourceSlice),
}

impl CachedText {
    fn as_str(&self) -> &str {
        match self {
            CachedText::Copy(s) => s,
            CachedText::Source(s) => s,
        }
    }
}

/// One rendering of a text, with the text itself and the links it resolved and how.
struct CachedHtml {
    text: CachedText,
    html: Html,
    headings: Vec<markdown::Heading>,
    problems: Vec<markdown::LinkProblem>,
    links: Vec<(String, String, LinkOutcome)>,
}

/// Markdown rendered once, reused by the other editions and, in `serve`, by later rebuilds.
///
/// A hit needs the same place, exactly the same text (compared in full, never by hash),
/// and every link resolving as it did before, so a reuse can never show one edition
/// what only another may see, nor stale text.
#[derive(Default)]
pub struct MdCache {
    map: Mutex<HashMap<TextKey, CachedHtml>>,
}

impl MdCache {
    pub(super) fn get(
        &self,
        key: &TextKey,
        text: &str,
        linker: &dyn Linker,
    ) -> Option<(Html, Vec<markdown::Heading>, Vec<markdown::LinkProblem>)> {
        let map = self.map.lock().ok()?;
        let hit = map.get(key).filter(|h| h.text.as_str() == text)?;
        let same = hit
            .links
            .iter()
            .all(|(path, frag, outcome)| linker.resolve(path, frag) == *outcome);
        same.then(|| (hit.html.clone(), hit.headings.clone(), hit.problems.clone()))
    }

    pub(super) fn put(
        &self,
        key: TextKey,
        text: &str,
        source: Option<&crate::model::SourceSlice>,
        html: &Html,
        out: &markdown::Html,
        links: Vec<(String, String, LinkOutcome)>,
    ) {
        if let Ok(mut map) = self.map.lock() {
            map.insert(
                key,
                CachedHtml {
                    text: match source.filter(|s| ***s == *text) {
                        Some(s) => CachedText::Source(s.clone()),
                        None => CachedText::Copy(text.to_owned()),
                    },
                    html: html.clone(),
                    headings: out.headings.clone(),
                    problems: out.problems.clone(),
                    links,
                },
            );
        }
    }
}
