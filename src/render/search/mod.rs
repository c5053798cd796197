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
mod plain;

pub use analysis::{FOLDS, MAX_TERM_CHARS, STOP_WORDS, is_word_char, query_terms, stem, terms};
pub use plain::plain_text;

use crate::edition::view::{ChannelView, PageView, PlaybookView, Ref, SiteView};
use analysis::tokenise_into;
use plain::collapse;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Weight of a word in a title: a title hit outranks any amount of body text.
pub const W_TITLE: u32 = 12;
/// Weight of a word in a playbook's indicators, so symptoms find their playbook.
pub const W_INDICATOR: u32 = 6;
/// Weight of a word in a heading, section title, field label or level name.
pub const W_HEADING: u32 = 4;
/// Weight of a word in a page's or playbook's summary.
pub const W_SUMMARY: u32 = 2;
/// Weight of a word in body text.
pub const W_BODY: u32 = 1;
/// Most a repeated word counts within one field (1 + log2 of its count, capped), so a
/// long body that repeats a word many times still ranks below a title.
const MAX_REPEAT: u32 = 4;

/// Characters of each document's plain text kept for snippets; the index covers all of it.
/// Enough for a snippet around an early match, while the excerpts of 10,000 pages stay
/// near 7 MB (most of the index file at that size).
pub const EXCERPT_CHARS: usize = 600;

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

/// Where a piece of a document's text counts, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Indicator,
    Heading,
    Summary,
    Body,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Title,
        Field::Indicator,
        Field::Heading,
        Field::Summary,
        Field::Body,
    ];

    fn weight(self) -> u32 {
        match self {
            Field::Title => W_TITLE,
            Field::Indicator => W_INDICATOR,
            Field::Heading => W_HEADING,
            Field::Summary => W_SUMMARY,
            Field::Body => W_BODY,
        }
    }
}

/// A searchable document: one page or one entry of the contact directory.
#[derive(Debug, Clone, Default)]
struct Doc {
    title: String,
    href: String,
    kind: &'static str,
    /// Text pieces, each with its field and whether it goes into the snippet text
    /// (headings do not: they are already part of the body).
    parts: Vec<(Field, String, bool)>,
}

impl Doc {
    fn new(title: &str, href: &str, kind: &'static str) -> Doc {
        Doc {
            title: collapse(title),
            href: href.to_owned(),
            kind,
            parts: Vec::new(),
        }
    }

    /// Adds plain text to a field, shown in snippets.
    fn text(&mut self, field: Field, text: &str) -> &mut Doc {
        let t = collapse(text);
        if !t.is_empty() {
            self.parts.push((field, t, true));
        }
        self
    }

    /// Adds plain text to a field that is indexed but not shown in snippets.
    fn hidden(&mut self, field: Field, text: &str) -> &mut Doc {
        let t = collapse(text);
        if !t.is_empty() {
            self.parts.push((field, t, false));
        }
        self
    }

    /// Adds the plain text of rendered HTML to a field, shown in snippets.
    fn html(&mut self, field: Field, html: &str) -> &mut Doc {
        let t = plain_text(html);
        if !t.is_empty() {
            self.parts.push((field, t, true));
        }
        self
    }

    fn excerpt(&self) -> String {
        let mut full = String::new();
        for (_, t, shown) in &self.parts {
            if !shown {
                continue;
            }
            // Pieces run on in the snippet: end each like a sentence so they read apart.
            if !full.is_empty() {
                if !full.ends_with(['.', '!', '?', ':', ';', '…']) {
                    full.push('.');
                }
                full.push(' ');
            }
            full.push_str(t);
            // Bytes are at least characters: once past the limit in bytes, count them.
            if full.len() > EXCERPT_CHARS && full.chars().count() > EXCERPT_CHARS {
                break;
            }
        }
        excerpt(&full, EXCERPT_CHARS)
    }

