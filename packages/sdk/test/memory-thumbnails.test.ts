import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttachKitError, createMemoryBackend } from '../src/index.js';
import { admin, attachment, clientA, clientB, records, techWith, techWithout } from './fixtures.js';

/**
 * The memory backend's thumbnails (what Storybook and the element tests show):
 * raster images only, under the same policy as the content.
 */
describe('memory backend thumbnails', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const photo = attachment({ name: 'before.png', mimeType: 'image/png', portal: 'viewable' });
  const secret = attachment({ name: 'damage.jpg', mimeType: 'image/jpeg', confidential: true });
  const plan = attachment({ name: 'plan.pdf' });
  const backend = createMemoryBackend({
    principal: admin,
    users: [admin, techWith, techWithout],
    records,
    attachments: [photo, secret, plan],
    contents: { [photo.id]: png, [secret.id]: png, [plan.id]: '%PDF-1.4' },
  });
  const status = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof AttachKitError, 'rejected with an AttachKitError');
    return error.status;
  };

  it('gives an image preview with its type', async () => {
    const thumbnail = await backend.getAttachmentThumbnail(photo.id);
    assert.equal(thumbnail.type, 'image/png');
    assert.deepEqual(new Uint8Array(await thumbnail.arrayBuffer()), png);
  });

  it('answers 404 for a type without a thumbnail and for an unknown id', async () => {
    assert.equal(await status(backend.getAttachmentThumbnail(plan.id)), 404);
    assert.equal(await status(backend.getAttachmentThumbnail('nope')), 404);
  });

  it('follows the content policy: confidential for staff with the grant, shared for the client', async () => {
    assert.equal(await status(backend.as(techWithout, 'mobile').getAttachmentThumbnail(secret.id)), 404);
    assert.ok((await backend.as(techWith, 'mobile').getAttachmentThumbnail(secret.id)).size > 0);
    assert.ok((await backend.as(clientA).getAttachmentThumbnail(photo.id)).size > 0);
    assert.equal(await status(backend.as(clientA).getAttachmentThumbnail(secret.id)), 404);
    assert.equal(await status(backend.as(clientB).getAttachmentThumbnail(photo.id)), 404);
  });
});
