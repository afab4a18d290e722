import { ExifTiff, exifCaptureToIso, exifTags, readExifCapture } from '@attachkit/sdk/server';

/**
 * What every photo format's metadata filter shares (photo-metadata.ts
 * dispatches): cleaning one EXIF (TIFF) block in place with the SDK's reader,
 * telling XMP that carries a position, and the findings a filter reports.
 */

export interface ExifFindings {
  /** The capture time as ISO 8601 (`2026-11-30T14:05:09+02:00`, or without offset when the camera recorded none). */
  capturedAt?: string;
  /** True when a GPS position was found and removed (or metadata that might hold one was dropped). */
  gpsRemoved: boolean;
  /** True when a byte of the file was changed or dropped (false: the output is the input, byte for byte). */
  changed: boolean;
}

/** One format's filter, fed the file's bytes in order: answers the bytes to store (some may be held back until the next call or `end`). */
export interface PhotoCleaner {
  readonly findings: ExifFindings;
  push(chunk: Buffer): Buffer[];
  end(): Buffer[];
}

/** What every format's filter does around its parsing: holds bytes until a whole header or metadata chunk is there, and passes the rest once parsing is over. */
export abstract class BufferedCleaner implements PhotoCleaner {
  readonly findings: ExifFindings = { gpsRemoved: false, changed: false };
  protected pending: Buffer = Buffer.alloc(0);
  /** Set once the rest of the file passes as it is (the image data, or bytes the filter cannot parse). */
  protected passing = false;

  constructor(protected readonly keepLocation: boolean) {}

  push(chunk: Buffer): Buffer[] {
    if (this.passing) return [chunk];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.passRest(this.parse());
  }

  /** Once parsing is over, what is held goes too. */
  private passRest(out: Buffer[]): Buffer[] {
    if (this.passing && this.pending.length > 0) out.push(this.take(this.pending.length));
    return out;
  }

  end(): Buffer[] {
    return this.pending.length > 0 ? [this.take(this.pending.length)] : [];
  }

  /** Parses what is held: answers the bytes to store, and leaves in `pending` what waits for more. */
  protected abstract parse(): Buffer[];

  /** Takes `bytes` (or what is held, if fewer) from the front of `pending`. */
  protected take(bytes: number): Buffer {
    const part = this.pending.subarray(0, bytes);
    this.pending = this.pending.subarray(part.length);
    return part;
  }

  /** Notes that metadata which might hold a position was removed or blanked. */
  protected drop(): void {
    this.findings.gpsRemoved = true;
    this.findings.changed = true;
  }
}

/**
 * Cleans one EXIF block in place (`bytes` holds the TIFF header at `base`):
 * reads the capture time, then (unless `keepLocation`) empties the GPS
 * directory and zeroes its values, so every other offset stays valid.
 * Throws RangeError on a malformed block (the caller then drops or blanks it).
 */
export function cleanExif(bytes: Uint8Array, base: number, keepLocation: boolean): ExifFindings {
  const tiff = new ExifTiff(bytes, base);
  const root = tiff.root();
  const findings: ExifFindings = { gpsRemoved: false, changed: false };
  const capturedAt = exifCaptureToIso(readExifCapture(tiff, root));
  if (capturedAt) findings.capturedAt = capturedAt;

  const gpsEntry = root.find((e) => e.tag === exifTags.gpsIfd);
  if (!gpsEntry || keepLocation) return findings;
  const gpsAt = tiff.u32(gpsEntry.entry + 8);
  const gps = tiff.entries(gpsAt);
  for (const entry of gps) if (entry.size > 4) tiff.zero(entry.valueAt, entry.size);
  // An empty directory (count 0, next-IFD 0) where the position was.
  tiff.zero(gpsAt, 2 + gps.length * 12 + 4);
  findings.gpsRemoved = gps.length > 0;
  findings.changed = true;
  return findings;
}

/** "Exif\0\0", which some writers put before the TIFF header of a PNG eXIf or WebP EXIF chunk. */
const exifPrefix = Buffer.from('Exif\0\0', 'latin1');

/** Where the TIFF header starts in an EXIF chunk's data (after "Exif\0\0" when a writer put it there). */
export const tiffBase = (data: Buffer): number => (data.subarray(0, 6).equals(exifPrefix) ? 6 : 0);

/** True when an XMP packet records a position. */
export const xmpHasGps = (text: string): boolean => /GPS(Latitude|Longitude|Altitude)/.test(text);

/** Metadata chunks (PNG eXIf and text, WebP EXIF and XMP) larger than this are not read: dropped or blanked unless the location is kept. */
export const maxMetadataBytes = 4 * 1024 * 1024;

/** Folds one cleaner's findings into another's. */
export function addFindings(into: ExifFindings, found: ExifFindings): void {
  if (into.capturedAt === undefined && found.capturedAt !== undefined) into.capturedAt = found.capturedAt;
  into.gpsRemoved ||= found.gpsRemoved;
  into.changed ||= found.changed;
}
