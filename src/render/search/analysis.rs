//! Analysis: text to index terms. Lowercasing, accent folding, splitting into words,
//! stop words and stemming, done exactly as `tokenise` in search.js does them (the
//! rules are in the module comment of [`super`]).

use std::sync::OnceLock;

/// Longer words are not indexed (encoded data, not words); long enough for a SHA-256.
pub const MAX_TERM_CHARS: usize = 64;

/// Accent folding, identical in search.js: each letter on the left becomes the text on
/// the right. Applied after lowercasing. `ς` folds to `σ` so the final sigma that
/// lowercasing produces matches a query typed with either.
pub const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņň", "n"),
    ("òóôõöøōŏő", "o"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ţťŧț", "t"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
    ("þ", "th"),
    ("ς", "σ"),
];

/// Words too common to help find anything, identical in search.js; a query of only
/// these finds nothing. Besides the usual function words, the first-person and filler
/// words of a hurried query ("I lost my laptop, please help") and the pieces contractions
/// leave (didn't: `didn`, `t`; typed without the apostrophe: `didnt`). `it` is kept: it
/// also means IT; so is `us`.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "aren", "as", "at",
    "be", "been", "before", "but", "by", "can", "cant", "couldn", "did", "didn", "didnt", "do",
    "does", "doesn", "doesnt", "don", "done", "dont", "during", "each", "every", "for", "from",
    "get", "got", "had", "has", "hasn", "have", "haven", "he", "hello", "her", "here", "hi", "his",
    "how", "if", "im", "in", "into", "is", "isn", "isnt", "its", "ive", "just", "ll", "may", "me",
    "mine", "must", "my", "myself", "no", "not", "now", "of", "on", "or", "our", "please",
    "really", "she", "should", "shouldn", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "ve", "very", "was", "wasn",
    "wasnt", "we", "were", "weren", "what", "when", "where", "which", "while", "who", "why",
    "will", "with", "won", "wont", "would", "wouldn", "you", "your",
];

/// Is `c` (already lowercased and folded) part of a word? ASCII letters and digits, and
/// every character from U+00C0 up except punctuation and symbol blocks. Written as
/// explicit ranges, not Unicode properties, so search.js can match it exactly.
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    !(u < 0xC0
        || u == 0xD7
        || u == 0xF7
        || (0x2000..=0x2BFF).contains(&u)
        || (0x3000..=0x303F).contains(&u)
        || (0xD800..=0xDFFF).contains(&u)
        || (0xE000..=0xF8FF).contains(&u)
        || (0xFE10..=0xFE6F).contains(&u)
        || (0xFF00..=0xFF0F).contains(&u)
        || (0xFF1A..=0xFF20).contains(&u)
        || (0xFF3B..=0xFF40).contains(&u)
        || (0xFF5B..=0xFF65).contains(&u)
        || (0xFFF0..=0xFFFF).contains(&u)
        || (0x1F000..=0x1FAFF).contains(&u))
}

/// Appends `c`, folded, to `out`.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    if ('\u{300}'..='\u{36F}').contains(&c) {
        return;
    }
    // Every letter in FOLDS is in Latin-1, Latin Extended-A or -B, or is `ς`: skip the
    // table search for the rest (punctuation, other scripts).
    let folds = ('\u{C0}'..='\u{24F}').contains(&c) || c == 'ς';
    match FOLDS.iter().find(|(from, _)| folds && from.contains(c)) {
        Some((_, to)) => out.push_str(to),
        None => out.push(c),
    }
}

/// British spellings and their American counterparts that no rule of [`stem`] folds, as
/// stems: each on the left becomes the one on the right. Identical in search.js.
pub const SPELLINGS: &[(&str, &str)] = &[
    ("chequ", "check"),
    ("enquir", "inquir"),
    ("enquiry", "inquiry"),
    ("grey", "gray"),
    ("learnt", "learn"),
    ("mould", "mold"),
    ("practis", "practic"),
    ("sceptic", "skeptic"),
];

/// Light, predictable suffix stripping, identical in search.js. Each step applies only
/// when at least three letters remain:
/// 1. plural: `-ies` -> `-y`, else `-s` -> `` (not after `s`, `u` or `i`: process, virus, analysis);
/// 2. one of: `-ied` -> `-y`; `-ing` or `-ed` -> `` and a doubled final consonant other
///    than l, s, z undoubled (stopped -> stop); `-tion`/`-sion` -> `-t`/`-s`;
/// 3. a final `-e` -> ``;
/// 4. British and American spellings folded into one (`fold_spelling`).
///
/// So encrypt, encrypts, encrypted, encrypting and encryption all become `encrypt`, and
/// file, files and filed become `fil`. Words of three letters or fewer are kept as they are.
pub fn stem(word: &str) -> String {
    stem_counted(word, word.chars().count())
}

