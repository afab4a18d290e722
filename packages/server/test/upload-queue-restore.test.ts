/**
 * The upload queue after a page reload, over the HTTP backend and the real
 * server (tus): a restored upload resumes from the server's offset (HEAD of
 * the stored URL), a finished upload whose answer was lost becomes its
 * attachment without a second copy, Discard deletes the bytes on the server
 * (tus DELETE), and an upload URL changed on the device never gets the token.
 * A "reload" is a second facade over the same persistence, as a new page
 * over the same IndexedDB (IndexedDB itself is tested in Chromium).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createAttachKit,
  createMemoryUploadPersistence,
  uploadPersistenceScope,
  type AttachKitBackend,
  type UploadPersistence,
} from '@attachkit/sdk';
import { mobileTech as principal, untilItem as until } from '../../sdk/test/support/upload-queue.js';
import { mib, startUploadQueueServer, type TusRequest, type UploadQueueServer } from './support/upload-queue.js';

const job = { type: 'job', id: 'J-1001' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('upload queue: restored after a reload (HTTP, tus)', () => {
  let server: UploadQueueServer;
  let requests: TusRequest[];
  before(async () => {
    server = await startUploadQueueServer();
    requests = server.requests;
  });
  beforeEach(() => {
    requests.length = 0;
  });
  after(() => server.close());

  const backend = () => server.techBackend();
  const page = (persistence: UploadPersistence, over: Partial<AttachKitBackend> = {}) =>
    createAttachKit({
      backend: { ...backend(), ...over },
      principal,
      level: 'mobile',
      uploadPersistence: persistence,
      // A "reload" here is a second facade while the first lives on: no claims between them (see upload-claims.test.ts).
      uploadLocks: null,
      uploadRetryDelays: [],
    });
  const scope = () => uploadPersistenceScope(server.proxy.url, principal);
  const named = async (name: string) => (await backend().listAttachments(job)).filter((a) => a.name === name);

  it('resumes from the server offset after a reload: one upload, no restart', async () => {
    const persistence = createMemoryUploadPersistence();
    const bytes = new Uint8Array(24 * mib).map((_, i) => 0x61 + (i % 26));
    const first = page(persistence);
    const reached = server.proxy.whenSent(4 * mib);
    const [item] = first.uploads.add(job, [new File([bytes], 'reload-video-notes.txt', { type: 'text/plain' })]);
    await reached;
    // The page goes away: its request dies (as a reload would), the device keeps the entry.
    first.uploads.pause(item!.id);
    await first.uploads.flushPersistence();
    const [entry] = await persistence.list(scope());
    assert.ok(entry?.url?.startsWith(`${server.proxy.url.replace(/\/$/, '')}/api/uploads/`), `the tus URL is kept: ${entry?.url}`);
    const held = Number(
      (
        await server.fetch(new URL(entry!.url!).pathname, 'demo-tech', { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } })
      ).headers.get('upload-offset'),
    );
    assert.ok(held > 0, 'the server holds part of it');

    const second = page(persistence);
    const [restored] = await second.uploads.restore();
    assert.equal(restored!.status === 'paused' && restored!.interrupted, true);
    second.uploads.resume(restored!.id);
    const done = await until(
      second,
      (i) => i.id === restored!.id && (i.status === 'done' || i.status === 'failed' || i.status === 'rejected'),
    );
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.status === 'done' && done.attachment.checksum, sha256(bytes));
    assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'created once');
    const head = requests.findIndex((r, i) => r.method === 'HEAD' && i > 1);
    assert.ok(head > 0, 'the restored upload asked the server its offset');
    const resumed = requests.slice(head).find((r) => r.method === 'PATCH');
    assert.ok(Number(resumed?.offset) >= held, `the resuming PATCH starts at the server's offset (${resumed?.offset} ≥ ${held})`);
    assert.equal((await named('reload-video-notes.txt')).length, 1);
    await second.uploads.flushPersistence();
    assert.deepEqual(await persistence.list(scope()), [], 'done: the entry is gone');
  });

  it('a finished upload whose answer was lost becomes its attachment, never a second one', async () => {
    const persistence = createMemoryUploadPersistence();
    const bytes = new Uint8Array(6 * mib).fill(0x62);
    let finished!: () => void;
    const completed = new Promise<void>((resolve) => (finished = resolve));
    // The server completes the upload, but the page reloads before the answer arrives.
    const first = page(persistence, {
      uploadAttachment: (record, file, options) =>
        backend()
          .uploadAttachment(record, file, options)
          .then(() => finished())
          .then(() => new Promise<never>(() => {})),
    });
    first.uploads.add(job, [new File([bytes], 'answer-lost.txt')]);
    await completed;
    await first.uploads.flushPersistence();
    assert.equal((await named('answer-lost.txt')).length, 1);

    const second = page(persistence);
    const [restored] = await second.uploads.restore();
    second.uploads.resume(restored!.id);
    const done = await until(second, (i) => i.id === restored!.id && (i.status === 'done' || i.status === 'failed'));
    assert.equal(done.status, 'done', JSON.stringify(done));
    const attachments = await named('answer-lost.txt');
    assert.equal(attachments.length, 1, 'no duplicate');
    assert.equal(done.status === 'done' && done.attachment.id, attachments[0]!.id);
    assert.equal(requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(requests.filter((r) => r.method === 'PATCH').length, 1, 'no byte sent twice');
  });

  it('Discard removes the bytes on the server (tus DELETE) and on the device', async () => {
    const persistence = createMemoryUploadPersistence();
    const first = page(persistence);
    const reached = server.proxy.whenSent(2 * mib);
    const [item] = first.uploads.add(job, [new File([new Uint8Array(24 * mib).fill(0x63)], 'discard-me.txt')]);
    await reached;
    first.uploads.pause(item!.id);
    await first.uploads.flushPersistence();
    const [entry] = await persistence.list(scope());
    const path = new URL(entry!.url!).pathname;

    const second = page(persistence);
    const [restored] = await second.uploads.restore();
    await second.uploads.discard(restored!.id);
    assert.deepEqual(second.uploads.getState().items, []);
    assert.ok(
      requests.some((r) => r.method === 'DELETE' && r.url === path),
      'tus DELETE',
    );
    const head = await server.fetch(path, 'demo-tech', { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
    assert.equal(head.status, 404, 'the server no longer holds it');
    assert.deepEqual(await persistence.list(scope()), []);
    assert.equal((await named('discard-me.txt')).length, 0);
  });

  it('an upload URL changed on the device is never used: the token stays with the server, the file starts again', async () => {
    const seen: string[] = [];
    const elsewhere: Server = createHttpServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      response.writeHead(204, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Upload-Length': String(6 * mib) }).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const port = (elsewhere.address() as { port: number }).port;
      const persistence = createMemoryUploadPersistence();
      const bytes = new Uint8Array(6 * mib).fill(0x64);
      for (const url of [`http://127.0.0.1:${port}/api/uploads/stolen`, `${server.proxy.url}/api/uploads/../../api/session`]) {
        await persistence.put({
          key: url,
          scope: scope(),
          record: job,
          name: 'tampered.txt',
          size: bytes.length,
          type: 'text/plain',
          data: new Blob([bytes]),
          url,
          loaded: 0,
          createdAt: Date.now(),
        });
      }
      const kit = page(persistence);
      const restored = await kit.uploads.restore();
      assert.equal(restored.length, 2);
      await kit.uploads.discard(restored[1]!.id); // a DELETE of a foreign URL is not sent either
      kit.uploads.resume(restored[0]!.id);
      const done = await until(kit, (i) => i.id === restored[0]!.id && (i.status === 'done' || i.status === 'failed'));
      assert.equal(done.status, 'done', JSON.stringify(done));
      assert.deepEqual(seen, [], 'nothing reached the other server');
      assert.ok(!requests.some((r) => r.url.includes('session')), 'no request outside /api/uploads/<id>');
      assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'a fresh upload on the real server');
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});
