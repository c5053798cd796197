// The new starter's quiz, answered and scored in a real browser from file://, the quiz with
// JavaScript off, and the pocket card printed on one page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countPdfPages, launch, openGuarded, screenshotDir, url } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the quiz is answered, submitted and scored from file://', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/index.html');
    await g.page.click('a[href="awareness/index.html"]');
    await g.page.click('.path-steps a[href$="new-starter-quiz.html"]');
    // A quiz with a pool draws its questions when the page has loaded; count them after.
    await g.page.waitForLoadState('load');
    const questions = await g.page.locator('fieldset.question').count();
    assert.ok(questions >= 5, `only ${questions} questions`);
    // Answer every question right except the first: a score of (n-1)/n.
    const sets = g.page.locator('fieldset.question');
    for (let i = 0; i < questions; i++) {
      const q = sets.nth(i);
      const pick = i === 0 ? q.locator('input:not([data-correct])').first() : q.locator('input[data-correct]');
      const n = await pick.count();
      for (let k = 0; k < n; k++) await pick.nth(k).check();
    }
    await g.page.click('button.quiz-submit');
    const score = await g.page.locator('#quiz-score').textContent();
    assert.match(score, new RegExp(`You scored ${questions - 1} out of ${questions}`));
    assert.equal(await g.page.locator('fieldset.answered-wrong').count(), 1);
    assert.equal(await g.page.locator('details.answer[open]').count(), questions, 'every explanation is shown after submitting');
    // The feedback reads top to bottom: the verdict, then the answer it points to.
    const wrong = g.page.locator('fieldset.answered-wrong');
    assert.equal((await wrong.locator('.verdict').textContent()).trim(), 'Not quite: see the answer below.');
    const below = await wrong.evaluate((q) => Boolean(
      q.querySelector('.verdict').compareDocumentPosition(q.querySelector('details.answer')) & Node.DOCUMENT_POSITION_FOLLOWING));
    assert.ok(below, 'the answer is below the verdict');
    // The marks after a choice keep their space ("✔ right answer").
    const marks = await g.page.evaluate(() => ['.choice.is-right', '.choice.is-wrong'].map(
      (c) => getComputedStyle(document.querySelector(c), '::after').content));
    assert.deepEqual(marks, ['" ✔ right answer"', '" ✘ your answer"']);
    for (const more of await g.page.locator('details.answer a').allTextContents()) {
      assert.doesNotMatch(more, /\.(md|ya?ml)\b/, 'Learn more names the page, not its file');
    }
    await g.page.screenshot({ path: join(screenshotDir(), 'quiz-result.png'), fullPage: true });
    g.assertClean();
  } finally {
    await g.close();
  }
});

test('without JavaScript the quiz still shows its questions and answers', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(url('staff/awareness/new-starter-quiz.html'));
    assert.ok((await page.locator('fieldset.question').count()) >= 5);
    const first = page.locator('details.answer').first();
    await first.locator('summary').click();
    assert.match(await first.textContent(), /Answer:/);
  } finally {
    await context.close();
  }
});

test('the pocket card prints on one page and the poster on one A4 page', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/awareness/pocket-card.html');
    const card = await g.page.pdf({ preferCSSPageSize: true });
    writeFileSync(join(screenshotDir(), 'pocket-card.pdf'), card);
    assert.equal(countPdfPages(card).pages, 1, 'the pocket card must fit one page');
    await g.goto('staff/awareness/poster.html');
    const poster = await g.page.pdf({ preferCSSPageSize: true });
    assert.equal(countPdfPages(poster).pages, 1, 'the poster must fit one A4 page');
    g.assertClean();
  } finally {
    await g.close();
  }
});
