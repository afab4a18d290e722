/*
 * Whether and how far a photo is made smaller before it is uploaded: the
 * image's header read from its first bytes (type, size, EXIF orientation),
 * the target size, and the rules that keep a file as it is. Pure: no DOM,
 * no worker; prepare-photo.ts does the decoding.
 */
import { isExifSegment } from './exif-tiff.js';
import { readPhotoExif } from './photo-exif.js';

/** How many leading bytes `readImageHeader` needs at most (JPEG headers with big EXIF/XMP/ICC segments). */
export const headerBytes = 512 * 1024;

/** Quality of the re-encoded JPEG and WebP (0–1): no visible loss on a phone photo at 2560 px. */
export const encodeQuality = 0.85;

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface PhotoOptions {
  /** Long-edge limit in px; 0 turns downscaling off. */
  maxImageEdge: number;
  /** Keep the GPS position: JPEGs carry their EXIF over, PNG and WebP are not re-encoded. */
  keepLocation: boolean;
}

export interface ImageHeader {
  type: PhotoType;
  /** Pixel size as stored (before EXIF orientation). */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (JPEG); 1 otherwise. */
  orientation: number;
  /** An animated PNG or WebP (re-encoding would keep only one frame). */
  animated: boolean;
  /** The JPEG's EXIF APP1 segment, marker included. */
  exif?: Uint8Array;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
const u24le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16);
const text = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** The header of a JPEG, PNG or WebP from its first bytes (`headerBytes` suffice), or null for anything else or a truncated header. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegHeader(bytes);
  if (text(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return pngHeader(bytes);
  if (text(bytes, 0, 4) === 'RIFF' && text(bytes, 8, 4) === 'WEBP') return webpHeader(bytes);
  return null;
}

function jpegHeader(bytes: Uint8Array): ImageHeader | null {
  let exif: Uint8Array | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = u16be(bytes, at + 2);
    // Start of frame (baseline, progressive, …; not DHT C4, JPG C8, DAC CC): the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return null;
      const height = u16be(bytes, at + 5);
      const width = u16be(bytes, at + 7);
      if (width === 0 || height === 0) return null;
      return { type: 'image/jpeg', width, height, orientation: readPhotoExif(exif).orientation, animated: false, exif };
    }
    if (marker === 0xda || marker === 0xd9 || length < 2) return null;
    if (marker === 0xe1 && !exif && at + 2 + length <= bytes.length) {
      const segment = bytes.subarray(at, at + 2 + length);
      if (isExifSegment(segment)) exif = segment;
    }
    at += 2 + length;
  }
  return null;
}

function pngHeader(bytes: Uint8Array): ImageHeader | null {
  if (text(bytes, 12, 4) !== 'IHDR') return null;
  const width = u32be(bytes, 16);
  const height = u32be(bytes, 20);
  // An animated PNG has an acTL chunk before its first IDAT.
  let animated = false;
  for (let at = 8; at + 8 <= bytes.length;) {
    const type = text(bytes, at + 4, 4);
    if (type === 'acTL') animated = true;
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + u32be(bytes, at);
  }
  return width && height ? { type: 'image/png', width, height, orientation: 1, animated } : null;
}

function webpHeader(bytes: Uint8Array): ImageHeader | null {
  const chunk = text(bytes, 12, 4);
  let width: number;
  let height: number;
  let animated = false;
  if (chunk === 'VP8X') {
    animated = ((bytes[20] ?? 0) & 0x02) !== 0;
    width = u24le(bytes, 24) + 1;
    height = u24le(bytes, 27) + 1;
  } else if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    width = ((bytes[26] ?? 0) | ((bytes[27] ?? 0) << 8)) & 0x3fff;
    height = ((bytes[28] ?? 0) | ((bytes[29] ?? 0) << 8)) & 0x3fff;
  } else if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = u24le(bytes, 21) + (bytes[24] ?? 0) * 0x1000000;
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else return null;
  return width && height ? { type: 'image/webp', width, height, orientation: 1, animated } : null;
}

/** The size of an image fitted within `maxEdge` on its long edge, aspect kept, never enlarged; `maxEdge` 0 keeps it. */
export function targetSize(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (!(maxEdge > 0) || long <= maxEdge) return { width, height };
  const scale = maxEdge / long;
  return width >= height
    ? { width: maxEdge, height: Math.max(1, Math.round(height * scale)) }
    : { width: Math.max(1, Math.round(width * scale)), height: maxEdge };
}

/** Why a file is uploaded as it is. */
export type KeepReason = 'off' | 'not-a-photo' | 'small-enough' | 'animated' | 'keeps-location';

export type PhotoPlan =
  | { action: 'keep'; reason: KeepReason }
  /** Re-encode as `type` at `width`×`height` (upright: EXIF orientation applied). */
  | { action: 'downscale'; type: PhotoType; width: number; height: number; quality: number };

/** Whether a photo is made smaller, from its header and the options. A result that would not be smaller is dropped later. */
export function planDownscale(header: ImageHeader | null, options: PhotoOptions): PhotoPlan {
  if (!(options.maxImageEdge > 0)) return { action: 'keep', reason: 'off' };
  if (!header) return { action: 'keep', reason: 'not-a-photo' };
  if (header.animated) return { action: 'keep', reason: 'animated' };
  // Orientations 5–8 turn the picture a quarter: width and height swap.
  const turned = header.orientation >= 5;
  const width = turned ? header.height : header.width;
  const height = turned ? header.width : header.height;
  const target = targetSize(width, height, options.maxImageEdge);
  if (target.width === width && target.height === height) return { action: 'keep', reason: 'small-enough' };
  // PNG and WebP EXIF is not carried over; with the location kept they stay as they are.
  if (options.keepLocation && header.type !== 'image/jpeg') return { action: 'keep', reason: 'keeps-location' };
  return { action: 'downscale', type: header.type, ...target, quality: encodeQuality };
}
