//! Offline search: an index built from the edition's own view, loaded as a script.
//!
//! The index is `assets/search-index.js`, a script that sets `window.IRBOOK_SEARCH`, so
//! the site searches from `file://` too (browsers refuse `fetch` there). It is built
//! from nothing but the [`SiteView`] of one edition, so it holds exactly what that
//! edition shows. `themes/default/static/search.js` reads it.
//!
//! Format (JSON inside the script; arrays rather than objects to keep it small):
//!
//! ```text
//! { "version": 1,
//!   "docs":  [[title, href, kind, text], ...],  // href root-relative
//!   "terms": { term: postings, ... }            // sorted by term
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
//! [`W_INDICATOR`] > [`W_HEADING`] > [`W_SUMMARY`] > [`W_BODY`], each times a damped count
//! of occurrences. The browser multiplies it by the term's rarity and adds up the terms
//! of a query. `text` is the start of the document's plain text ([`EXCERPT_CHARS`]), only
//! for showing snippets; the whole text is indexed.
//!
//! Tokenising (`tokenise`) must stay identical to `tokenise` in search.js: lowercase;
//! fold accents with [`FOLDS`] and drop combining marks (U+0300-U+036F); split on every
//! character that is not a word character ([`is_word_char`]); drop words of one
//! character, words over [`MAX_TERM_CHARS`] and [`STOP_WORDS`]; then [`stem`]. Words
//! joined by hyphens are also indexed joined up (e-mail gives `mail` and `email`).

mod analysis;
mod documents;
mod plain;

pub use analysis::{FOLDS, MAX_TERM_CHARS, STOP_WORDS, is_word_char, query_terms, stem, terms};
pub use documents::{EXCERPT_CHARS, W_BODY, W_HEADING, W_INDICATOR, W_SUMMARY, W_TITLE};
pub use plain::plain_text;

use crate::edition::view::SiteView;
use analysis::tokenise_into;
use documents::{Doc, Field, Source, documents};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Most a repeated word counts within one field (1 + log2 of its count, capped), so a
/// long body that repeats a word many times still ranks below a title.
const MAX_REPEAT: u32 = 4;

/// Most distinct terms indexed for one document; later new terms are left out (the ones
/// already in still count). Far above any page written by hand (a book has about ten
/// thousand), it bounds the time and memory one page of generated text (16 MiB of
/// distinct words took 15 s and 1 GB) can cost. A capped document is reported
/// ([`Capped`]).
pub const MAX_TERMS_PER_DOC: usize = 20_000;

/// A document whose terms were capped at [`MAX_TERMS_PER_DOC`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capped {
    /// Its title.
    pub title: String,
    /// Its href, root-relative, maybe with a `#fragment`.
    pub href: String,
}

/// FNV-1a: the index's hash maps are keyed by short terms from the scheme's own text, so
/// a fast hash is safe here, and SipHash was a tenth of the index build time.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

impl Doc {
    /// Term -> score in this document, and whether terms were left out to keep to
    /// [`MAX_TERMS_PER_DOC`].
    pub(super) fn scores(&self) -> (Vec<(String, u32)>, bool) {
        let mut counts: FnvMap<String, [u32; 5]> =
            FnvMap::with_capacity_and_hasher(256, BuildHasherDefault::default());
        let mut capped = false;
        let title = std::iter::once((Field::Title, &self.title));
        for (field, text) in title.chain(self.parts.iter().map(|(f, t, _)| (*f, t))) {
            let slot = Field::ALL.iter().position(|f| *f == field).unwrap_or(4);
            tokenise_into(text, false, &mut |t| {
                if let Some(c) = counts.get_mut(t) {
                    c[slot] += 1;
                } else if counts.len() >= MAX_TERMS_PER_DOC {
                    capped = true;
                } else {
                    let mut c = [0; 5];
                    c[slot] = 1;
                    counts.insert(t.to_owned(), c);
                }
            });
        }
        // Unsorted: each term occurs once per document, and the merge sorts by term.
        let scores = counts
            .into_iter()
            .map(|(t, c)| {
                let score = Field::ALL
                    .iter()
                    .zip(c)
                    .filter(|(_, n)| *n > 0)
                    .map(|(f, n)| f.weight() * (1 + n.ilog2()).min(MAX_REPEAT))
                    .sum();
                (t, score)
            })
            .collect();
        (scores, capped)
    }
}

