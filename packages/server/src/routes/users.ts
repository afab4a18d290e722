import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';

/** The permission catalog, the staff users and their grants. */
export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { service } = ctx;

  app.get('/api/permissions/catalog', async (request) => {
    const session = sessionOf(request);
    return service.getPermissionCatalog(session);
  });

  app.get('/api/users', async (request) => {
    const session = sessionOf(request);
    return service.listUsers(session);
  });

  app.put<{ Params: { id: string } }>('/api/users/:id/grants', async (request) => {
    const session = sessionOf(request);
    return service.updateGrants(session, request.params.id, request.body);
  });
}
