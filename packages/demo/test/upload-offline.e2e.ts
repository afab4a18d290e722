/**
 * End to end: the demo (`npm start`, the real server with tus) in Chromium
 * behind a throttling proxy (PATCH bodies at ~2 MB/s, so the network goes in
 * the middle of an upload): the tech's browser goes offline mid-upload
 * (`context.setOffline`), the uploader says "Waiting for the network…" at
 * once, in its row and its live region, with the progress kept; back online
 * the upload goes on from the server's offset (HEAD, then a PATCH from that
 * offset, no new tus POST), completes, and exactly one attachment holds the
 * file's bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { contextAs, launchChromium } from './support/chromium.js';
import { throttlingProxy, type ThrottlingProxy } from '../../server/test/support/throttling-proxy.js';
import { startDemo, stopDemo, type Demo } from './support/demo-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'attachkit-offline-e2e-'));
const mib = 1024 * 1024;
const job = '#/records/job/J-1001/attachments';

/** `size` bytes of numbered text lines: a plain-text file whose every part differs (a resume from the wrong offset shows in the checksum). */
function textFile(size: number): Buffer {
  const lines: string[] = [];
  for (let n = 0, length = 0; length < size; n++) {
    const line = `site survey line ${String(n).padStart(8, '0')}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, size);
}

describe('demo: an upload survives going offline and back', { concurrency: false }, () => {
  let demo: Demo;
  let proxy: ThrottlingProxy;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await Promise.all([startDemo(dataDir), launchChromium()]);
    demo.url = demo.url.replace(/\/$/, '');
    proxy = await throttlingProxy(demo.url, 2 * mib);
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    if (demo) await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('offline mid-upload: Waiting for the network, announced; online: resumes from the server offset, one attachment, same bytes', async () => {
    const context = await contextAs(browser, 'demo-tech', { viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    // What the browser got back for each HEAD of a tus upload: the offset the server holds.
    const heads: { path: string; offset: number }[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.request().method() === 'HEAD' && url.pathname.startsWith('/api/uploads/'))
        heads.push({ path: url.pathname, offset: Number(response.headers()['upload-offset']) });
    });
    await page.goto(`${proxy.url}/${job}`);
    const name = 'offline-site-survey.txt';
    const file = textFile(16 * mib);

    const from = proxy.seen.length;
    const sent = proxy.whenSent(3 * mib);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Select Files to Attach' }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: file });
    await sent;
    const created = proxy.seen.slice(from).filter((s) => s.method === 'POST');
    assert.equal(created.length, 1, 'a tus upload');
    const upload = proxy.seen.slice(from).find((s) => s.method === 'PATCH')?.path;
    assert.ok(upload, 'its PATCH reached the server');

    await context.setOffline(true);
    const row = page.locator(`ak-uploader [part=file][data-upload]`, { hasText: name });
    // Well before tus-js-client's own retries (~39 s) would have given up.
    await row.and(page.locator('[data-status="waiting-for-network"]')).waitFor({ timeout: 10_000 });
    const waiting = await row.locator('.state').innerText();
    const percent = Number(/^Waiting for the network… (\d+)%$/.exec(waiting)?.[1]);
    assert.ok(percent > 0 && percent < 100, `progress kept: "${waiting}"`);
    const log = page.locator('ak-uploader [role=log]');
    assert.equal(await log.getAttribute('aria-live'), 'polite');
    await log
      .getByText(`${name}: waiting for the network. The upload goes on by itself when the connection is back.`)
      .waitFor({ state: 'attached' });
    assert.equal(await page.evaluate(() => navigator.onLine), false);

    const offlineFrom = proxy.seen.length;
    await context.setOffline(false);
    await row.and(page.locator('[data-status="done"]')).waitFor({ timeout: 120_000 });
    await log.getByText(`${name}: connection back, upload resumed.`).waitFor({ state: 'attached' });

    const back = proxy.seen.slice(offlineFrom);
    assert.equal(back.filter((s) => s.method === 'POST').length, 0, 'resumed, not created again');
    assert.equal(back[0]?.method, 'HEAD', `first asks the server its offset (${back.map((s) => s.method).join(' ')})`);
    assert.equal(back[0]?.path, upload);
    const held = heads.find((h) => h.path === upload);
    assert.ok(held && held.offset > 0, `the server held ${held?.offset} bytes`);
    const patch = back.find((s) => s.method === 'PATCH');
    assert.equal(patch?.path, upload);
    assert.equal(Number(patch?.offset), held.offset, 'the PATCH goes on from the offset the server named');

    const auth = { Authorization: 'Bearer demo-tech' };
    const list = (await (await fetch(`${demo.url}/api/records/job/J-1001/attachments`, { headers: auth })).json()) as {
      id: string;
      name: string;
      size: number;
      checksum: string;
    }[];
    const mine = list.filter((a) => a.name === name);
    assert.equal(mine.length, 1, 'exactly one attachment');
    const sha256 = createHash('sha256').update(file).digest('hex');
    assert.equal(mine[0]?.size, file.length);
    assert.equal(mine[0]?.checksum, sha256);
    const content = Buffer.from(await (await fetch(`${demo.url}/api/attachments/${mine[0]?.id}/content`, { headers: auth })).arrayBuffer());
    assert.equal(createHash('sha256').update(content).digest('hex'), sha256, 'the stored bytes are the file');
    await context.close();
  });
});
