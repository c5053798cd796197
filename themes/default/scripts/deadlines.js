/* irbook deadline engine: when each stage of a notification obligation falls due.
 *
 * The twin of src/model/clock/engine.rs; tests/deadlines_js.rs runs both on the same
 * generated cases and requires equal results. It reads the JSON irbook writes
 * (src/model/clock/wire.rs): the calendar, the stages' deadlines already parsed, the moments
 * known and the stages completed, all instants in milliseconds since 1970-01-01T00:00:00Z.
 *
 * Rules: minutes and hours are elapsed time added to the instant. Days, working days and
 * months count on the local wall-clock time in the scheme's time zone and keep it; a local
 * time that does not exist (spring-forward gap) moves forward by the gap, one that exists
 * twice (fall-back fold) takes the earlier instant ("compatible" disambiguation).
 *
 * Plain script, no modules, no network: works from file://. Time zone offsets come from
 * Intl.DateTimeFormat only. In a browser it defines window.IrbookDeadlines; in node it is
 * the module's export.
 */
(function (root) {
  'use strict';

  var MINUTE = 60000;
  var HOUR = 3600000;
  var DAY = 86400000;
  /* The instants jiff (and so the Rust engine) can represent. */
  var MIN_MS = -377705116800000; /* -009999-01-02T01:59:59Z, rounded down to the second */
  var MAX_MS = 253402207200999; /* 9999-12-30T22:00:00.999Z */
  var MOMENTS = ['awareness', 'detection', 'classification', 'decision'];

  var formatters = {};

  function formatter(zone) {
    var f = formatters[zone];
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric'
      });
      formatters[zone] = f;
    }
    return f;
  }

  /* Milliseconds of a UTC calendar date and time; unlike Date.UTC, years 0-99 stay themselves. */
  function utc(year, month, day, hour, minute, second, ms) {
    var d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(hour, minute, second, ms);
    return d.getTime();
  }

  function floorDiv(a, b) {
    return Math.floor(a / b);
  }

  /* The zone's offset from UTC at instant `ms`, in milliseconds (east positive). */
  function offsetMs(zone, ms) {
    var whole = ms - (((ms % 1000) + 1000) % 1000);
    var parts = formatter(zone).formatToParts(new Date(whole));
    var v = {};
    for (var i = 0; i < parts.length; i++) {
      v[parts[i].type] = parts[i].value;
    }
    var year = Number(v.year);
    if (v.era === 'BC' || v.era === 'B') {
      year = 1 - year;
    }
    var hour = Number(v.hour) % 24;
    var local = utc(year, Number(v.month), Number(v.day), hour, Number(v.minute), Number(v.second), 0);
    return local - whole;
  }

  /* The local wall-clock time of an instant, as milliseconds read as if UTC. */
  function localMs(zone, ms) {
    return ms + offsetMs(zone, ms);
  }

  /* The instant of a local wall-clock time (milliseconds read as if UTC): a time in a gap
   * moves forward by the gap, a time in a fold takes the earlier instant. */
  function instant(zone, local) {
    var before = offsetMs(zone, local - DAY);
    var after = offsetMs(zone, local + DAY);
    var found = [];
    var offsets = before === after ? [before] : [before, after];
    for (var i = 0; i < offsets.length; i++) {
      var t = local - offsets[i];
      if (offsetMs(zone, t) === offsets[i]) {
        found.push(t);
      }
    }
    if (found.length === 0) {
      /* A gap: read the time with the offset in force before it, which lands after it. */
      return local - before;
    }
    return Math.min.apply(null, found);
  }

  function daysInMonth(year, month) {
    return new Date(utc(year, month + 1, 0, 0, 0, 0, 0)).getUTCDate();
  }

  function pad(n, width) {
    var s = String(Math.abs(n));
    while (s.length < width) {
      s = '0' + s;
    }
    return (n < 0 ? '-' : '') + s;
  }

  function isWorkingDay(calendar, dayMs) {
    var d = new Date(dayMs);
    var iso = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    if (calendar.working_days.indexOf(iso) < 0) {
      return false;
    }
    var key = pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2);
    return calendar.holidays.indexOf(key) < 0;
  }

  function inRange(ms) {
    return ms >= MIN_MS && ms <= MAX_MS;
  }

  /* The instant `count` `unit` after `from`, or null beyond the calendar (after the year 9999). */
  function addPeriod(calendar, from, count, unit) {
    var out;
    if (unit === 'minutes' || unit === 'hours') {
      out = from + count * (unit === 'minutes' ? MINUTE : HOUR);
      return inRange(out) ? out : null;
    }
    var zone = calendar.timezone;
    var local = localMs(zone, from);
    var timeOfDay = ((local % DAY) + DAY) % DAY;
    var day = local - timeOfDay; /* local midnight, read as UTC */
    var d = new Date(day);
    var y = d.getUTCFullYear();
    var m = d.getUTCMonth() + 1;
    var dd = d.getUTCDate();
    if (unit === 'days') {
      day = utc(y, m, dd + count, 0, 0, 0, 0);
    } else if (unit === 'working-days') {
      if (calendar.working_days.length === 0) {
        return null;
      }
      var left = count;
      while (left > 0) {
        day += DAY;
        if (new Date(day).getUTCFullYear() > 9999) {
          return null;
        }
        if (isWorkingDay(calendar, day)) {
          left -= 1;
        }
      }
    } else if (unit === 'months') {
      var index = y * 12 + (m - 1) + count;
      var ny = floorDiv(index, 12);
      var nm = index - ny * 12 + 1;
      day = utc(ny, nm, Math.min(dd, daysInMonth(ny, nm)), 0, 0, 0, 0);
    } else {
      throw new Error('unknown unit ' + unit);
    }
    if (new Date(day).getUTCFullYear() > 9999) {
      return null;
    }
    out = instant(zone, day + timeOfDay);
    return inRange(out) ? out : null;
  }

  function anchorTime(anchor, moments, done) {
    if (anchor.moment !== undefined) {
      var t = moments[anchor.moment];
      return t === undefined ? null : t;
    }
    return Object.prototype.hasOwnProperty.call(done, anchor.stage) ? done[anchor.stage] : null;
  }

  /* One term's result: {at, needs, out_of_range}. */
  function termDue(calendar, term, moments, done) {
    var from = anchorTime(term.anchor, moments, done);
    if (from === null) {
      return { at: null, needs: term.anchor, out_of_range: false };
    }
    var at = addPeriod(calendar, from, term.count, term.unit);
    return at === null
      ? { at: null, needs: null, out_of_range: true }
      : { at: at, needs: null, out_of_range: false };
  }

  /* A stage's result: the earliest known term; exact unless a term still needs its anchor. */
  function stageDue(calendar, stage, moments, done) {
    var terms = [];
    var best = null;
    var missing = false;
    for (var i = 0; i < stage.terms.length; i++) {
      var r = termDue(calendar, stage.terms[i], moments, done || {});
      terms.push(r);
      if (r.needs !== null) {
        missing = true;
      }
      if (r.at !== null && (best === null || r.at < terms[best].at)) {
        best = i;
      }
    }
    return {
      id: stage.id,
      due: best === null ? null : terms[best].at,
      exact: best !== null && !missing,
      term: best,
      terms: terms
    };
  }

  /* Every stage of `input` = {calendar, stages, moments, done}, in order. */
  function compute(input) {
    var out = [];
    for (var i = 0; i < input.stages.length; i++) {
      out.push(stageDue(input.calendar, input.stages[i], input.moments, input.done || {}));
    }
    return out;
  }

  /* Whether a duty with condition `c` ({any, all, min_level, categories}) may apply in
   * situation `s` ({facts, level, categories}; level and categories null while not known):
   * true unless what is known rules it out. The twin of Condition::admits in
   * src/model/clock/applies.rs. */
  function applies(c, s) {
    function holds(f) { return s.facts.indexOf(f) >= 0; }
    var byFacts = (c.any.length === 0 || c.any.some(holds)) && c.all.every(holds);
    var byLevel = c.min_level === null || s.level === null || s.level <= c.min_level;
    var byCategory = s.categories === null || c.categories.length === 0 ||
      c.categories.some(function (k) { return s.categories.indexOf(k) >= 0; });
    return byFacts && byLevel && byCategory;
  }

  var api = {
    MOMENTS: MOMENTS,
    applies: applies,
    offsetMs: offsetMs,
    localMs: localMs,
    instant: instant,
    addPeriod: addPeriod,
    termDue: termDue,
    stageDue: stageDue,
    compute: compute
  };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.IrbookDeadlines = api;
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
