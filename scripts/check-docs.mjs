#!/usr/bin/env node
// Generated docs are current: custom-elements.json matches what the analyzer
// makes of the elements' JSDoc today, and docs/elements-reference.md matches
// the manifest (the analyzer takes outdir relative to the working directory). Ends with "check-docs: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeResults } from './results.mjs';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
const check = (name, ok, hint) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${ok ? '' : `\n    ${hint}`}`);
};

const outdir = mkdtempSync(join(tmpdir(), 'attachkit-cem-'));
const config = join(outdir, 'cem.config.mjs');
writeFileSync(
  config,
  `import base from ${JSON.stringify(join(root, 'packages/elements/custom-elements-manifest.config.mjs'))};\nexport default { ...base, outdir: ${JSON.stringify(relative(root, outdir))} };\n`,
);
const analyze = spawnSync('npx', ['cem', 'analyze', '--config', config], { cwd: root, encoding: 'utf8' });
const fresh = analyze.status === 0 ? readFileSync(join(outdir, 'custom-elements.json'), 'utf8') : '';
const committed = readFileSync(join(root, 'packages/elements/custom-elements.json'), 'utf8');
check(
  'custom-elements.json matches the elements’ JSDoc',
  fresh !== '' && JSON.stringify(JSON.parse(fresh)) === JSON.stringify(JSON.parse(committed)),
  'run `npm run analyze` and commit packages/elements/custom-elements.json',
);

const reference = spawnSync(process.execPath, ['scripts/element-reference.mjs', '--check'], { cwd: root, encoding: 'utf8' });
check(
  'docs/elements-reference.md matches custom-elements.json',
  reference.status === 0,
  'run `node scripts/element-reference.mjs` and commit docs/elements-reference.md',
);

console.log(`\ncheck-docs: ${passed} passed, ${failed} failed`);
writeResults({ passed, failed });
process.exit(failed > 0 ? 1 : 0);
