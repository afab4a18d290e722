/**
 * The OpenAPI description of the tus 1.0 routes at /api/uploads (./uploads.ts
 * hands them to @tus/server): described by hand, as tus speaks in headers.
 */
import { empty, errors, headers, problem } from '../openapi/responses.js';

const tags = ['uploads'];
const offset = { type: 'integer', minimum: 0 };
const binary = { type: 'string', format: 'binary' };
const tusResumable = {
  type: 'string',
  const: '1.0.0',
  description: 'The tus version; every tus request but OPTIONS carries it (412 `tus.versionRequired` otherwise).',
};
const uploadId = () => ({
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid', description: 'The upload’s id (the attachment’s once it completes).' } },
});

export const tusCapabilities = () => ({
  tags,
  operationId: 'tusCapabilities',
  summary: 'tus 1.0 discovery — the versions, extensions and size limit the server offers.',
  response: {
    204: empty('No content; the answer is in the headers.', {
      'Tus-Version': { type: 'string', const: '1.0.0' },
      'Tus-Extension': { type: 'string', const: 'creation,creation-with-upload,termination,expiration' },
      'Tus-Max-Size': { type: 'integer', description: 'The server’s upload limit in bytes.' },
    }),
  },
});

export const createUpload = () => ({
  tags,
  operationId: 'createUpload',
  summary: 'Starts a resumable (tus 1.0) upload for a record.',
  description: `\`Upload-Metadata\` carries \`filename\`, \`recordType\` and \`recordId\` (base64 values, as tus defines; \`filetype\` is kept, any other key is dropped). Checked before any byte is stored, in this order: credentials (401), the record and the caller's right to upload to it (404 for a record the caller may not see, 403 without \`attachments.upload\`), the size in \`Upload-Length\` (413 \`upload.tooLarge\`) and the name (422). \`Upload-Defer-Length\` is not offered (501 \`tus.unsupported\`). A body (\`Content-Type: application/offset+octet-stream\`) is optional; it is stored as the first bytes (creation-with-upload), and a body that completes the upload runs the completing PATCH's pipeline (its 422 refusals, 503 \`scan.unavailable\`). The upload id is a UUID that becomes the attachment's id.`,
  headers: {
    type: 'object',
    required: ['Tus-Resumable', 'Upload-Length', 'Upload-Metadata'],
    properties: {
      'Tus-Resumable': tusResumable,
      'Upload-Length': { ...offset, description: 'The size of the whole file in bytes.' },
      'Upload-Metadata': {
        type: 'string',
        description: 'Comma-separated `key base64value` pairs: `filename`, `recordType`, `recordId` (and `filetype`).',
        examples: ['filename c2l0ZS5qcGc=,recordType am9i,recordId Si0xMDAx'],
      },
    },
  },
  consumes: ['application/offset+octet-stream'],
  body: { ...binary, description: 'Optional: the first bytes of the file (creation-with-upload).' },
  'x-attachkit-optional-body': true,
  response: {
    201: empty('Created; upload to `Location`. When the body completed the upload, also `Attachkit-Attachment-Id`.', {
      Location: headers.location('/api/uploads/{id}'),
      'Upload-Expires': { type: 'string', description: 'When the unfinished upload expires (RFC 7231 date; default 24 h after creation).' },
      'Upload-Offset': { ...offset, description: 'Only with a body.' },
      'Attachkit-Attachment-Id': headers.attachmentId,
    }),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
    404: errors.notFound,
    412: errors.tusVersion,
    413: problem(
      "The size in `Upload-Length` is over the server's limit (`upload.tooLarge`), or the creation body has more bytes than that `Upload-Length` (`upload.lengthExceeded`).",
    ),
    422: errors.uploadRejected,
    429: errors.tooManyRequests,
    501: errors.tusUnsupported,
    503: errors.scannerUnavailable,
  },
});

