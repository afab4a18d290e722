import { crc32, inflateSync } from 'node:zlib';
import { addFindings, BufferedCleaner, cleanExif, maxMetadataBytes, tiffBase, xmpHasGps } from './photo-exif.js';

/**
 * A PNG's metadata filter, chunk by chunk to IEND: the `eXIf` chunk has its
 * GPS directory emptied in place (same length, its CRC recomputed), and XMP
 * (`iTXt`/`zTXt`/`tEXt` with keyword `XML:com.adobe.xmp`) that carries GPS
 * fields is dropped as a whole chunk — PNG has no total length, so nothing
 * else changes. Image data (IDAT) and every other chunk pass untouched, streamed.
 */

export const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const textTypes = new Set(['iTXt', 'zTXt', 'tEXt']);
const xmpKeyword = 'XML:com.adobe.xmp';
/** ImageMagick's hex dumps of EXIF and XMP in text chunks: not parsed, so dropped unless the location is kept. */
const rawProfile = /^Raw profile type (exif|app1|xmp)$/i;

export class PngCleaner extends BufferedCleaner {
  private started = false;
  /** Bytes of the current chunk still to pass through or (`skip`) leave out, unread. */
  private streaming = { bytes: 0, skip: false };

  protected parse(): Buffer[] {
    const out: Buffer[] = [];
    if (!this.started) {
      if (this.pending.length < 8) return out;
      out.push(this.take(8));
      this.started = true;
    }
    while (!this.passing) {
      if (this.streaming.bytes > 0) {
        const part = this.take(this.streaming.bytes);
        this.streaming.bytes -= part.length;
        if (!this.streaming.skip) out.push(part);
        if (this.streaming.bytes > 0) break;
        continue;
      }
      if (this.pending.length < 8) break;
      const length = this.pending.readUInt32BE(0);
      const type = this.pending.toString('latin1', 4, 8);
      if (length > 0x7fffffff || type === 'IEND') {
        this.passing = true; // the end, or not a PNG chunk: the rest as it is
        break;
      }
      const total = 12 + length;
      const metadata = type === 'eXIf' || textTypes.has(type);
      if (!metadata || length > maxMetadataBytes) {
        // Image data and other chunks stream through; metadata too large to read is left out (fail closed).
        const skip = metadata && !this.keepLocation;
        if (skip) this.drop();
        this.streaming = { bytes: total, skip };
        continue;
      }
      if (this.pending.length < total) break;
      const whole = this.take(total);
      const kept = type === 'eXIf' ? this.exif(whole) : this.text(whole);
      if (kept) out.push(kept);
    }
    return out;
  }

  /** An eXIf chunk as it is to be stored (cleaned in a copy, its CRC recomputed), or null to drop it. */
  private exif(chunk: Buffer): Buffer | null {
    const copy = Buffer.from(chunk);
    const data = copy.subarray(8, copy.length - 4);
    try {
      const found = cleanExif(data, tiffBase(data), this.keepLocation);
      addFindings(this.findings, found);
      if (!found.changed) return chunk;
      copy.writeUInt32BE(crc32(copy.subarray(4, copy.length - 4)), copy.length - 4);
      return copy;
    } catch {
      // EXIF we cannot read might hold a position we cannot remove: drop it (fail closed).
      if (this.keepLocation) return chunk;
      this.drop();
      return null;
    }
  }

  /** A text chunk as it is to be stored, or null when it is XMP with a position (or a raw EXIF/XMP profile). */
  private text(chunk: Buffer): Buffer | null {
    if (this.keepLocation) return chunk;
    const data = chunk.subarray(8, chunk.length - 4);
    const nul = data.indexOf(0);
    const keyword = data.toString('latin1', 0, nul < 0 ? data.length : nul);
    if (rawProfile.test(keyword)) {
      this.drop();
      return null;
    }
    if (keyword !== xmpKeyword || nul < 0) return chunk;
    let text: string | undefined;
    try {
      text = xmpText(chunk.toString('latin1', 4, 8), data.subarray(nul + 1));
    } catch {
      text = undefined; // XMP we cannot inflate might hold a position: dropped below
    }
    if (text !== undefined && !xmpHasGps(text)) return chunk;
    this.drop();
    return null;
  }
}

/** The XMP text of a tEXt, zTXt or iTXt chunk's data after the keyword's NUL; throws when it cannot be read. */
function xmpText(type: string, rest: Buffer): string {
  const inflate = (bytes: Buffer) => inflateSync(bytes, { maxOutputLength: maxMetadataBytes }).toString('utf8');
  if (type === 'tEXt') return rest.toString('latin1');
  if (type === 'zTXt') return inflate(rest.subarray(1)); // compression method, then the zlib stream
  // iTXt: compression flag, method, language tag NUL, translated keyword NUL, text.
  const language = rest.indexOf(0, 2);
  const translated = language < 0 ? -1 : rest.indexOf(0, language + 1);
  if (translated < 0) throw new RangeError('a malformed iTXt chunk');
  const text = rest.subarray(translated + 1);
  return rest[0] === 1 ? inflate(text) : text.toString('utf8');
}