/// [`stem`] of a word of `n` characters. Every suffix is ASCII, so cutting one removes as
/// many bytes as characters.
fn stem_counted(word: &str, n: usize) -> String {
    let mut w = String::new();
    stem_into(word, n, &mut w);
    w
}

/// [`stem_counted`] into `w` (cleared first), so a caller can reuse one buffer.
fn stem_into(word: &str, mut n: usize, w: &mut String) {
    w.clear();
    w.push_str(word);
    if n <= 3 {
        return;
    }
    if w.ends_with("ies") && n >= 5 {
        cut(w, &mut n, "ies", "y");
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        cut(w, &mut n, "s", "");
    }
    if w.ends_with("ied") && n >= 5 {
        cut(w, &mut n, "ied", "y");
    } else if w.ends_with("ing") && n >= 6 {
        cut(w, &mut n, "ing", "");
        undouble(w, &mut n);
    } else if w.ends_with("ed") && n >= 5 {
        cut(w, &mut n, "ed", "");
        undouble(w, &mut n);
    } else if (w.ends_with("tion") || w.ends_with("sion")) && n >= 6 {
        cut(w, &mut n, "ion", "");
    }
    if w.ends_with('e') && n >= 4 {
        cut(w, &mut n, "e", "");
    }
    fold_spelling(w, &mut n);
}

/// Folds the British and American spellings of a stem into one, so that either finds
/// the other. Each rule needs the stem to have at least the length given:
/// - `-iz`, `-yz` (5), `-izat`, `-yzat` (6) -> `-is`, `-ys`, `-isat`, `-ysat`: organize,
///   analyze, organization;
/// - `-enc` (5) -> `-ens`: licence, defence, offence;
/// - `-our` (6) -> `-or`: colour, behaviour (not hour, four, tour);
/// - a consonant (b, c, d, g, t, v) then `r` (4) -> that consonant, `e`, `r`: the `-re`
///   words once their `e` is gone (centr, metr, fibr: centre, metre, fibre);
/// - `-ogu` (6) -> `-og`: catalogue, dialogue;
/// - `-ll` (5) -> `-l`: travelled, cancelled, enrol (not fill, call);
/// - `-mm` (6) -> `-m`: programme;
/// - `-dgement` (8) -> `-dgment`: judgement, acknowledgement;
/// - then the whole stem, by [`SPELLINGS`].
fn fold_spelling(w: &mut String, n: &mut usize) {
    let b = w.as_bytes();
    let len = b.len();
    if (w.ends_with("izat") || w.ends_with("yzat")) && *n >= 6 {
        w.replace_range(len - 3..len - 2, "s");
    } else if (w.ends_with("iz") || w.ends_with("yz") || w.ends_with("enc")) && *n >= 5 {
        w.replace_range(len - 1.., "s");
    } else if w.ends_with("our") && *n >= 6 {
        cut(w, n, "our", "or");
    } else if let [.., c, b'r'] = b
        && *n >= 4
        && b"bcdgtv".contains(c)
    {
        w.insert(len - 1, 'e');
        *n += 1;
    } else if w.ends_with("ogu") && *n >= 6 {
        cut(w, n, "u", "");
    } else if (w.ends_with("ll") && *n >= 5) || (w.ends_with("mm") && *n >= 6) {
        w.pop();
        *n -= 1;
    } else if w.ends_with("dgement") && *n >= 8 {
        cut(w, n, "ement", "ment");
    }
    if let Some((_, to)) = SPELLINGS.iter().find(|(from, _)| w == from) {
        *n = to.len();
        w.clear();
        w.push_str(to);
    }
}

/// Replaces the ASCII suffix `from` of `w` (`n` characters) with `to`.
fn cut(w: &mut String, n: &mut usize, from: &str, to: &str) {
    w.truncate(w.len() - from.len());
    w.push_str(to);
    *n = *n - from.len() + to.len();
}

