/**
 * Photos at ingest: the GPS position is removed from JPEGs without
 * re-encoding (EXIF and XMP), the capture time becomes `capturedAt`, and
 * raster images get a thumbnail served under the content's policy with an
 * ETag — through multipart and tus, surviving a restart.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { makePdf, makePng } from '../src/demo/demo-files.js';
import { startServer, type TestServer } from './support/harness.js';
import { tusClient } from './support/tus.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A 4000×3000 camera JPEG with a GPS position, a capture time with offset, and a maker. */
async function cameraJpeg(width = 4000, height = 3000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'FieldCam', Model: 'Van 1' },
      IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 1234/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 3900/100',
        GPSMapDatum: 'SECRET-DATUM',
      },
    })
    .toBuffer();
}

/** The same JPEG with an XMP packet (carrying a GPS position) right after SOI. */
function withXmp(jpeg: Buffer): Buffer {
  const body = Buffer.concat([
    Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'),
    Buffer.from(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="51,30.2N" exif:GPSLongitude="0,7.6W"/></rdf:RDF></x:xmpmeta>',
    ),
  ]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

/** The image data: everything from the first start-of-scan marker on. */
const scanData = (jpeg: Uint8Array) => Buffer.from(jpeg).subarray(Buffer.from(jpeg).indexOf(Buffer.from([0xff, 0xda])));

async function upload(server: TestServer, token: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const response = await server.fetch('/api/records/job/J-1001/attachments', token, { method: 'POST', body: form });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

const content = async (server: TestServer, id: string) =>
  new Uint8Array(await (await server.fetch(`/api/attachments/${id}/content`, 'demo-admin')).arrayBuffer());

describe('photos: GPS removed, capture time kept, thumbnails', () => {
  let server: TestServer;
  let photo: Buffer;
  before(async () => {
    server = await startServer();
    photo = await cameraJpeg();
  });
  after(() => server.close());

  it('removes the GPS position of a JPEG without re-encoding it and keeps the capture time as capturedAt', async () => {
    assert.ok(exifReader((await sharp(photo).metadata()).exif!).GPSInfo?.GPSLatitude, 'the fixture has a position');
    const attachment = await upload(server, 'demo-tech', 'before.jpg', photo);
    const stored = await content(server, attachment.id);
    const exif = exifReader((await sharp(stored).metadata()).exif!);
    assert.deepEqual(exif.GPSInfo ?? {}, {}, 'no GPS field left');
    assert.ok(!Buffer.from(stored).includes('SECRET-DATUM'), 'no GPS bytes left');
    assert.equal(exif.Image?.Make, 'FieldCam', 'the rest of the EXIF is kept');
    assert.equal(stored.length, photo.length, 'same size: values zeroed in place');
    assert.ok(scanData(stored).equals(scanData(photo)), 'the image data is untouched (not re-encoded)');
    assert.equal(attachment.size, stored.length);
    assert.equal(attachment.checksum, sha256(stored), 'the checksum is of the bytes stored');
    assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
    const listed = (await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-tech')).json()).find(
      (a: { id: string }) => a.id === attachment.id,
    );
    assert.equal(listed.capturedAt, '2026-11-30T14:05:09+02:00', 'stored, not only answered');
  });

  it('drops XMP packets that carry a position, and EXIF it cannot read (fail closed)', async () => {
    const xmp = withXmp(photo);
    const stored = await content(server, (await upload(server, 'demo-tech', 'xmp.jpg', xmp)).id);
    assert.ok(!Buffer.from(stored).includes('GPSLatitude'));
    assert.ok(scanData(stored).equals(scanData(photo)));

    const garbage = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('MM\0\x2a\xff\xff\xff\xffGPS-SECRET', 'latin1')]);
    const header = Buffer.from([0xff, 0xe1, 0, 0]);
    header.writeUInt16BE(garbage.length + 2, 2);
    const broken = Buffer.concat([photo.subarray(0, 2), header, garbage, photo.subarray(2)]);
    const cleaned = await content(server, (await upload(server, 'demo-tech', 'broken-exif.jpg', broken)).id);
    assert.ok(!Buffer.from(cleaned).includes('GPS-SECRET'));
    assert.ok(scanData(cleaned).equals(scanData(photo)));
  });

  it('does the same for a photo uploaded with tus', async () => {
    const tus = tusClient(server);
    const created = await tus.create('demo-tech', { filename: 'after.jpg', recordType: 'job', recordId: 'J-1001', length: photo.length });
    const done = await tus.patch('demo-tech', created.headers.get('location')!, 0, photo);
    assert.equal(done.status, 204);
    const id = done.headers.get('attachkit-attachment-id')!;
    const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
    assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
    assert.ok(!Buffer.from(await content(server, id)).includes('SECRET-DATUM'));
    assert.equal((await server.fetch(`/api/attachments/${id}/thumbnail`, 'demo-tech')).status, 200);
  });

  it('serves a small WebP thumbnail of raster images, cacheable with an ETag, under the content policy', async () => {
    const attachment = await upload(server, 'demo-admin', 'site.jpg', photo);
    const response = await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-admin');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/webp');
    assert.equal(response.headers.get('cache-control'), 'private, no-cache');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const etag = response.headers.get('etag')!;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.format, 'webp');
    assert.ok(meta.width === 320 && meta.height === 240, `fitted in 320×320: ${meta.width}×${meta.height}`);
    assert.equal(meta.exif, undefined, 'no metadata in the thumbnail');
    assert.ok(bytes.length < 20_000);

    const cached = await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-admin', { headers: { 'If-None-Match': etag } });
    assert.equal(cached.status, 304);

    // Hidden: the portal client does not see it, thumbnail included; shared: it does.
    assert.equal((await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-client-a')).status, 404);
    const share = await server.fetch(`/api/attachments/${attachment.id}`, 'demo-admin', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ portal: 'viewable' }),
    });
    assert.equal(share.status, 200);
    assert.equal((await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-client-a')).status, 200);
    assert.equal((await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-client-b')).status, 404);
    assert.equal((await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, null)).status, 401);
  });

  it('turns the thumbnail of a photo stored sideways (EXIF Orientation 6) upright', async () => {
    // 640×480 stored pixels, the top-left quarter red; shown a quarter-turn clockwise: 480×640, red top right.
    const sideways = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 30, g: 60, b: 200 } } })
      .composite([{ input: { create: { width: 320, height: 240, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 }])
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const attachment = await upload(server, 'demo-admin', 'sideways.jpg', sideways);
    const response = await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-admin');
    assert.equal(response.status, 200);
    const { data, info } = await sharp(new Uint8Array(await response.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [240, 320], 'upright: taller than wide');
    const red = (x: number, y: number) => {
      const at = (y * info.width + x) * info.channels;
      return data[at]! > 200 && data[at + 2]! < 80;
    };
    assert.ok(red(180, 40), 'the red quarter is top right');
    assert.ok(!red(60, 40) && !red(180, 280), 'and only there');
  });

  it('has no thumbnail for non-images; a PNG gets one; deleting the attachment deletes it', async () => {
    const pdf = await upload(server, 'demo-admin', 'quote.pdf', new Uint8Array(makePdf('Quote', ['Total: 100'])));
    const missing = await server.fetch(`/api/attachments/${pdf.id}/thumbnail`, 'demo-admin');
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, 'not.found');
    const png = await upload(server, 'demo-admin', 'plan.png', new Uint8Array(makePng(64, 48, [0, 0, 0], [255, 255, 255])));
    const thumbnail = await server.fetch(`/api/attachments/${png.id}/thumbnail`, 'demo-admin');
    assert.equal(thumbnail.status, 200);
    assert.equal((await sharp(new Uint8Array(await thumbnail.arrayBuffer())).metadata()).width, 64, 'never enlarged');
    assert.equal((await server.fetch(`/api/attachments/${png.id}`, 'demo-admin', { method: 'DELETE' })).status, 204);
    assert.equal(await server.app.attachkit.blobs.size(`${png.id}-thumbnail`), null, 'the thumbnail blob is gone');
  });

  it('keeps thumbnails across a restart (the orphan sweep knows whose they are)', async () => {
    const attachment = await upload(server, 'demo-admin', 'kept.jpg', photo);
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    assert.equal((await server.fetch(`/api/attachments/${attachment.id}/thumbnail`, 'demo-admin')).status, 200);
  });
});

describe('photos: keepLocation', () => {
  it('keeps the position when the host opts in', async () => {
    const server = await startServer({ server: { keepLocation: true } });
    try {
      const photo = await cameraJpeg(640, 480);
      const attachment = await upload(server, 'demo-tech', 'with-position.jpg', photo);
      const stored = await content(server, attachment.id);
      assert.deepEqual(Buffer.from(stored), photo, 'byte for byte');
      assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
    } finally {
      await server.close();
    }
  });
});
