/**
 * The bundle-size budgets alone, as a pass/fail check (deterministic: no
 * timing): `node --conditions=source --import tsx bench/size-check.ts`.
 * Exits 1 when a size budget in bench/budgets.json is missed.
 */
import { readFileSync } from 'node:fs';
import { measureSizes } from './size.bench.js';
import { holds, type Budget } from './stats.js';

const budgets: Record<string, Budget> = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));
const { rows, details } = await measureSizes();
console.log(details);
let missed = 0;
for (const row of rows) {
  const budget = budgets[row.id];
  const ok = holds(row, budget);
  if (!ok) missed++;
  const against = row.baseline ? ` vs ${row.baseline.sample.median.toFixed(1)} KB (${row.ratio!.toFixed(2)}×)` : '';
  const verdict = !budget ? 'report' : ok ? 'ok    ' : 'MISSED';
  const note = row.note ? ` (${row.note})` : '';
  console.log(`${verdict} ${row.name}: ${row.ours.median.toFixed(1)} KB${note}${against} — ${budget?.describe ?? 'reported'}`);
}
if (missed > 0) {
  console.error(`${missed} size budget(s) missed`);
  process.exit(1);
}
