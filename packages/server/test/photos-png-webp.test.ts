/**
 * PNG and WebP photos lose their GPS position at ingest as JPEGs do, without
 * re-encoding: the EXIF GPS directory (PNG `eXIf`, WebP `EXIF`) is emptied in
 * place, XMP with a position is dropped (PNG text chunk) or emptied (WebP
 * `XMP ` chunk), the pixels are the camera's and `capturedAt` is read — through
 * multipart and tus, on disk and on S3; with keepLocation the file is stored
 * as sent. The filters on their own: photo-metadata.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { startServer, type TestServer } from './support/harness.js';
import { startS3, type TestS3 } from './support/s3.js';
import { tusClient } from './support/tus.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const capture = { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' };
const gps = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '51/1 30/1 1234/100',
  GPSLongitudeRef: 'W',
  GPSLongitude: '0/1 7/1 3900/100',
  GPSMapDatum: 'SECRET-DATUM',
};
const xmp =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.2N" exif:GPSLongitude="0,7.6W"/></rdf:RDF></x:xmpmeta>';

/** A 64×48 photo with a pattern (so pixel equality means something), EXIF with a position and a capture time, and XMP with a position. */
function photo(format: 'png' | 'webp', options: { withGps?: boolean; withXmp?: boolean } = {}): Promise<Buffer> {
  let image = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .composite([{ input: { create: { width: 20, height: 12, channels: 3, background: { r: 250, g: 10, b: 10 } } }, left: 5, top: 7 }])
    .withExif({ IFD0: { Make: 'FieldCam' }, IFD2: capture, ...(options.withGps === false ? {} : { IFD3: gps }) });
  if (options.withXmp) image = image.withXmp(xmp);
  return format === 'png' ? image.png().toBuffer() : image.webp({ quality: 80 }).toBuffer();
}

/** True when the file's XMP (as sharp reads it: PNG's is compressed) records a latitude. */
const xmpGps = async (bytes: Uint8Array) => ((await sharp(bytes).metadata()).xmp?.toString('utf8') ?? '').includes('GPSLatitude');
const pixels = (bytes: Uint8Array) => sharp(bytes).raw().toBuffer();
const exifOf = async (bytes: Uint8Array) => {
  const { exif } = await sharp(bytes).metadata();
  assert.ok(exif, 'the EXIF block is kept');
  return exifReader(exif);
};

/** The stored file has no position, the same pixels and the rest of its EXIF; the attachment has its capture time and the stored bytes' checksum. */
async function assertCleaned(attachment: { size: number; checksum: string; capturedAt?: string }, stored: Buffer, sent: Buffer) {
  assert.ok((await exifOf(sent)).GPSInfo?.GPSLatitude, 'the fixture has a position');
  const exif = await exifOf(stored);
  assert.deepEqual(exif.GPSInfo ?? {}, {}, 'no GPS field left');
  assert.equal(exif.Image?.Make, 'FieldCam', 'the rest of the EXIF is kept');
  assert.ok(!stored.includes('SECRET-DATUM'), 'no GPS bytes left');
  assert.ok(!(await xmpGps(stored)) && !stored.includes('GPSLatitude'), 'no XMP position left');
  assert.ok((await pixels(stored)).equals(await pixels(sent)), 'the same pixels (not re-encoded)');
  assert.equal(attachment.size, stored.length);
  assert.equal(attachment.checksum, sha256(stored), 'the checksum is of the bytes stored');
  assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
}

