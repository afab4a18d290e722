/**
 * CORS in a real browser: docs/examples/cross-origin/index.html with the CDN
 * bundle, served on its own loopback origin, against the demo API on another
 * origin that lists it (`allowedOrigins`). The listed page lists, shares
 * (a PATCH with If-Match: preflighted), uploads (multipart with a bearer
 * token: preflighted) and reads the exposed headers; the same page on an
 * origin that is not listed gets nothing through.
 *
 *   node --conditions=source --import tsx --test docs/examples/cross-origin.e2e.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDemoServer, type AttachKitServer } from '@attachkit/server';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.mjs';
import { buildCdnBundle, collectProblems, readCdnFile } from './serve.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** A static host page server: the example page and the CDN bundle with its chunks, nothing else. */
async function servePage(bundle: string): Promise<{ server: Server; origin: string }> {
  const html = await readFile(join(here, 'cross-origin/index.html'), 'utf8');
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (path === '/') response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else
      void readCdnFile(bundle, path.slice(1)).then((file) =>
        file ? response.writeHead(200, { 'Content-Type': file.type }).end(file.body) : response.writeHead(404).end(),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const allOfJ1001 = 6;

describe('a host page on another origin (CORS, CDN bundle, Chromium)', { concurrency: false, timeout: 120_000 }, () => {
  const temp = mkdtempSync(join(tmpdir(), 'attachkit-cors-e2e-'));
  let api: AttachKitServer;
  let apiURL: string;
  let listed: { server: Server; origin: string };
  let unlisted: { server: Server; origin: string };
  let browser: Browser;

  before(async () => {
    const [bundle, launched] = await Promise.all([buildCdnBundle(join(temp, 'cdn')), launchChromium()]);
    browser = launched;
    [listed, unlisted] = await Promise.all([servePage(bundle), servePage(bundle)]);
    api = await createDemoServer({ dataDir: join(temp, 'data'), allowedOrigins: [listed.origin] });
    await api.listen({ port: 0, host: '127.0.0.1' });
    const address = api.server.address();
    // localhost, not 127.0.0.1: another host name as well as another port.
    apiURL = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(async () => {
    await browser?.close();
    await api?.close();
    listed?.server.close();
    unlisted?.server.close();
    rmSync(temp, { recursive: true, force: true });
  });

  async function open(origin: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems = collectProblems(page);
    await page.goto(`${origin}/?api=${encodeURIComponent(apiURL)}`);
    return { page, problems };
  }

  const rowCount = (page: Page) =>
    page.evaluate(() => document.querySelector('ak-attachment-list')?.shadowRoot?.querySelectorAll('[part~="row"]').length ?? 0);
  const waitForRows = (page: Page, count: number) =>
    page.waitForFunction(
      (n) => document.querySelector('ak-attachment-list')?.shadowRoot?.querySelectorAll('[part~="row"]').length === n,
      count,
      { timeout: 15_000 },
    );

  it('a listed origin lists, shares (PATCH + If-Match) and uploads (multipart + bearer token)', async () => {
    const { page, problems } = await open(listed.origin);
    await waitForRows(page, allOfJ1001);

    const row = page
      .locator('ak-attachment-list [part~="row"]')
      .filter({ has: page.getByRole('button', { name: 'site-notes.docx', exact: true }) });
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Viewable in Customer Portal' }).first().click();
    await row.locator('[data-flag="portal"]', { hasText: 'Y' }).waitFor();

    await page
      .locator('ak-uploader input[type="file"]')
      .setInputFiles({ name: 'cross-origin.txt', mimeType: 'text/plain', buffer: Buffer.from('sent from another origin\n') });
    await page.locator('#log', { hasText: 'Attached cross-origin.txt' }).waitFor({ timeout: 15_000 });
    await waitForRows(page, allOfJ1001 + 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a listed origin reads ETag, Location and Content-Disposition', async () => {
    const { page } = await open(listed.origin);
    const seen = await page.evaluate(async (base) => {
      const auth = { Authorization: 'Bearer demo-admin' };
      const list = (await (await fetch(`${base}/api/records/job/J-1001/attachments`, { headers: auth })).json()) as { id: string }[];
      const item = await fetch(`${base}/api/attachments/${list[0]!.id}`, { headers: auth });
      const content = await fetch(`${base}/api/attachments/${list[0]!.id}/content`, { headers: auth });
      const form = new FormData();
      form.append('file', new File(['hello\n'], 'fetch.txt', { type: 'text/plain' }));
      const created = await fetch(`${base}/api/records/job/J-1001/attachments`, { method: 'POST', headers: auth, body: form });
      return {
        etag: item.headers.get('etag'),
        disposition: content.headers.get('content-disposition'),
        location: created.headers.get('location'),
        status: created.status,
      };
    }, apiURL);
    assert.match(seen.etag ?? '', /^"\d+"$/);
    assert.match(seen.disposition ?? '', /^attachment;/);
    assert.equal(seen.status, 201);
    assert.match(seen.location ?? '', /^\/api\/attachments\/[0-9a-f-]{36}$/);
    await page.close();
  });

  it('an origin that is not listed gets nothing through', async () => {
    const { page, problems } = await open(unlisted.origin);
    await page.waitForFunction(() => customElements.get('ak-attachment-list') !== undefined);
    const outcome = await page.evaluate(async (base) => {
      try {
        await fetch(`${base}/api/records/job/J-1001/attachments`, { headers: { Authorization: 'Bearer demo-admin' } });
        return 'answered';
      } catch (error) {
        return `refused: ${(error as Error).name}`;
      }
    }, apiURL);
    assert.equal(outcome, 'refused: TypeError');
    assert.equal(await rowCount(page), 0);
    assert.ok(
      problems.some((problem) => /CORS|Access-Control-Allow-Origin/.test(problem)),
      problems.join('\n'),
    );
    await page.close();
  });
});
