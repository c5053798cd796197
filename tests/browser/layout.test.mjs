// Layout and keyboard: screenshots at phone and desktop widths, no horizontal scrolling on a
// phone or at 200% zoom, clean loads, and a skip link that the first Tab reaches and shows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { DESKTOP, PHONE, ZOOM_200, assertNoHorizontalOverflow, launch, openGuarded, screenshotDir } from './lib.mjs';

const PAGES = {
  home: 'staff/index.html',
  playbook: 'staff/playbooks/ransomware.html',
  contacts: 'staff/contacts.html',
};
/** Pages whose loads must be clean: no console error, no failed request, nothing off file://. */
const CLEAN = [
  'staff/index.html',
  'staff/playbooks/ransomware.html',
  'staff/contacts.html',
  'staff/binder.html',
  'staff/search.html',
  'staff/severity.html',
  'staff/call-tree.html',
  'staff/forms/event-report.html',
  'staff/scheme/index.html',
  'staff/policy.html',
  'staff/playbooks/index.html',
  'isirt/index.html',
  'isirt/contacts.html',
  'isirt/binder.html',
];

let browser;
let shots;
before(async () => {
  browser = await launch();
  shots = screenshotDir();
  console.log(`screenshots -> ${shots}`);
});
after(async () => {
  await browser?.close();
});

describe('screenshots and reflow', () => {
  const sizes = { phone: PHONE, desktop: DESKTOP, zoom200: ZOOM_200 };
  for (const [sizeName, viewport] of Object.entries(sizes)) {
    for (const [name, rel] of Object.entries(PAGES)) {
      test(`${name} at ${sizeName} (${viewport.width}x${viewport.height})`, async () => {
        const g = await openGuarded(browser, { viewport });
        try {
          await g.goto(rel);
          if (sizeName !== 'zoom200') {
            const file = join(shots, `${name}-${sizeName}.png`);
            await g.page.screenshot({ path: file, fullPage: true });
            assert.ok(statSync(file).size > 5_000, `${file} is suspiciously small`);
          }
          if (sizeName !== 'desktop') await assertNoHorizontalOverflow(g.page, `${rel} at ${viewport.width}px`);
          g.assertClean(`${rel} at ${sizeName}`);
        } finally {
          await g.close();
        }
      });
    }
  }
});

describe('clean loads', () => {
  for (const rel of CLEAN) {
    test(rel, async () => {
      const g = await openGuarded(browser);
      try {
        await g.goto(rel);
        // Let deferred scripts and anything they start settle.
        await g.page.waitForLoadState('networkidle').catch(() => {});
        g.assertClean(rel);
      } finally {
        await g.close();
      }
    });
  }
});

test('the guard catches and blocks a request that leaves file://', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/index.html');
    const loaded = await g.page.evaluate(
      () =>
        new Promise((done) => {
          const img = new Image();
          img.onload = () => done(true);
          img.onerror = () => done(false);
          img.src = 'https://irbook-test.invalid/pixel.png';
        }),
    );
    assert.equal(loaded, false, 'an image from outside the site loaded');
    assert.deepEqual([...new Set(g.problems.external)], ['https://irbook-test.invalid/pixel.png']);
    assert.throws(() => g.assertClean('guard self-test'), /request leaving file:\/\/: https:\/\/irbook-test\.invalid/);
  } finally {
    await g.close();
  }
});

describe('keyboard', () => {
  for (const [name, rel] of Object.entries(PAGES)) {
    test(`${name}: the first Tab focuses a visible skip link that moves focus to main`, async () => {
      const g = await openGuarded(browser);
      try {
        await g.goto(rel);
        await g.page.keyboard.press('Tab');
        const focused = await g.page.evaluate(() => {
          const a = document.activeElement;
          const r = a.getBoundingClientRect();
          const s = getComputedStyle(a);
          return {
            tag: a.tagName,
            cls: a.className,
            href: a.getAttribute('href'),
            text: a.textContent.trim(),
            rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
            visibility: s.visibility,
            opacity: Number(s.opacity),
            clip: s.clip,
            clipPath: s.clipPath,
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
            vw: innerWidth,
            vh: innerHeight,
          };
        });
        assert.equal(focused.tag, 'A', `first Tab focused a ${focused.tag}.${focused.cls}, not the skip link`);
        assert.match(focused.cls, /\bskip-link\b/, `first Tab focused ${focused.text}, not the skip link`);
        assert.equal(focused.href, '#main');
        const r = focused.rect;
        assert.ok(r.width >= 10 && r.height >= 10, `skip link is ${r.width}x${r.height} when focused`);
        assert.ok(r.left >= 0 && r.top >= 0 && r.right <= focused.vw && r.bottom <= focused.vh, `focused skip link is off screen: ${JSON.stringify(r)}`);
        assert.equal(focused.visibility, 'visible');
        assert.ok(focused.opacity > 0.9, `focused skip link has opacity ${focused.opacity}`);
        assert.ok(focused.clipPath === 'none' && (focused.clip === 'auto' || focused.clip === ''), 'focused skip link is clipped');
        // Nothing paints over it.
        const onTop = await g.page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.skip-link') !== null, {
          x: (r.left + r.right) / 2,
          y: (r.top + r.bottom) / 2,
        });
        assert.ok(onTop, 'the focused skip link is covered by another element');
        await g.page.screenshot({ path: join(shots, `${name}-skip-link-focused.png`) });

        await g.page.keyboard.press('Enter');
        const after = await g.page.evaluate(() => ({ hash: location.hash, active: document.activeElement?.id }));
        assert.equal(after.hash, '#main');
        assert.equal(after.active, 'main', 'after following the skip link, focus is not on main');
        g.assertClean(`${rel} (keyboard)`);
      } finally {
        await g.close();
      }
    });
  }
});
