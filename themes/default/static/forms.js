// Forms: rows added to a table section on screen. Runs from file:// with no network;
// nothing here sends anything anywhere.
(function () {
  'use strict';

  /** Adds a blank row to the table of section `fieldset`, numbered after the last. */
  function addRow(fieldset) {
    var body = fieldset.querySelector('table.rows-table tbody');
    var last = body && body.lastElementChild;
    if (!last) return null;
    var n = body.children.length + 1;
    var row = last.cloneNode(true);
    row.querySelector('.row-n').textContent = String(n);
    row.querySelectorAll('input, textarea').forEach(function (el) {
      // Names are "<section>.<row>.<column>", with the edition's prefix in the binder.
      el.name = el.name.replace(/\.\d+\.([^.]+)$/, '.' + n + '.$1');
      var label = el.getAttribute('aria-label');
      if (label) el.setAttribute('aria-label', label.replace(/row \d+$/, 'row ' + n));
      if (el.type === 'checkbox') el.checked = false;
      else el.value = '';
    });
    body.appendChild(row);
    return row;
  }

  // The sheet header repeats on every printed page, but Chromium paints no inputs in a
  // repeated header: the incident reference and severity print from a copy in a span.
  document.querySelectorAll('[data-copy-of]').forEach(function (span) {
    var input = document.querySelector('input[name="' + span.dataset.copyOf + '"]');
    if (!input) return;
    var copy = function () { span.textContent = input.value; };
    input.addEventListener('input', copy);
    copy();
  });

  document.querySelectorAll('button.add-row').forEach(function (button) {
    button.parentElement.hidden = false;
    button.addEventListener('click', function () {
      var row = addRow(document.getElementById(button.dataset.table));
      var first = row && row.querySelector('input, textarea');
      if (first) first.focus();
    });
  });
})();

