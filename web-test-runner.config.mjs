// Browser tests of @attachkit/elements in the Debian Chromium (CHROMIUM_PATH overrides; nothing downloads a browser).
// Ends with "N passed, N failed" and writes the totals for scripts/test.mjs (scripts/results.mjs).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { writeResults } from './scripts/results.mjs';
import { attachkitCommands } from './packages/elements/test/support/browser-commands.mjs';

// @web/dev-server-esbuild hands esbuild the tsconfig file's raw text and does not follow
// "extends", so ./tsconfig.json (only an "extends") would lose experimentalDecorators and
// useDefineForClassFields:false and the Lit decorators would reach the browser untranspiled.
// Give it the resolved compiler options instead.
const base = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8'));
const tsconfig = join(mkdtempSync(join(tmpdir(), 'attachkit-wtr-')), 'tsconfig.json');
writeFileSync(tsconfig, JSON.stringify({ compilerOptions: base.compilerOptions }));

/**
 * Counts every test (plus one failure per test file that could not run), ends the output
 * with one plain line "N passed, N failed" and writes the same totals for scripts/test.mjs.
 */
function totalsReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if ((session.errors ?? []).length > 0) failed++;
      }
      process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
      writeResults({ passed, failed });
    },
  };
}

export default {
  files: ['packages/elements/test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['source', 'browser', 'development'] },
  // attachkitCommands: the reference server, image inspection with sharp, touch emulation (see that file).
  plugins: [esbuildPlugin({ ts: true, tsconfig }), attachkitCommands()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath(),
        args: [...chromiumArgs],
      },
    }),
  ],
  reporters: [defaultReporter(), totalsReporter()],
  concurrency: 2,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
};
