/**
 * The one auth hook (src/http/caller.ts): every /api route authenticates on
 * `onRequest`, before its body is read or validated; routes say in their
 * config when they need no credentials (health checks, tus discovery) or the
 * host service; an /api route added without `config.auth` needs a session.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer } from '../src/index.js';
import { sessionOf } from '../src/http/caller.js';
import { startServer, type TestServer } from './support/harness.js';

/** Every route that needs a staff user or portal client, with a body that does not even parse. */
const sessionRoutes: [method: string, path: string][] = [
  ['GET', '/api/session'],
  ['GET', '/api/records/job/J-1001/attachments'],
  ['POST', '/api/records/job/J-1001/attachments'],
  ['GET', '/api/attachments/a1'],
  ['PATCH', '/api/attachments/a1'],
  ['DELETE', '/api/attachments/a1'],
  ['GET', '/api/attachments/a1/content'],
  ['GET', '/api/attachments/a1/thumbnail'],
  ['POST', '/api/attachments/bulk'],
  ['GET', '/api/records/job/J-1001/notes'],
  ['POST', '/api/records/job/J-1001/notes'],
  ['GET', '/api/notes/n1'],
  ['PATCH', '/api/notes/n1'],
  ['DELETE', '/api/notes/n1'],
  ['POST', '/api/notes/bulk'],
  ['GET', '/api/permissions/catalog'],
  ['GET', '/api/users'],
  ['PUT', '/api/users/u1/grants'],
  ['GET', '/api/portal/settings'],
  ['PUT', '/api/portal/settings'],
  ['GET', '/api/audit'],
  ['POST', '/api/uploads'],
  ['HEAD', '/api/uploads/u1'],
  ['PATCH', '/api/uploads/u1'],
  ['DELETE', '/api/uploads/u1'],
];

const brokenJson = (method: string) =>
  method === 'GET' || method === 'HEAD' ? {} : { body: '{"name":', headers: { 'Content-Type': 'application/json' } };

describe('the auth hook', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('answers 401 auth.required on every session route before it reads the body', async () => {
    for (const [method, path] of sessionRoutes) {
      const { body, headers } = brokenJson(method) as { body?: string; headers?: Record<string, string> };
      const response = await server.fetch(path, null, { method, body, headers });
      assert.equal(response.status, 401, `${method} ${path}`);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer', `${method} ${path}`);
      if (method !== 'HEAD') assert.equal(((await response.json()) as { code: string }).code, 'auth.required', `${method} ${path}`);
    }
  });

  it('refuses the host service token on session routes (403 host.notAllowed), whatever the body', async () => {
    for (const [method, path] of sessionRoutes.filter(([m]) => m !== 'HEAD')) {
      const { body, headers } = brokenJson(method) as { body?: string; headers?: Record<string, string> };
      const response = await server.fetch(path, 'demo-host', { method, body, headers });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(((await response.json()) as { code: string }).code, 'host.notAllowed', `${method} ${path}`);
    }
  });

  it('lets only the host service register records (403 host.required for a user), whatever the body', async () => {
    const user = await server.fetch('/api/records/job/J-1001', 'demo-admin', {
      method: 'PUT',
      body: '{"clientId":',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(user.status, 403);
    assert.equal(((await user.json()) as { code: string }).code, 'host.required');
    const nobody = await server.fetch('/api/records/job/J-1001', null, {
      method: 'PUT',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(nobody.status, 401);
    const host = await server.fetch('/api/records/job/J-9', 'demo-host', {
      method: 'PUT',
      body: JSON.stringify({ clientId: null }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(host.status, 200);
  });

  it('answers the routes whose config says auth: none without credentials', async () => {
    assert.equal((await server.fetch('/healthz', null)).status, 200);
    assert.equal((await server.fetch('/readyz', null)).status, 200);
    const tus = await server.fetch('/api/uploads', null, { method: 'OPTIONS' });
    assert.equal(tus.status, 204);
    assert.equal(tus.headers.get('tus-version'), '1.0.0');
    assert.equal((await server.fetch('/api/no-such-route', null)).status, 404, 'an unknown route is a 404, not a 401');
  });
});

describe('routes a host adds', () => {
  it('need a session under /api/ unless their config says otherwise; handlers read the caller with sessionOf', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'attachkit-auth-hook-'));
    const app = await createServer({
      dataDir,
      rateLimit: false,
      authenticate: (request) =>
        request.headers.authorization === 'Bearer t' ? { principal: { kind: 'client', id: 'c1' }, level: 'web' } : null,
    });
    try {
      app.get('/api/extra', async (request) => ({ who: sessionOf(request).principal.id }));
      app.get('/api/open', { config: { auth: 'none' } }, async (request) => ({ caller: request.caller }));
      assert.equal((await app.inject({ url: '/api/extra' })).statusCode, 401);
      assert.deepEqual((await app.inject({ url: '/api/extra', headers: { authorization: 'Bearer t' } })).json(), { who: 'c1' });
      assert.deepEqual((await app.inject({ url: '/api/open' })).json(), { caller: null });
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
