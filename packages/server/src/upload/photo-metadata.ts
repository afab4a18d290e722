import { Transform } from 'node:stream';

/**
 * Photo privacy without re-encoding: a stream transform that, for a JPEG,
 * removes the GPS position from its EXIF (the GPS directory is emptied and
 * its values zeroed in place, so every other offset stays valid and the image
 * data is untouched) and drops XMP packets that carry GPS fields, while it
 * reads the capture time (`DateTimeOriginal`, with `OffsetTimeOriginal` when
 * recorded). Anything that is not a JPEG passes through unchanged.
 */

/** Bytes of one value of each TIFF field type. */
const typeSizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

const tags = {
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  dateTime: 0x0132,
  dateTimeOriginal: 0x9003,
  dateTimeDigitized: 0x9004,
  offsetTimeOriginal: 0x9011,
};

export interface ExifFindings {
  /** The capture time as ISO 8601 (`2026-11-30T14:05:09+02:00`, or without offset when the camera recorded none). */
  capturedAt?: string;
  /** True when a GPS position was found and removed. */
  gpsRemoved: boolean;
}

class TiffView {
  readonly little: boolean;
  constructor(
    readonly bytes: Buffer,
    readonly base: number,
  ) {
    const order = bytes.toString('latin1', base, base + 2);
    if (order !== 'II' && order !== 'MM') throw new RangeError('not a TIFF header');
    this.little = order === 'II';
    if (this.u16(2) !== 42) throw new RangeError('not a TIFF header');
  }
  private at(offset: number, size: number): number {
    const position = this.base + offset;
    if (offset < 0 || position + size > this.bytes.length) throw new RangeError('EXIF offset outside the segment');
    return position;
  }
  u16(offset: number): number {
    const p = this.at(offset, 2);
    return this.little ? this.bytes.readUInt16LE(p) : this.bytes.readUInt16BE(p);
  }
  u32(offset: number): number {
    const p = this.at(offset, 4);
    return this.little ? this.bytes.readUInt32LE(p) : this.bytes.readUInt32BE(p);
  }
  zero(offset: number, size: number): void {
    const p = this.at(offset, size);
    this.bytes.fill(0, p, p + size);
  }
  /** The entries of the IFD at `offset`: tag, type, count, and where the value is (inline or at an offset). */
  entries(offset: number): { tag: number; type: number; count: number; entry: number; valueAt: number; size: number }[] {
    const count = this.u16(offset);
    const result = [];
    for (let i = 0; i < count; i++) {
      const entry = offset + 2 + i * 12;
      const type = this.u16(entry + 2);
      const n = this.u32(entry + 4);
      const size = (typeSizes[type] ?? 1) * n;
      result.push({ tag: this.u16(entry), type, count: n, entry, size, valueAt: size <= 4 ? entry + 8 : this.u32(entry + 8) });
    }
    return result;
  }
  ascii(valueAt: number, size: number): string {
    const p = this.at(valueAt, size);
    return this.bytes
      .toString('latin1', p, p + size)
      .replace(/\0.*$/s, '')
      .trim();
  }
}

/** `2026:11:30 14:05:09` (+ `+02:00`) as ISO 8601, or undefined when it is not a date. */
export function exifDateToIso(value: string, offset?: string): string | undefined {
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!match || match[1] === '0000') return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  if (Number.isNaN(Date.parse(`${iso}Z`))) return undefined;
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '';
  return iso + zone;
}

/**
 * Cleans one EXIF APP1 segment in place (`segment` starts at the FF E1 marker):
 * empties the GPS directory and zeroes its values; returns what it found.
 * Throws on a malformed EXIF block (the caller then drops the segment).
 */
export function cleanExifSegment(segment: Buffer): ExifFindings {
  const tiff = new TiffView(segment, 10);
  const ifd0 = tiff.u32(4);
  const root = tiff.entries(ifd0);
  const findings: ExifFindings = { gpsRemoved: false };
  const exifEntry = root.find((e) => e.tag === tags.exifIfd);
  const exif = exifEntry ? tiff.entries(tiff.u32(exifEntry.entry + 8)) : [];
  const text = (list: typeof exif, tag: number) => {
    const e = list.find((x) => x.tag === tag && x.type === 2);
    return e ? tiff.ascii(e.valueAt, e.size) : undefined;
  };
  const original = text(exif, tags.dateTimeOriginal) ?? text(exif, tags.dateTimeDigitized) ?? text(root, tags.dateTime);
  if (original) findings.capturedAt = exifDateToIso(original, text(exif, tags.offsetTimeOriginal));

  const gpsEntry = root.find((e) => e.tag === tags.gpsIfd);
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

const exifId = Buffer.from('Exif\0\0', 'latin1');
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
    if (body.subarray(0, exifId.length).equals(exifId)) {
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
