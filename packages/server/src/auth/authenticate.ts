import { createHash, timingSafeEqual } from 'node:crypto';
import type { Session } from '@attachkit/sdk';
import type { FastifyRequest } from 'fastify';

/** The host application's own service (it may register records), not a person. */
export interface HostCaller {
  host: true;
  /** A name for logs, e.g. `crm`. */
  id: string;
}

/** Who is calling: a staff user or portal client at an access level, or the host service. */
export type Caller = Session | HostCaller;

/**
 * The pluggable authentication hook: who made this request, or null when
 * nobody recognisable did (401). Staff grants are re-read from the user
 * store on every request, so the hook only has to name the user.
 */
export type Authenticate = (request: FastifyRequest) => Promise<Caller | null> | Caller | null;

export const isHostCaller = (caller: Caller): caller is HostCaller => 'host' in caller && caller.host;

/** The bearer token of a request (`Authorization: Bearer <token>`), or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+([\x21-\x7e]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * An `authenticate` hook from a fixed map of bearer tokens (`--tokens`, the
 * demo, tests). The presented token is compared in constant time with every
 * known one: sha256 digests (equal lengths whatever the token) through
 * `crypto.timingSafeEqual`, with no early exit.
 */
export function createBearerAuthenticator(tokens: Readonly<Record<string, Caller>>): Authenticate {
  const table = Object.entries(tokens).map(([token, caller]) => ({ digest: digest(token), caller }));
  return (request) => {
    const token = bearerToken(request);
    if (token === null) return null;
    const presented = digest(token);
    let found: Caller | null = null;
    for (const entry of table) {
      if (timingSafeEqual(entry.digest, presented)) found = entry.caller;
    }
    return found;
  };
}
