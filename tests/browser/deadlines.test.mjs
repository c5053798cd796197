// The deadline calculator from file://: each case's fragment opened in its edition at a
// fixed "now", and every row shown (notice, due time, time left, party, channels,
// template) compared with what irbook's Rust clock engine computed for it
// (tests/suite/browser/deadlines.rs writes them to $IRBOOK_DEADLINE_CASES). Also: editing
// the form rewrites the fragment and the new link gives the same sheet; the page prints as
// one A4 clock sheet; the template pages' copy button copies the text offline.
//
// Contract with the page: rows are `#calc-out tr[data-obligation][data-stage]`; the due
// cell `td.due` holds `.when` (a <time datetime> in the scheme's zone, or "needs ...") and
// `.left`; `td.notice` the notice link, its rule and `.template a`; `td.tell` the party
// (`.party`) and its channels. `#calc-summary` repeats the entries in words.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countPdfPages, launch, openGuarded, screenshotDir, url } from './lib.mjs';

const CASES_FILE = process.env.IRBOOK_DEADLINE_CASES || '';

function loadCases() {
  assert.ok(CASES_FILE, 'IRBOOK_DEADLINE_CASES is not set: tests/suite/browser.rs computes the expected due times and sets it');
  return JSON.parse(readFileSync(CASES_FILE, 'utf8'));
}