    /// Term -> score in this document, and whether terms were left out to keep to
    /// [`MAX_TERMS_PER_DOC`].
    fn scores(&self) -> (Vec<(String, u32)>, bool) {
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

/// The first `max` characters of `s`, cut at a space where one is near, with an ellipsis.
fn excerpt(s: &str, max: usize) -> String {
    let Some((cut, _)) = s.char_indices().nth(max) else {
        return s.to_owned();
    };
    let head = &s[..cut];
    let head = match head.rfind(' ') {
        Some(sp) if sp * 5 > cut * 4 => &head[..sp],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

fn names(refs: &[Ref]) -> String {
    refs.iter()
        .filter_map(|r| r.name.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

fn channels(cs: &[ChannelView]) -> String {
    cs.iter()
        .map(|c| match &c.label {
            Some(l) => format!("{} ({l}): {}", c.kind_label, c.value),
            None => format!("{}: {}", c.kind_label, c.value),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A document to index: built already, or a page or playbook whose document is built
/// when its turn comes, so the documents of a large scheme are never all held at once.
enum Source<'a> {
    Ready(Doc),
    Page(&'a PageView),
    Playbook(&'a PlaybookView),
}

impl Source<'_> {
    fn doc(&self) -> Cow<'_, Doc> {
        match self {
            Source::Ready(d) => Cow::Borrowed(d),
            Source::Page(p) => Cow::Owned(page_doc(p)),
            Source::Playbook(pb) => Cow::Owned(playbook_doc(pb)),
        }
    }
}

impl Source<'_> {
    /// At least the bytes of text its document will hold: for a page, an upper bound
    /// read off its HTML without stripping it (plain text is never longer than the HTML
    /// it comes from); for anything else, the document's own.
    fn text_bytes(&self) -> usize {
        match self {
            Source::Page(p) => {
                p.title.len()
                    + p.summary.as_ref().map_or(0, String::len)
                    + p.headings.iter().map(|h| h.text.len()).sum::<usize>()
                    + p.html.len()
            }
            other => {
                let d = other.doc();
                d.title.len() + d.parts.iter().map(|(_, t, _)| t.len()).sum::<usize>()
            }
        }
    }
}

impl<'a> From<Doc> for Source<'a> {
    fn from(d: Doc) -> Source<'a> {
        Source::Ready(d)
    }
}

fn page_doc(p: &PageView) -> Doc {
    let mut d = Doc::new(&p.title, &p.href, "Procedure");
    if let Some(s) = &p.summary {
        d.text(Field::Summary, s);
    }
    for h in &p.headings {
        d.hidden(Field::Heading, &h.text);
    }
    d.html(Field::Body, &p.html);
    d
}

fn playbook_doc(pb: &PlaybookView) -> Doc {
    let mut d = Doc::new(&pb.title, &pb.href, "Playbook");
    d.html(Field::Summary, &pb.summary_html);
    if !pb.indicators.is_empty() {
        d.text(
            Field::Indicator,
            &format!("Signs: {}.", pb.indicators.join("; ")),
        );
    }
    d.hidden(Field::Heading, &pb.category.name);
    for ph in &pb.phases {
        for st in &ph.steps {
            d.html(Field::Body, &st.action_html);
            if let Some(h) = &st.evidence_html {
                d.html(Field::Body, h);
            }
            for dec in &st.decisions {
                d.text(Field::Body, &dec.question);
                for c in &dec.choices {
                    d.text(Field::Body, &c.option);
                    d.html(Field::Body, &c.when_html);
                }
            }
            for e in &st.escalate {
                d.text(Field::Body, &e.when);
            }
        }
    }
    d
}

/// Every searchable document of the view, in a fixed order.
fn documents(view: &SiteView) -> Vec<Source<'_>> {
    let mut docs: Vec<Source<'_>> = Vec::new();

    let p = &view.policy;
    let mut d = Doc::new(&p.title, "policy.html", "Policy");
    for h in &p.headings {
        d.hidden(Field::Heading, &h.text);
    }
    d.html(Field::Body, &p.html);
    docs.push(d.into());

    // Pages and playbooks hold most of the text of a large scheme: their documents are
    // built only when they are indexed, a few at a time (see `index_of`).
    docs.extend(view.pages.iter().map(Source::Page));

    let sv = &view.severity;
    let mut d = Doc::new("Severity scale", "severity.html", "Severity");
    if let Some(h) = &sv.intro_html {
        d.html(Field::Body, h);
    }
    for l in &sv.levels {
        d.hidden(Field::Heading, &l.name);
        d.text(Field::Body, &format!("{}: {}", l.name, l.summary));
        for c in &l.criteria {
            d.text(Field::Body, &format!("{}: {}", c.category, c.text));
        }
        if let Some(t) = &l.response_target {
            d.text(Field::Body, &format!("Response target: {t}."));
        }
        d.text(Field::Body, &names(&l.notify));
        d.text(Field::Body, &names(&l.notify_parties));
        if let Some(h) = &l.escalation_html {
            d.html(Field::Body, h);
        }
    }
    docs.push(d.into());

    // The directory page, then one document per entry so a name leads to its card.
    let r = &view.reporting;
    let mut d = Doc::new("Contact directory", "contacts.html", "Contacts");
    if let Some(n) = &r.point_of_contact.name {
        d.text(Field::Body, &format!("Report to: {n} ({}).", r.hours));
    }
    d.text(Field::Body, &channels(&r.channels));
    d.text(Field::Body, &channels(&r.out_of_band));
    d.hidden(
        Field::Heading,
        &view
            .roles
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    docs.push(d.into());
    for r in &view.roles {
        let mut d = Doc::new(&r.name, &format!("contacts.html#{}", r.anchor), "Contacts");
        if let Some(h) = &r.duties_html {
            d.html(Field::Body, h);
        }
        d.text(Field::Body, &names(&r.holders));
        d.text(Field::Body, &channels(&r.channels));
        docs.push(d.into());
    }
    for p in &view.people {
        let mut d = Doc::new(&p.name, &format!("contacts.html#{}", p.anchor), "Contacts");
        if let Some(t) = &p.title {
            d.text(Field::Heading, t);
        }
        d.text(Field::Heading, &names(&p.roles));
        let backups = names(&p.backups);
        if !backups.is_empty() {
            d.text(Field::Body, &format!("Backup: {backups}."));
        }
        d.text(Field::Body, &channels(&p.channels));
        docs.push(d.into());
    }
    for p in &view.parties {
        let mut d = Doc::new(&p.name, &format!("contacts.html#{}", p.anchor), "Contacts");
        d.text(Field::Heading, p.kind);
        if let Some(h) = &p.when_html {
            d.html(Field::Body, h);
        }
        if let Some(r) = &p.reference {
            d.text(Field::Body, r);
        }
        d.text(Field::Body, &names(&p.for_playbooks));
        d.text(Field::Body, &channels(&p.channels));
        docs.push(d.into());
    }

    docs.extend(view.playbooks.iter().map(Source::Playbook));

    for f in &view.forms {
        let mut d = Doc::new(&f.title, &f.href, "Form");
        if let Some(h) = &f.intro_html {
            d.html(Field::Body, h);
        }
        for s in &f.sections {
            d.hidden(Field::Heading, &s.title);
            if let Some(h) = &s.help_html {
                d.html(Field::Body, h);
            }
            for fl in &s.fields {
                d.text(Field::Heading, &fl.label);
                if let Some(h) = &fl.help_html {
                    d.html(Field::Body, h);
                }
                d.text(Field::Body, &fl.choices.join(", "));
            }
        }
        docs.push(d.into());
    }

    // Onboarding pages are searchable; quizzes are not, as their snippets would give answers away.
    for p in &view.awareness {
        let mut d = Doc::new(&p.title, &p.href, "New starter");
        if let Some(s) = &p.summary {
            d.text(Field::Summary, s);
        }
        d.html(Field::Body, &p.html);
        docs.push(d.into());
    }

    let mut d = Doc::new("Call tree", "call-tree.html", "Contacts");
    for l in &view.call_tree {
        d.hidden(Field::Heading, &l.name);
        let mut who: Vec<String> = Vec::new();
        for s in &l.steps {
            who.extend(s.role.name.clone());
            who.extend(s.people.iter().filter_map(|p| p.person.name.clone()));
        }
        who.extend(l.parties.iter().filter_map(|p| p.name.clone()));
        d.text(Field::Body, &format!("{}: {}.", l.name, who.join(", ")));
    }
    docs.push(d.into());
    docs
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
