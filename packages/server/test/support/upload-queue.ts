/**
 * The real server the SDK's upload queue is tested against
 * (upload-queue-resume, upload-queue-restore): 64 MiB uploads, every request
 * to /api/uploads recorded (method, URL, Upload-Offset), and an HTTP backend
 * acting for the demo tech with tus and no retry delays. The tech's requests
 * go through a throttling proxy (PATCH bodies at 8 MiB/s), so a test that
 * pauses or reloads mid-upload acts while the server holds part of the file,
 * however fast the machine is.
 */
import { createHttpBackend, type AttachKitBackend } from '@attachkit/sdk';
import { startServer, type TestServer } from './harness.js';
import { throttlingProxy, type ThrottlingProxy } from './throttling-proxy.js';

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
  /** Between the tech's backend and the server: `proxy.whenSent(n)` resolves once n more PATCH bytes reached the server. */
  proxy: ThrottlingProxy;
  /** An HTTP backend (through `proxy`) for the demo tech (token `demo-tech`), resumable (tus) with no retry delays unless `resumable` says otherwise. */
  techBackend(resumable?: false): AttachKitBackend;
}

export async function startUploadQueueServer(): Promise<UploadQueueServer> {
  const server = await startServer({ limits: { maxBytes: 64 * mib } });
  const requests: TusRequest[] = [];
  server.app.server.on('request', (request: { method: string; url: string; headers: Record<string, string | undefined> }) => {
    if (request.url.startsWith('/api/uploads'))
      requests.push({ method: request.method, url: request.url, offset: request.headers['upload-offset'] });
  });
  const proxy = await throttlingProxy(server.baseURL.replace(/\/$/, ''), 8 * mib);
  const techBackend = (resumable?: false) =>
    createHttpBackend({ baseURL: proxy.url, getToken: () => 'demo-tech', resumable: resumable ?? { retryDelays: [] } });
  const closeServer = server.close.bind(server);
  const close = async () => {
    await proxy.close();
    await closeServer();
  };
  return Object.assign(server, { requests, proxy, techBackend, close });
}
