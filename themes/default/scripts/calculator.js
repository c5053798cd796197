/* irbook deadline calculator: when each notice that may apply to an incident falls due.
 *
 * Reads the scheme's obligations from the page (#deadline-data, written by irbook), the
 * moments and facts from the form, computes with deadlines.js (the same rules as irbook's
 * Rust engine), and writes every entry into the URL fragment so the link can be shared:
 *   deadlines.html#aware=2026-03-06T17:00&facts=personal-data,customer-data
 * Plain script, no network: works from file://. Also gives the template pages their
 * "Copy the text" button.
 *
 * Each row of the result is `tr[data-obligation][data-stage]`; its due time is a
 * `<time datetime="2026-03-09T17:00+00:00">` in the scheme's zone (tests read it).
 */
(function () {
  'use strict';

  /* A template's text for the clipboard: paragraphs apart, list items as "- " lines (or
   * numbered), blanks as their [labels]: what pastes well into an e-mail. */
  function plainText(root) {
    var BLOCK = /^(P|DIV|H[1-6]|BLOCKQUOTE|PRE|TABLE|TR|UL|OL)$/;
    function walk(node, out) {
      if (node.nodeType === 3) { out.push(node.nodeValue.replace(/\s+/g, ' ')); return; }
      if (node.nodeType !== 1) { return; }
      var tag = node.tagName;
      if (tag === 'BR') { out.push('\n'); return; }
      if (tag === 'LI') {
        var list = node.parentNode;
        var n = Array.prototype.indexOf.call(list.children, node) + 1;
        out.push(list.tagName === 'OL' ? n + '. ' : '- ');
      }
      Array.prototype.forEach.call(node.childNodes, function (c) { walk(c, out); });
      if (tag === 'LI' || tag === 'TR') { out.push('\n'); } else if (BLOCK.test(tag)) { out.push('\n\n'); }
    }
    var out = [];
    Array.prototype.forEach.call(root.childNodes, function (c) { walk(c, out); });
    return out.join('')
      .split('\n').map(function (l) { return l.replace(/^ +| +$/g, ''); }).join('\n')
      .replace(/\n{3,}/g, '\n\n').trim() + '\n';
  }

  function copyButtons() {
    var buttons = document.querySelectorAll('button[data-copy]');
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener('click', function () {
        var el = document.getElementById(b.getAttribute('data-copy'));
        var done = b.parentNode.querySelector('.copy-done');
        var text = el ? plainText(el) : '';
        function said(msg) { if (done) { done.textContent = msg; } }
        /* Selected first, so the text is ready for Ctrl+C whatever the clipboard allows. */
        function select() {
          var range = document.createRange();
          range.selectNodeContents(el);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }
        function fallback() {
          select();
          var ok = false;
          try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
          said(ok ? 'Copied.' : 'Selected: press Ctrl+C (or Cmd+C) to copy.');
        }
        if (!el) { return; }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { select(); said('Copied.'); }, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  var MOMENTS = [['aware', 'awareness', 'Became aware'], ['detect', 'detection', 'Detected'], ['classify', 'classification', 'Classified'], ['decide', 'decision', 'Decision taken']];
  var NEEDS = { awareness: 'when the organisation became aware', detection: 'when it was detected', classification: 'when it was classified', decision: 'when the decision was taken' };

  function parseHash() {
    var out = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      if (!kv) { return; }
      var i = kv.indexOf('=');
      try {
        var k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
        out[k] = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1));
      } catch (e) { /* a mangled entry is left out */ }
    });
    return out;
  }

  /* 'YYYY-MM-DDTHH:MM' (seconds allowed, ignored) -> the same without seconds, or ''. */
  function minutes(value) {
    var m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/.exec(value || '');
    return m ? m[1] : '';
  }

  /* 'YYYY-MM-DDTHH:MM' in the scheme's zone -> milliseconds, or null. */
  function toInstant(zone, value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(minutes(value));
    if (!m) { return null; }
    var local = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    return window.IrbookDeadlines.instant(zone, local);
  }

  function fmt(zone) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  }

  function pad2(n) { return (n < 10 ? '0' : '') + n; }

  /* An instant as local ISO time with its offset: 2026-10-26T16:00+00:00. */
  function isoLocal(zone, ms) {
    var off = window.IrbookDeadlines.offsetMs(zone, ms);
    var local = new Date(ms + off).toISOString().slice(0, 16);
    var m = Math.round(Math.abs(off) / 60000);
    return local + (off < 0 ? '-' : '+') + pad2(Math.floor(m / 60)) + ':' + pad2(m % 60);
  }

  function left(ms) {
    var past = ms < 0;
    var m = Math.round(Math.abs(ms) / 60000);
    var d = Math.floor(m / 1440);
    var h = Math.floor((m % 1440) / 60);
    var mm = m % 60;
    var parts = [];
    if (d) { parts.push(d + ' d'); }
    if (h || d) { parts.push(h + ' h'); }
    parts.push(mm + ' min');
    return past ? 'overdue by ' + parts.join(' ') : parts.join(' ') + ' left';
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function link(href, text) {
    var a = el('a', text);
    a.setAttribute('href', href);
    return a;
  }

  function timeEl(zone, f, ms) {
    var t = el('time', f.format(new Date(ms)));
    t.setAttribute('datetime', isoLocal(zone, ms));
    return t;
  }

  function calculator() {
    var dataEl = document.getElementById('deadline-data');
    var form = document.getElementById('calc-form');
    if (!dataEl || !form || !window.IrbookDeadlines) { return; }
    var data = JSON.parse(dataEl.textContent);
    var zone = data.calendar.timezone;
    var level = document.getElementById('m-level');
    var known = {};
    data.facts.forEach(function (f) { known[f[0]] = f[1]; });
    data.levels.forEach(function (l, i) {
      var o = el('option', l[1]);
      o.value = l[0];
      o.setAttribute('data-pos', String(i));
      level.appendChild(o);
    });
    /* Facts in the link that this edition does not ask about (another edition's link). */
    var unknownFacts = 0;

    function read() {
      var v = { facts: [] };
      MOMENTS.forEach(function (m) { v[m[0]] = minutes(form.elements[m[0]].value); });
      Array.prototype.forEach.call(form.querySelectorAll('input[name=facts]'), function (c) {
        if (c.checked) { v.facts.push(c.value); }
      });
      v.level = level.value;
      return v;
    }

    /* Colons may stay as they are in a fragment: the link reads 17:00, not 17%3A00. */
    function enc(x) { return encodeURIComponent(x).replace(/%3A/g, ':'); }

    function write(v) {
      var parts = [];
      MOMENTS.forEach(function (m) { if (v[m[0]]) { parts.push(m[0] + '=' + enc(v[m[0]])); } });
      if (v.facts.length) { parts.push('facts=' + v.facts.map(enc).join(',')); }
      if (v.level) { parts.push('level=' + enc(v.level)); }
      var hash = parts.length ? '#' + parts.join('&') : '';
      if (location.hash !== hash && history.replaceState) {
        history.replaceState(null, '', hash || location.pathname);
      }
      var share = document.getElementById('calc-share');
      if (share) { share.setAttribute('href', hash || '#'); }
    }

    function fill(h) {
      MOMENTS.forEach(function (m) { form.elements[m[0]].value = minutes(h[m[0]]); });
      var facts = (h.facts || '').split(',').filter(function (f) { return f; });
      unknownFacts = facts.filter(function (f) { return !Object.prototype.hasOwnProperty.call(known, f); }).length;
      Array.prototype.forEach.call(form.querySelectorAll('input[name=facts]'), function (c) {
        c.checked = facts.indexOf(c.value) >= 0;
      });
      level.value = '';
      if (h.level) { level.value = h.level; }
    }

    /* What was entered, in words: what a printed clock sheet is about. */
    function summary(v, moments, f, now) {
      var p = document.getElementById('calc-summary');
      if (!p) { return; }
      p.textContent = '';
      MOMENTS.forEach(function (m) {
        if (moments[m[1]] === null || (m[1] === 'detection' && !v.detect)) { return; }
        p.appendChild(el('strong', m[2] + ': '));
        p.appendChild(timeEl(zone, f, moments[m[1]]));
        p.appendChild(document.createTextNode('. '));
      });
      p.appendChild(el('strong', 'True: '));
      var facts = v.facts.map(function (id) { return known[id]; });
      p.appendChild(document.createTextNode(facts.length ? facts.join(' ') + ' ' : 'nothing ticked. '));
      if (v.level) {
        p.appendChild(el('strong', 'Severity: '));
        p.appendChild(document.createTextNode(level.options[level.selectedIndex].text + '. '));
      }
      p.appendChild(el('strong', 'Time left as of: '));
      p.appendChild(timeEl(zone, f, now));
      p.appendChild(document.createTextNode('.'));
      p.hidden = false;
    }

    /* One row: due time and time left; the notice, its rule and template; whom to tell. */
    function row(r, f, now) {
      var tr = el('tr');
      tr.setAttribute('data-obligation', r.o.id);
      tr.setAttribute('data-stage', r.st.id);
      var due = el('td', null, r.due !== null && r.due < now ? 'due overdue' : 'due');
      var when = el('div', null, 'when');
      if (r.due === null) {
        when.textContent = r.need ? 'needs ' + (NEEDS[r.need] || 'an earlier notice') : 'beyond the calendar';
      } else {
        if (!r.exact) { when.appendChild(document.createTextNode('at the latest ')); }
        when.appendChild(timeEl(zone, f, r.due));
      }
      due.appendChild(when);
      if (r.due !== null) { due.appendChild(el('div', left(r.due - now), 'left')); }
      tr.appendChild(due);
      var notice = el('td', null, 'notice');
      var head = el('div');
      head.appendChild(link(r.o.href, r.o.title + ': ' + r.st.title));
      var rule = r.st.text;
      if (r.o.level_text && r.levelUnknown) { rule += '; only ' + r.o.level_text; }
      if (r.o.category_names.length) { rule += '; only for ' + r.o.category_names.join(' or ') + ' incidents'; }
      head.appendChild(el('span', ' (' + rule + ')', 'rule'));
      notice.appendChild(head);
      if (r.st.template) {
        var tpl = el('div', 'Template: ', 'template');
        tpl.appendChild(link(r.st.template, r.st.template_title || 'open it'));
        notice.appendChild(tpl);
      }
      tr.appendChild(notice);
      var tell = el('td', null, 'tell');
      tell.appendChild(el('div', r.o.party || 'restricted', 'party'));
      if (r.o.channels.length) {
        var ul = el('ul', null, 'channels');
        r.o.channels.forEach(function (c) {
          var li = el('li', c[0] + ': ');
          li.appendChild(c[2] ? link(c[2], c[1]) : el('span', c[1]));
          ul.appendChild(li);
        });
        tell.appendChild(ul);
      }
      tr.appendChild(tell);
      return tr;
    }

    function rowsFor(v, moments, pos) {
      var rows = [];
      data.obligations.forEach(function (o) {
        /* The calculator does not ask for the category: a duty limited to one is shown,
         * with its limit in words. */
        if (!window.IrbookDeadlines.applies(o, { facts: v.facts, level: pos, categories: null })) { return; }
        var done = {};
        o.stages.forEach(function (st) {
          var r = window.IrbookDeadlines.stageDue(data.calendar, st, moments, done);
          if (r.due !== null) { done[st.id] = r.due; }
          var need = null;
          r.terms.forEach(function (t) { if (t.needs && need === null) { need = t.needs.moment || 'stage'; } });
          rows.push({ o: o, st: st, due: r.due, exact: r.exact, need: need, levelUnknown: o.min_level !== null && pos === null });
        });
      });
      /* Earliest first; ties and unknown times keep the scheme's order. */
      return rows.map(function (r, i) { r.i = i; return r; }).sort(function (a, b) {
        if (a.due === null || b.due === null) { return a.due === b.due ? a.i - b.i : (a.due === null ? 1 : -1); }
        return a.due - b.due || a.i - b.i;
      });
    }

    function render() {
      var v = read();
      write(v);
      var out = document.getElementById('calc-out');
      var sum = document.getElementById('calc-summary');
      out.textContent = '';
      if (sum) { sum.hidden = true; }
      if (unknownFacts) {
        out.appendChild(el('p', 'The link names ' + (unknownFacts === 1 ? 'a fact' : unknownFacts + ' facts') + ' this edition does not ask about; the notices they bring are not shown here.', 'gap'));
      }
      var moments = {};
      MOMENTS.forEach(function (m) { moments[m[1]] = toInstant(zone, v[m[0]]); });
      if (moments.detection === null) { moments.detection = moments.awareness; }
      if (moments.awareness === null) {
        out.appendChild(el('p', 'Enter when the organisation became aware to see the deadlines.', 'gap'));
        return;
      }
      var opt = level.options[level.selectedIndex];
      var pos = level.value ? Number(opt.getAttribute('data-pos')) : null;
      var f = fmt(zone);
      var now = Date.now();
      summary(v, moments, f, now);
      var rows = rowsFor(v, moments, pos);
      if (!rows.length) {
        out.appendChild(el('p', 'No notice applies to what you ticked. Check the questions again as facts become clear.', 'gap'));
        return;
      }
      var table = el('table', null, 'clock-sheet');
      var head = el('thead');
      var hr = el('tr');
      ['Due', 'Notice and template', 'Tell'].forEach(function (t) { var th = el('th', t); th.setAttribute('scope', 'col'); hr.appendChild(th); });
      head.appendChild(hr);
      table.appendChild(head);
      var body = el('tbody');
      rows.forEach(function (r) { body.appendChild(row(r, f, now)); });
      table.appendChild(body);
      var wrap = el('div', null, 'table-scroll');
      wrap.appendChild(table);
      out.appendChild(wrap);
      out.appendChild(el('p', 'Times in ' + zone + '. A notice counted from an earlier one assumes the earlier one is sent when due; send early and the later one is due earlier.', 'note'));
    }

    fill(parseHash());
    form.addEventListener('input', render);
    form.addEventListener('change', render);
    window.addEventListener('hashchange', function () { fill(parseHash()); render(); });
    render();
  }

  function start() {
    copyButtons();
    calculator();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
