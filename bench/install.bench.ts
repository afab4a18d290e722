/**
 * Install and test time on a fresh clone: `git clone` of /work/main's HEAD
 * (committed work only) into a temp dir, then `npm install --prefer-offline`
 * and `npm test`, each timed once (they take minutes; no budget yet, so
 * reported only). Skip with `npm run bench -- --skip install`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './stats.js';

const root = new URL('../', import.meta.url).pathname;

function timed(command: string, args: string[], cwd: string): Promise<{ seconds: number; code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let output = '';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, code: code ?? 1, output }));
  });
}

const once = (seconds: number) => ({ median: seconds, min: seconds, max: seconds, spread: 0 });

export async function runInstallBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-install-'));
  const clone = join(scratch, 'attachkit');
  try {
    const cloned = await timed('git', ['clone', '--quiet', '--no-hardlinks', root, clone], scratch);
    if (cloned.code !== 0) throw new Error(`git clone failed:\n${cloned.output}`);
    const commit = (await timed('git', ['rev-parse', '--short', 'HEAD'], clone)).output.trim();
    const install = await timed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], clone);
    if (install.code !== 0) throw new Error(`npm install failed in the fresh clone:\n${install.output.slice(-2000)}`);
    const test = await timed('npm', ['test'], clone);
    // scripts/test.mjs prints "N passed, N failed" per suite and, last, for the whole run.
    const summary = [...test.output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1)?.[0] ?? `exit code ${test.code}`;
    const suites = [...test.output.matchAll(/^=== (.+) ===$/gm)].map((m) => m[1]).join('; ');
    const rows: BenchRow[] = [
      {
        id: 'install.npmInstall',
        name: `install: npm install --prefer-offline, fresh clone of ${commit}`,
        unit: 's',
        ours: once(install.seconds),
      },
      { id: 'install.npmTest', name: `install: npm test on that clone (${summary})`, unit: 's', ours: once(test.seconds) },
    ];
    const details = [
      `Install and test on a fresh clone of ${commit} (one run each): npm install ${install.seconds.toFixed(0)} s, npm test ${test.seconds.toFixed(0)} s, exit code ${test.code}.`,
      `  npm test suites: ${suites || '(none reported)'}`,
      ...(test.code === 0
        ? []
        : [
            `  last lines of npm test:`,
            ...test.output
              .trimEnd()
              .split('\n')
              .slice(-15)
              .map((l) => `    ${l}`),
          ]),
    ].join('\n');
    return { rows, details };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
