/*
 * The Web Worker that decodes and re-encodes a photo off the main thread.
 *
 * Its code is `downscaleWorker` below, turned into the worker's script with
 * `Function.prototype.toString` and started from a `blob:` URL: it works the
 * same from the TypeScript sources, the per-package builds, the single-file
 * CDN bundle and any host bundler, with no worker file to copy or configure.
 * So `downscaleWorker` must not refer to anything outside itself except its
 * parameters (the target-size function is passed in the same way). A page
 * whose Content-Security-Policy refuses `blob:` workers (`worker-src`) gets
 * its photos uploaded as they are.
 */
import { AttachKitAbortError } from '../errors.js';
import { targetSize, type PhotoType } from './photo-plan.js';

export interface DownscaleRequest {
  file: Blob;
  maxEdge: number;
  type: PhotoType;
  quality: number;
}

export type DownscaleReply = { blob: Blob; width: number; height: number } | { kept: 'small-enough' } | { error: string };

interface WorkerScope {
  onmessage: ((event: { data: DownscaleRequest }) => void) | null;
  postMessage(message: DownscaleReply): void;
}

/*
 * The browser-only APIs used here, as much of them as is used. The SDK compiles
 * without the DOM (packages/sdk/tsconfig.json), so they are read from
 * `globalThis` through these types, once `canDownscale()` found them there.
 */
interface Bitmap {
  readonly width: number;
  readonly height: number;
  close(): void;
}
interface Canvas2D {
  imageSmoothingEnabled: boolean;
  imageSmoothingQuality: 'low' | 'medium' | 'high';
  drawImage(image: Bitmap, dx: number, dy: number, dw: number, dh: number): void;
}
interface ImageApis {
  createImageBitmap(image: Blob, options: { imageOrientation: 'from-image' }): Promise<Bitmap>;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => { getContext(kind: '2d'): Canvas2D | null; convertToBlob(options: { type: string; quality: number }): Promise<Blob> };
}
interface DownscaleWorkerHandle {
  onmessage: ((event: { data: DownscaleReply }) => void) | null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null;
  postMessage(message: DownscaleRequest): void;
  terminate(): void;
}
type WorkerConstructor = new (url: string, options: { name: string }) => DownscaleWorkerHandle;

/** The worker's whole program: one request in, one reply out. */
export function downscaleWorker(scope: WorkerScope, size: typeof targetSize): void {
  const images = globalThis as unknown as ImageApis;
  const downscale = async ({ file, maxEdge, type, quality }: DownscaleRequest): Promise<void> => {
    try {
      // EXIF orientation applied: the bitmap is upright, and so is what is drawn from it.
      const bitmap = await images.createImageBitmap(file, { imageOrientation: 'from-image' });
      const { width, height } = size(bitmap.width, bitmap.height, maxEdge);
      if (width === bitmap.width && height === bitmap.height) {
        bitmap.close();
        scope.postMessage({ kept: 'small-enough' });
        return;
      }
      const canvas = new images.OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D context');
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, width, height);
      bitmap.close();
      const blob = await canvas.convertToBlob({ type, quality });
      scope.postMessage({ blob, width, height });
    } catch (error) {
      scope.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  };
  scope.onmessage = (event) => void downscale(event.data);
}

/** The worker's script: `downscaleWorker` called with the worker's global scope and `targetSize`. */
export const workerSource = () => `(${String(downscaleWorker)})(self, ${String(targetSize)});`;

/**
 * Runs one downscale in a fresh worker. Resolves with the worker's reply;
 * rejects with the signal's reason when aborted (the worker is stopped) and
 * with an Error when the worker cannot start or dies.
 */
export function downscaleInWorker(request: DownscaleRequest, signal?: AbortSignal): Promise<DownscaleReply> {
  return new Promise((resolve, reject) => {
    const aborted = () => (signal?.reason instanceof Error ? signal.reason : new AttachKitAbortError());
    if (signal?.aborted) return reject(aborted());
    const url = URL.createObjectURL(new Blob([workerSource()], { type: 'text/javascript' }));
    const { Worker } = globalThis as unknown as { Worker: WorkerConstructor };
    let worker: DownscaleWorkerHandle;
    try {
      worker = new Worker(url, { name: 'attachkit-downscale' });
    } catch (error) {
      URL.revokeObjectURL(url);
      return reject(error instanceof Error ? error : new Error(String(error)));
    }
    const finish = () => {
      worker.terminate();
      URL.revokeObjectURL(url);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event) => {
      finish();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      reject(new Error(`the downscale worker failed: ${event.message || 'it could not start'}`));
    };
    worker.postMessage(request);
  });
}
