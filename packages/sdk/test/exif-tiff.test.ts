/**
 * The one EXIF reader (photos/exif-tiff.ts), for both of its uses: the
 * browser's downscaling (orientation and capture time carried over,
 * `readPhotoExif`) and the server's photo privacy (the capture time as ISO
 * 8601, the GPS directory found; `@attachkit/sdk/server`). Fixtures are real
 * EXIF written by sharp (little-endian) and by `minimalExifSegment` (big-endian).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp, { type Exif } from 'sharp';
import { ExifTiff, exifCaptureToIso, exifTags, isExifSegment, readExifCapture } from '../src/server.js';
import { minimalExifSegment, readPhotoExif } from '../src/photos/photo-exif.js';

/** The EXIF APP1 segment (from its FF E1 marker) of a JPEG sharp writes with `exif`. */
async function segmentWith(exif: Exif): Promise<Uint8Array> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#246' } })
    .withExif(exif)
    .jpeg()
    .toBuffer();
  const body = (await sharp(jpeg).metadata()).exif;
  assert.ok(body, 'sharp wrote EXIF');
  const segment = new Uint8Array(4 + body.length);
  segment.set([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  segment.set(body, 4);
  return segment;
}

/** What the server takes from a segment: the capture time as ISO 8601. */
const serverCapture = (segment: Uint8Array) => exifCaptureToIso(readExifCapture(new ExifTiff(segment)));

describe('the EXIF reader shared by the browser and the server', () => {
  it('reads the capture time with its offset, little- and big-endian, the same for both uses', async () => {
    const little = await segmentWith({ IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' } });
    const big = minimalExifSegment({ capturedAt: '2026:11:30 14:05:09', offset: '+02:00' });
    assert.ok(isExifSegment(little) && isExifSegment(big));
    assert.equal(new ExifTiff(little).little, true);
    assert.equal(new ExifTiff(big).little, false);
    for (const segment of [little, big]) {
      assert.deepEqual(readExifCapture(new ExifTiff(segment)), { capturedAt: '2026:11:30 14:05:09', offset: '+02:00' });
      assert.deepEqual(readPhotoExif(segment), { orientation: 1, capturedAt: '2026:11:30 14:05:09', offset: '+02:00' });
      assert.equal(serverCapture(segment), '2026-11-30T14:05:09+02:00');
    }
  });

  it('falls back to DateTimeDigitized, then IFD0 DateTime, each with its own offset', async () => {
    const digitized = await segmentWith({
      IFD0: { DateTime: '2026:11:29 08:00:00' },
      IFD2: {
        DateTimeOriginal: '0000:00:00 00:00:00',
        DateTimeDigitized: '2026:11:30 14:05:09',
        OffsetTimeDigitized: '-05:00',
        OffsetTime: '+01:00',
      },
    });
    assert.deepEqual(readPhotoExif(digitized), { orientation: 1, capturedAt: '2026:11:30 14:05:09', offset: '-05:00' });
    assert.equal(serverCapture(digitized), '2026-11-30T14:05:09-05:00');

    const modified = await segmentWith({
      IFD0: { DateTime: '2026:11:29 08:00:00' },
      IFD2: { OffsetTime: '+01:00', OffsetTimeOriginal: '+09:00' },
    });
    assert.deepEqual(readPhotoExif(modified), { orientation: 1, capturedAt: '2026:11:29 08:00:00', offset: '+01:00' });
    assert.equal(serverCapture(modified), '2026-11-29T08:00:00+01:00');
  });

  it('leaves out what is no date or no offset', async () => {
    const noDate = await segmentWith({ IFD2: { DateTimeOriginal: '2026:13:40 25:00:00', OffsetTimeOriginal: '+02:00' } });
    assert.deepEqual(readPhotoExif(noDate), { orientation: 1 });
    assert.equal(serverCapture(noDate), undefined);
    const noOffset = await segmentWith({ IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: 'local' } });
    assert.deepEqual(readPhotoExif(noOffset), { orientation: 1, capturedAt: '2026:11:30 14:05:09' });
    assert.equal(serverCapture(noOffset), '2026-11-30T14:05:09');
    assert.equal(exifCaptureToIso({}), undefined);
  });

  it('finds the GPS directory and its values (what the server empties)', async () => {
    const segment = await segmentWith({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSMapDatum: 'SECRET-DATUM' } });
    const tiff = new ExifTiff(segment);
    const gps = tiff.child(tiff.root(), exifTags.gpsIfd);
    assert.deepEqual(
      gps.map((e) => e.tag).sort((a, b) => a - b),
      [1, 2, 18],
    );
    const latitude = gps.find((e) => e.tag === 2);
    assert.deepEqual({ type: latitude?.type, count: latitude?.count, size: latitude?.size }, { type: 5, count: 3, size: 24 });
    const datum = gps.find((e) => e.tag === 18);
    assert.ok(datum);
    assert.equal(tiff.ascii(datum), 'SECRET-DATUM');
    tiff.zero(datum.valueAt, datum.size);
    assert.equal(tiff.ascii(datum), undefined, 'zeroed in place');
    assert.ok(!Buffer.from(segment).includes('SECRET'));
    assert.deepEqual(tiff.child(tiff.root(), 0x1234), [], 'no such pointer: no directory');
  });

  it('throws RangeError on malformed TIFF (the server then drops the segment; the browser carries nothing over)', () => {
    const app1 = (body: number[]) => Uint8Array.from([0xff, 0xe1, 0, body.length + 8, 0x45, 0x78, 0x69, 0x66, 0, 0, ...body]);
    const noHeader = app1([1, 2, 3, 4]);
    const pointsOutside = app1([0x4d, 0x4d, 0, 42, 0xff, 0xff, 0xff, 0xff]);
    assert.throws(() => new ExifTiff(noHeader), RangeError);
    assert.throws(() => readExifCapture(new ExifTiff(pointsOutside)), RangeError);
    for (const segment of [noHeader, pointsOutside]) assert.deepEqual(readPhotoExif(segment), { orientation: 1 });
  });
});
