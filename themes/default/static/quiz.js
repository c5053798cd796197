// Self-check quizzes: scored in the browser, nothing sent anywhere. Without JavaScript
// every question still shows, with its answer behind a details element.
(function () {
  'use strict';
  var form = document.getElementById('quiz');
  if (!form) return;
  var pass = Number(form.getAttribute('data-pass')) || 80;
  var score = document.getElementById('quiz-score');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var questions = form.querySelectorAll('fieldset.question');
    var right = 0;
    questions.forEach(function (q) {
      var inputs = q.querySelectorAll('input');
      var ok = true;
      inputs.forEach(function (i) {
        var correct = i.getAttribute('data-correct') === '1';
        if (i.checked !== correct) ok = false;
        i.parentNode.classList.toggle('is-right', correct);
        i.parentNode.classList.toggle('is-wrong', i.checked && !correct);
      });
      if (ok) right += 1;
      q.classList.toggle('answered-right', ok);
      q.classList.toggle('answered-wrong', !ok);
      var verdict = q.querySelector('.verdict');
      if (verdict) verdict.textContent = ok ? 'Right.' : 'Not quite: see the answer below.';
      var details = q.querySelector('details.answer');
      if (details) details.open = true;
    });
    var total = questions.length;
    var pct = total ? Math.round((right / total) * 100) : 0;
    score.textContent = 'You scored ' + right + ' out of ' + total + ' (' + pct + '%). ' +
      (pct >= pass ? 'Well done: you passed.' : 'The pass mark is ' + pass + '%: read the answers and try again.');
    score.classList.toggle('passed', pct >= pass);
    score.focus();
  });
  form.addEventListener('reset', function () {
    form.querySelectorAll('.is-right, .is-wrong').forEach(function (e) { e.classList.remove('is-right', 'is-wrong'); });
    form.querySelectorAll('fieldset.question').forEach(function (q) {
      q.classList.remove('answered-right', 'answered-wrong');
      var v = q.querySelector('.verdict');
      if (v) v.textContent = '';
      var d = q.querySelector('details.answer');
      if (d) d.open = false;
    });
    score.textContent = '';
  });
  score.setAttribute('tabindex', '-1');
})();
