import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import * as schemas from './admin.schema.js';

/** The permission catalog, the staff users and their grants. */
export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { service } = ctx;

  app.get('/api/permissions/catalog', { schema: schemas.getPermissionCatalog() }, async (request) => {
    const session = sessionOf(request);
    return service.getPermissionCatalog(session);
  });

  app.get('/api/users', { schema: schemas.listUsers() }, async (request) => {
    const session = sessionOf(request);
    return service.listUsers(session);
  });

  app.put<{ Params: { id: string } }>('/api/users/:id/grants', { schema: schemas.updateGrants() }, async (request) => {
    const session = sessionOf(request);
    return service.updateGrants(session, request.params.id, request.body);
  });
}
