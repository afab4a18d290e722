/**
 * `npm start`: the reference server with the seeded demo world (SQLite and
 * files in `.attachkit-data/`, created on first start and reused after),
 * plus the small host CRM that embeds the elements, on one port.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoServer, parseAllowedOrigins } from '@attachkit/server';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../../..');

export interface DemoOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Default: ATTACHKIT_ALLOWED_ORIGINS (comma-separated exact origins), else none. */
  allowedOrigins?: string[];
  /** Metadata on PostgreSQL (postgres://…). Default: ATTACHKIT_METADATA, else SQLite in the data directory. */
  metadata?: string;
  /** Content on S3 (s3://…). Default: ATTACHKIT_BLOBS, else files in the data directory (docs/deploy.md). */
  blobs?: string;
}

/** Bundles the host page's script from the TypeScript sources (the `source` export condition): no build step. */
async function bundleClient(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [resolve(here, 'client/app.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    conditions: ['source', 'browser'],
    tsconfig: resolve(root, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no bundle for the demo client');
  return output.text;
}

export async function startDemo(options: DemoOptions = {}) {
  const port = options.port ?? Number(process.env.PORT ?? 4300);
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const dataDir = options.dataDir ?? process.env.ATTACHKIT_DATA ?? resolve(root, '.attachkit-data');
  // Host pages on other origins (CORS): exact origins, comma-separated, as for attachkit-server.
  const allowedOrigins = options.allowedOrigins ?? parseAllowedOrigins(process.env.ATTACHKIT_ALLOWED_ORIGINS, 'ATTACHKIT_ALLOWED_ORIGINS');
  // The whole demo can run scaled out: ATTACHKIT_METADATA / ATTACHKIT_BLOBS as for attachkit-server.
  const metadata = options.metadata ?? (process.env.ATTACHKIT_METADATA || undefined);
  const blobs = options.blobs ?? (process.env.ATTACHKIT_BLOBS || undefined);
  const [app, script] = await Promise.all([createDemoServer({ dataDir, allowedOrigins, metadata, blobs }), bundleClient()]);
  const page = (file: string) => readFile(resolve(here, '../public', file), 'utf8');

  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(await page('index.html')),
  );
  app.get('/styles.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(await page('styles.css')));
  app.get('/app.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(script),
  );

  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`, dataDir };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { app, url, dataDir } = await startDemo();
    console.log(`attachkit demo running at ${url}  (data in ${dataDir}; Ctrl+C to stop)`);
    const stop = () => {
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('attachkit demo did not stop cleanly:', error);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`attachkit demo could not start: ${message}`);
    if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      console.error('Another program uses the port; set PORT to choose another, e.g. PORT=4400 npm start');
    process.exit(1);
  }
}
