import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { requireSession } from '../http/caller.js';

/** `GET /api/session`: who the caller is (with fresh grants) and at which access level. */
export function registerSessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/session', async (request) => {
    const session = await requireSession(ctx.authenticate, request);
    return ctx.service.session(session);
  });
}
