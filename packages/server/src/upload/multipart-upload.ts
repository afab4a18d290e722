import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AttachKitError } from '@attachkit/sdk';
import { decodeMultipartFilename } from './multipart-filename.js';

/** The one file of an upload request, and the checks of what follows it. */
export interface SingleFilePart {
  /** The file part (its filename already decoded as the user typed it). */
  part: MultipartFile;
  /**
   * Resolves once the request's body has ended after the file; throws a 400
   * when another part follows it (the whole request is refused: nothing is stored).
   */
  ensureNothingFollows: () => Promise<void>;
  /** Skips the rest of the body, so the client gets the answer and the connection is freed. */
  discard: () => void;
}

const onePart = () =>
  new AttachKitError(
    'validation.invalid',
    'Send exactly one part: the file, in the field "file". Upload several files with one request each.',
    {
      status: 400,
      issues: [{ path: 'file', message: 'only one file part is accepted' }],
    },
  );

const limitCodes = new Set(['FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT', 'FST_FILES_LIMIT']);
const asLimitError = (error: unknown): never => {
  throw limitCodes.has((error as { code?: string }).code ?? '') ? onePart() : error;
};

/**
 * Reads a `multipart/form-data` upload that must hold exactly one part, the
 * file in the field `file`. A second part of any kind refuses the request.
 */
export async function readSingleFilePart(request: FastifyRequest, maxBytes: number): Promise<SingleFilePart> {
  const discard = () => {
    request.raw.unpipe();
    request.raw.resume();
  };
  // @fastify/multipart reads `throwFileSizeLimit` from these options too (its types list it for `file()` only).
  const options = { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 }, throwFileSizeLimit: false } as Parameters<
    FastifyRequest['parts']
  >[0];
  const parts = request.parts(options)[Symbol.asyncIterator]();
  let first: IteratorResult<MultipartFile | MultipartValue>;
  try {
    first = await parts.next().catch(asLimitError);
  } catch (error) {
    discard();
    throw error;
  }
  if (first.done) {
    discard();
    throw new AttachKitError('validation.invalid', 'The request holds no file: send it in the field "file".', {
      status: 400,
      issues: [{ path: 'file', message: 'required' }],
    });
  }
  const part = first.value;
  if (part.type !== 'file' || part.fieldname !== 'file') {
    if (part.type === 'file') part.file.resume();
    discard();
    // The answer names no part of the request (no echo of what the client sent).
    throw new AttachKitError('validation.invalid', 'The part is not a file in the field "file": send the file in the field "file".', {
      status: 400,
      issues: [{ path: 'file', message: 'required' }],
    });
  }
  part.filename = decodeMultipartFilename(part.filename);
  return {
    part,
    discard,
    async ensureNothingFollows() {
      const next = await parts.next().catch(asLimitError);
      if (!next.done) throw onePart();
    },
  };
}
