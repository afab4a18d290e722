/**
 * Raw HTTP over node:net, for what fetch cannot send or wait for: malformed
 * URLs and headers, bodies trickled a byte at a time, silent connections.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent. */
  raw: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfter: number;
}

/** Parses the first HTTP response of a byte stream (the body as given by Content-Length, or the rest). */
export function parseResponse(raw: string, closedAfter = 0): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = end === -1 ? '' : raw.slice(end + 4);
  const length = Number(headers['content-length']);
  return {
    status: Number(statusLine.split(' ')[1] ?? 0),
    headers,
    body: Number.isFinite(length) ? rest.slice(0, length) : rest,
    raw,
    closedAfter,
  };
}

export interface RawOptions {
  /** Sent once connected. */
  head: string;
  /** Then this, one byte every `every` ms, until the server closes the connection or it runs out. */
  trickle?: string;
  every?: number;
  /** Give up (and fail) after this many ms; default 15 000. */
  giveUpAfter?: number;
}

/** Sends a raw request and resolves when the server closes the connection. */
export function rawExchange(baseURL: string, options: RawOptions): Promise<RawResponse> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.write(options.head);
      const bytes = Array.from(options.trickle ?? '');
      if (bytes.length === 0) return;
      timer = setInterval(() => {
        const next = bytes.shift();
        if (next === undefined || socket.destroyed || !socket.writable) {
          clearInterval(timer);
          return;
        }
        socket.write(next);
      }, options.every ?? 100);
    });
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${options.giveUpAfter ?? 15_000} ms; received: ${received.slice(0, 200)}`));
    }, options.giveUpAfter ?? 15_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => undefined); // a reset after the answer is still a close
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(parseResponse(received, Date.now() - started));
    });
  });
}
