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