export const uploadOffset = () => ({
  tags,
  operationId: 'uploadOffset',
  summary: 'How many bytes the server holds (`Upload-Offset`); only the upload’s creator may ask.',
  description:
    'Anyone but the creator gets 404. An expired upload answers 410 (`upload.expired`) until it is swept, then 404. Once the upload has become an attachment, its creator still gets `Upload-Offset` equal to `Upload-Length` and `Attachkit-Attachment-Id`, so a client that lost the completing answer learns the attachment instead of uploading twice. While a completion runs (on any server process) it answers 423; when none runs although all the bytes are here (the process completing it died), it starts one and answers 423. Once a completion refused the file, its creator gets that refusal (422) for as long as the upload could have lived; a tus client then starts a new upload. A completion that ended in 503 `scan.unavailable` (the scanner could not be asked) refused nothing: the bytes are kept, and the next HEAD starts the completion again (423 until it is done).',
  params: uploadId(),
  headers: { type: 'object', required: ['Tus-Resumable'], properties: { 'Tus-Resumable': tusResumable } },
  response: {
    200: empty('The offset (no body).', {
      'Upload-Offset': offset,
      'Upload-Length': offset,
      'Upload-Metadata': { type: 'string', description: 'filename, recordType, recordId (and filetype) as stored.' },
      'Cache-Control': { type: 'string', const: 'no-store' },
      'Attachkit-Attachment-Id': headers.attachmentId,
    }),
    401: errors.unauthenticated,
    404: errors.notFound,
    410: errors.uploadExpired,
    412: errors.tusVersion,
    422: errors.uploadRejected,
    503: errors.scannerUnavailable,
    423: empty(
      'All the bytes are here and a completion (here or on another server process) is still checking and committing them: ask again after `Retry-After` seconds.',
      {
        'Retry-After': { type: 'string', description: 'Seconds to wait before asking again.' },
        'Cache-Control': { type: 'string', const: 'no-store' },
      },
    ),
  },
});

export const appendUpload = () => ({
  tags,
  operationId: 'appendUpload',
  summary: 'Appends bytes at `Upload-Offset`; the PATCH that completes the upload answers `Attachkit-Attachment-Id`.',
  description:
    '`Upload-Offset` must equal the server’s offset (409 `upload.offsetMismatch` otherwise, nothing changed). A request cut off mid-body keeps the bytes that arrived: ask with HEAD and go on from there. When the last byte arrives the upload runs the same pipeline as a multipart upload (sniffing, restrictions, checksum, atomic commit as a Hidden, non-confidential attachment); content it refuses answers 4xx problem+json (`upload.contentMismatch`, `upload.executableContent`…), is never listed, and the upload is gone. One completion per upload runs at a time across every server process (a claim in the metadata database): a PATCH with no bytes at `Upload-Offset` = `Upload-Length` (a client repeating its completing PATCH, perhaps to another process) answers the attachment, 423 `upload.completing` while another request still checks the file, or the refusal that completion answered.',
  params: uploadId(),
  headers: {
    type: 'object',
    required: ['Tus-Resumable', 'Upload-Offset'],
    properties: {
      'Tus-Resumable': tusResumable,
      'Upload-Offset': { ...offset, description: 'Where these bytes go: the server’s offset.' },
    },
  },
  consumes: ['application/offset+octet-stream'],
  body: { ...binary, description: 'The next bytes of the file.' },
  response: {
    204: empty('Stored.', {
      'Upload-Offset': offset,
      'Upload-Expires': { type: 'string', description: 'While unfinished.' },
      'Attachkit-Attachment-Id': headers.attachmentId,
    }),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
    404: errors.notFound,
    409: problem('`Upload-Offset` is not the server’s offset (`upload.offsetMismatch`).'),
    410: errors.uploadExpired,
    412: errors.tusVersion,
    413: errors.uploadLengthExceeded,
    422: errors.uploadRejected,
    423: {
      ...problem(
        'All the bytes are here and another request (on this or another server process) is completing the upload (`upload.completing`): ask with HEAD after `Retry-After` seconds, which then names the attachment or answers the refusal.',
      ),
      headers: { 'Retry-After': { type: 'integer', minimum: 1, description: 'Seconds to wait before asking again.' } },
    },
    503: errors.scannerUnavailable,
  },
});

export const terminateUpload = () => ({
  tags,
  operationId: 'terminateUpload',
  summary: 'Abandons an unfinished upload (tus termination); its bytes are removed.',
  params: uploadId(),
  headers: { type: 'object', required: ['Tus-Resumable'], properties: { 'Tus-Resumable': tusResumable } },
  response: { 204: empty('Removed.'), 401: errors.unauthenticated, 404: errors.notFound, 412: errors.tusVersion },
});
