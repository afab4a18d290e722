/**
 * The real server the SDK's upload queue is tested against
 * (upload-queue-resume, upload-queue-restore): 64 MiB uploads, every request
 * to /api/uploads recorded (method, URL, Upload-Offset), and an HTTP backend
 * acting for the demo tech with tus and no retry delays.
 */
import { createHttpBackend, type AttachKitBackend } from '@attachkit/sdk';
import { startServer, type TestServer } from './harness.js';

export const mib = 1024 * 1024;

export interface TusRequest {
  method: string;
  url: string;
  /** The Upload-Offset header (PATCH). */
  offset?: string;
}

export interface UploadQueueServer extends TestServer {
  /** The requests to /api/uploads since the start (empty it between tests: `requests.length = 0`). */
  requests: TusRequest[];
  /** An HTTP backend for the demo tech (token `demo-tech`), resumable (tus) with no retry delays unless `resumable` says otherwise. */
  techBackend(resumable?: false): AttachKitBackend;
}

export async function startUploadQueueServer(): Promise<UploadQueueServer> {
  const server = await startServer({ limits: { maxBytes: 64 * mib } });
  const requests: TusRequest[] = [];
  server.app.server.on('request', (request: { method: string; url: string; headers: Record<string, string | undefined> }) => {
    if (request.url.startsWith('/api/uploads'))
      requests.push({ method: request.method, url: request.url, offset: request.headers['upload-offset'] });
  });
  const techBackend = (resumable?: false) =>
    createHttpBackend({ baseURL: server.baseURL, getToken: () => 'demo-tech', resumable: resumable ?? { retryDelays: [] } });
  return Object.assign(server, { requests, techBackend });
}
