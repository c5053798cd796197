// Shared helpers of the browser tests: the built site, the browser, and a page guard that
// records console errors, failed requests and any request that would leave file://.
//
// The site folder (holding staff/ and isirt/) comes from IRBOOK_SITE; tests/suite/browser.rs
// builds the example scheme and sets it. Chromium is $CHROMIUM, else `chromium` on PATH
// (where ./test looks, and where it installs Debian's), driven by playwright-core: no
// browser is ever downloaded.

import { accessSync, constants, existsSync, mkdtempSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const SITE = process.env.IRBOOK_SITE ? resolve(process.env.IRBOOK_SITE) : '';
export const CHROMIUM = process.env.CHROMIUM || onPath('chromium') || '/usr/bin/chromium';

/** The first executable file `name` in a folder of PATH, as `command -v` finds it. */
function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const p = join(dir || '.', name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return '';
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
/** A 1280px-wide desktop at 200% zoom lays out like a 640px-wide viewport. */
export const ZOOM_200 = { width: 640, height: 450 };

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails early, with the reason, when the test environment is incomplete. */
export function requireSetup() {
  assert.ok(SITE, 'IRBOOK_SITE is not set: it names the built site folder holding staff/ and isirt/ (tests/suite/browser.rs sets it)');
  assert.ok(existsSync(join(SITE, 'staff', 'index.html')), `no staff/index.html under IRBOOK_SITE=${SITE}`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set CHROMIUM`);
}

/** The file:// URL of a page of the built site, e.g. url('staff/index.html'). */
export function url(rel) {
  const [path, query] = rel.split('?');
  const u = pathToFileURL(join(SITE, path)).href;
  return query === undefined ? u : `${u}?${query}`;
}

/** Where screenshots go: $IRBOOK_SCREENSHOTS, or a fresh temp folder. */
export function screenshotDir() {
  const dir = process.env.IRBOOK_SCREENSHOTS
    ? resolve(process.env.IRBOOK_SCREENSHOTS)
    : mkdtempSync(join(tmpdir(), 'irbook-screenshots-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function launch() {
  requireSetup();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/** True for URLs a page of the site may load: files of the site and inline data. */
function allowed(u) {
  return u.startsWith('file:') || u.startsWith('data:');
}

/**
 * A new context and page whose every request, console message and failure is recorded.
 * Requests to anything but file: and data: are aborted (and recorded), so nothing can
 * reach the network. Call `guard.assertClean()` at the end of a test.
 */
export async function openGuarded(browser, { viewport = DESKTOP, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
    acceptDownloads: false,
  });
  const problems = { external: [], failed: [], console: [], pageErrors: [] };
  await context.route(
    (u) => !allowed(u.href),
    (route) => {
      problems.external.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!allowed(r.url())) problems.external.push(r.url());
  });
  page.on('websocket', (ws) => problems.external.push(ws.url()));
  page.on('requestfailed', (r) => {
    problems.failed.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.failed.push(`${r.url()} (HTTP ${r.status()})`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      problems.console.push(`${m.text()}${loc?.url ? ` at ${loc.url}:${loc.lineNumber}` : ''}`);
    }
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e?.stack || e)));

  const guard = {
    context,
    page,
    problems,
    /** Opens a page of the site and waits until it and its scripts have loaded. */
    async goto(rel) {
      const resp = await page.goto(url(rel), { waitUntil: 'load' });
      assert.ok(resp === null || resp.ok() || resp.status() === 0, `${rel}: status ${resp?.status()}`);
      return resp;
    },
    assertClean(what = page.url()) {
      const lines = [];
      for (const u of new Set(problems.external)) lines.push(`  request leaving file://: ${u}`);
      for (const f of problems.failed) lines.push(`  failed request: ${f}`);
      for (const c of problems.console) lines.push(`  console error: ${c}`);
      for (const e of problems.pageErrors) lines.push(`  uncaught exception: ${e}`);
      assert.equal(lines.length, 0, `${what}:\n${lines.join('\n')}`);
    },
    async close() {
      await context.close();
    },
  };
  return guard;
}

/** Counts page objects: `/Type /Page`, not `/Type /Pages`. */
export function countPdfPages(pdf) {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return { pages, rootCount: counts.length ? Math.max(...counts) : null };
}

/** Elements wider than the viewport, for the failure message. */
export async function overflowReport(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    // Inside a scrolling or clipping box (a wide table in .table-wrap): not page overflow.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed' && !clipped(el)) {
        // Report the outermost offenders only.
        if (!out.some((o) => o.el.contains(el))) {
          const id = el.id ? `#${el.id}` : '';
          const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
          const what = el.tagName === 'A' ? ` href=${el.getAttribute('href')}` : '';
          out.push({ el, desc: `${el.tagName.toLowerCase()}${id}${cls}${what} right=${Math.round(r.right)}` });
        }
      }
    }
    // Text wider than its own box (a long word or address) widens the page without any
    // element doing so: name the innermost box it spills out of.
    for (const el of document.querySelectorAll('body *')) {
      const s = getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && s.overflowX === 'visible' && !clipped(el)) {
        const r = el.getBoundingClientRect();
        if (r.left + el.scrollWidth > w + 1 && ![...el.children].some((c) => c.scrollWidth > c.clientWidth + 1)) {
          out.push({ el, desc: `text in ${el.tagName.toLowerCase()}: "${el.textContent.trim().slice(0, 60)}"` });
        }
      }
    }
    return out.slice(0, 10).map((o) => o.desc);
  });
}

/**
 * Why the page at its current size scrolls sideways (the widest offenders named), or null
 * when it does not.
 */
export async function horizontalOverflow(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth <= innerWidth + 1) return null;
  const culprits = await overflowReport(page);
  return `page scrolls sideways (scrollWidth ${scrollWidth} > innerWidth ${innerWidth}); wider than the viewport:\n  ${culprits.join('\n  ')}`;
}

/** Fails, naming the widest offenders, when the page at its current size scrolls sideways. */
export async function assertNoHorizontalOverflow(page, what) {
  const why = await horizontalOverflow(page);
  if (why) assert.fail(`${what}: ${why}`);
}