/// A document in the index: title, href, kind and the start of its text.
type DocRow = (String, String, &'static str, String);

/// The index as serialised; see the module comment for the format.
#[derive(Serialize)]
struct Index {
    version: u32,
    docs: Vec<DocRow>,
    terms: BTreeMap<String, String>,
}

/// Last digit of a number in the postings encoding (values 0-31).
const LAST_DIGITS: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
/// Any other digit of a number in the postings encoding (values 0-31). Both sets need no
/// escaping in JSON.
const MORE_DIGITS: &[u8; 32] = b"WXYZabcdefghijklmnopqrstuvwxyz-_";

/// Writes numbers in base 32, most significant digit first, each number's last digit from
/// `LAST_DIGITS` and the others from `MORE_DIGITS`, so they need no separator.
/// search.js decodes it.
pub fn encode(numbers: &[u32]) -> String {
    let mut out = String::with_capacity(numbers.len() * 2);
    for &n in numbers {
        encode_into(n, &mut out);
    }
    out
}

/// Appends one number to an [`encode`]d string: encoding a list is encoding each number.
fn encode_into(mut n: u32, out: &mut String) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    loop {
        digits[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for d in digits[1..len].iter().rev() {
        out.push(MORE_DIGITS[usize::from(*d)] as char);
    }
    out.push(LAST_DIGITS[usize::from(digits[0])] as char);
}

/// Documents indexed at a time: enough to keep every thread busy, few enough that their
/// text and scores are never held for a whole large scheme at once.
const CHUNK: usize = 256;

/// Something that is or gives a document.
trait AsDoc: Sync {
    fn doc(&self) -> Cow<'_, Doc>;
}

impl AsDoc for Doc {
    fn doc(&self) -> Cow<'_, Doc> {
        Cow::Borrowed(self)
    }
}

impl AsDoc for Source<'_> {
    fn doc(&self) -> Cow<'_, Doc> {
        Source::doc(self)
    }
}

/// An index being built: documents are added in order.
#[derive(Default)]
struct Merge {
    /// Term -> (last document, postings already encoded); sorted by term only at the end.
    /// Encoded as they come, postings take a byte or two a number instead of four.
    terms: FnvMap<String, (u32, String)>,
    docs: Vec<DocRow>,
    /// Documents whose terms were capped.
    capped: Vec<Capped>,
}

impl Merge {
    fn add(&mut self, scores: &[(String, u32)], row: DocRow, capped: bool) {
        if capped {
            self.capped.push(Capped {
                title: row.0.clone(),
                href: row.1.clone(),
            });
        }
        let n = self.docs.len() as u32;
        for (t, score) in scores {
            match self.terms.get_mut(t.as_str()) {
                Some((last, post)) => {
                    encode_into(n - *last, post);
                    encode_into(*score, post);
                    *last = n;
                }
                None => {
                    let mut post = String::new();
                    encode_into(n, &mut post);
                    encode_into(*score, &mut post);
                    self.terms.insert(t.clone(), (n, post));
                }
            }
        }
        self.docs.push(row);
    }

    fn finish(self) -> (Index, Vec<Capped>) {
        let index = Index {
            version: 1,
            docs: self.docs,
            terms: self.terms.into_iter().map(|(t, (_, p))| (t, p)).collect(),
        };
        (index, self.capped)
    }
}

/// A document's term scores, its row in the index and whether its terms were capped.
type Scored = (Vec<(String, u32)>, DocRow, bool);

