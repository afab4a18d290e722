import { Transform } from 'node:stream';
import { ExifTiff, exifCaptureToIso, exifTags, isExifSegment, readExifCapture } from '@attachkit/sdk/server';

/**
 * Photo privacy without re-encoding: a stream transform that, for a JPEG,
 * removes the GPS position from its EXIF (the GPS directory is emptied and
 * its values zeroed in place, so every other offset stays valid and the image
 * data is untouched) and drops XMP packets that carry GPS fields, while it
 * reads the capture time (`DateTimeOriginal`, with `OffsetTimeOriginal` when
 * recorded). Anything that is not a JPEG passes through unchanged.
 */

export interface ExifFindings {
  /** The capture time as ISO 8601 (`2026-11-30T14:05:09+02:00`, or without offset when the camera recorded none). */
  capturedAt?: string;
  /** True when a GPS position was found and removed. */
  gpsRemoved: boolean;
}

/**
 * Cleans one EXIF APP1 segment in place (`segment` starts at the FF E1 marker):
 * empties the GPS directory and zeroes its values; returns what it found.
 * Throws on a malformed EXIF block (the caller then drops the segment).
 * The reading is the SDK's, the one the browser's downscaling uses.
 */
export function cleanExifSegment(segment: Buffer): ExifFindings {
  const tiff = new ExifTiff(segment);
  const root = tiff.root();
  const findings: ExifFindings = { gpsRemoved: false };
  const capturedAt = exifCaptureToIso(readExifCapture(tiff, root));
  if (capturedAt) findings.capturedAt = capturedAt;

  const gpsEntry = root.find((e) => e.tag === exifTags.gpsIfd);
  if (gpsEntry) {
    const gpsAt = tiff.u32(gpsEntry.entry + 8);
    const gps = tiff.entries(gpsAt);
    for (const entry of gps) if (entry.size > 4) tiff.zero(entry.valueAt, entry.size);
    // An empty directory (count 0, next-IFD 0) where the position was.
    tiff.zero(gpsAt, 2 + gps.length * 12 + 4);
    findings.gpsRemoved = gps.length > 0;
  }
  return findings;
}

const xmpIds = ['http://ns.adobe.com/xap/1.0/\0', 'http://ns.adobe.com/xmp/extension/\0'].map((s) => Buffer.from(s, 'latin1'));

/** What the transform learnt; read after the stream ended. */
export interface PhotoPrivacy extends ExifFindings {
  /** True when the bytes are a JPEG. */
  jpeg: boolean;
}

/** The transform of the module comment. `keepLocation` leaves GPS in place (the capture time is read either way). */
export class JpegPrivacyTransform extends Transform {
  readonly findings: PhotoPrivacy = { jpeg: false, gpsRemoved: false };
  private mode: 'start' | 'segments' | 'pass' = 'start';
  private pending: Buffer = Buffer.alloc(0);
  /** Headers larger than this (many APP segments) pass through unparsed. */
  private static readonly maxHeaderBytes = 4 * 1024 * 1024;
  private headerBytes = 0;

  constructor(private readonly keepLocation = false) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    if (this.mode === 'pass') {
      callback(null, chunk);
      return;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    if (this.mode === 'start') {
      if (this.pending.length < 3) {
        callback();
        return;
      }
      if (this.pending[0] !== 0xff || this.pending[1] !== 0xd8 || this.pending[2] !== 0xff) {
        this.mode = 'pass';
      } else {
        this.findings.jpeg = true;
        out.push(this.pending.subarray(0, 2));
        this.pending = this.pending.subarray(2);
        this.mode = 'segments';
      }
    }
    while (this.mode === 'segments' && this.pending.length >= 4) {
      const marker = this.pending.readUInt8(1);
      if (this.pending[0] !== 0xff) {
        this.mode = 'pass';
        break;
      }
      if (marker === 0xff) {
        out.push(this.pending.subarray(0, 1));
        this.pending = this.pending.subarray(1);
        continue;
      }
      // Start of scan (image data follows), end of image, restart markers: the header is over.
      if (marker === 0xda || marker === 0xd9 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        this.mode = 'pass';
        break;
      }
      const length = this.pending.readUInt16BE(2);
      if (length < 2) {
        this.mode = 'pass';
        break;
      }
      if (this.pending.length < 2 + length) {
        if (this.headerBytes + this.pending.length > JpegPrivacyTransform.maxHeaderBytes) this.mode = 'pass';
        break;
      }
      const segment = this.pending.subarray(0, 2 + length);
      this.pending = this.pending.subarray(2 + length);
      this.headerBytes += segment.length;
      const kept = marker === 0xe1 ? this.app1(Buffer.from(segment)) : segment;
      if (kept) out.push(kept);
    }
    if (this.mode === 'pass') {
      out.push(this.pending);
      this.pending = Buffer.alloc(0);
    }
    callback(null, out.length === 1 ? out[0] : Buffer.concat(out));
  }

  override _flush(callback: (error?: Error | null, data?: Buffer) => void): void {
    callback(null, this.pending.length > 0 ? this.pending : undefined);
  }

  /** An APP1 segment as it is to be stored, or null to drop it. */
  private app1(segment: Buffer): Buffer | null {
    const body = segment.subarray(4);
    if (isExifSegment(segment)) {
      try {
        const findings = this.keepLocation ? cleanExifSegment(Buffer.from(segment)) : cleanExifSegment(segment);
        this.findings.capturedAt ??= findings.capturedAt;
        if (!this.keepLocation) this.findings.gpsRemoved ||= findings.gpsRemoved;
        return segment;
      } catch {
        // EXIF we cannot read might hold a position we cannot remove: drop it (fail closed).
        if (this.keepLocation) return segment;
        this.findings.gpsRemoved = true;
        return null;
      }
    }
    if (
      !this.keepLocation &&
      xmpIds.some((id) => body.subarray(0, id.length).equals(id)) &&
      /GPS(Latitude|Longitude|Altitude)/.test(body.toString('latin1'))
    ) {
      this.findings.gpsRemoved = true;
      return null;
    }
    return segment;
  }
}
