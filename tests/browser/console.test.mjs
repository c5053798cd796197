// The live exercise console in a real browser: the facilitator starts the run and marks an
// action with the keyboard, the projector shows the inject but nothing of the answer key,
// and both views pass axe (WCAG 2.1 A/AA). The console is the real `irbook exercise run`.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import AxeBuilder from '@axe-core/playwright';
import { launch } from './lib.mjs';

const BIN = process.env.IRBOOK_BIN;
const PROJECT = process.env.IRBOOK_PROJECT;
const EXERCISE = 'lost-laptop-new-starter';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser;
let proc;
let base;
let token;
// The record goes to a folder of its own, removed when the tests end.
const recordDir = mkdtempSync(join(tmpdir(), 'irbook-console-'));
const record = join(recordDir, 'run.yaml');

before(async () => {
  assert.ok(BIN && PROJECT, 'IRBOOK_BIN and IRBOOK_PROJECT are set by tests/suite/browser.rs');
  proc = spawn(BIN, ['exercise', 'run', EXERCISE, '--path', PROJECT, '--port', '0', '--record', record], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: proc.stdout });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the console did not start')), 30_000);
    lines.on('line', (l) => {
      const p = l.match(/^Projector \(participants\):\s+(http:\/\/127\.0\.0\.1:\d+)\//);
      if (p) base = p[1];
      const f = l.match(/\/facilitator#([0-9a-f]+)$/);
      if (f) token = f[1];
      if (base && token) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`the console exited with ${code}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  proc?.kill('SIGKILL');
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    await new Promise((resolve) => proc.once('exit', resolve));
  }
  rmSync(recordDir, { recursive: true, force: true });
});

/** A page that may talk to the console and to nothing else. */
async function open() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const outside = [];
  await context.route((u) => !u.href.startsWith(base), (route) => {
    outside.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, outside, errors };
}

async function axe(page, what) {
  const r = await new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ['violations'] }).analyze();
  assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.help}`), [], `${what}: axe violations`);
}

test('facilitator runs the exercise; the projector never shows the answer key', async () => {
  const f = await open();
  await f.page.goto(`${base}/facilitator#${token}`);
  await f.page.getByRole('button', { name: 'Start' }).click();
  await f.page.getByRole('heading', { level: 3, name: 'Expected actions' }).waitFor();
  const firstAction = (await f.page.locator('table tr').nth(1).locator('td').nth(1).innerText()).trim();
  assert.ok(firstAction.length > 5, 'the facilitator sees the first expected action');
  assert.match(await f.page.locator('#next-up').innerText(), /^Next: inject 2 at /, 'the facilitator sees the next inject');
  // Key 1 marks the first action met; its button shows as pressed.
  await f.page.keyboard.press('1');
  await f.page.locator('button[aria-pressed="true"]', { hasText: 'Met' }).first().waitFor();
  await axe(f.page, 'facilitator view');

  const p = await open();
  await p.page.goto(`${base}/`);
  await p.page.locator('#inject h2').waitFor();
  const shown = await p.page.locator('body').innerText();
  assert.ok(!shown.includes(firstAction), 'the projector shows an expected action');
  assert.ok(!/Facilitator notes|Expected actions|points/i.test(shown), 'the projector shows answer-key sections');
  await axe(p.page, 'projector view');

  // Next inject by keyboard reaches the projector.
  const before = await p.page.locator('#inject h2').innerText();
  await f.page.keyboard.press('n');
  await p.page.waitForFunction((t) => document.querySelector('#inject h2')?.textContent !== t, before, { timeout: 10_000 });

  const text = readFileSync(record, 'utf8');
  assert.match(text, /"kind":"start"/);
  assert.match(text, /"kind":"mark"/);
  assert.equal((text.match(/"kind":"inject"/g) || []).length, 2, text);
  for (const g of [f, p]) {
    assert.deepEqual(g.outside, [], 'requests leaving the console');
    assert.deepEqual(g.errors, [], 'console errors');
    await g.context.close();
  }
});
