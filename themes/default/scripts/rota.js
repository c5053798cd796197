/* irbook rota: who is on duty now, from the reader's clock.
 *
 * The twin of src/model/rota/arith.rs; tests/suite/rota_js.rs runs both on the same
 * instants and requires equal answers. It reads the JSON irbook writes into the page
 * (arith::wire): per rotation its roster's names and its plan, every time a wall-clock
 * time in minutes since 1970-01-01 00:00, read in the scheme's zone (or, when the scheme
 * names none, the reader's local time).
 *
 * Plain script, inlined into the page: no modules, no network, works from file://. In a
 * browser it fills every element with data-rota-slot; in node it is the module's export.
 */
(function (root) {
  'use strict';

  var DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var formatters = {};

  function floorDiv(a, b) {
    return Math.floor(a / b);
  }

  function mod(a, b) {
    return ((a % b) + b) % b;
  }

  /* The wall-clock time of instant `ms` in `zone` (an IANA name; null: local time), in
   * whole minutes since 1970-01-01 00:00 on the calendar. */
  function wall(ms, zone) {
    var whole = ms - mod(ms, 60000);
    var d = new Date(whole);
    if (!zone) {
      return floorDiv(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()), 60000);
    }
    var f = formatters[zone];
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric',
        day: 'numeric', hour: 'numeric', minute: 'numeric'
      });
      formatters[zone] = f;
    }
    var v = {};
    var parts = f.formatToParts(d);
    for (var i = 0; i < parts.length; i++) {
      v[parts[i].type] = parts[i].value;
    }
    var utc = new Date(0);
    utc.setUTCFullYear(Number(v.year), Number(v.month) - 1, Number(v.day));
    utc.setUTCHours(Number(v.hour) % 24, Number(v.minute), 0, 0);
    return floorDiv(utc.getTime(), 60000);
  }

  function coverAt(plan, t) {
    for (var i = plan.covers.length - 1; i >= 0; i--) {
      var c = plan.covers[i];
      if (c.from <= t && t < c.to) {
        return c;
      }
    }
    return null;
  }

  /* Who is on duty at wall time `t`: a place in the roster, or null. */
  function onDuty(plan, t) {
    var c = coverAt(plan, t);
    if (c) {
      return c.person;
    }
    if (t < plan.start || (plan.end !== null && t >= plan.end) || plan.people.length === 0) {
      return null;
    }
    var k = floorDiv(t - plan.start, Math.max(plan.period, 1));
    return plan.people[mod(k, plan.people.length)];
  }

  /* The first wall time after `t` at which anything changes, or null. */
  function nextChange(plan, t) {
    var best = null;
    function consider(w) {
      if (w > t && (best === null || w < best)) {
        best = w;
      }
    }
    if (plan.people.length > 0) {
      if (t < plan.start) {
        consider(plan.start);
      } else {
        var p = Math.max(plan.period, 1);
        var next = plan.start + (floorDiv(t - plan.start, p) + 1) * p;
        if (plan.end === null || next < plan.end) {
          consider(next);
        }
      }
      if (plan.end !== null) {
        consider(plan.end);
      }
    }
    for (var i = 0; i < plan.covers.length; i++) {
      consider(plan.covers[i].from);
      consider(plan.covers[i].to);
    }
    return best;
  }

  /* As a reader sees it: "Mon 7 Dec 2026, 09:00". */
  function describe(t) {
    var d = new Date(t * 60000);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return DAYS[mod(floorDiv(t, 1440) + 3, 7)] + ' ' + d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] +
      ' ' + d.getUTCFullYear() + ', ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }

  /* Fills the page's on-duty slots for the instant `ms`. */
  function fill(doc, data, ms) {
    var now = wall(ms, data.zone);
    var byRole = {};
    for (var i = 0; i < data.rotations.length; i++) {
      byRole[data.rotations[i].role] = data.rotations[i];
    }
    var slots = doc.querySelectorAll('[data-rota-slot]');
    for (var j = 0; j < slots.length; j++) {
      var slot = slots[j];
      var r = byRole[slot.getAttribute('data-rota-slot')];
      var live = slot.querySelector('.od-live');
      if (!r || !live) {
        continue;
      }
      var who = onDuty(r.plan, now);
      var until = nextChange(r.plan, now);
      live.textContent = '';
      live.appendChild(doc.createTextNode('On duty now: '));
      var name = doc.createElement('strong');
      name.className = 'od-name';
      name.textContent = who === null ? 'no one (gap in the rota)' : r.names[who];
      live.appendChild(name);
      if (until !== null) {
        live.appendChild(doc.createTextNode(' until ' + describe(until)));
      }
      live.hidden = false;
      slot.className += ' od-ready';
    }
  }

  var api = { wall: wall, onDuty: onDuty, nextChange: nextChange, describe: describe, fill: fill };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.IrbookRota = api;
  }
  if (root.document && root.document.getElementById) {
    var el = root.document.getElementById('rota-data');
    if (el) {
      try {
        fill(root.document, JSON.parse(el.textContent), Date.now());
      } catch (e) {
        /* The printed rota and the link to it stay. */
      }
    }
  }
})(this);
