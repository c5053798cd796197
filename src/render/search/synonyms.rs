//! Synonyms: a page whose text holds one of a synonym's `means` phrases is indexed under
//! the synonym's `words` too, in the same field. Done when the index is built, so the
//! browser needs no synonym table, and a synonym only reaches an edition's index through
//! a page of that edition (and only when the edition's audience may see the synonym).

use super::analysis::query_terms;
use crate::edition::view::SynonymView;
use std::collections::{BTreeMap, HashMap};

/// One phrase of a synonym's `means`, as terms, with the synonym it belongs to.
#[derive(Debug)]
struct Phrase {
    /// The terms before the last one, in order.
    before: Vec<String>,
    /// Which synonym (index into [`Synonyms::words`]).
    synonym: usize,
}

/// An edition's synonyms, ready to be matched against a document's terms as they come.
#[derive(Debug, Default)]
pub(super) struct Synonyms {
    /// Every phrase, by its last term.
    by_last: HashMap<String, Vec<Phrase>>,
    /// The terms each synonym adds (its `words`, tokenised as a query is).
    words: Vec<Vec<String>>,
    /// The terms of each synonym's phrases, all together.
    means: Vec<Vec<String>>,
    /// Terms in the longest phrase.
    longest: usize,
}

impl Synonyms {
    /// Compiles the synonyms of an edition. Phrases and words are tokenised as queries are
    /// (`e-mail` gives `email` only), so they match whichever spelling a page uses.
    pub(super) fn new(list: &[SynonymView]) -> Synonyms {
        let mut s = Synonyms::default();
        for syn in list {
            let words: Vec<String> = syn.words.iter().flat_map(|w| query_terms(w)).collect();
            if words.is_empty() {
                continue;
            }
            let n = s.words.len();
            let mut means = Vec::new();
            for phrase in &syn.means {
                let mut terms = query_terms(phrase);
                means.extend(terms.iter().cloned());
                let Some(last) = terms.pop() else { continue };
                s.longest = s.longest.max(terms.len() + 1);
                s.by_last.entry(last).or_default().push(Phrase {
                    before: terms,
                    synonym: n,
                });
            }
            s.words.push(words);
            s.means.push(means);
        }
        s
    }

    /// For marking results in the browser: each synonym term the index holds, with the
    /// index terms of its phrases, so a page found through a synonym shows the words that
    /// found it.
    pub(super) fn alias(&self, terms: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (words, means) in self.words.iter().zip(&self.means) {
            for w in words.iter().filter(|w| terms.contains_key(*w)) {
                let to = out.entry(w.clone()).or_default();
                to.extend(
                    means
                        .iter()
                        .filter(|m| *m != w && terms.contains_key(*m))
                        .cloned(),
                );
            }
        }
        out.retain(|_, v| {
            v.sort();
            v.dedup();
            !v.is_empty()
        });
        out
    }

    /// The most terms one phrase found adds.
    pub(super) fn most_added(&self) -> usize {
        self.words.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.by_last.is_empty()
    }

    /// A matcher for one piece of text, whose terms are given to it in order.
    pub(super) fn matcher(&self) -> Matcher<'_> {
        Matcher {
            synonyms: self,
            recent: Vec::with_capacity(self.longest),
            found: Vec::new(),
        }
    }
}

/// Follows the terms of one piece of text and notes the synonyms whose phrases it holds.
pub(super) struct Matcher<'s> {
    synonyms: &'s Synonyms,
    /// The last terms seen (up to one fewer than the longest phrase), oldest first.
    recent: Vec<String>,
    /// Synonyms matched so far, once per phrase found.
    found: Vec<usize>,
}

impl Matcher<'_> {
    /// The next term of the text.
    pub(super) fn term(&mut self, t: &str) {
        let s = self.synonyms;
        if s.is_empty() {
            return;
        }
        if let Some(phrases) = s.by_last.get(t) {
            for p in phrases {
                if self.recent.len() >= p.before.len()
                    && self.recent[self.recent.len() - p.before.len()..] == p.before[..]
                {
                    self.found.push(p.synonym);
                }
            }
        }
        if s.longest > 1 {
            if self.recent.len() + 1 >= s.longest {
                self.recent.remove(0);
            }
            self.recent.push(t.to_owned());
        }
    }

    /// The terms the matched synonyms add, once per match.
    pub(super) fn terms(&self) -> impl Iterator<Item = &str> {
        self.found
            .iter()
            .flat_map(|n| self.synonyms.words[*n].iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::terms;

    fn syn(words: &[&str], means: &[&str]) -> SynonymView {
        SynonymView {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            means: means.iter().map(|w| (*w).to_owned()).collect(),
        }
    }

    fn added(s: &Synonyms, text: &str) -> Vec<String> {
        let mut m = s.matcher();
        for t in terms(text) {
            m.term(&t);
        }
        m.terms().map(str::to_owned).collect()
    }

    #[test]
    fn phrases_add_the_words() {
        let s = Synonyms::new(&[
            syn(&["DDoS"], &["denial of service"]),
            syn(&["hacked"], &["compromised", "taken over"]),
            syn(&["night", "weekend"], &["out of hours", "24x7"]),
            syn(&["the"], &["ignored"]),
        ]);
        assert_eq!(added(&s, "A denial-of-service attack"), ["ddo"]);
        assert_eq!(added(&s, "Denial of service"), ["ddo"]);
        assert_eq!(
            added(&s, "denial of the service"),
            ["ddo"],
            "stop words between"
        );
        assert!(added(&s, "service denial").is_empty(), "in order only");
        assert_eq!(added(&s, "Compromise, compromised"), ["hack", "hack"]);
        assert_eq!(
            added(&s, "call out of hours, 24x7"),
            ["night", "weekend", "night", "weekend"]
        );
        assert!(
            added(&s, "ignored").is_empty(),
            "a synonym of stop words adds nothing"
        );
        // Stop words take no place: "out hours" holds "out of hours".
        assert_eq!(added(&s, "out hours later"), ["night", "weekend"]);
        assert!(added(&s, "nothing here").is_empty());
    }
}
