// Who is on duty now, from file://, at fixed instants: the call tree, a duty card and the
// rota page of the example fill their on-duty slots from the reader's clock (the page's
// clock fixed by playwright) and the rota in content/rota.yaml, handovers at Monday 09:00
// London time. Expected names are worked out by hand from the rota:
// - ISIRT lead: Nadia Karim in the weeks from Mon 2 Nov 2026, 16 Nov, ... (even weeks),
//   Tomasz Nowak in the odd ones; Tomasz covers 28 Dec to 3 Jan.
// - Incident coordinator: Tomasz in the even weeks, Grace Adeyemi in the odd ones; Grace
//   covers 28 Dec to 3 Jan.
// Printed, the slots show the static pointer to the printed rota, never a live name.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openGuarded } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The live text of the first slot of `role` on `page` of `edition`, at instant `iso`. */
async function onDuty(edition, page, role, iso) {
  const g = await openGuarded(browser);
  await g.page.clock.setFixedTime(new Date(iso));
  await g.goto(`${edition}/${page}`);
  const slot = g.page.locator(`[data-rota-slot="role-${role}"]`).first();
  const live = (await slot.locator('.od-live').textContent()).replace(/\s+/g, ' ').trim();
  const name = (await slot.locator('.od-name').textContent()).trim();
  assert.equal(await slot.locator('.od-static').isVisible(), false, 'the static text is hidden once the script ran');
  g.assertClean();
  await g.close();
  return { name, live };
}

test('the call tree shows who is on duty now, across handovers and summer time', async () => {
  const cases = [
    // Mon 9 Nov 2026, 08:59 GMT: the last minute of Nadia's first week.
    ['2026-11-09T08:59:00Z', 'isirt-lead', 'Nadia Karim', 'Mon 9 Nov 2026, 09:00'],
    ['2026-11-09T09:00:00Z', 'isirt-lead', 'Tomasz Nowak', 'Mon 16 Nov 2026, 09:00'],
    ['2026-11-09T09:00:00Z', 'incident-coordinator', 'Grace Adeyemi', 'Mon 16 Nov 2026, 09:00'],
    // Tue 29 Dec 2026: Nadia's week, covered by Tomasz; his coordinator week by Grace.
    ['2026-12-29T10:00:00Z', 'isirt-lead', 'Tomasz Nowak', 'Mon 4 Jan 2027, 09:00'],
    ['2026-12-29T10:00:00Z', 'incident-coordinator', 'Grace Adeyemi', 'Mon 4 Jan 2027, 09:00'],
    // Mon 5 Jul 2027 in summer time: the handover is at 09:00 BST, 08:00 UTC. Week 35
    // from 2 Nov 2026 is odd: Tomasz from 08:00 UTC, Nadia until then.
    ['2027-07-05T07:59:00Z', 'isirt-lead', 'Nadia Karim', 'Mon 5 Jul 2027, 09:00'],
    ['2027-07-05T08:00:00Z', 'isirt-lead', 'Tomasz Nowak', 'Mon 12 Jul 2027, 09:00'],
  ];
  for (const [iso, role, name, until] of cases) {
    for (const edition of ['staff', 'isirt']) {
      const got = await onDuty(edition, 'call-tree.html', role, iso);
      assert.equal(got.name, name, `${edition} call tree, ${role} at ${iso}: ${got.live}`);
      assert.equal(got.live, `On duty now: ${name} until ${until}`, `${edition} ${role} at ${iso}`);
    }
  }
  // The duty card and the rota page use the same slots.
  const card = await onDuty('isirt', 'duty/isirt-lead.html', 'isirt-lead', '2026-12-29T10:00:00Z');
  assert.equal(card.name, 'Tomasz Nowak');
  const rota = await onDuty('staff', 'rota.html', 'incident-coordinator', '2026-11-09T09:00:00Z');
  assert.equal(rota.name, 'Grace Adeyemi');
});

test('printed, a slot points to the printed rota instead of a live name', async () => {
  const g = await openGuarded(browser);
  await g.page.clock.setFixedTime(new Date('2026-11-09T09:00:00Z'));
  await g.goto('isirt/call-tree.html');
  await g.page.emulateMedia({ media: 'print' });
  const slot = g.page.locator('[data-rota-slot="role-isirt-lead"]').first();
  assert.equal(await slot.locator('.od-live').isVisible(), false);
  assert.equal(await slot.locator('.od-static').isVisible(), true);
  assert.match(await slot.locator('.od-static').textContent(), /see the rota/);
  g.assertClean();
  await g.close();
});

test('without scripts, the slot keeps the link to the printed rota', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { url } = await import('./lib.mjs');
  await page.goto(url('staff/call-tree.html'));
  const slot = page.locator('[data-rota-slot="role-isirt-lead"]').first();
  assert.equal(await slot.locator('.od-static').isVisible(), true);
  assert.equal(await slot.locator('.od-static a').getAttribute('href'), 'rota.html#rota-role-isirt-lead');
  await context.close();
});
