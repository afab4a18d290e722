/**
 * End to end: the demo (`npm start`) in Chromium with a real, small storage
 * quota for its origin (CDP `Storage.overrideQuotaForOrigin`, 1 MiB): a file
 * larger than the quota cannot be kept on the device, so the uploader shows
 * (and announces) that the upload will not survive a reload, and the upload
 * itself still completes with the file's bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { contextAs, launchChromium } from './support/chromium.js';
import { startDemo, stopDemo, type Demo } from './support/demo-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'attachkit-quota-e2e-'));
const mib = 1024 * 1024;
const storageFull = "This device's storage is full: uploads still go on, but they will not survive a reload or a closed tab.";

describe('demo: uploads when the device storage quota is full', { concurrency: false }, () => {
  let demo: Demo;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await Promise.all([startDemo(dataDir), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    if (demo) await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a file larger than the quota: the storage-full notice, announced, and the upload completes', async () => {
    const context = await contextAs(browser, 'demo-tech');
    const page = await context.newPage();
    await page.goto(`${demo.url.replace(/\/$/, '')}/#/records/job/J-1001/attachments`);
    const origin = new URL(page.url()).origin;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: mib });
    // (navigator.storage.estimate() does not show the override; the browser's own accounting does, and enforces it.)
    const quota = await cdp.send('Storage.getUsageAndQuota', { origin });
    assert.ok(quota.overrideActive && quota.quota === mib, `the origin has a real 1 MiB quota: ${JSON.stringify(quota)}`);

    const name = 'quota-site-notes.txt';
    const bytes = Buffer.from(`${'x'.repeat(63)}\n`.repeat(3 * 16_384)); // 3 MiB of text, three times the quota
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Select Files to Attach' }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: bytes });

    const notice = page.locator('ak-uploader [part=storage-notice]');
    await notice.waitFor();
    assert.equal(await notice.innerText(), storageFull);
    await page.locator('ak-uploader [role=log]').getByText(storageFull).waitFor({ state: 'attached' });

    const row = page.locator('ak-uploader [part=file][data-upload]', { hasText: name });
    await row.and(page.locator('[data-status="done"]')).waitFor({ timeout: 60_000 });
    assert.equal(await notice.innerText(), storageFull, 'still says so once done');

    const auth = { Authorization: 'Bearer demo-tech' };
    const list = (await (await fetch(`${demo.url.replace(/\/$/, '')}/api/records/job/J-1001/attachments`, { headers: auth })).json()) as {
      name: string;
      checksum: string;
    }[];
    const mine = list.filter((a) => a.name === name);
    assert.equal(mine.length, 1, 'one attachment');
    assert.equal(mine[0]?.checksum, createHash('sha256').update(bytes).digest('hex'));
    await cdp.detach();
    await context.close();
  });
});
