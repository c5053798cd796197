//! Offline search: an index built from the edition's own view, loaded as a script.
//!
//! The index is `assets/search-index.js`, a script that sets `window.IRBOOK_SEARCH`, so
//! the site searches from `file://` too (browsers refuse `fetch` there). It is built
//! from nothing but the [`SiteView`](crate::edition::view::SiteView) of one edition, so it holds exactly what that
//! edition shows. `themes/default/static/search.js` reads it.
//!
//! Format (JSON inside the script; arrays rather than objects to keep it small):
//!
//! ```text
//! { "version": 1,
//!   "docs":  [[title, href, kind, text], ...],  // href root-relative
//!   "terms": { term: postings, ... },           // sorted by term
//!   "alias": { term: [term, ...], ... }         // only with synonyms
//! }
//! ```
//!
//! A term's postings are the numbers `gap score gap score ...`, one pair per document
//! containing it, in increasing document order. A document number is stored as the gap
//! from the previous one (the first as itself), which keeps numbers small where a term
//! is common. The numbers are written as one string (see [`encode`]): one character for
//! a number below 32, two below 1024, about half the size of a JSON array of numbers,
//! which matters at 10,000 pages.
//!
//! `score` is the term's weight in that document, summed over fields: [`W_TITLE`] >
//! [`W_TERMS`] (an item's `search_terms`) > [`W_INDICATOR`] > [`W_HEADING`] >
//! [`W_SUMMARY`] > [`W_BODY`], each times a damped count of occurrences, body text
//! weighed by its length (a word in a short contact note says more than one in a long
//! procedure), all times four so that fractions of [`W_BODY`] survive. The browser
//! multiplies it by the term's rarity and adds up the terms of a query. `text` is the
//! start of the document's plain text ([`EXCERPT_CHARS`]), only for showing snippets; the
//! whole text is indexed.
//!
//! Documents: every page the edition shows (`documents`), the home page's report card,
//! the pocket card and the index pages too (`listings`). Synonyms (`search.synonyms` in
//! irbook.yaml, those the edition's audience may see) are applied here: a document holding
//! one of a synonym's phrases is indexed under its words as well (`synonyms`), and
//! `alias` tells the browser which words to mark in such a result.
//!
//! Tokenising (`tokenise`) must stay identical to `tokenise` in search.js: lowercase;
//! fold accents with [`FOLDS`] and drop combining marks (U+0300-U+036F); split on every
//! character that is not a word character ([`is_word_char`]); drop words of one
//! character, words over [`MAX_TERM_CHARS`] and [`STOP_WORDS`]; then [`stem`], which also folds
//! British and American spellings into one ([`SPELLINGS`] and a few rules). Words
//! joined by hyphens are also indexed joined up (e-mail gives `mail` and `email`).
//! tests/suite/search_js.rs runs both tokenisers on the same texts and compares the terms.

mod analysis;
mod doc;
mod documents;
mod index;
mod js;
mod listings;
mod plain;
mod reuse;
mod shared;
mod synonyms;

pub use analysis::{
    FOLDS, MAX_TERM_CHARS, SPELLINGS, STOP_WORDS, is_word_char, query_terms, stem, terms,
};
pub use doc::{EXCERPT_CHARS, W_BODY, W_HEADING, W_INDICATOR, W_SUMMARY, W_TERMS, W_TITLE};
pub use index::{Capped, MAX_TERMS_PER_DOC, capped, encode};
pub use js::{index_js, index_js_all, write_indexes};
pub use plain::plain_text;
pub use reuse::ScoreCache;

#[cfg(test)]
mod tests;
