//! Page scores kept from one `serve` rebuild to the next: a save changes one page, and
//! tokenising every other page again was a third of the rebuild at 10,000 pages.
//!
//! Like the Markdown cache, a hit needs everything the page's document is made of to be
//! exactly the same (compared in full, never by hash: the HTML first by pointer, which
//! the Markdown cache keeps for an unchanged text) and the same synonyms. So a reused
//! score is the score the page's own text gives, whichever edition asks: nothing of
//! another edition can come through it.

use super::documents::page_parts;
use super::index::Scored;
use crate::edition::view::{PageView, SynonymView};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The page a kept score was computed from, to compare with the page of a later build.
struct Key(PageView);

impl Key {
    fn of(p: &PageView) -> Key {
        Key(p.clone())
    }

    /// Does `p` read exactly as the page this was taken from, for its search document?
    fn matches(&self, p: &PageView) -> bool {
        page_parts(&self.0) == page_parts(p)
    }
}

/// Pages' scores by href, from the last index built with the same synonyms.
#[derive(Default)]
struct Kept {
    synonyms: Vec<SynonymView>,
    pages: Pages,
}

/// Scores of pages kept across the indexes of successive builds of one edition (`serve`).
/// Only the pages of the last build are kept, so it holds at most one score per page.
#[derive(Default)]
pub struct ScoreCache {
    kept: Mutex<Kept>,
}

/// One index build's use of a [`ScoreCache`]: the last build's scores to reuse, and this
/// build's, which replace them when it ends.
pub(super) struct Session<'c> {
    cache: &'c ScoreCache,
    synonyms: Vec<SynonymView>,
    previous: Mutex<Pages>,
    next: Mutex<Pages>,
}

/// Pages' keys and scores by href.
type Pages = HashMap<String, (Key, Arc<Scored>)>;

impl ScoreCache {
    /// Starts an index build of an edition with these synonyms; scores kept under other
    /// synonyms are not reused.
    pub(super) fn session(&self, synonyms: &[SynonymView]) -> Session<'_> {
        let previous = match self.kept.lock() {
            Ok(mut k) if k.synonyms == synonyms => std::mem::take(&mut k.pages),
            _ => HashMap::new(),
        };
        Session {
            cache: self,
            synonyms: synonyms.to_vec(),
            previous: Mutex::new(previous),
            next: Mutex::new(HashMap::new()),
        }
    }
}

impl Session<'_> {
    /// The page's scores from the last build, if it reads exactly the same; they are kept
    /// for the next build too.
    pub(super) fn get(&self, p: &PageView) -> Option<Arc<Scored>> {
        let (key, scored) = self.previous.lock().ok()?.remove(&p.href)?;
        if !key.matches(p) {
            return None;
        }
        if let Ok(mut next) = self.next.lock() {
            next.insert(p.href.clone(), (key, scored.clone()));
        }
        Some(scored)
    }

    /// Keeps a page's newly computed scores for the next build.
    pub(super) fn keep(&self, p: &PageView, scored: Arc<Scored>) {
        if let Ok(mut next) = self.next.lock() {
            next.insert(p.href.clone(), (Key::of(p), scored));
        }
    }

    /// Ends the build: its scores replace the last build's, and the pages it did not
    /// show are forgotten.
    pub(super) fn finish(self) {
        let pages = self.next.into_inner().unwrap_or_default();
        if let Ok(mut k) = self.cache.kept.lock() {
            *k = Kept {
                synonyms: self.synonyms,
                pages,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::index::Index;
    use super::super::js::{index_js, to_js};
    use super::super::shared::{EditionDocs, indexes};
    use super::*;
    use crate::edition::html::Html;
    use crate::edition::view::SiteView;

    /// The index of `view` built through `cache`, as the script it is written as.
    fn through(cache: &ScoreCache, view: &SiteView) -> String {
        let docs = [EditionDocs::new(view)];
        let built: Vec<Index> = indexes(&docs, Some(cache))
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        to_js(&built[0])
    }

    /// The kept scores of the page at `href`.
    fn kept(cache: &ScoreCache, href: &str) -> Arc<Scored> {
        cache.kept.lock().unwrap().pages[href].1.clone()
    }

    #[test]
    fn reused_scores_give_the_index_a_fresh_build_gives() {
        let view = super::super::tests::example_views().remove(0);
        let cache = ScoreCache::default();
        assert!(
            through(&cache, &view) == index_js(&view),
            "not what a fresh build gives"
        );
        let href = view.pages[0].href.clone();
        let first = kept(&cache, &href);
        assert_eq!(
            cache.kept.lock().unwrap().pages.len(),
            view.pages.len(),
            "one score per page"
        );
        assert!(
            through(&cache, &view) == index_js(&view),
            "not what a fresh build gives"
        );
        assert!(
            Arc::ptr_eq(&first, &kept(&cache, &href)),
            "reused, not recomputed"
        );
    }

    #[test]
    fn a_changed_page_or_other_synonyms_are_scored_again() {
        let view = super::super::tests::example_views().remove(0);
        let cache = ScoreCache::default();
        through(&cache, &view);
        let href = view.pages[0].href.clone();
        let first = kept(&cache, &href);

        // Each part of the page's document, changed alone, is scored again.
        let changes: [fn(&mut PageView); 5] = [
            |p| p.html = Html::new("<p>Zebra crossings</p>"),
            |p| p.title.push_str(" zebra"),
            |p| p.summary = Some("Zebra".into()),
            |p| p.search_terms.push("zebra".into()),
            |p| {
                p.headings.push(crate::edition::markdown::Heading {
                    level: 2,
                    id: "zebra".into(),
                    text: "Zebra".into(),
                })
            },
        ];
        for change in changes {
            let mut changed = view.clone();
            change(&mut changed.pages[0]);
            assert!(
                through(&cache, &changed) == index_js(&changed),
                "not what a fresh build gives"
            );
            assert!(!Arc::ptr_eq(&first, &kept(&cache, &href)));
            through(&cache, &view);
        }

        // The same page under other synonyms.
        let mut other = view.clone();
        other.synonyms.push(SynonymView {
            words: vec!["zebra".into()],
            means: vec!["incident".into()],
        });
        let before = kept(&cache, &href);
        assert!(
            through(&cache, &other) == index_js(&other),
            "not what a fresh build gives"
        );
        assert!(!Arc::ptr_eq(&before, &kept(&cache, &href)));
    }
}
