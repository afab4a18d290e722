/**
 * Camera-like photos for the browser tests: a JPEG drawn on a canvas and
 * encoded by Chromium, then given an EXIF block built here, byte by byte,
 * the way a phone camera writes one: Orientation, DateTimeOriginal,
 * OffsetTimeOriginal, and a GPS position. Independent of the SDK's own
 * EXIF code (photo-exif.ts), so the tests check it rather than reuse it.
 */

export interface CameraExif {
  orientation?: number;
  /** `2026:11:30 14:05:09` */
  dateTimeOriginal?: string;
  /** `+02:00` */
  offsetTimeOriginal?: string;
  /** Degrees north and east. */
  gps?: { latitude: number; longitude: number };
}

interface Entry {
  tag: number;
  type: 2 | 3 | 4 | 5;
  values: number[] | string;
}

/** A little-endian TIFF ("II") APP1 segment with IFD0, the Exif IFD and the GPS IFD as asked. */
export function exifSegment(exif: CameraExif): Uint8Array {
  const ifd0: Entry[] = [{ tag: 0x010f, type: 2, values: 'TestCam' }];
  if (exif.orientation) ifd0.push({ tag: 0x0112, type: 3, values: [exif.orientation] });
  const photo: Entry[] = [];
  if (exif.dateTimeOriginal) photo.push({ tag: 0x9003, type: 2, values: exif.dateTimeOriginal });
  if (exif.offsetTimeOriginal) photo.push({ tag: 0x9011, type: 2, values: exif.offsetTimeOriginal });
  const gps: Entry[] = [];
  if (exif.gps) {
    const dms = (deg: number) => {
      const d = Math.floor(Math.abs(deg));
      const m = Math.floor((Math.abs(deg) - d) * 60);
      const s = Math.round(((Math.abs(deg) - d) * 60 - m) * 60 * 100);
      return [d, 1, m, 1, s, 100];
    };
    gps.push(
      { tag: 0x0001, type: 2, values: exif.gps.latitude >= 0 ? 'N' : 'S' },
      { tag: 0x0002, type: 5, values: dms(exif.gps.latitude) },
      { tag: 0x0003, type: 2, values: exif.gps.longitude >= 0 ? 'E' : 'W' },
      { tag: 0x0004, type: 5, values: dms(exif.gps.longitude) },
    );
  }
  const ifds = [ifd0, photo, gps].filter((list, i) => i === 0 || list.length > 0);
  if (photo.length) ifd0.push({ tag: 0x8769, type: 4, values: [0] });
  if (gps.length) ifd0.push({ tag: 0x8825, type: 4, values: [0] });
  ifd0.sort((a, b) => a.tag - b.tag);

  const bytesOf = (e: Entry) => (typeof e.values === 'string' ? e.values.length + 1 : e.values.length * { 2: 1, 3: 2, 4: 4, 5: 4 }[e.type]);
  const count = (e: Entry) => (typeof e.values === 'string' ? e.values.length + 1 : e.type === 5 ? e.values.length / 2 : e.values.length);
  // Layout: header, then each IFD followed by its out-of-line values.
  const offsets: number[] = [];
  let at = 8;
  for (const list of ifds) {
    offsets.push(at);
    at += 2 + list.length * 12 + 4;
    for (const e of list) if (bytesOf(e) > 4) at += bytesOf(e) + (bytesOf(e) % 2);
  }
  const tiff = new Uint8Array(at);
  const view = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  const pointer = (tag: number, index: number) => {
    const e = ifd0.find((x) => x.tag === tag);
    if (e) e.values = [offsets[index]!];
  };
  pointer(0x8769, 1);
  pointer(0x8825, photo.length ? 2 : 1);
  ifds.forEach((list, index) => {
    let position = offsets[index]!;
    let data = position + 2 + list.length * 12 + 4;
    view.setUint16(position, list.length, true);
    position += 2;
    for (const e of list) {
      view.setUint16(position, e.tag, true);
      view.setUint16(position + 2, e.type, true);
      view.setUint32(position + 4, count(e), true);
      const size = bytesOf(e);
      const target = size > 4 ? data : position + 8;
      if (size > 4) {
        view.setUint32(position + 8, data, true);
        data += size + (size % 2);
      }
      if (typeof e.values === 'string') tiff.set(Array.from(e.values, (c) => c.charCodeAt(0)).concat(0), target);
      else
        e.values.forEach((v, i) => {
          if (e.type === 3) view.setUint16(target + i * 2, v, true);
          else view.setUint32(target + i * 4, v, true);
        });
      position += 12;
    }
    view.setUint32(position, 0, true);
  });
  const length = 2 + 6 + tiff.length;
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, 0xe1, length >> 8, length & 0xff, 0x45, 0x78, 0x69, 0x66, 0, 0]);
  segment.set(tiff, 10);
  return segment;
}

/**
 * A JPEG of `width`×`height` stored pixels: the top-left quarter red, the
 * rest a blue-green gradient with fine noise (so it compresses like a photo),
 * with the EXIF given, right after SOI.
 */
export async function cameraPhoto(width: number, height: number, exif: CameraExif = {}, quality = 0.92): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#1060c0');
  gradient.addColorStop(1, '#20c080');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  // Deterministic speckles: a photo's texture, not a flat area the encoder squeezes to nothing.
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 60_000; i++) {
    context.fillStyle = `rgb(${(random() * 255) | 0},${(random() * 255) | 0},${(random() * 255) | 0})`;
    context.fillRect(random() * width, random() * height, 6, 6);
  }
  context.fillStyle = '#ff0000';
  context.fillRect(0, 0, width / 2, height / 2);
  const encoded = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality })).arrayBuffer());
  const parts: BlobPart[] = [encoded.slice(0, 2)];
  if (Object.keys(exif).length > 0) parts.push(exifSegment(exif) as Uint8Array<ArrayBuffer>);
  parts.push(encoded.slice(2));
  return new File(parts, 'IMG_20261130_140509.jpg', { type: 'image/jpeg' });
}

/** The colour at (x, y) of an image as the browser shows it (`from-image`: EXIF orientation applied). */
export async function pixelAt(blob: Blob, x: number, y: number): Promise<[number, number, number]> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const [r, g, b] = context.getImageData(x, y, 1, 1).data;
  return [r!, g!, b!];
}

/** Width and height of an image as the browser shows it. */
export async function shownSize(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}
