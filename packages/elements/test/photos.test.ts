/**
 * Photos made small on the device, in Chromium: the real worker, decoder and
 * encoder, through <ak-uploader> and the upload queue (memory backend here;
 * photos-server.test.ts sends them to the reference server).
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { AttachKit, UploadItem } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { cameraPhoto, pixelAt, shownSize } from './photo-fixtures.js';
import { world } from './helpers.js';

async function upload(kit: AttachKit, photo: File, attributes: { maxImageEdge?: number; keepLocation?: boolean } = {}) {
  const el = await fixture<AkUploader>(
    html`<ak-uploader
      record-type="job"
      record-id="J-1042"
      .kit=${kit}
      .maxImageEdge=${attributes.maxImageEdge}
      ?keep-location=${attributes.keepLocation}
    ></ak-uploader>`,
  );
  const seen: string[] = [];
  const rendered: string[] = [];
  const stop = kit.uploads.on('preparing', () => {
    seen.push('preparing');
    void el.updateComplete.then(() => {
      rendered.push(el.shadowRoot!.querySelector('[part=file]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    });
  });
  const [item] = el.addFiles([photo]);
  await kit.uploads.idle();
  stop();
  const done = kit.uploads.getState().items.find((i) => i.id === item!.id) as UploadItem & { status: 'done' };
  expect(done.status).to.equal('done');
  return { el, done, seen, rendered };
}

describe('photos made smaller before upload (Chromium)', () => {
  it('a 4000×3000 JPEG is downscaled to 2560×1920 in a worker, shown as "Making the photo smaller…", and sent at its new size', async () => {
    const { kit, backend } = await world();
    const photo = await cameraPhoto(4000, 3000);
    const { done, seen, rendered } = await upload(kit, photo);
    expect(seen).to.deep.equal(['preparing']);
    expect(rendered[0]).to.contain('Making the photo smaller…');
    const stored = await backend.getAttachmentContent(done.attachment.id);
    expect(await shownSize(stored)).to.deep.equal({ width: 2560, height: 1920 });
    expect(stored.size).to.be.below(photo.size);
    expect(done.size).to.equal(stored.size, 'the entry counts the bytes sent');
    expect(done.attachment.mimeType).to.equal('image/jpeg');
    expect(new Uint8Array(await stored.slice(0, 3).arrayBuffer())).to.deep.equal(new Uint8Array([0xff, 0xd8, 0xff]));
  });

  it('honours EXIF orientation: a photo stored sideways (Orientation 6) comes out upright, 1920×2560', async () => {
    const { kit, backend } = await world();
    const photo = await cameraPhoto(4000, 3000, { orientation: 6, dateTimeOriginal: '2026:11:30 14:05:09' });
    const { done } = await upload(kit, photo);
    const stored = await backend.getAttachmentContent(done.attachment.id);
    expect(await shownSize(stored)).to.deep.equal({ width: 1920, height: 2560 });
    // The red top-left quarter of the stored pixels is the top-right quarter once turned a quarter clockwise.
    const [r, g] = await pixelAt(stored, 1440, 640);
    expect(r).to.be.above(200);
    expect(g).to.be.below(60);
    const [r2] = await pixelAt(stored, 480, 640);
    expect(r2).to.be.below(100);
  });

  it('keeps photos that are small enough, or when max-image-edge is 0, byte for byte and without a preparing step', async () => {
    const { kit, backend } = await world();
    for (const [photo, attributes] of [
      [await cameraPhoto(1600, 1200), {}],
      [await cameraPhoto(4000, 3000), { maxImageEdge: 0 }],
    ] as const) {
      const { done, seen } = await upload(kit, photo, attributes);
      const stored = new Uint8Array(await (await backend.getAttachmentContent(done.attachment.id)).arrayBuffer());
      expect(stored).to.deep.equal(new Uint8Array(await photo.arrayBuffer()));
      expect(seen.length).to.equal(attributes.maxImageEdge === 0 ? 0 : 1);
    }
  });

  it('uploads the original when the smaller photo would not be smaller (a 4000×3000 JPEG saved at low quality)', async () => {
    const { kit, backend } = await world();
    const photo = await cameraPhoto(4000, 3000, { dateTimeOriginal: '2026:11:30 14:05:09' }, 0.05);
    // What the worker makes of it (2560×1920 at quality 0.85) is bigger than the file itself.
    const bitmap = await createImageBitmap(photo);
    const canvas = new OffscreenCanvas(2560, 1920);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, 2560, 1920);
    const reencoded = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    expect(reencoded.size, 'the fixture re-encodes bigger').to.be.above(photo.size);

    const { done, seen } = await upload(kit, photo);
    expect(seen).to.deep.equal(['preparing'], 'it was tried');
    const stored = new Uint8Array(await (await backend.getAttachmentContent(done.attachment.id)).arrayBuffer());
    expect(stored).to.deep.equal(new Uint8Array(await photo.arrayBuffer()), 'the original, byte for byte');
    expect(done.size).to.equal(photo.size);
  });

  it('uploads the original when the photo cannot be decoded', async () => {
    const { kit, backend } = await world();
    const broken = new File(
      [new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0x0b, 0xb8, 0x0f, 0xa0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
      'broken.jpg',
      {
        type: 'image/jpeg',
      },
    );
    const { done, seen } = await upload(kit, broken);
    expect(seen).to.deep.equal(['preparing']);
    const stored = new Uint8Array(await (await backend.getAttachmentContent(done.attachment.id)).arrayBuffer());
    expect(stored).to.deep.equal(new Uint8Array(await broken.arrayBuffer()));
  });
});
