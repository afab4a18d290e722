import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import * as schemas from './admin.schema.js';

/** The account's Customer Portal switches (read by everyone signed in, changed by admins). */
export function registerPortalRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { service } = ctx;

  app.get('/api/portal/settings', { schema: schemas.getPortalSettings() }, async (request) => {
    const session = sessionOf(request);
    return service.getPortalSettings(session);
  });

  app.put('/api/portal/settings', { schema: schemas.updatePortalSettings() }, async (request) => {
    const session = sessionOf(request);
    return service.updatePortalSettings(session, request.body);
  });
}
