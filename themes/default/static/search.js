/* irbook offline search.
 *
 * Reads the index that assets/search-index.js put in window.IRBOOK_SEARCH (a script,
 * not fetched JSON, so search works from file:// too) and shows the results for the
 * ?q= of search.html, then again as the query is typed, without a reload. Plain ES2017,
 * no modules, no libraries, nothing from the network.
 *
 * Index format (written by src/render/search/):
 *   docs:  [[title, href, kind, text], ...]   href relative to the edition root
 *   terms: { term: postings }
 *   alias: { term: [term, ...] }               optional: a synonym's words -> its phrases'
 * postings is a string of numbers `gap score gap score ...` in base 32: every digit but a
 * number's last is one of MORE_DIGITS, the last one of LAST_DIGITS. A document number is
 * the gap from the previous one (the first is itself).
 *
 * Ranking: each query term matches itself; a term not in the index matches the index
 * terms within one or two edits of it (a typo, shown as "showing results for ...") and
 * the ones it begins (a word still being typed). A document's score is the sum, over the
 * query's terms, of its stored score for the term (title > search terms > indicators >
 * headings > summary > body) times ln(1 + N / df), so rare words count for more, times
 * the square of the share of the query's weight it holds (see `search`). Every document
 * holding any term is listed; each says which of the words it lacks. When nothing
 * matches, the page shows its report card (who to call) instead.
 */
