//! The index: each document's terms scored, the cap on terms per document, and the
//! postings of every term, encoded, merged in document order.

use super::analysis::tokenise_into;
use super::doc::{Doc, FIELDS, Field};
use super::documents::{Source, documents};
use super::synonyms::Synonyms;
use crate::edition::view::SiteView;
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

/// Stored scores are the field weights times this, so that body text can count for a
/// fraction of [`W_BODY`](super::W_BODY).
pub(super) const SCORE_SCALE: u32 = 4;

/// Body text of this many terms counts at [`W_BODY`](super::W_BODY); longer bodies less
/// and shorter ones more (see [`body_norm`]).
const BODY_TERMS: f64 = 300.0;

/// How much a body's length matters: 0 not at all, 1 in full proportion.
const BODY_LENGTH_WEIGHT: f64 = 0.5;

/// The factor a body word's weight is multiplied by in a body of `terms` terms, as in
/// BM25: a word in a short contact note says more about it than the same word once in a
/// long procedure. 1 at [`BODY_TERMS`], towards 2 for very short bodies, 1/3 at five times
/// that length.
fn body_norm(terms: usize) -> f64 {
    1.0 / (1.0 - BODY_LENGTH_WEIGHT + BODY_LENGTH_WEIGHT * terms as f64 / BODY_TERMS)
}

impl Doc {
    /// Term -> score in this document, and whether terms were left out to keep to
    /// [`MAX_TERMS_PER_DOC`]. A term's score is the sum over the fields holding it of the
    /// field's weight times a damped count, body text weighed by [`body_norm`], all times
    /// [`SCORE_SCALE`]. The terms of a `synonyms` phrase the text holds count too, in the
    /// phrase's field.
    pub(super) fn scores(&self, synonyms: &Synonyms) -> (Scores, bool) {
        let mut counts: FnvMap<String, [u32; FIELDS]> =
            FnvMap::with_capacity_and_hasher(256, BuildHasherDefault::default());
        let mut capped = false;
        let mut count = |t: &str, slot: usize| {
            if let Some(c) = counts.get_mut(t) {
                c[slot] += 1;
            } else if counts.len() >= MAX_TERMS_PER_DOC {
                capped = true;
            } else {
                let mut c = [0; FIELDS];
                c[slot] = 1;
                counts.insert(t.to_owned(), c);
            }
        };
        let title = std::iter::once((Field::Title, &self.title));
        let mut body_terms = 0;
        for (field, text) in title.chain(self.parts.iter().map(|(f, t, _)| (*f, t))) {
            let slot = Field::ALL
                .iter()
                .position(|f| *f == field)
                .unwrap_or(FIELDS - 1);
            let mut matcher = synonyms.matcher();
            tokenise_into(text, false, &mut |t| {
                count(t, slot);
                matcher.term(t);
                body_terms += usize::from(field == Field::Body);
            });
            for t in matcher.terms() {
                count(t, slot);
            }
        }
        let norm = body_norm(body_terms);
        // Unsorted: each term occurs once per document, and the merge sorts by term.
        let mut scores = Scores::with_capacity(counts.len());
        for (t, c) in counts {
            let score: f64 = Field::ALL
                .iter()
                .zip(c)
                .filter(|(_, n)| *n > 0)
                .map(|(f, n)| {
                    let w = f64::from(f.weight() * (1 + n.ilog2()).min(MAX_REPEAT));
                    if *f == Field::Body { w * norm } else { w }
                })
                .sum();
            // At least 1: a word on the page always finds it.
            scores.push(&t, (score * f64::from(SCORE_SCALE)).round().max(1.0) as u32);
        }
        (scores, capped)
    }
}

/// A document's terms and their scores, packed: the terms in one string, each followed by
/// a space (a term has none), so that the scores `serve` keeps of every page cost a few
/// bytes a term rather than a string each.
#[derive(Debug, Default)]
pub(super) struct Scores {
    terms: String,
    scores: Vec<u32>,
}

impl Scores {
    fn with_capacity(n: usize) -> Scores {
        Scores {
            terms: String::with_capacity(n * 8),
            scores: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, term: &str, score: u32) {
        self.terms.push_str(term);
        self.terms.push(' ');
        self.scores.push(score);
    }

    /// How many terms.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.scores.len()
    }

    /// Each term with its score.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.terms
            .split_terminator(' ')
            .zip(self.scores.iter().copied())
    }
}

