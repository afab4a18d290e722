/**
 * Every response is problem+json with the security headers, framework errors
 * included (bad URL escapes, overlong parameters, unknown routes, refused
 * media types, bad JSON, bodies too large, malformed HTTP), and no answer
 * echoes the request. Over raw sockets, as a client can send anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawExchange, type RawResponse } from './support/raw-http.js';
import { startServer, type TestServer } from './support/harness.js';

const marker = 'zq7marker';
const auth = 'Authorization: Bearer demo-admin\r\n';
const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;
const withBody = (method: string, path: string, type: string, body: string) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

const cases: { name: string; request: () => string; status: number; code: string }[] = [
  {
    name: 'a malformed percent-escape (%E0%A4%A)',
    request: () => get(`/api/attachments/${marker}%E0%A4%A`, auth),
    status: 400,
    code: 'request.badUrl',
  },
  {
    name: 'a malformed escape in a record route',
    request: () => get(`/api/records/job/${marker}%E0%A4%A/attachments`, auth),
    status: 400,
    code: 'request.badUrl',
  },
  {
    name: 'a path parameter over maxParamLength',
    request: () => get(`/api/attachments/${marker}${'x'.repeat(300)}`, auth),
    status: 414,
    code: 'request.uriTooLong',
  },
  { name: 'an unknown route', request: () => get(`/api/${marker}<script>alert(1)</script>`, auth), status: 404, code: 'route.notFound' },
  {
    name: 'a method the route does not have',
    request: () => withBody('PUT', `/api/attachments/${marker}`, 'application/json', '{}'),
    status: 404,
    code: 'route.notFound',
  },
  {
    name: 'a Content-Type no parser accepts',
    request: () => withBody('PATCH', '/api/attachments/a1', `application/x-${marker}`, '{}'),
    status: 415,
    code: 'request.unsupportedMediaType',
  },
  {
    name: 'JSON that does not parse',
    request: () => withBody('PATCH', '/api/attachments/a1', 'application/json', `{"${marker}":}`),
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'an empty JSON body',
    request: () => withBody('PATCH', '/api/attachments/a1', 'application/json', ''),
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'a JSON body over 1 MiB',
    request: () => withBody('PATCH', '/api/attachments/a1', 'application/json', `{"name":"${marker}${'x'.repeat(1024 * 1024)}"}`),
    status: 413,
    code: 'request.tooLarge',
  },
  {
    name: 'a multipart upload without a boundary',
    request: () => withBody('POST', '/api/records/job/J-1001/attachments', 'multipart/form-data', marker),
    status: 400,
    code: 'validation.invalid',
  },
  { name: 'a request line that is not HTTP', request: () => `${marker} /<b>\r\n\r\n`, status: 400, code: 'request.malformed' },
  {
    name: 'a header line without a colon',
    request: () => `GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n${marker} header\r\n\r\n`,
    status: 400,
    code: 'request.malformed',
  },
  {
    name: 'headers over 16 KiB',
    request: () => get('/api/session', `X-${marker}: ${'y'.repeat(20 * 1024)}\r\n`),
    status: 431,
    code: 'request.headersTooLarge',
  },
  { name: 'no credentials', request: () => get(`/api/attachments/${marker}`), status: 401, code: 'auth.required' },
];

function assertProblem(response: RawResponse, status: number, code: string) {
  assert.equal(response.status, status, response.raw.slice(0, 400));
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json; charset=utf-8$/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['cache-control'], 'no-store');
  const problem = JSON.parse(response.body) as Record<string, unknown>;
  assert.equal(problem.status, status);
  assert.equal(problem.code, code);
  assert.equal(problem.type, `urn:attachkit:problem:${code}`);
  assert.equal(typeof problem.title, 'string');
  assert.equal(typeof problem.detail, 'string');
  assert.ok(!response.raw.toLowerCase().includes(marker), `the answer echoes the request: ${response.raw.slice(0, 400)}`);
}

describe('framework errors', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  for (const { name, request, status, code } of cases) {
    it(`${name} → ${status} problem+json with the security headers, echoing nothing`, async () => {
      assertProblem(await rawExchange(server.baseURL, { head: request() }), status, code);
    });
  }

  it('a successful JSON answer carries the security headers too', async () => {
    const response = await rawExchange(server.baseURL, { head: get('/api/session', auth) });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['cache-control'], 'no-store');
  });
});
