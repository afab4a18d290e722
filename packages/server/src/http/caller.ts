import { AttachKitError, type Session } from '@attachkit/sdk';
import type { FastifyRequest } from 'fastify';
import { isHostCaller, type Authenticate, type Caller, type HostCaller } from '../auth/authenticate.js';

const unauthenticated = () =>
  new AttachKitError('auth.required', 'Sign in first: this request carries no valid credentials.', { status: 401 });

/**
 * Who is calling, under the server's rate limits: 429 while the address is
 * over its failed-authentication limit (whatever the credentials), 401 (and
 * one more failure counted) when nobody recognisable is.
 */
async function authenticateCaller(authenticate: Authenticate, request: FastifyRequest): Promise<Caller> {
  const limits = request.server.attachkitLimits;
  await limits?.checkAddress(request);
  const caller = await authenticate(request);
  if (caller) return caller;
  await limits?.failedAuthentication(request);
  throw unauthenticated();
}

/** The session of a staff user or portal client; 401 without credentials, 403 for the host service token; uploads counted per principal. */
export async function requireSession(authenticate: Authenticate, request: FastifyRequest): Promise<Session> {
  const caller = await authenticateCaller(authenticate, request);
  if (isHostCaller(caller)) {
    throw new AttachKitError('host.notAllowed', 'The host service token registers records; it does not act as a user.', {
      status: 403,
      reasons: [{ code: 'host.notAllowed', message: 'The host service token cannot act as a user.' }],
    });
  }
  await request.server.attachkitLimits?.upload(request, caller);
  return caller;
}

/** The host service; 401 without credentials, 403 for users and clients. */
export async function requireHost(authenticate: Authenticate, request: FastifyRequest): Promise<HostCaller> {
  const caller = await authenticateCaller(authenticate, request);
  if (!isHostCaller(caller)) {
    const reason = { code: 'host.required', message: 'Only the host service may register records.' };
    throw new AttachKitError(reason.code, reason.message, { status: 403, reasons: [reason] });
  }
  return caller;
}
