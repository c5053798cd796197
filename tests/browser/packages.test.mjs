// Learning-system packages in a real SCORM runtime: the exported package (unzipped by
// tests/suite/browser.rs into IRBOOK_PACKAGES) runs in a frame of a page whose window holds
// scorm-again's SCORM 1.2 or 2004 API, as a learning management system would provide it:
// one item (SCO) at a time, read from the manifest, each with a fresh runtime.
// Everything is served from memory at http://lms.test/ through Playwright's routing (one
// origin, as in a real LMS); nothing reaches the network. The values the runtime recorded
// are written to IRBOOK_SCREENSHOTS/scorm-runs.json for the report.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { launch, openGuarded, screenshotDir, url } from './lib.mjs';

const PACKAGES = process.env.IRBOOK_PACKAGES || '';
const RUNTIME = join(process.cwd(), 'node_modules', 'scorm-again', 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml' };
const runs = {};

let browser;
before(async () => {
  assert.ok(PACKAGES && existsSync(PACKAGES), 'IRBOOK_PACKAGES names the unzipped packages (tests/suite/browser.rs sets it)');
  assert.ok(existsSync(join(RUNTIME, 'scorm12.js')), 'node_modules/scorm-again is missing: run `npm ci`');
  browser = await launch();
});
after(async () => {
  writeFileSync(join(screenshotDir(), 'scorm-runs.json'), JSON.stringify(runs, null, 2));
  await browser?.close();
});

/** The items of a package's manifest in order, as a learning system reads them: each
 * item's identifier, the launch file of its resource, and whether it is assessed. */
function manifestItems(dir) {
  const xml = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
  const launch = {};
  for (const m of xml.matchAll(/<resource identifier="([^"]+)"[^>]*? href="([^"]+)"/g)) launch[m[1]] = m[2];
  return [...xml.matchAll(/<item identifier="([^"]+)" identifierref="([^"]+)"[^>]*>([\s\S]*?)<\/item>/g)]
    .map((m) => ({ id: m[1], href: launch[m[2]], assessed: /masteryscore|primaryObjective/.test(m[3]) }));
}

/** The LMS page: the runtime's API on its window, loaded with `state` (a resumed attempt),
 * and the SCO `launch` in its frame: one item at a time, a fresh runtime for each. */
function lmsPage(version, state, launch) {
  const [script, global, cls] = version === '1.2' ? ['scorm12.js', 'API', 'Scorm12API'] : ['scorm2004.js', 'API_1484_11', 'Scorm2004API'];
  return `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="/runtime/${script}"></script>
<script>
window.${global} = new ${cls}({ autocommit: false, logLevel: 5 });
window.runtime = window.${global};
window.terminated = false;
window.runtime.on(${version === '1.2' ? "'LMSFinish'" : "'Terminate'"}, () => { window.terminated = true; });
// The navigation the SCO asked for when it ended (2004): what the LMS would deliver next.
window.navigation = null;
for (const action of ['SequenceNext', 'SequencePrevious', 'SequenceChoice']) {
  window.runtime.on(action, (element, target) => { window.navigation = target ? action + ' ' + target : action; });
}
const state = ${JSON.stringify(state || null)};
if (state) window.runtime.loadFromJSON(state, '');
</script></head>
<body><iframe id="sco" src="/course/${launch}" style="width:1100px;height:850px;border:0"></iframe></body></html>`;
}

/** A page whose every request goes to the in-memory LMS: its page, the runtime, the package. */
async function openLms(dir, version, launch, state) {
  const g = await openGuarded(browser);
  await g.context.route('http://lms.test/**', (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname);
    if (path === '/lms.html') return route.fulfill({ contentType: 'text/html', body: lmsPage(version, state, launch) });
    const [root, rel] = path.startsWith('/runtime/') ? [RUNTIME, path.slice(9)] : path.startsWith('/course/') ? [dir, path.slice(8)] : [null, null];
    const file = root && normalize(join(root, rel));
    if (!file || !file.startsWith(root) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: TYPES[extname(file)] || 'application/octet-stream', body: readFileSync(file) });
  });
  g.allowLms = true;
  g.launch = launch;
  await g.page.goto('http://lms.test/lms.html', { waitUntil: 'load' });
  return g;
}

