/**
 * Every story, in a real browser: builds Storybook (or takes a fresh build from
 * `STORYBOOK_STATIC`), serves the static files on 127.0.0.1, and opens each
 * story of `index.json` in Debian's Chromium (playwright-core). A story passes
 * when the page raised no error, logged no console error, its play function
 * (if any) succeeded, every `ak-*` element in it is defined and rendered
 * something, and axe-core finds no violation in the story root. Docs pages
 * (autodocs, Introduction) must render without errors.
 *
 *   node --conditions=source --import tsx --test stories/test/storybook.e2e.ts
 *   STORYBOOK_STATIC=storybook-static node --conditions=source --import tsx --test stories/test/storybook.e2e.ts
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.mjs';

const root = new URL('../../', import.meta.url).pathname;
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  tags?: string[];
}

/** `storybook build` into a temporary folder; resolves with the folder. */
function buildStorybook(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'attachkit-storybook-'));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '--output-dir', outDir, '--quiet', '--disable-telemetry'],
      { cwd: root, env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && existsSync(join(outDir, 'index.json'))) resolvePromise(outDir);
      else reject(new Error(`storybook build failed (${code}):\n${output}`));
    });
  });
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** A static file server for the build (no dependency). */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const base = resolve(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    if (path === '/favicon.ico') {
      // The browser asks for it on every page; Storybook ships favicon.svg.
      response.writeHead(204).end();
      return;
    }
    if (path.endsWith('/')) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      // Hashed assets: let the one page reuse them from one story to the next.
      'cache-control': path.startsWith('/assets/') || path.startsWith('/sb-') ? 'max-age=3600' : 'no-cache',
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () => resolvePromise({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

// Built (or given) before the tests are declared, so that there is one test per story.
const given = process.env.STORYBOOK_STATIC ? resolve(root, process.env.STORYBOOK_STATIC) : null;
const staticDir = given ?? (await buildStorybook());
const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
const entries = Object.values(index.entries);
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

/**
 * Benign browser notices that are not errors of the code under test: a resize observer that
 * changes layout in its callback (the virtualizer) makes Chromium report this "error".
 */
const benign = [/ResizeObserver loop/];

describe(`Storybook: ${stories.length} stories and ${docs.length} docs pages in Chromium`, { concurrency: false }, () => {
  let page: Page;
  // Unset when before() failed; after() still runs.
  let browser: Browser | undefined;
  let server: Server | undefined;
  let baseUrl: string;
  let problems: string[] = [];

  before(async () => {
    const served = await serve(staticDir);
    server = served.server;
    baseUrl = served.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // tsx compiles this file with esbuild's keepNames: functions handed to page.evaluate()
    // call its `__name` helper, which the page does not have.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    // Storybook reports a failing play function on its channel (and only logs it); record it.
    await page.addInitScript(`{
      let channel;
      globalThis.__akStoryFailures = [];
      Object.defineProperty(globalThis, '__STORYBOOK_ADDONS_CHANNEL__', {
        configurable: true,
        get: () => channel,
        set: (value) => {
          channel = value;
          for (const name of ['playFunctionThrewException', 'storyThrewException', 'unhandledErrorsWhilePlaying', 'storyErrored']) {
            value.on(name, (error) => globalThis.__akStoryFailures.push(name + ': ' + (error?.message ?? error?.title ?? JSON.stringify(error))));
          }
        },
      });
    }`);
    page.on('pageerror', (error) => {
      if (!benign.some((b) => b.test(error.message))) problems.push(`page error: ${error.stack ?? error.message}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !benign.some((b) => b.test(message.text()))) {
        const where = message.location();
        problems.push(`console error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
      }
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (!given) rmSync(staticDir, { recursive: true, force: true });
  });

  /** Opens an entry and waits until Storybook has rendered it (and run its play function). */
  async function open(entry: IndexEntry): Promise<string> {
    problems = [];
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=story`);
    // StoryRender phases: preparing → loading → rendering → playing → played → completing → completed.
    const phase = await page
      .waitForFunction(
        () => {
          const preview = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }).__STORYBOOK_PREVIEW__;
          const current = preview?.currentRender?.phase;
          if (document.body.classList.contains('sb-show-errordisplay')) return 'errordisplay';
          if (current && ['completed', 'finished', 'errored', 'aborted'].includes(current)) return current;
          return false;
        },
        undefined,
        { timeout: 30_000, polling: 50 },
      )
      .then((handle) => handle.jsonValue() as Promise<string>);
    return phase;
  }

  /** Waits for every ak-* element to finish its pending updates (data from the memory backend). */
  async function settle(): Promise<void> {
    await page.evaluate(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
      for (let round = 0; round < 3; round++) {
        const all = [...document.querySelectorAll('#storybook-root *')].filter((e) => e.localName.startsWith('ak-'));
        await Promise.all(all.map((e) => (e as Partial<{ updateComplete: Promise<unknown> }>).updateComplete ?? Promise.resolve()));
        await frame();
        await new Promise((r) => setTimeout(r, 20));
      }
    });
  }

  for (const story of stories) {
    it(`${story.title} › ${story.name}`, { timeout: 60_000 }, async () => {
      const phase = await open(story);
      await settle();
      const errorText =
        phase === 'errordisplay'
          ? await page
              .locator('#error-message')
              .innerText()
              .catch(() => '')
          : '';
      const failures = await page.evaluate(
        () => (globalThis as unknown as { __akStoryFailures?: string[] }).__akStoryFailures ?? ['the Storybook channel was not seen'],
      );
      assert.deepEqual(failures, [], `Storybook reported: ${failures.join('\n')}`);
      assert.ok(
        phase === 'completed' || phase === 'finished',
        `the story did not complete (${phase}) ${errorText}\n${problems.join('\n')}`,
      );

      const rendered = await page.evaluate(() => {
        const root = document.querySelector('#storybook-root');
        const elements = [...(root?.querySelectorAll('*') ?? [])].filter((e) => e.localName.startsWith('ak-'));
        return {
          count: elements.length,
          undefinedTags: elements.filter((e) => !customElements.get(e.localName)).map((e) => e.localName),
          empty: elements
            .filter((e) => e.localName !== 'ak-provider')
            .filter((e) => !e.shadowRoot || e.shadowRoot.textContent.trim() === '')
            .map((e) => e.localName),
          text: (root?.textContent ?? '').trim().length,
        };
      });
      assert.ok(rendered.count > 0, 'the story root holds no ak-* element');
      assert.deepEqual(rendered.undefinedTags, [], 'every ak-* tag is registered');
      assert.deepEqual(rendered.empty, [], 'every ak-* element rendered something in its shadow root');

      if (
        !(await page.evaluate(() => 'axe' in window && typeof (window as unknown as { axe: { run?: unknown } }).axe.run === 'function'))
      ) {
        await page.addScriptTag({ content: axeSource });
      }
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                context: unknown,
                options: unknown,
              ): Promise<{
                violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary?: string }[] }[];
              }>;
            };
          }
        ).axe;
        const result = await axe.run({ include: [['#storybook-root']] }, { resultTypes: ['violations'] });
        return result.violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`,
        );
      });
      assert.deepEqual(violations, [], `axe-core violations:\n${violations.join('\n')}`);
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  for (const entry of docs) {
    it(`${entry.title} › ${entry.name} (docs page)`, { timeout: 60_000 }, async () => {
      problems = [];
      await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=docs`);
      await page.waitForFunction(
        () =>
          document.body.classList.contains('sb-show-errordisplay') ||
          (document.querySelector('#storybook-docs')?.textContent ?? '').trim().length > 0,
        undefined,
        { timeout: 30_000, polling: 50 },
      );
      await page.waitForTimeout(300);
      assert.equal(
        await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay')),
        false,
        'Storybook showed its error display',
      );
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }
});
