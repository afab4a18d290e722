#!/usr/bin/env node
// Builds the packages and the CDN bundle with rollup, then checks what a
// consumer of the published packages would get:
//
//   node scripts/check-build.mjs [--no-build] [--keep-dist]
//
// 1. every `exports` target, `bin` and the CDN bundle exists and is packed by `npm pack`
//    (and nothing under node_modules/ or a test file is); the bundle and its chunks import
//    relative URLs only (no import map needed: tus-js-client is one of its chunks);
// 2. `npm run lint:package` (publint --strict and @arethetypeswrong/cli) is clean for each package;
// 3. the .d.ts files import @attachkit/sdk as a package, never its sources;
// 4. a consumer type-checks against the dist typings only (no `source` condition),
//    with moduleResolution bundler and nodenext, importing every export of every package;
// 5. in Node, the built sdk and server export the same names as their sources, and the
//    server's `attachkit-server` bin runs from dist and answers the demo API;
// 6. in Chromium, the CDN bundle registers every element and renders J-1001's attachments
//    from that server, and a React page bundled from the dist (`@attachkit/elements/react`)
//    renders them too, without page errors;
// 7. prints sizes (the CDN bundle minified and gzipped, each package's dist).
//
// dist/ folders are removed at the end (tests use the sources) unless --keep-dist.
// Ends with "check-build: N passed, N failed" (and writes the totals for scripts/test.mjs, see results.mjs); exits 1 on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { bareImports, cdnChunks, cdnSizes } from './cdn-bundle.mjs';
import { launchChromium, missingChromium } from './chromium.mjs';
import { writeResults } from './results.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = new Set(process.argv.slice(2));
const packages = ['sdk', 'elements', 'server'];
const cdnFile = join(root, 'packages/elements/dist/attachkit.min.js');
const demoJobFiles = [
  'before-photo.png',
  'after-photo.png',
  'Quote Q-1001.pdf',
  'site-notes.docx',
  'internal-costing.pdf',
  'damage-claim.png',
];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${!ok && detail ? `\n    ${String(detail).replaceAll('\n', '\n    ')}` : ''}`);
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

const manifestOf = (name) => JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));

/** Every file path an `exports` map points at (all conditions but `source`). */
function exportTargets(exportsField) {
  const targets = [];
  const walk = (value, condition) => {
    if (typeof value === 'string') {
      if (condition !== 'source') targets.push(value);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, key);
    }
  };
  walk(exportsField, '');
  return targets;
}

function sizeOf(dir, extension) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((total, entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return total + sizeOf(path, extension);
    return total + (path.endsWith(extension) && path !== cdnFile ? statSync(path).size : 0);
  }, 0);
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function cleanup() {
  if (args.has('--keep-dist')) return;
  for (const name of packages) rmSync(join(root, 'packages', name, 'dist'), { recursive: true, force: true });
}

// ── build ───────────────────────────────────────────────────────────────────
if (!args.has('--no-build')) {
  const started = performance.now();
  const { code, output } = run(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c']);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const warnings = output.split('\n').filter((line) => line.includes('(!)'));
  check(`rollup -c builds every package and the CDN bundle (${seconds} s)`, code === 0, output.slice(-4000));
  check('rollup -c prints no warnings', warnings.length === 0, output.slice(-4000));
  if (code !== 0) {
    cleanup();
    console.log(`\ncheck-build: ${passed} passed, ${failed} failed`);
    writeResults({ passed, failed });
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'attachkit-check-build-'));
let server;
try {
  // ── 1. files ──────────────────────────────────────────────────────────────
  for (const name of packages) {
    const manifest = manifestOf(name);
    const dir = join(root, 'packages', name);
    const pack = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir });
    let packed = new Set();
    try {
      packed = new Set(
        JSON.parse(pack.output.slice(pack.output.indexOf('[')))
          .at(0)
          .files.map((file) => file.path),
      );
    } catch {
      check(`${manifest.name}: npm pack --dry-run`, false, pack.output.slice(-2000));
      continue;
    }
    const wanted = [...exportTargets(manifest.exports), ...Object.values(manifest.bin ?? {})].map((target) => target.replace(/^\.\//, ''));
    if (name === 'elements')
      wanted.push('dist/attachkit.min.js', manifest.jsdelivr.replace(/^\.\//, ''), manifest.unpkg.replace(/^\.\//, ''));
    // The CDN bundle's chunks, which it imports by relative URLs (./attachkit-chunks/…, and from one chunk to another).
    if (name === 'elements' && existsSync(cdnFile)) wanted.push(...cdnChunks(cdnFile).map((chunk) => `dist/attachkit-chunks/${chunk}`));
    const missing = wanted.filter((target) => !existsSync(join(dir, target)) || !packed.has(target));
    check(
      `${manifest.name}: every export target and bin is built and packed (${wanted.length})`,
      missing.length === 0,
      `missing: ${missing.join(', ')}`,
    );
    const stray = [...packed].filter((path) => path.includes('node_modules/') || /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(path));
    check(`${manifest.name}: nothing under node_modules/ and no test files in the package`, stray.length === 0, stray.join(', '));
  }

  // The bundle works from one <script type="module"> with no import map: it and its chunks import relative URLs only.
  if (existsSync(cdnFile)) {
    const bare = bareImports(cdnFile).map((line) => relative(root, line));
    check('the CDN bundle and its chunks import relative URLs only (no import map needed)', bare.length === 0, bare.join('\n'));
  }

  // ── 2. publint and attw: `npm run lint:package`, run once on the fresh dist ─
  {
    const { code, output } = run('npm', ['run', '--silent', 'lint:package']);
    check(`npm run lint:package (publint --strict, attw esm-only) for ${packages.join(', ')}`, code === 0, output.slice(-4000));
  }

  // ── 3. .d.ts files refer to @attachkit/sdk as a package ──────────────────
  for (const name of ['elements', 'server']) {
    const offending = [];
    const walk = (dir) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.d.ts') && /from ['"](\.\.\/)+(sdk|packages)\/|['"][^'"]*sdk\/src\//.test(readFileSync(path, 'utf8')))
          offending.push(relative(root, path));
      }
    };
    walk(join(root, 'packages', name, 'dist'));
    check(`@attachkit/${name}: .d.ts files import @attachkit/sdk, not its sources`, offending.length === 0, offending.join(', '));
  }

  // ── 4. a consumer type-checks against the dist typings ───────────────────
  {
    // Inside the repository so that `@attachkit/*` resolve through node_modules.
    const consumer = join(root, 'node_modules/.cache/attachkit-check-build');
    rmSync(consumer, { recursive: true, force: true });
    mkdirSync(consumer, { recursive: true });
    const imports = [];
    for (const name of packages) {
      const manifest = manifestOf(name);
      for (const key of Object.keys(manifest.exports)) {
        if (key.endsWith('.json')) continue;
        imports.push(`${manifest.name}${key.slice(1)}`);
      }
    }
    const source = [
      ...imports.map((specifier, index) => `import * as entry${index} from '${specifier}';`),
      `export const entries = [${imports.map((_, index) => `entry${index}`).join(', ')}];`,
      `import { createAttachKit, createMemoryBackend, type Attachment } from '@attachkit/sdk';`,
      `import { AkAttachmentList, AkShareEvent } from '@attachkit/elements';`,
      `import { AttachmentList, Provider, type AttachmentListProps } from '@attachkit/elements/react';`,
      `import { createDemoServer } from '@attachkit/server';`,
      `export const backend = createMemoryBackend({ records: [{ type: 'job', id: 'J-1', clientId: null }] });`,
      `export const kit = createAttachKit({ backend, principal: { kind: 'client', id: 'c' } });`,
      `const list: AkAttachmentList = document.createElement('ak-attachment-list');`,
      `list.addEventListener('ak-share', (event: AkShareEvent) => event.ids satisfies readonly string[]);`,
      `export const props: AttachmentListProps = { recordType: 'job', recordId: 'J-1', onAkShare: (event) => event.portal satisfies 'hidden' | 'viewable' };`,
      `// @ts-expect-error: recordId is a string`,
      `export const wrong: AttachmentListProps = { recordId: 42 };`,
      `export const components = [AttachmentList, Provider, createDemoServer];`,
      `export type First = Attachment['portal'];`,
      '',
    ].join('\n');
    writeFileSync(join(consumer, 'consumer.ts'), source);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    const base = {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      skipLibCheck: false,
      jsx: 'react-jsx',
    };
    for (const [label, options] of [
      ['bundler', { module: 'ESNext', moduleResolution: 'Bundler' }],
      ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
    ]) {
      writeFileSync(
        join(consumer, `tsconfig.${label}.json`),
        JSON.stringify({ compilerOptions: { ...base, ...options }, files: ['consumer.ts'] }),
      );
      const { code, output } = run(process.execPath, [
        join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(consumer, `tsconfig.${label}.json`),
      ]);
      check(
        `a consumer type-checks against the dist typings (moduleResolution ${label}, ${imports.length} entries, skipLibCheck off)`,
        code === 0,
        output.slice(0, 4000),
      );
    }
    rmSync(consumer, { recursive: true, force: true });
  }

  // ── 5. Node: built sdk and server ─────────────────────────────────────────
  for (const name of ['sdk', 'server']) {
    const list = (conditions) =>
      run(process.execPath, [
        ...conditions,
        '--input-type=module',
        '-e',
        `const m = await import('@attachkit/${name}'); console.log(JSON.stringify(Object.keys(m).sort()))`,
      ]);
    const built = list([]);
    const source = list(['--conditions=source', '--import', 'tsx']);
    const ok = built.code === 0 && source.code === 0 && built.output.trim() === source.output.trim();
    check(
      `@attachkit/${name}: dist exports the same names as the sources`,
      ok,
      `${built.output.slice(0, 1500)}\n---\n${source.output.slice(0, 1500)}`,
    );
  }

  server = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'packages/server/bin/attachkit-server.mjs'), '--data', join(scratch, 'data'), '--port', '0'],
      {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const timer = setTimeout(() => reject(new Error(`attachkit-server did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /listening at (http:\/\/[^"\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`attachkit-server exited (${code}):\n${output}`)));
  }).catch((error) => {
    check('attachkit-server (bin) starts from dist', false, error.message);
    return undefined;
  });
  if (server) {
    const ps = run('ps', ['-o', 'args=', '--ppid', String(server.child.pid)]);
    check('attachkit-server (bin) runs dist/cli.js', ps.output.includes('dist/cli.js'), ps.output);
    const response = await fetch(`${server.url}/api/records/job/J-1001/attachments`, { headers: { Authorization: 'Bearer demo-admin' } });
    const names = response.ok ? (await response.json()).map((attachment) => attachment.name).sort() : [];
    check(
      'attachkit-server (bin) answers the demo API',
      names.join() === [...demoJobFiles].sort().join(),
      `${response.status} ${names.join(', ')}`,
    );
  }

  // ── 6. Chromium: the CDN bundle and a React page built from dist ─────────
  const noChromium = missingChromium();
  if (server && noChromium) check('Chromium: the CDN bundle and the React wrappers from dist', false, noChromium);
  if (server && !noChromium) {
    const esbuild = await import('esbuild');
    const react = await esbuild.build({
      entryPoints: [join(root, 'docs/examples/react/main.tsx')],
      bundle: true,
      format: 'esm',
      jsx: 'automatic',
      minify: true,
      write: false,
      conditions: ['browser'], // no `source`: @attachkit/* from their dist
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
      metafile: true,
    });
    const fromDist = Object.keys(react.metafile.inputs).filter((path) => path.includes('packages/elements/dist/react/'));
    check(
      'the React example bundles @attachkit/elements/react from dist',
      fromDist.length > 0,
      Object.keys(react.metafile.inputs)
        .filter((p) => p.includes('packages/'))
        .slice(0, 10)
        .join('\n'),
    );

    const pages = {
      '/check/cdn.html': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/check/attachkit.min.js"></script>
        <ak-provider base-url="/" token="demo-admin"><ak-attachment-list record-type="job" record-id="J-1001"></ak-attachment-list>
        <ak-portal-settings></ak-portal-settings></ak-provider>`,
      '/check/react.html': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/check/react.js"></script>`,
    };
    const browser = await launchChromium();
    try {
      for (const [path, label] of [
        ['/check/cdn.html', 'the CDN bundle (one <script type="module">)'],
        ['/check/react.html', 'the React wrappers from dist'],
      ]) {
        const page = await browser.newPage();
        const problems = [];
        const chunksLoaded = [];
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
        // The check pages and scripts come from here; /api/… goes to the server started from dist.
        await page.route(`${server.url}/check/**`, (route) => {
          const url = new URL(route.request().url());
          if (url.pathname === '/check/attachkit.min.js')
            return route.fulfill({ contentType: 'text/javascript', body: readFileSync(cdnFile, 'utf8') });
          const chunk = /^\/check\/attachkit-chunks\/([\w.-]+\.js)$/.exec(url.pathname);
          if (chunk) {
            const file = join(dirname(cdnFile), 'attachkit-chunks', chunk[1]);
            chunksLoaded.push(chunk[1]);
            return existsSync(file)
              ? route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') })
              : route.fulfill({ status: 404, body: '' });
          }
          if (url.pathname === '/check/react.js') return route.fulfill({ contentType: 'text/javascript', body: react.outputFiles[0].text });
          return route.fulfill({ contentType: 'text/html', body: pages[url.pathname] ?? '' });
        });
        await page.goto(`${server.url}${path}`);
        const tags = ['ak-provider', 'ak-attachment-list', 'ak-uploader', 'ak-permission-matrix', 'ak-portal-settings', 'ak-view-as'];
        let names = [];
        let registered = [];
        try {
          await page.waitForFunction(
            () => document.querySelector('ak-attachment-list')?.shadowRoot?.querySelectorAll('[part~="row"]').length === 6,
            undefined,
            { timeout: 20_000 },
          );
          names = (await page.locator('ak-attachment-list [part~="row"] [part~="name"]').allInnerTexts()).sort();
          if (path === '/check/cdn.html')
            await page.waitForFunction(
              () => document.querySelector('ak-portal-settings')?.shadowRoot?.querySelectorAll('[part~="setting"]').length === 11,
              undefined,
              {
                timeout: 20_000,
              },
            );
          registered = await page.evaluate((list) => list.filter((tag) => customElements.get(tag)), tags);
        } catch (error) {
          problems.push(error.message);
        }
        check(`Chromium: ${label} registers every element`, registered.length === tags.length, `registered: ${registered.join(', ')}`);
        if (path === '/check/cdn.html')
          check(
            `Chromium: ${label} loads <ak-portal-settings>'s view from its chunk next to it (relative URL), and only the chunks the page uses`,
            chunksLoaded.some((c) => c.startsWith('portal-settings.view-')) &&
              !chunksLoaded.some((c) => /^(permission-matrix|view-as)\.view-|^virtual-rows-|^tus-js-client-/.test(c)),
            `loaded: ${chunksLoaded.join(', ')}`,
          );
        check(
          `Chromium: ${label} renders J-1001's attachments without page errors`,
          names.join() === [...demoJobFiles].sort().join() && problems.length === 0,
          `${names.join(', ')}\n${problems.join('\n')}`,
        );
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }

  // ── 7. sizes ──────────────────────────────────────────────────────────────
  if (existsSync(cdnFile)) console.log(`\n${cdnSizes(cdnFile, relative(root, cdnFile))}`);
  for (const name of packages)
    console.log(
      `@attachkit/${name} dist: ${kb(sizeOf(join(root, 'packages', name, 'dist'), '.js'))} of .js (unminified, CDN bundle apart), ${kb(sizeOf(join(root, 'packages', name, 'dist'), '.d.ts'))} of .d.ts`,
    );
} finally {
  if (server) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  rmSync(scratch, { recursive: true, force: true });
  cleanup();
}

console.log(`\ncheck-build: ${passed} passed, ${failed} failed`);
writeResults({ passed, failed });
process.exit(failed > 0 ? 1 : 0);
