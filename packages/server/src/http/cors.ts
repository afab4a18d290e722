/**
 * CORS for host pages on other origins: exact origins only (`allowedOrigins`,
 * `--allowed-origins`, `ATTACHKIT_ALLOWED_ORIGINS`), through @fastify/cors.
 * An origin not listed gets no CORS header at all (its preflight is a 404),
 * and the answer is never `*`. Without allowed origins nothing is registered.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** Request headers a page on an allowed origin may send: the REST API's, then the tus 1.0 headers of resumable uploads. */
export const corsAllowedHeaders: readonly string[] = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'Tus-Resumable',
  'Upload-Length',
  'Upload-Offset',
  'Upload-Metadata',
];

/** Response headers such a page may read: revisions, created items, downloads, tus progress, rate limits. */
export const corsExposedHeaders: readonly string[] = [
  'ETag',
  'Location',
  'Content-Disposition',
  'Retry-After',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Expires',
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Extension',
  'Tus-Max-Size',
  'Attachkit-Attachment-Id',
];

/** OPTIONS too: the SDK asks `OPTIONS /api/uploads` whether the server speaks tus. */
export const corsMethods: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A configured origin that is not an exact `scheme://host[:port]`. */
export class OriginListError extends Error {}

/**
 * Checks a list of origins (an array, or a comma-separated string as in
 * `ATTACHKIT_ALLOWED_ORIGINS`): each must be an exact `http(s)://host[:port]`
 * as browsers send it in `Origin` (lower case, no default port, no path or
 * trailing slash); `*` and `null` are refused. Returns them without repeats.
 */
export function parseAllowedOrigins(value: string | readonly string[] | undefined, source = 'allowedOrigins'): string[] {
  if (value === undefined) return [];
  const items = (typeof value === 'string' ? value.split(',') : value).map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) {
    if (item === '*' || item === 'null')
      throw new OriginListError(`${source}: "${item}" is not allowed; list each origin exactly, e.g. https://crm.example.com`);
    let url: URL | null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    const problem =
      url === null
        ? 'it is not a URL'
        : url.protocol !== 'http:' && url.protocol !== 'https:'
          ? 'the scheme must be http or https'
          : url.origin !== item
            ? `write it exactly as browsers send it: ${url.origin}${url.pathname !== '/' || url.search || url.hash ? ' (an origin has no path, query or fragment)' : ''}`
            : null;
    if (problem) throw new OriginListError(`${source}: "${item}" is not an exact origin (scheme://host[:port]): ${problem}`);
  }
  return [...new Set(items)];
}

/** Registers @fastify/cors for these exact origins (nothing when the list is empty). */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  const options = {
    methods: [...corsMethods],
    allowedHeaders: [...corsAllowedHeaders],
    exposedHeaders: [...corsExposedHeaders],
    credentials: false,
    maxAge: 600,
  };
  await app.register(cors, {
    hideOptionsRoute: true,
    // Per request: the caller's own origin when it is listed; otherwise CORS is off for the request (no header,
    // and a preflight falls through to the routes: a 404). An OPTIONS without Access-Control-Request-Method is
    // no preflight but a request of its own (the SDK's tus discovery): it gets the headers and reaches its route.
    delegator: (request, callback) => {
      const origin = request.headers.origin;
      if (typeof origin !== 'string' || !allowed.has(origin)) {
        callback(null, { origin: false });
        return;
      }
      const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
      callback(null, { ...options, origin, preflight });
    },
  });
}
