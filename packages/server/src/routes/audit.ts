import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import { listAudit } from './admin.schema.js';

/** `GET /api/audit?limit=100`: who changed sharing, confidentiality, grants or portal settings (admins). */
export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: { limit?: string } }>('/api/audit', { schema: listAudit() }, async (request) => {
    const session = sessionOf(request);
    const limit = request.query.limit === undefined ? undefined : Number.parseInt(request.query.limit, 10);
    return ctx.service.listAudit(session, limit);
  });
}
