#!/usr/bin/env node
// `npm run lint:package`: what a consumer of each published package would trip
// over, on the built dist (run `npm run build` first; `scripts/check-build.mjs`
// builds and then runs this):
//   - publint --strict: package.json fields, exports, files;
//   - @arethetypeswrong/cli, profile esm-only: every export resolves to types and
//     JavaScript of the same format under node16 and bundler resolution (the
//     packages are ESM only, so node10 and require() are out of scope).
// Exits non-zero when any check fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = ['sdk', 'elements', 'server'];
const bin = (path) => join(root, 'node_modules', path);

let failures = 0;
for (const name of packages) {
  const dir = `packages/${name}`;
  if (!existsSync(join(root, dir, 'dist'))) {
    console.log(`not ok - ${dir}: no dist/ (run \`npm run build\` first)`);
    failures += 1;
    continue;
  }
  for (const [label, command] of [
    ['publint --strict', [bin('publint/src/cli.js'), 'run', '--strict', dir]],
    ['attw --profile esm-only', [bin('@arethetypeswrong/cli/dist/index.js'), '--pack', dir, '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    const result = spawnSync(process.execPath, command, { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const ok = result.status === 0;
    if (!ok) failures += 1;
    console.log(`${ok ? 'ok' : 'not ok'} - ${label} ${dir}`);
    if (!ok) console.log(`${result.stdout}${result.stderr}`.trim().replace(/^/gm, '    '));
  }
}
process.exit(failures > 0 ? 1 : 0);
