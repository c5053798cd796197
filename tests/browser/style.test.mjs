// Computed styles that carry meaning: a severity level's colour on every link and label of
// that level (light and dark), and exercise ratings told apart by more than colour.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openGuarded } from './lib.mjs';

/** Pages that show severity levels as links: the matrix, "at a glance", the call tree. */
const SEVERITY_PAGES = ['staff/index.html', 'staff/severity.html', 'staff/call-tree.html', 'isirt/index.html', 'isirt/playbooks/index.html'];
const REPORT = 'isirt/exercises/ransomware-friday-evening/reports/ransomware-friday-evening-2026-10-16.html';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const colorScheme of ['light', 'dark']) {
  describe(`severity colours, ${colorScheme}`, () => {
    for (const rel of SEVERITY_PAGES) {
      test(`${rel}: every severity link and label has its level's colour`, async () => {
        const g = await openGuarded(browser, { colorScheme });
        try {
          await g.goto(rel);
          const found = await g.page.evaluate(() => {
            // The colour each level should have, resolved from the theme's own variable.
            const probe = document.createElement('span');
            document.body.append(probe);
            const want = {};
            for (const n of [1, 2, 3, 4]) {
              probe.style.color = `var(--sev${n})`;
              want[n] = getComputedStyle(probe).color;
            }
            probe.remove();
            const text = getComputedStyle(document.body).color;
            const out = { want, text, links: 0, wrong: [] };
            for (const el of document.querySelectorAll('[class*="sev-"]')) {
              const n = [...el.classList].map((c) => /^sev-([1-4])$/.exec(c)?.[1]).find(Boolean);
              if (!n) continue;
              // The element itself and every link inside it: a link must not fall back to the
              // link colour or inherit the text colour.
              for (const x of [el, ...el.querySelectorAll('a')]) {
                if (x.tagName === 'A') out.links += 1;
                const c = getComputedStyle(x);
                if (c.color !== want[n]) out.wrong.push(`${x.tagName.toLowerCase()} "${x.textContent.trim().slice(0, 30)}" (sev-${n}) is ${c.color}, not ${want[n]}`);
                if (x.classList.contains('sev') && c.borderLeftColor !== want[n]) out.wrong.push(`${x.tagName.toLowerCase()} "${x.textContent.trim().slice(0, 30)}" (sev-${n}) has a ${c.borderLeftColor} bar`);
              }
            }
            return out;
          });
          assert.ok(found.links > 0, `${rel}: no severity link found`);
          assert.equal(new Set(Object.values(found.want)).size, 4, `the four levels do not have four colours: ${JSON.stringify(found.want)}`);
          assert.ok(!Object.values(found.want).includes(found.text), `a level has the body text colour ${found.text}`);
          assert.deepEqual(found.wrong.slice(0, 10), [], `${rel} (${colorScheme}): ${found.wrong.length} element(s) without their level's colour`);
          g.assertClean(rel);
        } finally {
          await g.close();
        }
      });
    }
  });
}

test('exercise ratings differ in colour and in shape, so colour is not the only cue', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto(REPORT);
    const badges = await g.page.evaluate(() =>
      [...document.querySelectorAll('.rating-badge')].map((b) => {
        const after = getComputedStyle(b, '::after').content;
        return { letter: b.textContent.trim().charAt(0), background: getComputedStyle(b).backgroundColor, shape: after };
      }),
    );
    const byLetter = new Map();
    for (const b of badges) {
      const seen = byLetter.get(b.letter);
      if (seen) assert.deepEqual(b, seen, `two ${b.letter} badges look different`);
      else byLetter.set(b.letter, b);
    }
    assert.ok(byLetter.size >= 2, `the report shows ratings ${[...byLetter.keys()]}: need two kinds to compare`);
    const kinds = [...byLetter.values()];
    for (const [i, a] of kinds.entries()) {
      assert.ok(['P', 'S', 'M', 'U'].includes(a.letter), `a rating badge reads ${a.letter}`);
      assert.ok(a.shape && a.shape !== 'none' && a.shape !== 'normal', `${a.letter} has no shape cue`);
      for (const b of kinds.slice(i + 1)) {
        assert.notEqual(a.background, b.background, `${a.letter} and ${b.letter} have the same colour`);
        assert.notEqual(a.shape, b.shape, `${a.letter} and ${b.letter} have the same shape`);
      }
    }
    g.assertClean(REPORT);
  } finally {
    await g.close();
  }
});

