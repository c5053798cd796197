// Offline search works from file://: results for a query in the URL, and from the search
// box in the header of any page, with result links that resolve inside the edition.
//
// Contract with the search page: results are `#search-results li a`, the status line is
// `#search-status`, and the header's search box is the form `.search-box` with `#search-q`.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openGuarded, url } from './lib.mjs';

const RESULT_LINKS = '#search-results li a';
const RANSOMWARE = /\/staff\/playbooks\/ransomware\.html(#.*)?$/;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Waits for results and returns the absolute hrefs of the result links, in order. */
async function resultHrefs(g, what) {
  const page = g.page;
  try {
    await page.locator(RESULT_LINKS).first().waitFor({ state: 'attached', timeout: 10_000 });
  } catch (e) {
    const status = await page.locator('#search-status').textContent().catch(() => null);
    const p = g.problems;
    const seen = [...p.failed.map((f) => `failed request: ${f}`), ...p.console.map((c) => `console error: ${c}`), ...p.pageErrors.map((e) => `uncaught: ${e}`)];
    assert.fail(`${what}: no search results within 10 s (status: ${JSON.stringify(status)})${seen.length ? `\n  ${seen.join('\n  ')}` : ''}`);
  }
  return page.locator(RESULT_LINKS).evaluateAll((as) => as.map((a) => a.href));
}

test('search.html?q=encrypted%20files lists the ransomware playbook in the top 3', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/search.html?q=encrypted%20files');
    const hrefs = await resultHrefs(g, 'search.html?q=encrypted%20files');
    const top = hrefs.slice(0, 3);
    assert.ok(
      top.some((h) => RANSOMWARE.test(h)),
      `ransomware playbook not among the top 3 results:\n  ${top.join('\n  ')}`,
    );
    const status = (await g.page.locator('#search-status').textContent())?.trim() ?? '';
    assert.notEqual(status, '', '#search-status says nothing while results are shown');
    // The query is kept in the page's search field.
    assert.equal(await g.page.locator('#search-page-q').inputValue(), 'encrypted files');
    g.assertClean('search.html?q=encrypted%20files');
  } finally {
    await g.close();
  }
});

test('typing into the home page search box and submitting lands on results', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/index.html');
    const box = g.page.locator('.search-box #search-q');
    await box.fill('encrypted files');
    await Promise.all([g.page.waitForURL(/\/staff\/search\.html\?q=encrypted(\+|%20)files/), box.press('Enter')]);
    const hrefs = await resultHrefs(g, 'home page search');
    assert.ok(
      hrefs.slice(0, 3).some((h) => RANSOMWARE.test(h)),
      `ransomware playbook not among the top 3 results:\n  ${hrefs.slice(0, 3).join('\n  ')}`,
    );
    g.assertClean('home page search');
  } finally {
    await g.close();
  }
});

test('search from a page in a sub-folder: results link to pages that open', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/playbooks/index.html');
    const box = g.page.locator('.search-box #search-q');
    await box.fill('phishing');
    await Promise.all([g.page.waitForURL(/\/staff\/search\.html\?q=phishing/), g.page.locator('.search-box button[type=submit]').click()]);
    const hrefs = await resultHrefs(g, 'sub-folder search');
    const site = url('staff/');
    for (const h of hrefs) {
      assert.ok(h.startsWith(site), `result ${h} leaves the staff edition`);
    }
    await Promise.all([g.page.waitForURL(hrefs[0]), g.page.locator(RESULT_LINKS).first().click()]);
    assert.ok(await g.page.locator('main h1').count(), `${hrefs[0]} has no heading`);
    g.assertClean('sub-folder search');
  } finally {
    await g.close();
  }
});

test('results come as you type, without a reload, and the address keeps the query', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/search.html');
    // A value set on the page survives only if the page is never loaded again.
    await g.page.evaluate(() => { window.irbookNoReload = true; });
    await g.page.locator('#search-page-q').pressSequentially('encrypted fi', { delay: 20 });
    // Results follow each keystroke: read them once the address holds the whole query, not
    // while a shorter one ("encrypted f") is still shown.
    await g.page.waitForURL(/search\.html\?q=encrypted(%20|\+)fi$/);
    const hrefs = await resultHrefs(g, 'typing "encrypted fi"');
    assert.ok(hrefs.slice(0, 3).some((h) => RANSOMWARE.test(h)), `typing: ${hrefs.slice(0, 3).join(', ')}`);
    assert.equal(await g.page.evaluate(() => window.irbookNoReload), true, 'the page was loaded again');
    // Pressing Enter shows the same results, still without a reload.
    await g.page.locator('#search-page-q').press('Enter');
    assert.equal(await g.page.evaluate(() => window.irbookNoReload), true, 'Enter reloaded the page');
    g.assertClean('typing');
  } finally {
    await g.close();
  }
});

test('a typo is corrected, and the status line says so', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/search.html?q=ransomwear');
    const hrefs = await resultHrefs(g, 'ransomwear');
    assert.match(hrefs[0], RANSOMWARE);
    const status = await g.page.locator('#search-status').textContent();
    assert.match(status, /No page has “ransomwear”; showing results for “ransomware”/);
    g.assertClean('ransomwear');
  } finally {
    await g.close();
  }
});

test('results mark the words that found them and name the words a page lacks', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/search.html?q=encrypted%20zzqqvx');
    await resultHrefs(g, 'encrypted zzqqvx');
    const first = g.page.locator('#search-results li').first();
    assert.ok(await first.locator('.snippet mark').count() > 0, 'no marked word in the first snippet');
    assert.match(await first.locator('.snippet mark').first().textContent(), /^encrypt/i);
    assert.equal((await first.locator('.missing s').textContent()).trim(), 'zzqqvx');
    const status = await g.page.locator('#search-status').textContent();
    assert.match(status, /No page has all of the words/);
    g.assertClean('partial match');
  } finally {
    await g.close();
  }
});

test('when nothing matches, the page shows who to call instead', async () => {
  const g = await openGuarded(browser);
  try {
    // The routes the home page's report card gives.
    await g.goto('staff/index.html');
    const routes = await g.page.locator('.report-box .channel a, .report-box .channel').evaluateAll(
      (els) => els.map((e) => e.textContent.trim()),
    );
    assert.ok(routes.length >= 2, `the home page shows no routes: ${routes}`);
    const card = '#search-report';
    for (const q of ['zzqqvx', 'what do I do now']) {
      await g.goto(`staff/search.html?q=${encodeURIComponent(q)}`);
      await g.page.locator(card).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await g.page.locator('#search-results li').count(), 0, `${q}: results shown`);
      const text = await g.page.locator(card).textContent();
      for (const r of routes) assert.ok(text.includes(r.split('—')[0].trim()), `${q}: the card lacks ${r}`);
      assert.match(text, /compromised/, `${q}: no out-of-band route on the card`);
    }
    // With results, the card stays hidden.
    await g.goto('staff/search.html?q=phishing');
    await resultHrefs(g, 'phishing');
    assert.equal(await g.page.locator(card).isVisible(), false, 'the card shows beside results');
    g.assertClean('report card');
  } finally {
    await g.close();
  }
});
