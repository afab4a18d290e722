/*
 * Makes a big photo small before it is uploaded (loaded on demand by the
 * upload queue, only for files that might be photos): reads the header,
 * decides with photo-plan.ts, re-encodes in a worker, and gives the JPEG its
 * capture time back (photo-exif.ts). Whatever goes wrong, the original file
 * is what gets uploaded: this step can only make a file smaller, never lose it.
 */
import { isAbortError } from '../errors.js';
import { downscaleInWorker } from './downscale-worker.js';
import { exifInsertionPoint, minimalExifSegment, readPhotoExif, uprightExifSegment } from './photo-exif.js';
import { headerBytes, planDownscale, readImageHeader, type PhotoOptions, type PhotoPlan } from './photo-plan.js';

export interface PreparedPhoto {
  /** What to upload: the smaller photo, or the original. */
  file: Blob;
  /** `downscaled`, or why the original is kept. */
  outcome: 'downscaled' | Extract<PhotoPlan, { action: 'keep' }>['reason'] | 'not-smaller' | 'failed';
  /** Size of the picture uploaded, when re-encoded. */
  width?: number;
  height?: number;
}

/** The photo to upload instead of `file`. Rejects only when `signal` aborts. */
export async function preparePhoto(file: Blob, options: PhotoOptions, signal?: AbortSignal): Promise<PreparedPhoto> {
  try {
    const head = new Uint8Array(await file.slice(0, headerBytes).arrayBuffer());
    const header = readImageHeader(head);
    const plan = planDownscale(header, options);
    if (plan.action === 'keep') return { file, outcome: plan.reason };
    const reply = await downscaleInWorker({ file, maxEdge: options.maxImageEdge, type: plan.type, quality: plan.quality }, signal);
    if ('kept' in reply) return { file, outcome: 'small-enough' };
    // A browser that cannot encode the type answers PNG: keep the type or keep the file.
    if ('error' in reply || reply.blob.type !== plan.type) return { file, outcome: 'failed' };
    let blob = reply.blob;
    if (plan.type === 'image/jpeg') blob = await withExif(blob, header?.exif, options.keepLocation);
    if (blob.size >= file.size) return { file, outcome: 'not-smaller' };
    return { file: blob, outcome: 'downscaled', width: reply.width, height: reply.height };
  } catch (error) {
    if (signal?.aborted || isAbortError(error)) throw error;
    return { file, outcome: 'failed' };
  }
}

/**
 * The re-encoded JPEG with the EXIF it keeps: the original's, turned upright,
 * when the host keeps locations; else a minimal one with the capture time (so
 * the server still records `capturedAt`), or none when there was no time.
 */
async function withExif(jpeg: Blob, original: Uint8Array | undefined, keepLocation: boolean): Promise<Blob> {
  const exif = readPhotoExif(original);
  const segment =
    keepLocation && original
      ? uprightExifSegment(original)
      : exif.capturedAt
        ? minimalExifSegment({ capturedAt: exif.capturedAt, offset: exif.offset })
        : undefined;
  if (!segment) return jpeg;
  const head = new Uint8Array(await jpeg.slice(0, 64 * 1024).arrayBuffer());
  const at = exifInsertionPoint(head);
  if (at < 0 || at > head.length) return jpeg;
  return new Blob([jpeg.slice(0, at), segment as Uint8Array<ArrayBuffer>, jpeg.slice(at)], { type: 'image/jpeg' });
}
