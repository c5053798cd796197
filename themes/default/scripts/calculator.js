/* irbook deadline calculator: when each notice that may apply to an incident falls due.
 *
 * Reads the scheme's obligations from the page (#deadline-data, written by irbook), the
 * moments and facts from the form, computes with deadlines.js (the same rules as irbook's
 * Rust engine), and writes every entry into the URL fragment so the link can be shared:
 *   deadlines.html#aware=2026-03-06T17:00&facts=personal-data,customer-data
 * Plain script, no network: works from file://. Also gives the template pages their
 * "Copy the text" button.
 */
(function () {
  'use strict';

  function copyButtons() {
    var buttons = document.querySelectorAll('button[data-copy]');
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener('click', function () {
        var el = document.getElementById(b.getAttribute('data-copy'));
        var done = b.parentNode.querySelector('.copy-done');
        var text = el ? el.innerText : '';
        function said(msg) { if (done) { done.textContent = msg; } }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { said('Copied.'); }, function () { fallback(); });
        } else {
          fallback();
        }
        function fallback() {
          var range = document.createRange();
          range.selectNodeContents(el);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          var ok = false;
          try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
          said(ok ? 'Copied.' : 'Selected: press Ctrl+C (or Cmd+C) to copy.');
        }
      });
    });
  }

  var MOMENTS = [['aware', 'awareness'], ['detect', 'detection'], ['classify', 'classification'], ['decide', 'decision']];
  var NEEDS = { awareness: 'when the organisation became aware', detection: 'when it was detected', classification: 'when it was classified', decision: 'when the decision was taken' };

  function parseHash() {
    var out = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      if (!kv) { return; }
      var i = kv.indexOf('=');
      var k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      out[k] = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }

  /* 'YYYY-MM-DDTHH:MM' in the scheme's zone -> milliseconds, or null. */
  function toInstant(zone, value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value || '');
    if (!m) { return null; }
    var local = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    return window.IrbookDeadlines.instant(zone, local);
  }

  function fmt(zone) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
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

  function calculator() {
    var dataEl = document.getElementById('deadline-data');
    var form = document.getElementById('calc-form');
    if (!dataEl || !form || !window.IrbookDeadlines) { return; }
    var data = JSON.parse(dataEl.textContent);
    var zone = data.calendar.timezone;
    var level = document.getElementById('m-level');
    data.levels.forEach(function (l, i) {
      var o = el('option', l[1]);
      o.value = l[0];
      o.setAttribute('data-pos', String(i));
      level.appendChild(o);
    });

    function read() {
      var v = { facts: [] };
      MOMENTS.forEach(function (m) { v[m[0]] = form.elements[m[0]].value; });
      Array.prototype.forEach.call(form.querySelectorAll('input[name=facts]'), function (c) {
        if (c.checked) { v.facts.push(c.value); }
      });
      v.level = level.value;
      return v;
    }

    function write(v) {
      var parts = [];
      MOMENTS.forEach(function (m) { if (v[m[0]]) { parts.push(m[0] + '=' + encodeURIComponent(v[m[0]])); } });
      if (v.facts.length) { parts.push('facts=' + v.facts.map(encodeURIComponent).join(',')); }
      if (v.level) { parts.push('level=' + encodeURIComponent(v.level)); }
      var hash = parts.length ? '#' + parts.join('&') : '';
      if (history.replaceState) { history.replaceState(null, '', hash || location.pathname); }
      var share = document.getElementById('calc-share');
      if (share) { share.setAttribute('href', hash || '#'); }
    }

    function fill(h) {
      MOMENTS.forEach(function (m) { if (h[m[0]]) { form.elements[m[0]].value = h[m[0]]; } });
      var facts = (h.facts || '').split(',');
      Array.prototype.forEach.call(form.querySelectorAll('input[name=facts]'), function (c) {
        c.checked = facts.indexOf(c.value) >= 0;
      });
      if (h.level) { level.value = h.level; }
    }

    function applies(o, v, pos) {
      var anyOk = o.any.length === 0 || o.any.some(function (f) { return v.facts.indexOf(f) >= 0; });
      var allOk = o.all.every(function (f) { return v.facts.indexOf(f) >= 0; });
      var levelOk = o.min_level === null || pos === null || pos <= o.min_level;
      return anyOk && allOk && levelOk;
    }

    function render() {
      var v = read();
      write(v);
      var out = document.getElementById('calc-out');
      out.textContent = '';
      var moments = {};
      MOMENTS.forEach(function (m) { moments[m[1]] = toInstant(zone, v[m[0]]); });
      if (moments.detection === null) { moments.detection = moments.awareness; }
      if (moments.awareness === null) {
        out.appendChild(el('p', 'Enter when the organisation became aware to see the deadlines.', 'gap'));
        return;
      }
      var opt = level.options[level.selectedIndex];
      var pos = level.value ? Number(opt.getAttribute('data-pos')) : null;
      var rows = [];
      data.obligations.forEach(function (o) {
        if (!applies(o, v, pos)) { return; }
        var done = {};
        o.stages.forEach(function (st) {
          var r = window.IrbookDeadlines.stageDue(data.calendar, st, moments, done);
          if (r.due !== null) { done[st.id] = r.due; }
          var need = null;
          r.terms.forEach(function (t) { if (t.needs && t.needs.moment && need === null) { need = t.needs.moment; } });
          rows.push({ o: o, st: st, due: r.due, exact: r.exact, need: need, level: o.min_level !== null && pos === null });
        });
      });
      if (!rows.length) {
        out.appendChild(el('p', 'No notice applies to what you ticked. Check the questions again as facts become clear.', 'gap'));
        return;
      }
      rows.sort(function (a, b) {
        if (a.due === null) { return 1; }
        if (b.due === null) { return -1; }
        return a.due - b.due;
      });
      var table = el('table', null, 'clock-sheet');
      var head = el('thead');
      var hr = el('tr');
      ['Due', 'Time left', 'Notice', 'Tell', 'Template'].forEach(function (t) { var th = el('th', t); th.setAttribute('scope', 'col'); hr.appendChild(th); });
      head.appendChild(hr);
      table.appendChild(head);
      var body = el('tbody');
      var f = fmt(zone);
      var now = Date.now();
      rows.forEach(function (r) {
        var tr = el('tr');
        var due = el('td', null, 'due');
        if (r.due === null) {
          due.textContent = 'needs ' + (NEEDS[r.need] || 'an earlier notice');
        } else {
          due.textContent = (r.exact ? '' : 'at the latest ') + f.format(new Date(r.due));
          due.setAttribute('data-due', String(r.due));
        }
        tr.appendChild(due);
        tr.appendChild(el('td', r.due === null ? '' : left(r.due - now), r.due !== null && r.due < now ? 'overdue' : ''));
        var notice = el('td');
        notice.appendChild(link(r.o.href, r.o.title + ': ' + r.st.title));
        notice.appendChild(el('span', ' (' + r.st.text + (r.level ? '; only at a higher severity' : '') + ')', 'rule'));
        tr.appendChild(notice);
        var tell = el('td', r.o.party || 'restricted');
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
        var tpl = el('td');
        if (r.st.template) { tpl.appendChild(link(r.st.template, 'Open the template')); } else { tpl.textContent = '—'; }
        tr.appendChild(tpl);
        body.appendChild(tr);
      });
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
