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
