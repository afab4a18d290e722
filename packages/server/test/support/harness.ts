/**
 * Test harness: a real server on 127.0.0.1 (random port) over real SQLite and
 * files in a temp directory, removed on close.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpBackend, type AttachKitBackend, type UploadRestrictions } from '@attachkit/sdk';
import {
  createBearerAuthenticator,
  createDemoServer,
  createServer,
  type AttachKitServer,
  type Caller,
  type CreateServerOptions,
} from '../../src/index.js';

export interface TestServer {
  app: AttachKitServer;
  baseURL: string;
  dataDir: string;
  /** An HTTP backend acting with this bearer token. */
  backend(token: string): AttachKitBackend;
  /** A fetch to the server with this bearer token. */
  fetch(path: string, token: string | null, init?: RequestInit): Promise<Response>;
  /** Stops the server; keeps the data directory. */
  stop(): Promise<void>;
  /** Stops the server and removes the data directory. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Bearer tokens; omitted → demo mode (demo tokens and the seeded demo world). */
  tokens?: Record<string, Caller>;
  limits?: Partial<UploadRestrictions>;
  portal?: { apps?: string[]; paymentMethods?: string[] };
  /** Reuse a data directory (a restart); default: a fresh temp directory. */
  dataDir?: string;
  /** Further createServer options (timeouts, allowed origins, rate limits…). Rate limits are off unless given here. */
  server?: Omit<Partial<CreateServerOptions>, 'dataDir' | 'authenticate' | 'limits' | 'portal'>;
  /** Metadata on PostgreSQL (a `postgres://` URL from support/postgres.ts); default: SQLite in the data directory. */
  metadata?: string;
  /** Content on S3 (an `s3://` URL from support/s3.ts); default: files in the data directory. */
  blobs?: string;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'attachkit-server-test-')));
  const storage = { metadata: options.metadata, blobs: options.blobs };
  const app = options.tokens
    ? await createServer({
        rateLimit: false,
        ...options.server,
        dataDir,
        ...storage,
        authenticate: createBearerAuthenticator(options.tokens),
        limits: options.limits,
        portal: options.portal,
      })
    : await createDemoServer({
        rateLimit: false,
        ...options.server,
        dataDir,
        ...storage,
        limits: options.limits,
        portal: options.portal ?? { apps: ['workOrders'], paymentMethods: ['card'] },
      });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseURL = `http://127.0.0.1:${address.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    baseURL,
    dataDir,
    backend: (token) => createHttpBackend({ baseURL, getToken: () => token }),
    fetch: (path, token, init = {}) =>
      fetch(baseURL + path, {
        ...init,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
      }),
    stop,
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
