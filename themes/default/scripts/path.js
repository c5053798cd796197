// Learning paths: draws a quiz's questions from its pool (one topic after another, so
// every attempt covers every topic; "Start again" draws anew), leads from a passed or
// failed quiz to the completion page with the score, fills in the completion page, and
// tells a learning system's launcher (a parent frame, see lms.js in an exported package)
// which step is shown and how the quiz went. Nothing is sent anywhere else, and the
// learner's name never leaves the completion page unless they press a button.
(function () {
  'use strict';

  /** Tells the frame around this page, if there is one, what happened. */
  function tell(message) {
    if (window.parent === window) return;
    message.irbook = 1;
    try {
      window.parent.postMessage(message, '*');
    } catch (e) {
      // no launcher listening: the page works on its own
    }
  }

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }

  // The step of the path this page is, from its progress bar.
  var progress = document.querySelector('.path-progress progress');
  if (progress) {
    tell({
      kind: 'step',
      step: Number(progress.getAttribute('value')),
      total: Number(progress.getAttribute('max')),
      title: document.title
    });
  }

  var form = document.getElementById('quiz');
  if (form) quiz(form);
  var completion = document.getElementById('completion');
  if (completion) complete(completion);

  function quiz(form) {
    var draw = Number(form.getAttribute('data-draw')) || 0;
    var pool = Array.prototype.slice.call(form.querySelectorAll('fieldset.question'));
    var actions = form.querySelector('.quiz-actions');
    function drawQuestions() {
      if (!draw || draw >= pool.length) return;
      var topics = {};
      var order = [];
      pool.forEach(function (q) {
        var t = q.getAttribute('data-topic') || '';
        if (!topics[t]) {
          topics[t] = [];
          order.push(t);
        }
        topics[t].push(q);
      });
      shuffle(order);
      order.forEach(function (t) { shuffle(topics[t]); });
      var chosen = [];
      for (var round = 0; chosen.length < draw; round++) {
        order.forEach(function (t) {
          if (chosen.length < draw && topics[t][round]) chosen.push(topics[t][round]);
        });
      }
      pool.forEach(function (q) { if (q.parentNode) q.parentNode.removeChild(q); });
      chosen.forEach(function (q, i) {
        var n = q.querySelector('.qnum');
        if (n) n.textContent = (i + 1) + '.';
        form.insertBefore(q, actions);
      });
      form.setAttribute('data-drawn', chosen.map(function (q) { return q.getAttribute('data-question'); }).join(' '));
    }
    drawQuestions();
    form.addEventListener('reset', function () {
      // After quiz.js has cleared the marks, and after the form has cleared the inputs.
      setTimeout(function () {
        drawQuestions();
        var link = document.querySelector('.path-complete-link');
        if (link) link.hidden = true;
        tell({ kind: 'retry' });
      }, 0);
    });
    form.addEventListener('submit', function () {
      // quiz.js marks the answers first (its handler was added before this one).
      setTimeout(function () {
        var questions = form.querySelectorAll('fieldset.question');
        var right = form.querySelectorAll('fieldset.question.answered-right').length;
        var total = questions.length;
        var score = total ? Math.round((right / total) * 100) : 0;
        var pass = Number(form.getAttribute('data-pass')) || 80;
        var passed = score >= pass;
        var answers = Array.prototype.map.call(questions, function (q) {
          var picked = Array.prototype.filter.call(q.querySelectorAll('input'), function (i) { return i.checked; })
            .map(function (i) { return i.value; });
          return { id: q.getAttribute('data-question'), response: picked.join(','), correct: q.classList.contains('answered-right') };
        });
        tell({ kind: 'quiz', right: right, total: total, score: score, pass: pass, passed: passed, answers: answers });
        var complete = form.getAttribute('data-complete');
        var link = document.getElementById('path-complete');
        if (complete && link) {
          link.href = complete + '?right=' + right + '&total=' + total + '&score=' + score + '&passed=' + (passed ? 1 : 0);
          link.parentNode.hidden = false;
        }
      }, 0);
    });
  }

  function complete(form) {
    var params = new URLSearchParams(window.location.search);
    var date = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var today = date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
    document.getElementById('completion-date').textContent = today;
    var scoreText = '';
    if (params.has('score')) {
      scoreText = params.get('right') + ' out of ' + params.get('total') + ' (' + params.get('score') + '%), ' +
        (params.get('passed') === '1' ? 'passed' : 'not passed') + ' (pass mark ' + form.getAttribute('data-pass') + '%)';
      document.getElementById('completion-score').textContent = scoreText;
    }
    tell({ kind: 'complete' });
    document.getElementById('completion-print').addEventListener('click', function () { window.print(); });
    var mail = document.getElementById('completion-mail');
    if (mail) {
      mail.addEventListener('click', function () {
        var name = document.getElementById('learner').value.trim();
        var lines = [
          'Awareness training completed',
          'Name: ' + (name || '(not given)'),
          'Path: ' + form.getAttribute('data-path-title'),
          'Date: ' + today,
          'Score: ' + (scoreText || 'not recorded'),
          'Scheme version: ' + (form.getAttribute('data-version') || 'not set'),
          'Organisation: ' + form.getAttribute('data-organisation')
        ];
        mail.href = 'mailto:' + form.getAttribute('data-email') +
          '?subject=' + encodeURIComponent('Completed: ' + form.getAttribute('data-path-title') + (name ? ' (' + name + ')' : '')) +
          '&body=' + encodeURIComponent(lines.join('\n'));
      });
    }
  }
})();
