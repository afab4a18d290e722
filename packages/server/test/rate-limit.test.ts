/**
 * Rate limits over real HTTP: failed authentications per client address
 * (then 429 problem+json with Retry-After, whatever the credentials, until the
 * window ends) and uploads per principal (multipart and tus creations); on by
 * default, off with `rateLimit: false`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliOptions } from '../src/cli-options.js';
import { resolveRateLimits } from '../src/http/rate-limit.js';
import { startServer, type TestServer } from './support/harness.js';
import { tusClient } from './support/tus.js';

async function assertTooMany(response: Response, code: string) {
  assert.equal(response.status, 429);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  const retryAfter = Number(response.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${response.headers.get('retry-after')}`);
  const problem = (await response.json()) as { code: string; status: number; title: string };
  assert.equal(problem.code, code);
  assert.equal(problem.status, 429);
  assert.equal(problem.title, 'Too Many Requests');
}

const upload = (server: TestServer, token: string, name: string) => {
  const form = new FormData();
  form.append('file', new File([`notes ${name}\n`], name, { type: 'text/plain' }));
  return server.fetch('/api/records/job/J-1001/attachments', token, { method: 'POST', body: form });
};

async function withServer(options: Parameters<typeof startServer>[0], run: (server: TestServer) => Promise<void>) {
  const server = await startServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe('failed authentications per client address', () => {
  it('answers 429 with Retry-After after the limit, even to valid credentials, until the window ends', () =>
    withServer({ server: { rateLimit: { failedAuth: { max: 3, timeWindow: 1500 } } } }, async (server) => {
      for (let i = 0; i < 3; i++) assert.equal((await server.fetch('/api/session', `guess-${i}`)).status, 401);
      await assertTooMany(await server.fetch('/api/session', 'guess-3'), 'auth.rateLimited');
      await assertTooMany(await server.fetch('/api/session', 'demo-admin'), 'auth.rateLimited');
      await assertTooMany(
        await server.fetch('/api/records/job/J-7', 'demo-host', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: '{"clientId":null}',
        }),
        'auth.rateLimited',
      );
      await new Promise((resolve) => setTimeout(resolve, 1700));
      assert.equal((await server.fetch('/api/session', 'demo-admin')).status, 200, 'a new window');
    }));

  it('counts only failures: valid requests never trip it', () =>
    withServer({ server: { rateLimit: { failedAuth: { max: 2 } } } }, async (server) => {
      for (let i = 0; i < 10; i++) assert.equal((await server.fetch('/api/session', 'demo-tech')).status, 200);
      assert.equal((await server.fetch('/api/session', null)).status, 401);
    }));

  it('is on by default: 20 a minute', () =>
    withServer({ server: { rateLimit: undefined } }, async (server) => {
      for (let i = 0; i < 20; i++) assert.equal((await server.fetch('/api/session', `guess-${i}`)).status, 401, `attempt ${i + 1}`);
      await assertTooMany(await server.fetch('/api/session', 'guess-20'), 'auth.rateLimited');
    }));

  it('is off with rateLimit: false', () =>
    withServer({ server: { rateLimit: false } }, async (server) => {
      for (let i = 0; i < 30; i++) assert.equal((await server.fetch('/api/session', `guess-${i}`)).status, 401);
    }));
});

describe('uploads per principal', () => {
  it('answers 429 after the limit for that principal only, multipart and tus creations alike', () =>
    withServer({ server: { rateLimit: { uploads: { max: 2 } } } }, async (server) => {
      assert.equal((await upload(server, 'demo-admin', 'one.txt')).status, 201);
      assert.equal((await upload(server, 'demo-admin', 'two.txt')).status, 201);
      await assertTooMany(await upload(server, 'demo-admin', 'three.txt'), 'upload.rateLimited');
      assert.equal((await server.fetch('/api/records/job/J-1001/attachments', 'demo-admin')).status, 200, 'other requests go on');

      const tus = tusClient(server);
      assert.equal((await upload(server, 'demo-tech', 'tech-one.txt')).status, 201, 'another principal has its own count');
      assert.equal(
        (await tus.create('demo-tech', { filename: 'tech-two.txt', recordType: 'job', recordId: 'J-1001', length: 5 })).status,
        201,
      );
      await assertTooMany(
        await tus.create('demo-tech', { filename: 'tech-three.txt', recordType: 'job', recordId: 'J-1001', length: 5 }),
        'upload.rateLimited',
      );
      const names = ((await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-admin')).json()) as { name: string }[]).map(
        (a) => a.name,
      );
      assert.ok(!names.includes('three.txt'), 'the refused upload stored nothing');
    }));
});

describe('rate limit options', () => {
  it('have defaults and refuse bad values, naming them', () => {
    assert.deepEqual(resolveRateLimits(undefined), {
      failedAuth: { max: 20, timeWindow: 60_000 },
      uploads: { max: 120, timeWindow: 60_000 },
    });
    assert.equal(resolveRateLimits(false), false);
    assert.throws(() => resolveRateLimits({ failedAuth: { max: -1 } }), /rateLimit\.failedAuth\.max/);
    assert.throws(() => resolveRateLimits({ uploads: { timeWindow: 0 } }), /rateLimit\.uploads\.timeWindow/);
  });
  it('come from --max-auth-failures and --max-uploads', () => {
    assert.deepEqual(parseCliOptions(['--max-auth-failures', '5', '--max-uploads', '0'], {}).rateLimit, {
      failedAuth: { max: 5 },
      uploads: { max: 0 },
    });
    assert.deepEqual(parseCliOptions([], {}).rateLimit, {});
    assert.throws(() => parseCliOptions(['--max-uploads', 'lots'], {}), /--max-uploads takes a whole number/);
  });
});