/// Undoubles a doubled final consonant other than l, s, z that a suffix left behind.
fn undouble(w: &mut String, n: &mut usize) {
    if let [.., a, b] = w.as_bytes()
        && *n >= 4
        && a == b
        && b.is_ascii_lowercase()
        && !b"aeioulsz".contains(b)
    {
        w.pop();
        *n -= 1;
    }
}

/// Packs a word of at most eight bytes into a number, so stop words are found without
/// comparing strings (that was a sixth of the index build time).
fn packed(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    (b.len() <= 8).then(|| b.iter().fold(0, |acc, x| acc << 8 | u64::from(*x)))
}

fn is_stop_word(word: &str) -> bool {
    static PACKED: OnceLock<Vec<u64>> = OnceLock::new();
    let stop = PACKED.get_or_init(|| {
        let mut v: Vec<u64> = STOP_WORDS.iter().filter_map(|w| packed(w)).collect();
        v.sort_unstable();
        v
    });
    packed(word).is_some_and(|p| stop.binary_search(&p).is_ok())
}

/// A word (lowercased and folded) as an index term, written into `buf`; false when it is
/// not indexed.
fn term_into(word: &str, buf: &mut String) -> bool {
    let n = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if !(2..=MAX_TERM_CHARS).contains(&n) || is_stop_word(word) {
        return false;
    }
    stem_into(word, n, buf);
    true
}

/// Splits text into terms, reusing its buffers from word to word; each term goes to `out`.
struct Tokeniser<'f> {
    query: bool,
    out: &'f mut dyn FnMut(&str),
    /// The term being emitted.
    term: String,
    word: String,
    /// The words of the current chain of words joined by hyphens, run together.
    joined: String,
    /// How many words the chain has.
    parts: usize,
    /// In a query, the chain's words, held back until it is known whether it is a chain.
    held: Vec<String>,
}

impl Tokeniser<'_> {
    fn emit(term: &mut String, out: &mut dyn FnMut(&str), word: &str) {
        if term_into(word, term) {
            out(term);
        }
    }

    fn push(&mut self, f: char) {
        if is_word_char(f) {
            self.word.push(f);
        } else if self.word.is_empty() {
            self.end_chain();
        } else {
            if self.query {
                self.held.push(self.word.clone());
            } else {
                Self::emit(&mut self.term, self.out, &self.word);
            }
            self.joined.push_str(&self.word);
            self.parts += 1;
            self.word.clear();
            if f != '-' {
                self.end_chain();
            }
        }
    }

    fn end_chain(&mut self) {
        if self.query && self.parts < 2 {
            for w in &self.held {
                Self::emit(&mut self.term, self.out, w);
            }
        }
        self.held.clear();
        if self.parts >= 2 {
            Self::emit(&mut self.term, self.out, &self.joined);
        }
        self.joined.clear();
        self.parts = 0;
    }
}

/// Splits text into terms, each given to `out`. Words joined by hyphens (e-mail, wi-fi)
/// also give their joined form (email, wifi); in a query (`query`) they give only the
/// joined form, so a search for "e-mail" or "email" finds pages that write either.
pub(super) fn tokenise_into(text: &str, query: bool, out: &mut dyn FnMut(&str)) {
    let mut t = Tokeniser {
        query,
        out,
        term: String::new(),
        word: String::new(),
        joined: String::new(),
        parts: 0,
        held: Vec::new(),
    };
    let mut folded = String::new();
    // Lowercase the whole text, not char by char, for context rules (final sigma) as in JS.
    let lower;
    let text = if text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        lower = text.to_lowercase();
        lower.as_str()
    } else {
        text
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits, pushed at once: all word characters.
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            t.word.push_str(&text[start..i]);
        } else if b.is_ascii() {
            t.push(char::from(b));
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            folded.clear();
            push_folded(c, &mut folded);
            for f in folded.chars() {
                t.push(f);
            }
        }
    }
    // A full stop ends the last word and chain like any separator.
    t.push('.');
}

/// [`tokenise_into`], collected.
fn tokenise(text: &str, query: bool) -> Vec<String> {
    let mut out = Vec::new();
    tokenise_into(text, query, &mut |t| out.push(t.to_owned()));
    out
}

/// The index terms of `text`, in order, repeats kept. See the module comment.
pub fn terms(text: &str) -> Vec<String> {
    tokenise(text, false)
}

/// The terms of a search query, as search.js makes them.
pub fn query_terms(text: &str) -> Vec<String> {
    tokenise(text, true)
}
