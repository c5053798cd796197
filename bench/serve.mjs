// Save-to-reload time and memory of `irbook serve` (issue #21): the time from writing a
// one-word edit to a page until an open page's long poll has answered and the reloaded
// page has arrived, as the live-reload script in the browser does it; then the server's
// resident and peak memory after the edits (Linux: /proc/PID/status) and the processor
// time it spent on the edits (user and system, all threads: /proc/PID/stat), which is
// steadier than the wall time on a shared machine.
//
//   node bench/serve.mjs IRBOOK PROJECT [PAGE] [RUNS]
//
// PAGE (relative to PROJECT, default content/policy.md) is edited in place and restored
// at the end; each run appends a different word. Prints every run's time, the median,
// and VmRSS / VmHWM.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { editArgs, median } from './edits.mjs';

const { bin, project, page, runs, file, original } = editArgs('node bench/serve.mjs IRBOOK PROJECT [PAGE] [RUNS]');

const child = spawn(bin, ['serve', '--port', '0', project], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const lines = createInterface({ input: child.stderr });
const base = await new Promise((resolve, reject) => {
  lines.on('line', (line) => {
    const m = line.match(/at (http:\/\/[^/]+)\//);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const poll = async (since) => (await (await fetch(`${base}/__irbook/poll?since=${since}`)).json());
const memory = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k) => Number(status.match(new RegExp(`${k}:\\s+(\\d+) kB`))[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
};
// User plus system time of the server so far, in seconds.
const cpu = () => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
// The page the edit lands on, as the browser reloads it.
const target = `${base}/${page.replace(/^content\//, '').replace(/\.md$/, '.html')}`;

try {
  const times = [];
  const before = cpu();
  for (let i = 0; i < runs; i++) {
    await pause(300); // let the watcher settle, as a person between saves would
    const { version } = await poll(0);
    const answered = poll(version);
    const t0 = process.hrtime.bigint();
    writeFileSync(file, `${original}\n\nEdit number ${i + 1}.\n`);
    const s = await answered;
    if (s.error) throw new Error(`the rebuild failed: ${s.error}`);
    await (await fetch(target)).arrayBuffer();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    times.push(ms);
    console.log(`run ${i + 1}: ${ms.toFixed(1)} ms`);
  }
  console.log(`median of ${runs}: ${median(times).toFixed(1)} ms`);
  console.log(`processor time for the ${runs} edits: ${(cpu() - before).toFixed(2)} s`);
  const m = memory();
  console.log(`memory after ${runs} edits: resident ${m.rss.toFixed(0)} MB, peak ${m.hwm.toFixed(0)} MB`);
} finally {
  writeFileSync(file, original);
  child.kill('SIGINT');
}