/** The frame of the launcher, and the frame of the page it shows. */
function frames(g) {
  const launcher = g.page.frames().find((f) => f.url().endsWith(`/${g.launch}`));
  assert.ok(launcher, 'the launcher runs in the LMS frame');
  return { launcher, content: () => g.page.frames().find((f) => f.parentFrame() === launcher) };
}

async function contentAt(g, suffix) {
  for (let i = 0; i < 100; i++) {
    const f = frames(g).content();
    if (f && f.url().endsWith(suffix)) {
      await f.waitForLoadState('load');
      return f;
    }
    await g.page.waitForTimeout(50);
  }
  assert.fail(`the content frame never showed ${suffix}`);
}

/** Everything the runtime holds (its own JSON export, write-only elements included). */
const recorded = (g) => g.page.evaluate(() => JSON.parse(JSON.stringify(window.runtime.cmi)));
const lastError = (g) => g.page.evaluate(() => String(window.runtime.lastErrorCode));
const finish = async (g) => {
  await g.page.waitForTimeout(200);
  await frames(g).launcher.evaluate(() => window.irbookFinish());
};

/** Answers the first `count` drawn questions of the quiz in frame `f` (all, by default):
 * the first `wrong` of them wrongly, the rest rightly. Returns the drawn question ids. */
async function answer(f, wrong, count) {
  const drawn = (await f.locator('#quiz').getAttribute('data-drawn')).split(' ');
  const sets = f.locator('fieldset.question');
  const n = await sets.count();
  assert.equal(n, drawn.length, 'only the drawn questions are shown');
  for (let i = 0; i < Math.min(n, count ?? n); i++) {
    const q = sets.nth(i);
    const pick = i < wrong ? q.locator('input:not([data-correct])').first() : q.locator('input[data-correct]');
    for (let k = 0; k < (await pick.count()); k++) await pick.nth(k).check();
  }
  return drawn;
}

async function submit(f) {
  await f.click('button.quiz-submit');
  await f.locator('.path-complete-link:not([hidden])').waitFor();
}

