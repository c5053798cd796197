/* irbook offline search.
 *
 * Reads the index that assets/search-index.js put in window.IRBOOK_SEARCH (a script,
 * not fetched JSON, so search works from file:// too) and shows the results for the
 * ?q= of search.html. Plain ES2017, no modules, no libraries, nothing from the network.
 *
 * Index format (written by src/render/search/):
 *   docs:  [[title, href, kind, text], ...]   href relative to the edition root
 *   terms: { term: postings }
 * postings is a string of numbers `gap score gap score ...` in base 32: every digit but a
 * number's last is one of MORE_DIGITS, the last one of LAST_DIGITS. A document number is
 * the gap from the previous one (the first is itself).
 *
 * Ranking: a document's score is the sum, over the query's terms, of its stored score for
 * the term (title > indicators > headings > summary > body) times ln(1 + N / df), so rare
 * words count for more. Documents must contain every term; when none does, any term will
 * do. A query word that is not in the index at all matches the index terms it begins
 * (at least 3 letters, at most 50 terms, half weight), so "ransomw" still finds Ransomware.
 */
(function () {
  'use strict';

  var own = Object.prototype.hasOwnProperty;
  var MAX_RESULTS = 50;
  var SNIPPET_CHARS = 220;
  var PREFIX_MIN = 3;
  var PREFIX_TERMS = 50;

  /* ---- Tokeniser: KEEP IDENTICAL to src/render/search/analysis.rs (tests/search_js.rs). ---- */

  var MAX_TERM_CHARS = 64;

  // Accent folding, applied after lowercasing (same table as FOLDS in analysis.rs).
  var FOLDS = [
    ['àáâãäåāăą', 'a'], ['çćĉċč', 'c'], ['ďđð', 'd'], ['èéêëēĕėęě', 'e'], ['ĝğġģ', 'g'],
    ['ĥħ', 'h'], ['ìíîïĩīĭįı', 'i'], ['ĵ', 'j'], ['ķ', 'k'], ['ĺļľŀł', 'l'], ['ñńņň', 'n'],
    ['òóôõöøōŏő', 'o'], ['ŕŗř', 'r'], ['śŝşšș', 's'], ['ţťŧț', 't'], ['ùúûüũūŭůűų', 'u'],
    ['ŵ', 'w'], ['ýÿŷ', 'y'], ['źżž', 'z'], ['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'],
    ['þ', 'th'], ['ς', 'σ']
  ];
  var FOLD = Object.create(null);
  FOLDS.forEach(function (pair) {
    Array.from(pair[0]).forEach(function (c) { FOLD[c] = pair[1]; });
  });

  // Same list as STOP_WORDS in analysis.rs.
  var STOP = Object.create(null);
  ('a about also am an and any are aren as at be been but by can cant couldn did didn didnt ' +
   'do does doesn doesnt don done dont for from get got had has hasn have haven he hello her ' +
   'here hi his how if im in into is isn isnt its ive just ll may me mine must my myself no ' +
   'not now of on or our please really she should shouldn so some such than that the their ' +
   'them then there these they this those to ve very was wasn wasnt we were weren what when ' +
   'where which who why will with won wont would wouldn you your')
    .split(' ').forEach(function (w) { STOP[w] = true; });

  // Same ranges as is_word_char in analysis.rs (explicit ranges, not Unicode properties).
  function isWordChar(c) {
    var u = c.codePointAt(0);
    if (u < 0x80) {
      return (u >= 48 && u <= 57) || (u >= 97 && u <= 122) || (u >= 65 && u <= 90);
    }
    return !(u < 0xC0 || u === 0xD7 || u === 0xF7 ||
      (u >= 0x2000 && u <= 0x2BFF) || (u >= 0x3000 && u <= 0x303F) ||
      (u >= 0xD800 && u <= 0xDFFF) || (u >= 0xE000 && u <= 0xF8FF) ||
      (u >= 0xFE10 && u <= 0xFE6F) || (u >= 0xFF00 && u <= 0xFF0F) ||
      (u >= 0xFF1A && u <= 0xFF20) || (u >= 0xFF3B && u <= 0xFF40) ||
      (u >= 0xFF5B && u <= 0xFF65) || (u >= 0xFFF0 && u <= 0xFFFF) ||
      (u >= 0x1F000 && u <= 0x1FAFF));
  }

  // One (lowercased) character folded: combining marks U+0300-U+036F vanish.
  function fold(c) {
    var u = c.codePointAt(0);
    if (u < 0x80) return c;
    if (u >= 0x300 && u <= 0x36F) return '';
    return FOLD[c] !== undefined ? FOLD[c] : c;
  }

  function ends(w, suffix) {
    if (w.length < suffix.length) return false;
    for (var i = 0; i < suffix.length; i++) {
      if (w[w.length - suffix.length + i] !== suffix[i]) return false;
    }
    return true;
  }

  function undouble(w) {
    var n = w.length;
    if (n >= 4 && w[n - 1] === w[n - 2] && /^[a-z]$/.test(w[n - 1]) &&
        'aeioulsz'.indexOf(w[n - 1]) < 0) {
      w.pop();
    }
  }

  // Same rules as `stem` in analysis.rs; w is an array of characters (code points).
  function stem(word) {
    var w = Array.from(word);
    if (w.length <= 3) return word;
    if (ends(w, 'ies') && w.length >= 5) {
      w.length -= 3; w.push('y');
    } else if (ends(w, 's') && !ends(w, 'ss') && !ends(w, 'us') && !ends(w, 'is')) {
      w.pop();
    }
    if (ends(w, 'ied') && w.length >= 5) {
      w.length -= 3; w.push('y');
    } else if (ends(w, 'ing') && w.length >= 6) {
      w.length -= 3; undouble(w);
    } else if (ends(w, 'ed') && w.length >= 5) {
      w.length -= 2; undouble(w);
    } else if ((ends(w, 'tion') || ends(w, 'sion')) && w.length >= 6) {
      w.length -= 3;
    }
    if (ends(w, 'e') && w.length >= 4) w.pop();
    return foldSpelling(w);
  }

  // Same table as SPELLINGS in analysis.rs.
  var SPELLINGS = {
    chequ: 'check', enquir: 'inquir', enquiry: 'inquiry', grey: 'gray', learnt: 'learn',
    mould: 'mold', practis: 'practic', sceptic: 'skeptic'
  };

  // Same rules as fold_spelling in analysis.rs: British and American spellings of a stem
  // (an array of characters) folded into one; returns the stem as a string.
  function foldSpelling(w) {
    var n = w.length;
    var last = w[n - 1];
    if ((ends(w, 'izat') || ends(w, 'yzat')) && n >= 6) {
      w[n - 3] = 's';
    } else if ((ends(w, 'iz') || ends(w, 'yz') || ends(w, 'enc')) && n >= 5) {
      w[n - 1] = 's';
    } else if (ends(w, 'our') && n >= 6) {
      w.length -= 3; w.push('o', 'r');
    } else if (last === 'r' && n >= 4 && 'bcdgtv'.indexOf(w[n - 2]) >= 0) {
      w.splice(n - 1, 0, 'e');
    } else if (ends(w, 'ogu') && n >= 6) {
      w.pop();
    } else if ((ends(w, 'll') && n >= 5) || (ends(w, 'mm') && n >= 6)) {
      w.pop();
    } else if (ends(w, 'dgement') && n >= 8) {
      w.length -= 5; w.push('m', 'e', 'n', 't');
    }
    var s = w.join('');
    return own.call(SPELLINGS, s) ? SPELLINGS[s] : s;
  }

  // A word (lowercased, folded) as an index term, or null when it is not indexed.
  function termOf(word) {
    var n = Array.from(word).length;
    if (n < 2 || n > MAX_TERM_CHARS || STOP[word]) return null;
    return stem(word);
  }

  // The terms of text, in order (same as `tokenise` in analysis.rs). Words joined by
  // hyphens (e-mail) also give their joined form (email); in a query only that form.
  function tokenise(text, query) {
    var out = [];
    var word = '';
    var chain = [];
    var push = function (t) { if (t !== null) out.push(t); };
    var endChain = function () {
      if (chain.length < 2 || !query) chain.forEach(function (w) { push(termOf(w)); });
      if (chain.length >= 2) push(termOf(chain.join('')));
      chain = [];
    };
    for (var c of text.toLowerCase()) {
      for (var f of fold(c)) {
        if (isWordChar(f)) {
          word += f;
        } else if (!word) {
          endChain();
        } else {
          chain.push(word);
          word = '';
          if (f !== '-') endChain();
        }
      }
    }
    if (word) chain.push(word);
    endChain();
    return out;
  }

  /* ---- Searching ---- */

  var sortedTerms = null;

  // Same digits as LAST_DIGITS and MORE_DIGITS in search/index.rs: char code -> value, the
  // digits that continue a number marked by adding 32.
  var LAST_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  var MORE_DIGITS = 'WXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) {
    DIGIT[LAST_DIGITS.charCodeAt(d)] = d;
    DIGIT[MORE_DIGITS.charCodeAt(d)] = d + 32;
  }

  // Adds weight * stored score of one index term to into (doc number -> score).
  function postings(index, term, into, weight) {
    if (!own.call(index.terms, term)) return;
    var s = index.terms[term];
    var n = 0;
    var doc = 0;
    var gap = true;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var v = c < 128 ? DIGIT[c] : -1;
      if (v < 0) continue;
      if (v >= 32) {
        n = n * 32 + v - 32;
        continue;
      }
      n = n * 32 + v;
      if (gap) {
        doc += n;
      } else {
        into.set(doc, (into.get(doc) || 0) + n * weight);
      }
      gap = !gap;
      n = 0;
    }
  }

  // Index terms beginning with prefix, by binary search over the sorted term list.
  function withPrefix(index, prefix) {
    if (sortedTerms === null) sortedTerms = Object.keys(index.terms).sort();
    var lo = 0;
    var hi = sortedTerms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sortedTerms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    var out = [];
    for (var i = lo; i < sortedTerms.length && out.length < PREFIX_TERMS; i++) {
      if (sortedTerms[i].lastIndexOf(prefix, 0) !== 0) break;
      out.push(sortedTerms[i]);
    }
    return out;
  }

  // Ranks documents for query words; returns {hits: [[doc, score]], all: bool, matched: Set}.
  function search(index, words) {
    var n = index.docs.length;
    var lists = [];
    var matched = new Set();
    words.forEach(function (w) {
      var list = new Map();
      if (own.call(index.terms, w)) {
        postings(index, w, list, 1);
        matched.add(w);
      } else if (Array.from(w).length >= PREFIX_MIN) {
        withPrefix(index, w).forEach(function (t) {
          postings(index, t, list, 0.5);
          matched.add(t);
        });
      }
      var idf = Math.log(1 + n / Math.max(list.size, 1));
      list.forEach(function (s, d) { list.set(d, s * idf); });
      lists.push(list);
    });
    var total = new Map();
    var count = new Map();
    lists.forEach(function (list) {
      list.forEach(function (s, d) {
        total.set(d, (total.get(d) || 0) + s);
        count.set(d, (count.get(d) || 0) + 1);
      });
    });
    var hits = [];
    total.forEach(function (s, d) {
      if (count.get(d) === lists.length) hits.push([d, s]);
    });
    var all = true;
    if (hits.length === 0 && lists.length > 1) {
      all = false;
      total.forEach(function (s, d) { hits.push([d, s]); });
    }
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { hits: hits, all: all, matched: matched };
  }

  /* ---- Showing results ---- */

  // Word runs of text as [start, end, term] (UTF-16 offsets), for snippets and marks.
  // Words joined by hyphens also give one run for the joined form (e-mail: email), just
  // before the runs of their parts, as the index has them.
  function words(text) {
    var out = [];
    var start = -1;
    var word = '';
    var i = 0;
    var chain = [];
    var chainAt = 0;
    var chainStart = 0;
    var chainEnd = 0;
    var endWord = function (at) {
      if (start < 0) return;
      if (chain.length === 0) {
        chainAt = out.length;
        chainStart = start;
      }
      out.push([start, at, termOf(word)]);
      chain.push(word);
      chainEnd = at;
      start = -1;
      word = '';
    };
    var endChain = function () {
      if (chain.length >= 2) out.splice(chainAt, 0, [chainStart, chainEnd, termOf(chain.join(''))]);
      chain = [];
    };
    for (var c of text) {
      var f = Array.from(c.toLowerCase()).map(fold).join('');
      // A combining mark folds to nothing, as in tokenise: between words it neither
      // starts a word nor ends a chain of words (e-\u0301mail still gives email).
      if (f === '' && start < 0) {
        i += c.length;
        continue;
      }
      var inWord = f === '' || Array.from(f).every(isWordChar);
      if (inWord) {
        if (start < 0) start = i;
        word += f;
      } else {
        var ended = start >= 0;
        endWord(i);
        if (!ended || c !== '-') endChain();
      }
      i += c.length;
    }
    endWord(i);
    endChain();
    return out;
  }

  // Appends text to el with every word whose term is in matched wrapped in <mark>.
  function appendMarked(el, text, matched) {
    var at = 0;
    words(text).forEach(function (w) {
      if (w[0] < at || w[2] === null || !matched.has(w[2])) return;
      if (w[0] > at) el.appendChild(document.createTextNode(text.slice(at, w[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(w[0], w[1]);
      el.appendChild(mark);
      at = w[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }

  // The part of text around its first matched word, cut at spaces.
  function snippet(text, matched) {
    var first = words(text).find(function (w) { return w[2] !== null && matched.has(w[2]); });
    var start = 0;
    var lead = Math.floor(SNIPPET_CHARS / 3);
    if (first && first[0] > lead) {
      start = text.lastIndexOf(' ', first[0] - lead);
      start = start < 0 ? 0 : start + 1;
    }
    var end = start + SNIPPET_CHARS;
    if (end >= text.length) {
      end = text.length;
    } else {
      var space = text.lastIndexOf(' ', end);
      if (space > start) end = space;
    }
    var cut = text.slice(start, end);
    var trailing = end < text.length && !/…$/.test(cut);
    return (start > 0 ? '… ' : '') + cut + (trailing ? ' …' : '');
  }

  function result(doc, matched) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = doc[1];
    appendMarked(a, doc[0], matched);
    li.appendChild(a);
    li.appendChild(document.createTextNode(' '));
    var kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = doc[2];
    li.appendChild(kind);
    if (doc[3]) {
      var p = document.createElement('p');
      p.className = 'snippet';
      appendMarked(p, snippet(doc[3], matched), matched);
      li.appendChild(p);
    }
    return li;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  function run() {
    var input = document.getElementById('search-page-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    if (!status || !list) return;
    var q = new URLSearchParams(window.location.search).get('q') || '';
    if (input) input.value = q;
    var shown = '“' + q.trim() + '”';
    var index = window.IRBOOK_SEARCH;
    if (!index || !Array.isArray(index.docs) || !index.terms) {
      status.textContent = 'The search index did not load, so search is not available.';
      return;
    }
    if (!q.trim()) {
      status.textContent = 'Type a word or two to search for.';
      if (input) input.focus();
      return;
    }
    var seen = new Set();
    var qterms = tokenise(q, true).filter(function (t) {
      if (seen.has(t)) return false;
      seen.add(t);
      return true;
    });
    if (qterms.length === 0) {
      status.textContent = 'No results for ' + shown + ': those words are too common to search for.';
      return;
    }
    document.title = q.trim() + ' – ' + document.title;
    var found = search(index, qterms);
    var hits = found.hits;
    while (list.firstChild) list.removeChild(list.firstChild);
    hits.slice(0, MAX_RESULTS).forEach(function (h) {
      list.appendChild(result(index.docs[h[0]], found.matched));
    });
    var text;
    if (hits.length === 0) {
      text = 'No results for ' + shown + '.';
    } else if (hits.length > MAX_RESULTS) {
      text = 'The first ' + MAX_RESULTS + ' of ' + hits.length + ' results for ' + shown + '.';
    } else {
      text = plural(hits.length, 'result', 'results') + ' for ' + shown + '.';
    }
    if (hits.length > 0 && !found.all) {
      text += ' No page has all of the words; these have some of them.';
    }
    status.textContent = text;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run);
  } else {
    run();
  }
})();
