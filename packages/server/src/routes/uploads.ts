import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, Metadata } from '@tus/server';
import {
  AttachKitError,
  AttachKitNotFoundError,
  AttachKitUploadRejectedError,
  AttachKitValidationError,
  type Session,
} from '@attachkit/sdk';
import type { ServerContext } from '../context.js';
import { sessionOf } from '../http/caller.js';
import { sendProblem } from '../http/problem.js';
import { tooLargeReason } from '../upload/ingest.js';
import * as schemas from './uploads.schema.js';
import { ownerOf, uploadsPath, type ResumableUploads, type UploadRequestState } from '../upload/resumable.js';
import { tusRequest } from '../upload/resumable-request.js';

const uploadIdPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/** The request's Upload-Metadata as the keys attachkit needs; 400 when one is missing. */
function creationMetadata(header: unknown): { filename: string; recordType: string; recordId: string } {
  let metadata: Record<string, string | null>;
  try {
    metadata = typeof header === 'string' ? Metadata.parse(header) : {};
  } catch {
    throw new AttachKitValidationError('Upload-Metadata is not valid tus metadata (comma-separated "key base64value" pairs).', [
      { path: 'Upload-Metadata', message: 'invalid' },
    ]);
  }
  const { filename, recordType, recordId } = metadata;
  if (filename && recordType && recordId) return { filename, recordType, recordId };
  const missing = (['filename', 'recordType', 'recordId'] as const).filter(
    (key) => typeof metadata[key] !== 'string' || metadata[key] === '',
  );
  throw new AttachKitValidationError(
    `Upload-Metadata needs ${missing.join(', ')}.`,
    missing.map((key) => ({ path: `Upload-Metadata.${key}`, message: 'required' })),
  );
}

/** What the answer to one tus request names: the file, the size limit and, once known, the upload's Upload-Length. */
interface TusTarget {
  name: string;
  maxBytes: number;
  length?: number;
}

/**
 * tus answers 413 for two things: its `maxSize` (the size limit: the very
 * object `ERRORS.ERR_MAX_SIZE_EXCEEDED`) and a body longer than what is left
 * of the upload's Upload-Length (`ERRORS.ERR_SIZE_EXCEEDED` when Content-Length
 * says so, a `MaxFileExceededError` of its stream limiter when found out while
 * streaming — the only Error with a 413 `status_code`: that limiter is set to
 * the rest of the Upload-Length, as deferred lengths are not offered). Any
 * other 413 stays the size limit.
 */
function tooLong(method: string, error: unknown, target: TusTarget): AttachKitError {
  const streamLimiter = error instanceof Error && 'status_code' in error && error.status_code === 413;
  if (error !== ERRORS.ERR_SIZE_EXCEEDED && !streamLimiter)
    return new AttachKitUploadRejectedError(tooLargeReason(target.name, target.maxBytes));
  const length = target.length === undefined ? '' : ` (${target.length} bytes)`;
  const request = method === 'POST' ? 'The creation body' : 'This PATCH';
  return new AttachKitError(
    'upload.lengthExceeded',
    `${request} sends more bytes than the upload's Upload-Length${length}: send at most Upload-Length minus Upload-Offset bytes (ask with HEAD).`,
    { status: 413 },
  );
}

/** An answer of the tus server that is not a success, as the AttachKitError to send as problem+json. */
function tusError(status: number, body: string, error: unknown, file: TusTarget, method = 'PATCH'): AttachKitError {
  if (error instanceof AttachKitError) return error;
  const detail = body.trim() || `The upload request failed (${status}).`;
  switch (status) {
    case 404:
      return new AttachKitNotFoundError('upload');
    case 409:
      return new AttachKitError(
        'upload.offsetMismatch',
        'Upload-Offset does not match the bytes the server holds: ask with HEAD and resume from its Upload-Offset.',
        { status: 409 },
      );
    case 410:
      return new AttachKitError('upload.expired', 'This unfinished upload has expired and its bytes were dropped; start a new upload.', {
        status: 410,
      });
    case 412:
      return new AttachKitError('tus.versionRequired', 'Send Tus-Resumable: 1.0.0 with every tus request.', { status: 412 });
    case 413:
      return tooLong(method, error, file);
    case 501:
      return new AttachKitError('tus.unsupported', detail, { status: 501 });
    default:
      // tus answers some malformed requests (no Upload-Offset, no Content-Type) with 403; they are bad requests.
      if (status < 500) return new AttachKitValidationError(detail, []);
      return new AttachKitError('internal', 'Something went wrong on the server.', { status: 500, cause: error });
  }
}

/** Copies the tus answer onto the Fastify reply (CORS stays the app's; errors become problem+json). */
async function sendTusResponse(
  reply: FastifyReply,
  response: Response,
  state: UploadRequestState | undefined,
  file: TusTarget,
  method: string,
): Promise<FastifyReply> {
  for (const [header, value] of response.headers) {
    if (header.startsWith('access-control-') || header === 'content-length') continue;
    if (header === 'upload-metadata') {
      const { owner: _owner, ...visible } = Metadata.parse(value);
      reply.header(header, Metadata.stringify(visible));
    } else reply.header(header, value);
  }
  if (response.status >= 400) return sendProblem(reply, tusError(response.status, await response.text(), state?.error, file, method));
  await response.body?.cancel();
  return reply.code(response.status).send();
}

/**
 * tus 1.0 at `/api/uploads`: creation checks the caller, the record, the size
 * and the name before tus stores anything; HEAD/PATCH/DELETE are the creator's
 * alone (404 for anyone else). After completion the upload id is the
 * attachment's, and HEAD/PATCH keep answering its final offset and
 * `Attachkit-Attachment-Id` so a client that lost the last answer resumes
 * without a duplicate.
 */