fn score(d: &impl AsDoc) -> Scored {
    let d = d.doc();
    let row = (d.title.clone(), d.href.clone(), d.kind, d.excerpt());
    let (scores, capped) = d.scores();
    (scores, row, capped)
}

/// Builds and scores documents in parallel, `CHUNK` at a time, adding them to `merge` in
/// order, so postings come out sorted and never depend on thread timing or hash order.
fn add_all<D: AsDoc>(merge: &mut Merge, docs: &[D]) {
    for chunk in docs.chunks(CHUNK) {
        let scored: Vec<Scored> = chunk.par_iter().map(score).collect();
        for (scores, row, capped) in scored {
            merge.add(&scores, row, capped);
        }
    }
}

fn index_of<D: AsDoc>(docs: &[D]) -> Index {
    let mut merge = Merge::default();
    add_all(&mut merge, docs);
    merge.finish().0
}

impl Source<'_> {
    /// Is this the same document as `other`, in another edition? Only pages are compared
    /// (they are nearly all the text); everything `page_doc` reads must be equal.
    fn same_as(&self, other: &Source<'_>) -> bool {
        match (self, other) {
            (Source::Page(a), Source::Page(b)) => {
                a.href == b.href
                    && a.title == b.title
                    && a.summary == b.summary
                    && a.headings.len() == b.headings.len()
                    && a.headings
                        .iter()
                        .zip(&b.headings)
                        .all(|(x, y)| x.text == y.text)
                    && a.html == b.html
            }
            _ => false,
        }
    }
}

