import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { BlobStore } from '../storage/blob-store.js';

/** The raster types that get a thumbnail (the memory backend previews the same ones). */
export const thumbnailTypes: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Thumbnails fit in this square (CSS pixels ×2 for a 160 px list cell on a dense phone screen). */
export const thumbnailEdge = 320;

/** The thumbnail's media type: WebP keeps transparency and is small. */
export const thumbnailMimeType = 'image/webp';

const suffix = '-thumbnail';

/** The blob id of an attachment's thumbnail. */
export const thumbnailBlobId = (attachmentId: string): string => `${attachmentId}${suffix}`;

/** The attachment a blob belongs to: itself, or the attachment of a thumbnail. */
export const blobOwner = (blobId: string): string => (blobId.endsWith(suffix) ? blobId.slice(0, -suffix.length) : blobId);

/** Refuse to decode images larger than this many pixels (decompression bombs); they get no thumbnail. */
const maxInputPixels = 100_000_000;

/**
 * A small WebP preview of a raster image: EXIF orientation applied, fitted in
 * `thumbnailEdge`² without enlarging, first frame of an animation, and no
 * metadata at all (so no GPS position either).
 */
export async function renderThumbnail(input: string | Readable): Promise<Buffer> {
  const options = { limitInputPixels: maxInputPixels, failOn: 'error' as const };
  const image = typeof input === 'string' ? sharp(input, options) : input.pipe(sharp(options));
  return image
    .rotate()
    .resize(thumbnailEdge, thumbnailEdge, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 72, effort: 2 })
    .toBuffer();
}

/** Renders and stores the thumbnail of attachment `id`; false (and nothing stored) when the image cannot be decoded. */
export async function storeThumbnail(blobs: BlobStore, id: string, input: string | Readable): Promise<boolean> {
  let bytes: Buffer;
  try {
    bytes = await renderThumbnail(input);
  } catch {
    return false;
  }
  const writer = await blobs.create(thumbnailBlobId(id));
  try {
    writer.stream.end(bytes);
    await writer.commit();
    return true;
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
