import type { FastifyInstance } from 'fastify';
import { AttachKitNotFoundError } from '@attachkit/sdk';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import { thumbnailBlobId, thumbnailMimeType } from '../upload/thumbnail.js';
import type { ItemParams } from './params.js';
import { getAttachmentThumbnail } from './attachments.schema.js';

/**
 * `GET /api/attachments/:id/thumbnail`: the preview made at ingest, under the
 * content's policy (404 when the caller may not see or download the
 * attachment, and for files without a preview). Revalidated on every use
 * (`private, no-cache`) so an unshared item stops showing at once; the ETag
 * makes that a 304.
 */
export function registerThumbnailRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: ItemParams }>('/api/attachments/:id/thumbnail', { schema: getAttachmentThumbnail() }, async (request, reply) => {
    const session = sessionOf(request);
    const attachment = await ctx.service.contentAccess(session, request.params.id);
    const id = thumbnailBlobId(attachment.id);
    const size = await ctx.blobs.size(id);
    if (size === null) throw new AttachKitNotFoundError('thumbnail');
    const etag = `"thumbnail-${attachment.checksum}"`;
    reply
      .header('Content-Type', thumbnailMimeType)
      .header('Content-Disposition', 'inline; filename="thumbnail.webp"')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-cache')
      .header('ETag', etag);
    const match = request.headers['if-none-match'];
    if (typeof match === 'string' && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    return reply.header('Content-Length', size).send(ctx.blobs.read(id));
  });
}
