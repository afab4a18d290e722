/**
 * `npm run bench`: every benchmark, each against its baseline measured in the
 * same run, printed as one table; exits non-zero when a budget in
 * bench/budgets.json is missed. `npm run bench -- policy` runs one group.
 */
import { readFileSync } from 'node:fs';
import { holds, type BenchRow, type Budget } from './stats.js';

const budgets: Record<string, Budget> = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));

const groups: Record<string, () => Promise<BenchRow[]>> = {
  policy: async () => (await import('./policy.bench.js')).runPolicyBench(),
  server: async () => (await import('./server-load.bench.js')).runServerLoadBench(),
};

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(groups)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  rows.push(...(await run()));
}

const format = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : n >= 100 ? n.toFixed(0) : n.toFixed(3));
const table = rows.map((row) => {
  const budget = budgets[row.id];
  return {
    measurement: row.name,
    ours: `${format(row.ours.median)} ${row.unit} (±${(row.ours.spread * 50).toFixed(0)}%)`,
    baseline: row.baseline ? `${row.baseline.name}: ${format(row.baseline.sample.median)} ${row.unit}` : '—',
    ratio: row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
    budget: budget?.describe ?? '(reported)',
    result: holds(row, budget) ? 'ok' : 'MISSED',
  };
});
console.table(table);
const missed = table.filter((r) => r.result === 'MISSED');
if (missed.length > 0) {
  console.error(`${missed.length} budget(s) missed: ${missed.map((m) => m.measurement).join('; ')}`);
  process.exit(1);
}