(function () {
  'use strict';

  var own = Object.prototype.hasOwnProperty;
  var MAX_RESULTS = 50;
  var SNIPPET_CHARS = 220;
  var PREFIX_MIN = 3;
  var PREFIX_TERMS = 50;
  var PREFIX_WEIGHT = 0.5;
  var FUZZY_TERMS = 3;
  var FUZZY_WEIGHT = 0.7;
  var TYPING_PAUSE_MS = 120;

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
  ('a about after all also am an and any are aren as at be been before but by can cant ' +
   'couldn did didn didnt do does doesn doesnt don done dont during each every for from get ' +
   'got had has hasn have haven he hello her here hi his how if im in into is isn isnt its ' +
   'ive just ll may me mine must my myself no not now of on or our please really she should ' +
   'shouldn so some such than that the their them then there these they this those to ve ' +
   'very was wasn wasnt we were weren what when where which while who why will with won wont ' +
   'would wouldn you your')
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

  var sortedTerms = [];
  var sortedFor = null;

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

  // How many postings (documents) an index term has: one last digit ends each number, and
  // each document has two numbers.
  function docCount(index, term) {
    var s = index.terms[term];
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 128 && DIGIT[c] >= 0 && DIGIT[c] < 32) n++;
    }
    return n / 2;
  }

  // The index's terms in order, sorted once per index.
  function allTerms(index) {
    if (sortedFor !== index) {
      sortedTerms = Object.keys(index.terms).sort();
      sortedFor = index;
    }
    return sortedTerms;
  }

  // Where the first term not less than key is in the sorted term list.
  function lowerBound(terms, key) {
    var lo = 0;
    var hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Index terms beginning with prefix (at most `most`), by binary search over the sorted
  // term list.
  function withPrefix(index, prefix, most) {
    var terms = allTerms(index);
    var out = [];
    for (var i = lowerBound(terms, prefix); i < terms.length && out.length < most; i++) {
      if (terms[i].lastIndexOf(prefix, 0) !== 0) break;
      out.push(terms[i]);
    }
    return out;
  }

  // Most edits (letters added, dropped, changed or two swapped) a typo may have, by the
  // length of the query term: none up to 4 letters (one edit turns "hack" into "back"),
  // one up to 8, then two.
  function maxEdits(term) {
    return term.length <= 4 ? 0 : term.length <= 8 ? 1 : 2;
  }

  // Rows of the edit distance table, kept between calls (terms are at most 64 letters).
  var ROWS = [new Int32Array(80), new Int32Array(80), new Int32Array(80)];

  // The edit distance between a and b, counting a swap of two neighbours as one edit
  // (optimal string alignment), or k + 1 as soon as it must exceed k.
  function distance(a, b, k) {
    var n = a.length;
    var m = b.length;
    if (Math.abs(n - m) > k || m + 1 > ROWS[0].length) return k + 1;
    var before = ROWS[0];
    var prev = ROWS[1];
    var cur = ROWS[2];
    for (var j = 0; j <= m; j++) prev[j] = j;
    for (var i = 1; i <= n; i++) {
      var ca = a.charCodeAt(i - 1);
      cur[0] = i;
      var best = i;
      for (j = 1; j <= m; j++) {
        var cb = b.charCodeAt(j - 1);
        var v = prev[j - 1] + (ca === cb ? 0 : 1);
        if (prev[j] + 1 < v) v = prev[j] + 1;
        if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
        if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb &&
            before[j - 2] + 1 < v) {
          v = before[j - 2] + 1;
        }
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > k) return k + 1;
      var t = before; before = prev; prev = cur; cur = t;
    }
    return prev[m];
  }

  // Index terms within maxEdits of term, those at the smallest distance only, the ones in
  // most documents first (at most FUZZY_TERMS). Only terms that begin with the term's
  // first or second letter are tried: a typo rarely changes the first letter, and one
  // that swaps or adds it still leaves the second (rnasomware, transomware); that keeps
  // the scan to a small part of a large index.
  function closeTerms(index, term) {
    var k = maxEdits(term);
    if (k === 0) return [];
    var terms = allTerms(index);
    var found = [];
    var best = k;
    var starts = term.charAt(1) === term.charAt(0) ? [term.charAt(0)] : [term.charAt(0), term.charAt(1)];
    starts.forEach(function (c) {
      for (var i = lowerBound(terms, c); i < terms.length && terms[i].charAt(0) === c; i++) {
        var t = terms[i];
        if (Math.abs(t.length - term.length) > best) continue;
        var d = distance(term, t, best);
        if (d > best) continue;
        if (d < best) {
          best = d;
          found = [];
        }
        found.push(t);
      }
    });
    return found
      .map(function (t) { return [t, docCount(index, t)]; })
      .sort(function (x, y) { return y[1] - x[1] || (x[0] < y[0] ? -1 : 1); })
      .slice(0, FUZZY_TERMS)
      .map(function (x) { return x[0]; });
  }

  // What one query term matches, as [[index term, weight]], and the index term it was
  // corrected to, if any. A term in the index matches itself. Otherwise it matches the
  // index terms close to it (a typo) and the ones it begins (a word being typed); a
  // correction is only claimed when it begins none, so a half-typed word is not "fixed".
  function expand(index, term) {
    if (own.call(index.terms, term)) return { terms: [[term, 1]], fixed: null };
    var close = closeTerms(index, term);
    var begun = Array.from(term).length >= PREFIX_MIN ? withPrefix(index, term, PREFIX_TERMS) : [];
    var out = close.map(function (t) { return [t, FUZZY_WEIGHT]; });
    begun.forEach(function (t) {
      if (close.indexOf(t) < 0) out.push([t, PREFIX_WEIGHT]);
    });
    return { terms: out, fixed: close.length && !begun.length ? close[0] : null };
  }

  // Ranks documents for the query terms. Returns {hits: [[doc, score, missing]], matched,
  // fixes}: `missing` lists the query terms a document lacks; `matched` holds every index
  // term to mark in results (with the words a synonym stands for); `fixes` the
  // corrections, as [query term, index term]. Every document holding any term is a hit.
  // A document's score is its terms' scores times the square of the share of the query's
  // weight (the terms' rarity) it holds: one missing a word ranks below one with all of
  // them unless it is far more about the rest, and missing a rare word costs more than
  // missing a common one.
  function search(index, qterms) {
    var n = index.docs.length;
    var lists = [];
    var matched = new Set();
    var fixes = [];
    var alias = index.alias || {};
    var idfs = [];
    qterms.forEach(function (w) {
      var e = expand(index, w);
      var list = new Map();
      e.terms.forEach(function (tw) {
        postings(index, tw[0], list, tw[1]);
        matched.add(tw[0]);
        if (own.call(alias, tw[0])) alias[tw[0]].forEach(function (t) { matched.add(t); });
      });
      if (e.fixed !== null) fixes.push([w, e.fixed]);
      var idf = Math.log(1 + n / Math.max(list.size, 1));
      list.forEach(function (s, d) { list.set(d, s * idf); });
      lists.push(list);
      idfs.push(idf);
    });
    var total = new Map();
    lists.forEach(function (list) {
      list.forEach(function (s, d) { total.set(d, (total.get(d) || 0) + s); });
    });
    var hits = [];
    var whole = idfs.reduce(function (a, b) { return a + b; }, 0);
    total.forEach(function (s, d) {
      var missing = qterms.filter(function (w, i) { return !lists[i].has(d); });
      var held = idfs.reduce(function (a, idf, i) { return a + (lists[i].has(d) ? idf : 0); }, 0);
      var share = whole > 0 ? held / whole : 1;
      hits.push([d, s * share * share, missing]);
    });
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { hits: hits, matched: matched, fixes: fixes };
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

  // Each query term with the words typed for it (the first place it occurs in q).
  function typedWords(q) {
    var out = Object.create(null);
    words(q).forEach(function (w) {
      if (w[2] !== null && !own.call(out, w[2])) out[w[2]] = q.slice(w[0], w[1]);
    });
    return out;
  }

  // How an index term reads: the first word of the results' titles and texts with that
  // term, lowercased, or the term itself.
  function readable(index, hits, term) {
    for (var i = 0; i < Math.min(hits.length, 10); i++) {
      var doc = index.docs[hits[i][0]];
      var texts = [doc[0], doc[3] || ''];
      for (var j = 0; j < texts.length; j++) {
        var found = words(texts[j]).find(function (w) { return w[2] === term; });
        if (found) return texts[j].slice(found[0], found[1]).toLowerCase();
      }
    }
    return term;
  }

  function result(doc, matched, missing) {
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
    if (missing.length) {
      var m = document.createElement('p');
      m.className = 'missing';
      m.appendChild(document.createTextNode('Does not mention: '));
      missing.forEach(function (w, i) {
        if (i) m.appendChild(document.createTextNode(', '));
        var s = document.createElement('s');
        s.textContent = w;
        m.appendChild(s);
      });
      li.appendChild(m);
    }
    return li;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  var baseTitle = null;

  // Shows the results for q, or, when nothing matches, the report card.
  function show(q) {
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var card = document.getElementById('search-report');
    if (!status || !list) return;
    if (baseTitle === null) baseTitle = document.title;
    var index = window.IRBOOK_SEARCH;
    var showCard = function (on) { if (card) card.hidden = !on; };
    while (list.firstChild) list.removeChild(list.firstChild);
    var shown = '“' + q.trim() + '”';
    document.title = q.trim() ? q.trim() + ' – ' + baseTitle : baseTitle;
    if (!index || !Array.isArray(index.docs) || !index.terms) {
      status.textContent = 'The search index did not load, so search is not available.';
      showCard(true);
      return;
    }
    if (!q.trim()) {
      status.textContent = 'Type a word or two to search for.';
      showCard(false);
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
      showCard(true);
      return;
    }
    var found = search(index, qterms);
    var hits = found.hits;
    var typed = typedWords(q);
    var said = function (t) { return own.call(typed, t) ? typed[t] : t; };
    hits.slice(0, MAX_RESULTS).forEach(function (h) {
      list.appendChild(result(index.docs[h[0]], found.matched, h[2].map(said)));
    });
    // With a typo corrected, the results are for the corrected words, and the line says so.
    if (found.fixes.length) {
      var fixed = q;
      found.fixes.forEach(function (f) {
        fixed = fixed.split(said(f[0])).join(readable(index, hits, f[1]));
      });
      shown = '“' + fixed.trim() + '”';
    }
    var text = found.fixes.length
      ? 'No page has ' + found.fixes.map(function (f) { return '“' + said(f[0]) + '”'; }).join(' or ') +
        '; showing results for ' + shown + ': '
      : '';
    var count = hits.length > MAX_RESULTS
      ? 'the first ' + MAX_RESULTS + ' of ' + hits.length + ' results'
      : plural(hits.length, 'result', 'results');
    if (hits.length === 0) {
      text = 'No results for ' + shown + '.';
    } else if (found.fixes.length) {
      text += count + '.';
    } else {
      text = count.charAt(0).toUpperCase() + count.slice(1) + ' for ' + shown + '.';
    }
    if (hits.length > 0 && !hits.some(function (h) { return h[2].length === 0; })) {
      text += ' No page has all of the words; these have some of them.';
    }
    status.textContent = text;
    showCard(hits.length === 0);
  }

  // Keeps q in the address, so the results can be bookmarked and the back button returns
  // to them; a browser that refuses it for file:// pages keeps the old address.
  function remember(q) {
    try {
      window.history.replaceState(null, '', '?q=' + encodeURIComponent(q));
    } catch (e) {
      // Nothing to do: the results are shown all the same.
    }
  }

  // Results as you type: every search box on the page searches here, without a reload.
  function listen(inputs) {
    var timer = null;
    var run = function (from) {
      var q = from.value;
      inputs.forEach(function (i) { if (i !== from) i.value = q; });
      show(q);
      remember(q);
    };
    inputs.forEach(function (input) {
      input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(input); }, TYPING_PAUSE_MS);
      });
      if (input.form) {
        input.form.addEventListener('submit', function (e) {
          e.preventDefault();
          clearTimeout(timer);
          run(input);
        });
      }
    });
  }

  function start() {
    var page = document.getElementById('search-page-q');
    if (!document.getElementById('search-results')) return;
    var q = new URLSearchParams(window.location.search).get('q') || '';
    var inputs = [page, document.getElementById('search-q')].filter(Boolean);
    inputs.forEach(function (i) { i.value = q; });
    show(q);
    if (!q.trim() && page) page.focus();
    listen(inputs);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
