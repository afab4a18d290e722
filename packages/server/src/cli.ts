/**
 * `attachkit-server --data ./data --port 4300 [--host 127.0.0.1] [--tokens tokens.json] [--metadata postgres://…] [--blobs s3://…] [--max-bytes N] [timeouts…]`
 *
 * Without `--tokens`, runs in demo mode: the demo bearer tokens of docs/demo.md
 * and, on first start, the seeded demo world. With `--tokens`, the file maps
 * bearer tokens to callers: `{ "<token>": { "principal": {...}, "level": "web" } | { "host": true, "id": "crm" } }`.
 * Every flag is in `usage` (src/cli-options.ts).
 */
import { resolve } from 'node:path';
import { createServer } from './app.js';
import { createBearerAuthenticator } from './auth/authenticate.js';
import { loadTokenFile, provisionTokenUsers, TokenFileError } from './auth/token-file.js';
import { CliUsageError, parseCliOptions, usage } from './cli-options.js';
import { demoApps, demoAuthenticate, demoPaymentMethods, demoTokens, seedDemo } from './demo/seed.js';

let options;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliUsageError)) throw error;
  console.error(`attachkit-server: ${error.message}\n\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}

/** Stops the start with one sentence: a bad token file is the operator's to fix, not a stack trace. */
function refuse(error: unknown): never {
  if (!(error instanceof TokenFileError)) throw error;
  console.error(`attachkit-server: ${error.message}`);
  process.exit(1);
}

const demo = options.tokensFile === undefined;
const tokens = options.tokensFile === undefined ? null : await loadTokenFile(resolve(options.tokensFile)).catch(refuse);

// An unreachable database or a missing bucket stops the start with one sentence, before anything listens.
const app = await createServer({
  dataDir: resolve(options.dataDir),
  metadata: options.metadata,
  blobs: options.blobs,
  authenticate: tokens ? createBearerAuthenticator(tokens) : demoAuthenticate,
  limits: options.maxBytes ? { maxBytes: options.maxBytes } : undefined,
  clamav: options.clamav,
  resumableUploads: {
    ...(options.uploadExpirySeconds ? { expiresAfterMs: options.uploadExpirySeconds * 1000 } : {}),
    ...(options.completionLeaseSeconds ? { completionLeaseMs: options.completionLeaseSeconds * 1000 } : {}),
  },
  portal: demo ? { apps: demoApps, paymentMethods: demoPaymentMethods } : undefined,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  requestTimeout: options.requestTimeout,
  headersTimeout: options.headersTimeout,
  connectionTimeout: options.connectionTimeout,
  keepAliveTimeout: options.keepAliveTimeout,
  allowedOrigins: options.allowedOrigins,
  keepLocation: options.keepLocation,
  rateLimit: options.rateLimit,
}).catch((error: unknown) => {
  console.error(`attachkit-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
if (tokens) {
  const created = await provisionTokenUsers(app.attachkit.store, tokens, app.attachkit.service.catalog, options.admins).catch(
    async (error: unknown) => {
      await app.close();
      return refuse(error);
    },
  );
  if (created.length > 0) app.log.info(`created staff users ${created.join(', ')} from the token file`);
}
if (demo) {
  const seeded = await seedDemo(app);
  app.log.warn(
    `demo mode${seeded ? ' (seeded a fresh database)' : ''}: bearer tokens ${Object.keys(demoTokens).join(', ')}; do not expose this server`,
  );
}
await app.listen({ port: options.port, host: options.host });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
