import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream';
import { NodeRequest } from 'srvx/node';

/** Bytes the body stream holds before it pauses the socket (the consumer then pulls). */
const bodyHighWaterMark = 1024 * 1024;

/**
 * The request body as a web stream over the same buffers the socket
 * delivered. Node's own `Readable.toWeb` copies every chunk (so that a
 * consumer may detach a pooled buffer); tus only turns the stream back into
 * a Node stream and writes it, and that copy of every byte cost a 200 MB
 * upload about a sixth of its time. Backpressure is kept: the socket pauses
 * while the stream holds `bodyHighWaterMark` bytes and resumes when tus reads.
 * A client that drops the connection errors the stream, as with `toWeb`, so
 * tus keeps the bytes that arrived and ends the PATCH.
 */
export function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let done = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        req.resume();
      },
      cancel() {
        done = true;
        req.removeListener('data', onData);
        req.resume(); // drain what is left so the connection can answer
      },
    },
    { highWaterMark: bodyHighWaterMark, size: (chunk) => chunk.byteLength },
  );
  function onData(chunk: Buffer): void {
    if (done) return;
    controller.enqueue(chunk);
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  }
  req.on('data', onData);
  req.pause();
  finished(req, (error) => {
    if (done) return;
    done = true;
    if (error) controller.error(error);
    else controller.close();
  });
  return stream;
}

/** The web Request tus handles for a Node request: srvx's wrapper, with a body stream that does not copy. */
export function tusRequest(req: IncomingMessage, res: ServerResponse): Request {
  const web = new NodeRequest({ req, res }) as unknown as Request;
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
    let body: ReadableStream<Uint8Array> | undefined;
    Object.defineProperty(web, 'body', { get: () => (body ??= requestBody(req)), configurable: true });
  }
  return web;
}
