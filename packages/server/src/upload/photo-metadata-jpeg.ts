import { isExifSegment } from '@attachkit/sdk/server';
import { addFindings, BufferedCleaner, cleanExif, xmpHasGps } from './photo-exif.js';

/**
 * A JPEG's metadata filter: the GPS position is removed from its EXIF APP1
 * segment in place (photo-exif.ts) and XMP packets that carry GPS fields are
 * dropped, up to the start of scan; the image data passes untouched.
 */

const xmpIds = ['http://ns.adobe.com/xap/1.0/\0', 'http://ns.adobe.com/xmp/extension/\0'].map((s) => Buffer.from(s, 'latin1'));

/** Headers larger than this (many APP segments) pass through unparsed. */
const maxHeaderBytes = 4 * 1024 * 1024;

export class JpegCleaner extends BufferedCleaner {
  private started = false;
  private headerBytes = 0;

  protected parse(): Buffer[] {
    const out: Buffer[] = [];
    if (!this.started) {
      if (this.pending.length < 2) return out;
      out.push(this.take(2));
      this.started = true;
    }
    while (this.pending.length >= 4) {
      const marker = this.pending.readUInt8(1);
      if (this.pending[0] !== 0xff) {
        this.passing = true;
        break;
      }
      if (marker === 0xff) {
        out.push(this.take(1));
        continue;
      }
      // Start of scan (image data follows), end of image, restart markers: the header is over.
      if (marker === 0xda || marker === 0xd9 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        this.passing = true;
        break;
      }
      const length = this.pending.readUInt16BE(2);
      if (length < 2) {
        this.passing = true;
        break;
      }
      if (this.pending.length < 2 + length) {
        if (this.headerBytes + this.pending.length > maxHeaderBytes) this.passing = true;
        break;
      }
      const segment = this.take(2 + length);
      this.headerBytes += segment.length;
      const kept = marker === 0xe1 ? this.app1(Buffer.from(segment)) : segment;
      if (kept) out.push(kept);
    }
    return out;
  }

  /** An APP1 segment (a copy, cleaned in place) as it is to be stored, or null to drop it. */
  private app1(segment: Buffer): Buffer | null {
    const body = segment.subarray(4);
    if (isExifSegment(segment)) {
      try {
        const found = cleanExif(segment, 10, this.keepLocation);
        addFindings(this.findings, found);
        return segment;
      } catch {
        // EXIF we cannot read might hold a position we cannot remove: drop it (fail closed).
        if (this.keepLocation) return segment;
        this.drop();
        return null;
      }
    }
    if (!this.keepLocation && xmpIds.some((id) => body.subarray(0, id.length).equals(id)) && xmpHasGps(body.toString('latin1'))) {
      this.drop();
      return null;
    }
    return segment;
  }
}
