// The binder prints to PDF (A4) with a sane page count, and the all-staff binder holds no
// team-only material while the team binder does.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { countPdfPages, launch, openGuarded, screenshotDir, SITE } from './lib.mjs';

/** Text that only the incident response team may see (a team-only scheme page's title). */
const TEAM_ONLY = 'Investigating suspected insiders';


let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the staff binder prints to an A4 PDF with a sane page count', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/binder.html');
    const started = Date.now();
    const pdf = await g.page.pdf({ format: 'A4' });
    const ms = Date.now() - started;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'not a PDF');
    const { pages, rootCount } = countPdfPages(pdf);
    const out = join(screenshotDir(), 'staff-binder.pdf');
    writeFileSync(out, pdf);
    console.log(`binder PDF: ${pages} pages, ${pdf.length} bytes, printed in ${ms} ms -> ${out}`);
    if (rootCount !== null) assert.equal(pages, rootCount, 'page objects disagree with the page tree /Count');
    assert.ok(pages >= 15 && pages <= 400, `binder PDF has ${pages} pages, expected 15..400`);
    // The PDF's own text, when poppler's pdftotext is at hand (the HTML is checked below regardless).
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('/usr/bin/pdftotext', ['-q', out, '-'], { maxBuffer: 64 << 20 }).toString('utf8');
      assert.match(text, /All staff edition/, 'the PDF does not say which edition it is');
      assert.ok(!text.includes(TEAM_ONLY), `the staff binder PDF contains team-only "${TEAM_ONLY}"`);
    } else {
      console.log('binder PDF text not checked: no /usr/bin/pdftotext (apt-get install -y poppler-utils)');
    }
    g.assertClean('staff/binder.html (print)');
  } finally {
    await g.close();
  }
});

test('the staff binder holds no team-only text; the team binder does', async () => {
  const staffHtml = readFileSync(join(SITE, 'staff', 'binder.html'), 'utf8');
  const teamHtml = readFileSync(join(SITE, 'isirt', 'binder.html'), 'utf8');
  assert.ok(teamHtml.includes(TEAM_ONLY), `the isirt binder lacks "${TEAM_ONLY}": the check below proves nothing`);
  assert.ok(!staffHtml.includes(TEAM_ONLY), `the staff binder HTML contains team-only "${TEAM_ONLY}"`);

  const g = await openGuarded(browser);
  try {
    await g.page.emulateMedia({ media: 'print' });
    await g.goto('staff/binder.html');
    const printed = await g.page.evaluate(() => document.body.innerText);
    assert.ok(printed.length > 10_000, `the printed staff binder has only ${printed.length} characters of text`);
    assert.ok(!printed.includes(TEAM_ONLY), `the printed staff binder shows team-only "${TEAM_ONLY}"`);
    assert.match(printed, /All staff edition/, 'the printed binder does not say which edition it is');
    g.assertClean('staff/binder.html (print media)');
  } finally {
    await g.close();
  }
});

test('inject cards print one per page; the after-action report prints', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('isirt/exercises/ransomware-friday-evening/cards.html');
    const cards = await g.page.locator('.inject-card').count();
    assert.ok(cards >= 4, `only ${cards} inject cards`);
    const { pages } = countPdfPages(await g.page.pdf({ format: 'A4' }));
    assert.equal(pages, cards, `${cards} inject cards printed on ${pages} pages`);
    await g.goto('isirt/exercises/ransomware-friday-evening/reports/ransomware-friday-evening-2026-10-16.html');
    const report = await g.page.pdf({ format: 'A4' });
    const out = join(screenshotDir(), 'after-action-report.pdf');
    writeFileSync(out, report);
    const r = countPdfPages(report);
    console.log(`after-action report PDF: ${r.pages} pages -> ${out}`);
    assert.ok(r.pages >= 2 && r.pages <= 20, `report PDF has ${r.pages} pages`);
    g.assertClean('exercise print');
  } finally {
    await g.close();
  }
});
