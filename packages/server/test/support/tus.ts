/** A minimal tus 1.0 client over fetch, for speaking the protocol step by step in tests. */
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { TestServer } from './harness.js';

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

export interface Creation {
  filename: string;
  recordType?: string;
  recordId?: string;
  /** Upload-Length; omitted → no such header. */
  length?: number;
  /** Bytes to send with the creation (creation-with-upload). */
  body?: Uint8Array;
  /** Extra or replacing headers. */
  headers?: Record<string, string>;
}

export function tusClient(server: TestServer) {
  const tus = { 'Tus-Resumable': '1.0.0' };
  return {
    create(token: string | null, creation: Creation) {
      const metadata = [
        `filename ${b64(creation.filename)}`,
        ...(creation.recordType === undefined ? [] : [`recordType ${b64(creation.recordType)}`]),
        ...(creation.recordId === undefined ? [] : [`recordId ${b64(creation.recordId)}`]),
      ].join(',');
      const headers: Record<string, string> = { ...tus, 'Upload-Metadata': metadata };
      if (creation.length !== undefined) headers['Upload-Length'] = String(creation.length);
      if (creation.body) headers['Content-Type'] = 'application/offset+octet-stream';
      return server.fetch('/api/uploads', token, {
        method: 'POST',
        headers: { ...headers, ...creation.headers },
        body: creation.body as BodyInit | undefined,
      });
    },
    head(token: string | null, location: string) {
      return server.fetch(location, token, { method: 'HEAD', headers: tus });
    },
    patch(token: string | null, location: string, offset: number, bytes: Uint8Array) {
      return server.fetch(location, token, {
        method: 'PATCH',
        headers: { ...tus, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
        body: bytes as BodyInit,
      });
    },
    delete(token: string | null, location: string) {
      return server.fetch(location, token, { method: 'DELETE', headers: tus });
    },
  };
}

/**
 * A PATCH from offset 0 announcing `length` bytes, left open for the test to
 * write to, stall or cut (fetch cannot): a phone whose signal drops mid-body.
 */
export function openPatch(server: TestServer, location: string, length: number, token = 'demo-tech'): ClientRequest {
  return httpRequest(new URL(location, server.baseURL), {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
      'Content-Length': String(length),
    },
  });
}