/// A document in the index: title, href, kind and the start of its text.
pub(super) type DocRow = (String, String, &'static str, String);

/// The index as serialised; see the module comment for the format.
#[derive(Serialize)]
pub(super) struct Index {
    pub(super) version: u32,
    pub(super) docs: Vec<DocRow>,
    pub(super) terms: BTreeMap<String, String>,
    /// Synonym term -> the terms it stands for, to mark in results.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) alias: BTreeMap<String, Vec<String>>,
}

/// Last digit of a number in the postings encoding (values 0-31).
pub(super) const LAST_DIGITS: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
/// Any other digit of a number in the postings encoding (values 0-31). Both sets need no
/// escaping in JSON.
pub(super) const MORE_DIGITS: &[u8; 32] = b"WXYZabcdefghijklmnopqrstuvwxyz-_";

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
pub(super) const CHUNK: usize = 256;

/// Something that is or gives a document.
pub(super) trait AsDoc: Sync {
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
pub(super) struct Merge {
    /// Term -> (last document, postings already encoded); sorted by term only at the end.
    /// Encoded as they come, postings take a byte or two a number instead of four.
    terms: FnvMap<String, (u32, String)>,
    docs: Vec<DocRow>,
    /// Documents whose terms were capped.
    capped: Vec<Capped>,
}

impl Merge {
    pub(super) fn add(&mut self, scores: &Scores, row: DocRow, capped: bool) {
        if capped {
            self.capped.push(Capped {
                title: row.0.clone(),
                href: row.1.clone(),
            });
        }
        let n = self.docs.len() as u32;
        for (t, score) in scores.iter() {
            match self.terms.get_mut(t) {
                Some((last, post)) => {
                    encode_into(n - *last, post);
                    encode_into(score, post);
                    *last = n;
                }
                None => {
                    let mut post = String::new();
                    encode_into(n, &mut post);
                    encode_into(score, &mut post);
                    self.terms.insert(t.to_owned(), (n, post));
                }
            }
        }
        self.docs.push(row);
    }

    pub(super) fn finish(self) -> (Index, Vec<Capped>) {
        let index = Index {
            version: 1,
            docs: self.docs,
            terms: self.terms.into_iter().map(|(t, (_, p))| (t, p)).collect(),
            alias: BTreeMap::new(),
        };
        (index, self.capped)
    }
}

/// A document's term scores, its row in the index and whether its terms were capped.
pub(super) type Scored = (Scores, DocRow, bool);

pub(super) fn score(d: &impl AsDoc, synonyms: &Synonyms) -> Scored {
    let d = d.doc();
    let row = (d.title.clone(), d.href.clone(), d.kind, d.excerpt());
    let (scores, capped) = d.scores(synonyms);
    (scores, row, capped)
}

/// Builds and scores documents in parallel, `CHUNK` at a time, adding them to `merge` in
/// order, so postings come out sorted and never depend on thread timing or hash order.
pub(super) fn add_all<D: AsDoc>(merge: &mut Merge, docs: &[D], synonyms: &Synonyms) {
    for chunk in docs.chunks(CHUNK) {
        let scored: Vec<Scored> = chunk.par_iter().map(|d| score(d, synonyms)).collect();
        for (scores, row, capped) in scored {
            merge.add(&scores, row, capped);
        }
    }
}

pub(super) fn index_of<D: AsDoc>(docs: &[D], synonyms: &Synonyms) -> Index {
    let mut merge = Merge::default();
    add_all(&mut merge, docs, synonyms);
    let mut index = merge.finish().0;
    index.alias = synonyms.alias(&index.terms);
    index
}

/// The documents of an edition whose terms [`write_indexes`](super::write_indexes) would cap, found without
/// building the index (for `check`). Only a document with at least [`MAX_TERMS_PER_DOC`]
/// bytes of text can have that many distinct terms (each takes at least one, and a
/// synonym's phrase adds at most its words' terms), so the others are not even tokenised.
pub fn capped(view: &SiteView) -> Vec<Capped> {
    let synonyms = Synonyms::new(&view.synonyms);
    let most = 1 + synonyms.most_added();
    documents(view)
        .par_iter()
        .filter(|d| d.text_bytes() * most >= MAX_TERMS_PER_DOC)
        .filter_map(|d| {
            let d = d.doc();
            d.scores(&synonyms).1.then(|| Capped {
                title: d.title.clone(),
                href: d.href.clone(),
            })
        })
        .collect()
}
