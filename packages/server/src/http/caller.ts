import { AttachKitError, type Session } from '@attachkit/sdk';
import type { FastifyRequest } from 'fastify';
import { isHostCaller, type Authenticate, type HostCaller } from '../auth/authenticate.js';

const unauthenticated = () => new AttachKitError('auth.required', 'Sign in first: this request carries no valid credentials.', { status: 401 });

/** The session of a staff user or portal client; 401 without credentials, 403 for the host service token. */
export async function requireSession(authenticate: Authenticate, request: FastifyRequest): Promise<Session> {
  const caller = await authenticate(request);
  if (!caller) throw unauthenticated();
  if (isHostCaller(caller)) {
    throw new AttachKitError('host.notAllowed', 'The host service token registers records; it does not act as a user.', { status: 403, reasons: [{ code: 'host.notAllowed', message: 'The host service token cannot act as a user.' }] });
  }
  return caller;
}

/** The host service; 401 without credentials, 403 for users and clients. */
export async function requireHost(authenticate: Authenticate, request: FastifyRequest): Promise<HostCaller> {
  const caller = await authenticate(request);
  if (!caller) throw unauthenticated();
  if (!isHostCaller(caller)) {
    const reason = { code: 'host.required', message: 'Only the host service may register records.' };
    throw new AttachKitError(reason.code, reason.message, { status: 403, reasons: [reason] });
  }
  return caller;
}
