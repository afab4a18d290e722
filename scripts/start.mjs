#!/usr/bin/env node
// `npm start`: runs the demo host CRM on the reference server.
import { existsSync } from 'node:fs';
const demo = new URL('../packages/demo/src/main.ts', import.meta.url);
if (!existsSync(demo)) {
  console.error('attachkit: the demo is not built yet (packages/demo/src/main.ts is missing). Run `npm test` to check the SDK.');
  process.exit(1);
}
const { spawn } = await import('node:child_process');
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', demo.pathname, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
