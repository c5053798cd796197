// Duty cards printed from file://: one card per A4 sheet. The page of all cards starts
// each card on a new sheet; each card's own page prints on A4, the cards of the roles
// added for issue 19 on one sheet, the busiest roles' on at most two. Writes the PDF of
// every card and a screenshot of one, printed, to the screenshots folder.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countPdfPages, launch, openGuarded, screenshotDir } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The page size of a PDF's first page, in points. */
function mediaBox(pdf) {
  const m = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

test('every duty card prints on A4, each card of the all-cards page on its own sheets', async () => {
  const shots = screenshotDir();
  for (const edition of ['staff', 'isirt']) {
    const g = await openGuarded(browser);
    await g.goto(`${edition}/duty/index.html`);
    const cards = await g.page.locator('.duty-index a.card-page').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
    assert.ok(cards.length >= 15, `${edition}: ${cards.length} cards`);
    const all = await g.page.pdf({ preferCSSPageSize: true });
    const [w, h] = mediaBox(all);
    assert.ok(Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2, `${edition}: page ${w} x ${h} pt is not A4`);
    const allPages = countPdfPages(all).pages;
    assert.ok(allPages >= cards.length, `${edition}: ${cards.length} cards on ${allPages} sheets`);
    const sizes = {};
    for (const href of cards) {
      await g.goto(`${edition}/duty/${href}`);
      const pdf = await g.page.pdf({ preferCSSPageSize: true });
      sizes[href] = countPdfPages(pdf).pages;
      if (edition === 'isirt') writeFileSync(join(shots, `duty-${href.replace('.html', '')}.pdf`), pdf);
    }
    console.log(`${edition} duty cards, A4 sheets each: ${JSON.stringify(sizes)}`);
    for (const role of ['scribe', 'hr', 'finance', 'business-continuity', 'communications-lead']) {
      assert.equal(sizes[`${role}.html`], 1, `${edition}: the ${role} card prints on ${sizes[`${role}.html`]} sheets`);
    }
    for (const [href, n] of Object.entries(sizes)) {
      assert.ok(n <= 2, `${edition}: ${href} prints on ${n} sheets`);
    }
    g.assertClean();
    await g.close();
  }
  const g = await openGuarded(browser, { viewport: { width: 794, height: 1123 } });
  await g.page.clock.setFixedTime(new Date('2026-12-01T10:00:00Z'));
  await g.goto('isirt/duty/incident-coordinator.html');
  await g.page.emulateMedia({ media: 'print' });
  await g.page.screenshot({ path: join(shots, 'duty-card-incident-coordinator-print.png'), fullPage: true });
  await g.page.emulateMedia({ media: 'screen' });
  await g.goto("isirt/call-tree.html");
  await g.page.locator('.call-steps').first().screenshot({ path: join(shots, 'call-tree-on-duty.png') });
  g.assertClean();
  await g.close();
});
