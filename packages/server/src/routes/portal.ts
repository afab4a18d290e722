import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { requireSession } from '../http/caller.js';

/** The account's Customer Portal switches (read by everyone signed in, changed by admins). */
export function registerPortalRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { service, authenticate } = ctx;

  app.get('/api/portal/settings', async (request) => {
    const session = await requireSession(authenticate, request);
    return service.getPortalSettings(session);
  });

  app.put('/api/portal/settings', async (request) => {
    const session = await requireSession(authenticate, request);
    return service.updatePortalSettings(session, request.body);
  });
}
