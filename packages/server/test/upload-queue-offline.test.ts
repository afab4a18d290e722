/**
 * The SDK upload queue, the HTTP backend with tus and the real server, through
 * a throttling proxy that can cut connections, with the browser's network
 * signals (`navigator.onLine`, the `online` / `offline` events) played on
 * `globalThis`: going offline mid-upload stops the request at once and waits
 * (`waiting-for-network`, progress kept) with no retries into the void; the
 * `online` event resumes from the server's offset, one tus upload, the right
 * bytes; a connection lost while online is still retried with backoff.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createAttachKit, createHttpBackend, type AttachKit, type UploadItem, type UploadStatus } from '@attachkit/sdk';
import type { TestServer } from './support/harness.js';
import { throttlingProxy, type ThrottlingProxy } from './support/throttling-proxy.js';
import { mobileTech as principal, untilItem } from '../../sdk/test/support/upload-queue.js';
import { mib, startUploadQueueServer } from './support/upload-queue.js';

const job = { type: 'job', id: 'J-1001' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const until = (kit: AttachKit, id: string, test: (item: UploadItem) => boolean) => untilItem(kit, (i) => i.id === id && test(i));

/** The browser's network signals, on globalThis as a window has them (Node has none). */
const network = new EventTarget();
const browserNavigator = { onLine: true };
const scope = globalThis as unknown as Record<string, unknown>;
const saved = ['navigator', 'addEventListener', 'removeEventListener'].map(
  (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const,
);
const setOnline = (online: boolean, announce = true) => {
  browserNavigator.onLine = online;
  if (announce) network.dispatchEvent(new Event(online ? 'online' : 'offline'));
};

const settled = (i: UploadItem) => ['done', 'failed', 'rejected', 'cancelled'].includes(i.status);

describe('upload queue: offline and back', () => {
  let server: TestServer;
  let proxy: ThrottlingProxy;
  before(async () => {
    Object.defineProperty(globalThis, 'navigator', { value: browserNavigator, configurable: true, writable: true });
    scope.addEventListener = network.addEventListener.bind(network);
    scope.removeEventListener = network.removeEventListener.bind(network);
    server = await startUploadQueueServer();
    proxy = await throttlingProxy(server.baseURL.replace(/\/$/, ''), 4 * mib);
  });
  after(async () => {
    // Back as Node had them: a property Node did not have goes away (its descriptor is undefined).
    for (const [name, descriptor] of saved) {
      Reflect.deleteProperty(globalThis, name);
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    }
    await proxy.close();
    await server.close();
  });
  beforeEach(() => setOnline(true, false));

  /** A kit over the proxy with tus-js-client's default retries (~39 s of them), so only the offline handling can be prompt. */
  function kit() {
    const backend = createHttpBackend({ baseURL: proxy.url, getToken: () => 'demo-tech' });
    const made = createAttachKit({ backend, principal, level: 'mobile', uploadRetryDelays: [100] });
    const seen = new Set<UploadStatus>();
    made.uploads.subscribe((s) => s.items.forEach((i) => seen.add(i.status)));
    return { kit: made, seen };
  }
  const bytes = (size: number, seed: number) => new Uint8Array(size).map((_, i) => (seed + i) % 251);
  const requestsSince = (from: number) => proxy.seen.slice(from);

  it('the offline event stops the request at once and waits; online resumes from the server offset', async () => {
    const { kit: k } = kit();
    const first = bytes(20 * mib, 1);
    const from = proxy.seen.length;
    const [item] = k.uploads.add(job, [{ name: 'offline-video.txt', data: new Blob([first]) }]);
    await proxy.whenSent(4 * mib);
    await until(k, item!.id, (i) => i.status === 'uploading' && i.loaded > 0);

    setOnline(false);
    const waiting = k.uploads.getState().items.find((i) => i.id === item!.id)!;
    assert.equal(waiting.status, 'waiting-for-network', 'at once, not after the retries');
    assert.ok(waiting.status === 'waiting-for-network' && waiting.loaded >= 4 * mib && waiting.total === first.length, 'progress kept');

    // Queued while offline: waits too, and nothing is sent for it.
    const second = bytes(6 * mib, 7);
    const [other] = k.uploads.add(job, [{ name: 'offline-photo-notes.txt', data: new Blob([second]) }]);
    await until(k, other!.id, (i) => i.status === 'waiting-for-network');
    const offlineFrom = proxy.seen.length;
    assert.equal(requestsSince(from).filter((s) => s.method === 'POST').length, 1, 'only the first upload was created');

    setOnline(true);
    const [done, doneOther] = await Promise.all([until(k, item!.id, settled), until(k, other!.id, settled)]);
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(first));
    assert.equal(doneOther.status === 'done' && doneOther.attachment.checksum, sha256(second));

    const created = requestsSince(from).filter((s) => s.method === 'POST');
    assert.equal(created.length, 2, 'one tus upload per file');
    const upload = requestsSince(from).find((s) => s.method === 'PATCH')!.path;
    const back = requestsSince(offlineFrom).filter((s) => s.path === upload);
    assert.equal(back[0]?.method, 'HEAD', 'asks the server its offset first');
    assert.ok(
      Number(back.find((s) => s.method === 'PATCH')?.offset) >= 4 * mib,
      `resumed from ${back.find((s) => s.method === 'PATCH')?.offset}`,
    );
    const list = (await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-tech')).json()) as { name: string }[];
    assert.equal(list.filter((a) => a.name === 'offline-video.txt').length, 1, 'no duplicate attachment');
  });

  it('a network error while navigator.onLine is false waits for the online event, with no retries meanwhile', async () => {
    const { kit: k, seen } = kit();
    const data = bytes(16 * mib, 3);
    const [item] = k.uploads.add(job, [{ name: 'lost-signal.txt', data: new Blob([data]) }]);
    await proxy.whenSent(3 * mib);
    setOnline(false, false); // the signal goes before the browser says so
    const cut = proxy.seen.length;
    proxy.drop();
    const waiting = await until(k, item!.id, (i) => i.status !== 'uploading');
    assert.equal(waiting.status, 'waiting-for-network', JSON.stringify(waiting));
    assert.ok(waiting.status === 'waiting-for-network' && waiting.loaded >= 3 * mib, 'progress kept');
    assert.deepEqual(requestsSince(cut), [], 'tus-js-client did not retry while offline');

    setOnline(true);
    const done = await until(k, item!.id, settled);
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(data));
    assert.equal(requestsSince(cut).filter((s) => s.method === 'POST').length, 0, 'resumed, not created again');
    assert.ok(Number(requestsSince(cut).find((s) => s.method === 'PATCH')?.offset) > 0, 'from the server offset');
    assert.ok(!seen.has('failed'));
  });

  it('a connection lost while online is retried with backoff and goes on from the server offset', async () => {
    const { kit: k, seen } = kit();
    const data = bytes(12 * mib, 5);
    const [item] = k.uploads.add(job, [{ name: 'flaky-signal.txt', data: new Blob([data]) }]);
    await proxy.whenSent(3 * mib);
    const cut = proxy.seen.length;
    proxy.drop();
    const done = await until(k, item!.id, settled);
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(data), JSON.stringify(done));
    const again = requestsSince(cut);
    assert.equal(again.filter((s) => s.method === 'POST').length, 0, 'resumed, not created again');
    assert.equal(again[0]?.method, 'HEAD', 'the retry asks the offset');
    assert.ok(Number(again.find((s) => s.method === 'PATCH')?.offset) > 0, `from ${again.find((s) => s.method === 'PATCH')?.offset}`);
    assert.ok(!seen.has('waiting-for-network') && !seen.has('failed'), `online: tus-js-client's own retries (${[...seen].join(', ')})`);
  });
});
