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