for (const version of ['1.2', '2004']) {
  const dir = () => join(PACKAGES, version === '1.2' ? 'scorm12' : 'scorm2004');
  const status = (cmi) => (version === '1.2' ? cmi.core.lesson_status : cmi.completion_status);
  const exit = (cmi) => (version === '1.2' ? cmi.core.exit : cmi.exit);
  const quizItem = () => {
    const items = manifestItems(dir());
    const assessed = items.filter((i) => i.assessed);
    assert.equal(assessed.length, 1, 'one assessed item');
    assert.equal(assessed[0], items[items.length - 1], 'the quiz comes last');
    return assessed[0];
  };

  test(`SCORM ${version}: every page is an item, completed when shown`, async () => {
    const items = manifestItems(dir());
    assert.equal(items.length, 4, 'the depot path: three pages and the quiz');
    runs[`${version} pages`] = [];
    for (const [n, item] of items.entries()) {
      if (item.assessed) continue;
      const g = await openLms(dir(), version, item.href);
      try {
        const f = await contentAt(g, `path-depot/step-${n + 1}.html`);
        assert.match(await f.locator('.path-progress').textContent(), new RegExp(`Step ${n + 1} of 4`));
        const next = f.locator('a[rel="next"]');
        if (version === '2004') {
          // The page's own Next asks the learning system for the next item, and ends this one.
          await next.click();
          for (let i = 0; i < 40 && !(await g.page.evaluate(() => window.terminated)); i++) await g.page.waitForTimeout(50);
          assert.ok(await g.page.evaluate(() => window.terminated), 'Next ends the SCO');
          assert.equal(await g.page.evaluate(() => window.navigation), 'SequenceNext', 'the request was `continue`');
        } else {
          // SCORM 1.2 has no navigation request: the learning system's own buttons lead on.
          assert.equal(await next.isVisible(), false, 'the pager gives way to the learning system');
          await finish(g);
        }
        const cmi = await recorded(g);
        runs[`${version} pages`].push({ item: item.id, status: status(cmi), exit: exit(cmi), session_time: version === '1.2' ? cmi.core.session_time : cmi.session_time });
        assert.equal(status(cmi), 'completed');
        assert.equal(exit(cmi), version === '1.2' ? '' : 'normal');
        if (version === '2004') assert.equal(cmi.success_status, 'unknown', 'a page is not assessed');
        assert.equal(await lastError(g), '0', 'the runtime accepted every value');
      } finally {
        await g.close();
      }
    }
  });

  for (const [outcome, wrong] of [['passed', 0], ['failed', 3]]) {
    test(`SCORM ${version}: the quiz item records a ${outcome} attempt: score, success, completion and session time`, async () => {
      const g = await openLms(dir(), version, quizItem().href);
      try {
        const f = await contentAt(g, 'path-depot/quiz.html');
        const total = (await answer(f, wrong)).length;
        await submit(f);
        await finish(g);
        const cmi = await recorded(g);
        if (version === '1.2') {
          runs[`1.2 ${outcome}`] = { lesson_status: cmi.core.lesson_status, score_raw: cmi.core.score.raw, score_min: cmi.core.score.min, score_max: cmi.core.score.max, session_time: cmi.core.session_time, exit: cmi.core.exit, suspend_data: cmi.suspend_data };
          assert.equal(cmi.core.lesson_status, outcome);
          assert.equal(Number(cmi.core.score.raw), Math.round(((total - wrong) / total) * 100));
          assert.match(cmi.core.session_time, /^\d{2,4}:\d\d:\d\d/);
          assert.equal(cmi.core.exit, '');
        } else {
          runs[`2004 ${outcome}`] = { completion_status: cmi.completion_status, success_status: cmi.success_status, score_raw: cmi.score.raw, score_scaled: cmi.score.scaled, score_max: cmi.score.max, session_time: cmi.session_time, exit: cmi.exit, suspend_data: cmi.suspend_data };
          assert.equal(cmi.completion_status, 'completed');
          assert.equal(cmi.success_status, outcome);
          assert.equal(Number(cmi.score.raw), total - wrong);
          assert.equal(Number(cmi.score.max), total);
          assert.ok(Math.abs(Number(cmi.score.scaled) - (total - wrong) / total) < 0.001);
          assert.match(cmi.session_time, /^PT\d+H\d+M\d+S$/);
          assert.equal(cmi.exit, 'normal');
        }
        assert.equal(cmi.suspend_data, '', 'a finished attempt leaves nothing to resume');
        assert.equal(await lastError(g), '0', 'the runtime accepted every value');
      } finally {
        await g.close();
      }
    });
  }

  test(`SCORM ${version}: an interrupted quiz resumes with its questions and answers`, async () => {
    const href = quizItem().href;
    let saved;
    let drawn;
    const first = await openLms(dir(), version, href);
    try {
      const f = await contentAt(first, 'path-depot/quiz.html');
      drawn = await answer(f, 0, 2);
      await finish(first);
      const cmi = await recorded(first);
      assert.equal(exit(cmi), 'suspend');
      assert.equal(status(cmi), 'incomplete');
      const kept = JSON.parse(cmi.suspend_data);
      assert.deepEqual(kept.d, drawn, 'the draw is kept in order');
      assert.deepEqual(Object.keys(kept.a).sort(), drawn.slice(0, 2).sort(), 'the two answers are kept');
      runs[`${version} interrupted`] = { exit: exit(cmi), status: status(cmi), suspend_data: cmi.suspend_data };
      saved = version === '1.2'
        ? { core: { entry: 'resume', lesson_status: cmi.core.lesson_status }, suspend_data: cmi.suspend_data }
        : { entry: 'resume', completion_status: cmi.completion_status, suspend_data: cmi.suspend_data };
    } finally {
      await first.close();
    }
    // The learning system launches the item again with what it stored.
    const again = await openLms(dir(), version, href, saved);
    try {
      const f = await contentAt(again, 'path-depot/quiz.html');
      let now;
      for (let i = 0; i < 60; i++) {
        now = await f.evaluate(() => Array.from(document.querySelectorAll('#quiz fieldset.question')).map((q) => q.dataset.question));
        if (now.join(' ') === drawn.join(' ')) break;
        await again.page.waitForTimeout(50);
      }
      assert.deepEqual(now, drawn, 'the same questions, in the same order');
      const checked = await f.evaluate(() => Array.from(document.querySelectorAll('#quiz fieldset.question')).map((q) => q.querySelectorAll('input:checked').length > 0));
      assert.deepEqual(checked, drawn.map((_, i) => i < 2), 'the answers given before, and only those');
      // The learner finishes the attempt: every answer right.
      const sets = f.locator('fieldset.question');
      for (let i = 2; i < drawn.length; i++) {
        const pick = sets.nth(i).locator('input[data-correct]');
        for (let k = 0; k < (await pick.count()); k++) await pick.nth(k).check();
      }
      await submit(f);
      await finish(again);
      const cmi = await recorded(again);
      if (version === '1.2') {
        assert.equal(cmi.core.lesson_status, 'passed');
        assert.equal(Number(cmi.core.score.raw), 100);
      } else {
        assert.equal(cmi.success_status, 'passed');
        assert.equal(Number(cmi.score.scaled), 1);
      }
      runs[`${version} resumed`] = { status: status(cmi), score: version === '1.2' ? cmi.core.score.raw : cmi.score.raw };
      assert.equal(await lastError(again), '0', 'the runtime accepted every value');
    } finally {
      await again.close();
    }
  });
}

