/**
 * The body stream tus reads a PATCH from (`requestBody`): every byte in
 * order, the socket paused while nobody reads (memory stays bounded on a slow
 * disk), and a dropped client is an error, not a short but "complete" body.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { requestBody } from '../src/upload/resumable-request.js';

const servers: Server[] = [];
after(() => servers.forEach((server) => server.close()));

/** A server whose handler gets the body stream of each request. */
async function serve(handle: (body: ReadableStream<Uint8Array>, req: IncomingMessage) => Promise<void>): Promise<number> {
  const server = createServer((req, res) => {
    void handle(requestBody(req), req)
      .then(() => res.end('ok'))
      .catch(() => res.destroy());
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function send(port: number, body: Buffer, options: { cutAfter?: number } = {}): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', method: 'PATCH', headers: { 'Content-Length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => resolve());
    if (options.cutAfter === undefined) return req.end(body);
    req.write(body.subarray(0, options.cutAfter), () => setTimeout(() => req.destroy(), 50));
  });
}

/** Reads the stream to its end, handing each chunk to `onChunk`. */
async function drain(body: ReadableStream<Uint8Array>, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onChunk(value);
  }
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await drain(body, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

test('the body stream yields every byte in order', async () => {
  const payload = randomBytes(8 * 1024 * 1024 + 123);
  let received: Buffer | undefined;
  const port = await serve(async (body) => {
    received = await readAll(body);
  });
  await send(port, payload);
  assert.ok(received);
  assert.equal(createHash('sha256').update(received).digest('hex'), createHash('sha256').update(payload).digest('hex'));
});

test('the socket is paused while nobody reads: about a megabyte waits in the stream, not the whole body', async () => {
  const payload = randomBytes(32 * 1024 * 1024);
  let deliveredWhileIdle = -1;
  let received = 0;
  const port = await serve(async (body, req) => {
    let delivered = 0;
    req.on('data', (chunk: Buffer) => (delivered += chunk.length)); // sees what the body stream takes off the socket
    await new Promise((resolve) => setTimeout(resolve, 500)); // a slow store: nothing read for half a second
    deliveredWhileIdle = delivered;
    await drain(body, (chunk) => (received += chunk.byteLength));
  });
  await send(port, payload);
  assert.equal(received, payload.length);
  // Without backpressure all 32 MiB would have been taken off the loopback socket during the idle half second.
  assert.ok(deliveredWhileIdle >= 0 && deliveredWhileIdle < 4 * 1024 * 1024, `${deliveredWhileIdle} bytes taken while idle`);
});

test('a client that drops the connection mid-body errors the stream after the bytes that arrived', async () => {
  const payload = randomBytes(4 * 1024 * 1024);
  let settle: (value: { bytes: number; error: unknown }) => void = () => {};
  const outcome = new Promise<{ bytes: number; error: unknown }>((resolve) => (settle = resolve));
  const port = await serve(async (body) => {
    let bytes = 0;
    try {
      await drain(body, (chunk) => (bytes += chunk.byteLength));
      settle({ bytes, error: undefined });
    } catch (error) {
      settle({ bytes, error });
      throw error;
    }
  });
  await send(port, payload, { cutAfter: 1024 * 1024 });
  const { bytes, error } = await outcome;
  assert.ok(error instanceof Error, 'the stream ends in an error, not as a complete body');
  assert.ok(bytes >= 1024 * 1024 && bytes < payload.length, `${bytes} bytes arrived before the drop`);
});
