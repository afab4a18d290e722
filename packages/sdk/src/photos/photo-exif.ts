import { ExifTiff, exifId, exifTags as tags, isExifSegment, readExifCapture, type ExifCapture } from './exif-tiff.js';

/*
 * The little EXIF a downscaled photo keeps. Re-encoding a photo drops its
 * metadata (the GPS position with it); the capture time is what the server
 * turns into the attachment's `capturedAt`, so the re-encoded JPEG gets a
 * minimal EXIF block: DateTimeOriginal and OffsetTimeOriginal, Orientation 1
 * (the pixels are upright now), nothing else. With `keepLocation` the
 * original EXIF is carried over instead, GPS included, with its orientation
 * set to 1. Pure: bytes in, bytes out.
 */

/** What a photo's EXIF says about how to show it and when it was taken. */
export interface PhotoExif extends ExifCapture {
  /** 1–8 (EXIF Orientation); 1 when absent. */
  orientation: number;
}

/** Orientation and capture time from an EXIF APP1 segment (starting at FF E1); what cannot be read is left out. */
export function readPhotoExif(segment: Uint8Array | undefined): PhotoExif {
  const found: PhotoExif = { orientation: 1 };
  if (!segment || !isExifSegment(segment)) return found;
  try {
    const tiff = new ExifTiff(segment);
    const root = tiff.root();
    const orientation = root.find((e) => e.tag === tags.orientation && e.type === 3);
    if (orientation) {
      const value = tiff.u16(orientation.entry + 8);
      if (value >= 1 && value <= 8) found.orientation = value;
    }
    // The capture time as the server reads it (the same reader).
    Object.assign(found, readExifCapture(tiff, root));
  } catch {
    // Unreadable EXIF: nothing is carried over (the server drops such EXIF too).
  }
  return found;
}

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
    const tiff = new ExifTiff(copy);
    const orientation = tiff.root().find((e) => e.tag === tags.orientation && e.type === 3);
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
