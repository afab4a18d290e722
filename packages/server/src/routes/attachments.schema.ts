/** The OpenAPI description of the attachment routes (./attachments.ts, ./thumbnails.ts); the prose clients rely on. */
import { ref } from '../openapi/components.js';
import { empty, errors, headers, itemWriteErrors, json, list, problem } from '../openapi/responses.js';
import { ifMatchHeaders, itemParams, recordParams } from './params.schema.js';

const tags = ['attachments'];
const binary = { type: 'string', format: 'binary' };

export const listAttachments = () => ({
  tags,
  operationId: 'listAttachments',
  summary: 'The record’s attachments the caller may see, oldest first.',
  description: "A portal client asking for another customer's record, or anyone asking for an unknown record, gets 404.",
  params: recordParams(),
  response: {
    200: list('Attachments, filtered for the caller.', 'Attachment'),
    400: errors.invalid,
    401: errors.unauthenticated,
    404: errors.notFound,
  },
});

export const uploadAttachment = () => ({
  tags,
  operationId: 'uploadAttachment',
  summary: 'Uploads one file (multipart field `file`); it becomes a Hidden, non-confidential attachment.',
  description: `Streamed to disk, never buffered whole; the size limit is enforced while streaming. The server assigns \`id\` (a UUID, which is also the storage key — never the user's filename), \`mimeType\` (sniffed from the bytes), \`checksum\` (sha256 of the bytes) and \`revision\`; \`clientId\` comes from the record. The display name is the part's filename as the browser sent it (\`%22\`, \`%0D\`, \`%0A\` decoded, as WHATWG multipart/form-data encodes \`"\`, CR and LF), normalised (NFC; control characters, line and paragraph separators and Unicode default-ignorable characters such as soft hyphens and zero-width or bidi characters removed; path separators replaced; the user's spacing kept; at most 255 characters) and kept as data.

Authorization comes first: a caller who may not upload to the record gets 403 (404 for a record it may not see) before the body is read. The request holds exactly one part, the file in the field \`file\`; a second part (file or field) refuses the whole request with 400 and nothing is stored.

Refused: blocked extensions (\`upload.blockedExtension\`, judged on the last extension), empty files (\`upload.empty\`), files over the limit (\`upload.tooLarge\`, 413), content that contradicts the extension such as HTML or SVG named \`.png\`, or saved as UTF-16/32 text and named \`.mp3\` (\`upload.contentMismatch\`; text with a byte order mark is decoded and checked for markup before any binary signature is trusted), and executable content under any name (\`upload.executableContent\`). A refused or aborted upload leaves no row and no file.`,
  params: recordParams(),
  consumes: ['multipart/form-data'],
  body: {
    type: 'object',
    required: ['file'],
    additionalProperties: false,
    properties: { file: { ...binary, description: 'The file; its filename is the display name. Exactly one part.' } },
  },
  response: {
    201: json('Stored.', 'Attachment', { Location: headers.location('/api/attachments/{id}'), ETag: headers.etag }),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
    404: errors.notFound,
    413: errors.uploadTooLarge,
    415: errors.unsupportedMediaType,
    422: errors.uploadRejected,
    429: errors.tooManyRequests,
    503: errors.scannerUnavailable,
  },
});

export const getAttachment = () => ({
  tags,
  operationId: 'getAttachment',
  summary: 'An attachment’s metadata.',
  params: itemParams('attachment'),
  response: {
    200: json('The attachment.', 'Attachment', { ETag: headers.etag }),
    401: errors.unauthenticated,
    404: errors.notFound,
  },
});

