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
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { summarize, type BenchRow } from './stats.js';

const root = new URL('../', import.meta.url);
const megabytes = Number(process.env.BENCH_BROWSER_UPLOAD_MB ?? 64);
const rounds = Number(process.env.BENCH_BROWSER_UPLOAD_ROUNDS ?? 5);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function bundlePage(): Promise<string> {
  const base = JSON.parse(await readFile(new URL('tsconfig.base.json', root), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const result = await build({
    entryPoints: [new URL('./support/browser-upload-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source', 'browser', 'production'],
    tsconfigRaw: { compilerOptions: base.compilerOptions },
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

export async function runBrowserUploadBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-browser-upload-'));
  const server = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      new URL('./support/upload-server.ts', import.meta.url).pathname,
      join(scratch, 'data'),
      String(megabytes + 16),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [script, browser] = await Promise.all([
    bundlePage(),
    chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`the upload server exited (${code})`)));
    });
    const origin = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
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
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    await rm(scratch, { recursive: true, force: true });
  }
}
