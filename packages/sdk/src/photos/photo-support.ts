/*
 * The part of photo downscaling that is in every bundle: whether a file is
 * worth a look, and whether this environment can downscale at all. The rest
 * (header, worker, EXIF) is loaded on demand by prepare-photo.ts.
 */
import type { PhotoOptions } from './photo-plan.js';

/** The SDK's default long-edge limit, in pixels (`maxImageEdge`, `<ak-uploader max-image-edge>`). */
export const defaultMaxImageEdge = 2560;

/** Whether a file might be a JPEG, PNG or WebP photo, from its type or name, before any byte is read. */
export function mightBePhoto(file: { type?: string }, name: string): boolean {
  return /^image\/(jpeg|png|webp)$/i.test(file.type ?? '') || /\.(jpe?g|png|webp)$/i.test(name);
}

/** Whether this environment has what a downscale needs: Worker, createImageBitmap and OffscreenCanvas.convertToBlob. */
export function canDownscale(): boolean {
  const scope = globalThis as {
    Worker?: unknown;
    createImageBitmap?: unknown;
    OffscreenCanvas?: { prototype?: { convertToBlob?: unknown } };
  };
  return (
    typeof scope.Worker === 'function' &&
    typeof scope.createImageBitmap === 'function' &&
    typeof scope.OffscreenCanvas?.prototype?.convertToBlob === 'function'
  );
}

/**
 * The step that makes a photo smaller before it uploads, or null when there
 * is nothing to try (downscaling off, not a photo, no browser support). The
 * step loads prepare-photo.ts on demand and resolves with what to upload.
 */
export function photoStep(file: Blob, name: string, options: PhotoOptions): ((signal: AbortSignal) => Promise<Blob>) | null {
  if (!(options.maxImageEdge > 0) || !mightBePhoto(file, name) || !canDownscale()) return null;
  return async (signal) => (await (await import('./prepare-photo.js')).preparePhoto(file, options, signal)).file;
}
