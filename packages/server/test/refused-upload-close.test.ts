/**
 * An upload refused before its body has arrived (too large, declared or
 * while streaming) answers its 413 on a connection the server then closes:
 * the client reads the whole answer, the rest of the body is not read for
 * long, and `close()` does not wait for the connection (last session it
 * waited for the 72 s keep-alive).
 */
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { startAdminWorld } from './support/admin-world.js';

const limit = 1024 * 1024;
const boundary = 'attachkit-refused-boundary';
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
);

interface Outcome {
  status: number;
  body: string;
  connection: string | undefined;
  /** Body bytes the client wrote before the server closed or the client stopped. */
  sent: number;
  /** Milliseconds from the answer until the server closed the connection. */
  closedAfter: number;
}

/**
 * Uploads `total` bytes of file in 64 KB writes, with or without a Content-Length. `stall` stops writing (without ending)
 * once the answer has come, as a phone losing its signal would.
 */
function upload(baseURL: string, total: number, options: { declare: boolean; stall?: boolean }): Promise<Outcome> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const length = head.length + total + tail.length;
    let sent = 0;
    let response: IncomingMessage | undefined;
    let body = '';
    let answeredAt = 0;
    const req = request({
      host: hostname,
      port: Number(port),
      method: 'POST',
      path: '/api/records/job/J-1001/attachments',
      headers: {
        Authorization: 'Bearer admin',
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        ...(options.declare ? { 'Content-Length': String(length) } : { 'Transfer-Encoding': 'chunked' }),
      },
    });
    req.on('response', (res) => {
      response = res;
      answeredAt = Date.now();
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
    });
    req.on('error', () => undefined); // the server closing on a body still being written
    req.on('close', () => {
      if (!response) return reject(new Error(`no answer after ${sent} bytes`));
      resolve({
        status: response.statusCode ?? 0,
        body,
        connection: response.headers.connection,
        sent,
        closedAfter: Date.now() - answeredAt,
      });
    });
    const pump = () => {
      if (!req.writable || req.destroyed) return;
      if (sent === 0) req.write(head);
      while (sent < total) {
        if (options.stall && response) return; // stops writing, keeps the connection
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    req.on('socket', (socket) => socket.once('connect', pump));
  });
}

describe('an upload refused mid-body', () => {
  for (const [name, options] of [
    ['declared too large', { declare: true }],
    ['too large while streaming (chunked)', { declare: false }],
    ['declared too large, the client stalls after the answer', { declare: true, stall: true }],
    ['too large while streaming, the client stalls after the answer', { declare: false, stall: true }],
  ] as const) {
    it(`${name}: the 413 arrives whole, the connection closes, close() does not wait for it`, async () => {
      const server = await startAdminWorld({ limits: { maxBytes: limit } });
      let closed = false;
      try {
        const outcome = await upload(server.baseURL, 64 * limit, options);
        assert.equal(outcome.status, 413);
        assert.equal((JSON.parse(outcome.body) as { code: string }).code, 'upload.tooLarge');
        assert.equal(outcome.connection, 'close', 'the answer says the connection closes');
        assert.ok(outcome.sent < 64 * limit, `the server stopped reading the body (the client wrote ${outcome.sent} bytes)`);
        const closing = server.app.close().then(() => (closed = true));
        const waited = await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(r, 10_000, 'waiting'))]);
        assert.equal(waited, 'closed', 'close() returned (a kept connection would hold it for the 72 s keep-alive)');
      } finally {
        if (!closed) await server.app.close();
        await server.close();
      }
    });
  }
});
