/**
 * One auth hook for every route: the route's `config.auth` says who may call it
 * (`session`: a staff user or portal client, the default under `/api/`;
 * `host`: the host service; `none`: anyone — health checks, tus discovery).
 * The hook runs on `onRequest`, before any body is read or validated, and sets
 * `request.caller`; handlers read it with `sessionOf` / `hostOf`.
 */
import { AttachKitError, type Session } from '@attachkit/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isHostCaller, type Authenticate, type Caller, type HostCaller } from '../auth/authenticate.js';

/** Who may call a route (its `config.auth`). */
export type RouteAuth = 'session' | 'host' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; routes under `/api/` default to `session`. */
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** The authenticated caller, set by the auth hook (null on routes with `auth: 'none'`). */
    caller: Caller | null;
  }
}

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
async function requireSession(authenticate: Authenticate, request: FastifyRequest): Promise<Session> {
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
async function requireHost(authenticate: Authenticate, request: FastifyRequest): Promise<HostCaller> {
  const caller = await authenticateCaller(authenticate, request);
  if (!isHostCaller(caller)) {
    const reason = { code: 'host.required', message: 'Only the host service may register records.' };
    throw new AttachKitError(reason.code, reason.message, { status: 403, reasons: [reason] });
  }
  return caller;
}

/** The route's `config.auth`, for the OpenAPI document too (`none` routes carry `security: []`). */
export const routeAuthOf = (config: { auth?: RouteAuth } | undefined, url: string): RouteAuth =>
  config?.auth ?? (url.startsWith('/api/') ? 'session' : 'none');

/**
 * Registers the hook. Call it after CORS (so a 401 still carries the CORS
 * headers a page needs to read it) and before the routes (so `onRoute` gives
 * every `/api/` route without `config.auth` the `session` default).
 */
export function registerAuthHook(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('caller', null);
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: routeAuthOf(route.config, route.url) };
  });
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config.auth;
    if (auth === 'session') request.caller = await requireSession(authenticate, request);
    else if (auth === 'host') request.caller = await requireHost(authenticate, request);
  });
}

const misconfigured = (route: string, needed: RouteAuth) =>
  new AttachKitError('internal', 'Something went wrong on the server.', {
    status: 500,
    cause: new Error(`${route} reads the caller but its config.auth is not '${needed}'`),
  });

/** The staff user's or portal client's session, set by the auth hook on a `session` route. */
export function sessionOf(request: FastifyRequest): Session {
  const caller = request.caller;
  if (!caller || isHostCaller(caller)) throw misconfigured(request.routeOptions.url ?? request.url, 'session');
  return caller;
}

/** The host service, set by the auth hook on a `host` route. */
export function hostOf(request: FastifyRequest): HostCaller {
  const caller = request.caller;
  if (!caller || !isHostCaller(caller)) throw misconfigured(request.routeOptions.url ?? request.url, 'host');
  return caller;
}
