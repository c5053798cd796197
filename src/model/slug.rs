//! Stable slugs for file names and heading anchors.

use std::collections::BTreeMap;

/// Lowercase ASCII slug: letters and digits kept, everything else folded into single
/// hyphens. Letters outside ASCII are transliterated first (`Ça` -> `ca`, `Straße` ->
/// `strasse`), so a title in any language keeps its words in its page name.
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    let mut hyphen = false;
    for c in ascii.chars() {
        if c.is_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.extend(c.to_lowercase().filter(|c| c.is_ascii_alphanumeric()));
        } else {
            hyphen = true;
        }
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Hands out unique anchors for one page: repeats get `-1`, `-2`, ... in document order.
#[derive(Default)]
pub struct Slugger {
    used: BTreeMap<String, u32>,
}

impl Slugger {
    /// Reserves an anchor so headings will not take it.
    pub fn reserve(&mut self, s: &str) {
        self.used.insert(s.to_owned(), 0);
    }

    /// A unique anchor for `text` on this page.
    pub fn slug(&mut self, text: &str) -> String {
        let base = slugify(text);
        let mut candidate = base.clone();
        while self.used.contains_key(&candidate) {
            let n = self.used.entry(base.clone()).or_insert(0);
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_unique() {
        assert_eq!(slugify("Who does what?"), "who-does-what");
        assert_eq!(slugify("  Ça  va "), "ca-va");
        assert_eq!(slugify("Straße über Köln"), "strasse-uber-koln");
        assert_eq!(slugify("Été – reprise"), "ete-reprise");
        assert_eq!(slugify("«»"), "section");
        let mut s = Slugger::default();
        assert_eq!(s.slug("Notes"), "notes");
        assert_eq!(s.slug("Notes"), "notes-1");
        assert_eq!(s.slug("Notes 1"), "notes-1-1");
        assert_eq!(s.slug("Notes"), "notes-2");
    }
}
