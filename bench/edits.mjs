// What the save-to-result benchmarks (watch.mjs, serve.mjs) share: their arguments, the
// page they edit, and the median of their runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/// IRBOOK PROJECT [PAGE] [RUNS] from the command line, with the page's path and its
/// original text (to restore at the end); exits with `usage` when they are missing.
export function editArgs(usage) {
  const [bin, project, page = 'content/policy.md', runsArg = '10'] = process.argv.slice(2);
  if (!bin || !project) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const file = join(project, page);
  return { bin, project, page, runs: Number(runsArg), file, original: readFileSync(file, 'utf8') };
}

/// The median of `times`.
export function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
}
