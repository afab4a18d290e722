/*
 * The one EXIF reader: the TIFF structure inside a JPEG's APP1 segment (or a
 * PNG eXIf / WebP EXIF chunk: `base` is where the TIFF header starts), and
 * which of its times is the capture time. The browser's downscaling reads the
 * orientation and the capture time to carry over (photo-exif.ts); the server
 * reads the same capture time as `capturedAt` and empties the GPS directory
 * in place (`@attachkit/server`'s upload/photo-exif.ts, through
 * `@attachkit/sdk/server`), so both sides agree on what a photo says. Pure:
 * bytes in, values out (`Uint8Array`, so a Node Buffer works as it is).
 */

export const exifTags = {
  orientation: 0x0112,
  dateTime: 0x0132,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  dateTimeOriginal: 0x9003,
  dateTimeDigitized: 0x9004,
  offsetTime: 0x9010,
  offsetTimeOriginal: 0x9011,
  offsetTimeDigitized: 0x9012,
} as const;

/** "Exif\0\0": what an EXIF APP1 segment's body starts with. */
export const exifId: readonly number[] = [0x45, 0x78, 0x69, 0x66, 0, 0];

/** True when `segment` (starting at its FF E1 marker) is an EXIF APP1 segment. */
export function isExifSegment(segment: Uint8Array): boolean {
  return segment[0] === 0xff && segment[1] === 0xe1 && exifId.every((byte, i) => segment[4 + i] === byte);
}

/** Bytes of one value of each TIFF field type. */
const typeSizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

/** One IFD entry: tag, type, count, the entry's own position, and where its value is (inline or at an offset) and how long. */
export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  entry: number;
  valueAt: number;
  size: number;
}

/** The TIFF structure inside an EXIF block, at `base` (10 in a JPEG APP1 segment, after "Exif\0\0"); throws RangeError on anything malformed. */
export class ExifTiff {
  private readonly view: DataView;
  readonly little: boolean;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly base = 10,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const order = String.fromCharCode(bytes[base] ?? 0, bytes[base + 1] ?? 0);
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
    return this.view.getUint16(this.at(offset, 2), this.little);
  }
  u32(offset: number): number {
    return this.view.getUint32(this.at(offset, 4), this.little);
  }
  setU16(offset: number, value: number): void {
    this.view.setUint16(this.at(offset, 2), value, this.little);
  }
  /** Zeroes `size` bytes at `offset` (in place). */
  zero(offset: number, size: number): void {
    const position = this.at(offset, size);
    this.bytes.fill(0, position, position + size);
  }
  /** The entries of the IFD at `offset`. */
  entries(offset: number): IfdEntry[] {
    const count = this.u16(offset);
    return Array.from({ length: count }, (_, i) => {
      const entry = offset + 2 + i * 12;
      const type = this.u16(entry + 2);
      const n = this.u32(entry + 4);
      const size = (typeSizes[type] ?? 1) * n;
      return { tag: this.u16(entry), type, count: n, entry, size, valueAt: size <= 4 ? entry + 8 : this.u32(entry + 8) };
    });
  }
  /** IFD0, the first directory. */
  root(): IfdEntry[] {
    return this.entries(this.u32(4));
  }
  /** The directory a pointer tag of `parent` points to (the Exif or GPS IFD), or an empty list without one. */
  child(parent: IfdEntry[], tag: number): IfdEntry[] {
    const pointer = parent.find((e) => e.tag === tag);
    return pointer ? this.entries(this.u32(pointer.entry + 8)) : [];
  }
  /** An ASCII value up to its NUL, trimmed; undefined for another type or an empty text. */
  ascii(entry: IfdEntry): string | undefined {
    if (entry.type !== 2) return undefined;
    const start = this.at(entry.valueAt, entry.size);
    let text = '';
    for (let i = start; i < start + entry.size && this.bytes[i] !== 0; i++) text += String.fromCharCode(this.bytes[i] ?? 0);
    return text.trim() || undefined;
  }
}

/** When a photo was taken, as its EXIF says. */
export interface ExifCapture {
  /** `2026:11:30 14:05:09` as the camera wrote it (DateTimeOriginal, else DateTimeDigitized, else DateTime). */
  capturedAt?: string;
  /** `+02:00`: the camera's UTC offset for that time, when it recorded one. */
  offset?: string;
}

const exifDate = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const utcOffset = /^[+-]\d{2}:\d{2}$/;

/** `2026:11:30 14:05:09` as `2026-11-30T14:05:09` (no zone), or undefined when it is no date. */
function isoOf(value: string): string | undefined {
  const match = exifDate.exec(value);
  if (!match || match[1] === '0000') return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  return Number.isNaN(Date.parse(`${iso}Z`)) ? undefined : iso;
}

/**
 * The capture time of a photo: DateTimeOriginal, else DateTimeDigitized, else
 * IFD0's DateTime, the first that is a date, each with its own offset.
 * Throws RangeError when the directories are malformed.
 */
export function readExifCapture(tiff: ExifTiff, root: IfdEntry[] = tiff.root()): ExifCapture {
  const exif = tiff.child(root, exifTags.exifIfd);
  const text = (list: IfdEntry[], tag: number) => {
    const entry = list.find((e) => e.tag === tag);
    return entry ? tiff.ascii(entry) : undefined;
  };
  const candidates = [
    { time: text(exif, exifTags.dateTimeOriginal), offset: text(exif, exifTags.offsetTimeOriginal) },
    { time: text(exif, exifTags.dateTimeDigitized), offset: text(exif, exifTags.offsetTimeDigitized) },
    { time: text(root, exifTags.dateTime), offset: text(exif, exifTags.offsetTime) },
  ];
  const capture = candidates.find((c) => c.time !== undefined && isoOf(c.time) !== undefined);
  if (!capture?.time) return {};
  return capture.offset && utcOffset.test(capture.offset)
    ? { capturedAt: capture.time, offset: capture.offset }
    : { capturedAt: capture.time };
}

/** A capture time as ISO 8601: `2026-11-30T14:05:09+02:00`, or without a zone when the camera recorded none. */
export function exifCaptureToIso(capture: ExifCapture): string | undefined {
  const iso = capture.capturedAt === undefined ? undefined : isoOf(capture.capturedAt);
  return iso && iso + (capture.offset ?? '');
}
