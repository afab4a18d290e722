/**
 * Photo downscaling's pure parts: the image header, the target size, the
 * skip rules, the EXIF a re-encoded JPEG keeps; and, in Node (no Worker, no
 * OffscreenCanvas), that a photo is uploaded as it is. Fixtures are real
 * files made with sharp; EXIF written here is read back with exif-reader.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import exifReader from 'exif-reader';
import fc from 'fast-check';
import sharp from 'sharp';
import { createAttachKit, createMemoryBackend } from '../src/index.js';
import { exifInsertionPoint, minimalExifSegment, readPhotoExif, uprightExifSegment } from '../src/photos/photo-exif.js';
import { planDownscale, readImageHeader, targetSize, type ImageHeader } from '../src/photos/photo-plan.js';
import { canDownscale, mightBePhoto, photoStep } from '../src/photos/photo-support.js';
import { preparePhoto } from '../src/photos/prepare-photo.js';
import { admin, records } from './fixtures.js';

const gps = { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' };

async function cameraJpeg(width = 40, height = 30, orientation = 6): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width, height, channels: 3, background: '#c03' } })
    .withExif({ IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' }, IFD3: gps })
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
  return new Uint8Array(buffer);
}

const image = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#0a8' } });
const exifOf = (segment: Uint8Array) => exifReader(Buffer.from(segment.subarray(10)));
const header = (over: Partial<ImageHeader> = {}): ImageHeader => ({
  type: 'image/jpeg',
  width: 4000,
  height: 3000,
  orientation: 1,
  animated: false,
  ...over,
});
const options = { maxImageEdge: 2560, keepLocation: false };

describe('photo header', () => {
  it('reads a JPEG: size as stored, EXIF orientation, its EXIF segment', async () => {
    const found = readImageHeader(await cameraJpeg(40, 30, 6))!;
    assert.deepEqual(
      { ...found, exif: undefined },
      { type: 'image/jpeg', width: 40, height: 30, orientation: 6, animated: false, exif: undefined },
    );
    assert.equal(exifOf(found.exif!).GPSInfo?.GPSLatitudeRef, 'N');
  });

  it('reads PNG, lossy WebP, lossless WebP and extended WebP sizes', async () => {
    const png = readImageHeader(new Uint8Array(await image(300, 200).png().toBuffer()));
    assert.deepEqual(png, { type: 'image/png', width: 300, height: 200, orientation: 1, animated: false });
    for (const [webp, label] of [
      [image(301, 203).webp(), 'lossy'],
      [image(301, 203).webp({ lossless: true }), 'lossless'],
      [
        image(301, 203)
          .withExif({ IFD0: { Copyright: 'x' } })
          .webp(),
        'extended (VP8X)',
      ],
    ] as const) {
      const found = readImageHeader(new Uint8Array(await webp.toBuffer()));
      assert.deepEqual(found && [found.type, found.width, found.height], ['image/webp', 301, 203], label);
    }
  });

  it('marks animated WebP (VP8X flag) and animated PNG (acTL before IDAT)', () => {
    const vp8x = new Uint8Array(30);
    vp8x.set(Array.from('RIFF', (c) => c.charCodeAt(0)));
    vp8x.set(
      Array.from('WEBPVP8X', (c) => c.charCodeAt(0)),
      8,
    );
    vp8x[20] = 0x02;
    vp8x.set([0x9f, 0x0f, 0, 0xb7, 0x0b, 0], 24); // 4000 × 3000
    assert.deepEqual(readImageHeader(vp8x), { type: 'image/webp', width: 4000, height: 3000, orientation: 1, animated: true });
    const chunk = (type: string, length: number) => {
      const bytes = new Uint8Array(12 + length);
      new DataView(bytes.buffer).setUint32(0, length);
      bytes.set(
        Array.from(type, (c) => c.charCodeAt(0)),
        4,
      );
      return [...bytes];
    };
    const ihdr = chunk('IHDR', 13);
    ihdr.splice(8, 8, 0, 0, 0x0f, 0xa0, 0, 0, 0x0b, 0xb8);
    const apng = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...ihdr, ...chunk('acTL', 8), ...chunk('IDAT', 0)]);
    assert.deepEqual(readImageHeader(apng), { type: 'image/png', width: 4000, height: 3000, orientation: 1, animated: true });
  });

  it('is null for other files and for a JPEG cut off before its size', async () => {
    assert.equal(readImageHeader(new TextEncoder().encode('%PDF-1.4 …')), null);
    assert.equal(readImageHeader(new Uint8Array(await image(10, 10).gif().toBuffer())), null);
    assert.equal(readImageHeader((await cameraJpeg()).subarray(0, 40)), null);
  });
});

describe('target size and skip rules', () => {
  it('fits the long edge to the limit, keeps the aspect, never enlarges', () => {
    assert.deepEqual(targetSize(4000, 3000, 2560), { width: 2560, height: 1920 });
    assert.deepEqual(targetSize(3000, 4000, 2560), { width: 1920, height: 2560 });
    assert.deepEqual(targetSize(2560, 100, 2560), { width: 2560, height: 100 });
    assert.deepEqual(targetSize(800, 600, 2560), { width: 800, height: 600 });
    assert.deepEqual(targetSize(4000, 3000, 0), { width: 4000, height: 3000 });
    assert.deepEqual(targetSize(100_000, 1, 2560), { width: 2560, height: 1 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 8000 }),
        (w, h, max) => {
          const t = targetSize(w, h, max);
          assert.equal(Math.max(t.width, t.height), Math.min(Math.max(w, h), max));
          assert.ok(t.width <= w && t.height <= h && t.width >= 1 && t.height >= 1);
          // The short edge is the exact scaled length, rounded (at least 1 px).
          const [short, exact] = w >= h ? [t.height, h * Math.min(1, max / w)] : [t.width, w * Math.min(1, max / h)];
          assert.ok(Math.abs(short - exact) <= 0.5 || short === 1, `${w}×${h} → ${t.width}×${t.height}`);
        },
      ),
    );
  });

  it('downscales a big photo upright (orientations 5–8 swap the edges), keeping its type', () => {
    assert.deepEqual(planDownscale(header(), options), {
      action: 'downscale',
      type: 'image/jpeg',
      width: 2560,
      height: 1920,
      quality: 0.85,
    });
    assert.deepEqual(planDownscale(header({ orientation: 6 }), options), {
      action: 'downscale',
      type: 'image/jpeg',
      width: 1920,
      height: 2560,
      quality: 0.85,
    });
    const webp = planDownscale(header({ type: 'image/webp' }), options);
    assert.equal(webp.action === 'downscale' && webp.type, 'image/webp');
  });

  it('keeps a file that is off, no photo, small enough, animated, or a PNG/WebP whose location is kept', () => {
    const reason = (h: ImageHeader | null, o = options) => {
      const plan = planDownscale(h, o);
      return plan.action === 'keep' ? plan.reason : plan.action;
    };
    assert.equal(reason(header(), { ...options, maxImageEdge: 0 }), 'off');
    assert.equal(reason(null), 'not-a-photo');
    assert.equal(reason(header({ width: 2560, height: 1440 })), 'small-enough');
    assert.equal(reason(header({ type: 'image/webp', animated: true })), 'animated');
    assert.equal(reason(header({ type: 'image/png' }), { ...options, keepLocation: true }), 'keeps-location');
    assert.equal(reason(header(), { ...options, keepLocation: true }), 'downscale', 'a JPEG carries its EXIF over');
  });

  it('looks at files by type or name only when they might be photos', () => {
    assert.ok(mightBePhoto({ type: 'image/jpeg' }, 'IMG_0001'));
    assert.ok(mightBePhoto({ type: '' }, 'IMG_0001.JPG'));
    assert.ok(!mightBePhoto({ type: 'application/pdf' }, 'quote.pdf'));
    assert.ok(!mightBePhoto({ type: 'image/gif' }, 'anim.gif'));
  });
});

describe('the EXIF a downscaled JPEG keeps', () => {
  it('reads orientation and capture time (with its UTC offset)', async () => {
    const exif = readPhotoExif(readImageHeader(await cameraJpeg())!.exif);
    assert.deepEqual(exif, { orientation: 6, capturedAt: '2026:11:30 14:05:09', offset: '+02:00' });
    assert.deepEqual(readPhotoExif(undefined), { orientation: 1 });
    assert.deepEqual(readPhotoExif(Uint8Array.from([0xff, 0xe1, 0, 8, 0x45, 0x78, 0x69, 0x66, 0, 0, 1, 2])), { orientation: 1 });
  });

  it('writes a minimal segment: capture time, offset, Orientation 1, and no GPS, camera or thumbnail', () => {
    const segment = minimalExifSegment({ capturedAt: '2026:11:30 14:05:09', offset: '+02:00' });
    const exif = exifOf(segment);
    assert.equal(exif.Image?.Orientation, 1);
    assert.equal(exif.Photo?.DateTimeOriginal?.toISOString(), '2026-11-30T14:05:09.000Z');
    assert.equal(exif.Photo?.OffsetTimeOriginal, '+02:00');
    assert.equal(exif.GPSInfo, undefined);
    assert.deepEqual(Object.keys(exif.Image ?? {}).sort(), ['ExifTag', 'Orientation']);
    assert.ok(segment.length < 120, `${segment.length} bytes`);
    assert.deepEqual(readPhotoExif(segment), { orientation: 1, capturedAt: '2026:11:30 14:05:09', offset: '+02:00' });
    assert.deepEqual(readPhotoExif(minimalExifSegment({ capturedAt: '2026:01:02 03:04:05' })), {
      orientation: 1,
      capturedAt: '2026:01:02 03:04:05',
    });
  });

  it('with the location kept, carries the original over turned upright, GPS included', async () => {
    const original = readImageHeader(await cameraJpeg())!.exif!;
    const upright = uprightExifSegment(original)!;
    assert.equal(exifOf(upright).Image?.Orientation, 1);
    assert.deepEqual(exifOf(upright).GPSInfo?.GPSLatitude, [51, 30, 0]);
    assert.equal(exifOf(original).Image?.Orientation, 6, 'the original is not changed');
  });

  it('goes in after SOI and a JFIF APP0 segment; a JPEG with it is still a valid JPEG with that EXIF', async () => {
    const jpeg = new Uint8Array(await image(64, 48).jpeg().toBuffer());
    const at = exifInsertionPoint(jpeg);
    assert.equal(jpeg[at], 0xff);
    assert.equal(exifInsertionPoint(new Uint8Array([0x89, 0x50])), -1);
    const segment = minimalExifSegment({ capturedAt: '2026:11:30 14:05:09' });
    const joined = Buffer.concat([jpeg.subarray(0, at), segment, jpeg.subarray(at)]);
    const meta = await sharp(joined).metadata();
    assert.deepEqual([meta.width, meta.height, meta.orientation], [64, 48, 1]);
    assert.equal(exifReader(meta.exif!).Photo?.DateTimeOriginal?.toISOString(), '2026-11-30T14:05:09.000Z');
  });
});

describe('photos where nothing can downscale (Node)', () => {
  it('has no downscale step, and a failing one gives back the original', async () => {
    assert.equal(canDownscale(), false);
    const blob = new Blob([(await cameraJpeg(3000, 2800, 1)) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
    assert.equal(photoStep(blob, 'IMG_1.jpg', options), null);
    const prepared = await preparePhoto(blob, options);
    assert.equal(prepared.outcome, 'failed', 'no Worker here');
    assert.equal(prepared.file, blob);
    const small = await preparePhoto(new Blob([(await cameraJpeg()) as Uint8Array<ArrayBuffer>]), options);
    assert.equal(small.outcome, 'small-enough');
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(preparePhoto(blob, options, aborted.signal));
  });

  it('the queue uploads the photo byte for byte, never in a preparing state', async () => {
    const backend = createMemoryBackend({ principal: admin, records });
    const kit = createAttachKit({ backend, principal: admin });
    const bytes = await cameraJpeg(3000, 2800, 1);
    const seen: string[] = [];
    kit.uploads.on('preparing', (item) => seen.push(item.name));
    const [item] = kit.uploads.add({ type: 'job', id: 'J-1001' }, [
      { name: 'IMG_2.jpg', data: new Blob([bytes as Uint8Array<ArrayBuffer>]) },
    ]);
    await kit.uploads.idle();
    const done = kit.uploads.getState().items.find((i) => i.id === item!.id)!;
    assert.equal(done.status, 'done');
    assert.deepEqual(seen, []);
    const stored = new Uint8Array(
      await (await backend.getAttachmentContent(done.status === 'done' ? done.attachment.id : '')).arrayBuffer(),
    );
    assert.deepEqual(stored, bytes);
  });
});
