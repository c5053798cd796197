// Learning-system packages in a real SCORM runtime: the exported package (unzipped by
// tests/suite/browser.rs into IRBOOK_PACKAGES) runs in a frame of a page whose window holds
// scorm-again's SCORM 1.2 or 2004 API, as a learning management system would provide it.
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

/** The LMS page: the runtime's API on its window, loaded with `state` (a resumed attempt). */
function lmsPage(version, state) {
  const [script, global, cls] = version === '1.2' ? ['scorm12.js', 'API', 'Scorm12API'] : ['scorm2004.js', 'API_1484_11', 'Scorm2004API'];
  return `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="/runtime/${script}"></script>
<script>
window.${global} = new ${cls}({ autocommit: false, logLevel: 5 });
window.runtime = window.${global};
const state = ${JSON.stringify(state || null)};
if (state) window.runtime.loadFromJSON(state, '');
</script></head>
<body><iframe id="sco" src="/course/irbook-launch.html" style="width:1100px;height:850px;border:0"></iframe></body></html>`;
}

/** A page whose every request goes to the in-memory LMS: its page, the runtime, the package. */
async function openLms(dir, version, state) {
  const g = await openGuarded(browser);
  await g.context.route('http://lms.test/**', (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname);
    if (path === '/lms.html') return route.fulfill({ contentType: 'text/html', body: lmsPage(version, state) });
    const [root, rel] = path.startsWith('/runtime/') ? [RUNTIME, path.slice(9)] : path.startsWith('/course/') ? [dir, path.slice(8)] : [null, null];
    const file = root && normalize(join(root, rel));
    if (!file || !file.startsWith(root) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: TYPES[extname(file)] || 'application/octet-stream', body: readFileSync(file) });
  });
  g.allowLms = true;
  await g.page.goto('http://lms.test/lms.html', { waitUntil: 'load' });
  return g;
}

