/**
 * Timeouts over real sockets: a body trickled a byte at a time, headers that
 * never end and a connection that falls silent are cut, answering 408
 * problem+json with the security headers; a cut upload stores nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveTimeouts } from '../src/http/timeouts.js';
import { rawExchange, type RawResponse } from './support/raw-http.js';
import { startServer, type TestServer } from './support/harness.js';

const boundary = 'slowboundary';
const uploadHead = (token: string | null, length: number) =>
  'POST /api/records/job/J-1001/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
  (token ? `Authorization: Bearer ${token}\r\n` : '') +
  `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n` +
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\n`;

function assertTimeoutProblem(response: RawResponse) {
  assert.equal(response.status, 408, response.raw.slice(0, 300));
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.equal(JSON.parse(response.body).code, 'request.timeout');
}

describe('request timeouts', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ server: { requestTimeout: 1500, headersTimeout: 1000, connectionTimeout: 1000 } });
  });
  after(() => server.close());

  it('cuts an upload whose body trickles in a byte at a time (requestTimeout) and stores nothing', async () => {
    const before = (await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-admin')).json()) as unknown[];
    const response = await rawExchange(server.baseURL, { head: uploadHead('demo-admin', 100_000), trickle: 'x'.repeat(200), every: 150 });
    assertTimeoutProblem(response);
    assert.ok(response.closedAfter < 5000, `closed after ${response.closedAfter} ms`);
    const afterwards = (await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-admin')).json()) as unknown[];
    assert.equal(afterwards.length, before.length);
  });

  it('cuts an unauthenticated request trickling its body', async () => {
    const response = await rawExchange(server.baseURL, { head: uploadHead(null, 100_000), trickle: 'x'.repeat(200), every: 150 });
    assert.ok(response.closedAfter < 5000, `closed after ${response.closedAfter} ms`);
    assert.equal(response.status, 401);
    assert.equal(response.raw.match(/HTTP\/1\.1 /g)?.length, 1, 'one answer per request, no 408 after the 401');
  });

  it('cuts headers that never end (headersTimeout)', async () => {
    const response = await rawExchange(server.baseURL, {
      head: 'GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      trickle: 'X-Slow: ' + 'a'.repeat(100),
      every: 150,
    });
    assertTimeoutProblem(response);
    assert.ok(response.closedAfter < 4000, `closed after ${response.closedAfter} ms`);
  });

  it('cuts a connection that falls silent mid-body (connectionTimeout)', async () => {
    const quiet = await startServer({ server: { requestTimeout: 0, connectionTimeout: 800 } });
    try {
      const response = await rawExchange(quiet.baseURL, { head: uploadHead('demo-admin', 100_000) });
      assertTimeoutProblem(response);
      assert.ok(response.closedAfter < 4000, `closed after ${response.closedAfter} ms`);
    } finally {
      await quiet.close();
    }
  });

  it('answers requests that arrive in time', async () => {
    const response = await server.fetch('/api/session', 'demo-admin');
    assert.equal(response.status, 200);
  });
});

describe('resolveTimeouts', () => {
  it('has defaults that bound every request', () => {
    const timeouts = resolveTimeouts();
    assert.ok(timeouts.requestTimeout > 0 && timeouts.headersTimeout > 0 && timeouts.connectionTimeout > 0);
    assert.ok(timeouts.headersTimeout <= timeouts.requestTimeout);
  });
  it('keeps headersTimeout within requestTimeout', () => {
    assert.equal(resolveTimeouts({ requestTimeout: 500 }).headersTimeout, 500);
  });
  it('refuses a value that is not whole milliseconds, naming the option', () => {
    assert.throws(() => resolveTimeouts({ requestTimeout: -1 }), /requestTimeout/);
    assert.throws(() => resolveTimeouts({ connectionTimeout: Number.NaN }), /connectionTimeout/);
  });
});
