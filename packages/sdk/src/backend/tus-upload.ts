import { AttachKitAbortError, AttachKitError, AttachKitNetworkError, throwIfAborted } from '../errors.js';
import type { RecordRef } from '../model/schemas.js';
import type { UploadInput, UploadOptions } from './backend.js';
import { defaultStallTimeout, type ResumableUploadSettings } from './http-transport.js';
import { isOffline } from './network-status.js';
import { onDemand } from './on-demand.js';

/*
 * The HTTP backend imports this module on demand, the first time a file is
 * big enough for a resumable upload (and this module imports tus-js-client):
 * pages that never upload a large file load neither.
 */

interface TusContext {
  baseURL: string;
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  settings: ResumableUploadSettings;
  /** The typed error of a non-2xx answer (the HTTP backend's problem+json mapping). */
  errorFromResponse(status: number, body: unknown): AttachKitError;
}

/** tus-js-client, loaded on first use so the base bundle does not carry it; a failed load is tried again next time. */
const loadTus = onDemand(() => import('tus-js-client'), null);

/** Whether tus-js-client can be loaded now (a bundle may leave it out, a signal may drop: then this upload goes multipart). */
export const tusAvailable = async (): Promise<boolean> => (await loadTus()) !== null;

/** The file as tus-js-client takes it: a Blob in browsers, a Buffer in Node (where it takes no Blob). */
async function tusInput(data: Blob): Promise<Blob> {
  // Typed as a Blob: tus-js-client's Node build takes a Buffer wherever its browser build takes a Blob.
  const runtime = globalThis as unknown as { Buffer?: { from(data: ArrayBuffer): Blob }; document?: unknown; window?: unknown };
  if (runtime.Buffer && runtime.document === undefined && runtime.window === undefined)
    return runtime.Buffer.from(await data.arrayBuffer());
  return data;
}

/**
 * One upload through `/api/uploads` (tus 1.0): resumes from `resumable.url`
 * when given (the server's offset, asked with HEAD), reports the upload URL as
 * soon as it exists, retries network failures with backoff (none while the
 * browser is offline: that fails at once, for the queue to wait), and answers the
 * id of the attachment it became. Aborting keeps the bytes on the server.
 */
export async function tusUpload(context: TusContext, record: RecordRef, file: UploadInput, options: UploadOptions = {}): Promise<string> {
  throwIfAborted(options.signal);
  const tus = await loadTus();
  if (!tus) throw new AttachKitError('tus.unavailable', 'Resumable uploads need tus-js-client, which could not be loaded.', { status: 0 });
  const input = await tusInput(file.data);
  const total = file.data.size;
  let reported = -1;
  let movedAt = Date.now();
  const report = (loaded: number) => {
    const value = Math.min(total, Math.max(0, loaded));
    if (value <= reported) return;
    reported = value;
    movedAt = Date.now();
    options.onProgress?.({ loaded: value, total });
  };
  const stallTimeout = context.settings.stallTimeout ?? defaultStallTimeout;
  return new Promise<string>((resolvePromise, rejectPromise) => {
    let watchdog: ReturnType<typeof setInterval> | undefined;
    const settle = () => {
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const resolve = (id: string) => {
      settle();
      resolvePromise(id);
    };
    const reject = (error: unknown) => {
      settle();
      rejectPromise(error instanceof Error ? error : new AttachKitError('upload.failed', String(error), { status: 0 }));
    };
    const upload = new tus.Upload(input, {
      endpoint: `${context.baseURL}/api/uploads`,
      uploadUrl: options.resumable?.url ?? null,
      uploadSize: total,
      metadata: {
        filename: file.name,
        recordType: record.type,
        recordId: record.id,
        ...(file.data.type ? { filetype: file.data.type } : {}),
      },
      chunkSize: context.settings.chunkSize ?? Infinity,
      retryDelays: context.settings.retryDelays ?? [0, 1000, 3000, 5000, 10000, 20000],
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      async onBeforeRequest(request) {
        const token = await context.getToken?.();
        if (token) request.setHeader('Authorization', `Bearer ${token}`);
      },
      onUploadUrlAvailable() {
        if (upload.url) options.resumable?.onUrl?.(upload.url);
      },
      onProgress: (sent) => report(sent),
      onShouldRetry(error, _attempt, tusOptions) {
        const status = error.originalResponse?.getStatus() ?? 0;
        // Offline: no retries into the void; the upload queue waits for the `online` event and resumes from the server's offset.
        if (isOffline()) return false;
        // Network failures, timeouts, overload and server errors; a refusal (4xx) is final, a conflict re-asks the offset.
        return (
          (status === 0 || status === 408 || status === 409 || status === 423 || status === 429 || status >= 500) &&
          status !== 501 &&
          status !== 503 &&
          (tusOptions.retryDelays?.length ?? 0) > 0
        );
      },
      onSuccess({ lastResponse }) {
        const id = lastResponse.getHeader('Attachkit-Attachment-Id');
        if (!id) {
          reject(new AttachKitError('response.invalid', 'The server finished the upload without naming its attachment.', { status: 502 }));
          return;
        }
        report(total);
        resolve(id);
      },
      onError(error) {
        const response = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
        if (options.signal?.aborted) {
          reject(new AttachKitAbortError());
          return;
        }
        if (!response || response.getStatus() === 0) {
          reject(new AttachKitNetworkError(undefined, { cause: error }));
          return;
        }
        reject(context.errorFromResponse(response.getStatus(), response.getBody()));
      },
    });
    function onAbort() {
      // false: keep the upload on the server so it can resume.
      void upload.abort(false);
      reject(new AttachKitAbortError());
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (stallTimeout > 0)
      watchdog = setInterval(
        () => {
          // All bytes sent: the server is checking them; its answer may take a while.
          if (reported >= total || Date.now() - movedAt < stallTimeout) return;
          void upload.abort(false);
          reject(new AttachKitNetworkError(`No bytes got through for ${Math.round(stallTimeout / 1000)} s: the connection is stalled.`));
        },
        Math.min(stallTimeout, 1000),
      );
    upload.start();
  });
}
