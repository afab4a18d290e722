/**
 * Serves the example host pages with the reference server's demo API on one
 * origin (so the pages use `base-url="/"` and need no CORS):
 *
 *   node --conditions=source --import tsx docs/examples/serve.ts     # PORT=4310 by default
 *
 *   /plain-html/   docs/examples/plain-html/index.html + the CDN bundle (built with rollup) and its chunks
 *   /react/        docs/examples/react/index.html + main.tsx bundled with esbuild
 *   /vue/          docs/examples/vue/index.html: Vue 3's ESM browser build with an in-DOM template
 *   /api/…         the demo world of docs/demo.md (a fresh temp data folder per start)
 *
 * `docs/examples/examples.e2e.ts` starts the same server and opens every page in Chromium;
 * `collectProblems` is what both e2e files count as a page's problems.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoServer, type AttachKitServer } from '@attachkit/server';
import * as esbuild from 'esbuild';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');

export interface ExamplesServer {
  app: AttachKitServer;
  url: string;
  close(): Promise<void>;
}

export interface ExamplesOptions {
  port?: number;
  host?: string;
}

/** Builds the CDN bundle with the repository's rollup config into `outDir` (≈ 10 s). */
export function buildCdnBundle(outDir: string): Promise<string> {
  const file = join(outDir, 'attachkit.min.js');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
      cwd: root,
      env: { ...process.env, ATTACHKIT_BUILD: 'cdn', ATTACHKIT_CDN_OUT: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(file) : reject(new Error(`rollup (CDN bundle) exited with ${code}:\n${output}`)),
    );
  });
}

/**
 * A file of the CDN bundle's folder (`bundle` is its attachkit.min.js) by its path there:
 * `attachkit.min.js`, `attachkit-chunks/<chunk>.js`, or their `.map`; null for anything else.
 */
export async function readCdnFile(bundle: string, path: string): Promise<{ type: string; body: string } | null> {
  if (!/^(attachkit-chunks\/)?[\w.-]+\.js(\.map)?$/.test(path)) return null;
  try {
    const body = await readFile(join(dirname(bundle), path), 'utf8');
    return { type: path.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8', body };
  } catch {
    return null;
  }
}

/** Records what goes wrong in a page, as lines of text: uncaught errors, console errors, failed requests and HTTP errors (≥ 400). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Bundles the React example; `conditions: ['source']` takes the packages from their TypeScript. */
export async function bundleReactExample(conditions: string[] = ['source']): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(here, 'react/main.tsx')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    write: false,
    conditions: [...conditions, 'browser'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no bundle for the example');
  return output.text;
}

export async function startExamples(options: ExamplesOptions = {}): Promise<ExamplesServer> {
  const temp = mkdtempSync(join(tmpdir(), 'attachkit-examples-'));
  try {
    const [app, cdnFile, reactScript] = await Promise.all([
      createDemoServer({ dataDir: join(temp, 'data') }),
      buildCdnBundle(join(temp, 'cdn')),
      bundleReactExample(),
    ]);
    const javascript = 'text/javascript; charset=utf-8';
    const html = (file: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').send(await readFile(join(here, file), 'utf8'));

    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>attachkit examples</title><ul><li><a href="/plain-html/">Plain HTML (CDN bundle)</a></li><li><a href="/react/">React</a></li><li><a href="/vue/">Vue 3</a></li></ul>',
        ),
    );
    app.get('/plain-html', async (_request, reply) => reply.redirect('/plain-html/'));
    app.get('/plain-html/', html('plain-html/index.html'));
    // The bundle and its chunks, which it loads by relative URLs.
    app.get('/plain-html/*', async (request, reply) => {
      const file = await readCdnFile(cdnFile, (request.params as { '*': string })['*']);
      return file ? reply.type(file.type).send(file.body) : reply.code(404).send();
    });
    app.get('/react', async (_request, reply) => reply.redirect('/react/'));
    app.get('/react/', html('react/index.html'));
    app.get('/react/main.js', async (_request, reply) => reply.type(javascript).send(reactScript));
    app.get('/vue', async (_request, reply) => reply.redirect('/vue/'));
    app.get('/vue/', html('vue/index.html'));
    app.get('/vendor/vue.esm-browser.prod.js', async (_request, reply) =>
      reply.type(javascript).send(await readFile(join(root, 'node_modules/vue/dist/vue.esm-browser.prod.js'), 'utf8')),
    );

    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
      app,
      url: `http://${options.host ?? '127.0.0.1'}:${port}`,
      async close() {
        await app.close();
        rmSync(temp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startExamples({ port: Number(process.env.PORT ?? 4310) });
  console.log(`attachkit examples: ${server.url}/plain-html/  ${server.url}/react/  ${server.url}/vue/  (demo tokens; Ctrl+C to stop)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
}
