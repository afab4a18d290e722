import { connect, type Socket } from 'node:net';
import { ScannerUnavailableError, type ScanHook, type ScanVerdict } from './scan.js';

export interface ClamavOptions {
  /** clamd's TCP socket (`TCPSocket`/`TCPAddr` in clamd.conf); default port 3310. */
  host?: string;
  port?: number;
  /** clamd's Unix socket (`LocalSocket`), e.g. `/run/clamav/clamd.ctl`; used instead of host/port. */
  socket?: string;
  /** How long connecting, and waiting for the verdict after the last byte, may take (default 30 000 ms). */
  timeoutMs?: number;
}

/** The clamd address of `tcp://host:port` or `unix:/path` (CLI flag and environment variable form). */
export function clamavOptionsFromUrl(value: string): ClamavOptions {
  if (value.startsWith('unix:')) return { socket: value.slice('unix:'.length).replace(/^\/\/(?=\/)/, '') };
  const url = new URL(value.includes('://') ? value : `tcp://${value}`);
  if (url.protocol !== 'tcp:') throw new TypeError(`clamd address must be tcp://host:port or unix:/path, not ${value}`);
  return { host: url.hostname, port: url.port ? Number(url.port) : 3310 };
}

/** Parses clamd's INSTREAM answer: `stream: OK`, `stream: <Signature> FOUND`, or `… ERROR`. */
export function parseClamdReply(reply: string): ScanVerdict {
  const text = reply.replace(/\0+$/, '').trim();
  if (/^stream: OK$/.test(text)) return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found?.[1]) return { infected: true, signature: found[1] };
  throw new ScannerUnavailableError(new Error(`clamd answered: ${text || '(nothing)'}`));
}

/**
 * A ScanHook over clamd's `zINSTREAM` command (TCP or Unix socket): each
 * chunk goes as a 4-byte big-endian length and the bytes, a zero length ends
 * the stream, and clamd answers with the verdict. Unreachable, silent or
 * erroring daemons (size limit exceeded…) reject with ScannerUnavailableError,
 * so the upload fails closed. clamd's `StreamMaxLength` must be at least the
 * server's upload limit.
 */
export function createClamavScanner(options: ClamavOptions = {}): ScanHook {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async ({ stream }) => {
    const socket: Socket = options.socket
      ? connect({ path: options.socket })
      : connect({ host: options.host ?? '127.0.0.1', port: options.port ?? 3310 });
    socket.setTimeout(timeoutMs);
    const reply: Buffer[] = [];
    const answered = new Promise<string>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => reply.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(reply).toString('utf8')));
      socket.on('timeout', () => socket.destroy(new Error(`clamd did not answer within ${timeoutMs} ms`)));
      socket.on('error', (error) =>
        reply.length > 0 ? resolve(Buffer.concat(reply).toString('utf8')) : reject(new ScannerUnavailableError(error)),
      );
    });
    answered.catch(() => {});
    const send = (bytes: Buffer) =>
      new Promise<void>((resolve, reject) => {
        if (socket.destroyed) {
          reject(new ScannerUnavailableError(new Error('clamd closed the connection')));
          return;
        }
        if (socket.write(bytes)) resolve();
        else socket.once('drain', resolve);
      });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }).catch((error: unknown) => {
        throw new ScannerUnavailableError(error);
      });
      await send(Buffer.from('zINSTREAM\0', 'latin1'));
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        if (bytes.length === 0) continue;
        const length = Buffer.alloc(4);
        length.writeUInt32BE(bytes.length);
        await Promise.race([send(Buffer.concat([length, bytes])), answered.then(() => {})]);
        // clamd answers before the end only to refuse (size limit exceeded): stop sending.
        if (reply.length > 0) break;
      }
      if (reply.length === 0) await send(Buffer.alloc(4));
      return parseClamdReply(await answered);
    } finally {
      socket.destroy();
      stream.resume();
    }
  };
}