export const getAttachmentContent = () => ({
  tags,
  operationId: 'getAttachmentContent',
  summary: 'The attachment’s bytes, as a download.',
  description: `Always sent with \`X-Content-Type-Options: nosniff\` and \`Content-Security-Policy: default-src 'none'; sandbox\`. \`Content-Disposition\` is \`attachment\` with an RFC 6266/5987 filename, except for JPEG, PNG, GIF and WebP when \`?inline=1\` is given (then \`inline\`). SVG and HTML are never served inline. A single \`Range\` answers 206; several ranges answer the whole body; \`If-Range\` with a stale ETag answers the whole body.`,
  params: itemParams('attachment'),
  querystring: {
    type: 'object',
    properties: { inline: { type: 'string', enum: ['1'], description: 'Ask for inline display (honoured for raster images only).' } },
  },
  headers: {
    type: 'object',
    properties: {
      Range: { type: 'string', description: 'One byte range.', examples: ['bytes=0-1023'] },
      'If-Range': { type: 'string', description: 'The ETag the range belongs to; another ETag answers the whole file.' },
    },
  },
  response: {
    200: {
      description: "The whole file, sent with the attachment's `mimeType` as Content-Type.",
      headers: {
        'Content-Disposition': headers.contentDisposition,
        'X-Content-Type-Options': { type: 'string', const: 'nosniff' },
        'Content-Security-Policy': { type: 'string', description: "`default-src 'none'; sandbox`" },
        'Accept-Ranges': { type: 'string', const: 'bytes' },
        ETag: { type: 'string', description: '`"sha256-<checksum>"` (identifies the bytes)' },
      },
      content: { 'application/octet-stream': { schema: binary } },
    },
    206: {
      description: 'The requested range.',
      headers: { 'Content-Range': { type: 'string', description: '`bytes <start>-<end>/<size>`' } },
      content: { 'application/octet-stream': { schema: binary } },
    },
    302: empty(
      'Only when the server runs on S3 with presigned downloads turned on (`presign=SECONDS` in the blobs URL, docs/deploy.md) and `inline` is not asked for: after the same policy check, `Location` is a short-lived presigned URL of the object in the bucket, which answers with the same `Content-Disposition` and type.',
      { Location: { type: 'string', format: 'uri' } },
    ),
    401: errors.unauthenticated,
    404: errors.notFound,
    416: problem('The range is outside the file (`range.notSatisfiable`); `Content-Range` is `bytes */<size>`.'),
  },
});

export const getAttachmentThumbnail = () => ({
  tags,
  operationId: 'getAttachmentThumbnail',
  summary: 'A small preview (WebP, within 320×320 px) of a raster image attachment, made at upload time.',
  description: `JPEG, PNG, GIF and WebP attachments get one (EXIF orientation applied, never enlarged, no metadata). Under the same policy as the content: 404 when the caller may not see or download the attachment, and for files without a preview. \`Cache-Control: private, no-cache\` with an \`ETag\`: revalidate with \`If-None-Match\` (304), so a hidden or deleted item stops showing at once.`,
  params: itemParams('attachment'),
  headers: {
    type: 'object',
    properties: { 'If-None-Match': { type: 'string', description: 'The ETag of the preview the client holds.' } },
  },
  response: {
    200: {
      description: 'The preview.',
      headers: {
        ETag: { type: 'string', description: '`"thumbnail-<checksum>"`' },
        'Cache-Control': { type: 'string', const: 'private, no-cache' },
      },
      content: { 'image/webp': { schema: binary } },
    },
    304: empty('Not modified (the `If-None-Match` ETag matches).'),
    401: errors.unauthenticated,
    404: errors.notFound,
  },
});

export const patchAttachment = () => ({
  tags,
  operationId: 'patchAttachment',
  summary: 'Shares/hides, marks/clears Confidential, or renames an attachment.',
  description: `Each changed field is an action the caller must be allowed: \`portal: viewable\` → \`attachment.share\`, \`portal: hidden\` → \`attachment.hide\`, \`confidential\` → \`attachment.markConfidential\` / \`attachment.clearConfidential\`, \`name\` → \`attachment.rename\`. Unknown fields (\`id\`, \`checksum\`, \`createdBy\`…) are refused with 400 — to a caller who may make one of these changes; anyone else gets 403. A new name goes through the upload's name rules (422 \`upload.blockedExtension\`, \`upload.extensionNotAllowed\`) and may not give content that is not markup a markup extension such as \`.html\` or \`.svg\` (422 \`upload.contentMismatch\`). Sharing, confidentiality and name changes are audited.`,
  params: itemParams('attachment'),
  headers: ifMatchHeaders(headers.ifMatch),
  body: ref('AttachmentPatch'),
  response: {
    200: json('The updated attachment (revision + 1).', 'Attachment', { ETag: headers.etag }),
    ...itemWriteErrors(),
    422: errors.uploadRejected,
  },
});

export const bulkUpdateAttachments = () => ({
  tags,
  operationId: 'bulkUpdateAttachments',
  summary: 'Sets portal visibility and/or confidentiality on several attachments — all or nothing.',
  description:
    'One transaction. If any id is unknown or invisible to the caller the whole request is a 404; if any is forbidden, a 403; if any changed concurrently, a 412. In every failure nothing changes.',
  body: ref('BulkRequest'),
  response: {
    200: list('The updated attachments, in the order of `ids` (duplicates removed).', 'Attachment'),
    ...itemWriteErrors(),
  },
});

export const deleteAttachment = () => ({
  tags,
  operationId: 'deleteAttachment',
  summary: 'Deletes an attachment and its content.',
  params: itemParams('attachment'),
  headers: ifMatchHeaders(headers.ifMatch),
  response: { 204: empty('Deleted.'), ...itemWriteErrors() },
});
