import type { FastifyInstance } from 'fastify';
import { parseOrThrow, RecordRefSchema } from '@attachkit/sdk';
import type { ServerContext } from '../context.js';
import { hostOf } from '../http/caller.js';
import type { RecordParams } from './params.js';
import { RecordRegistrationSchema } from './record-registration.js';
import { registerRecord } from './admin.schema.js';

/**
 * `PUT /api/records/:type/:id { clientId }`: the host service registers (or
 * moves) a record. A move to another customer fails closed: the record's
 * Viewable attachments and notes become Hidden at once, audited as the host.
 */
export function registerRecordRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.put<{ Params: RecordParams }>('/api/records/:type/:id', { schema: registerRecord(), config: { auth: 'host' } }, async (request) => {
    const host = hostOf(request);
    const record = parseOrThrow(RecordRefSchema, { type: request.params.type, id: request.params.id }, 'record');
    const { clientId } = parseOrThrow(RecordRegistrationSchema, request.body, 'record registration');
    const before = await ctx.records.get(record);
    await ctx.records.put({ ...record, clientId });
    if (before && before.clientId !== clientId) await ctx.service.recordMoved(record, { kind: 'host', id: host.id });
    return { ...record, clientId };
  });
}