// Sending the intake form (`intake:` in irbook.yaml): an e-mail composed in the reader's
// own mail program, downloads as text and JSON, and an ordinary form post to the service
// desk. All of it happens when the reporter presses a button; nothing here talks to a
// server.
(function () {
  'use strict';
  /** Longest mailto: URL to hand to a mail program; longer ones are cut off by some. */
  var MAILTO_LIMIT = 2000;

  var form = document.querySelector('form.sendable');
  if (!form) return;
  var panel = form.querySelector('.send-panel');

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function localStamp(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  /** One field's value: text, a choice, a list of choices, or yes/no. */
  function fieldValue(div) {
    var inputs = div.querySelectorAll('input, textarea, select');
    if (!inputs.length) return '';
    var first = inputs[0];
    if (first.type === 'radio') {
      var on = div.querySelector('input:checked');
      return on ? on.value : '';
    }
    if (first.type === 'checkbox') {
      if (inputs.length === 1 && !div.querySelector('fieldset.choices')) return first.checked;
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    return first.value;
  }

  /** The filled-in form as data: sections with their fields, and rows of tables. */
  function collect() {
    var sections = [];
    form.querySelectorAll('fieldset[data-section]').forEach(function (fs) {
      var section = { id: fs.dataset.section, title: fs.dataset.title, fields: [] };
      fs.querySelectorAll('.field[data-field]').forEach(function (div) {
        section.fields.push({ id: div.dataset.field, label: div.dataset.label, value: fieldValue(div) });
      });
      var table = fs.querySelector('table.rows-table');
      if (table) {
        var cols = Array.prototype.map.call(table.querySelectorAll('thead th[data-column]'), function (th) {
          return { id: th.dataset.column, label: th.textContent };
        });
        section.columns = cols;
        section.rows = [];
        table.querySelectorAll('tbody tr').forEach(function (tr) {
          var cells = tr.querySelectorAll('input, textarea');
          var row = {};
          var any = false;
          cols.forEach(function (c, k) {
            var el = cells[k];
            var v = !el ? '' : el.type === 'checkbox' ? el.checked : el.value;
            if (v) any = true;
            row[c.id] = v;
          });
          if (any) section.rows.push(row);
        });
      }
      sections.push(section);
    });
    return sections;
  }

  function shown(v) {
    if (v === true) return 'Yes';
    if (v === false) return '';
    if (Array.isArray(v)) return v.join('; ');
    return String(v).trim();
  }

  /** The report as plain text: only what was filled in, section by section. */
  function asText(sections, written) {
    var lines = [form.dataset.title, form.dataset.editionName + ' edition' + (form.dataset.version ? ', scheme version ' + form.dataset.version : ''), 'Written ' + localStamp(written) + ' (the clock of the computer it was written on)'];
    var any = false;
    sections.forEach(function (s) {
      var body = [];
      s.fields.forEach(function (f) {
        var v = shown(f.value);
        if (!v) return;
        var parts = v.split(/\r?\n/);
        body.push(f.label + ': ' + parts[0]);
        for (var i = 1; i < parts.length; i++) body.push('    ' + parts[i]);
      });
      (s.rows || []).forEach(function (row, n) {
        var cells = s.columns.map(function (c) { return shown(row[c.id]) ? c.label + ': ' + shown(row[c.id]).replace(/\s*\r?\n\s*/g, ' / ') : ''; }).filter(Boolean);
        body.push((n + 1) + '. ' + cells.join('; '));
      });
      if (!body.length) return;
      any = true;
      lines.push('', '== ' + s.title + ' ==');
      lines.push.apply(lines, body);
    });
    if (!any) lines.push('', '(Nothing was filled in.)');
    return lines.join('\n') + '\n';
  }

  /** The report as JSON: every field, filled in or not, by id. */
  function asJson(sections, written) {
    var out = {
      form: form.dataset.form,
      title: form.dataset.title,
      edition: form.dataset.edition,
      edition_name: form.dataset.editionName,
      version: form.dataset.version || null,
      written: written.toISOString(),
      sections: sections.map(function (s) {
        var fields = {};
        s.fields.forEach(function (f) { fields[f.id] = f.value; });
        var o = { id: s.id, title: s.title, fields: fields };
        if (s.rows) o.rows = s.rows;
        return o;
      }),
    };
    return JSON.stringify(out, null, 2) + '\n';
  }

  function subject(written) {
    return form.dataset.title + ', written ' + localStamp(written);
  }

  /** The mailto: address with the report in it, or a short one when it would not fit. */
  function mailto(to, text, written) {
    var base = 'mailto:' + to + '?subject=' + encodeURIComponent(subject(written)) + '&body=';
    var full = base + encodeURIComponent(text.replace(/\n/g, '\r\n'));
    if (full.length <= MAILTO_LIMIT) return { href: full, fits: true };
    var note = 'My report is too long to go in this e-mail: it is attached as a text file, downloaded from the report form.\r\n';
    return { href: base + encodeURIComponent(note), fits: false };
  }

  var mail = panel.querySelector('a.send-mail');
  var tooLong = panel.querySelector('.mail-too-long');
  var status = panel.querySelector('.send-status');

  function refreshMail() {
    if (!mail) return;
    var written = new Date();
    var m = mailto(mail.dataset.to, asText(collect(), written), written);
    mail.href = m.href;
    tooLong.hidden = m.fits;
  }

  function done(message) {
    status.textContent = message;
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function fileName(written, ext) {
    return form.dataset.form + '-' + localStamp(written).replace(' ', '-').replace(':', '') + '.' + ext;
  }

  form.addEventListener('input', refreshMail);
  form.addEventListener('change', refreshMail);
  if (mail) {
    // Composed again at the press, so the time written in it is the time it was sent.
    mail.addEventListener('click', function () {
      refreshMail();
      done(tooLong.hidden
        ? 'Your e-mail program should now open with the report written in. Check it and press Send there. If nothing opens, download the report and e-mail the file.'
        : 'Your e-mail program should now open. Download the report as text and attach the file before you press Send.');
    });
  }
  panel.querySelector('.download-text').addEventListener('click', function () {
    var written = new Date();
    download(fileName(written, 'txt'), 'text/plain;charset=utf-8', asText(collect(), written));
    done('The report is saved as a text file in your downloads. Attach it to an e-mail, or copy it to a USB stick for the service desk.');
  });
  panel.querySelector('.download-json').addEventListener('click', function () {
    var written = new Date();
    download(fileName(written, 'json'), 'application/json', asJson(collect(), written));
    done('The report is saved as a JSON file in your downloads, for a system that reads it.');
  });
  refreshMail();
})();
