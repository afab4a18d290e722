import { addFindings, BufferedCleaner, cleanExif, maxMetadataBytes, tiffBase, xmpHasGps } from './photo-exif.js';

/**
 * A WebP's metadata filter, chunk by chunk inside its RIFF container: the
 * `EXIF` chunk has its GPS directory emptied in place, and an `XMP ` chunk
 * that carries GPS fields has its packet replaced by an empty one padded to
 * the same length. Nothing changes length, so the RIFF size, every chunk
 * size and the VP8X flags stay valid — in a stream, the RIFF size (byte 4)
 * is long gone by the time the metadata chunks (after the image data) come.
 * EXIF that cannot be read is blanked (an empty TIFF directory, then zeros).
 */

export const isWebp = (head: Uint8Array): boolean =>
  Buffer.from(head.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(head.subarray(8, 12)).toString('latin1') === 'WEBP';

/** An empty little-endian TIFF: header, IFD0 at 8 with no entries, no next IFD. */
const emptyTiff = Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const emptyXmp = Buffer.from('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>');

/** What a blanked chunk's data holds: the template, then zeros (EXIF) or spaces (XMP, the packet's own padding). */
function blank(kind: 'EXIF' | 'XMP ', from: number, length: number): Buffer {
  const template = kind === 'EXIF' ? emptyTiff : emptyXmp;
  const bytes = Buffer.alloc(length, kind === 'EXIF' ? 0 : 0x20);
  template.copy(bytes, 0, Math.min(from, template.length), Math.min(from + length, template.length));
  return bytes;
}

export class WebpCleaner extends BufferedCleaner {
  private started = false;
  /** Where the next unread byte is, and where the RIFF container ends. */
  private position = 0;
  private riffEnd = 0;
  /** The current chunk's bytes still to pass through or to blank (a metadata chunk too large to read). */
  private streaming: { bytes: number; blank?: { kind: 'EXIF' | 'XMP '; at: number } } = { bytes: 0 };

  protected parse(): Buffer[] {
    const out: Buffer[] = [];
    if (!this.started) {
      if (this.pending.length < 12) return out;
      this.riffEnd = 8 + this.pending.readUInt32LE(4);
      out.push(this.take(12));
      this.started = true;
    }
    while (!this.passing) {
      if (this.streaming.bytes > 0) {
        const part = this.take(this.streaming.bytes);
        this.streaming.bytes -= part.length;
        const { blank: blanking } = this.streaming;
        if (blanking) {
          out.push(blank(blanking.kind, blanking.at, part.length));
          blanking.at += part.length;
        } else out.push(part);
        if (this.streaming.bytes > 0) break;
        continue;
      }
      if (this.pending.length < 8) break;
      const kind = this.pending.toString('latin1', 0, 4);
      const size = this.pending.readUInt32LE(4);
      const padded = size + (size & 1);
      if (this.position + 8 + padded > this.riffEnd) {
        this.passing = true; // past the container, or a chunk larger than it: the rest as it is
        break;
      }
      if (kind !== 'EXIF' && kind !== 'XMP ') {
        this.streaming = { bytes: 8 + padded };
        continue;
      }
      if (size > maxMetadataBytes) {
        out.push(this.take(8));
        if (this.keepLocation) this.streaming = { bytes: padded };
        else {
          this.drop();
          this.streaming = { bytes: padded, blank: { kind, at: 0 } };
        }
        continue;
      }
      if (this.pending.length < 8 + padded) break;
      const whole = this.take(8 + padded);
      out.push(kind === 'EXIF' ? this.exif(whole, size) : this.xmp(whole, size));
    }
    return out;
  }

  protected override take(bytes: number): Buffer {
    const part = super.take(bytes);
    this.position += part.length;
    return part;
  }

  /** An EXIF chunk as it is to be stored: cleaned in a copy, or blanked when it cannot be read. */
  private exif(chunk: Buffer, size: number): Buffer {
    const copy = Buffer.from(chunk);
    const data = copy.subarray(8, 8 + size);
    try {
      const found = cleanExif(data, tiffBase(data), this.keepLocation);
      addFindings(this.findings, found);
      return found.changed ? copy : chunk;
    } catch {
      // EXIF we cannot read might hold a position we cannot remove (fail closed).
      if (this.keepLocation) return chunk;
      this.drop();
      blank('EXIF', 0, size).copy(data);
      return copy;
    }
  }

  /** An XMP chunk as it is to be stored: its packet emptied when it records a position. */
  private xmp(chunk: Buffer, size: number): Buffer {
    if (this.keepLocation || !xmpHasGps(chunk.toString('utf8', 8, 8 + size))) return chunk;
    this.drop();
    const copy = Buffer.from(chunk);
    blank('XMP ', 0, size).copy(copy, 8);
    return copy;
  }
}
