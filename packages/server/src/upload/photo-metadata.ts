import { Transform } from 'node:stream';
import type { ExifFindings, PhotoCleaner } from './photo-exif.js';
import { JpegCleaner } from './photo-metadata-jpeg.js';
import { PngCleaner, pngSignature } from './photo-metadata-png.js';
import { WebpCleaner, isWebp } from './photo-metadata-webp.js';

/**
 * Photo privacy without re-encoding: a stream transform that, for a JPEG, PNG
 * or WebP, removes the GPS position from its EXIF (the GPS directory is
 * emptied and its values zeroed in place, so every other offset stays valid
 * and the image data is untouched) and drops or empties XMP that carries GPS
 * fields, while it reads the capture time (`DateTimeOriginal`, with
 * `OffsetTimeOriginal` when recorded). Each format's filter is its own file
 * (photo-metadata-jpeg.ts, -png.ts, -webp.ts); anything else passes unchanged.
 */

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

/** The bytes the format is told by (and the dispatcher waits for). */
const headBytes = 12;

/** The photo format whose metadata the server cleans, from the file's first 12 bytes, or undefined. */
export function photoFormat(head: Uint8Array): PhotoFormat | undefined {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && pngSignature.equals(head.subarray(0, 8))) return 'png';
  if (head.length >= headBytes && isWebp(head)) return 'webp';
  return undefined;
}

/** A new filter for one file of `format`. */
export function photoCleaner(format: PhotoFormat, keepLocation: boolean): PhotoCleaner {
  if (format === 'jpeg') return new JpegCleaner(keepLocation);
  return format === 'png' ? new PngCleaner(keepLocation) : new WebpCleaner(keepLocation);
}

/** What the transform learnt; read after the stream ended. */
export interface PhotoPrivacy extends ExifFindings {
  /** The photo format, when the bytes are one the server cleans. */
  format?: PhotoFormat;
}

/** The transform of the module comment. `keepLocation` leaves GPS in place (the capture time is read either way). */
export class PhotoPrivacyTransform extends Transform {
  private cleaner: PhotoCleaner | 'pass' | undefined;
  private head: Buffer = Buffer.alloc(0);
  private format: PhotoFormat | undefined;

  constructor(private readonly keepLocation = false) {
    super();
  }

  get findings(): PhotoPrivacy {
    const found = typeof this.cleaner === 'object' ? this.cleaner.findings : { gpsRemoved: false, changed: false };
    return this.format ? { ...found, format: this.format } : { ...found };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    let cleaner = this.cleaner;
    if (!cleaner) {
      this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
      if (this.head.length < headBytes) {
        callback();
        return;
      }
      chunk = this.head;
      this.head = Buffer.alloc(0);
      cleaner = this.start(chunk);
    }
    this.send(cleaner === 'pass' ? [chunk] : cleaner.push(chunk), callback);
  }

  override _flush(callback: (error?: Error | null, data?: Buffer) => void): void {
    if (!this.cleaner) {
      // A file shorter than the head: too short to be a photo with metadata.
      this.cleaner = 'pass';
      callback(null, this.head.length > 0 ? this.head : undefined);
      return;
    }
    this.send(this.cleaner === 'pass' ? [] : this.cleaner.end(), callback);
  }

  /** Picks the filter from the head. */
  private start(head: Buffer): PhotoCleaner | 'pass' {
    this.format = photoFormat(head);
    this.cleaner = this.format ? photoCleaner(this.format, this.keepLocation) : 'pass';
    return this.cleaner;
  }

  private send(out: Buffer[], callback: (error?: Error | null, data?: Buffer) => void): void {
    const bytes = out.filter((b) => b.length > 0);
    callback(null, bytes.length === 0 ? undefined : bytes.length === 1 ? bytes[0] : Buffer.concat(bytes));
  }
}
