// Offline search cost in a real browser: the size of an edition's search index and how
// long the search page takes, from file://, to show its first results.
//
//   node bench/search.mjs SITE [EDITION] [QUERY ...]
//
// SITE is a built site (the folder holding staff/ and isirt/); EDITION defaults to staff.
// For each query it opens search.html?q=QUERY five times and reports the median time from
// the start of navigation to the end of DOMContentLoaded (the page searches in its
// DOMContentLoaded handler, so this covers loading and parsing the index as well), then
// the median time of searching again on the open page, as typing does (no reload).
// Needs playwright-core (npm ci) and Chromium ($CHROMIUM or /usr/bin/chromium).

import { statSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [siteArg, edition = 'staff', ...given] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node bench/search.mjs SITE [EDITION] [QUERY ...]');
  process.exit(2);
}
const site = resolve(siteArg, edition);
const queries = given.length ? given : ['incident', 'ransomware encrypted files', 'ransomwear', 'who do I call at night', 'zzqqvx'];
const RUNS = 5;

const index = join(site, 'assets', 'search-index.js');
const bytes = statSync(index).size;
const gz = gzipSync(readFileSync(index)).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
const docs = await (async () => {
  await page.goto(pathToFileURL(join(site, 'search.html')).href);
  return page.evaluate(() => [window.IRBOOK_SEARCH.docs.length, Object.keys(window.IRBOOK_SEARCH.terms).length]);
})();
console.log(`${edition}: index ${(bytes / 1e6).toFixed(2)} MB (${(gz / 1e6).toFixed(2)} MB gzipped), ${docs[0]} documents, ${docs[1]} terms`);
for (const q of queries) {
  const first = [];
  const again = [];
  let results = 0;
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${pathToFileURL(join(site, 'search.html')).href}?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
    first.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
    results = await page.locator('#search-results li').count();
    // Search again on the open page, as typing does: the form's submit runs it at once.
    again.push(await page.evaluate((text) => {
      const input = document.getElementById('search-page-q');
      input.value = text;
      const t = performance.now();
      input.form.dispatchEvent(new Event('submit', { cancelable: true }));
      return performance.now() - t;
    }, q));
  }
  console.log(`  "${q}": ${results} shown; first results after ${median(first).toFixed(0)} ms; again while typing ${median(again).toFixed(1)} ms`);
}
await browser.close();