/// The search index of every edition at once (`editions[e]` is the documents of edition
/// `e`). A page that reads exactly the same in a later edition as in the first is
/// tokenised and scored once, for both: the editions are walked together, a chunk of the
/// first edition's documents at a time.
fn indexes(editions: &[Vec<Source<'_>>]) -> Vec<(Index, Vec<Capped>)> {
    let Some((first, later)) = editions.split_first() else {
        return Vec::new();
    };
    let by_href: HashMap<&str, usize> = first
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match d {
            Source::Page(p) => Some((p.href.as_str(), i)),
            _ => None,
        })
        .collect();
    // For each later document, the first edition's document it is identical to.
    let same: Vec<Vec<Option<usize>>> = later
        .iter()
        .map(|docs| {
            docs.par_iter()
                .map(|d| match d {
                    Source::Page(p) => by_href
                        .get(p.href.as_str())
                        .copied()
                        .filter(|i| d.same_as(&first[*i])),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut merges: Vec<Merge> = editions.iter().map(|_| Merge::default()).collect();
    let (head, tail) = merges.split_at_mut(1);
    let mut next = vec![0; later.len()];
    // While one chunk is merged (every edition's merge at once), the next is scored.
    let chunks = first.len().div_ceil(CHUNK);
    let mut scored: Option<(usize, Vec<Scored>)> = None;
    for c in 0..=chunks {
        let (following, ()) = rayon::join(
            || {
                let chunk = first.get(c * CHUNK..)?;
                let chunk = &chunk[..chunk.len().min(CHUNK)];
                Some((
                    c * CHUNK,
                    chunk.par_iter().map(score).collect::<Vec<Scored>>(),
                ))
            },
            || {
                let Some((lo, scored)) = scored.take() else {
                    return;
                };
                let hi = lo + scored.len();
                rayon::join(
                    || {
                        for (scores, row, capped) in &scored {
                            head[0].add(scores, row.clone(), *capped);
                        }
                    },
                    || {
                        tail.par_iter_mut()
                            .zip(next.par_iter_mut())
                            .zip(later.par_iter().zip(&same))
                            .for_each(|((merge, at), (docs, same))| {
                                merge_shared(merge, at, docs, same, lo..hi, &scored);
                            })
                    },
                );
            },
        );
        scored = following.filter(|(_, s)| !s.is_empty());
    }
    for ((docs, merge), at) in later.iter().zip(tail.iter_mut()).zip(next) {
        add_all(merge, &docs[at..]);
    }
    merges.into_iter().map(Merge::finish).collect()
}

/// Adds to a later edition's `merge` its documents from `at` up to the last that is the
/// same as one of the first edition's documents `chunk` (scored in `scored`): those take
/// their scores from there, the others are scored here.
fn merge_shared(
    merge: &mut Merge,
    at: &mut usize,
    docs: &[Source<'_>],
    same: &[Option<usize>],
    chunk: std::ops::Range<usize>,
    scored: &[Scored],
) {
    let shared = |j: usize| same[j].filter(|i| chunk.contains(i));
    let Some(end) = (*at..docs.len())
        .rev()
        .find(|j| shared(*j).is_some())
        .map(|j| j + 1)
    else {
        return;
    };
    let own: Vec<usize> = (*at..end).filter(|j| shared(*j).is_none()).collect();
    let mut own_scored: Vec<Scored> = Vec::with_capacity(own.len());
    for part in own.chunks(CHUNK) {
        own_scored.par_extend(part.par_iter().map(|j| score(&docs[*j])));
    }
    let mut own_scored = own_scored.into_iter();
    for j in *at..end {
        match shared(j) {
            Some(i) => {
                let (scores, row, capped) = &scored[i - chunk.start];
                merge.add(scores, row.clone(), *capped);
            }
            None => {
                if let Some((scores, row, capped)) = own_scored.next() {
                    merge.add(&scores, row, capped);
                }
            }
        }
    }
    *at = end;
}

/// Writes the search index of each edition, `assets/search-index.js`, into its sink; see
/// [`indexes`] for what is shared between editions. Returns, for each edition, the
/// documents whose terms were capped.
pub fn write_indexes(
    editions: &[(&SiteView, &dyn crate::write::output::Output)],
) -> Vec<Vec<Capped>> {
    let docs: Vec<Vec<Source<'_>>> = editions.iter().map(|(v, _)| documents(v)).collect();
    let mut capped = Vec::with_capacity(editions.len());
    for ((index, c), (_, sink)) in indexes(&docs).into_iter().zip(editions) {
        let _ = sink.stream("assets/search-index.js", &mut |w| write_js(&index, w));
        capped.push(c);
    }
    capped
}

/// The documents of an edition whose terms [`write_indexes`] would cap, found without
/// building the index (for `check`). Only a document with at least [`MAX_TERMS_PER_DOC`]
/// bytes of text can have that many distinct terms (each takes at least one), so the
/// others are not even tokenised.
pub fn capped(view: &SiteView) -> Vec<Capped> {
    documents(view)
        .par_iter()
        .filter(|d| d.text_bytes() >= MAX_TERMS_PER_DOC)
        .filter_map(|d| {
            let d = d.doc();
            d.scores().1.then(|| Capped {
                title: d.title.clone(),
                href: d.href.clone(),
            })
        })
        .collect()
}

/// Serialises as a script. serde_json leaves U+2028 and U+2029 raw, which older JavaScript
/// engines reject inside string literals, so they are escaped here.
fn to_js(index: &Index) -> String {
    let json = serde_json::to_string(index).unwrap_or_else(|_| String::from("{\"docs\":[]}"));
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.IRBOOK_SEARCH = {json};\n")
}

/// The search index of an edition as a JavaScript file (works from file://, unlike fetch).
pub fn index_js(view: &SiteView) -> String {
    to_js(&index_of(&documents(view)))
}

/// [`index_js`] of several editions at once, as the build makes them.
pub fn index_js_all(views: &[&SiteView]) -> Vec<String> {
    let docs: Vec<Vec<Source<'_>>> = views.iter().map(|v| documents(v)).collect();
    indexes(&docs).iter().map(|(i, _)| to_js(i)).collect()
}

/// [`to_js`] into a writer: the same bytes.
fn write_js(index: &Index, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use crate::write::replace::Replace;
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

#[cfg(test)]
mod tests;
