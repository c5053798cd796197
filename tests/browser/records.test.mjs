// Records and the event report (issue 19). A record prints on A4 with its sheet header,
// the incident reference typed in, and "Page x of y" on every page: read back from the
// PDF Chromium prints (pdftext.mjs). The event report's e-mail link and downloads carry
// exactly what was filled in, the service desk post happens only on its button, and no
// other request leaves file://.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, launch, screenshotDir, url } from './lib.mjs';
import { pdfPageTexts } from './pdftext.mjs';

/** The scheme's service desk address (`intake.service_desk_url` in irbook.yaml). */
const SERVICE_DESK = 'https://servicedesk.harbourline.example/report';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Text without spaces or compatibility forms: the PDF spaces glyphs as it likes. */
const squash = (s) => s.normalize('NFKC').replace(/\s+/g, '');

/** A page whose requests other than file:, data: and blob: are recorded and aborted, but
 * for `allow` (a URL and its handler). */
async function open({ allow } = {}) {
  const context = await browser.newContext({
    viewport: DESKTOP,
    acceptDownloads: true,
    timezoneId: 'Europe/London',
    serviceWorkers: 'block',
  });
  const seen = { external: [], errors: [] };
  await context.route(
    (u) => !/^(file|data|blob):/.test(u.href),
    (route) => {
      const u = route.request().url();
      if (allow && u === allow.url) return allow.handle(route);
      seen.external.push(u);
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  return { context, page, seen };
}

/** Screenshots of pages of a PDF, through Chromium's own PDF viewer. */
async function shootPdf(pdfPath, pages, stem) {
  const context = await browser.newContext({ viewport: { width: 900, height: 1250 } });
  const out = [];
  try {
    for (const n of pages) {
      // A fresh viewer for each page: the viewer reads `#page=` only when it opens.
      const viewer = await context.newPage();
      await viewer.goto(`file://${pdfPath}#page=${n}&zoom=page-fit&toolbar=0`);
      await viewer.waitForTimeout(1500);
      const file = join(screenshotDir(), `${stem}-page-${n}.png`);
      await viewer.screenshot({ path: file });
      out.push(file);
    }
  } finally {
    await context.close();
  }
  return out;
}

test('a record prints its sheet header, incident reference and page x of y on every page', async () => {
  const { context, page, seen } = await open();
  try {
    await page.goto(url('staff/forms/incident-log.html'));
    // 18 blank rows, and 30 more added on screen: enough for three sheets.
    for (let i = 0; i < 30; i++) await page.click('button.add-row');
    const rows = page.locator('#section-entries table.rows-table > tbody > tr');
    assert.equal(await rows.count(), 48);
    assert.equal(await rows.nth(47).locator('input').first().getAttribute('name'), 'entries.48.time');
    assert.equal(await rows.nth(47).locator('.row-n').textContent(), '48');
    await page.fill('input[name="incident-reference"]', 'INC-2026-0087');
    await page.fill('input[name="incident-severity"]', 'sev2 Major');
    await page.fill('textarea[name="entries.1.what"]', 'Ransom note on the goods-in PC');
    await page.fill('input[name="entries.48.who"]', 'G. Adeyemi');

    const pdf = await page.pdf({ format: 'A4' });
    const file = join(screenshotDir(), 'incident-log.pdf');
    writeFileSync(file, pdf);
    const pages = pdfPageTexts(pdf);
    assert.ok(pages.length >= 3, `the incident log printed on ${pages.length} pages`);
    pages.forEach((text, i) => {
      const t = squash(text);
      for (const want of [
        'Incident log',
        'All staff edition · scheme 4.2',
        'Incident reference',
        'INC-2026-0087',
        'sev2 Major',
        `Page ${i + 1} of ${pages.length}`,
        'What happened or was done',
      ]) {
        assert.ok(t.includes(squash(want)), `page ${i + 1} of the printed incident log lacks "${want}":\n${text}`);
      }
    });
    assert.ok(squash(pages[0]).includes(squash('Ransom note on the goods-in PC')));
    assert.ok(squash(pages.at(-1)).includes(squash('G. Adeyemi')), 'row 48 is not on the last page');
    const shots = await shootPdf(file, [1, 2], 'record-incident-log');
    console.log(`incident log: ${pages.length} A4 pages -> ${file}; ${shots.join(', ')}`);
    assert.deepEqual(seen.external, []);
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

test('the chain of custody prints its header on both sheets', async () => {
  const { context, page, seen } = await open();
  try {
    await page.goto(url('staff/forms/chain-of-custody.html'));
    await page.fill('input[name="incident-reference"]', 'INC-2026-0087');
    const pdf = await page.pdf({ format: 'A4' });
    const file = join(screenshotDir(), 'chain-of-custody.pdf');
    writeFileSync(file, pdf);
    const pages = pdfPageTexts(pdf);
    assert.ok(pages.length >= 2, `printed on ${pages.length} page(s)`);
    pages.forEach((text, i) => {
      const t = squash(text);
      for (const want of ['Chain of custody', 'INC-2026-0087', `Page ${i + 1} of ${pages.length}`]) {
        assert.ok(t.includes(squash(want)), `page ${i + 1} lacks "${want}":\n${text}`);
      }
    });
    assert.ok(squash(pages.join('')).includes(squash('Signatures (from / to)')));
    await shootPdf(file, [pages.length], 'record-chain-of-custody');
    assert.deepEqual(seen.external, []);
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

/** What the reporter types, and the text the report must then read. */
async function fillReport(page) {
  await page.fill('#f-event-date', '2026-11-30');
  await page.fill('#f-reporter-name', 'Sam Carter');
  await page.fill('#f-reporter-phone', '+44 7700 900123');
  await page.fill('#f-what-occurred', 'A caller asked for my password.\nI did not give it.');
  await page.fill('#f-discovered-at', '2026-11-30T08:40');
  await page.fill('#f-reported-at', '2026-11-30T08:50');
  await page.check('input[name="is-over"][value="Yes, it has ended"]');
}

const EXPECTED_TEXT = `Information security event report
All staff edition, scheme version 4.2
Written 2026-11-30 09:05 (the clock of the computer it was written on)

== Event reference ==
Date of this report: 2026-11-30

== About you ==
Your name: Sam Carter
Phone number: +44 7700 900123

== What happened ==
What occurred: A caller asked for my password.
    I did not give it.

== When ==
When the event was discovered: 2026-11-30T08:40
When the event was reported: 2026-11-30T08:50
Is the event over?: Yes, it has ended
`;

async function downloaded(page, button) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

test('the event report composes its e-mail and downloads from what was filled in, offline', async () => {
  const posts = [];
  const { context, page, seen } = await open({
    allow: {
      url: SERVICE_DESK,
      handle: (route) => {
        const r = route.request();
        posts.push({ method: r.method(), body: r.postData() ?? '' });
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Received</title><p>Received</p>' });
      },
    },
  });
  try {
    // 09:05 in London (GMT in November).
    await page.clock.setFixedTime(new Date('2026-11-30T09:05:00Z'));
    await page.goto(url('staff/forms/event-report.html'));
    const hint = await page.locator('.print-hint').first().textContent();
    assert.match(hint, /nothing is sent by itself/);
    assert.doesNotMatch(hint, /Nothing you type is sent anywhere/);
    await fillReport(page);

    // The e-mail: to the service desk mailbox, the report in its body.
    const href = await page.getAttribute('a.send-mail', 'href');
    const subject = 'Information security event report, written 2026-11-30 09:05';
    assert.equal(
      href,
      `mailto:servicedesk@harbourline.example?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(EXPECTED_TEXT.replace(/\n/g, '\r\n'))}`,
    );
    assert.ok(href.length <= 2000, `mailto is ${href.length} characters`);
    assert.ok(await page.locator('.mail-too-long').isHidden());

    // The downloads: the same text, and JSON with every field by id.
    const text = await downloaded(page, 'button.download-text');
    assert.equal(text.name, 'event-report-2026-11-30-0905.txt');
    assert.equal(text.text, EXPECTED_TEXT);
    assert.match(await page.locator('.send-status').textContent(), /saved as a text file/);
    const json = await downloaded(page, 'button.download-json');
    assert.equal(json.name, 'event-report-2026-11-30-0905.json');
    const data = JSON.parse(json.text);
    assert.equal(data.form, 'event-report');
    assert.equal(data.edition, 'staff');
    assert.equal(data.version, '4.2');
    assert.equal(data.written, '2026-11-30T09:05:00.000Z');
    const fields = Object.assign({}, ...data.sections.map((s) => s.fields));
    assert.equal(Object.keys(fields).length, await page.locator('.field[data-field]').count(), 'not every field is in the JSON');
    assert.equal(fields['reporter-name'], 'Sam Carter');
    assert.equal(fields['what-occurred'], 'A caller asked for my password.\nI did not give it.');
    assert.equal(fields['is-over'], 'Yes, it has ended');
    assert.equal(fields['first-assessment-outcome'], '');
    assert.equal(fields['reporter-email'], '');

    // What happens next, and the route for when e-mail is suspect, are on the page.
    const afterSend = await page.locator('.after-send').innerText();
    assert.match(afterSend, /What happens next/);
    assert.match(afterSend, /event number/);
    assert.match(afterSend, /\+44 20 7946 0999/);

    // A long report does not fit in a mailto: the e-mail says the file is attached.
    await page.fill('#f-how-occurred', 'The caller knew the names of the depot staff. '.repeat(60));
    const long = await page.getAttribute('a.send-mail', 'href');
    assert.ok(long.length <= 2000, `long mailto is ${long.length} characters`);
    assert.match(decodeURIComponent(long), /attached as a text file/);
    assert.ok(await page.locator('.mail-too-long').isVisible(), 'no advice to download and attach');

    // Enter in a field submits nothing; so far nothing has been posted anywhere.
    await page.press('#f-reporter-name', 'Enter');
    await page.waitForTimeout(300);
    assert.equal(posts.length, 0, 'the report was posted without the button');
    assert.match(page.url(), /^file:/);
    assert.deepEqual(seen.external, [], 'requests left file://');

    // The service desk button posts the form as an ordinary form submission.
    await Promise.all([page.waitForURL(SERVICE_DESK), page.click('button.send-post')]);
    assert.equal(posts.length, 1);
    assert.equal(posts[0].method, 'POST');
    const sent = new URLSearchParams(posts[0].body);
    assert.equal(sent.get('irbook-form'), 'event-report');
    assert.equal(sent.get('reporter-name'), 'Sam Carter');
    assert.equal(sent.get('what-occurred'), 'A caller asked for my password.\r\nI did not give it.');
    assert.deepEqual(seen.external, [], 'requests left file://');
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});
