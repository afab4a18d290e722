/**
 * Does the size bench count what a page really downloads? Builds the
 * "uploader + list" entry exactly as bench/size.bench.ts does, serves its
 * files from the reference server's origin (playwright routes: no CORS), and
 * opens a page with `<ak-uploader>` and `<ak-attachment-list>` on a record
 * with a few real attachments, against the real server in a child process.
 * It lists the script files Chromium fetched before the list showed its rows,
 * and those it fetched in the next second (an idle page), against the
 * bench's up-front set.
 *
 * `node --conditions=source --import tsx bench/size-page.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { adminUser, createHttpBackend } from '@attachkit/sdk';
import { launchChromium } from '../scripts/chromium.mjs';
import { bundleOptions, staticClosure } from './size.bench.js';
import { startChild, stopChild } from './support/child-process.js';

const token = 'bench-admin';
const record = { type: 'job', id: 'BENCH-1' };

const built = await build({ ...bundleOptions('uploaderAndList'), outdir: '/size-page' });
const files = new Map(built.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.text]));
const outputs = built.metafile.outputs;
const entryFile = Object.keys(outputs).find((k) => outputs[k]?.entryPoint?.endsWith('entry.js'));
if (!entryFile) throw new Error('no entry output');
const upFront = staticClosure(outputs, entryFile);
const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const benchSet = new Set([...upFront].map(base));

const dataDir = mkdtempSync(join(tmpdir(), 'attachkit-size-page-'));
const server = await startChild('./support/upload-server.ts', [dataDir, '64']);
try {
  const { port } = JSON.parse(server.line) as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  const backend = createHttpBackend({ baseURL: origin, getToken: () => token });
  // A 1×1 PNG (so the list has an image to preview) and text files: real content the server accepts.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  for (let i = 0; i < 5; i++) {
    const file =
      i % 2
        ? { name: `file-${i}.png`, data: new Blob([png], { type: 'image/png' }) }
        : { name: `file-${i}.txt`, data: new Blob([`note ${i}`], { type: 'text/plain' }) };
    await backend.uploadAttachment(record, file);
  }

  const page = `<!doctype html><html lang="en"><body>
<ak-uploader record-type="job" record-id="BENCH-1"></ak-uploader>
<ak-attachment-list record-type="job" record-id="BENCH-1"></ak-attachment-list>
<script type="module">
import { createAttachKit, createHttpBackend } from './${base(entryFile)}';
const principal = ${JSON.stringify(adminUser(undefined, 'u-bench', 'Bench Admin'))};
const kit = createAttachKit({ backend: createHttpBackend({ baseURL: '', getToken: () => '${token}' }), principal });
for (const element of document.querySelectorAll('ak-uploader, ak-attachment-list')) element.kit = kit;
</script></body></html>`;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    await context.route(`${origin}/size-page/**`, (route) => {
      const name = base(new URL(route.request().url()).pathname);
      if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: page });
      const text = files.get(name);
      return text === undefined ? route.fulfill({ status: 404 }) : route.fulfill({ contentType: 'text/javascript', body: text });
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    const fetched: string[] = [];
    tab.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('.js')) fetched.push(base(url.pathname));
    });
    await tab.goto(`${origin}/size-page/index.html`);
    await tab.waitForFunction(() => {
      const list = document.querySelector('ak-attachment-list');
      return (list?.shadowRoot?.textContent ?? '').includes('file-4');
    });
    const beforeRows = [...fetched];
    await tab.waitForTimeout(1000);
    const afterIdle = fetched.slice(beforeRows.length);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const gz = (names: string[]) => names.reduce((sum, name) => sum + gzipSync(files.get(name) ?? '', { level: 9 }).length, 0) / 1024;
    const missing = beforeRows.filter((name) => !benchSet.has(name));
    const unused = [...benchSet].filter((name) => !beforeRows.includes(name));
    console.log(`The bench's up-front set: ${benchSet.size} files, ${gz([...benchSet]).toFixed(1)} KB gz (each file gzipped on its own)`);
    console.log(`Fetched before the list showed its rows: ${beforeRows.length} files, ${gz(beforeRows).toFixed(1)} KB gz`);
    console.log(`  not in the bench's set: ${missing.length ? missing.join(', ') : 'none'}`);
    console.log(`  in the bench's set but not fetched: ${unused.length ? unused.join(', ') : 'none'}`);
    console.log(
      `Fetched in the next second (idle page): ${afterIdle.length ? `${afterIdle.join(', ')} (${gz(afterIdle).toFixed(1)} KB gz)` : 'none'}`,
    );
  } finally {
    await browser.close();
  }
} finally {
  await stopChild(server.process);
  rmSync(dataDir, { recursive: true, force: true });
}