function uploads(server: TestServer) {
  const tus = tusClient(server);
  const content = async (id: string) =>
    Buffer.from(await (await server.fetch(`/api/attachments/${id}/content`, 'demo-admin')).arrayBuffer());
  return {
    async multipart(name: string, bytes: Buffer) {
      const form = new FormData();
      form.append('file', new Blob([bytes as BlobPart]), name);
      const response = await server.fetch('/api/records/job/J-1001/attachments', 'demo-tech', { method: 'POST', body: form });
      assert.equal(response.status, 201, await response.clone().text());
      const attachment = await response.json();
      return { attachment, stored: await content(attachment.id) };
    },
    async tus(name: string, bytes: Buffer) {
      const created = await tus.create('demo-tech', { filename: name, recordType: 'job', recordId: 'J-1001', length: bytes.length });
      assert.equal(created.status, 201, await created.clone().text());
      const done = await tus.patch('demo-tech', created.headers.get('location')!, 0, bytes);
      assert.equal(done.status, 204, await done.clone().text());
      const id = done.headers.get('attachkit-attachment-id')!;
      const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
      return { attachment, stored: await content(id) };
    },
  };
}

for (const store of ['disk', 'S3'] as const) {
  describe(`PNG and WebP photos lose their GPS position (${store})`, () => {
    let s3: TestS3 | undefined;
    let server: TestServer;
    before(async () => {
      if (store === 'S3') s3 = await startS3();
      server = await startServer(s3 ? { blobs: s3.blobsUrl(await s3.createBucket('photos'), 'ak') } : {});
    });
    after(async () => {
      await server?.close();
      await s3?.stop();
    });

    for (const format of ['png', 'webp'] as const) {
      for (const route of ['multipart', 'tus'] as const) {
        it(`${format} through ${route}: EXIF GPS emptied in place, XMP position dropped, pixels and capture time kept`, async () => {
          const sent = await photo(format, { withXmp: true });
          assert.ok(await xmpGps(sent), 'the fixture has XMP with a position');
          const { attachment, stored } = await uploads(server)[route](`site.${format}`, sent);
          await assertCleaned(attachment, stored, sent);
          if (format === 'webp') assert.equal(stored.length, sent.length, 'a WebP keeps its length: every RIFF size stays valid');
          assert.equal((await sharp(stored).metadata()).format, format === 'png' ? 'png' : 'webp');
        });
      }
    }
  });
}

describe('PNG and WebP photos: what is kept', () => {
  let server: TestServer;
  let keeping: TestServer;
  before(async () => {
    server = await startServer();
    keeping = await startServer({ server: { keepLocation: true } });
  });
  after(async () => {
    await server?.close();
    await keeping?.close();
  });

  it('a PNG with an eXIf chunk that cannot be read: stored without it (multipart and tus), the pixels as sent', async () => {
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 40, g: 120, b: 200 } } })
      .png()
      .toBuffer();
    const data = Buffer.from('MM\0\x2a\xff\xff\xff\xffGPS-SECRET', 'latin1');
    const chunk = Buffer.concat([Buffer.alloc(4), Buffer.from('eXIf'), data, Buffer.alloc(4)]);
    chunk.writeUInt32BE(data.length, 0);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, chunk.length - 4)), chunk.length - 4);
    const broken = Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]); // after the signature and IHDR
    for (const route of ['multipart', 'tus'] as const) {
      const { attachment, stored } = await uploads(server)[route]('broken.png', broken);
      assert.ok(stored.equals(png), `${route}: the chunk is gone, nothing else changed`);
      assert.equal(attachment.checksum, sha256(stored), route);
    }
  });

  for (const format of ['png', 'webp'] as const) {
    it(`${format} with keepLocation: stored as sent, position included, capture time read (multipart and tus)`, async () => {
      const sent = await photo(format, { withXmp: true });
      for (const route of ['multipart', 'tus'] as const) {
        const { attachment, stored } = await uploads(keeping)[route](`kept.${format}`, sent);
        assert.ok(stored.equals(sent), `${route}: byte for byte`);
        assert.ok((await exifOf(stored)).GPSInfo?.GPSLatitude, `${route}: the position stays`);
        assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00', route);
      }
    });

    it(`${format} without a position through tus: published as sent, with its capture time`, async () => {
      const sent = await photo(format, { withGps: false });
      const { attachment, stored } = await uploads(server).tus(`no-gps.${format}`, sent);
      assert.ok(stored.equals(sent), 'byte for byte');
      assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
    });
  }
});
