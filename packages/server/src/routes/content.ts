import contentDisposition from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachKitError, AttachKitNotFoundError, type Attachment } from '@attachkit/sdk';
import { parseRange } from '../http/range.js';
import type { BlobStore } from '../storage/blob-store.js';

/** The only types ever served inline (raster images); SVG and HTML never are. */
export const inlineMimeTypes: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * Sends an attachment's bytes as a download: `Content-Disposition: attachment`
 * with an RFC 6266/5987 filename, `nosniff`, a sandboxing CSP, and `inline`
 * only for raster images asked for with `?inline=1`. Single `Range` requests
 * answer 206.
 */
export async function sendContent(
  request: FastifyRequest<{ Querystring: { inline?: string } }>,
  reply: FastifyReply,
  blobs: BlobStore,
  attachment: Attachment,
): Promise<FastifyReply> {
  const size = await blobs.size(attachment.id);
  if (size === null) throw new AttachKitNotFoundError('attachment');
  const inline = request.query.inline === '1' && inlineMimeTypes.has(attachment.mimeType);
  const etag = `"sha256-${attachment.checksum}"`;
  reply
    .header('Content-Type', attachment.mimeType)
    .header('Content-Disposition', contentDisposition(attachment.name, { type: inline ? 'inline' : 'attachment' }))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-cache')
    .header('Accept-Ranges', 'bytes')
    .header('ETag', etag);

  const ifRange = request.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, size) : null;
  if (range === 'unsatisfiable') {
    reply.header('Content-Range', `bytes */${size}`);
    throw new AttachKitError('range.notSatisfiable', `The range is outside the ${size} bytes of the file.`, { status: 416 });
  }
  if (range) {
    return reply
      .code(206)
      .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
      .header('Content-Length', range.end - range.start + 1)
      .send(blobs.read(attachment.id, range));
  }
  return reply.header('Content-Length', size).send(size === 0 ? '' : blobs.read(attachment.id));
}