test('the pool draw covers every topic and differs between attempts', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/awareness/path-depot/quiz.html');
    const topicsAll = await g.page.evaluate(() => {
      const form = document.getElementById('quiz');
      return { draw: Number(form.dataset.draw) };
    });
    const draws = [];
    for (let i = 0; i < 6; i++) {
      const drawn = await g.page.evaluate(() => Array.from(document.querySelectorAll('#quiz fieldset.question')).map((q) => [q.dataset.question, q.dataset.topic]));
      assert.equal(drawn.length, topicsAll.draw);
      draws.push(drawn.map((d) => d[0]).join(' '));
      const topics = new Set(drawn.map((d) => d[1]));
      assert.equal(topics.size, 6, `every one of the six topics is drawn: ${[...topics]}`);
      await g.page.click('button.quiz-reset');
      await g.page.waitForTimeout(50);
    }
    assert.ok(new Set(draws).size > 1, 'a retry draws other questions');
    g.assertClean();
  } finally {
    await g.close();
  }
});

test('without a learning system the path works from file:// to its completion page', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/awareness/index.html');
    await g.page.click('a[href$="path-managers/index.html"]');
    await g.page.click('a.path-start');
    for (let i = 0; i < 3; i++) await g.page.click('a[rel="next"]');
    // The quiz's script draws its questions from the pool once the page has loaded;
    // counted before that, the whole pool would be counted.
    await g.page.waitForFunction(() => {
      const form = document.getElementById('quiz');
      const draw = Number(form?.dataset.draw || 0);
      return form && (!draw || form.querySelectorAll('fieldset.question').length === draw);
    });
    const sets = g.page.locator('fieldset.question');
    const n = await sets.count();
    for (let i = 0; i < n; i++) {
      const pick = sets.nth(i).locator('input[data-correct]');
      for (let k = 0; k < (await pick.count()); k++) await pick.nth(k).check();
    }
    await g.page.click('button.quiz-submit');
    await g.page.click('#path-complete');
    await g.page.fill('#learner', 'Sam Example');
    assert.match(await g.page.locator('#completion-score').textContent(), new RegExp(`${n} out of ${n} \\(100%\\), passed`));
    await g.page.evaluate(() => {
      const a = document.getElementById('completion-mail');
      // The page builds the address on the click; the test stops the mail program opening.
      a.addEventListener('click', (e) => e.preventDefault());
      a.dispatchEvent(new MouseEvent('click', { cancelable: true }));
    });
    const mail = decodeURIComponent(await g.page.locator('#completion-mail').getAttribute('href'));
    assert.match(mail, /^mailto:training@harbourline\.example\?subject=Completed: Managers \(Sam Example\)/);
    assert.match(mail, /Scheme version: /);
    g.assertClean();
  } finally {
    await g.close();
  }
});