export function registerUploadRoutes(app: FastifyInstance, ctx: ServerContext, uploads: ResumableUploads): void {
  const { service } = ctx;

  const handOver = async (request: FastifyRequest, reply: FastifyReply, state?: UploadRequestState, name = 'the file', length?: number) => {
    const web = tusRequest(request.raw, reply.raw);
    if (state) uploads.states.set(web, state);
    const response = await uploads.tus.handleWeb(web);
    if (state?.finished) await uploads.discard(state.finished);
    else if (response.status === 404 && state?.id && request.method === 'HEAD') {
      // Removed between the look-up and tus's own (its completion, perhaps on another process, just answered).
      await response.body?.cancel();
      return answerFinished(request, reply, state.session, state.id);
    } else if (
      request.method === 'HEAD' &&
      response.status === 200 &&
      state?.id &&
      !(await markFinished(response, state.session, state.id))
    ) {
      await response.body?.cancel();
      return reply.code(423).header('Tus-Resumable', '1.0.0').header('Retry-After', '1').header('Cache-Control', 'no-store').send();
    }
    return sendTusResponse(reply, response, state, { name, maxBytes: ctx.restrictions.maxBytes, length }, request.method);
  };

  /**
   * A HEAD on an upload that holds all its bytes names its attachment (the
   * moment between completion and the removal of the upload's `.info`).
   * Answers false while there is none yet: a completion is still checking and
   * committing the file, here or on another process — or none runs, its
   * process having died, and one is started here — and the client is told to
   * ask again (423) rather than that it is done. Throws the refusal a
   * completion answered.
   */
  async function markFinished(response: Response, session: Session, id: string): Promise<boolean> {
    if (response.headers.get('upload-offset') !== response.headers.get('upload-length')) return true;
    const [attachment] = await ctx.store.getAttachments([id]);
    if (!attachment) {
      await uploads.completionPending(session, id).catch(async (error: unknown) => {
        await response.body?.cancel();
        throw error;
      });
      return false;
    }
    response.headers.set('Attachkit-Attachment-Id', attachment.id);
    return true;
  }

  /** HEAD/PATCH on an upload that already became the caller's attachment. */
  async function answerFinished(request: FastifyRequest, reply: FastifyReply, session: Session, id: string) {
    const attachment = await service.getAttachment(session, id).catch(() => null);
    if (!attachment || session.principal.kind !== 'staff' || attachment.createdBy !== session.principal.id) {
      request.raw.resume();
      // Refused at completion (here or on another process): its retries learn why; anyone else, and a forgotten refusal, 404.
      throw (await uploads.refusal(session, id)) ?? new AttachKitNotFoundError('upload');
    }
    namingAttachment(reply, attachment.size, attachment.id);
    if (request.method === 'HEAD') return reply.header('Upload-Length', String(attachment.size)).code(200).send();
    atTheEnd(request, attachment.size, attachment.name);
    return reply.code(204).send();
  }

  /** The headers with which a finished upload names its attachment. */
  const namingAttachment = (reply: FastifyReply, size: number, id: string) =>
    reply.header('Tus-Resumable', '1.0.0').header('Upload-Offset', String(size)).header('Attachkit-Attachment-Id', id);

  /** A PATCH on an upload that holds all its bytes: its body (if any) is drained, and it must say it is at the end (else 409). */
  function atTheEnd(request: FastifyRequest, size: number, name: string): void {
    request.raw.resume();
    if (request.headers['upload-offset'] !== String(size))
      throw tusError(409, '', undefined, { name, maxBytes: ctx.restrictions.maxBytes });
  }

  app.register(async (scope) => {
    // tus bodies are streamed to the upload store by tus itself: no parser reads them here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.options(uploadsPath, { schema: schemas.tusCapabilities(), config: { auth: 'none' } }, (request, reply) =>
      handOver(request, reply),
    );

    scope.post(uploadsPath, { schema: schemas.createUpload() }, async (request, reply) => {
      const session = sessionOf(request);
      const metadata = creationMetadata(request.headers['upload-metadata']);
      const lengthHeader = request.headers['upload-length'];
      const length = typeof lengthHeader === 'string' && /^\d{1,15}$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
      const draft = await service.prepareUpload(
        session,
        { type: metadata.recordType, id: metadata.recordId },
        { name: metadata.filename, size: length },
      );
      return handOver(request, reply, { session, draft }, draft.name, length);
    });

    const onUpload = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const session = sessionOf(request);
      const id = request.params.id;
      const found = uploadIdPattern.test(id) ? await uploads.find(id) : null;
      if (!found) {
        if (request.method === 'DELETE' || !uploadIdPattern.test(id)) throw new AttachKitNotFoundError('upload');
        return answerFinished(request, reply, session, id);
      }
      if (found.metadata.owner !== ownerOf(session)) throw new AttachKitNotFoundError('upload');
      const { upload } = found;
      if (request.method === 'PATCH' && upload.size !== undefined && upload.offset === upload.size) {
        // The completing PATCH again, all bytes here (tus's store may have no multipart upload left to append to).
        atTheEnd(request, upload.size, found.metadata.filename);
        const attachment = await uploads.completeAgain(session, upload);
        return namingAttachment(reply, upload.size, attachment.id).code(204).send();
      }
      return handOver(request, reply, { session, id }, found.metadata.filename, upload.size);
    };
    // One route per method, each with its own description; HEAD is a route of its own here (no GET beside it).
    const url = `${uploadsPath}/:id`;
    scope.head(url, { schema: schemas.uploadOffset(), config: { swagger: { exposeHeadRoute: true } } }, onUpload);
    scope.patch(url, { schema: schemas.appendUpload() }, onUpload);
    scope.delete(url, { schema: schemas.terminateUpload() }, onUpload);
  });
}
