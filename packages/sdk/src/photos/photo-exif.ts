/*
 * The little EXIF a downscaled photo keeps. Re-encoding a photo drops its
 * metadata (the GPS position with it); the capture time is what the server
 * turns into the attachment's `capturedAt`, so the re-encoded JPEG gets a
 * minimal EXIF block: DateTimeOriginal and OffsetTimeOriginal, Orientation 1
 * (the pixels are upright now), nothing else. With `keepLocation` the
 * original EXIF is carried over instead, GPS included, with its orientation
 * set to 1. Pure: bytes in, bytes out.
 */

const tags = {
  orientation: 0x0112,
  dateTime: 0x0132,
  exifIfd: 0x8769,
  dateTimeOriginal: 0x9003,
  dateTimeDigitized: 0x9004,
  offsetTime: 0x9010,
  offsetTimeOriginal: 0x9011,
  offsetTimeDigitized: 0x9012,
} as const;

const exifId = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

/** What a photo's EXIF says about how to show it and when it was taken. */
export interface PhotoExif {
  /** 1–8 (EXIF Orientation); 1 when absent. */
  orientation: number;
  /** `2026:11:30 14:05:09` as the camera wrote it (DateTimeOriginal, else DateTimeDigitized, else DateTime). */
  capturedAt?: string;
  /** `+02:00`: the camera's UTC offset for that time, when it recorded one. */
  offset?: string;
}

/** Reads the TIFF structure inside an APP1 body (after "Exif\0\0"); throws RangeError on anything malformed. */
class Tiff {
  private readonly view: DataView;
  readonly little: boolean;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly base: number,
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
  /** The IFD at `offset`: tag, type, count, and the entry's own position. */
  entries(offset: number): { tag: number; type: number; count: number; entry: number }[] {
    const count = this.u16(offset);
    return Array.from({ length: count }, (_, i) => {
      const entry = offset + 2 + i * 12;
      return { tag: this.u16(entry), type: this.u16(entry + 2), count: this.u32(entry + 4), entry };
    });
  }
  ascii(entry: { type: number; count: number; entry: number }): string | undefined {
    if (entry.type !== 2) return undefined;
    const at = entry.count <= 4 ? entry.entry + 8 : this.u32(entry.entry + 8);
    const start = this.at(at, entry.count);
    let text = '';
    for (let i = start; i < start + entry.count && this.bytes[i] !== 0; i++) text += String.fromCharCode(this.bytes[i] ?? 0);
    return text.trim() || undefined;
  }
}

/** True when `segment` (starting at its FF E1 marker) is an EXIF APP1 segment. */
export function isExifSegment(segment: Uint8Array): boolean {
  return segment[0] === 0xff && segment[1] === 0xe1 && exifId.every((byte, i) => segment[4 + i] === byte);
}

/** Orientation and capture time from an EXIF APP1 segment (starting at FF E1); what cannot be read is left out. */
export function readPhotoExif(segment: Uint8Array | undefined): PhotoExif {
  const found: PhotoExif = { orientation: 1 };
  if (!segment || !isExifSegment(segment)) return found;
  try {
    const tiff = new Tiff(segment, 10);
    const root = tiff.entries(tiff.u32(4));
    const orientation = root.find((e) => e.tag === tags.orientation && e.type === 3);
    if (orientation) {
      const value = tiff.u16(orientation.entry + 8);
      if (value >= 1 && value <= 8) found.orientation = value;
    }
    const pointer = root.find((e) => e.tag === tags.exifIfd);
    const exif = pointer ? tiff.entries(tiff.u32(pointer.entry + 8)) : [];
    const text = (list: typeof root, tag: number) => {
      const entry = list.find((e) => e.tag === tag);
      return entry ? tiff.ascii(entry) : undefined;
    };
    // DateTimeOriginal, else DateTimeDigitized, else IFD0's DateTime, each with its own offset (as the server reads them).
    const candidates = [
      { time: text(exif, tags.dateTimeOriginal), offset: text(exif, tags.offsetTimeOriginal) },
      { time: text(exif, tags.dateTimeDigitized), offset: text(exif, tags.offsetTimeDigitized) },
      { time: text(root, tags.dateTime), offset: text(exif, tags.offsetTime) },
    ];
    const capture = candidates.find((c) => c.time !== undefined && isExifDate(c.time));
    if (capture) {
      found.capturedAt = capture.time;
      if (capture.offset && /^[+-]\d{2}:\d{2}$/.test(capture.offset)) found.offset = capture.offset;
    }
  } catch {
    // Unreadable EXIF: nothing is carried over (the server drops such EXIF too).
  }
  return found;
}

