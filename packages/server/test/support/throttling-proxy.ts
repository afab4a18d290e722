/**
 * A real HTTP proxy in front of a server for the resume tests (Node and
 * Chromium): it sends PATCH bodies at `bytesPerSecond` (so a test can act in
 * the middle of an upload), records every tus request, and can cut the
 * connections in flight (a lost signal). When the client goes away, the
 * server sees its PATCH cut off, as it would.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Transform } from 'node:stream';

export interface Seen {
  method: string;
  path: string;
  /** The request's Upload-Offset (PATCH). */
  offset?: string;
}

export interface ThrottlingProxy {
  server: Server;
  url: string;
  /** The tus requests (`/api/uploads…`) in the order they came. */
  seen: Seen[];
  /** PATCH body bytes passed on to the server so far. */
  sent(): number;
  /** Resolves once `bytes` more PATCH bytes than now have reached the server. */
  whenSent(bytes: number): Promise<void>;
  /** Cuts every request in flight (client and server side), as a dropped signal does. */
  drop(): void;
  /** Stops passing PATCH bytes on, leaving the connections open (a signal that dies without a word), or goes on again. */
  stall(stalled: boolean): void;
  close(): Promise<void>;
}

const piece = 64 * 1024;

/** Passes a body on at `bytesPerSecond`, in 64 KiB pieces, counting the bytes; nothing while `gate.stalled`. */
function slowly(bytesPerSecond: number, count: (bytes: number) => void, gate: { stalled: boolean }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < chunk.length; i += piece) pieces.push(chunk.subarray(i, i + piece));
      const next = () => {
        if (this.destroyed) return;
        if (gate.stalled) {
          setTimeout(next, 20);
          return;
        }
        const part = pieces.shift();
        if (!part) {
          done();
          return;
        }
        count(part.length);
        this.push(part);
        setTimeout(next, (part.length / bytesPerSecond) * 1000);
      };
      next();
    },
  });
}

/** Starts the proxy on a free loopback port, forwarding to `target` (an origin, no trailing slash). */
export function throttlingProxy(target: string, bytesPerSecond: number): Promise<ThrottlingProxy> {
  const seen: Seen[] = [];
  const inFlight = new Set<{ req: IncomingMessage; res: ServerResponse; cut(): void }>();
  let sent = 0;
  const gate = { stalled: false };
  const waiters = new Set<() => void>();
  const count = (bytes: number) => {
    sent += bytes;
    for (const check of [...waiters]) check();
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/api/uploads'))
      seen.push({ method: req.method ?? '', path, offset: req.headers['upload-offset'] as string | undefined });
    const upstream = httpRequest(`${target}${path}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    const entry = {
      req,
      res,
      cut: () => {
        upstream.destroy();
        res.destroy();
      },
    };
    inFlight.add(entry);
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      inFlight.delete(entry);
      if (!res.writableFinished) upstream.destroy();
    });
    if (req.method !== 'PATCH') return void req.pipe(upstream);
    req.pipe(slowly(bytesPerSecond, count, gate)).pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        seen,
        sent: () => sent,
        whenSent(bytes) {
          const goal = sent + bytes;
          return new Promise((done) => {
            const check = () => {
              if (sent < goal) return;
              waiters.delete(check);
              done();
            };
            waiters.add(check);
            check();
          });
        },
        drop: () => [...inFlight].forEach((entry) => entry.cut()),
        stall: (stalled) => void (gate.stalled = stalled),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}
