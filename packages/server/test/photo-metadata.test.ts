/**
 * The server's use of the SDK's EXIF reader (`@attachkit/sdk/server`):
 * JpegPrivacyTransform on its own, streamed in small chunks. The capture time
 * is read the way the browser's downscaling reads it (DateTimeOriginal, else
 * DateTimeDigitized, each with its own offset); the GPS directory is emptied in
 * place unless the location is kept; unreadable EXIF is dropped. The ingest
 * pipeline end to end is photos.test.ts.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import exifReader from 'exif-reader';
import sharp, { type Exif } from 'sharp';
import { JpegPrivacyTransform } from '../src/upload/photo-metadata.js';

const gps = { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSMapDatum: 'SECRET-DATUM' };
const jpegWith = (exif: Exif) =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#468' } })
    .withExif(exif)
    .jpeg()
    .toBuffer();

async function through(bytes: Buffer, keepLocation = false) {
  const transform = new JpegPrivacyTransform(keepLocation);
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  const out = await buffer(Readable.from(chunks).pipe(transform));
  return { out, findings: transform.findings };
}

describe('JpegPrivacyTransform with the SDK’s EXIF reader', () => {
  it('removes the GPS position and reads the capture time with its offset', async () => {
    const { out, findings } = await through(
      await jpegWith({ IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' }, IFD3: gps }),
    );
    assert.deepEqual(findings, { jpeg: true, gpsRemoved: true, capturedAt: '2026-11-30T14:05:09+02:00' });
    assert.ok(!out.includes('SECRET-DATUM'));
    const exif = exifReader((await sharp(out).metadata()).exif ?? Buffer.alloc(0));
    assert.deepEqual(exif.GPSInfo ?? {}, {});
    assert.equal(exif.Photo?.OffsetTimeOriginal, '+02:00', 'the rest of the EXIF stays');
  });

  it('takes DateTimeDigitized with its own offset when DateTimeOriginal is no date (as the browser does)', async () => {
    const { findings } = await through(
      await jpegWith({
        IFD2: {
          DateTimeOriginal: '0000:00:00 00:00:00',
          OffsetTimeOriginal: '+09:00',
          DateTimeDigitized: '2026:11:30 14:05:09',
          OffsetTimeDigitized: '-05:00',
        },
      }),
    );
    assert.deepEqual(findings, { jpeg: true, gpsRemoved: false, capturedAt: '2026-11-30T14:05:09-05:00' });
  });

  it('keeps the position when asked, and drops EXIF it cannot read otherwise', async () => {
    const photo = await jpegWith({ IFD3: gps });
    const kept = await through(photo, true);
    assert.ok(kept.out.equals(photo), 'byte for byte');
    assert.deepEqual(
      { ...kept.findings, capturedAt: kept.findings.capturedAt ?? null },
      { jpeg: true, gpsRemoved: false, capturedAt: null },
    );

    const garbage = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('MM\0\x2a\xff\xff\xff\xffGPS-SECRET', 'latin1')]);
    const header = Buffer.from([0xff, 0xe1, 0, garbage.length + 2]);
    const broken = Buffer.concat([photo.subarray(0, 2), header, garbage, photo.subarray(2)]);
    const dropped = await through(broken);
    assert.ok(!dropped.out.includes('GPS-SECRET'));
    assert.equal(dropped.findings.gpsRemoved, true);
  });
});
