// Save-to-result time of `irbook check --watch` (issue #16): the time from writing a
// one-word edit to a page until the watcher has printed its summary line for it.
//
//   node bench/watch.mjs IRBOOK PROJECT [PAGE] [RUNS]
//
// PAGE (relative to PROJECT) is edited in place and restored at the end; each run
// appends a word, alternately a broken link and nothing, so every other run prints a
// new problem and the next one its fix. Prints every run's time and the median.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { editArgs, median } from './edits.mjs';

const { bin, project, runs, file, original } = editArgs('node bench/watch.mjs IRBOOK PROJECT [PAGE] [RUNS]');

const child = spawn(bin, ['check', '--watch', '--format', 'json', project], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: child.stdout });
let waiting = null;
lines.on('line', (line) => {
  // The summary object (the one with `elapsed_ms`) ends each run's output.
  if (line.includes('"elapsed_ms"') && waiting) {
    const w = waiting;
    waiting = null;
    w();
  }
});
const summary = () => new Promise((resolve) => { waiting = resolve; });
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  await summary(); // the first, full check
  const times = [];
  for (let i = 0; i < runs; i++) {
    await pause(300); // let the watcher settle, as a person between saves would
    const word = i % 2 === 0 ? '\n\nSee [the plan](missing-page.md).\n' : '\n\nNothing.\n';
    const done = summary();
    const t0 = process.hrtime.bigint();
    writeFileSync(file, original + word);
    await done;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    times.push(ms);
    console.log(`run ${i + 1}: ${ms.toFixed(1)} ms`);
  }
  console.log(`median of ${runs}: ${median(times).toFixed(1)} ms`);
} finally {
  writeFileSync(file, original);
  child.kill();
}