const isExifDate = (value: string) => /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/.test(value) && !value.startsWith('0000');

/**
 * A minimal EXIF APP1 segment (big-endian TIFF): IFD0 with Orientation 1 and
 * the Exif IFD pointer; the Exif IFD with DateTimeOriginal (and
 * OffsetTimeOriginal when known). No GPS, no camera, no thumbnail.
 */
export function minimalExifSegment(capture: { capturedAt: string; offset?: string }): Uint8Array {
  const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0) & 0x7f).concat(0);
  const time = ascii(capture.capturedAt);
  const offset = capture.offset ? ascii(capture.offset) : null;
  const ifd0 = 8;
  const ifd0Size = 2 + 2 * 12 + 4;
  const exifIfd = ifd0 + ifd0Size;
  const exifCount = offset ? 2 : 1;
  const data = exifIfd + 2 + exifCount * 12 + 4;
  const tiff = new Uint8Array(data + time.length + (offset?.length ?? 0));
  const view = new DataView(tiff.buffer);
  tiff.set([0x4d, 0x4d, 0, 42]); // "MM", 42
  view.setUint32(4, ifd0);
  const entry = (at: number, tag: number, type: number, count: number, value: number, short = false) => {
    view.setUint16(at, tag);
    view.setUint16(at + 2, type);
    view.setUint32(at + 4, count);
    if (short) view.setUint16(at + 8, value);
    else view.setUint32(at + 8, value);
  };
  view.setUint16(ifd0, 2);
  entry(ifd0 + 2, tags.orientation, 3, 1, 1, true);
  entry(ifd0 + 14, tags.exifIfd, 4, 1, exifIfd);
  view.setUint32(ifd0 + 26, 0);
  view.setUint16(exifIfd, exifCount);
  entry(exifIfd + 2, tags.dateTimeOriginal, 2, time.length, data);
  tiff.set(time, data);
  if (offset) {
    // Seven bytes ("+02:00\0") do not fit in the entry: stored after the time.
    entry(exifIfd + 14, tags.offsetTimeOriginal, 2, offset.length, data + time.length);
    tiff.set(offset, data + time.length);
  }
  view.setUint32(exifIfd + 2 + exifCount * 12, 0);
  return app1([...exifId], tiff);
}

/** A copy of an EXIF APP1 segment with its Orientation set to 1 (for pixels already turned upright), or undefined when unreadable. */
export function uprightExifSegment(segment: Uint8Array): Uint8Array | undefined {
  if (!isExifSegment(segment)) return undefined;
  const copy = segment.slice();
  try {
    const tiff = new Tiff(copy, 10);
    const orientation = tiff.entries(tiff.u32(4)).find((e) => e.tag === tags.orientation && e.type === 3);
    if (orientation) tiff.setU16(orientation.entry + 8, 1);
    return copy;
  } catch {
    return undefined;
  }
}

function app1(id: number[], body: Uint8Array): Uint8Array {
  const length = 2 + id.length + body.length;
  if (length > 0xffff) throw new RangeError('EXIF segment too large');
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, 0xe1, length >> 8, length & 0xff]);
  segment.set(id, 4);
  segment.set(body, 4 + id.length);
  return segment;
}

/**
 * Where a segment goes in an encoded JPEG: after the SOI marker and a
 * leading JFIF APP0 segment (so JFIF readers still find theirs first), or
 * -1 when the bytes are no JPEG.
 */
export function exifInsertionPoint(jpeg: Uint8Array): number {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return -1;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0 && jpeg.length >= 6) return 4 + (((jpeg[4] ?? 0) << 8) | (jpeg[5] ?? 0));
  return 2;
}
