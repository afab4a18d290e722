/// <reference types="node" />
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { AttachKitError, AttachKitValidationError } from '../errors.js';
import { AttachmentSchema, type Attachment, type RecordRef } from '../model/schemas.js';
import type { UploadProgress } from '../backend/backend.js';
import { createHttpTransport, parseResponse, recordPath, type HttpBackendOptions } from '../backend/http-transport.js';

export interface NodeUploadOptions {
  /** The display name; default: the file's base name (required for a stream). */
  name?: string;
  /** The size in bytes, for a stream (sent as Content-Length, so the server can refuse a file over its limit at once). */
  size?: number;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Uploads from disk or from a stream in Node: no whole-file Blob in memory. */
export interface NodeUploads {
  /**
   * Uploads a file (a path, or a Node `Readable` with `name`) to a record:
   * one multipart request, streamed by axios from the file as the socket
   * takes it, progress counted from the bytes read. Resolves with the
   * stored attachment (Hidden, not confidential); rejects with the SDK's
   * typed errors, as the HTTP backend does.
   */
  uploadFile(record: RecordRef, source: string | Readable, options?: NodeUploadOptions): Promise<Attachment>;
}

/** Bytes read from disk per chunk: fewer, larger writes to the socket than the default 64 KB. */
const readChunkBytes = 1024 * 1024;

/** The part header of the file, with its name escaped as browsers do (WHATWG multipart/form-data: `"` CR LF as %22 %0D %0A). */
function partHeader(boundary: string, name: string): Buffer {
  const escaped = name.replace(/["\r\n]/g, (c) => (c === '"' ? '%22' : c === '\r' ? '%0D' : '%0A'));
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escaped}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    'utf8',
  );
}

async function* multipartBody(head: Buffer, file: Readable, tail: Buffer, onBytes: (count: number) => void): AsyncGenerator<Buffer> {
  yield head;
  for await (const chunk of file) {
    onBytes((chunk as Buffer).length);
    yield chunk as Buffer;
  }
  yield tail;
}

/**
 * Streaming uploads for Node callers (`@attachkit/sdk/node`): a host's
 * import job, a CLI, a server-side sync. The browser build never sees
 * `node:fs`; in a browser use the HTTP backend's `uploadAttachment`.
 */
export function createNodeUploads(options: HttpBackendOptions): NodeUploads {
  const send = createHttpTransport(options);
  return {
    async uploadFile(record, source, o = {}) {
      const fromPath = typeof source === 'string';
      if (!fromPath && !(source instanceof Readable))
        throw new AttachKitValidationError('Upload a file path or a Node Readable stream.', [
          { path: 'source', message: 'expected a path or a Readable' },
        ]);
      const name = o.name ?? (fromPath ? basename(source) : undefined);
      if (!name)
        throw new AttachKitValidationError('A stream needs a name: uploadFile(record, stream, { name }).', [
          { path: 'name', message: 'required' },
        ]);
      let size = o.size;
      if (fromPath) {
        try {
          size = (await stat(source)).size;
        } catch (error) {
          throw new AttachKitError(
            'file.unreadable',
            `${name}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
            { status: 400, cause: error },
          );
        }
      }
      const file = fromPath ? createReadStream(source, { highWaterMark: readChunkBytes }) : source;
      const boundary = `attachkit-${randomUUID()}`;
      const head = partHeader(boundary, name);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      let loaded = 0;
      const total = size ?? 0;
      const body = Readable.from(
        multipartBody(head, file, tail, (count) => {
          loaded += count;
          o.onProgress?.({ loaded, total: Math.max(total, loaded) });
        }),
        { objectMode: false },
      );
      const headers: Record<string, string> = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
      if (size !== undefined) headers['Content-Length'] = String(head.length + size + tail.length);
      try {
        const response = await send({ method: 'POST', url: `${recordPath(record)}/attachments`, data: body, headers }, o.signal);
        return parseResponse(AttachmentSchema, response.data, 'attachment');
      } finally {
        if (!file.destroyed) file.destroy();
      }
    },
  };
}
