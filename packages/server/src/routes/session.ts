import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import { getSession } from './admin.schema.js';

/** `GET /api/session`: who the caller is (with fresh grants) and at which access level. */
export function registerSessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/session', { schema: getSession() }, async (request) => {
    const session = sessionOf(request);
    return ctx.service.session(session);
  });
}
