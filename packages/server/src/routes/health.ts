import type { FastifyInstance } from 'fastify';
import { AttachKitError } from '@attachkit/sdk';
import { liveness, readiness } from './health.schema.js';

/** How long a readiness probe waits for the database and the content store. */
const readinessTimeoutMs = 5000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Health checks for a proxy or an orchestrator, without authentication:
 * `GET /healthz` (the process answers) and `GET /readyz` (the database and
 * the content store answer; 503 problem+json otherwise, with no detail).
 */
export function registerHealthRoutes(app: FastifyInstance, checks: { metadata: () => Promise<void>; blobs: () => Promise<void> }): void {
  app.get('/healthz', { schema: liveness(), config: { auth: 'none' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: readiness(), config: { auth: 'none' } }, async (request) => {
    try {
      await Promise.all([
        within(checks.metadata(), readinessTimeoutMs, 'the metadata database'),
        within(checks.blobs(), readinessTimeoutMs, 'the content store'),
      ]);
    } catch (error) {
      request.log.warn({ err: error }, 'not ready');
      throw new AttachKitError('server.notReady', 'The server cannot reach its database or its content store.', { status: 503 });
    }
    return { status: 'ready' };
  });
}
