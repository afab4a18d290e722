import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { AttachKitError } from '@attachkit/sdk';
import type { FastifyServerOptions } from 'fastify';
import { answerOnSocket } from './framework-errors.js';

/** How long the server waits for a client, in milliseconds; 0 turns one off. */
export interface ServerTimeouts {
  /** The whole request, headers and body, must arrive within this (default 120 000: a 25 MB upload needs about 1.7 Mbit/s). 408 after. */
  requestTimeout?: number;
  /** The request headers must arrive within this (default 15 000, at most `requestTimeout`). 408 after. */
  headersTimeout?: number;
  /** A connection may stay silent this long while a request is open (default 30 000). 408 after, when nothing was answered yet. */
  connectionTimeout?: number;
  /** An idle keep-alive connection is closed after this (default 72 000, above the usual 60 s of load balancers). */
  keepAliveTimeout?: number;
}

export const defaultTimeouts: Readonly<Required<ServerTimeouts>> = Object.freeze({
  requestTimeout: 120_000,
  headersTimeout: 15_000,
  connectionTimeout: 30_000,
  keepAliveTimeout: 72_000,
});

const timedOut = new AttachKitError('request.timeout', 'The request took too long to arrive; the connection is closed.', { status: 408 });

/** The timeouts with their defaults; throws on a value that is not a whole number of milliseconds ≥ 0. */
export function resolveTimeouts(given: ServerTimeouts = {}): Required<ServerTimeouts> {
  for (const name of Object.keys(defaultTimeouts) as (keyof ServerTimeouts)[]) {
    const value = given[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0))
      throw new TypeError(`${name} must be a whole number of milliseconds (0 turns it off), not ${String(value)}`);
  }
  const requestTimeout = given.requestTimeout ?? defaultTimeouts.requestTimeout;
  // Node refuses headersTimeout > requestTimeout.
  const headersCap = requestTimeout > 0 ? requestTimeout : Infinity;
  const headersTimeout = Math.min(given.headersTimeout ?? defaultTimeouts.headersTimeout, headersCap);
  return {
    requestTimeout,
    headersTimeout,
    connectionTimeout: given.connectionTimeout ?? defaultTimeouts.connectionTimeout,
    keepAliveTimeout: given.keepAliveTimeout ?? defaultTimeouts.keepAliveTimeout,
  };
}

/** Fastify's options for these timeouts; Node checks request and header deadlines every `connectionsCheckingInterval`. */
export function timeoutServerOptions(timeouts: Required<ServerTimeouts>): Pick<
  FastifyServerOptions,
  'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout'
> & {
  http: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number };
} {
  const deadlines = [timeouts.requestTimeout, timeouts.headersTimeout].filter((ms) => ms > 0);
  const connectionsCheckingInterval = Math.max(100, Math.min(1000, Math.floor(Math.min(...deadlines, 4000) / 4)));
  return {
    requestTimeout: timeouts.requestTimeout,
    connectionTimeout: timeouts.connectionTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    http: { requestTimeout: timeouts.requestTimeout, headersTimeout: timeouts.headersTimeout, connectionsCheckingInterval },
  };
}

/**
 * A connection silent for `connectionTimeout` while a request is open answers
 * 408 problem+json (when nothing was answered yet) and closes; an idle
 * keep-alive connection just closes.
 */
export function answerConnectionTimeouts(server: Server): void {
  server.on('timeout', (socket: Socket & { _httpMessage?: unknown }) => {
    if (socket._httpMessage) answerOnSocket(socket, timedOut);
    else socket.destroy();
  });
}
