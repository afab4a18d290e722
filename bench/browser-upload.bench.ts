/**
 * Upload throughput in Chromium (playwright-core, /usr/bin/chromium): the
 * same File sent to the same reference server (bench/support/upload-server.ts,
 * on loopback) by <ak-uploader> — the SDK's queue and HTTP backend, tus for a
 * file this size when the server offers it — and by a plain multipart
 * `fetch()` from the same page, alternately in the same run. The page is
 * bench/support/browser-upload-page.ts, bundled here with esbuild and served
 * from the server's origin (no CORS on either side).
 *
 * Environment: BENCH_BROWSER_UPLOAD_MB (64), BENCH_BROWSER_UPLOAD_ROUNDS (5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../scripts/chromium.mjs';
import { summarize, type BenchRow } from './stats.js';
import { bundleBenchPage } from './support/bundle-page.js';
import { startServer } from './upload.bench.js';

const megabytes = Number(process.env.BENCH_BROWSER_UPLOAD_MB ?? 64);
const rounds = Number(process.env.BENCH_BROWSER_UPLOAD_ROUNDS ?? 5);

export async function runBrowserUploadBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-browser-upload-'));
  const started = startServer(join(scratch, 'data'), megabytes + 16);
  const [script, browser] = await Promise.all([
    bundleBenchPage(new URL('./support/browser-upload-page.ts', import.meta.url)),
    launchChromium(),
  ]);
  try {
    const { baseURL: origin } = await started;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(`${origin}/bench/**`, (route) =>
      route.request().url().endsWith('.js')
        ? route.fulfill({ contentType: 'text/javascript', body: script })
        : route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><meta charset="utf-8"><script type="module" src="/bench/page.js"></script>',
          }),
    );
    await page.goto(`${origin}/bench/page.html`);
    await page.waitForFunction(() => 'benchReady' in window);
    await page.evaluate(() => window.benchReady);
    await page.evaluate((mb) => window.benchMakeFile(mb), megabytes);
    const uploader: number[] = [];
    const plain: number[] = [];
    // One warm-up each, then alternately, so machine noise hits both alike.
    await page.evaluate(() => window.benchUploader());
    await page.evaluate(() => window.benchFetch());
    for (let i = 0; i < rounds; i++) {
      uploader.push(megabytes / (await page.evaluate(() => window.benchUploader())));
      plain.push(megabytes / (await page.evaluate(() => window.benchFetch())));
    }
    if (errors.length > 0) throw new Error(`the bench page failed: ${errors.join('; ')}`);
    const ours = summarize(uploader);
    const baseline = summarize(plain);
    return {
      rows: [
        {
          id: 'browser.uploaderThroughput',
          name: `Chromium: <ak-uploader> sends ${megabytes} MB`,
          unit: 'MB/s',
          ours,
          baseline: { name: 'fetch() multipart, same file and server', sample: baseline },
          ratio: ours.median / baseline.median,
        },
      ],
      details: `browser upload (${megabytes} MB, ${rounds} rounds, loopback): uploader ${uploader.map((v) => v.toFixed(0)).join(', ')} MB/s; fetch() ${plain.map((v) => v.toFixed(0)).join(', ')} MB/s`,
    };
  } finally {
    await browser.close();
    const { child } = await started;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(scratch, { recursive: true, force: true });
  }
}
