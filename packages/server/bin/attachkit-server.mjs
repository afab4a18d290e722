#!/usr/bin/env node
// Runs the built CLI when there is one, else the TypeScript source through tsx.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);
const args = existsSync(built)
  ? [fileURLToPath(built)]
  : ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('../src/cli.ts', import.meta.url))];
const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
