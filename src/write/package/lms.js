// The launchers of an irbook learning-system package. SCORM: each step of the path is one
// SCO of the manifest, launched by its own page (irbook-item-N.html), which shows the
// step's page in a frame and reports that step alone: a page is completed when shown; the
// quiz (the assessed item) reports its score and passed or failed, and keeps an unfinished
// attempt (the questions drawn and the answers picked) in suspend_data, so a relaunch
// resumes it. The API is found the standard way (window.API or window.API_1484_11 in a
// parent frame, then the opener's). xAPI: one launcher (irbook-launch.html) shows the whole
// path; the endpoint, credentials and learner come as the launch parameters in its
// address. With no learning system, the pages simply show, and nothing is sent anywhere.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('irbook-package').textContent);
  var frame = document.getElementById('irbook-content');
  var started = Date.now();
  var state = { completed: false, submitted: false, resume: null, finished: false };

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
        keys: { entry: 'cmi.core.entry', exit: 'cmi.core.exit', session: 'cmi.core.session_time', status: 'cmi.core.lesson_status', suspend: 'cmi.suspend_data' },
        // SCORM 1.2 holds at most 4096 characters of suspend_data.
        room: 4096
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
        keys: { entry: 'cmi.entry', exit: 'cmi.exit', session: 'cmi.session_time', status: 'cmi.completion_status', suspend: 'cmi.suspend_data' },
        room: 64000
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
    var status = scorm.get(k.status);
    if (data.standard === 'scorm12') {
      state.completed = status === 'passed' || status === 'completed' || status === 'failed';
    } else {
      state.completed = status === 'completed';
    }
    if (!state.completed) scorm.set(k.status, 'incomplete');
    if (data.assessed && scorm.get(k.entry) === 'resume') {
      try { state.resume = JSON.parse(scorm.get(k.suspend) || 'null'); } catch (e) { state.resume = null; }
    }
    scorm.commit();
  }

  /** The step (from 1) whose page `href` is, if it is one of the path's. */
  function stepOf(href) {
    var bare = String(href).split('#')[0].split('?')[0];
    for (var i = 0; i < data.steps.length; i++) {
      if (new URL(data.steps[i], window.location.href).href === bare) return i + 1;
    }
    return 0;
  }

  /** This item's page was shown: a page is then completed; the quiz waits for its answers. */
  function scormShown() {
    if (data.assessed || state.completed) return;
    if (data.standard === 'scorm12') scorm.set('cmi.core.lesson_status', 'completed');
    else {
      scorm.set('cmi.completion_status', 'completed');
      scorm.set('cmi.progress_measure', 1);
    }
    state.completed = true;
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
    // A finished attempt leaves nothing to resume.
    scorm.set(scorm.keys.suspend, '');
    state.completed = true;
    state.submitted = true;
    scorm.commit();
  }

  /** The quiz's unfinished attempt: the questions drawn, in order, and the answers picked. */
  function quizState(form) {
    var drawn = [];
    var answers = {};
    Array.prototype.forEach.call(form.querySelectorAll('fieldset.question'), function (q) {
      var id = q.getAttribute('data-question');
      drawn.push(id);
      var picked = Array.prototype.filter.call(q.querySelectorAll('input'), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      if (picked.length) answers[id] = picked;
    });
    return { d: drawn, a: answers };
  }
  function saveQuiz(form) {
    if (state.submitted) return;
    var text = JSON.stringify(quizState(form));
    if (text.length > scorm.room) return; // too much to keep: a relaunch starts afresh
    scorm.set(scorm.keys.suspend, text);
    scorm.commit();
  }
  function pick(questions, answers) {
    questions.forEach(function (q) {
      var picked = answers[q.getAttribute('data-question')] || [];
      Array.prototype.forEach.call(q.querySelectorAll('input'), function (i) { i.checked = picked.indexOf(i.value) >= 0; });
    });
  }
  /** Puts the saved attempt back: the same questions in the same order, the same answers.
   * path.js drew anew when the page loaded, so the questions come from the page's own
   * source (the whole pool is in it) when the draw differs. */
  function restoreQuiz(doc, form, saved) {
    var ids = Array.isArray(saved.d) ? saved.d : [];
    var answers = saved.a || {};
    var current = Array.prototype.slice.call(form.querySelectorAll('fieldset.question'));
    var same = current.length === ids.length && current.every(function (q, i) { return q.getAttribute('data-question') === ids[i]; });
    if (same) {
      pick(current, answers);
      return;
    }
    fetch(frame.contentWindow.location.href.split('#')[0]).then(function (r) { return r.text(); }).then(function (html) {
      var source = new DOMParser().parseFromString(html, 'text/html');
      var byId = {};
      Array.prototype.forEach.call(source.querySelectorAll('#quiz fieldset.question'), function (q) { byId[q.getAttribute('data-question')] = q; });
      // The quiz has changed since the attempt began: the new draw stays.
      if (!ids.length || !ids.every(function (id) { return byId[id]; })) return;
      var actions = form.querySelector('.quiz-actions');
      current.forEach(function (q) { q.parentNode.removeChild(q); });
      var restored = ids.map(function (id, i) {
        var q = doc.importNode(byId[id], true);
        var n = q.querySelector('.qnum');
        if (n) n.textContent = (i + 1) + '.';
        form.insertBefore(q, actions);
        return q;
      });
      form.setAttribute('data-drawn', ids.join(' '));
      // "Start again" draws from path.js's pool: the restored questions make way for it.
      form.addEventListener('reset', function () {
        restored.forEach(function (q) { if (q.parentNode) q.parentNode.removeChild(q); });
      });
      pick(restored, answers);
      saveQuiz(form);
    }).catch(function () { /* the page cannot be read again: the new draw stays */ });
  }

  /** Asks the learning system for the item of `step` (2004), and ends this one. */
  function navigate(step) {
    var request = step === data.item + 1 ? 'continue' : step === data.item - 1 ? 'previous' : '{target=' + data.items[step - 1] + '}choice';
    scorm.set('adl.nav.request', request);
    finish();
  }

  /** The page in the frame has loaded: note it, and hook its links and its quiz. */
  function frameLoaded() {
    var doc = null;
    try { doc = frame.contentDocument; } catch (e) { doc = null; }
    if (!scorm || !doc || doc.irbookSeen || frame.contentWindow.location.href === 'about:blank') return;
    doc.irbookSeen = true;
    if (stepOf(frame.contentWindow.location.href) === data.item) scormShown();
    // The pages' own links to other steps: each step is an item the learning system
    // launches, so 2004 asks it to move there; 1.2 has no such request, and its pager
    // links make way for the learning system's own navigation.
    Array.prototype.forEach.call(doc.querySelectorAll('a[href]'), function (a) {
      var step = stepOf(a.href);
      if (!step || step === data.item) return;
      if (data.standard === 'scorm2004') {
        a.addEventListener('click', function (ev) {
          ev.preventDefault();
          navigate(step);
        });
      } else if (a.closest('.pager')) {
        a.style.display = 'none';
      }
    });
    var form = data.assessed ? doc.getElementById('quiz') : null;
    if (form) {
      form.addEventListener('change', function () { saveQuiz(form); });
      if (state.resume) {
        var saved = state.resume;
        state.resume = null;
        restoreQuiz(doc, form, saved);
      }
    }
  }

  function scormFinish() {
    var k = scorm.keys;
    scorm.set(k.session, timespan(Math.round((Date.now() - started) / 1000)));
    // An unfinished quiz is suspended, so the next launch resumes it.
    var suspend = data.assessed && !state.submitted;
    if (data.standard === 'scorm12') scorm.set(k.exit, suspend ? 'suspend' : '');
    else scorm.set(k.exit, suspend ? 'suspend' : 'normal');
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

  // --- the pages' messages (assets/path.js) ----------------------------------------
  window.addEventListener('message', function (ev) {
    if (ev.source !== frame.contentWindow) return;
    var m = ev.data;
    if (!m || m.irbook !== 1) return;
    if (m.kind === 'step' && m.step >= 1) {
      if (xapi) send('experienced', { id: xapi.activity + '/step/' + m.step, name: String(m.title || ('Step ' + m.step)) });
    } else if (m.kind === 'quiz') {
      if (scorm && data.assessed) scormQuiz(m);
      if (xapi) {
        (m.answers || []).forEach(function (a) {
          send('answered', { id: xapi.activity + '/question/' + a.id, name: a.id }, { success: a.correct, response: a.response });
        });
        var score = { raw: m.right, min: 0, max: m.total, scaled: m.total ? m.right / m.total : 0 };
        send(m.passed ? 'passed' : 'failed', { id: xapi.activity, name: data.title }, { score: score, success: m.passed });
        send('completed', { id: xapi.activity, name: data.title }, { completion: true, success: m.passed, score: score, duration: duration() });
        state.completed = true;
      }
    } else if (m.kind === 'retry') {
      // A new attempt at the quiz: its new draw is what a relaunch resumes.
      if (scorm && data.assessed) {
        state.submitted = false;
        try {
          var form = frame.contentDocument.getElementById('quiz');
          if (form) saveQuiz(form);
        } catch (e) { /* no access to the page: nothing to keep */ }
      }
    } else if (m.kind === 'complete') {
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

  if (scorm) {
    startScorm();
    frame.addEventListener('load', frameLoaded);
    // The page may have loaded before this script ran.
    try {
      if (frame.contentDocument && frame.contentDocument.readyState === 'complete') frameLoaded();
    } catch (e) { /* another origin: nothing of ours */ }
  }
})();
