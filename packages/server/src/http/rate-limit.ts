/**
 * Rate limits with @fastify/rate-limit: failed authentications per client
 * address (a token guesser is stopped; while over the limit every request
 * from that address answers 429, so a right guess cannot be told from a
 * wrong one), and uploads per principal (multipart and tus creations). Both
 * are counted where the caller is known (src/http/caller.ts), not per route.
 * The counters live in the process (behind several processes, each counts its
 * own; @fastify/rate-limit's Redis store would share them).
 */
import rateLimitPlugin from '@fastify/rate-limit';
import { AttachKitError, type Session } from '@attachkit/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RateLimitWindow {
  /** Events allowed per window; 0 turns this limit off. */
  max?: number;
  /** The window in milliseconds (default 60 000). */
  timeWindow?: number;
}

export interface RateLimitOptions {
  /** Failed authentications (`authenticate` answered null) per client address (default 20 a minute). */
  failedAuth?: RateLimitWindow;
  /** Uploads started per staff user (multipart uploads and tus creations; default 120 a minute). */
  uploads?: RateLimitWindow;
}

export const defaultRateLimits = { failedAuth: { max: 20, timeWindow: 60_000 }, uploads: { max: 120, timeWindow: 60_000 } } as const;

/** A 429 problem; `Retry-After` says in how many seconds the window ends. */
export class RateLimitedError extends AttachKitError {
  override name = 'RateLimitedError';
  readonly retryAfter: number;
  constructor(code: string, message: string, retryAfter: number) {
    super(code, message, { status: 429, reasons: [{ code, message }] });
    this.retryAfter = Math.max(1, retryAfter);
  }
}

type Limiter = (
  request: FastifyRequest,
  options?: { increment?: boolean },
) => Promise<{ isAllowed: boolean; isExceeded?: boolean; remaining?: number; ttlInSeconds?: number }>;

/** The limits of one server, used by `requireSession`/`requireHost`. */
export interface RequestLimits {
  /** Throws 429 while the request's address is over its failed-authentication limit. */
  checkAddress(request: FastifyRequest): Promise<void>;
  /** Counts a failed authentication; throws 429 when it is one too many. */
  failedAuthentication(request: FastifyRequest): Promise<void>;
  /** Counts an upload by this caller when the request starts one; throws 429 over the limit. */
  upload(request: FastifyRequest, session: Session): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** attachkit's rate limits; absent when they are turned off. */
    attachkitLimits?: RequestLimits;
  }
}

/** Routes whose request starts an upload (method and route URL). */
const uploadRoutes = new Set(['POST /api/records/:type/:id/attachments', 'POST /api/uploads']);

const tooManyFailures = (seconds: number) =>
  new RateLimitedError('auth.rateLimited', `Too many failed sign-ins from your address: try again in ${seconds} s.`, seconds);
const tooManyUploads = (seconds: number) =>
  new RateLimitedError('upload.rateLimited', `Too many uploads in a short time: try again in ${seconds} s.`, seconds);

function checkWindow(name: string, window: RateLimitWindow | undefined, fallback: Required<RateLimitWindow>): Required<RateLimitWindow> {
  const max = window?.max ?? fallback.max;
  const timeWindow = window?.timeWindow ?? fallback.timeWindow;
  if (!Number.isSafeInteger(max) || max < 0)
    throw new TypeError(`rateLimit.${name}.max must be a whole number ≥ 0 (0 turns it off), not ${String(max)}`);
  if (!Number.isSafeInteger(timeWindow) || timeWindow < 1)
    throw new TypeError(`rateLimit.${name}.timeWindow must be a whole number of milliseconds ≥ 1, not ${String(timeWindow)}`);
  return { max, timeWindow };
}

/** Checks the options (throws naming the bad one); `false` turns rate limiting off. */
export function resolveRateLimits(
  options: RateLimitOptions | false | undefined,
): { failedAuth: Required<RateLimitWindow>; uploads: Required<RateLimitWindow> } | false {
  if (options === false) return false;
  return {
    failedAuth: checkWindow('failedAuth', options?.failedAuth, defaultRateLimits.failedAuth),
    uploads: checkWindow('uploads', options?.uploads, defaultRateLimits.uploads),
  };
}

/** Registers @fastify/rate-limit (no global limit) and decorates the app with attachkit's two limits. */
export async function registerRateLimits(app: FastifyInstance, limits: ReturnType<typeof resolveRateLimits>): Promise<void> {
  if (limits === false) return;
  await app.register(rateLimitPlugin, { global: false });
  const principalOf = new WeakMap<FastifyRequest, string>();
  const off: Limiter = async () => ({ isAllowed: true });
  const byAddress: Limiter = limits.failedAuth.max > 0 ? app.createRateLimit({ ...limits.failedAuth }) : off;
  const byPrincipal: Limiter =
    limits.uploads.max > 0
      ? app.createRateLimit({
          ...limits.uploads,
          keyGenerator: (request: FastifyRequest) => principalOf.get(request) ?? `address:${request.ip}`,
        })
      : off;
  const max = limits.failedAuth.max;

  app.decorate('attachkitLimits', {
    async checkAddress(request) {
      const state = await byAddress(request, { increment: false });
      if (!state.isAllowed && (state.remaining ?? 1) <= 0 && max > 0) throw tooManyFailures(state.ttlInSeconds ?? 60);
    },
    async failedAuthentication(request) {
      const state = await byAddress(request);
      if (state.isExceeded) throw tooManyFailures(state.ttlInSeconds ?? 60);
    },
    async upload(request, session) {
      if (!uploadRoutes.has(`${request.method} ${request.routeOptions.url}`)) return;
      principalOf.set(request, `${session.principal.kind}:${session.principal.id}`);
      const state = await byPrincipal(request);
      if (state.isExceeded) throw tooManyUploads(state.ttlInSeconds ?? 60);
    },
  } satisfies RequestLimits);
}
