/**
 * Photos from the device to the reference server, in Chromium: the real
 * <ak-uploader>, worker and HTTP backend against `attachkit-server` (demo
 * mode, started by test/support/browser-commands.mjs), the stored file
 * inspected on the server side with sharp and exif-reader.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { connectAttachKit, createHttpBackend, type AttachKit, type Attachment } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { cameraPhoto, pixelAt } from './photo-fixtures.js';

interface Inspected {
  width: number;
  height: number;
  orientation: number;
  format: string;
  bytes: number;
  sha256: string;
  gps: Record<string, unknown> | null;
  dateTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
}

const token = 'demo-tech';
const camera = { dateTimeOriginal: '2026:11:30 14:05:09', offsetTimeOriginal: '+02:00', gps: { latitude: 51.5072, longitude: -0.1276 } };

async function server(keepLocation = false): Promise<string> {
  for (;;) {
    const answer = await executeServerCommand<{ url?: string }, { origin: string; keepLocation: boolean }>('attachkit-server', {
      origin: location.origin,
      keepLocation,
    });
    if (answer.url) return answer.url;
  }
}

async function kitFor(url: string): Promise<AttachKit> {
  return connectAttachKit({ backend: createHttpBackend({ baseURL: url, getToken: () => token }) });
}

/** Uploads one file through <ak-uploader> on job J-1001 and resolves with the attachment and what the server stored. */
async function attach(url: string, kit: AttachKit, photo: File, attributes = ''): Promise<{ attachment: Attachment; stored: Inspected }> {
  const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1001" .kit=${kit}></ak-uploader>`);
  for (const [name, value] of attributes
    .split(' ')
    .filter(Boolean)
    .map((a) => a.split('=')))
    el.setAttribute(name!, value ?? '');
  await el.updateComplete;
  const [item] = el.addFiles([photo]);
  await kit.uploads.idle();
  const done = kit.uploads.getState().items.find((i) => i.id === item!.id)!;
  if (done.status !== 'done') throw new Error(`upload ${done.status}: ${JSON.stringify(done)}`);
  const stored = await executeServerCommand<Inspected, { url: string; token: string }>('inspect-image', {
    url: `${url}/api/attachments/${done.attachment.id}/content`,
    token,
  });
  return { attachment: done.attachment, stored };
}

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('photos to the reference server (Chromium)', function () {
  this.timeout(120_000);
  let url: string;
  let kit: AttachKit;

  before(async () => {
    url = await server();
    kit = await kitFor(url);
  });

  it('a 4000×3000 camera JPEG with a GPS position arrives at 2560×1920, without GPS, its capture time kept as capturedAt', async () => {
    const photo = await cameraPhoto(4000, 3000, camera);
    const { attachment, stored } = await attach(url, kit, photo);
    expect([stored.format, stored.width, stored.height, stored.orientation]).to.deep.equal(['jpeg', 2560, 1920, 1]);
    expect(stored.gps).to.equal(null);
    expect(stored.bytes).to.be.below(photo.size);
    expect(attachment.size).to.equal(stored.bytes);
    expect(attachment.capturedAt).to.equal('2026-11-30T14:05:09+02:00');
    expect(stored.dateTimeOriginal).to.equal('2026-11-30T14:05:09.000Z');
    expect(stored.offsetTimeOriginal).to.equal('+02:00');
  });

  it('a photo stored sideways (EXIF Orientation 6) arrives upright: 1920×2560, Orientation 1, the red corner top right', async () => {
    const photo = await cameraPhoto(4000, 3000, { ...camera, orientation: 6 });
    const { attachment, stored } = await attach(url, kit, photo);
    expect([stored.width, stored.height, stored.orientation]).to.deep.equal([1920, 2560, 1]);
    const content = await kit.backend.getAttachmentContent(attachment.id);
    const [r, g] = await pixelAt(content, 1440, 640);
    expect(r > 200 && g < 60, `top right is red: ${r},${g}`).to.equal(true);
    const [r2] = await pixelAt(content, 480, 640);
    expect(r2, 'top left is not').to.be.below(100);
    expect(attachment.capturedAt).to.equal('2026-11-30T14:05:09+02:00');
  });

  it('max-image-edge="0" uploads the original byte for byte (a server that keeps locations stores it as sent)', async () => {
    const keeping = await server(true);
    const photo = await cameraPhoto(4000, 3000, camera);
    const { attachment, stored } = await attach(keeping, await kitFor(keeping), photo, 'max-image-edge=0');
    expect(stored.sha256).to.equal(await sha256(photo));
    expect(attachment.checksum).to.equal(stored.sha256);
    expect([stored.width, stored.height]).to.deep.equal([4000, 3000]);
    expect(stored.gps).not.to.equal(null);
  });

  it('keep-location on both sides: the downscaled photo carries its GPS position and capture time over', async () => {
    const keeping = await server(true);
    const photo = await cameraPhoto(4000, 3000, { ...camera, orientation: 6 });
    const { attachment, stored } = await attach(keeping, await kitFor(keeping), photo, 'keep-location');
    expect([stored.width, stored.height, stored.orientation]).to.deep.equal([1920, 2560, 1]);
    expect(stored.gps?.GPSLatitudeRef).to.equal('N');
    expect(attachment.capturedAt).to.equal('2026-11-30T14:05:09+02:00');
    // Without keep-location on the uploader, the same server gets no position: the re-encoded photo has none.
    const again = await attach(keeping, await kitFor(keeping), photo);
    expect(again.stored.gps).to.equal(null);
    expect(again.attachment.capturedAt).to.equal('2026-11-30T14:05:09+02:00');
  });
});
