/**
 * `npm run bench`: every benchmark, each against its baseline measured in the
 * same run, printed as one table; exits non-zero when a budget in
 * bench/budgets.json is missed.
 *
 *   npm run bench                      all groups
 *   npm run bench -- policy upload     only these groups
 *   npm run bench -- --skip install    all groups but these (also --skip=install,list)
 */
import { readFileSync } from 'node:fs';
import { holds, type BenchRow, type Budget } from './stats.js';

const budgets: Record<string, Budget> = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));

/** A group returns its rows, and optionally details printed under the table (breakdowns, per-stage figures). */
type GroupResult = BenchRow[] | { rows: BenchRow[]; details?: string };

const groups: Record<string, () => Promise<GroupResult>> = {
  size: async () => (await import('./size.bench.js')).runSizeBench(),
  policy: async () => (await import('./policy.bench.js')).runPolicyBench(),
  list: async () => (await import('./list-render.bench.js')).runListRenderBench(),
  server: async () => (await import('./server-load.bench.js')).runServerLoadBench(),
  upload: async () => (await import('./upload.bench.js')).runUploadBench(),
  browser: async () => (await import('./browser-upload.bench.js')).runBrowserUploadBench(),
  tus: async () => (await import('./resumable.bench.js')).runResumableBench(),
  install: async () => (await import('./install.bench.js')).runInstallBench(),
  scaleout: async () => (await import('./scaleout.bench.js')).runScaleOutBench(),
};

const only: string[] = [];
const skip: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--skip') skip.push(...(args[++i] ?? '').split(','));
  else if (arg.startsWith('--skip=')) skip.push(...arg.slice('--skip='.length).split(','));
  else only.push(arg);
}
for (const name of [...only, ...skip]) {
  if (!(name in groups)) {
    console.error(`unknown group "${name}"; groups: ${Object.keys(groups).join(', ')}`);
    process.exit(2);
  }
}

const started = performance.now();
const rows: BenchRow[] = [];
const details: string[] = [];
for (const [name, run] of Object.entries(groups)) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (skip.includes(name)) continue;
  const groupStarted = performance.now();
  process.stderr.write(`running ${name}…\n`);
  const result = await run();
  if (Array.isArray(result)) rows.push(...result);
  else {
    rows.push(...result.rows);
    if (result.details) details.push(result.details);
  }
  process.stderr.write(`  ${name} took ${((performance.now() - groupStarted) / 1000).toFixed(0)} s\n`);
}

const format = (n: number) =>
  n >= 1e6
    ? `${(n / 1e6).toFixed(2)}M`
    : n >= 1e4
      ? `${(n / 1e3).toFixed(1)}k`
      : n >= 100
        ? n.toFixed(0)
        : n >= 10
          ? n.toFixed(1)
          : n.toFixed(3);
const table = rows.map((row) => {
  const budget = budgets[row.id];
  return {
    measurement: row.name,
    ours: `${format(row.ours.median)} ${row.unit}${row.ours.spread > 0 ? ` (±${(row.ours.spread * 50).toFixed(0)}%)` : ''}`,
    baseline: row.baseline ? `${row.baseline.name}: ${format(row.baseline.sample.median)} ${row.unit}` : '—',
    ratio: row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
    budget: budget?.describe ?? '(reported)',
    result: holds(row, budget) ? (budget ? 'ok' : '—') : 'MISSED',
  };
});
for (const block of details) console.log(`${block}\n`);
console.table(table);
console.log(
  `(ours and baseline: medians; ± is half the spread (max − min) of ours relative to its median; total ${((performance.now() - started) / 1000).toFixed(0)} s)`,
);
const missed = table.filter((r) => r.result === 'MISSED');
if (missed.length > 0) {
  console.error(`${missed.length} budget(s) missed: ${missed.map((m) => m.measurement).join('; ')}`);
  process.exit(1);
}
