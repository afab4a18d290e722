import type { FastifyReply } from 'fastify';

/**
 * The headers every API response carries, added in `onSend` and by the
 * handlers that answer outside Fastify's hooks (framework errors, client
 * errors, timeouts). Routes may set their own first (content downloads set a
 * sandboxing CSP and a private cache policy).
 */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
});

/** Adds each security header the reply does not set already. */
export function addSecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (!reply.hasHeader(name)) reply.header(name, value);
  }
}