describe('the header', () => {
  for (const width of [320, 768, 1280]) {
    test(`at ${width}px the search box shows its whole placeholder`, async () => {
      const g = await openGuarded(browser, { viewport: { width, height: 800 } });
      try {
        await g.goto('staff/index.html');
        const fit = await g.page.evaluate(() => {
          const input = document.querySelector('.search-box input');
          const s = getComputedStyle(input);
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
          const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
          return { text: input.placeholder, need: ctx.measureText(input.placeholder).width, room };
        });
        assert.ok(fit.text.length > 0, 'the search box has no placeholder');
        assert.ok(fit.need <= fit.room, `"${fit.text}" needs ${fit.need.toFixed(0)}px, the box has ${fit.room.toFixed(0)}px`);
      } finally {
        await g.close();
      }
    });
  }

  for (const rel of ['staff/contacts.html', 'isirt/contacts.html']) {
    test(`${rel}: on a small phone the banner and header take under a third of the first screen`, async () => {
      const g = await openGuarded(browser, { viewport: { width: 320, height: 640 } });
      try {
        await g.goto(rel);
        const { header, h1 } = await g.page.evaluate(() => ({
          header: document.querySelector('.site-header').getBoundingClientRect().bottom,
          h1: document.querySelector('main h1').getBoundingClientRect().top,
        }));
        assert.ok(header <= 640 / 3, `the header ends at ${Math.round(header)}px of 640`);
        assert.ok(h1 < 640 / 2, `the page title starts at ${Math.round(h1)}px of 640`);
      } finally {
        await g.close();
      }
    });
  }
});

describe('long pages list their sections', () => {
  for (const rel of ['staff/contacts.html', 'isirt/contacts.html', REPORT, 'isirt/index.html']) {
    test(`${rel}: every section heading is in the on-page contents`, async () => {
      const g = await openGuarded(browser);
      try {
        await g.goto(rel);
        const { headings, links } = await g.page.evaluate(() => ({
          headings: [...document.querySelectorAll('main h2')].filter((h) => !h.closest('nav')).map((h) => ({ id: h.id, text: h.textContent.trim() })),
          links: [...document.querySelectorAll('main .page-toc a')].map((a) => a.getAttribute('href')),
        }));
        assert.ok(headings.length >= 3, `${rel} has ${headings.length} sections`);
        for (const h of headings) {
          assert.ok(h.id, `"${h.text}" has no id to link to`);
          assert.ok(links.includes(`#${h.id}`), `"${h.text}" (#${h.id}) is not in the contents`);
        }
        for (const href of links) {
          assert.ok(await g.page.$(`[id="${href.slice(1)}"]`), `the contents link ${href} leads nowhere`);
        }
      } finally {
        await g.close();
      }
    });
  }
});

test('a Markdown alert (> [!NOTE]) is a callout that names its kind', async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/scheme/escalation.html');
    const alert = await g.page.evaluate(() => {
      const q = document.querySelector('main blockquote.markdown-alert-note');
      if (!q) return null;
      const s = getComputedStyle(q);
      return { bar: parseFloat(s.borderLeftWidth), panel: s.backgroundColor, title: getComputedStyle(q, '::before').content };
    });
    assert.ok(alert, 'the escalation page has no note');
    assert.ok(alert.bar >= 3, `the note has a ${alert.bar}px bar`);
    assert.notEqual(alert.panel, 'rgba(0, 0, 0, 0)', 'the note has no panel');
    assert.equal(alert.title, '"Note"');
  } finally {
    await g.close();
  }
});

describe('the severity matrix', () => {
  for (const width of [320, 768, 1024, 1280]) {
    test(`at ${width}px every criterion has a column of at least 11em`, async () => {
      const g = await openGuarded(browser, { viewport: { width, height: 800 } });
      try {
        await g.goto('staff/severity.html');
        const narrow = await g.page.evaluate(() =>
          [...document.querySelectorAll('.matrix tbody td')]
            .map((td) => ({ w: td.clientWidth, em: parseFloat(getComputedStyle(td).fontSize), text: td.textContent.trim().slice(0, 30) }))
            .filter((c) => c.w < 11 * c.em),
        );
        assert.deepEqual(narrow.slice(0, 3), [], `${narrow.length} criteria in narrow columns`);
      } finally {
        await g.close();
      }
    });
  }
});

test('at 320px the framework coverage tables fit without scrolling: playbook names wrap', async () => {
  const g = await openGuarded(browser, { viewport: { width: 320, height: 640 } });
  try {
    await g.goto('isirt/mappings.html');
    const boxes = await g.page.evaluate(() =>
      [...document.querySelectorAll('main table')].map((t) => ({ need: t.parentElement.scrollWidth, room: t.parentElement.clientWidth })),
    );
    assert.ok(boxes.length >= 2, `${boxes.length} tables`);
    for (const b of boxes) assert.ok(b.need <= b.room + 1, `a table needs ${b.need}px in ${b.room}px`);
  } finally {
    await g.close();
  }
});

test("a decision's option and when it applies start on one line", async () => {
  const g = await openGuarded(browser);
  try {
    await g.goto('staff/playbooks/ransomware.html');
    const apart = await g.page.evaluate(() =>
      [...document.querySelectorAll('.decision li > strong')]
        .filter((s) => s.nextElementSibling?.tagName === 'P')
        .filter((s) => Math.abs(s.getBoundingClientRect().top - s.nextElementSibling.getClientRects()[0].top) > 4)
        .map((s) => s.textContent.trim()),
    );
    const options = await g.page.locator('.decision li > strong').count();
    assert.ok(options >= 3, `${options} options`);
    assert.deepEqual(apart, [], 'options whose text starts on the next line');
  } finally {
    await g.close();
  }
});
