// The launcher of an irbook learning-system package (irbook-launch.html): shows the path's
// pages in a frame, and reports to the learning system what the pages tell it (lms-side
// messages from assets/path.js). SCORM 1.2 and 2004: the API is found the standard way
// (window.API or window.API_1484_11 in a parent frame, then the opener's); xAPI: the
// endpoint, credentials and learner come as the launch parameters in this page's address.
// With no learning system, the pages simply show, and nothing is sent anywhere.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('irbook-package').textContent);
  var frame = document.getElementById('irbook-content');
  var started = Date.now();
  var state = { step: 0, completed: false, passed: null, finished: false };

  // --- SCORM -------------------------------------------------------------------------
  function findIn(win, name) {
    // The ADL search: up the parents, at most a few hops.
    for (var hops = 0; win && hops < 10; hops++) {
      try {
        if (win[name]) return win[name];
      } catch (e) {
        return null; // another origin: no API of ours there
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function findApi(name) {
    return findIn(window.parent !== window ? window.parent : null, name) ||
      (window.opener ? findIn(window.opener, name) : null);
  }

  var scorm = null;
  if (data.standard === 'scorm12') {
    var api12 = findApi('API');
    if (api12) {
      scorm = {
        init: function () { return String(api12.LMSInitialize('')) === 'true'; },
        get: function (k) { return String(api12.LMSGetValue(k) || ''); },
        set: function (k, v) { api12.LMSSetValue(k, String(v)); },
        commit: function () { api12.LMSCommit(''); },
        finish: function () { api12.LMSFinish(''); },
        keys: { location: 'cmi.core.lesson_location', entry: 'cmi.core.entry', exit: 'cmi.core.exit', session: 'cmi.core.session_time', status: 'cmi.core.lesson_status' }
      };
    }
  } else if (data.standard === 'scorm2004') {
    var api04 = findApi('API_1484_11');
    if (api04) {
      scorm = {
        init: function () { return String(api04.Initialize('')) === 'true'; },
        get: function (k) { return String(api04.GetValue(k) || ''); },
        set: function (k, v) { api04.SetValue(k, String(v)); },
        commit: function () { api04.Commit(''); },
        finish: function () { api04.Terminate(''); },
        keys: { location: 'cmi.location', entry: 'cmi.entry', exit: 'cmi.exit', session: 'cmi.session_time', status: 'cmi.completion_status' }
      };
    }
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }
  /** Seconds as SCORM 1.2's CMITimespan (HHHH:MM:SS) or 2004's ISO 8601 duration. */
  function timespan(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    if (data.standard === 'scorm12') return (h < 1000 ? ('000' + h).slice(-4) : String(h)) + ':' + two(m) + ':' + two(s);
    return 'PT' + h + 'H' + m + 'M' + s + 'S';
  }

  function startScorm() {
    var ok = false;
    try { ok = scorm.init(); } catch (e) { ok = false; }
    if (!ok) { scorm = null; return; }
    var k = scorm.keys;
    var bookmark = Number(scorm.get(k.location));
    if (scorm.get(k.entry) === 'resume' && bookmark >= 1 && bookmark <= data.steps.length) {
      state.step = bookmark;
      frame.src = data.steps[bookmark - 1];
    }
    var status = scorm.get(k.status);
    if (data.standard === 'scorm12') {
      if (status === 'not attempted' || status === '') scorm.set(k.status, 'incomplete');
      state.completed = status === 'passed' || status === 'completed' || status === 'failed';
    } else {
      if (status !== 'completed') scorm.set(k.status, 'incomplete');
      state.completed = status === 'completed';
    }
    scorm.commit();
  }

  function scormStep(step, total) {
    var k = scorm.keys;
    scorm.set(k.location, step);
    if (data.standard === 'scorm2004' && !state.completed) {
      scorm.set('cmi.progress_measure', Math.min(1, step / total).toFixed(2));
    }
    scorm.commit();
  }

  function scormQuiz(m) {
    if (data.standard === 'scorm12') {
      scorm.set('cmi.core.score.min', 0);
      scorm.set('cmi.core.score.max', 100);
      scorm.set('cmi.core.score.raw', m.score);
      scorm.set('cmi.core.lesson_status', m.passed ? 'passed' : 'failed');
    } else {
      scorm.set('cmi.score.min', 0);
      scorm.set('cmi.score.max', m.total);
      scorm.set('cmi.score.raw', m.right);
      scorm.set('cmi.score.scaled', m.total ? (m.right / m.total).toFixed(4).replace(/0+$/, '').replace(/\.$/, '') : 0);
      scorm.set('cmi.success_status', m.passed ? 'passed' : 'failed');
      scorm.set('cmi.completion_status', 'completed');
      scorm.set('cmi.progress_measure', 1);
    }
    state.completed = true;
    scorm.commit();
  }

  function scormComplete() {
    if (state.completed) return;
    // A path without a quiz is complete when its completion page is reached.
    if (data.standard === 'scorm12') scorm.set('cmi.core.lesson_status', 'completed');
    else {
      scorm.set('cmi.completion_status', 'completed');
      scorm.set('cmi.progress_measure', 1);
    }
    state.completed = true;
    scorm.commit();
  }

  function scormFinish() {
    var k = scorm.keys;
    scorm.set(k.session, timespan(Math.round((Date.now() - started) / 1000)));
    // An unfinished path is suspended, so the next launch resumes at the bookmark.
    if (data.standard === 'scorm12') scorm.set(k.exit, state.completed ? '' : 'suspend');
    else scorm.set(k.exit, state.completed ? 'normal' : 'suspend');
    scorm.commit();
    scorm.finish();
  }

  // --- xAPI --------------------------------------------------------------------------
  var xapi = null;
  if (data.standard === 'xapi') {
    var q = new URLSearchParams(window.location.search);
    if (q.get('endpoint') && q.get('actor')) {
      var actor = null;
      try { actor = JSON.parse(q.get('actor')); } catch (e) { actor = null; }
      if (actor) {
        xapi = {
          endpoint: q.get('endpoint').replace(/\/?$/, '/'),
          auth: q.get('auth') || '',
          actor: actor,
          registration: q.get('registration') || '',
          activity: q.get('activity_id') || data.activity
        };
      }
    }
  }
  var VERBS = {
    experienced: 'http://adlnet.gov/expapi/verbs/experienced',
    answered: 'http://adlnet.gov/expapi/verbs/answered',
    passed: 'http://adlnet.gov/expapi/verbs/passed',
    failed: 'http://adlnet.gov/expapi/verbs/failed',
    completed: 'http://adlnet.gov/expapi/verbs/completed'
  };
  function send(verb, object, result) {
    var st = {
      actor: xapi.actor,
      verb: { id: VERBS[verb], display: { 'en-GB': verb } },
      object: { objectType: 'Activity', id: object.id, definition: { name: { 'en-GB': object.name } } },
      timestamp: new Date().toISOString(),
      context: { contextActivities: { parent: [{ id: xapi.activity }] } }
    };
    if (xapi.registration) st.context.registration = xapi.registration;
    if (object.id === xapi.activity) delete st.context.contextActivities;
    if (result) st.result = result;
    var headers = { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' };
    if (xapi.auth) headers.Authorization = xapi.auth;
    return fetch(xapi.endpoint + 'statements', { method: 'POST', headers: headers, body: JSON.stringify(st), keepalive: true })
      .catch(function () { /* the record store is unreachable: the pages still work */ });
  }
  function duration() { return timespan(Math.round((Date.now() - started) / 1000)); }

  // --- the pages' messages -----------------------------------------------------------
  window.addEventListener('message', function (ev) {
    if (ev.source !== frame.contentWindow) return;
    var m = ev.data;
    if (!m || m.irbook !== 1) return;
    if (m.kind === 'step' && m.step >= 1) {
      state.step = m.step;
      if (scorm) scormStep(m.step, m.total);
      if (xapi) send('experienced', { id: xapi.activity + '/step/' + m.step, name: String(m.title || ('Step ' + m.step)) });
    } else if (m.kind === 'quiz') {
      state.passed = m.passed;
      if (scorm) scormQuiz(m);
      if (xapi) {
        (m.answers || []).forEach(function (a) {
          send('answered', { id: xapi.activity + '/question/' + a.id, name: a.id }, { success: a.correct, response: a.response });
        });
        var score = { raw: m.right, min: 0, max: m.total, scaled: m.total ? m.right / m.total : 0 };
        send(m.passed ? 'passed' : 'failed', { id: xapi.activity, name: data.title }, { score: score, success: m.passed });
        send('completed', { id: xapi.activity, name: data.title }, { completion: true, success: m.passed, score: score, duration: duration() });
        state.completed = true;
      }
    } else if (m.kind === 'complete') {
      if (scorm) scormComplete();
      if (xapi && !state.completed) {
        send('completed', { id: xapi.activity, name: data.title }, { completion: true, duration: duration() });
        state.completed = true;
      }
    }
  });

  function finish() {
    if (state.finished) return;
    state.finished = true;
    if (scorm) scormFinish();
  }
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
  // For a learning system (or a test) that ends the attempt without unloading the page.
  window.irbookFinish = finish;

  if (scorm) startScorm();
  if (xapi) data.standard = 'xapi';
})();
