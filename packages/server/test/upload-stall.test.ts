/**
 * A signal that dies without the browser going offline: the PATCH hangs with
 * its connection open and tus-js-client has no timeout. The HTTP backend's
 * stall timeout gives it up after that long without a byte, and the queue
 * goes on from the server's offset — one tus upload, the right bytes. With
 * the timeout off, the same stall just hangs (what the timeout is for).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAttachKit, createHttpBackend, type AttachKit, type UploadItem } from '@attachkit/sdk';
import { mobileTech as principal, untilItem } from '../../sdk/test/support/upload-queue.js';
import { mib, startUploadQueueServer, type UploadQueueServer } from './support/upload-queue.js';

const job = { type: 'job', id: 'J-1001' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const until = (kit: AttachKit, id: string, test: (item: UploadItem) => boolean) => untilItem(kit, (i) => i.id === id && test(i));
const bytes = (size: number, seed: number) => new Uint8Array(size).map((_, i) => (seed + i) % 251);

describe('tus upload: a stalled connection', { timeout: 60_000 }, () => {
  let server: UploadQueueServer;
  before(async () => {
    server = await startUploadQueueServer();
  });
  after(() => server.close());

  const kit = (stallTimeout: number) =>
    createAttachKit({
      backend: createHttpBackend({ baseURL: server.proxy.url, getToken: () => 'demo-tech', resumable: { retryDelays: [], stallTimeout } }),
      principal,
      level: 'mobile',
      uploadRetryDelays: [50],
    });
  const seenSince = (from: number) => server.proxy.seen.slice(from);

  it('is given up after the stall timeout and resumed from the server offset', async () => {
    const k = kit(1500);
    const file = bytes(16 * mib, 3);
    const from = server.proxy.seen.length;
    const reached = server.proxy.whenSent(4 * mib);
    const [item] = k.uploads.add(job, [{ name: 'stalled-van.txt', data: new Blob([file]) }]);
    await reached;
    server.proxy.stall(true);
    const stalledAt = Date.now();
    try {
      // The watchdog aborts the hanging PATCH; the queue's retry asks the server's offset (HEAD, not stalled).
      for (let wait = 0; wait < 200 && !seenSince(from).some((r) => r.method === 'HEAD'); wait++)
        await new Promise((r) => setTimeout(r, 50));
      assert.ok(
        seenSince(from).some((r) => r.method === 'HEAD'),
        'the stalled PATCH was given up',
      );
      assert.ok(Date.now() - stalledAt >= 1400, 'not before the stall timeout');
    } finally {
      server.proxy.stall(false);
      if (!seenSince(from).some((r) => r.method === 'HEAD')) k.uploads.cancel(item!.id);
    }
    const done = await until(k, item!.id, (i) => ['done', 'failed', 'rejected'].includes(i.status));
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(file));
    const requests = seenSince(from);
    assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'one tus upload, resumed');
    const patches = requests.filter((r) => r.method === 'PATCH');
    assert.ok(patches.length >= 2 && Number(patches.at(-1)!.offset) >= 4 * mib, `resumed at ${patches.at(-1)?.offset}`);
  });

  it('with the stall timeout off, the same stall hangs', async () => {
    const k = kit(0);
    const from = server.proxy.seen.length;
    const reached = server.proxy.whenSent(2 * mib);
    const [item] = k.uploads.add(job, [{ name: 'hanging-van.txt', data: new Blob([bytes(16 * mib, 5)]) }]);
    await reached;
    server.proxy.stall(true);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(k.uploads.getState().items.find((i) => i.id === item!.id)?.status, 'uploading');
    assert.equal(seenSince(from).filter((r) => r.method === 'HEAD').length, 0);
    k.uploads.cancel(item!.id);
    server.proxy.stall(false);
  });
});
