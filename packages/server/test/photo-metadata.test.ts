/**
 * The server's use of the SDK's EXIF reader (`@attachkit/sdk/server`):
 * PhotoPrivacyTransform on its own, streamed in small chunks. The capture time
 * is read the way the browser's downscaling reads it (DateTimeOriginal, else
 * DateTimeDigitized, each with its own offset); the GPS directory is emptied in
 * place unless the location is kept; unreadable EXIF is dropped. The ingest
 * pipeline end to end is photos.test.ts.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import exifReader from 'exif-reader';
import sharp, { type Exif } from 'sharp';
import { PhotoPrivacyTransform } from '../src/upload/photo-metadata.js';

const gps = { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSMapDatum: 'SECRET-DATUM' };
const jpegWith = (exif: Exif) =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#468' } })
    .withExif(exif)
    .jpeg()
    .toBuffer();

async function through(bytes: Buffer, keepLocation = false) {
  const transform = new PhotoPrivacyTransform(keepLocation);
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  const out = await buffer(Readable.from(chunks).pipe(transform));
  return { out, findings: transform.findings };
}

describe('PhotoPrivacyTransform (JPEG) with the SDK’s EXIF reader', () => {
  it('removes the GPS position and reads the capture time with its offset', async () => {
    const { out, findings } = await through(
      await jpegWith({ IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' }, IFD3: gps }),
    );
    assert.deepEqual(findings, { format: 'jpeg', gpsRemoved: true, changed: true, capturedAt: '2026-11-30T14:05:09+02:00' });
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
    assert.deepEqual(findings, { format: 'jpeg', gpsRemoved: false, changed: false, capturedAt: '2026-11-30T14:05:09-05:00' });
  });

  it('keeps the position when asked, and drops EXIF it cannot read otherwise', async () => {
    const photo = await jpegWith({ IFD3: gps });
    const kept = await through(photo, true);
    assert.ok(kept.out.equals(photo), 'byte for byte');
    assert.deepEqual(
      { ...kept.findings, capturedAt: kept.findings.capturedAt ?? null },
      { format: 'jpeg', gpsRemoved: false, changed: false, capturedAt: null },
    );

    const garbage = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('MM\0\x2a\xff\xff\xff\xffGPS-SECRET', 'latin1')]);
    const header = Buffer.from([0xff, 0xe1, 0, garbage.length + 2]);
    const broken = Buffer.concat([photo.subarray(0, 2), header, garbage, photo.subarray(2)]);
    const dropped = await through(broken);
    assert.ok(!dropped.out.includes('GPS-SECRET'));
    assert.equal(dropped.findings.gpsRemoved, true);
  });
});

describe('PhotoPrivacyTransform (PNG, WebP): malformed EXIF', () => {
  const image = () => sharp({ create: { width: 16, height: 16, channels: 3, background: '#468' } });
  const pixels = (bytes: Buffer) => sharp(bytes).raw().toBuffer();

  it('drops a PNG eXIf chunk it cannot read, and the file still decodes to the same pixels', async () => {
    const png = await image().png().toBuffer();
    const data = Buffer.from('MM\0\x2a\xff\xff\xff\xffGPS-SECRET', 'latin1');
    const chunk = Buffer.concat([Buffer.alloc(4), Buffer.from('eXIf'), data, Buffer.alloc(4)]);
    chunk.writeUInt32BE(data.length, 0);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, chunk.length - 4)), chunk.length - 4);
    const broken = Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]); // after the signature and IHDR
    const { out, findings } = await through(broken);
    assert.deepEqual(findings, { format: 'png', gpsRemoved: true, changed: true });
    assert.ok(out.equals(png), 'the chunk is gone, nothing else changed');
    assert.ok((await pixels(out)).equals(await pixels(broken)));
  });

  it('blanks a WebP EXIF chunk it cannot read in place (same length), and the file still decodes', async () => {
    const webp = await image().withExif({ IFD3: gps }).webp().toBuffer();
    const broken = Buffer.from(webp);
    const exifAt = broken.indexOf('EXIF') + 8 + 6; // the TIFF header, after "Exif\0\0"
    broken.writeUInt32LE(0xffffffff, exifAt + 4); // IFD0 far outside the chunk
    const { out, findings } = await through(broken);
    assert.deepEqual(findings, { format: 'webp', gpsRemoved: true, changed: true });
    assert.equal(out.length, broken.length);
    assert.ok(!out.includes('SECRET-DATUM'));
    assert.ok((await pixels(out)).equals(await pixels(webp)));
  });
});

describe('PhotoPrivacyTransform (PNG, WebP) streamed in 7-byte pieces', () => {
  const withGps = () =>
    sharp({ create: { width: 16, height: 16, channels: 3, background: '#468' } }).withExif({
      IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' },
      IFD3: gps,
    });
  const gpsOf = async (bytes: Buffer) => exifReader((await sharp(bytes).metadata()).exif ?? Buffer.alloc(0)).GPSInfo ?? {};

  for (const format of ['png', 'webp'] as const) {
    it(`${format}: the GPS directory emptied in place, the capture time read; kept byte for byte with keepLocation`, async () => {
      const photo = await (format === 'png' ? withGps().png() : withGps().webp()).toBuffer();
      const { out, findings } = await through(photo);
      assert.deepEqual(findings, { format, gpsRemoved: true, changed: true, capturedAt: '2026-11-30T14:05:09+02:00' });
      assert.equal(out.length, photo.length);
      assert.ok(!out.includes('SECRET-DATUM'));
      assert.deepEqual(await gpsOf(out), {});
      const kept = await through(photo, true);
      assert.ok(kept.out.equals(photo));
      assert.deepEqual(kept.findings, { format, gpsRemoved: false, changed: false, capturedAt: '2026-11-30T14:05:09+02:00' });
    });
  }

  it('png: an eXIf chunk after the image data is cleaned too, with its CRC recomputed', async () => {
    const photo = await withGps().png().toBuffer();
    const chunksOf = (png: Buffer) => {
      const chunks: Buffer[] = [];
      for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) chunks.push(png.subarray(at, at + 12 + png.readUInt32BE(at)));
      return chunks;
    };
    const isExif = (c: Buffer) => c.toString('latin1', 4, 8) === 'eXIf';
    const chunks = chunksOf(photo);
    const rest = chunks.filter((c) => !isExif(c));
    const late = Buffer.concat([photo.subarray(0, 8), ...rest.slice(0, -1), chunks.find(isExif)!, rest.at(-1)!]); // just before IEND
    const { out, findings } = await through(late);
    assert.equal(findings.gpsRemoved, true);
    assert.ok(!out.includes('SECRET-DATUM'));
    const exif = chunksOf(out).find(isExif)!;
    assert.equal(exif.readUInt32BE(exif.length - 4), crc32(exif.subarray(4, exif.length - 4)), 'the CRC matches the cleaned data');
    assert.deepEqual(exifReader(exif.subarray(8, exif.length - 4)).GPSInfo ?? {}, {});
    assert.ok((await sharp(out).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer()));
  });
});

describe('PhotoPrivacyTransform (PNG, WebP): metadata chunks over 4 MB are not read', () => {
  const image = () => sharp({ create: { width: 16, height: 16, channels: 3, background: '#468' } });
  const bigXmp = Buffer.concat([Buffer.from('<x:xmpmeta exif:GPSLatitude="51,30.2N">'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)]);
  const pieces = async (bytes: Buffer, keepLocation = false) => {
    const transform = new PhotoPrivacyTransform(keepLocation);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, i * 65536 + 65536));
    return { out: await buffer(Readable.from(chunks).pipe(transform)), findings: transform.findings };
  };

  it('png: a huge text chunk is left out (kept with keepLocation)', async () => {
    const png = await image().png().toBuffer();
    const data = Buffer.concat([Buffer.from('XML:com.adobe.xmp\0', 'latin1'), bigXmp]);
    const chunk = Buffer.concat([Buffer.alloc(4), Buffer.from('tEXt'), data, Buffer.alloc(4)]);
    chunk.writeUInt32BE(data.length, 0);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, chunk.length - 4)), chunk.length - 4);
    const big = Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
    const { out, findings } = await pieces(big);
    assert.equal(findings.gpsRemoved, true);
    assert.ok(out.equals(png));
    assert.ok((await pieces(big, true)).out.equals(big));
  });

  it('webp: a huge XMP chunk is blanked in place (same length; kept with keepLocation)', async () => {
    const webp = await image().webp().toBuffer();
    const header = Buffer.alloc(8);
    header.write('XMP ', 0, 'latin1');
    header.writeUInt32LE(bigXmp.length, 4);
    const big = Buffer.concat([webp, header, bigXmp, Buffer.alloc(bigXmp.length & 1)]);
    big.writeUInt32LE(big.length - 8, 4); // the RIFF size
    const { out, findings } = await pieces(big);
    assert.equal(findings.gpsRemoved, true);
    assert.equal(out.length, big.length);
    assert.ok(!out.includes('GPSLatitude'));
    assert.ok(out.subarray(0, webp.length + 8).equals(big.subarray(0, webp.length + 8)), 'everything before the packet as it was');
    assert.ok(
      out
        .subarray(webp.length + 8)
        .toString('latin1')
        .startsWith('<?xpacket begin='),
      'an empty packet',
    );
    assert.ok((await sharp(out).raw().toBuffer()).equals(await sharp(webp).raw().toBuffer()));
    assert.ok((await pieces(big, true)).out.equals(big));
  });
});
