#!/usr/bin/env node
// `npm test`: type-checks every package, then runs every suite (Node tests,
// browser tests, end-to-end tests), and ends with one line `N passed, N failed`.
// Counts come from each runner's exit code and its machine-readable report (node's TAP
// report, the JSON of scripts/results.mjs), never from its human output.
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
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve({ code: code ?? 1 }));
  });
}

/** A temporary file for one suite's machine-readable report. */
const reportFile = (name) => join(mkdtempSync(join(tmpdir(), 'attachkit-test-')), name);

/** Whole-run checks count as one test: the exit code says whether it passed. */
async function byExitCode(command, args) {
  const { code } = await run(command, args);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
}

/**
 * Runs a suite that writes its totals as JSON (scripts/results.mjs) to the file named by
 * ATTACHKIT_RESULTS. The exit code wins: a non-zero exit is at least one failure, and a
 * suite that exits without writing its totals (a crash) is a failure.
 */
async function withResults(command, args, env = {}) {
  const file = reportFile('results.json');
  const { code } = await run(command, args, { ...env, ATTACHKIT_RESULTS: file });
  let totals;
  try {
    totals = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.log(`(${command} ${args.join(' ')} wrote no results: counted as a failure)`);
    return { passed: 0, failed: 1 };
  }
  const failed = Number(totals.failed) || 0;
  return { passed: Number(totals.passed) || 0, failed: failed || (code === 0 ? 0 : 1) };
}

/** Runs test files with node's runner through tsx; counts from its TAP report. */
async function nodeTests(files, extraArgs = []) {
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tap = reportFile('report.tap');
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
  // The TAP report ends with the runner's own summary comments (`# pass N`, `# fail N`, `# cancelled N`).
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  if (!/^# pass \d+$/m.test(report)) return { passed: 0, failed: 1 }; // the runner died before its summary
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
  // The whole tree, then the SDK on its own: ECMAScript and the shared web globals only (packages/sdk/tsconfig.json).
  typecheck: () => byExitCode('npm', ['run', '--silent', 'typecheck']),
  // Prettier (and ESLint) over the whole tree: `npm run format` fixes what Prettier finds.
  lint: () => byExitCode('npm', ['run', '--silent', 'lint']),
  node: () =>
    nodeTests([
      ...findTests(join(root, 'packages/sdk/test'), /\.test\.ts$/),
      ...findTests(join(root, 'packages/server/test'), /\.test\.ts$/),
    ]),
  async browser() {
    if (!existsSync(join(root, 'web-test-runner.config.mjs'))) return { passed: 0, failed: 0 };
    const skipped = withoutChromium();
    if (skipped) return skipped;
    return withResults('npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], { NO_COLOR: '1' });
  },
  // Generated docs are current: custom-elements.json and docs/elements-reference.md.
  docs: () => withResults('node', ['scripts/check-docs.mjs']),
  // rollup builds of every package and the CDN bundle, npm run lint:package, exports, typings, bin, CDN in Chromium.
  build: () => withResults('node', ['scripts/check-build.mjs']),
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