let browser;
let data;
before(async () => {
  data = loadCases();
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function byName(name, edition) {
  const c = data.cases.find((x) => x.name === name && x.edition === edition);
  assert.ok(c, `no case ${name} in ${edition}`);
  return c;
}

/** Opens the calculator of `edition` with `fragment`, the page's clock fixed at `nowMs`. */
async function openCalculator(edition, fragment, nowMs) {
  const g = await openGuarded(browser);
  await g.page.clock.setFixedTime(new Date(nowMs));
  await g.page.goto(`${url(`${edition}/deadlines.html`)}#${fragment}`, { waitUntil: 'load' });
  return g;
}

/** The rows the page shows, in order. */
async function shownRows(page) {
  await page.locator('#calc-out').waitFor({ state: 'attached' });
  return page.locator('#calc-out tr[data-obligation]').evaluateAll((trs) =>
    trs.map((tr) => {
      const q = (s) => tr.querySelector(s);
      const text = (s) => (q(s)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const tpl = q('td.notice .template a');
      return {
        obligation: tr.dataset.obligation,
        stage: tr.dataset.stage,
        datetime: q('td.due .when time')?.getAttribute('datetime') ?? null,
        when: text('td.due .when'),
        left: text('td.due .left'),
        overdue: q('td.due').classList.contains('overdue'),
        notice: text('td.notice'),
        party: text('td.tell .party'),
        tell: text('td.tell'),
        template: tpl ? { href: tpl.getAttribute('href'), title: tpl.textContent.trim() } : null,
      };
    }),
  );
}

/** Asserts the rows shown are the rows Rust computed, one by one. */
function assertRows(shown, c) {
  const where = `${c.edition}/deadlines.html#${c.fragment}`;
  const ids = (rows) => rows.map((r) => `${r.obligation}/${r.stage}`);
  assert.deepEqual(ids(shown), ids(c.rows), `${where}: the notices or their order differ`);
  c.rows.forEach((want, i) => {
    const got = shown[i];
    const at = `${where}, row ${i + 1} (${want.obligation}/${want.stage})`;
    assert.ok(got.notice.startsWith(want.notice), `${at}: notice "${got.notice}", expected "${want.notice} ..."`);
    if (want.due) {
      assert.equal(got.datetime, want.due.datetime, `${at}: due time`);
      for (const part of want.due.parts) {
        assert.ok(got.when.includes(part), `${at}: the due time shown, "${got.when}", lacks "${part}"`);
      }
      assert.equal(got.when.startsWith('at the latest'), !want.due.exact, `${at}: "${got.when}"`);
      assert.equal(got.left, want.due.left, `${at}: time left`);
      assert.equal(got.overdue, want.due.overdue, `${at}: overdue marking`);
    } else {
      assert.equal(got.datetime, null, `${at}: a due time shown where none can be known`);
      assert.equal(got.when, want.needs, `${at}`);
    }
    assert.equal(got.party, want.party ?? 'restricted', `${at}: party`);
    for (const ch of want.channels) {
      assert.ok(got.tell.includes(ch), `${at}: channel ${ch} not shown in "${got.tell}"`);
    }
    assert.deepEqual(got.template, want.template, `${at}: template link`);
    if (want.level_note) {
      assert.ok(got.notice.includes(want.level_note), `${at}: "${got.notice}" lacks "${want.level_note}"`);
    }
  });
}

test('every case shows the due times, stages and parties irbook computes', async () => {
  let checked = 0;
  for (const edition of ['staff', 'isirt']) {
    // One page per edition: the first case is opened, the others pasted into the same tab
    // (a new fragment only), as a responder would.
    const cases = data.cases.filter((c) => c.edition === edition);
    const g = await openCalculator(edition, cases[0].fragment, cases[0].now_ms);
    try {
      for (const c of cases) {
        if (c !== cases[0]) {
          await g.page.clock.setFixedTime(new Date(c.now_ms));
          await g.page.goto(`${url(`${edition}/deadlines.html`)}#${c.fragment}`);
          await g.page.waitForFunction((h) => location.hash === h, `#${c.fragment}`);
        }
        assertRows(await shownRows(g.page), c);
        checked += c.rows.length;
        // The page keeps the link as it was given.
        assert.equal(new URL(g.page.url()).hash, `#${c.fragment}`, `${c.name}: the fragment was rewritten on load`);
      }
      g.assertClean(`${edition}/deadlines.html`);
    } finally {
      await g.close();
    }
  }
  console.log(`deadline calculator: ${data.cases.length} cases, ${checked} rows agree with Rust`);
  assert.ok(checked >= 40, `only ${checked} rows checked`);
});

test('changing an input rewrites the fragment, and the new link opens the same sheet', async () => {
  for (const c of data.cases.filter((x) => x.from)) {
    const from = byName(c.from, c.edition);
    const g = await openCalculator(c.edition, from.fragment, c.now_ms);
    try {
      await g.page.locator(`#fact-${c.untick}`).uncheck();
      await g.page.waitForFunction((h) => location.hash === h, `#${c.fragment}`, { timeout: 5000 }).catch(() => {});
      const hash = new URL(g.page.url()).hash;
      assert.equal(hash, `#${c.fragment}`, `${c.edition}: unticking ${c.untick} wrote ${hash}`);
      assert.equal(await g.page.locator('#calc-share').getAttribute('href'), `#${c.fragment}`, 'the share link');
      const edited = await shownRows(g.page);
      assertRows(edited, c);
      // Typing another awareness time rewrites it too.
      await g.page.locator('#m-awareness').fill('2026-10-23T17:05');
      assert.match(new URL(g.page.url()).hash, /^#aware=2026-10-23T17:05&/, 'typing a time did not rewrite the fragment');
      g.assertClean(`${c.edition}: editing`);
    } finally {
      await g.close();
    }
    // Anyone opening the pasted link sees the same sheet.
    const h = await openCalculator(c.edition, c.fragment, c.now_ms);
    try {
      assertRows(await shownRows(h.page), c);
      const ticked = new URLSearchParams(c.fragment).get('facts').split(',');
      for (const f of ticked) {
        assert.ok(await h.page.locator(`#fact-${f}`).isChecked(), `${f} not ticked from the link`);
      }
      assert.ok(!(await h.page.locator(`#fact-${c.untick}`).isChecked()), `${c.untick} ticked from the link`);
      assert.equal(await h.page.locator('#m-level').inputValue(), new URLSearchParams(c.fragment).get('level'));
      h.assertClean(`${c.edition}: reopened link`);
    } finally {
      await h.close();
    }
  }
});

test('the calculator prints as one A4 clock sheet', async () => {
  for (const c of data.cases.filter((x) => x.print)) {
    const g = await openCalculator(c.edition, c.fragment, c.now_ms);
    try {
      await shownRows(g.page);
      await g.page.emulateMedia({ media: 'print' });
      const shown = await g.page.evaluate(() => ({
        form: getComputedStyle(document.getElementById('calc-form')).display,
        summary: document.getElementById('calc-summary').innerText,
        rows: document.querySelectorAll('#calc-out tr[data-obligation]').length,
      }));
      assert.equal(shown.form, 'none', 'the form is printed');
      assert.match(shown.summary, /Became aware:.*2026/, `the printed summary does not say when: ${shown.summary}`);
      assert.match(shown.summary, /Classified:/, 'the printed summary lacks the classification time');
      assert.equal(shown.rows, c.rows.length);
      const pdf = await g.page.pdf({ format: 'A4' });
      const out = join(screenshotDir(), c.print);
      writeFileSync(out, pdf);
      const { pages } = countPdfPages(pdf);
      console.log(`clock sheet (${c.rows.length} notices): ${pages} page(s) -> ${out}`);
      assert.equal(pages, 1, `the clock sheet of ${c.rows.length} notices prints on ${pages} pages`);
      g.assertClean('deadlines.html (print)');
    } finally {
      await g.close();
    }
  }
});

test('the personal data breach exercise: its clock sheet, as a table and a screenshot', async () => {
  for (const c of data.cases.filter((x) => x.screenshot)) {
    const g = await openCalculator(c.edition, c.fragment, c.now_ms);
    try {
      const rows = await shownRows(g.page);
      assertRows(rows, c);
      const out = join(screenshotDir(), c.screenshot);
      await g.page.locator('article.calculator').screenshot({ path: out });
      const table = [
        `${c.edition}/deadlines.html#${c.fragment}`,
        `time left as of ${new Date(c.now_ms).toISOString()} (${data.timezone})`,
        '| Stage | Party | Due | Time left |',
        '| --- | --- | --- | --- |',
        ...rows.map((r) => `| ${r.notice.replace(/ \(.*$/, '')} | ${r.party} | ${r.when} | ${r.left} |`),
      ].join('\n');
      writeFileSync(join(screenshotDir(), c.screenshot.replace(/\.png$/, '.md')), `${table}\n`);
      console.log(`${table}\nscreenshot -> ${out}`);
      g.assertClean('exercise clock sheet');
    } finally {
      await g.close();
    }
  }
});

test('template pages copy their text offline, blanks highlighted', async () => {
  for (const [edition, tpl] of [['staff', 'people-affected'], ['isirt', 'regulator-initial']]) {
    const g = await openGuarded(browser);
    try {
      await g.context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await g.goto(`${edition}/templates/${tpl}.html`);
      const blanks = g.page.locator('#template-text mark.blank');
      assert.ok((await blanks.count()) >= 2, `${tpl}: no highlighted blanks`);
      const bg = await blanks.first().evaluate((m) => getComputedStyle(m).backgroundColor);
      assert.ok(!/rgba\(0, 0, 0, 0\)|transparent/.test(bg), `${tpl}: blanks are not highlighted (${bg})`);
      const shownText = await g.page.locator('#template-text').innerText();
      const filled = await g.page.locator('#template-text .filled').allInnerTexts();
      const labels = await blanks.allInnerTexts();
      const items = await g.page.locator('#template-text li').count();
      await g.page.locator('button.copy-text').click();
      await g.page.locator('.copy-done').filter({ hasText: /Copied|Selected/ }).waitFor({ timeout: 5000 });
      const said = await g.page.locator('.copy-done').textContent();
      // Whatever the clipboard allows, the template's text is selected, ready for Ctrl+C.
      const squash = (t) => t.replace(/\s+/g, ' ').trim();
      const selected = await g.page.evaluate(() => window.getSelection().toString());
      assert.equal(squash(selected), squash(shownText), `${tpl}: the selection is not the template's text`);
      let clip = null;
      try {
        clip = await g.page.evaluate(() => navigator.clipboard.readText());
      } catch (e) {
        console.log(`${tpl}: the headless clipboard cannot be read (${e.message.split('\n')[0]}); the selection was checked`);
      }
      if (clip !== null) {
        assert.equal(said, 'Copied.', `${tpl}: the button says "${said}"`);
        // The same words as shown, list items as "- " lines, blanks as [labels] in order.
        assert.equal(squash(clip.replace(/^(- |\d+\. )/gm, '')), squash(shownText), `${tpl}: the clipboard holds other text`);
        assert.equal((clip.match(/^(- |\d+\. )/gm) || []).length, items, `${tpl}: list items are not lines of their own`);
        let from = 0;
        for (const b of labels) {
          const i = clip.indexOf(b, from);
          assert.ok(i >= 0, `${tpl}: blank ${b} missing from the copy, or out of order`);
          from = i + b.length;
        }
        for (const v of filled) assert.ok(clip.includes(v), `${tpl}: filled value "${v}" missing from the copy`);
        assert.ok(!clip.includes('[['), `${tpl}: a placeholder left in the copy`);
      }
      g.assertClean(`${edition}/templates/${tpl}.html`);
    } finally {
      await g.close();
    }
  }
});

test('search finds the notification duties and templates', async () => {
  const g = await openGuarded(browser);
  try {
    for (const [edition, q, want] of [
      ['staff', 'regulator breach report', /\/staff\/obligations\.html#obligation-regulator-breach-notice$/],
      ['staff', 'cyber insurer notice', /\/staff\/obligations\.html#obligation-insurer-notice$/],
      ['isirt', 'insurer notice template', /\/isirt\/templates\/insurer-notice\.html$/],
      ['staff', 'deadline calculator', /\/staff\/deadlines\.html$/],
    ]) {
      await g.goto(`${edition}/search.html?q=${encodeURIComponent(q)}`);
      const links = g.page.locator('#search-results li a');
      await links.first().waitFor({ state: 'attached', timeout: 10_000 });
      const top = (await links.evaluateAll((as) => as.map((a) => a.href))).slice(0, 3);
      assert.ok(top.some((h) => want.test(h)), `${edition}: "${q}" does not find ${want} in the top 3:\n  ${top.join('\n  ')}`);
    }
    g.assertClean('search for duties');
  } finally {
    await g.close();
  }
});
