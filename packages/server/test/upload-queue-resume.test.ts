/**
 * The SDK upload queue over the HTTP backend and the real server: pause keeps
 * progress and resume goes on from the server's offset (tus), and an upload
 * the network interrupts waits (`waiting-for-network`) and goes on by itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AttachKitNetworkError,
  createAttachKit,
  type AttachKit,
  type AttachKitBackend,
  type UploadItem,
  type UploadStatus,
} from '@attachkit/sdk';
import { mobileTech as principal, untilItem } from '../../sdk/test/support/upload-queue.js';
import { mib, startUploadQueueServer, type UploadQueueServer } from './support/upload-queue.js';

const job = { type: 'job', id: 'J-1001' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const until = (kit: AttachKit, id: string, test: (item: UploadItem) => boolean) => untilItem(kit, (i) => i.id === id && test(i));

describe('upload queue: pause, resume, waiting for the network', () => {
  let server: UploadQueueServer;
  before(async () => {
    server = await startUploadQueueServer();
  });
  after(() => server.close());

  it('pauses a running upload with its progress, and resumes it from the server offset', async () => {
    server.requests.length = 0;
    const backend = server.techBackend();
    const kit = createAttachKit({ backend, principal, level: 'mobile' });
    const bytes = new Uint8Array(24 * mib).map((_, i) => 0x61 + (i % 26));
    const reached = server.proxy.whenSent(4 * mib);
    const [item] = kit.uploads.add(job, [{ name: 'long-video-notes.txt', data: new Blob([bytes]) }]);
    await reached;
    await until(kit, item!.id, (i) => i.status === 'uploading' && i.loaded >= 4 * mib);
    kit.uploads.pause(item!.id);
    const paused = kit.uploads.getState().items.find((i) => i.id === item!.id)!;
    assert.equal(paused.status, 'paused');
    assert.ok(paused.status === 'paused' && paused.loaded >= 4 * mib, 'progress is kept');
    await kit.uploads.idle();
    assert.equal(
      kit.uploads.getState().items.find((i) => i.id === item!.id)!.status,
      'paused',
      'a paused upload does not keep the queue busy',
    );

    kit.uploads.resume(item!.id);
    const done = await until(kit, item!.id, (i) => i.status === 'done' || i.status === 'failed' || i.status === 'rejected');
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(bytes));
    const posts = server.requests.filter((r) => r.method === 'POST' && r.url === '/api/uploads');
    const patches = server.requests.filter((r) => r.method === 'PATCH' && r.url.startsWith('/api/uploads/')).map((r) => r.offset ?? '');
    assert.equal(posts.length, 1, 'one upload, resumed, not restarted');
    assert.ok(patches.length >= 2 && Number(patches.at(-1)) > 0, `the resuming PATCH starts at ${patches.at(-1)}`);
  });

  it('a tus upload that failed (its retries used up) resumes with Retry from the server offset', async () => {
    server.requests.length = 0;
    const kit = createAttachKit({ backend: server.techBackend(), principal, level: 'mobile', uploadRetryDelays: [] });
    const bytes = new Uint8Array(24 * mib).map((_, i) => 0x41 + ((i * 7) % 26));
    const reached = server.proxy.whenSent(4 * mib);
    const [item] = kit.uploads.add(job, [{ name: 'site-walk-notes.txt', data: new Blob([bytes]) }]);
    await reached;
    server.proxy.drop();
    const failed = await until(kit, item!.id, (i) => i.status === 'failed' || i.status === 'done');
    assert.equal(failed.status, 'failed', 'no retries left: failed');

    kit.uploads.retry(item!.id);
    const done = await until(kit, item!.id, (i) => i.status === 'done' || i.status === 'failed' || i.status === 'rejected');
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(bytes));
    const posts = server.requests.filter((r) => r.method === 'POST' && r.url === '/api/uploads');
    const patches = server.requests.filter((r) => r.method === 'PATCH' && r.url.startsWith('/api/uploads/')).map((r) => Number(r.offset));
    assert.equal(posts.length, 1, 'Retry goes on with the same upload');
    assert.ok(patches.length >= 2 && patches.at(-1)! > 0, `the PATCH after Retry starts at ${patches.at(-1)}, not at 0`);
  });

  it('waits for the network after a failure and goes on by itself', async () => {
    const inner = server.techBackend(false);
    let failures = 1;
    const flaky: AttachKitBackend = {
      ...inner,
      uploadAttachment: (record, file, options) =>
        failures-- > 0 ? Promise.reject(new AttachKitNetworkError()) : inner.uploadAttachment(record, file, options),
    };
    const kit = createAttachKit({ backend: flaky, principal, level: 'mobile', uploadRetryDelays: [50] });
    const seen = new Set<UploadStatus>();
    kit.uploads.subscribe((s) => s.items.forEach((i) => seen.add(i.status)));
    const [item] = kit.uploads.add(job, [{ name: 'patchy.txt', data: new Blob(['signal came back']) }]);
    const done = await until(kit, item!.id, (i) => i.status === 'done' || i.status === 'failed');
    assert.equal(done.status, 'done');
    assert.ok(seen.has('waiting-for-network'), `went through waiting-for-network: ${[...seen].join(', ')}`);

    // Once the delays are used up, it fails (and Retry tries again).
    failures = 5;
    const [second] = kit.uploads.add(job, [{ name: 'no-signal.txt', data: new Blob(['x']) }]);
    const failed = await until(kit, second!.id, (i) => i.status === 'failed' || i.status === 'done');
    assert.equal(failed.status, 'failed');
  });
});
