import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import { etagOf, revisionFromIfMatch } from '../http/revision.js';
import { recordOf, type ItemParams, type RecordParams } from './params.js';
import * as schemas from './notes.schema.js';

/** Shared notes: list and create per record, get, PATCH with If-Match, bulk, delete. */
export function registerNoteRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { service } = ctx;

  app.get<{ Params: RecordParams }>('/api/records/:type/:id/notes', { schema: schemas.listNotes() }, async (request) => {
    const session = sessionOf(request);
    return service.listNotes(session, recordOf(request.params));
  });

  app.post<{ Params: RecordParams }>('/api/records/:type/:id/notes', { schema: schemas.createNote() }, async (request, reply) => {
    const session = sessionOf(request);
    const note = await service.createNote(session, recordOf(request.params), request.body);
    return reply.code(201).header('Location', `/api/notes/${note.id}`).header('ETag', etagOf(note.revision)).send(note);
  });

  app.get<{ Params: ItemParams }>('/api/notes/:id', { schema: schemas.getNote() }, async (request, reply) => {
    const session = sessionOf(request);
    const note = await service.getNote(session, request.params.id);
    return reply.header('ETag', etagOf(note.revision)).send(note);
  });

  app.patch<{ Params: ItemParams }>('/api/notes/:id', { schema: schemas.patchNote() }, async (request, reply) => {
    const session = sessionOf(request);
    const note = await service.patchNote(session, request.params.id, request.body, revisionFromIfMatch(request.headers['if-match']));
    return reply.header('ETag', etagOf(note.revision)).send(note);
  });

  app.post('/api/notes/bulk', { schema: schemas.bulkUpdateNotes() }, async (request) => {
    const session = sessionOf(request);
    return service.bulkUpdateNotes(session, request.body);
  });

  app.delete<{ Params: ItemParams }>('/api/notes/:id', { schema: schemas.deleteNote() }, async (request, reply) => {
    const session = sessionOf(request);
    await service.deleteNote(session, request.params.id, revisionFromIfMatch(request.headers['if-match']));
    return reply.code(204).send();
  });
}
