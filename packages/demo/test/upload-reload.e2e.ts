/**
 * End to end: the demo (`npm start`, the real server with tus) in Chromium
 * behind a throttling proxy (uploads at ~2 MB/s, so a reload lands in the
 * middle of one): a real page reload mid-upload shows the upload as
 * Interrupted, Resume goes on from the server's offset (one tus upload, no
 * duplicate), Discard deletes the bytes on the server (tus DELETE), and
 * another user of the same browser sees none of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { throttlingProxy, type ThrottlingProxy } from '../../server/test/support/throttling-proxy.js';
import { startDemo, stopDemo, type Demo } from './support/demo-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'attachkit-reload-e2e-'));
const mib = 1024 * 1024;

describe('demo: the upload queue survives a reload', { concurrency: false }, () => {
  let demo: Demo;
  let proxy: ThrottlingProxy;
  let browser: Browser;

  before(async () => {
    demo = await startDemo(dataDir);
    demo.url = demo.url.replace(/\/$/, '');
    proxy = await throttlingProxy(demo.url, 2 * mib);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    if (demo) await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const job = '#/records/job/J-1001/attachments';
  const context = async () => {
    const ctx = await browser.newContext();
    await ctx.addInitScript('globalThis.__name = (fn) => fn;');
    return ctx;
  };
  const signIn = async (page: Page, token: string) => {
    await page.goto(`${proxy.url}/${job}`);
    await page.evaluate((t) => localStorage.setItem('attachkit-demo-token', t), token);
    await page.reload();
  };
  /** Chooses a file in the uploader, and waits until the server has part of it (through the slow proxy). */
  async function startUpload(page: Page, name: string, bytes: number): Promise<void> {
    const sent = proxy.whenSent(3 * mib);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Select Files to Attach' }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: Buffer.alloc(bytes, 0x61) });
    await sent;
  }
  const headOffset = async (path: string, token: string) => {
    const answer = await fetch(`${demo.url}${path}`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' },
    });
    return { status: answer.status, offset: Number(answer.headers.get('upload-offset')) };
  };

  it('a reload mid-upload shows it as Interrupted; Resume goes on from the server offset, once; another user sees nothing', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, 'demo-admin');
    const firstPost = proxy.seen.length;
    await startUpload(page, 'reload-site-video.txt', 16 * mib);
    const post = proxy.seen.slice(firstPost).filter((s) => s.method === 'POST');
    assert.equal(post.length, 1, 'a tus upload');
    const patch = proxy.seen.slice(firstPost).find((s) => s.method === 'PATCH')!;
    await page.reload();

    const resume = page.getByRole('button', { name: 'Resume: reload-site-video.txt' });
    await resume.waitFor();
    await page.getByRole('button', { name: 'Discard: reload-site-video.txt' }).waitFor();
    assert.match(await page.locator('ak-uploader [part=file] .state').innerText(), /^Interrupted at \d+%$/);
    const held = await headOffset(patch.path, 'demo-admin');
    assert.ok(held.offset > 0, `the server holds ${held.offset} bytes`);

    // Another user of this browser: nothing of the admin's.
    const other = await ctx.newPage();
    await other.goto(`${proxy.url}/${job}`);
    await other.evaluate(() => localStorage.setItem('attachkit-demo-token', 'demo-tech'));
    await other.reload();
    assert.equal(await other.evaluate(() => document.querySelector('ak-provider')?.getAttribute('token')), 'demo-tech');
    await other.getByRole('button', { name: 'Select Files to Attach' }).waitFor();
    await other.waitForTimeout(500);
    assert.equal(await other.getByRole('button', { name: /reload-site-video/ }).count(), 0);
    await other.close();

    const resumedFrom = proxy.seen.length;
    await resume.click();
    await page.locator('ak-uploader [part=file][data-status=done]').waitFor({ timeout: 60_000 });
    const after = proxy.seen.slice(resumedFrom);
    assert.equal(after.filter((s) => s.method === 'POST').length, 0, 'resumed, not created again');
    assert.ok(
      after.some((s) => s.method === 'HEAD' && s.path === patch.path),
      'asked the server its offset',
    );
    const resumed = after.find((s) => s.method === 'PATCH');
    assert.ok(Number(resumed?.offset) >= held.offset && held.offset > 0, `PATCH from ${resumed?.offset}`);
    const list = await (
      await fetch(`${demo.url}/api/records/job/J-1001/attachments`, { headers: { Authorization: 'Bearer demo-admin' } })
    ).json();
    assert.equal((list as { name: string }[]).filter((a) => a.name === 'reload-site-video.txt').length, 1, 'one attachment');
    await ctx.close();
  });

  it('Discard after a reload deletes the bytes on the server (tus DELETE)', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, 'demo-admin');
    const from = proxy.seen.length;
    await startUpload(page, 'wrong-job-video.txt', 16 * mib);
    const patch = proxy.seen.slice(from).find((s) => s.method === 'PATCH')!;
    await page.reload();
    const discard = page.getByRole('button', { name: 'Discard: wrong-job-video.txt' });
    await discard.waitFor();
    await discard.click();
    await page.getByRole('button', { name: 'Resume: wrong-job-video.txt' }).waitFor({ state: 'detached' });
    const deadline = Date.now() + 10_000;
    while (!proxy.seen.some((s) => s.method === 'DELETE' && s.path === patch.path) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.ok(
      proxy.seen.some((s) => s.method === 'DELETE' && s.path === patch.path),
      'tus DELETE of the upload',
    );
    assert.equal((await headOffset(patch.path, 'demo-admin')).status, 404);
    await page.reload();
    await page.getByRole('button', { name: 'Select Files to Attach' }).waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.getByRole('button', { name: /wrong-job-video/ }).count(), 0, 'gone from the device too');
    await ctx.close();
  });
  it('two tabs of one user: the second shows the upload in another tab; closing the first hands it over, resumed from the offset, once', async () => {
    const ctx = await context();
    const first = await ctx.newPage();
    await signIn(first, 'demo-admin');
    const from = proxy.seen.length;
    await startUpload(first, 'two-tabs-video.txt', 16 * mib);
    const patch = proxy.seen.slice(from).find((s) => s.method === 'PATCH')!;

    // The same user opens the job in a second tab while the first uploads.
    const second = await ctx.newPage();
    await second.goto(`${proxy.url}/${job}`);
    const row = second.locator('ak-uploader [part=file][data-status=in-another-tab]');
    await row.waitFor();
    assert.equal(await row.locator('.state').innerText(), 'In another tab of this browser');
    assert.equal(await row.locator('button').count(), 0, 'no Resume, no Discard in the second tab');

    // The first tab closes mid-upload: the second gets it, and Resume goes on from the server's offset.
    await first.close();
    const resume = second.getByRole('button', { name: 'Resume: two-tabs-video.txt' });
    await resume.waitFor();
    const held = await headOffset(patch.path, 'demo-admin');
    assert.ok(held.offset > 0, `the server holds ${held.offset} bytes`);
    const resumedFrom = proxy.seen.length;
    await resume.click();
    await second.locator('ak-uploader [part=file][data-status=done]').waitFor({ timeout: 60_000 });
    const after = proxy.seen.slice(resumedFrom);
    assert.equal(after.filter((s) => s.method === 'POST').length, 0, 'resumed, not created again');
    const resumed = after.find((s) => s.method === 'PATCH');
    assert.ok(Number(resumed?.offset) >= held.offset, `PATCH from ${resumed?.offset}`);
    const list = await (
      await fetch(`${demo.url}/api/records/job/J-1001/attachments`, { headers: { Authorization: 'Bearer demo-admin' } })
    ).json();
    assert.equal((list as { name: string }[]).filter((a) => a.name === 'two-tabs-video.txt').length, 1, 'one attachment');
    await ctx.close();
  });
});
