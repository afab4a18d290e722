/**
 * Building blocks of the route schemas: JSON answers, answers without a body,
 * and the problem+json errors each route may give, with the prose clients
 * rely on (what each status means here).
 */
import { ref, type ComponentName } from './components.js';

type Schema = Record<string, unknown>;
type Headers = Record<string, Schema>;

const problemContent = (example?: Schema) => ({
  'application/problem+json': { schema: ref('Problem'), ...(example ? { example } : {}) },
});

/** A JSON answer: a shared schema, or any schema. */
export const json = (description: string, schema: ComponentName | Schema, headers?: Headers) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: typeof schema === 'string' ? ref(schema) : schema } },
});

/** A JSON array of a shared schema. */
export const list = (description: string, name: ComponentName) => json(description, { type: 'array', items: ref(name) });

/** An answer without a body (its news is in the status and headers). */
export const empty = (description: string, headers?: Headers) => ({ description, type: 'null', ...(headers ? { headers } : {}) });

/** A problem+json answer. */
export const problem = (description: string, example?: Schema) => ({ description, content: problemContent(example) });

const exampleProblem = (code: string, status: number, title: string, detail: string, more: Schema = {}) => ({
  type: `urn:attachkit:problem:${code}`,
  title,
  status,
  detail,
  code,
  reasons: [],
  issues: [],
  ...more,
});

/** Request and response headers used by several routes. */
export const headers = {
  etag: { type: 'string', description: '`"<revision>"` of the item.' },
  ifMatch: {
    type: 'string',
    description: '`"<revision>"` (also `W/"<revision>"` or a bare number); `*` or absent: no precondition. Anything else is a 400.',
    examples: ['"3"'],
  },
  attachmentId: {
    type: 'string',
    format: 'uuid',
    description: "The id of the attachment the completed upload became (the upload's own id).",
  },
  contentDisposition: {
    type: 'string',
    description: '`attachment; filename="…"; filename*=UTF-8\'\'…` (RFC 6266/5987), or `inline; …` for raster images with `?inline=1`.',
  },
  location: (path: string) => ({ type: 'string', description: `\`${path}\`` }),
};

/** The errors, by what they mean. */
export const errors = {
  invalid: problem(
    'The payload or a parameter is invalid (`validation.invalid`); `issues` name the fields. Only a caller who may act learns why a body is invalid.',
    exampleProblem('validation.invalid', 400, 'Bad Request', 'Invalid attachment patch: Unrecognized key: "checksum"', {
      issues: [{ path: '', message: 'Unrecognized key: "checksum"' }],
    }),
  ),
  unauthenticated: problem('No valid credentials (`auth.required`); carries `WWW-Authenticate: Bearer`.'),
  forbidden: problem(
    'The policy denies the action; `code` is the first reason, `reasons` all of them.',
    exampleProblem(
      'permission.missing',
      403,
      'Forbidden',
      'You need the permission "Can share attachments via the Customer Portal" to make attachments viewable in the Customer Portal.',
      {
        reasons: [
          {
            code: 'permission.missing',
            permission: 'attachments.share',
            message:
              'You need the permission "Can share attachments via the Customer Portal" to make attachments viewable in the Customer Portal.',
          },
        ],
      },
    ),
  ),
  notFound: problem(
    'Missing, or not visible to the caller — the two are indistinguishable: the body is the same for both (`not.found`), and names nothing of the item.',
    exampleProblem('not.found', 404, 'Not Found', 'The attachment does not exist or you may not see it.'),
  ),
  stale: problem('The item is no longer at the `If-Match` revision, or changed concurrently (`revision.stale`); nothing changed.'),
  uploadTooLarge: problem(
    "The file is larger than the server's limit (`upload.tooLarge`), found from the declared length or while streaming.",
  ),
  uploadLengthExceeded: problem(
    "The body has more bytes than what is left of the upload's `Upload-Length` (`upload.lengthExceeded`): refused before a byte is read when `Content-Length` says so; a chunked body is refused once it passes the `Upload-Length` (the bytes before may be kept). Ask with HEAD and send the rest.",
  ),
  uploadRejected: problem(
    'The upload is refused (`upload.blockedExtension`, `upload.extensionNotAllowed`, `upload.empty`, `upload.contentMismatch`, `upload.executableContent`, `upload.malware` — the malware scanner found a signature; audited).',
    exampleProblem('upload.contentMismatch', 422, 'Unprocessable Content', 'holiday.png: the content is HTML, not a PNG image.', {
      reasons: [{ code: 'upload.contentMismatch', message: 'holiday.png: the content is HTML, not a PNG image.' }],
    }),
  ),
  unsupportedMediaType: problem('The upload is not `multipart/form-data` (`request.unsupportedMediaType`).'),
  tooManyRequests: {
    ...problem(
      "A rate limit (`upload.rateLimited`: uploads per user; `auth.rateLimited`: failed authentications from the caller's address, which any route may answer). Retry after `Retry-After` seconds.",
    ),
    headers: { 'Retry-After': { type: 'integer', minimum: 1, description: 'Seconds until the window ends.' } },
  },
  scannerUnavailable: problem(
    'Malware scanning is configured and the scanner cannot be reached or did not answer (`scan.unavailable`); nothing was stored (fail closed).',
  ),
  uploadExpired: problem('The unfinished upload expired (`upload.expired`); its bytes are dropped — start again.'),
  tusVersion: problem('No `Tus-Resumable: 1.0.0` header (`tus.versionRequired`).'),
  tusUnsupported: problem('A tus extension the server does not offer, such as `Upload-Defer-Length` (`tus.unsupported`).'),
};

/** The errors of a PATCH or DELETE on one item with `If-Match`. */
export const itemWriteErrors = () => ({
  400: errors.invalid,
  401: errors.unauthenticated,
  403: errors.forbidden,
  404: errors.notFound,
  412: errors.stale,
});

/** The name each shared error answer has under `#/components/responses/` in the document. */
export const sharedResponseNames: Record<string, string> = {
  invalid: 'Invalid',
  unauthenticated: 'Unauthenticated',
  forbidden: 'Forbidden',
  notFound: 'NotFound',
  stale: 'Stale',
  uploadTooLarge: 'UploadTooLarge',
  uploadRejected: 'UploadRejected',
  unsupportedMediaType: 'UnsupportedMediaType',
  tooManyRequests: 'TooManyRequests',
  scannerUnavailable: 'ScannerUnavailable',
  uploadExpired: 'UploadExpired',
  tusVersion: 'TusVersion',
  tusUnsupported: 'TusUnsupported',
};
