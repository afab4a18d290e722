/**
 * `attachkit-server --data ./data --port 4300 [--host 127.0.0.1] [--tokens tokens.json] [--max-bytes N]`
 *
 * Without `--tokens`, runs in demo mode: the demo bearer tokens of docs/demo.md
 * and, on first start, the seeded demo world. With `--tokens`, the file maps
 * bearer tokens to callers: `{ "<token>": { "principal": {...}, "level": "web" } | { "host": true, "id": "crm" } }`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer } from './app.js';
import { createBearerAuthenticator, type Caller } from './auth/authenticate.js';
import { demoApps, demoAuthenticate, demoPaymentMethods, demoTokens, seedDemo } from './demo/seed.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: './data' },
    port: { type: 'string', default: '4300' },
    host: { type: 'string', default: '127.0.0.1' },
    tokens: { type: 'string' },
    'max-bytes': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('attachkit-server --data ./data --port 4300 [--host 127.0.0.1] [--tokens tokens.json] [--max-bytes 26214400]');
  process.exit(0);
}

const demo = values.tokens === undefined;
const tokens = demo ? null : (JSON.parse(await readFile(resolve(values.tokens!), 'utf8')) as Record<string, Caller>);
const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']);

const app = await createServer({
  dataDir: resolve(values.data!),
  authenticate: tokens ? createBearerAuthenticator(tokens) : demoAuthenticate,
  limits: maxBytes ? { maxBytes } : undefined,
  portal: demo ? { apps: demoApps, paymentMethods: demoPaymentMethods } : undefined,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});
if (demo) {
  const seeded = await seedDemo(app);
  app.log.warn(`demo mode${seeded ? ' (seeded a fresh database)' : ''}: bearer tokens ${Object.keys(demoTokens).join(', ')}; do not expose this server`);
}
await app.listen({ port: Number(values.port), host: values.host! });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
