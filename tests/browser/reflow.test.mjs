// Every page of both editions at 320, 768 and 1280 px wide: the page never scrolls sideways
// (wide tables scroll inside their own box or stack), no date or phone number breaks across
// lines, no table column is squeezed to a few letters a line, a long page lists its sections
// in an on-page contents list, and every page loads cleanly (no console error, failed
// request or request leaving file://). One browser; a few tabs
// share the pages, each page loaded once and laid out at every width.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SITE, horizontalOverflow, launch, openGuarded } from './lib.mjs';

const WIDTHS = [320, 768, 1280];
const EDITIONS = ['staff', 'isirt'];
/** Tabs per width: page loads are mostly waiting on layout, so a few overlap well. */
const TABS = 3;

/** Every .html file of an edition, relative to the site folder, in name order. */
function pagesOf(edition) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(SITE, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.html')) out.push(rel);
    }
  };
  walk(edition);
  return out.sort();
}

/**
 * Dates (2026-10-06) and phone links that the browser broke across two lines: each is
 * read as one value, so a line break inside one misleads.
 */
async function brokenValues(page) {
  return page.evaluate(() => {
    const lines = (rects) => new Set([...rects].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const date = /\b\d{4}-\d{2}-\d{2}\b/g;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(date)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        if (lines(r.getClientRects()) > 1) out.push(`date ${m[0]} in <${n.parentElement.tagName.toLowerCase()} class="${n.parentElement.className}">`);
      }
    }
    for (const a of document.querySelectorAll('a[href^="tel:"]')) {
      if (lines(a.getClientRects()) > 1) out.push(`phone number ${a.textContent.trim()}`);
    }
    return out.slice(0, 5);
  });
}

/**
 * Table cells holding a sentence in a column a few letters wide: the text then reads one
 * syllable a line (a fixed column width meant for another table did this once).
 */
async function squeezedCells(page) {
  return page.evaluate(() => {
    // Inside a box of a pixel or less: visually hidden (a stacked table's column heads).
    const hidden = (el) => {
      for (let p = el; p && p !== document.body; p = p.parentElement) {
        const r = p.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return true;
      }
      return false;
    };
    const out = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
      const text = cell.textContent.trim();
      if (text.length < 20 || cell.getClientRects().length === 0 || hidden(cell)) continue;
      const s = getComputedStyle(cell);
      const room = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (room < 4 * parseFloat(s.fontSize)) {
        const table = cell.closest('table');
        out.push(`a ${Math.round(room)}px wide cell of table.${table.className || '(no class)'} holds "${text.slice(0, 40)}"`);
      }
    }
    return out.slice(0, 3);
  });
}

/**
 * A page over four screens long with four or more sections must list them: every <h2> of
 * <main> after its first contents list (a <nav> of links within the page) is that list's
 * target or inside one of its targets.
 */
async function unlistedSections(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    if (!main || document.documentElement.scrollHeight < 4 * window.innerHeight) return [];
    const headings = [...main.querySelectorAll('h2')].filter((h) => !h.closest('nav'));
    if (headings.length < 4) return [];
    const navs = [...main.querySelectorAll('nav')].filter((n) => n.querySelector('a[href^="#"]'));
    const height = document.documentElement.scrollHeight;
    if (!navs.length) return [`${height}px tall with ${headings.length} sections and no contents list`];
    const targets = navs
      .flatMap((n) => [...n.querySelectorAll('a[href^="#"]')])
      .map((a) => document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))))
      .filter(Boolean);
    return headings
      .filter((h) => navs[0].compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)
      .filter((h) => !targets.some((t) => t === h || t.contains(h)))
      .slice(0, 3)
      .map((h) => `${height}px tall: section "${h.textContent.trim().slice(0, 40)}" is not in the contents list`);
  });
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const edition of EDITIONS) {
  test(`every ${edition} page at ${WIDTHS.join(', ')} px: no sideways scrolling, no broken dates, no squeezed columns, long pages with contents, clean loads`, async () => {
    const pages = pagesOf(edition);
    assert.ok(pages.length > 10, `only ${pages.length} pages under ${edition}/`);
    const faults = [];
    const queue = [...pages];
    // Each page is loaded once and laid out at every width: a resize costs a fraction of a load.
    const tab = async () => {
      const g = await openGuarded(browser, { viewport: { width: WIDTHS[0], height: 800 } });
      try {
        for (let rel = queue.shift(); rel; rel = queue.shift()) {
          await g.goto(rel);
          for (const width of WIDTHS) {
            await g.page.setViewportSize({ width, height: 800 });
            const overflow = await horizontalOverflow(g.page);
            if (overflow) faults.push(`${rel} at ${width}px: ${overflow}`);
            for (const b of await brokenValues(g.page)) faults.push(`${rel} at ${width}px: ${b} breaks across lines`);
            for (const c of await squeezedCells(g.page)) faults.push(`${rel} at ${width}px: ${c}`);
            // The binder is one printed document: its contents list names its parts, not
            // the sections inside each.
            if (width === 1280 && !rel.endsWith('/binder.html')) {
              for (const u of await unlistedSections(g.page)) faults.push(`${rel} at ${width}px: ${u}`);
            }
          }
          await g.page.setViewportSize({ width: WIDTHS[0], height: 800 });
          if (Object.values(g.problems).some((l) => l.length)) {
            try {
              g.assertClean(rel);
            } catch (e) {
              faults.push(e.message);
            }
            for (const l of Object.values(g.problems)) l.length = 0;
          }
        }
      } finally {
        await g.close();
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: TABS }, tab));
    console.log(`${edition}: ${pages.length} pages at ${WIDTHS.length} widths in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(faults.length, 0, `${faults.length} fault(s):\n${faults.join('\n')}`);
  });
}
