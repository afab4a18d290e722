/**
 * The example host pages of docs/examples, opened in Debian's Chromium
 * (playwright-core) against the reference server's demo API:
 *
 *   node --conditions=source --import tsx --test docs/examples/examples.e2e.ts
 *
 * The plain HTML page loads the real CDN bundle (built here with the
 * repository's rollup config into a temp folder); the React page is bundled
 * with esbuild from the TypeScript sources.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.mjs';
import { collectProblems, startExamples, type ExamplesServer } from './serve.js';

/** J-1001 in the demo world (docs/demo.md). */
const allOfJ1001 = [
  'before-photo.png',
  'after-photo.png',
  'Quote Q-1001.pdf',
  'site-notes.docx',
  'internal-costing.pdf',
  'damage-claim.png',
];
const viewableOfJ1001 = ['before-photo.png', 'after-photo.png', 'Quote Q-1001.pdf', 'damage-claim.png'];

describe('docs/examples host pages', { concurrency: false }, () => {
  let server: ExamplesServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await Promise.all([startExamples(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page and records its uncaught errors, console errors and failed requests. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems = collectProblems(page);
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  /** The attachment rows' names, once the list shows `expected` rows. */
  async function rowNames(page: Page, expected: number): Promise<string[]> {
    const rows = page.locator('ak-attachment-list [part~="row"]');
    await page.waitForFunction(
      (count) => {
        const list = document.querySelector('ak-attachment-list');
        return list?.shadowRoot?.querySelectorAll('[part~="row"]').length === count;
      },
      expected,
      { timeout: 15_000 },
    );
    return rows.locator('[part~="name"]').allInnerTexts();
  }

  it('plain HTML: one <script type="module"> (the CDN bundle) registers every element', async () => {
    const { page, problems } = await open('/plain-html/');
    const tags = ['ak-provider', 'ak-attachment-list', 'ak-uploader', 'ak-permission-matrix', 'ak-portal-settings', 'ak-view-as'];
    await page.waitForFunction(() => customElements.get('ak-attachment-list') !== undefined);
    const registered = await page.evaluate((names) => names.filter((name) => customElements.get(name) !== undefined), tags);
    assert.deepEqual(registered, tags);
    // An admin element's view is a chunk next to the bundle, fetched by a relative URL when one is first connected.
    const chunks: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/attachkit-chunks/')) chunks.push(new URL(request.url()).pathname);
    });
    await page.evaluate(() => document.querySelector('ak-provider')!.append(document.createElement('ak-portal-settings')));
    await page.waitForFunction(
      () => document.querySelector('ak-portal-settings')?.shadowRoot?.querySelectorAll('[part~="setting"]').length === 11,
    );
    assert.ok(
      chunks.some((path) => /^\/plain-html\/attachkit-chunks\/portal-settings\.view-[\w-]+\.js$/.test(path)),
      chunks.join(', '),
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('plain HTML: with no import map, a file above the tus threshold goes through tus, its chunk fetched only then', async () => {
    const { page, problems } = await open('/plain-html/');
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    const tusChunk = (line: string) => /^GET \/plain-html\/attachkit-chunks\/tus-js-client-[\w-]+\.js$/.test(line);
    assert.equal(await page.evaluate(() => document.querySelector('script[type="importmap"]')), null, 'the page has no import map');
    // Quote Q-1001: no other test here counts its attachments.
    await page.evaluate(() => {
      const uploader = document.querySelector('ak-uploader')!;
      uploader.setAttribute('record-type', 'quote');
      uploader.setAttribute('record-id', 'Q-1001');
    });
    const input = page.locator('ak-uploader input[type="file"]');

    // Below the threshold (5 MB): one multipart request, and tus-js-client is not fetched.
    await input.setInputFiles({ name: 'small-note.txt', mimeType: 'text/plain', buffer: Buffer.from('under the tus threshold\n') });
    await page.locator('#log', { hasText: 'Attached small-note.txt' }).waitFor({ timeout: 20_000 });
    assert.ok(requests.includes('POST /api/records/quote/Q-1001/attachments'), requests.join('\n'));
    assert.ok(!requests.some((line) => tusChunk(line) || line.includes('/api/uploads')), requests.join('\n'));

    // 6 MB: the tus chunk (a relative URL next to the bundle), then POST /api/uploads and PATCH of its URL.
    const completed: string[] = []; // the Attachkit-Attachment-Id of each tus PATCH that answers one
    page.on('response', (response) => {
      const id = response.headers()['attachkit-attachment-id'];
      if (response.request().method() === 'PATCH' && id) completed.push(id);
    });
    const big = Buffer.alloc(6 * 1024 * 1024, 'resumable line of the site survey\n');
    requests.length = 0;
    await input.setInputFiles({ name: 'site-survey.txt', mimeType: 'text/plain', buffer: big });
    await page.locator('#log', { hasText: 'Attached site-survey.txt' }).waitFor({ timeout: 60_000 });
    const chunkAt = requests.findIndex(tusChunk);
    const postAt = requests.indexOf('POST /api/uploads');
    const patchAt = requests.findIndex((line) => /^PATCH \/api\/uploads\/[\w-]+$/.test(line));
    assert.ok(
      chunkAt >= 0 && postAt > chunkAt && patchAt > postAt,
      `the tus chunk, POST /api/uploads, then PATCH:\n${requests.join('\n')}`,
    );
    assert.equal(requests.filter(tusChunk).length, 1, 'fetched once');
    assert.ok(!requests.includes('POST /api/records/quote/Q-1001/attachments'), 'not sent as multipart');

    // The PATCH that completed names the attachment it became: listed on Q-1001 with every byte.
    assert.equal(completed.length, 1, 'one PATCH completed the upload');
    const [id] = completed;
    const listed = await page.evaluate(async () => {
      const response = await fetch('/api/records/quote/Q-1001/attachments', { headers: { Authorization: 'Bearer demo-admin' } });
      return ((await response.json()) as { id: string; name: string; size: number }[]).map(({ id, name, size }) => ({ id, name, size }));
    });
    assert.deepEqual(
      listed.find((item) => item.name === 'site-survey.txt'),
      { id, name: 'site-survey.txt', size: big.length },
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('plain HTML: a dropped OPTIONS or a failed tus chunk sends that one file multipart; the next big file goes through tus', async () => {
    const { page, problems } = await open('/plain-html/');
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      requests.push(`${request.method()} ${url.pathname}${url.search}`);
    });
    const tusChunk = /^GET \/plain-html\/attachkit-chunks\/tus-js-client-[\w-]+\.js(\?retry=\d+)?$/;
    // Quote Q-1002: no other test here looks at its attachments.
    await page.evaluate(() => {
      const uploader = document.querySelector('ak-uploader')!;
      uploader.setAttribute('record-type', 'quote');
      uploader.setAttribute('record-id', 'Q-1002');
    });
    const input = page.locator('ak-uploader input[type="file"]');
    const upload = async (name: string) => {
      requests.length = 0;
      await input.setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.alloc(6 * 1024 * 1024, `${name}\n`) });
      await page.locator('#log', { hasText: `Attached ${name}` }).waitFor({ timeout: 60_000 });
      return [...requests];
    };
    const multipart = 'POST /api/records/quote/Q-1002/attachments';
    const wentThroughTus = (sent: string[]) =>
      sent.includes('POST /api/uploads') && sent.some((line) => /^PATCH \/api\/uploads\/[\w-]+$/.test(line)) && !sent.includes(multipart);

    // 1. The signal drops as the page asks whether the server offers tus: this file goes multipart. (The routes stay
    // and count: a route with `times` can hold up a request that starts while Playwright removes it.)
    let optionsAsked = 0;
    await page.route(`${server.url}/api/uploads`, (route) =>
      route.request().method() === 'OPTIONS' && optionsAsked++ === 0 ? route.abort('internetdisconnected') : route.fallback(),
    );
    let sent = await upload('first-drop.txt');
    assert.ok(sent.includes('OPTIONS /api/uploads') && sent.includes(multipart), sent.join('\n'));
    assert.ok(!sent.some((line) => tusChunk.test(line)), sent.join('\n'));

    // 2. The server answers now, but tus-js-client's chunk fails (503) as it loads: this file goes multipart too.
    let chunkFails = 1;
    await page.route(/\/attachkit-chunks\/tus-js-client-[\w-]+\.js/, (route) =>
      chunkFails-- > 0 ? route.fulfill({ status: 503, body: 'Service Unavailable' }) : route.fallback(),
    );
    sent = await upload('second-drop.txt');
    assert.ok(sent.includes('OPTIONS /api/uploads'), `the question is asked again:\n${sent.join('\n')}`);
    assert.equal(sent.filter((line) => tusChunk.test(line)).length, 1, sent.join('\n'));
    assert.ok(sent.includes(multipart) && !sent.includes('POST /api/uploads'), sent.join('\n'));

    // 3. The next big file loads the chunk again — under a new URL, as Chromium keeps a failed module URL failed — and goes through tus.
    sent = await upload('third-fine.txt');
    assert.ok(
      sent.some((line) => / \/plain-html\/attachkit-chunks\/tus-js-client-[\w-]+\.js\?retry=1$/.test(line)),
      sent.join('\n'),
    );
    assert.ok(wentThroughTus(sent), `POST /api/uploads and PATCH, no multipart:\n${sent.join('\n')}`);
    // And the one after uses the module it has (no fetch of the chunk), through tus.
    sent = await upload('fourth-fine.txt');
    assert.ok(!sent.some((line) => tusChunk.test(line)) && wentThroughTus(sent), sent.join('\n'));

    const listed = await page.evaluate(async () => {
      const response = await fetch('/api/records/quote/Q-1002/attachments', { headers: { Authorization: 'Bearer demo-admin' } });
      return ((await response.json()) as { name: string; size: number }[]).map(({ name, size }) => `${name} ${size}`).sort();
    });
    assert.deepEqual(
      listed.filter((line) => /-(drop|fine)\.txt /.test(line)),
      ['first-drop.txt', 'fourth-fine.txt', 'second-drop.txt', 'third-fine.txt'].map((name) => `${name} ${6 * 1024 * 1024}`),
    );
    // What went wrong is what this test made go wrong, and nothing else. (Chromium may also report the 503
    // module script's request as aborted, as it drops the body.)
    const made = problems.map((line) => line.replace(/tus-js-client-[\w-]+\.js/, 'tus-js-client.js'));
    assert.deepEqual(made.filter((line) => !/^request failed: .*\/tus-js-client\.js net::ERR_ABORTED$/.test(line)).sort(), [
      `HTTP 503: ${server.url}/plain-html/attachkit-chunks/tus-js-client.js`,
      'console error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED',
      'console error: Failed to load resource: the server responded with a status of 503 (Service Unavailable)',
      `request failed: ${server.url}/api/uploads net::ERR_INTERNET_DISCONNECTED`,
    ]);
    await page.close();
  });

  it("plain HTML: the attachment list renders J-1001's rows, and follows a change of token", async () => {
    const { page, problems } = await open('/plain-html/');
    assert.deepEqual((await rowNames(page, allOfJ1001.length)).sort(), [...allOfJ1001].sort(), 'the admin sees all six');
    await page.getByRole('button', { name: 'Select Files to Attach' }).waitFor();

    await page.selectOption('#who', 'demo-client-a');
    assert.deepEqual(
      (await rowNames(page, viewableOfJ1001.length)).sort(),
      [...viewableOfJ1001].sort(),
      'the client sees what is Viewable',
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("React: the wrappers render J-1001's rows, pass typed props and call typed event callbacks", async () => {
    const { page, problems } = await open('/react/');
    assert.deepEqual((await rowNames(page, allOfJ1001.length)).sort(), [...allOfJ1001].sort());

    // onAkSelectionChange → the host's event log.
    const row = page
      .locator('ak-attachment-list [part~="row"]')
      .filter({ has: page.getByRole('button', { name: 'site-notes.docx', exact: true }) });
    await row.getByRole('checkbox').check();
    await page.getByRole('list', { name: 'Events' }).getByText('1 checked').waitFor();

    // onAkShare (typed AkShareEvent: ids, portal), then the row's Customer View turns Y.
    await page.getByRole('button', { name: 'Viewable in Customer Portal' }).first().click();
    await page.getByRole('list', { name: 'Events' }).getByText('1 item(s) → Viewable in the Customer Portal').waitFor();
    await row.locator('[data-flag="portal"]', { hasText: 'Y' }).waitFor();

    // A prop change (recordId) reaches the element: J-1002 has one attachment.
    await page.getByRole('button', { name: 'J-1002' }).click();
    assert.deepEqual(await rowNames(page, 1), ['floor-plan.png']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('Vue 3: an in-DOM template binds :record-id and @ak-share on the elements', async () => {
    const { page, problems } = await open('/vue/');
    await page.getByRole('heading', { name: /Job J-1001 — Attachments \(Vue 3\./ }).waitFor();
    assert.deepEqual((await rowNames(page, allOfJ1001.length)).sort(), [...allOfJ1001].sort());

    // (The React test above shared site-notes.docx; this one hides the quote, Viewable in the seed.)
    const row = page
      .locator('ak-attachment-list [part~="row"]')
      .filter({ has: page.getByRole('button', { name: 'Quote Q-1001.pdf', exact: true }) });
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Hide from Customer Portal' }).first().click();
    await page.locator('#log', { hasText: 'ak-share: 1 item(s) → hidden' }).waitFor();
    await row.locator('[data-flag="portal"]', { hasText: 'N' }).waitFor();

    await page.selectOption('select', 'J-1002');
    assert.deepEqual(await rowNames(page, 1), ['floor-plan.png']);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
