import type { FastifyInstance, FastifyReply } from 'fastify';
import { AttachKitError, AttachKitUploadRejectedError } from '@attachkit/sdk';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import { etagOf, revisionFromIfMatch } from '../http/revision.js';
import { ingestUpload, tooLargeReason } from '../upload/ingest.js';
import { thumbnailBlobId } from '../upload/thumbnail.js';
import { readSingleFilePart } from '../upload/multipart-upload.js';
import { recordOf, type ItemParams, type RecordParams } from './params.js';
import { sendContent } from './content.js';
import * as schemas from './attachments.schema.js';

/** Multipart bytes beyond the file itself that a request may carry (boundaries, part headers). */
const multipartSlack = 64 * 1024;

/** Attachments: list, upload, metadata, content, PATCH with If-Match, bulk, delete. */
export function registerAttachmentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { service, blobs } = ctx;

  app.get<{ Params: RecordParams }>('/api/records/:type/:id/attachments', { schema: schemas.listAttachments() }, async (request) => {
    const session = sessionOf(request);
    return service.listAttachments(session, recordOf(request.params));
  });

  app.post<{ Params: RecordParams }>(
    '/api/records/:type/:id/attachments',
    { schema: schemas.uploadAttachment() },
    async (request, reply) => {
      const session = sessionOf(request);
      await service.authorizeUpload(session, recordOf(request.params));
      if (!request.isMultipart()) {
        throw new AttachKitError('request.unsupportedMediaType', 'Send the file as multipart/form-data in the field "file".', {
          status: 415,
          issues: [{ path: 'file', message: 'expected multipart/form-data' }],
        });
      }
      const maxBytes = ctx.restrictions.maxBytes;
      const { part, ensureNothingFollows, discard } = await readSingleFilePart(request, maxBytes);
      let sent: FastifyReply;
      try {
        const draft = await service.prepareUpload(session, recordOf(request.params), { name: part.filename });
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes + multipartSlack)
          throw new AttachKitUploadRejectedError(tooLargeReason(draft.name, maxBytes));
        // The parser stops the file at the limit and would read the rest of the body to its end: refuse at once instead.
        part.file.once('limit', () => part.file.destroy(new AttachKitUploadRejectedError(tooLargeReason(draft.name, maxBytes))));
        const attachment = await ingestUpload({
          service,
          blobs,
          draft,
          source: part.file,
          maxBytes,
          truncated: () => part.file.truncated,
          beforeCommit: ensureNothingFollows,
          settings: ctx.ingest,
        });
        sent = reply
          .code(201)
          .header('Location', `/api/attachments/${attachment.id}`)
          .header('ETag', etagOf(attachment.revision))
          .send(attachment);
      } catch (error) {
        if (!part.file.destroyed) part.file.resume();
        discard();
        throw error;
      }
      // The reply is thenable (it settles when the response is written): returned outside the try, as before.
      return sent;
    },
  );

  app.get<{ Params: ItemParams }>('/api/attachments/:id', { schema: schemas.getAttachment() }, async (request, reply) => {
    const session = sessionOf(request);
    const attachment = await service.getAttachment(session, request.params.id);
    return reply.header('ETag', etagOf(attachment.revision)).send(attachment);
  });

  app.get<{ Params: ItemParams; Querystring: { inline?: string } }>(
    '/api/attachments/:id/content',
    { schema: schemas.getAttachmentContent() },
    async (request, reply) => {
      const session = sessionOf(request);
      const attachment = await service.contentAccess(session, request.params.id);
      // Presigned downloads (off by default): the policy has just allowed this caller; the bucket serves the bytes for a short while.
      const presigned = request.query.inline === '1' ? null : await ctx.presignedDownload?.(attachment);
      if (presigned) return reply.code(302).header('Location', presigned).header('Cache-Control', 'no-store').send();
      return sendContent(request, reply, blobs, attachment);
    },
  );

  app.patch<{ Params: ItemParams }>('/api/attachments/:id', { schema: schemas.patchAttachment() }, async (request, reply) => {
    const session = sessionOf(request);
    const attachment = await service.patchAttachment(
      session,
      request.params.id,
      request.body,
      revisionFromIfMatch(request.headers['if-match']),
    );
    return reply.header('ETag', etagOf(attachment.revision)).send(attachment);
  });

  app.post('/api/attachments/bulk', { schema: schemas.bulkUpdateAttachments() }, async (request) => {
    const session = sessionOf(request);
    return service.bulkUpdateAttachments(session, request.body);
  });

  app.delete<{ Params: ItemParams }>('/api/attachments/:id', { schema: schemas.deleteAttachment() }, async (request, reply) => {
    const session = sessionOf(request);
    const removed = await service.deleteAttachment(session, request.params.id, revisionFromIfMatch(request.headers['if-match']));
    // The row is gone first; a file left by a failure here is swept on the next start.
    await blobs
      .delete(removed.id)
      .catch((error: unknown) => request.log.warn({ err: error, id: removed.id }, 'could not delete attachment content'));
    await blobs
      .delete(thumbnailBlobId(removed.id))
      .catch((error: unknown) => request.log.warn({ err: error, id: removed.id }, 'could not delete attachment thumbnail'));
    return reply.code(204).send();
  });
}
