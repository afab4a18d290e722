#!/usr/bin/env node
// `npm test`: type-checks every package, then runs every suite (Node tests,
// browser tests, end-to-end tests), and ends with one line `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { missingChromium } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // e.g. `npm test -- node browser`

function findTests(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : findTests(path, pattern);
    return pattern.test(entry) ? [relative(root, path)] : [];
  });
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A suite's totals from the last "N passed, N failed" line (optionally after a prefix); a crash counts as a failure. */
function totalsFrom(output, code, prefix = '') {
  const totals = [...output.matchAll(new RegExp(`${prefix}(\\d+) passed, (\\d+) failed`, 'g'))].at(-1);
  const passed = Number(totals?.[1] ?? 0);
  const failed = Number(totals?.[2] ?? 0);
  return { passed, failed: failed || (code === 0 ? 0 : 1) };
}

/** Runs test files with node's runner through tsx; counts from its TAP report. */
async function nodeTests(files, extraArgs = []) {
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tap = join(mkdtempSync(join(tmpdir(), 'attachkit-test-')), 'report.tap');
  const { code } = await run('node', [
    '--conditions=source',
    '--import',
    'tsx',
    '--test',
    ...extraArgs,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled') || (code === 0 ? 0 : 1) };
}

/** Suites that drive Chromium run only when it is there; otherwise one line says how to get it, and each counts as failed. */
let chromiumReported = false;
function withoutChromium() {
  const missing = missingChromium();
  if (!missing) return null;
  if (!chromiumReported) console.log(missing);
  chromiumReported = true;
  return { passed: 0, failed: 1 };
}

const suites = {
  async typecheck() {
    const { code } = await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  },
  async lint() {
    // Prettier (and ESLint) over the whole tree: `npm run format` fixes what Prettier finds.
    const { code } = await run('npm', ['run', '--silent', 'lint']);
    return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  },
  node: () =>
    nodeTests([
      ...findTests(join(root, 'packages/sdk/test'), /\.test\.ts$/),
      ...findTests(join(root, 'packages/server/test'), /\.test\.ts$/),
    ]),
  async browser() {
    if (!existsSync(join(root, 'web-test-runner.config.mjs'))) return { passed: 0, failed: 0 };
    const skipped = withoutChromium();
    if (skipped) return skipped;
    const { code, output } = await run('npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], { NO_COLOR: '1' });
    return totalsFrom(output, code);
  },
  async docs() {
    // Generated docs are current: custom-elements.json and docs/elements-reference.md.
    const { code, output } = await run('node', ['scripts/check-docs.mjs']);
    return totalsFrom(output, code, 'check-docs: ');
  },
  async build() {
    // rollup builds of every package and the CDN bundle, publint --strict, exports, typings, bin, CDN in Chromium.
    const { code, output } = await run('node', ['scripts/check-build.mjs']);
    return totalsFrom(output, code, 'check-build: ');
  },
  // The demo (npm start), every Storybook story, and the docs examples, each in Chromium; one file at a time.
  e2e: () =>
    withoutChromium() ??
    nodeTests(
      [
        ...findTests(join(root, 'packages/demo/test'), /\.e2e\.ts$/),
        ...findTests(join(root, 'stories/test'), /\.e2e\.ts$/),
        ...findTests(join(root, 'docs/examples'), /\.e2e\.ts$/),
      ],
      ['--test-concurrency=1'],
    ),
};

let passed = 0;
let failed = 0;
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const result = await suite();
  console.log(`=== ${name}: ${result.passed} passed, ${result.failed} failed ===`);
  passed += result.passed;
  failed += result.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
