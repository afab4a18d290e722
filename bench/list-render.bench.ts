/**
 * List rendering in Chromium (playwright-core, /usr/bin/chromium): first
 * paint and a one-row update of <ak-attachment-list> with 10,000
 * attachments against a plain, non-virtualized Lit table of the same rows,
 * measured alternately in the same page. The page code is
 * bench/support/list-render-page.js, bundled here with esbuild.
 *
 * Environment: BENCH_LIST_ROWS (10000), BENCH_LIST_RUNS (5).
 */
import { launchChromium } from '../scripts/chromium.mjs';
import { summarize, type BenchRow } from './stats.js';
import { bundleBenchPage } from './support/bundle-page.js';

const rows = Number(process.env.BENCH_LIST_ROWS ?? 10_000);
const runs = Number(process.env.BENCH_LIST_RUNS ?? 5);

interface Measurement {
  firstPaint: number;
  oneRowUpdate: number;
  domNodes: number;
}
type Kind = 'ak-attachment-list' | 'plain-table';

const bundlePage = () => bundleBenchPage(new URL('./support/list-render-page.js', import.meta.url));

export async function runListRenderBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const script = await bundlePage();
  const browser = await launchChromium({
    // Never throttled as a background page, and window.gc() for the page between runs.
    args: ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script, type: 'module' });
    await page.waitForFunction(() => typeof (window as unknown as { measure?: unknown }).measure === 'function');
    const measure = (kind: Kind, count: number) =>
      page.evaluate(([k, n]) => (window as unknown as { measure: (k: string, n: number) => Promise<Measurement> }).measure(k, n), [
        kind,
        count,
      ] as const);

    // Warm-up: compile and JIT both paths, small then full size.
    for (const count of [100, rows]) {
      await measure('ak-attachment-list', count);
      await measure('plain-table', count);
    }
    const results: Record<Kind, Measurement[]> = { 'ak-attachment-list': [], 'plain-table': [] };
    for (let run = 0; run < runs; run++) {
      // Alternate which goes first so neither always runs right after the other's garbage.
      const order: Kind[] = run % 2 ? ['plain-table', 'ak-attachment-list'] : ['ak-attachment-list', 'plain-table'];
      for (const kind of order) results[kind].push(await measure(kind, rows));
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);

    const sample = (kind: Kind, key: 'firstPaint' | 'oneRowUpdate') => summarize(results[kind].map((r) => r[key]));
    const row = (id: string, key: 'firstPaint' | 'oneRowUpdate', label: string): BenchRow => {
      const ours = sample('ak-attachment-list', key);
      const plain = sample('plain-table', key);
      return {
        id,
        name: `list: ${label}, ${rows.toLocaleString('en')} rows`,
        unit: 'ms',
        ours,
        baseline: { name: 'plain Lit table (no virtualization)', sample: plain },
        ratio: ours.median / plain.median,
      };
    };
    const details = [
      `List rendering (Chromium ${browser.version()}, ${rows.toLocaleString('en')} attachments, ${runs} alternating runs after warm-up):`,
      `  shadow DOM nodes: ak-attachment-list ${results['ak-attachment-list'][0]!.domNodes}, plain table ${results['plain-table'][0]!.domNodes}`,
    ].join('\n');
    return {
      rows: [row('list.firstPaint', 'firstPaint', 'first paint'), row('list.oneRowUpdate', 'oneRowUpdate', 'one-row update')],
      details,
    };
  } finally {
    await browser.close();
  }
}