/** The frame of the launcher, and the frame of the page it shows. */
function frames(g) {
  const launcher = g.page.frames().find((f) => f.url().endsWith('/irbook-launch.html'));
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

/** Walks the path's pages by their pager, answers the drawn questions (all right, or one
 * wrong per `wrong`), submits, and returns the drawn question ids. */
async function walkAndAnswer(g, wrong) {
  let f = await contentAt(g, 'step-1.html');
  for (let step = 1; step < 10; step++) {
    const next = f.locator('a[rel="next"]');
    const href = await next.getAttribute('href');
    await next.click();
    if (href.endsWith('quiz.html')) break;
    f = await contentAt(g, `step-${step + 1}.html`);
  }
  f = await contentAt(g, 'quiz.html');
  const drawn = (await f.locator('#quiz').getAttribute('data-drawn')).split(' ');
  const sets = f.locator('fieldset.question');
  const n = await sets.count();
  assert.equal(n, drawn.length, 'only the drawn questions are shown');
  for (let i = 0; i < n; i++) {
    const q = sets.nth(i);
    const pick = i < wrong ? q.locator('input:not([data-correct])').first() : q.locator('input[data-correct]');
    for (let k = 0; k < (await pick.count()); k++) await pick.nth(k).check();
  }
  await f.click('button.quiz-submit');
  await f.locator('.path-complete-link:not([hidden])').waitFor();
  return { frame: f, drawn, total: n };
}

for (const version of ['1.2', '2004']) {
  const dir = () => join(PACKAGES, version === '1.2' ? 'scorm12' : 'scorm2004');

  test(`SCORM ${version}: a passed attempt records completion, success, score, bookmark and session time`, async () => {
    const g = await openLms(dir(), version);
    try {
      const { total } = await walkAndAnswer(g, 0);
      await g.page.waitForTimeout(200);
      await frames(g).launcher.evaluate(() => window.irbookFinish());
      const cmi = await recorded(g);
      if (version === '1.2') {
        runs['1.2 passed'] = { lesson_status: cmi.core.lesson_status, score_raw: cmi.core.score.raw, score_min: cmi.core.score.min, score_max: cmi.core.score.max, lesson_location: cmi.core.lesson_location, session_time: cmi.core.session_time, exit: cmi.core.exit };
        assert.equal(cmi.core.lesson_status, 'passed');
        assert.equal(Number(cmi.core.score.raw), 100);
        assert.equal(cmi.core.lesson_location, '4', 'the bookmark is the last step reached: the quiz');
        assert.match(cmi.core.session_time, /^\d{2,4}:\d\d:\d\d/);
      } else {
        runs['2004 passed'] = { completion_status: cmi.completion_status, success_status: cmi.success_status, score_raw: cmi.score.raw, score_scaled: cmi.score.scaled, score_max: cmi.score.max, location: cmi.location, progress_measure: cmi.progress_measure, session_time: cmi.session_time, exit: cmi.exit };
        assert.equal(cmi.completion_status, 'completed');
        assert.equal(cmi.success_status, 'passed');
        assert.equal(Number(cmi.score.raw), total);
        assert.equal(Number(cmi.score.scaled), 1);
        assert.equal(cmi.location, '4');
        assert.match(cmi.session_time, /^PT\d+H\d+M\d+S$/);
      }
      assert.equal(await g.page.evaluate(() => String(window.runtime.lastErrorCode)), '0', 'the runtime accepted every value');
    } finally {
      await g.close();
    }
  });

  test(`SCORM ${version}: a failed attempt records failure, and an interrupted one resumes at its bookmark`, async () => {
    const g = await openLms(dir(), version);
    let saved;
    try {
      const { total } = await walkAndAnswer(g, 3);
      await g.page.waitForTimeout(200);
      await frames(g).launcher.evaluate(() => window.irbookFinish());
      const cmi = await recorded(g);
      if (version === '1.2') {
        runs['1.2 failed'] = { lesson_status: cmi.core.lesson_status, score_raw: cmi.core.score.raw, lesson_location: cmi.core.lesson_location, session_time: cmi.core.session_time };
        assert.equal(cmi.core.lesson_status, 'failed');
        assert.equal(Number(cmi.core.score.raw), Math.round(((total - 3) / total) * 100));
      } else {
        runs['2004 failed'] = { completion_status: cmi.completion_status, success_status: cmi.success_status, score_raw: cmi.score.raw, score_scaled: cmi.score.scaled, location: cmi.location, session_time: cmi.session_time };
        assert.equal(cmi.success_status, 'failed');
        assert.equal(cmi.completion_status, 'completed');
        assert.equal(Number(cmi.score.raw), total - 3);
      }
    } finally {
      await g.close();
    }
    // An attempt left on the second page: suspended there.
    const first = await openLms(dir(), version);
    try {
      let f = await contentAt(first, 'step-1.html');
      await f.locator('a[rel="next"]').click();
      f = await contentAt(first, 'step-2.html');
      await first.page.waitForTimeout(200);
      await frames(first).launcher.evaluate(() => window.irbookFinish());
      const cmi = await recorded(first);
      const loc = version === '1.2' ? cmi.core.lesson_location : cmi.location;
      const exit = version === '1.2' ? cmi.core.exit : cmi.exit;
      assert.equal(loc, '2');
      assert.equal(exit, 'suspend');
      saved = version === '1.2' ? { core: { lesson_location: loc, entry: 'resume', lesson_status: cmi.core.lesson_status } } : { location: loc, entry: 'resume', completion_status: cmi.completion_status };
      runs[`${version} interrupted`] = { bookmark: loc, exit };
    } finally {
      await first.close();
    }
    // The learning system launches it again with what it stored: it opens at step 2.
    const again = await openLms(dir(), version, saved);
    try {
      const f = await contentAt(again, 'step-2.html');
      assert.match(await f.locator('.path-progress').textContent(), /Step 2 of/);
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
