/**
 * CORS over real HTTP: preflights and actual requests from a listed origin
 * get that exact origin back (never `*`) with the headers the SDK and tus
 * need; an origin not listed gets no CORS header at all; without
 * `allowedOrigins` nobody does; configured origins must be exact.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoServer, parseAllowedOrigins } from '../src/index.js';
import { parseCliOptions } from '../src/cli-options.js';
import { startServer, type TestServer } from './support/harness.js';

const crm = 'https://crm.example.com';
const local = 'http://127.0.0.1:5173';
const evil = 'https://crm.example.com.evil.test';

const preflight = (server: TestServer, path: string, origin: string, method: string, headers: string) =>
  fetch(server.baseURL + path, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers },
  });

const listOf = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

function assertNoCors(response: Response) {
  for (const [name] of response.headers)
    assert.ok(!name.startsWith('access-control-'), `unexpected ${name}: ${response.headers.get(name)}`);
}

describe('CORS with allowed origins', () => {
  let server: TestServer;
  let attachmentId: string;
  before(async () => {
    server = await startServer({ server: { allowedOrigins: [crm, local] } });
    const list = (await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-admin')).json()) as { id: string }[];
    attachmentId = list[0]!.id;
  });
  after(() => server.close());

  it('answers the preflight of a PATCH with If-Match from a listed origin', async () => {
    const response = await preflight(server, `/api/attachments/${attachmentId}`, crm, 'PATCH', 'authorization, if-match, content-type');
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), crm);
    assert.ok(listOf(response.headers.get('access-control-allow-methods')).includes('patch'));
    assert.ok(listOf(response.headers.get('access-control-allow-methods')).includes('options'), 'the SDK asks OPTIONS /api/uploads');
    for (const header of ['authorization', 'if-match', 'content-type'])
      assert.ok(listOf(response.headers.get('access-control-allow-headers')).includes(header), header);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.match(response.headers.get('vary') ?? '', /origin/i);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  it('answers the preflight of a tus upload creation with the tus headers allowed', async () => {
    const response = await preflight(server, '/api/uploads', local, 'POST', 'authorization, tus-resumable, upload-length, upload-metadata');
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), local);
    for (const header of ['tus-resumable', 'upload-length', 'upload-offset', 'upload-metadata'])
      assert.ok(listOf(response.headers.get('access-control-allow-headers')).includes(header), header);
  });

  it('lets a listed origin read ETag, Location and Content-Disposition', async () => {
    const item = await server.fetch(`/api/attachments/${attachmentId}`, 'demo-admin', { headers: { Origin: crm } });
    assert.equal(item.status, 200);
    assert.equal(item.headers.get('access-control-allow-origin'), crm);
    const exposed = listOf(item.headers.get('access-control-expose-headers'));
    for (const header of [
      'etag',
      'location',
      'content-disposition',
      'upload-offset',
      'location',
      'tus-resumable',
      'attachkit-attachment-id',
      'retry-after',
    ])
      assert.ok(exposed.includes(header), header);
    const content = await server.fetch(`/api/attachments/${attachmentId}/content`, 'demo-admin', { headers: { Origin: crm } });
    assert.equal(content.headers.get('access-control-allow-origin'), crm);
    assert.match(content.headers.get('content-disposition') ?? '', /^attachment/);
  });

  it('gives a listed origin its errors too (it can read why)', async () => {
    const response = await server.fetch('/api/session', null, { headers: { Origin: crm } });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('access-control-allow-origin'), crm);
  });

  it('gives an origin not listed no CORS header: its preflight is a 404 problem', async () => {
    for (const origin of [evil, 'https://CRM.example.com', 'http://crm.example.com', 'null']) {
      const response = await preflight(server, `/api/attachments/${attachmentId}`, origin, 'PATCH', 'authorization, if-match');
      assert.equal(response.status, 404, origin);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assertNoCors(response);
      const actual = await server.fetch(`/api/attachments/${attachmentId}`, 'demo-admin', { headers: { Origin: origin } });
      assertNoCors(actual);
      assert.match(actual.headers.get('vary') ?? '', /origin/i, 'caches keep answers per origin');
    }
  });

  it('lets an OPTIONS without Access-Control-Request-Method reach its route, with the CORS headers (tus discovery)', async () => {
    const discovery = await fetch(`${server.baseURL}/api/uploads`, {
      method: 'OPTIONS',
      headers: { Origin: crm, 'Tus-Resumable': '1.0.0' },
    });
    assert.ok(discovery.status === 200 || discovery.status === 204, String(discovery.status));
    assert.match(discovery.headers.get('tus-version') ?? '', /1\.0\.0/);
    assert.equal(discovery.headers.get('access-control-allow-origin'), crm);
    assert.ok(listOf(discovery.headers.get('access-control-expose-headers')).includes('tus-version'));
    const elsewhere = await fetch(`${server.baseURL}/api/session`, { method: 'OPTIONS', headers: { Origin: crm } });
    assert.equal(elsewhere.status, 404);
    assert.match(elsewhere.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });
});

describe('CORS without allowed origins', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('answers no origin with CORS headers', async () => {
    const pre = await preflight(server, '/api/session', crm, 'GET', 'authorization');
    assert.equal(pre.status, 404);
    assertNoCors(pre);
    const actual = await server.fetch('/api/session', 'demo-admin', { headers: { Origin: crm } });
    assert.equal(actual.status, 200);
    assertNoCors(actual);
  });
});

describe('allowed origins are exact', () => {
  it('accepts exact origins, comma-separated or as a list, without repeats', () => {
    assert.deepEqual(parseAllowedOrigins(' https://crm.example.com, http://127.0.0.1:5173,https://crm.example.com '), [crm, local]);
    assert.deepEqual(parseAllowedOrigins([crm]), [crm]);
    assert.deepEqual(parseAllowedOrigins(''), []);
    assert.deepEqual(parseAllowedOrigins(undefined), []);
  });
  for (const [origin, why] of [
    ['*', /not allowed/],
    ['null', /not allowed/],
    ['crm.example.com', /not a URL/],
    ['https://crm.example.com/', /exactly as browsers send it: https:\/\/crm\.example\.com/],
    ['https://crm.example.com/app', /no path/],
    ['https://CRM.example.com', /https:\/\/crm\.example\.com/],
    ['https://crm.example.com:443', /https:\/\/crm\.example\.com$/],
    ['ftp://crm.example.com', /http or https/],
    ['https://user@crm.example.com', /exactly as browsers send it/],
  ] as const) {
    it(`refuses ${origin}`, () => assert.throws(() => parseAllowedOrigins(origin), why));
  }
  it('stops createServer before it opens anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attachkit-cors-test-'));
    try {
      await assert.rejects(
        createDemoServer({ dataDir: join(dir, 'data'), allowedOrigins: ['https://crm.example.com/'] }),
        /allowedOrigins: "https:\/\/crm\.example\.com\/" is not an exact origin/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('reads --allowed-origins, else ATTACHKIT_ALLOWED_ORIGINS, with errors naming the source', () => {
    assert.deepEqual(parseCliOptions([], { ATTACHKIT_ALLOWED_ORIGINS: `${crm},${local}` }).allowedOrigins, [crm, local]);
    assert.deepEqual(parseCliOptions(['--allowed-origins', local], { ATTACHKIT_ALLOWED_ORIGINS: crm }).allowedOrigins, [local]);
    assert.deepEqual(parseCliOptions([], {}).allowedOrigins, []);
    assert.throws(() => parseCliOptions(['--allowed-origins', '*'], {}), /--allowed-origins: "\*"/);
    assert.throws(
      () => parseCliOptions([], { ATTACHKIT_ALLOWED_ORIGINS: 'https://x.test/' }),
      /ATTACHKIT_ALLOWED_ORIGINS: "https:\/\/x\.test\/"/,
    );
  });
});
