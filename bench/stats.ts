/** Small helpers shared by the benchmarks: a seeded PRNG, repeated runs, median and spread. */

/** mulberry32: a fixed-seed PRNG so every run measures the same inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Sample {
  median: number;
  min: number;
  max: number;
  /** Relative spread: (max - min) / median. */
  spread: number;
}

export function summarize(values: number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, spread: median === 0 ? 0 : (sorted.at(-1)! - sorted[0]!) / median };
}

/**
 * Runs `a` and `b` alternately (so machine noise hits both alike), after a
 * warm-up, and returns each one's samples of `measure()`.
 */
export function interleave(runs: number, warmup: number, a: () => number, b: () => number): { a: Sample; b: Sample } {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(a());
    bs.push(b());
  }
  return { a: summarize(as), b: summarize(bs) };
}

/** One result row of `npm run bench`. */
export interface BenchRow {
  /** Key into bench/budgets.json. */
  id: string;
  name: string;
  unit: string;
  ours: Sample;
  baseline?: { name: string; sample: Sample };
  /** ours / baseline medians (or ours alone when there is no baseline). */
  ratio?: number;
  note?: string;
}

export interface Budget {
  describe: string;
  minRatio?: number;
  maxRatio?: number;
  min?: number;
  max?: number;
}

/** Whether a row holds its budget (a row without a budget is reported only). */
export function holds(row: BenchRow, budget: Budget | undefined): boolean {
  if (!budget) return true;
  const m = row.ours.median;
  if (budget.min !== undefined && m < budget.min) return false;
  if (budget.max !== undefined && m > budget.max) return false;
  if (budget.minRatio !== undefined && !(row.ratio !== undefined && row.ratio >= budget.minRatio)) return false;
  if (budget.maxRatio !== undefined && !(row.ratio !== undefined && row.ratio <= budget.maxRatio)) return false;
  return true;
}
